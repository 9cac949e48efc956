"""The local control API (/api/local/v1): admin token, clock, reset, fixtures, outbox."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import httpx
import pytest

from support.server import LocalServer


def test_admin_token_is_required(server: LocalServer) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {server.bootstrap['adminToken']}"},
    ):
        response = httpx.get(f"{server.base_url}/api/local/v1/clock", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Bearer realm="atlas-access local control"'
    # API credentials are not admin credentials.
    assert server.bearer().get("/api/local/v1/clock").status_code == 401


def test_clock_moves_forward_and_to_a_date(server: LocalServer) -> None:
    admin = server.admin()
    start = admin.get("/api/local/v1/clock").json()
    assert start["offsetSeconds"] == 0
    moved = admin.post("/api/local/v1/clock", json={"advance": "31d"}).json()
    assert moved["offsetSeconds"] == 31 * 86400
    dated = admin.post("/api/local/v1/clock", json={"now": "2027-07-02T00:00:00Z"}).json()
    assert dated["now"] == "2027-07-02T00:00:00Z"


@pytest.mark.parametrize(
    "body", [{"advance": "soon"}, {"now": "yesterday"}, {}, {"advance": "1d", "now": "2027-01-01T00:00:00Z"}]
)
def test_clock_refuses_bad_input(server: LocalServer, body: dict[str, str]) -> None:
    response = server.admin().post("/api/local/v1/clock", json=body)
    assert response.status_code == 400
    assert response.headers["x-error-code"] in {"INVALID_JSON_ATTRIBUTE", "INVALID_ATTRIBUTE"}


def test_outbox_is_empty_until_mail_exists(server: LocalServer) -> None:
    assert server.admin().get("/api/local/v1/outbox").json() == {"results": []}


def test_reset_empties_the_state_and_keeps_the_bootstrap_credentials(server: LocalServer) -> None:
    # issue 14: a test suite or CI file holds the bootstrap credentials; a reset must not break them
    old = dict(server.bootstrap)
    server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": "r@example.com", "roles": ["ORG_MEMBER"]}
    )
    server.advance("5d")
    fresh = server.admin().post("/api/local/v1/reset").json()
    assert fresh == old
    assert json.loads((server.data_dir / "bootstrap.json").read_text()) == old
    # the same key, service account and admin token work, on an organization emptied of what the test made
    assert server.digest().get(f"/api/atlas/v2/orgs/{old['orgId']}/invites").json() == []
    project = server.bearer().get(f"/api/atlas/v2/groups/{old['projectId']}")
    assert project.status_code == 200, project.text
    assert server.admin().get("/api/local/v1/clock").json()["offsetSeconds"] == 0


def test_fixtures_answer_ids_and_usable_credentials(server: LocalServer) -> None:
    made = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Acme",
                    "projects": [{"name": "web"}],
                    "teams": [{"name": "ops"}],
                    "users": [{"username": "u@example.com", "orgRoles": ["ORG_MEMBER"], "teams": ["ops"]}],
                    "apiKeys": [{"projectRoles": {"web": ["GROUP_OWNER"]}, "orgRoles": ["ORG_MEMBER"]}],
                }
            ]
        }
    )["orgs"][0]
    assert made["name"] == "Acme"
    key = made["apiKeys"][0]
    web = made["projects"][0]["id"]
    client = server.digest(key["publicKey"], key["privateKey"])
    assert client.get(f"/api/atlas/v2/groups/{web}/invites").status_code == 200
    assert client.get(f"/api/atlas/v2/orgs/{made['id']}/invites").json()["errorCode"] == "USER_UNAUTHORIZED"
    # The user from the fixture is an active member: inviting it conflicts.
    again = client.post(
        f"/api/atlas/v2/groups/{web}/invites", json={"username": "u@example.com", "roles": ["GROUP_OWNER"]}
    )
    assert again.status_code == 200  # a member of the org, not yet of the project


@pytest.mark.parametrize(
    "document",
    [
        {"orgs": [{"name": ""}]},
        {"orgs": [{"name": "X", "apiKeys": [{"orgRoles": ["KING"]}]}]},
        {"orgs": [{"name": "X", "apiKeys": [{"projectRoles": {"missing": ["GROUP_OWNER"]}}]}]},
        {"orgs": [{"name": "X", "apiKeys": [{"accessList": ["not-an-ip"]}]}]},
        {"orgs": [{"name": "X", "serviceAccounts": [{"secretExpiresAfterHours": 2**62}]}]},  # was a 500
        {"orgs": "nope"},
        {"unknown": []},
    ],
)
def test_fixtures_refuse_bad_documents_without_partial_writes(server: LocalServer, document: object) -> None:
    response = server.admin().post("/api/local/v1/fixtures", json=document)
    assert 400 <= response.status_code < 500
    assert set(response.json()) >= {"detail", "error", "errorCode", "parameters", "reason"}
    # Nothing of a refused document was kept: the only org is still the bootstrap one.
    path = server.data_dir / "atlas-access.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT id FROM organizations").fetchall() == [(server.org_id,)]


def test_the_clock_returns_to_real_time(server: LocalServer) -> None:
    server.advance("40d")
    assert server.admin().get("/api/local/v1/clock").json()["offsetSeconds"] == 40 * 86400
    back = server.admin().delete("/api/local/v1/clock")
    assert back.status_code == 200
    assert back.json()["offsetSeconds"] == 0
    assert server.admin().get("/api/local/v1/clock").json()["offsetSeconds"] == 0


FIXED_KEY = {"publicKey": "fixedkey", "privateKey": "12345678-90ab-cdef-1234-567890abcdef"}
FIXED_ACCOUNT = {"clientId": "mdb_sa_id_6a00000000000000000000c1", "clientSecret": "mdb_sa_sk_fixed-secret-0123456789"}


def test_fixtures_take_ids_and_credentials_fixed_in_advance(server: LocalServer) -> None:
    made = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Fixed",
                    "id": "6a00000000000000000000b1",
                    "projects": [{"name": "web", "id": "6a00000000000000000000b2"}],
                    "apiKeys": [{**FIXED_KEY, "orgRoles": ["ORG_OWNER"]}],
                    "serviceAccounts": [{**FIXED_ACCOUNT, "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"][0]
    assert (made["id"], made["projects"][0]["id"]) == ("6a00000000000000000000b1", "6a00000000000000000000b2")
    assert {k: made["apiKeys"][0][k] for k in FIXED_KEY} == FIXED_KEY
    project = server.digest("fixedkey", FIXED_KEY["privateKey"]).get("/api/atlas/v2/groups/6a00000000000000000000b2")
    assert project.json()["name"] == "web"
    bearer = server.bearer(FIXED_ACCOUNT["clientId"], FIXED_ACCOUNT["clientSecret"])
    assert bearer.get("/api/atlas/v2/orgs/6a00000000000000000000b1").status_code == 200


@pytest.mark.parametrize(
    ("org", "status", "code"),
    [
        ({"name": "Again", "id": "__BOOTSTRAP_ORG__"}, 409, "FIXED_ID_TAKEN"),
        ({"name": "Half", "apiKeys": [{"publicKey": "halfonly"}]}, 400, "INVALID_ATTRIBUTE"),
        ({"name": "Shape", "apiKeys": [{"publicKey": "UPPER", "privateKey": "x"}]}, 400, None),
        (
            {"name": "Half", "serviceAccounts": [{"clientSecret": FIXED_ACCOUNT["clientSecret"]}]},
            400,
            "INVALID_ATTRIBUTE",
        ),
    ],
)
def test_fixed_values_that_are_taken_or_malformed_are_refused_and_leave_nothing(
    server: LocalServer, org: dict[str, Any], status: int, code: str | None
) -> None:
    if org.get("id") == "__BOOTSTRAP_ORG__":
        org = {**org, "id": server.org_id}
    answer = server.admin().post("/api/local/v1/fixtures", json={"orgs": [org]})
    assert answer.status_code == status, answer.text
    if code is not None:
        assert answer.json()["errorCode"] == code
    orgs = server.digest().get("/api/atlas/v2/orgs").json()["results"]
    assert [o["name"] for o in orgs] == ["Atlas Access Local"]
