"""Private keys, client secrets, tokens and the admin token never reach the database or the log in clear."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from support.server import LocalServer


def _database_text(server: LocalServer) -> str:
    path = server.data_dir / "atlas-access.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                dump.extend(str(value) for value in row)
    return "\n".join(dump)


def test_no_secret_is_stored_in_clear(server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    made = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Secretive",
                    "apiKeys": [{"orgRoles": ["ORG_OWNER"]}],
                    "serviceAccounts": [{"orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"][0]
    token = server.token()
    # Use every credential once so that anything logged on use would show.
    server.bearer().get(f"/api/atlas/v2/orgs/{server.org_id}/invites")
    server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites")
    server.digest(made["apiKeys"][0]["publicKey"], made["apiKeys"][0]["privateKey"]).get("/api/private/ipinfo")
    secrets = [
        server.bootstrap["privateKey"],
        server.bootstrap["clientSecret"],
        server.bootstrap["adminToken"],
        made["apiKeys"][0]["privateKey"],
        made["serviceAccounts"][0]["clientSecret"],
        token,
    ]
    stored = _database_text(server)
    for secret in secrets:
        assert secret not in stored
        assert secret not in caplog.text
    # What is stored is enough to work with: the public key and client id are there.
    assert server.bootstrap["publicKey"] in stored
    assert server.bootstrap["clientId"] in stored


def test_bootstrap_file_is_private(server: LocalServer) -> None:
    path = server.data_dir / "bootstrap.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(server.bootstrap) == sorted(
        [
            "baseUrl",
            "orgId",
            "projectId",
            "apiKeyId",
            "publicKey",
            "privateKey",
            "clientId",
            "clientSecret",
            "adminToken",
        ]
    )
    assert server.bootstrap["baseUrl"] == server.base_url
    assert server.bootstrap["clientId"].startswith("mdb_sa_id_")
    assert server.bootstrap["clientSecret"].startswith("mdb_sa_sk_")
