"""Helpers for the users API tests (``/orgs/{orgId}/users`` and ``/groups/{groupId}/users``).

An ``Org`` bundles an organization's ids with a client holding one of its ``ORG_OWNER`` API keys and
speaking version 2025-02-19, plus shortcuts to the paths, the deprecated invitation views and the event feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from support.server import LocalServer

NEW_ACCEPT = "application/vnd.atlas.2025-02-19+json"
OLD_ACCEPT = "application/vnd.atlas.2023-01-01+json"
NEW_CONTENT_TYPE = "application/vnd.atlas.2025-02-19+json;charset=utf-8"
OLD_CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
OLD = {"Accept": OLD_ACCEPT}
DAY = 86400

PENDING_KEYS = [
    "id",
    "invitationCreatedAt",
    "invitationExpiresAt",
    "inviterUsername",
    "orgMembershipStatus",
    "roles",
    "teamIds",
    "username",
]
ACTIVE_KEYS = [
    "createdAt",
    "firstName",
    "id",
    "lastAuth",
    "lastName",
    "mobileNumber",
    "orgMembershipStatus",
    "roles",
    "teamIds",
    "username",
]
ALL_STATUSES = [
    ("orgMembershipStatuses", status) for status in ("ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED")
]


def seconds(stamp: str) -> int:
    """An API timestamp (``2026-08-10T03:03:37Z``) as Unix seconds."""
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def error_code(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "application/json", response.text
    code = str(response.json()["errorCode"])
    assert response.headers["x-error-code"] == code
    return code


def server_now(server: LocalServer) -> int:
    response = server.admin().get("/api/local/v1/clock")
    assert response.status_code == 200, response.text
    return seconds(response.json()["now"])


@dataclass
class Org:
    server: LocalServer
    id: str
    client: httpx.Client
    public_key: str
    projects: dict[str, str] = field(default_factory=dict)  # name -> id
    teams: dict[str, str] = field(default_factory=dict)  # name -> id
    users: dict[str, str] = field(default_factory=dict)  # username -> id
    keys: list[dict[str, Any]] = field(default_factory=list)  # as the fixtures answer, the owner key first

    # Paths

    @property
    def users_path(self) -> str:
        return f"/api/atlas/v2/orgs/{self.id}/users"

    def user_path(self, user_id: str, action: str = "") -> str:
        return f"{self.users_path}/{user_id}{action}"

    @property
    def invites_path(self) -> str:
        return f"/api/atlas/v2/orgs/{self.id}/invites"

    @staticmethod
    def project_users_path(group_id: str) -> str:
        return f"/api/atlas/v2/groups/{group_id}/users"

    # Clients

    def key_client(self, index: int) -> httpx.Client:
        """A 2025-02-19 client with the fixture API key at ``index`` (0 is the owner key)."""
        key = self.keys[index]
        return self.server.digest(key["publicKey"], key["privateKey"], accept=NEW_ACCEPT)

    # The users API

    def invite(
        self,
        username: str,
        org_roles: list[str] | None = None,
        *,
        assignments: list[dict[str, Any]] | None = None,
        team_ids: list[str] | None = None,
    ) -> httpx.Response:
        roles: dict[str, Any] = {"orgRoles": org_roles or ["ORG_MEMBER"]}
        if assignments is not None:
            roles["groupRoleAssignments"] = assignments
        body: dict[str, Any] = {"username": username, "roles": roles}
        if team_ids is not None:
            body["teamIds"] = team_ids
        return self.client.post(self.users_path, json=body)

    def invited(self, username: str, org_roles: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        """``invite`` that must answer 201; the pending user."""
        response = self.invite(username, org_roles, **kwargs)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def get_user(self, user_id: str) -> dict[str, Any]:
        response = self.client.get(self.user_path(user_id))
        assert response.status_code == 200, response.text
        return dict(response.json())

    def listing(self, params: Any = None, path: str | None = None) -> dict[str, Any]:
        response = self.client.get(path or self.users_path, params=params)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == NEW_CONTENT_TYPE
        return dict(response.json())

    def usernames(self, params: Any = None, path: str | None = None) -> list[tuple[str, str]]:
        """(username, orgMembershipStatus) of a listing, in the order given."""
        return [(u["username"], u["orgMembershipStatus"]) for u in self.listing(params, path)["results"]]

    # The deprecated invitations (2023-01-01)

    def invitations(self, username: str | None = None) -> list[dict[str, Any]]:
        params = {"username": username} if username else None
        response = self.client.get(self.invites_path, params=params, headers=OLD)
        assert response.status_code == 200, response.text
        return list(response.json())

    def invitation_of(self, username: str) -> dict[str, Any]:
        found = self.invitations(username)
        assert len(found) == 1, found
        return found[0]

    def get_invitation(self, invitation_id: str) -> httpx.Response:
        return self.client.get(f"{self.invites_path}/{invitation_id}", headers=OLD)

    # Events, newest first

    def org_events(self) -> list[tuple[str, str]]:
        return self._events(f"/api/atlas/v2/orgs/{self.id}/events")

    def project_events(self, group_id: str) -> list[tuple[str, str]]:
        return self._events(f"/api/atlas/v2/groups/{group_id}/events")

    def _events(self, path: str) -> list[tuple[str, str]]:
        response = self.client.get(path, headers=OLD)
        assert response.status_code == 200, response.text
        return [(e["eventTypeName"], e["targetUsername"]) for e in response.json()["results"]]


def bootstrap_org(server: LocalServer) -> Org:
    """The organization made at first start (one project, no teams, no users), with its owner API key."""
    return Org(
        server=server,
        id=server.org_id,
        client=server.digest(accept=NEW_ACCEPT),
        public_key=str(server.bootstrap["publicKey"]),
        projects={"Project 0": server.project_id},
    )


def fixture_org(
    server: LocalServer,
    name: str = "Fixture Org",
    *,
    projects: tuple[str, ...] = (),
    teams: tuple[str, ...] = (),
    users: tuple[dict[str, Any], ...] = (),
    api_keys: tuple[dict[str, Any], ...] = (),
) -> Org:
    """A new organization built by ``POST /api/local/v1/fixtures``; its first API key is an ORG_OWNER,
    ``api_keys`` come after it."""
    document = {
        "name": name,
        "projects": [{"name": project} for project in projects],
        "teams": [{"name": team} for team in teams],
        "users": list(users),
        "apiKeys": [{"orgRoles": ["ORG_OWNER"]}, *api_keys],
    }
    built = server.fixtures({"orgs": [document]})["orgs"][0]
    owner_key = built["apiKeys"][0]
    return Org(
        server=server,
        id=built["id"],
        client=server.digest(owner_key["publicKey"], owner_key["privateKey"], accept=NEW_ACCEPT),
        public_key=owner_key["publicKey"],
        projects={p["name"]: p["id"] for p in built["projects"]},
        teams={t["name"]: t["id"] for t in built["teams"]},
        users={u["username"]: u["id"] for u in built["users"]},
        keys=built["apiKeys"],
    )
