"""An organization's service accounts and their secrets (Atlas v2, 2024-08-05): ``listOrgServiceAccounts``,
``createOrgServiceAccount``, ``getOrgServiceAccount``, ``updateOrgServiceAccount``, ``deleteOrgServiceAccount``,
``createOrgServiceAccountSecret``, ``deleteOrgServiceAccountSecret``, ``getOrgServiceAccountGroups``.

No recording of these operations exists: shapes and statuses are the spec's (creates 201, deletes 204). Ours: a
secret lives 8 to 8760 hours; a malformed, unknown or foreign ``clientId`` is 404 ``SERVICE_ACCOUNT_NOT_FOUND``.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access.core.clock import parse_iso
from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2024-08-05+json"
CONTENT_TYPE = ACCEPT + ";charset=utf-8"
ACCOUNT_KEYS = ["clientId", "createdAt", "description", "name", "roles", "secrets"]
SECRET_KEYS = ["createdAt", "expiresAt", "id", "maskedSecretValue"]
CLIENT_ID = re.compile(r"mdb_sa_id_[a-f0-9]{24}")
UNKNOWN = "mdb_sa_id_5f0000000000000000000000"
_names = itertools.count()


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "SA Home",
                        "projects": [{"name": "SA Project"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "reader", "orgRoles": ["ORG_READ_ONLY"]},
                        ],
                    },
                    {
                        "name": "SA Away",
                        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                        "serviceAccounts": [{"name": "foreign", "orgRoles": ["ORG_MEMBER"]}],
                    },
                ]
            }
        )["orgs"]
        self.org_id, self.group_id = home["id"], home["projects"][0]["id"]
        self.owner_key = home["apiKeys"][0]
        self.owner, self.reader = (
            server.digest(k["publicKey"], k["privateKey"], accept=ACCEPT) for k in home["apiKeys"]
        )
        self.foreign_client_id = away["serviceAccounts"][0]["clientId"]
        self.base = f"/api/atlas/v2/orgs/{self.org_id}/serviceAccounts"

    def create(self, **body: Any) -> httpx.Response:
        body.setdefault("name", f"account {next(_names)}")
        body.setdefault("description", "made by a test")
        body.setdefault("roles", ["ORG_READ_ONLY"])
        body.setdefault("secretExpiresAfterHours", 24)
        return self.owner.post(self.base, json=body)

    def created(self, **body: Any) -> dict[str, Any]:
        response = self.create(**body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def get(self, client_id: str) -> httpx.Response:
        return self.owner.get(f"{self.base}/{client_id}")

    def events(self, client_id: str, path: str | None = None) -> list[str]:
        """The types of the events about this account in a feed (the organization's by default), oldest first."""
        response = self.owner.get(path or f"/api/atlas/v2/orgs/{self.org_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return [e["eventTypeName"] for e in reversed(response.json()["results"]) if e.get("clientId") == client_id]

    def mint(self, client_id: str, secret: str) -> httpx.Response:
        return httpx.post(
            f"{self.server.base_url}/api/oauth/token",
            auth=(client_id, secret),
            data={"grant_type": "client_credentials"},
            trust_env=False,
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("service-accounts")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- createOrgServiceAccount --------------------------------------------------------------------------------------


def test_create_answers_201_with_the_account_and_its_secret_shown_this_once(world: World) -> None:
    body = {"name": "ci robot", "description": "Deploys things", "roles": ["ORG_READ_ONLY", "ORG_GROUP_CREATOR"]}
    response = world.create(**body, secretExpiresAfterHours=48)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    account = response.json()
    assert list(account) == ACCOUNT_KEYS
    assert CLIENT_ID.fullmatch(account["clientId"])
    assert (account["name"], account["description"], account["roles"]) == (
        "ci robot",
        "Deploys things",
        ["ORG_READ_ONLY", "ORG_GROUP_CREATOR"],
    )
    [secret] = account["secrets"]
    assert list(secret) == [*SECRET_KEYS, "secret"]
    assert secret["secret"].startswith("mdb_sa_sk_")
    assert secret["maskedSecretValue"] == f"mdb_sa_sk_...{secret['secret'][-4:]}"
    assert secret["createdAt"] == account["createdAt"]
    assert parse_iso(secret["expiresAt"]) - parse_iso(secret["createdAt"]) == 48 * 3600

    # Read back: the secret is masked from now on, in the account and in the list.
    again = world.get(account["clientId"]).json()
    without_secret = {**account, "secrets": [{k: v for k, v in secret.items() if k != "secret"}]}
    assert again == without_secret
    listed = world.owner.get(world.base).json()["results"]
    assert [item for item in listed if item["clientId"] == account["clientId"]] == [without_secret]
    # The secret works, and the creation is in the organization's feed, naming the account and the caller.
    assert world.mint(account["clientId"], secret["secret"]).status_code == 200
    events = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/events").json()["results"]
    created = [e for e in events if e.get("clientId") == account["clientId"]]
    assert [e["eventTypeName"] for e in created] == ["SERVICE_ACCOUNT_CREATED"]
    assert created[0]["publicKey"] == world.owner_key["publicKey"]
    assert "groupId" not in created[0]


def test_the_secret_is_stored_only_as_a_hash(world: World) -> None:
    account = world.created()
    secret = account["secrets"][0]["secret"]
    path = world.server.data_dir / "atlas-access.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        stored = [str(value) for row in conn.execute("SELECT * FROM service_account_secrets") for value in row]
    assert stored
    assert not any(secret in value or secret[10:] in value for value in stored)


@pytest.mark.parametrize("hours", [8, 8760])
def test_secret_lifetime_bounds_are_accepted(world: World, hours: int) -> None:
    secret = world.created(secretExpiresAfterHours=hours)["secrets"][0]
    assert parse_iso(secret["expiresAt"]) - parse_iso(secret["createdAt"]) == hours * 3600


def test_names_take_letters_of_any_script(world: World) -> None:
    account = world.created(name="Équipe ñ 1", description="Ünïcode, d'accord - fine_too.")
    assert (account["name"], account["description"]) == ("Équipe ñ 1", "Ünïcode, d'accord - fine_too.")


BAD_BODIES = [
    ({"name": None}, 400, "MISSING_ATTRIBUTE", "name"),
    ({"description": None}, 400, "MISSING_ATTRIBUTE", "description"),
    ({"roles": None}, 400, "MISSING_ATTRIBUTE", "roles"),
    ({"secretExpiresAfterHours": None}, 400, "MISSING_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"secretExpiresAfterHours": 7}, 400, "INVALID_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"secretExpiresAfterHours": 8761}, 400, "INVALID_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"secretExpiresAfterHours": 0}, 400, "INVALID_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"secretExpiresAfterHours": -24}, 400, "INVALID_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"secretExpiresAfterHours": "24"}, 400, "INVALID_JSON_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"secretExpiresAfterHours": 24.5}, 400, "INVALID_JSON_ATTRIBUTE", "secretExpiresAfterHours"),
    ({"roles": []}, 400, "MISSING_ATTRIBUTE", "roles"),
    ({"roles": ["GROUP_OWNER"]}, 400, "INVALID_ROLE_FOR_ORG", "GROUP_OWNER"),
    ({"roles": ["ORG_USER_ADMIN"]}, 400, "INVALID_ROLE_FOR_ORG", "ORG_USER_ADMIN"),
    ({"roles": "ORG_OWNER"}, 400, "INVALID_JSON_ATTRIBUTE", "roles"),
    ({"name": ""}, 400, "INVALID_ATTRIBUTE", "name"),
    ({"name": "x" * 65}, 400, "INVALID_ATTRIBUTE", "name"),
    ({"name": "slash/name"}, 400, "INVALID_ATTRIBUTE", "name"),
    ({"description": ""}, 400, "INVALID_ATTRIBUTE", "description"),
    ({"description": "d" * 251}, 400, "INVALID_ATTRIBUTE", "description"),
    ({"description": "<script>"}, 400, "INVALID_ATTRIBUTE", "description"),
    ({"owner": "me"}, 400, "INVALID_ATTRIBUTE", "owner"),
]


@pytest.mark.parametrize(("change", "status", "code", "parameter"), BAD_BODIES, ids=[str(b[0]) for b in BAD_BODIES])
def test_create_refuses_bad_bodies_and_creates_nothing(
    world: World, change: dict[str, Any], status: int, code: str, parameter: str
) -> None:
    before = world.owner.get(world.base).json()["totalCount"]
    body = {"name": "valid", "description": "valid", "roles": ["ORG_MEMBER"], "secretExpiresAfterHours": 24, **change}
    body = {key: value for key, value in body.items() if value is not None}
    answer = expect_error(world.owner.post(world.base, json=body), status, code)
    assert parameter in answer["parameters"]
    assert world.owner.get(world.base).json()["totalCount"] == before


@pytest.mark.parametrize(
    ("content", "code"), [(b"{nope", "MALFORMED_JSON"), (b"", "MALFORMED_JSON"), (b"[]", "INVALID_JSON")]
)
def test_create_refuses_what_is_not_a_json_object(world: World, content: bytes, code: str) -> None:
    response = world.owner.post(world.base, content=content, headers={"Content-Type": "application/json"})
    expect_error(response, 400, code)


def test_creating_needs_an_organization_owner(world: World) -> None:
    expect_error(world.reader.post(world.base, json={"name": "x"}), 401, "USER_UNAUTHORIZED")
    assert world.reader.get(world.base).status_code == 200


# --- listOrgServiceAccounts, getOrgServiceAccount -----------------------------------------------------------------


def test_list_is_paginated_oldest_first(world: World) -> None:
    made = [world.created()["clientId"] for _ in range(3)]
    everything = world.owner.get(world.base).json()
    ids = [item["clientId"] for item in everything["results"]]
    assert ids[-3:] == made
    assert everything["totalCount"] == len(ids)
    page = world.owner.get(world.base, params={"itemsPerPage": 2, "pageNum": 2, "includeSystemManaged": "true"})
    assert page.status_code == 200, page.text
    body = page.json()
    assert [item["clientId"] for item in body["results"]] == ids[2:4]
    assert [link["rel"] for link in body["links"]] == ["self", "next", "previous"]
    assert body["links"][0]["href"] == (
        f"{world.server.base_url}{world.base}?includeCount=true&includeSystemManaged=true&pageNum=2&itemsPerPage=2"
    )
    expect_error(world.owner.get(world.base, params={"includeSystemManaged": "maybe"}), 400, "INVALID_QUERY_PARAMETER")


def test_get_finds_the_client_id_in_either_case(world: World) -> None:
    client_id = world.created()["clientId"]
    upper = "mdb_sa_id_" + client_id.removeprefix("mdb_sa_id_").upper()
    response = world.get(upper)
    assert response.status_code == 200, response.text
    assert response.json()["clientId"] == client_id


@pytest.mark.parametrize("which", ["malformed", "unknown", "foreign"])
def test_a_client_id_that_names_no_account_of_the_org_is_404(world: World, which: str) -> None:
    client_id = {"malformed": "not-a-client-id", "unknown": UNKNOWN, "foreign": world.foreign_client_id}[which]
    one = f"{world.base}/{client_id}"
    for method, path, body in [
        ("GET", one, None),
        ("PATCH", one, {"name": "renamed"}),
        ("DELETE", one, None),
        ("GET", f"{one}/groups", None),
        ("POST", f"{one}/secrets", {"secretExpiresAfterHours": 24}),
        ("DELETE", f"{one}/secrets/5f0000000000000000000000", None),
    ]:
        answer = expect_error(world.owner.request(method, path, json=body), 404, "SERVICE_ACCOUNT_NOT_FOUND")
        assert answer["detail"] == f"No service account with client ID {client_id} exists."


# --- updateOrgServiceAccount --------------------------------------------------------------------------------------


def test_update_changes_what_is_given_with_one_event_per_kind_of_change(world: World) -> None:
    account = world.created(roles=["ORG_READ_ONLY"])
    one = f"{world.base}/{account['clientId']}"
    response = world.owner.patch(one, json={"name": "renamed", "description": "new words"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    updated = response.json()
    assert (updated["name"], updated["description"], updated["roles"]) == ("renamed", "new words", ["ORG_READ_ONLY"])
    assert "secret" not in updated["secrets"][0]
    changed = world.owner.patch(one, json={"roles": ["ORG_MEMBER", "ORG_BILLING_ADMIN"], "name": None}).json()
    assert (changed["name"], changed["roles"]) == ("renamed", ["ORG_MEMBER", "ORG_BILLING_ADMIN"])
    # The same values again, or nothing at all: no change and no event.
    same = world.owner.patch(one, json={"roles": ["ORG_BILLING_ADMIN", "ORG_MEMBER"], "description": "new words"})
    assert same.status_code == 200, same.text
    assert world.owner.patch(one, json={}).json() == same.json()
    assert world.get(account["clientId"]).json() == same.json()
    assert world.events(account["clientId"]) == [
        "SERVICE_ACCOUNT_CREATED",
        "SERVICE_ACCOUNT_DETAILS_CHANGED",
        "SERVICE_ACCOUNT_ROLES_CHANGED",
    ]


def test_update_refuses_bad_values_and_changes_nothing(world: World) -> None:
    account = world.created()
    one = f"{world.base}/{account['clientId']}"
    expect_error(world.owner.patch(one, json={"roles": []}), 400, "MISSING_ATTRIBUTE")
    expect_error(world.owner.patch(one, json={"roles": ["GROUP_READ_ONLY"]}), 400, "INVALID_ROLE_FOR_ORG")
    expect_error(world.owner.patch(one, json={"name": "x" * 65}), 400, "INVALID_ATTRIBUTE")
    expect_error(world.owner.patch(one, json={"secretExpiresAfterHours": 24}), 400, "INVALID_ATTRIBUTE")
    expect_error(world.reader.patch(one, json={"name": "mine"}), 401, "USER_UNAUTHORIZED")
    assert world.get(account["clientId"]).json() == {
        **account,
        "secrets": [{k: v for k, v in account["secrets"][0].items() if k != "secret"}],
    }


def test_new_roles_take_effect_on_the_accounts_next_call(world: World) -> None:
    account = world.created(roles=["ORG_READ_ONLY"])
    as_account = world.server.bearer(account["clientId"], account["secrets"][0]["secret"], accept=ACCEPT)
    assert as_account.get(world.base).status_code == 200
    world.owner.patch(f"{world.base}/{account['clientId']}", json={"roles": ["ORG_MEMBER"]})
    expect_error(as_account.get(world.base), 401, "USER_UNAUTHORIZED")


# --- deleteOrgServiceAccount --------------------------------------------------------------------------------------


def test_delete_removes_the_account_its_tokens_and_its_secrets(world: World) -> None:
    account = world.created(roles=["ORG_OWNER"])
    client_id, secret = account["clientId"], account["secrets"][0]["secret"]
    as_account = world.server.bearer(client_id, secret, accept=ACCEPT)
    assert as_account.get(f"/api/atlas/v2/orgs/{world.org_id}").status_code == 200
    invite = f"/api/atlas/v2/groups/{world.group_id}/serviceAccounts/{client_id}:invite"
    assert world.owner.post(invite, json={"roles": ["GROUP_READ_ONLY"]}).status_code == 200

    response = world.owner.delete(f"{world.base}/{client_id}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    expect_error(world.get(client_id), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    assert client_id not in [a["clientId"] for a in world.owner.get(world.base).json()["results"]]
    in_project = world.owner.get(f"/api/atlas/v2/groups/{world.group_id}/serviceAccounts").json()["results"]
    assert client_id not in [a["clientId"] for a in in_project]
    # Its token is refused at once, and its secret mints no new one.
    refused = as_account.get(f"/api/atlas/v2/orgs/{world.org_id}")
    expect_error(refused, 401, "UNEXPECTED_ERROR")
    assert refused.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    minted = world.mint(client_id, secret)
    assert minted.status_code == 401
    assert minted.json() == {"error": "invalid_client", "error_description": "Invalid credentials provided."}
    assert world.events(client_id)[-1] == "SERVICE_ACCOUNT_DELETED"
    expect_error(world.owner.delete(f"{world.base}/{client_id}"), 404, "SERVICE_ACCOUNT_NOT_FOUND")


# --- secrets ------------------------------------------------------------------------------------------------------


def test_a_new_secret_is_shown_once_and_works_beside_the_first(world: World) -> None:
    account = world.created()
    client_id, first = account["clientId"], account["secrets"][0]
    response = world.owner.post(f"{world.base}/{client_id}/secrets", json={"secretExpiresAfterHours": 720})
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    second = response.json()
    assert list(second) == [*SECRET_KEYS, "secret"]
    assert second["maskedSecretValue"] == f"mdb_sa_sk_...{second['secret'][-4:]}"
    assert parse_iso(second["expiresAt"]) - parse_iso(second["createdAt"]) == 720 * 3600
    assert world.mint(client_id, first["secret"]).status_code == 200
    assert world.mint(client_id, second["secret"]).status_code == 200
    shown = world.get(client_id).json()["secrets"]
    assert [s["id"] for s in shown] == [first["id"], second["id"]]
    assert all("secret" not in s for s in shown)
    assert world.events(client_id) == ["SERVICE_ACCOUNT_CREATED", "SERVICE_ACCOUNT_SECRET_ADDED"]


def test_a_secret_shows_when_it_was_last_used(world: World) -> None:
    account = world.created()
    assert "lastUsedAt" not in world.get(account["clientId"]).json()["secrets"][0]
    assert world.mint(account["clientId"], account["secrets"][0]["secret"]).status_code == 200
    used = world.get(account["clientId"]).json()["secrets"][0]
    assert parse_iso(used["lastUsedAt"]) >= parse_iso(used["createdAt"])


def test_a_deleted_secret_mints_no_more_tokens(world: World) -> None:
    account = world.created()
    client_id, first = account["clientId"], account["secrets"][0]
    second = world.owner.post(f"{world.base}/{client_id}/secrets", json={"secretExpiresAfterHours": 24}).json()
    response = world.owner.delete(f"{world.base}/{client_id}/secrets/{first['id']}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert world.mint(client_id, first["secret"]).json()["error"] == "invalid_client"
    assert world.mint(client_id, second["secret"]).status_code == 200
    assert [s["id"] for s in world.get(client_id).json()["secrets"]] == [second["id"]]
    assert world.events(client_id)[-1] == "SERVICE_ACCOUNT_SECRET_DELETED"
    answer = expect_error(
        world.owner.delete(f"{world.base}/{client_id}/secrets/{first['id']}"), 404, "SERVICE_ACCOUNT_SECRET_NOT_FOUND"
    )
    assert answer["parameters"] == [first["id"], client_id]


def test_secrets_of_another_account_or_made_up_are_not_found(world: World) -> None:
    mine, other = world.created(), world.created()
    theirs = other["secrets"][0]["id"]
    for secret_id in (theirs, "whatever", "5f0000000000000000000000"):
        response = world.owner.delete(f"{world.base}/{mine['clientId']}/secrets/{secret_id}")
        expect_error(response, 404, "SERVICE_ACCOUNT_SECRET_NOT_FOUND")
    assert world.mint(other["clientId"], other["secrets"][0]["secret"]).status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MISSING_ATTRIBUTE"),
        ({"secretExpiresAfterHours": 1}, "INVALID_ATTRIBUTE"),
        ({"secretExpiresAfterHours": 9000}, "INVALID_ATTRIBUTE"),
        ({"secretExpiresAfterHours": True}, "INVALID_JSON_ATTRIBUTE"),
    ],
)
def test_a_new_secret_needs_a_valid_lifetime(world: World, body: dict[str, Any], code: str) -> None:
    account = world.created()
    expect_error(world.owner.post(f"{world.base}/{account['clientId']}/secrets", json=body), 400, code)
    assert len(world.get(account["clientId"]).json()["secrets"]) == 1


# --- getOrgServiceAccountGroups -----------------------------------------------------------------------------------


def test_groups_lists_the_projects_the_account_is_assigned_to(world: World) -> None:
    account = world.created()
    groups = f"{world.base}/{account['clientId']}/groups"
    empty = world.reader.get(groups)
    assert empty.status_code == 200, empty.text
    assert empty.headers["content-type"] == CONTENT_TYPE
    assert (empty.json()["results"], empty.json()["totalCount"]) == ([], 0)
    invite = f"/api/atlas/v2/groups/{world.group_id}/serviceAccounts/{account['clientId']}:invite"
    world.owner.post(invite, json={"roles": ["GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER"]})
    body = world.reader.get(groups).json()
    assert body["results"] == [{"groupId": world.group_id, "roles": ["GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER"]}]
    assert body["links"][0]["href"].startswith(f"{world.server.base_url}{groups}?")
