"""Named snapshots, export and import over the local API (``/api/local/v1/snapshots``, ``/export``, ``/import``;
docs/snapshots.md): what a test suite sees after saving a state, changing it, and restoring it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access.store.snapshot import head_revision
from support.answers import expect_error
from support.server import LocalServer
from support.state_documents import document_at, key_with_clear_ha1

HEAD = head_revision()

SNAPSHOTS = "/api/local/v1/snapshots"
USERS_ACCEPT = "application/vnd.atlas.2025-02-19+json"


class Acme:
    """An organization with a project, a team on it, a member, an API key with an access list, a service account,
    two organization invitations and a project invitation (their mails in the outbox, their events written)."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        made = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Acme",
                        "projects": [{"name": "web"}],
                        "teams": [{"name": "ops"}],
                        "users": [{"username": "ann@example.com", "orgRoles": ["ORG_OWNER"], "teams": ["ops"]}],
                        "apiKeys": [{"description": "ci", "orgRoles": ["ORG_OWNER"], "accessList": ["127.0.0.1"]}],
                        "serviceAccounts": [{"name": "bot", "orgRoles": ["ORG_OWNER"]}],
                    }
                ]
            }
        )["orgs"][0]
        self.id = made["id"]
        self.project = made["projects"][0]["id"]
        self.key = made["apiKeys"][0]
        self.account = made["serviceAccounts"][0]
        self.client = server.digest(self.key["publicKey"], self.key["privateKey"])
        team = made["teams"][0]["id"]
        body = [{"teamId": team, "roleNames": ["GROUP_READ_ONLY"]}]
        assert self.client.post(f"/api/atlas/v2/groups/{self.project}/teams", json=body).status_code == 200
        self.invitations = [self.invite(f"/api/atlas/v2/orgs/{self.id}/invites", f"bob{n}@example.com") for n in (1, 2)]
        self.invite(f"/api/atlas/v2/groups/{self.project}/invites", "cy@example.com", "GROUP_READ_ONLY")

    def invite(self, path: str, username: str, role: str = "ORG_MEMBER") -> str:
        response = self.client.post(path, json={"username": username, "roles": [role]})
        assert response.status_code == 200, response.text
        return str(response.json()["id"])

    def seen(self) -> dict[str, Any]:
        """What the API shows of the organization, to its own API key."""
        read = {
            "invites": f"/api/atlas/v2/orgs/{self.id}/invites",
            "projectInvites": f"/api/atlas/v2/groups/{self.project}/invites",
            "events": f"/api/atlas/v2/orgs/{self.id}/events",
            "teams": f"/api/atlas/v2/orgs/{self.id}/teams",
            "projectTeams": f"/api/atlas/v2/groups/{self.project}/teams",
            "apiKeys": f"/api/atlas/v2/orgs/{self.id}/apiKeys",
            "projects": f"/api/atlas/v2/orgs/{self.id}/groups",
        }
        seen = {}
        for name, path in read.items():
            response = self.client.get(path)
            assert response.status_code == 200, response.text
            seen[name] = response.json()
        users = self.client.get(f"/api/atlas/v2/orgs/{self.id}/users", headers={"Accept": USERS_ACCEPT})
        assert users.status_code == 200, users.text
        seen["users"] = users.json()
        seen["outbox"] = self.server.outbox()
        seen["clock"] = self.server.admin().get("/api/local/v1/clock").json()["offsetSeconds"]
        return seen


def export(server: LocalServer) -> dict[str, Any]:
    response = server.admin().get("/api/local/v1/export")
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def save(server: LocalServer, name: str) -> dict[str, Any]:
    response = server.admin().post(SNAPSHOTS, json={"name": name})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def restore(server: LocalServer, name: str) -> httpx.Response:
    return server.admin().post(f"{SNAPSHOTS}/{name}:restore")


def change_everything(server: LocalServer, acme: Acme) -> dict[str, str]:
    """Accept one invitation, cancel the other, make a new API key and another organization, move the clock on;
    the new key."""
    assert server.accept(acme.invitations[0]).status_code == 200
    assert acme.client.delete(f"/api/atlas/v2/orgs/{acme.id}/invites/{acme.invitations[1]}").status_code == 204
    new_key = acme.client.post(f"/api/atlas/v2/orgs/{acme.id}/apiKeys", json={"desc": "new", "roles": ["ORG_MEMBER"]})
    assert new_key.status_code == 200, new_key.text
    server.fixtures({"orgs": [{"name": "Globex", "users": [{"username": "zed@example.com"}]}]})
    server.advance("40d")
    return {"publicKey": new_key.json()["publicKey"], "privateKey": new_key.json()["privateKey"]}


def test_a_restored_snapshot_brings_back_exactly_the_saved_state(server: LocalServer) -> None:
    acme = Acme(server)
    server.advance("1d")
    before, document = acme.seen(), export(server)
    saved = save(server, "ready")
    assert saved["name"] == "ready" and saved["schemaRevision"] == document["schemaRevision"]
    assert saved["tables"] == {name: len(rows) for name, rows in document["tables"].items()}
    assert saved["rows"] == sum(saved["tables"].values()) and saved["bytes"] > 1000

    new_key = change_everything(server, acme)
    assert acme.seen() != before

    restored = restore(server, "ready")
    assert restored.status_code == 200, restored.text
    assert restored.json() == saved
    assert acme.seen() == before  # invitations, members, teams, keys, events, mails, the clock
    assert export(server) == document
    # Credentials made before the snapshot work with the same secrets; the key made after it is gone.
    assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    bot = server.bearer(acme.account["clientId"], acme.account["clientSecret"])
    assert bot.get(f"/api/atlas/v2/orgs/{acme.id}/invites").status_code == 200
    gone = server.digest(new_key["publicKey"], new_key["privateKey"]).get(f"/api/atlas/v2/orgs/{acme.id}")
    assert gone.status_code == 401
    # A snapshot can be restored again and again.
    change_everything(server, acme)
    assert restore(server, "ready").status_code == 200
    assert acme.seen() == before


def test_restoring_fills_the_rate_limit_buckets_again(server: LocalServer) -> None:
    client = server.digest()
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    save(server, "start")
    remaining = [int(client.get(path).headers["ratelimit-remaining"]) for _ in range(3)]
    assert remaining == [remaining[0], remaining[0] - 1, remaining[0] - 2]
    assert restore(server, "start").status_code == 200
    assert int(client.get(path).headers["ratelimit-remaining"]) == remaining[0]


def test_a_token_revoked_after_the_snapshot_stays_revoked(server: LocalServer) -> None:
    save(server, "before-revoking")
    token = server.token()
    revoked = server.revoke(token)
    assert revoked.status_code == 200
    assert restore(server, "before-revoking").status_code == 200
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    assert server.bearer(token=token).get(path).status_code == 401
    assert server.bearer().get(path).status_code == 200  # a new token of the same account works


def test_snapshots_are_listed_replaced_and_deleted_by_name(server: LocalServer) -> None:
    admin = server.admin()
    assert admin.get(SNAPSHOTS).json() == {"results": []}
    first = save(server, "first")
    server.fixtures({"orgs": [{"name": "More"}]})
    second = save(server, "second.v2")
    assert [s["name"] for s in admin.get(SNAPSHOTS).json()["results"]] == ["first", "second.v2"]
    assert second["tables"]["organizations"] == first["tables"]["organizations"] + 1
    again = save(server, "first")  # the same name: the newer state takes its place
    assert again["tables"]["organizations"] == second["tables"]["organizations"]
    listed = admin.get(SNAPSHOTS).json()["results"]
    assert [s["name"] for s in listed] == ["second.v2", "first"] and listed[1] == again
    assert set(listed[0]) == {"name", "createdAt", "schemaRevision", "rows", "tables", "bytes"}
    deleted = admin.delete(f"{SNAPSHOTS}/second.v2")
    assert deleted.status_code == 200 and deleted.json() == second
    assert [s["name"] for s in admin.get(SNAPSHOTS).json()["results"]] == ["first"]
    for gone in (admin.delete(f"{SNAPSHOTS}/second.v2"), restore(server, "second.v2"), restore(server, "nothing")):
        answer = expect_error(gone, 404, "SNAPSHOT_NOT_FOUND")
        assert (
            answer["detail"].startswith("No snapshot named ") and "exists in this server process." in answer["detail"]
        )


@pytest.mark.parametrize("name", ["", "-leading-dash", "with space", "a/b", "x:restore", "é", "n" * 65, 7, None])
def test_a_snapshot_name_is_short_and_plain(server: LocalServer, name: object) -> None:
    response = server.admin().post(SNAPSHOTS, json={"name": name})
    assert response.status_code == 400
    assert server.admin().get(SNAPSHOTS).json() == {"results": []}


def test_a_snapshot_needs_a_name(server: LocalServer) -> None:
    for body in ({}, {"name": "a", "extra": 1}):
        assert server.admin().post(SNAPSHOTS, json=body).status_code == 400
    answer = expect_error(server.admin().post(SNAPSHOTS, json={"name": "a b"}), 400, "INVALID_JSON_ATTRIBUTE")
    assert answer["parameters"] == ["name"]
    assert (
        answer["detail"]
        == "A snapshot's name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or a digit."
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", SNAPSHOTS),
        ("POST", SNAPSHOTS),
        ("POST", f"{SNAPSHOTS}/x:restore"),
        ("DELETE", f"{SNAPSHOTS}/x"),
        ("GET", "/api/local/v1/export"),
        ("POST", "/api/local/v1/import"),
    ],
)
def test_the_admin_token_is_required(server: LocalServer, method: str, path: str) -> None:
    save(server, "x")
    response = httpx.request(method, f"{server.base_url}{path}", json={"name": "y"}, trust_env=False)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="atlas-access local control"'
    assert [s["name"] for s in server.admin().get(SNAPSHOTS).json()["results"]] == ["x"]


def test_export_then_import_over_the_local_api(server: LocalServer) -> None:
    acme = Acme(server)
    before, document = acme.seen(), export(server)
    assert document["format"] == "atlas-access-state" and document["version"] == 1
    assert "revoked_tokens" not in document["tables"] and "digest_nonce_uses" not in document["tables"]
    change_everything(server, acme)
    imported = server.admin().post("/api/local/v1/import", json=document)
    assert imported.status_code == 200, imported.text
    assert imported.json() == {
        "schemaRevision": document["schemaRevision"],
        "migrated": False,
        "rows": sum(len(rows) for rows in document["tables"].values()),
        "tables": {name: len(rows) for name, rows in document["tables"].items()},
        "notes": [],
    }
    assert export(server) == document
    assert acme.seen() == before


def test_an_import_may_be_larger_than_other_bodies(server: LocalServer) -> None:
    document = export(server)
    org = server.org_id
    events = [
        {
            "id": f"{n:024x}",
            "org_id": org,
            "group_id": None,
            "event_type": "JOINED_ORG",
            "created_at": 1_700_000_000 + n,
            "actor_kind": "SYSTEM",
            "actor_id": None,
            "actor_name": None,
            "target_username": f"user{n}@example.com",
            "remote_address": "127.0.0.1",
            "raw": None,
        }
        for n in range(6000)
    ]
    document["tables"]["events"] = events
    body = json.dumps(document).encode()
    assert len(body) > 1024 * 1024
    imported = server.admin().post("/api/local/v1/import", content=body, headers={"Content-Type": "application/json"})
    assert imported.status_code == 200, imported.text
    listed = server.digest().get(f"/api/atlas/v2/orgs/{org}/events", params={"itemsPerPage": 1})
    assert listed.json()["totalCount"] == 6000


REFUSED = [
    (
        {"format": "atlas-access-state", "version": 2, "schemaRevision": HEAD, "tables": {}},
        "of version 2 are unknown",
    ),
    ({"format": "x"}, 'its "format" must be "atlas-access-state"'),
    ({"format": "atlas-access-state", "version": 1, "schemaRevision": "0099", "tables": {}}, "a newer version"),
    (
        {"format": "atlas-access-state", "version": 1, "schemaRevision": HEAD, "tables": {"x": []}},
        "table x is unknown",
    ),
]


@pytest.mark.parametrize(("document", "reason"), REFUSED)
def test_an_import_that_cannot_be_loaded_changes_nothing(server: LocalServer, document: Any, reason: str) -> None:
    before = export(server)
    answer = expect_error(server.admin().post("/api/local/v1/import", json=document), 400, "INVALID_STATE_DOCUMENT")
    assert answer["detail"].startswith("The state document cannot be loaded: ") and reason in answer["detail"]
    assert export(server) == before


def test_rows_that_break_the_databases_rules_are_refused_and_nothing_changes(server: LocalServer) -> None:
    acme = Acme(server)
    before, document = acme.seen(), export(server)
    broken = json.loads(json.dumps(document))
    user = broken["tables"]["users"][0]
    broken["tables"]["users"].append({**user, "id": "f" * 24})  # the same username twice
    answer = expect_error(server.admin().post("/api/local/v1/import", json=broken), 400, "INVALID_STATE_DOCUMENT")
    assert "the rows of table users break the database's rules" in answer["detail"]
    orphan = json.loads(json.dumps(document))
    orphan["tables"]["projects"][0]["org_id"] = "e" * 24
    answer = expect_error(server.admin().post("/api/local/v1/import", json=orphan), 400, "INVALID_STATE_DOCUMENT")
    assert "the rows of table projects break the database's rules" in answer["detail"]
    assert acme.seen() == before and export(server) == document


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [(b"{not json", 400, "MALFORMED_JSON"), (b"[]", 400, "INVALID_STATE_DOCUMENT")],
)
def test_an_import_body_must_be_a_json_document(server: LocalServer, body: bytes, status: int, code: str) -> None:
    before = export(server)
    response = server.admin().post("/api/local/v1/import", content=body, headers={"Content-Type": "application/json"})
    expect_error(response, status, code)
    unsupported = server.admin().post("/api/local/v1/import", content=b"{}", headers={"Content-Type": "text/plain"})
    expect_error(unsupported, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert export(server) == before


def test_a_document_of_an_earlier_version_is_migrated_on_import(server: LocalServer, tmp_path: Path) -> None:
    org, key_id, public, private = "a" * 24, "b" * 24, "oldkeyab", "3f1c1f0e-6a7d-4b1e-9a57-0c1d2e3f4a5b"
    document = document_at("0006", lambda conn: key_with_clear_ha1(conn, org, key_id, public, private), tmp_path)
    assert document["tables"]["api_keys"][0]["ha1"]  # as that version kept it: in clear
    imported = server.admin().post("/api/local/v1/import", json=document)
    assert imported.status_code == 200, imported.text
    assert imported.json()["migrated"] is True and imported.json()["schemaRevision"] == "0006"
    # The old key answers Digest with the secret it always had; its HA1 is now sealed with this server's key.
    assert server.digest(public, private).get(f"/api/atlas/v2/orgs/{org}").json()["name"] == "Old"
    (sealed,) = export(server)["tables"]["api_keys"]
    assert "ha1" not in sealed and document["tables"]["api_keys"][0]["ha1"] not in sealed["ha1_sealed"]
    assert server.admin().get("/api/local/v1/clock").status_code == 200  # the admin token stayed this server's


def test_an_import_keeps_this_servers_admin_token(server: LocalServer, tmp_path: Path) -> None:
    other = LocalServer(tmp_path / "other").start()
    try:
        document = export(other)
        other_key = (other.bootstrap["publicKey"], other.bootstrap["privateKey"])
        other_account = (other.bootstrap["clientId"], other.bootstrap["clientSecret"])
        other_admin = other.bootstrap["adminToken"]
    finally:
        other.stop()
    assert server.admin().post("/api/local/v1/import", json=document).status_code == 200
    assert server.admin().get(SNAPSHOTS).status_code == 200
    foreign = httpx.get(
        f"{server.base_url}{SNAPSHOTS}", headers={"Authorization": f"Bearer {other_admin}"}, trust_env=False
    )
    assert foreign.status_code == 401
    # The other server's organization is here now. Its service account's secret is kept as a hash, which this
    # server checks; its API key's HA1 is sealed with the other server's key, which this server lacks.
    other_org = document["tables"]["organizations"][0]["id"]
    assert server.bearer(*other_account).get(f"/api/atlas/v2/orgs/{other_org}").status_code == 200
    assert server.digest(*other_key).get(f"/api/atlas/v2/orgs/{other_org}").status_code == 401


def test_with_the_same_keys_the_imported_credentials_work(tmp_path: Path) -> None:
    source = LocalServer(tmp_path / "source").start()
    try:
        document = export(source)
        bootstrap = dict(source.bootstrap)
    finally:
        source.stop()
    (tmp_path / "target").mkdir()
    shutil.copy(tmp_path / "source" / "keys.json", tmp_path / "target" / "keys.json")
    target = LocalServer(tmp_path / "target").start()
    try:
        assert target.admin().post("/api/local/v1/import", json=document).status_code == 200
        target.bootstrap = {**bootstrap, "adminToken": target.bootstrap["adminToken"]}
        assert target.digest().get(f"/api/atlas/v2/orgs/{bootstrap['orgId']}").status_code == 200
        assert target.bearer().get(f"/api/atlas/v2/orgs/{bootstrap['orgId']}/invites").status_code == 200
    finally:
        target.stop()


def test_a_restore_writes_no_event_of_its_own(server: LocalServer) -> None:
    acme = Acme(server)
    save(server, "s")
    path = server.data_dir / "atlas-access.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("organizations", "events")}
    change_everything(server, acme)
    assert restore(server, "s").status_code == 200
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("organizations", "events")}
    assert after == counts  # a restore writes no event of its own


@pytest.mark.postgres
def test_snapshots_export_and_import_on_postgresql(pg_server: LocalServer) -> None:
    acme = Acme(pg_server)
    before, document = acme.seen(), export(pg_server)
    save(pg_server, "pg")
    change_everything(pg_server, acme)
    assert restore(pg_server, "pg").status_code == 200
    assert acme.seen() == before and export(pg_server) == document
    change_everything(pg_server, acme)
    assert pg_server.admin().post("/api/local/v1/import", json=document).status_code == 200
    assert acme.seen() == before and export(pg_server) == document
    broken = json.loads(json.dumps(document))
    broken["tables"]["users"].append({**broken["tables"]["users"][0], "id": "f" * 24})
    refused = pg_server.admin().post("/api/local/v1/import", json=broken)
    expect_error(refused, 400, "INVALID_STATE_DOCUMENT")
    assert acme.seen() == before and export(pg_server) == document
