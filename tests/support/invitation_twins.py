"""Two servers that should answer alike, one with a faster path than the other, and the situations their
invitation endpoints are tried in (``tests/server/test_guarded_writes.py``, ``test_guarded_reads.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from atlas_access.store.database import Database
from support.server import LocalServer

__all__ = ["OTHER_ORG", "Scenario", "Twin", "service_account_id"]

OTHER_ORG = "5f0000000000000000000abc"  # well formed, no such organization


@dataclass
class Twin:
    """A server of a pair the tests hold equal, and its Bearer client."""

    server: LocalServer
    caller: httpx.Client

    @property
    def org_path(self) -> str:
        return f"/api/atlas/v2/orgs/{self.server.org_id}/invites"

    @property
    def group_path(self) -> str:
        return f"/api/atlas/v2/groups/{self.server.project_id}/invites"

    def invite_org(self, username: str) -> str:
        made = self.caller.post(self.org_path, json={"username": username, "roles": ["ORG_MEMBER"]})
        assert made.status_code == 200, made.text
        return str(made.json()["id"])

    def invite_group(self, username: str) -> str:
        made = self.caller.post(self.group_path, json={"username": username, "roles": ["GROUP_READ_ONLY"]})
        assert made.status_code == 200, made.text
        return str(made.json()["id"])


Scenario = Callable[[Twin], tuple[str, httpx.Client | None]]
"""Prepares one server and gives the path of an invitation to try, and the client to send it (None: the
server's Bearer)."""


def pending(served: Twin) -> tuple[str, None]:
    return f"{served.org_path}/{served.invite_org('pending@example.com')}", None


def expired(served: Twin) -> tuple[str, httpx.Client]:
    invitation = served.invite_org("expired@example.com")
    served.server.advance("31d")  # the clock moved: the kept answers are of an older generation now
    caller = served.server.bearer()  # a token of the new time
    assert caller.get(served.org_path).status_code == 200  # kept again
    return f"{served.org_path}/{invitation}", caller


def declined(served: Twin) -> tuple[str, None]:
    invitation = served.invite_org("declined@example.com")
    assert served.server.decline(invitation).status_code == 200
    return f"{served.org_path}/{invitation}", None


def accepted(served: Twin) -> tuple[str, None]:
    invitation = served.invite_org("accepted@example.com")
    assert served.server.accept(invitation).status_code == 200
    return f"{served.org_path}/{invitation}", None


def cancelled(served: Twin) -> tuple[str, None]:
    invitation = served.invite_org("cancelled@example.com")
    assert served.caller.delete(f"{served.org_path}/{invitation}").status_code == 204
    return f"{served.org_path}/{invitation}", None


def project_invitation(served: Twin) -> tuple[str, None]:
    return f"{served.group_path}/{served.invite_group('project@example.com')}", None


def cloud_manager(served: Twin) -> tuple[str, None]:
    invitation = served.invite_org("cloud-manager@example.com")
    return f"/api/public/v1.0/orgs/{served.server.org_id}/invites/{invitation}", None


def unknown(served: Twin) -> tuple[str, None]:
    served.invite_org("someone@example.com")
    return f"{served.org_path}/5f00000000000000000000ff", None


def malformed(served: Twin) -> tuple[str, None]:
    return f"{served.org_path}/not-an-id", None


def project_invitation_on_org_path(served: Twin) -> tuple[str, None]:
    return f"{served.org_path}/{served.invite_group('member-of-project@example.com')}", None


def org_invitation_on_project_path(served: Twin) -> tuple[str, None]:
    invitation = served.invite_org("member-of-org@example.com")
    assert served.caller.get(served.group_path).status_code == 200  # the project's answers are kept
    return f"{served.group_path}/{invitation}", None


def unknown_org(served: Twin) -> tuple[str, None]:
    return f"/api/atlas/v2/orgs/{OTHER_ORG}/invites/{served.invite_org('lost@example.com')}", None


def malformed_org(served: Twin) -> tuple[str, None]:
    return f"/api/atlas/v2/orgs/not-an-org/invites/{served.invite_org('lost@example.com')}", None


def unknown_project(served: Twin) -> tuple[str, None]:
    return f"/api/atlas/v2/groups/{OTHER_ORG}/invites/{served.invite_group('lost@example.com')}", None


def unknown_version(served: Twin) -> tuple[str, httpx.Client]:
    invitation = served.invite_org("versioned@example.com")
    return f"{served.org_path}/{invitation}", served.server.bearer(accept="application/vnd.atlas.1999-01-01+json")


def no_credentials(served: Twin) -> tuple[str, httpx.Client]:
    return f"{served.org_path}/{served.invite_org('anonymous@example.com')}", served.server.client()


def bad_token(served: Twin) -> tuple[str, httpx.Client]:
    return f"{served.org_path}/{served.invite_org('forged@example.com')}", served.server.bearer(token="not.a.token")


def digest(served: Twin) -> tuple[str, httpx.Client]:
    return f"{served.org_path}/{served.invite_org('digest@example.com')}", served.server.digest()


def service_account_id(db: Database, server: LocalServer) -> str:
    """The id of the service account the server bootstrapped (whose Bearer tokens the twins use)."""
    from atlas_access.store import credentials

    found = db.run_sync(lambda conn: credentials.service_account_by_client_id(conn, server.bootstrap["clientId"]))
    assert found is not None
    return found.id
