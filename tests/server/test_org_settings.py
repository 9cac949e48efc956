"""An organization's settings (``/orgs/{orgId}/settings``, 2023-01-01) and delegation settings
(``/orgs/{orgId}/delegationSettings``, 2025-03-12), and the limit ``maxServiceAccountSecretValidityInHours`` puts on
new service account secrets (docs/org-settings.md). The access-list requirement: test_access_list_required.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
DELEGATION = "application/vnd.atlas.2025-03-12+json"
SERVICE_ACCOUNTS = "application/vnd.atlas.2024-08-05+json"
DEFAULTS = {
    "apiAccessListRequired": False,
    "genAIFeaturesEnabled": True,
    "maxServiceAccountSecretValidityInHours": 8760,
    "multiFactorAuthRequired": False,
    "restrictEmployeeAccess": False,
    "streamsCrossGroupEnabled": False,
}
DELEGATION_DEFAULTS = {"delegatedMcpAccess": "DISALLOWED", "delegatedPartnerAccess": "DISALLOWED"}
_names = itertools.count()


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.admin = server.digest(accept=ACCEPT)  # the bootstrap organization's owner

    def org(self) -> tuple[str, httpx.Client, httpx.Client]:
        """A new organization, its owner (an API key) and an Organization Member (another key)."""
        (org,) = self.server.fixtures(
            {
                "orgs": [
                    {
                        "name": f"settings-{next(_names)}",
                        "projects": [{"name": "P"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                        ],
                    }
                ]
            }
        )["orgs"]
        owner, member = (self.server.digest(k["publicKey"], k["privateKey"], accept=ACCEPT) for k in org["apiKeys"])
        return org["id"], owner, member


def path(org_id: str, what: str = "settings") -> str:
    return f"/api/atlas/v2/orgs/{org_id}/{what}"


def events(client: httpx.Client, org_id: str) -> list[str]:
    response = client.get(f"/api/atlas/v2/orgs/{org_id}/events", params={"itemsPerPage": 500})
    assert response.status_code == 200, response.text
    return [event["eventTypeName"] for event in reversed(response.json()["results"])]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("org-settings")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_a_new_organization_shows_the_defaults(world: World) -> None:
    org_id, owner, member = world.org()
    for client in (owner, member):  # any member reads them
        response = client.get(path(org_id))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
        assert response.json() == DEFAULTS


def test_update_changes_what_it_gives_and_is_read_back(world: World) -> None:
    org_id, owner, _ = world.org()
    given = {
        "multiFactorAuthRequired": True,
        "securityContact": "security@example.com",
        "maxServiceAccountSecretValidityInHours": 48,
        "customSessionTimeouts": {"absoluteSessionTimeoutInSeconds": 7200, "idleSessionTimeoutInSeconds": 600},
    }
    response = owner.patch(path(org_id), json=given)
    assert response.status_code == 200, response.text
    expected = {**DEFAULTS, **given}
    assert response.json() == expected
    assert owner.get(path(org_id)).json() == expected
    # Another change keeps the rest; a null leaves a flag alone and clears a contact.
    response = owner.patch(
        path(org_id), json={"genAIFeaturesEnabled": False, "multiFactorAuthRequired": None, "securityContact": ""}
    )
    expected = {**expected, "genAIFeaturesEnabled": False}
    del expected["securityContact"]
    assert response.json() == expected
    response = owner.patch(path(org_id), json={"operationsContact": "ops@example.com", "customSessionTimeouts": None})
    expected = {**expected, "operationsContact": "ops@example.com"}
    del expected["customSessionTimeouts"]
    assert response.json() == expected == owner.get(path(org_id)).json()
    assert owner.patch(path(org_id), json={"operationsContact": None}).json() == {
        k: v for k, v in expected.items() if k != "operationsContact"
    }
    assert world.admin.get(path(world.server.org_id)).json() == DEFAULTS  # another organization keeps its own


def test_changes_write_the_events_the_spec_names(world: World) -> None:
    org_id, owner, _ = world.org()
    owner.patch(path(org_id), json={"multiFactorAuthRequired": True, "streamsCrossGroupEnabled": True})
    owner.patch(path(org_id), json={"multiFactorAuthRequired": True})  # no change, no event
    owner.patch(path(org_id), json={"restrictEmployeeAccess": True, "securityContact": "a@example.com"})
    owner.patch(path(org_id), json={"maxServiceAccountSecretValidityInHours": 24, "multiFactorAuthRequired": False})
    owner.patch(path(org_id), json={"customSessionTimeouts": {"absoluteSessionTimeoutInSeconds": 3600}})
    assert [e for e in events(owner, org_id) if e != "ORG_CREATED"] == [
        "ORG_TWO_FACTOR_AUTH_REQUIRED",
        "ORG_EMPLOYEE_ACCESS_RESTRICTED",
        "SECURITY_CONTACT_MODIFIED",
        "ORG_TWO_FACTOR_AUTH_OPTIONAL",
        "ORG_SERVICE_ACCOUNT_MAX_SECRET_VALIDITY_EDITED",
        "CUSTOM_SESSION_TIMEOUT_MODIFIED",
    ]


BAD_BODIES = [
    ("a-string-flag", {"multiFactorAuthRequired": "true"}, "INVALID_JSON_ATTRIBUTE", ["multiFactorAuthRequired"]),
    ("unknown", {"genAIFeaturesEnabled": True, "everything": 1}, "INVALID_ATTRIBUTE", ["everything"]),
    (
        "hours-too-many",
        {"maxServiceAccountSecretValidityInHours": 8761},
        "INVALID_JSON_ATTRIBUTE",
        ["maxServiceAccountSecretValidityInHours"],
    ),
    (
        "hours-too-few",
        {"maxServiceAccountSecretValidityInHours": 7},
        "INVALID_JSON_ATTRIBUTE",
        ["maxServiceAccountSecretValidityInHours"],
    ),
    ("contact-not-email", {"securityContact": "nobody"}, "INVALID_ATTRIBUTE", ["securityContact"]),
    ("operations-contact-empty", {"operationsContact": ""}, "INVALID_ATTRIBUTE", ["operationsContact"]),
    (
        "idle-beyond-absolute",
        {"customSessionTimeouts": {"absoluteSessionTimeoutInSeconds": 3600, "idleSessionTimeoutInSeconds": 7200}},
        "INVALID_ATTRIBUTE",
        ["customSessionTimeouts.idleSessionTimeoutInSeconds"],
    ),
    ("an-array", [{"genAIFeaturesEnabled": False}], "INVALID_JSON", []),
]


@pytest.mark.parametrize(("body", "code", "parameters"), [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_400_and_change_nothing(world: World, body: Any, code: str, parameters: list[str]) -> None:
    org_id, owner, _ = world.org()
    found = expect_error(owner.patch(path(org_id), json=body), 400, code)
    assert found["parameters"] == parameters
    assert owner.get(path(org_id)).json() == DEFAULTS
    assert [e for e in events(owner, org_id) if e != "ORG_CREATED"] == []


def test_members_read_and_owners_change(world: World) -> None:
    org_id, owner, member = world.org()
    expect_error(member.patch(path(org_id), json={"multiFactorAuthRequired": True}), 401, "USER_UNAUTHORIZED")
    expect_error(owner.get(path(world.server.org_id)), 401, "USER_CANNOT_ACCESS_ORG")
    assert owner.get(path(org_id)).json() == DEFAULTS


def test_delegation_settings_defaults_changes_and_event(world: World) -> None:
    org_id, owner, member = world.org()
    response = member.get(path(org_id, "delegationSettings"), headers={"Accept": DELEGATION})
    assert response.status_code == 200, response.text
    assert response.json() == DELEGATION_DEFAULTS
    given = {"delegatedMcpAccess": "READ_ONLY", "idleRefreshTokenLifetime": 3600}
    response = owner.patch(path(org_id, "delegationSettings"), json=given, headers={"Accept": DELEGATION})
    assert response.status_code == 200, response.text
    assert response.json() == {**DELEGATION_DEFAULTS, **given}
    # A null restores the default (the policy) or unsets the lifetime; the rest stays.
    response = owner.patch(
        path(org_id, "delegationSettings"),
        json={"idleRefreshTokenLifetime": None, "delegatedPartnerAccess": "READ_WRITE"},
        headers={"Accept": DELEGATION},
    )
    expected = {"delegatedMcpAccess": "READ_ONLY", "delegatedPartnerAccess": "READ_WRITE"}
    assert response.json() == expected
    assert owner.get(path(org_id, "delegationSettings"), headers={"Accept": DELEGATION}).json() == expected
    assert [e for e in events(owner, org_id) if e != "ORG_CREATED"] == ["ORG_DELEGATION_SETTINGS_UPDATED"] * 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"delegatedMcpAccess": "EVERYTHING"}, "INVALID_ENUM_VALUE"),
        ({"delegatedPartnerAccess": "READ_ONLY"}, "INVALID_ENUM_VALUE"),
        ({"maximumRefreshTokenLifetime": 0}, "INVALID_JSON_ATTRIBUTE"),
        ({"maximumRefreshTokenLifetime": 31_536_001}, "INVALID_JSON_ATTRIBUTE"),
        ({"delegated": True}, "INVALID_ATTRIBUTE"),
    ],
)
def test_bad_delegation_bodies_are_400(world: World, body: dict[str, Any], code: str) -> None:
    org_id, owner, member = world.org()
    expect_error(owner.patch(path(org_id, "delegationSettings"), json=body, headers={"Accept": DELEGATION}), 400, code)
    assert owner.get(path(org_id, "delegationSettings"), headers={"Accept": DELEGATION}).json() == DELEGATION_DEFAULTS
    denied = member.patch(path(org_id, "delegationSettings"), json={}, headers={"Accept": DELEGATION})
    expect_error(denied, 401, "USER_UNAUTHORIZED")


def test_delegation_settings_need_their_version(world: World) -> None:
    org_id, owner, _ = world.org()
    expect_error(owner.get(path(org_id, "delegationSettings")), 406, "INVALID_VERSION_DATE")


def test_the_maximum_secret_lifetime_bounds_new_secrets(world: World) -> None:
    org_id, owner, _ = world.org()
    assert owner.patch(path(org_id), json={"maxServiceAccountSecretValidityInHours": 48}).status_code == 200
    accounts = f"/api/atlas/v2/orgs/{org_id}/serviceAccounts"
    headers = {"Accept": SERVICE_ACCOUNTS}
    account = {"name": "bounded", "description": "d", "roles": ["ORG_MEMBER"], "secretExpiresAfterHours": 49}
    refused = expect_error(owner.post(accounts, json=account, headers=headers), 400, "INVALID_ATTRIBUTE")
    assert refused["parameters"] == ["secretExpiresAfterHours"]
    assert owner.get(accounts, headers=headers).json()["totalCount"] == 0
    made = owner.post(accounts, json={**account, "secretExpiresAfterHours": 48}, headers=headers)
    assert made.status_code == 201, made.text
    client_id = made.json()["clientId"]
    secrets = f"{accounts}/{client_id}/secrets"
    refused = expect_error(
        owner.post(secrets, json={"secretExpiresAfterHours": 72}, headers=headers), 400, "INVALID_ATTRIBUTE"
    )
    assert refused["badRequestDetail"]["fields"][0]["field"] == "secretExpiresAfterHours"
    assert owner.post(secrets, json={"secretExpiresAfterHours": 8}, headers=headers).status_code == 201
    assert len(owner.get(f"{accounts}/{client_id}", headers=headers).json()["secrets"]) == 2
    # Through a project, too; and a wider maximum lets longer secrets through.
    (project,) = owner.get(f"/api/atlas/v2/orgs/{org_id}/groups").json()["results"]
    in_project = {"name": "p", "description": "d", "roles": ["GROUP_READ_ONLY"], "secretExpiresAfterHours": 100}
    project_accounts = f"/api/atlas/v2/groups/{project['id']}/serviceAccounts"
    expect_error(owner.post(project_accounts, json=in_project, headers=headers), 400, "INVALID_ATTRIBUTE")
    assert owner.patch(path(org_id), json={"maxServiceAccountSecretValidityInHours": 100}).status_code == 200
    assert owner.post(project_accounts, json=in_project, headers=headers).status_code == 201


def test_deleting_the_organization_deletes_its_settings(world: World) -> None:
    org_id, owner, _ = world.org()
    assert owner.patch(path(org_id), json={"multiFactorAuthRequired": True}).status_code == 200
    (project,) = owner.get(f"/api/atlas/v2/orgs/{org_id}/groups").json()["results"]
    assert owner.delete(f"/api/atlas/v2/groups/{project['id']}").status_code == 202
    assert owner.delete(f"/api/atlas/v2/orgs/{org_id}").status_code == 204
    rows = world.server.admin().get("/api/local/v1/export").json()["tables"]["org_settings"]
    assert all(row["org_id"] != org_id for row in rows)
