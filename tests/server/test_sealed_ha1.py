"""API keys' Digest HA1 are kept sealed with the credential key, which lives outside the database.

HA1 = md5(publicKey:realm:privateKey) answers a Digest challenge as well as the private key does: a copy of the
database alone must not let its reader in as an API key. With the key file, the private key works; a rotation keeps
it working, with or without the previous keys; HA1 an earlier version kept in clear are sealed on the next start.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from click.testing import CliRunner

from atlas_access.server.auth import digest
from atlas_access.server.command import main
from atlas_access.server.keys import ENVIRONMENT, KEY_FILE, KeySet, KeyStore
from atlas_access.server.services.bootstrap import BOOTSTRAP_FILE
from atlas_access.store import migrate
from atlas_access.store.database import Database, sqlite_url
from support.server import V2_ACCEPT, LocalServer

DATABASE = "atlas-access.db"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _first_start(data_dir: Path) -> dict[str, Any]:
    """Start and stop a server on a new data directory; the credentials of ``bootstrap.json``."""
    LocalServer(data_dir).start().stop()
    return dict(json.loads((data_dir / BOOTSTRAP_FILE).read_text()))


def _copy_database(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for part in source.glob(DATABASE + "*"):
        shutil.copy(part, target / part.name)


def _stored_ha1(data_dir: Path, public_key: str) -> str:
    """What the database keeps for Digest about this API key (whatever its column is called)."""
    with sqlite3.connect(f"file:{data_dir / DATABASE}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM api_keys WHERE public_key = ?", (public_key,)).fetchone()
    assert row is not None
    return str(row["ha1_sealed"] if "ha1_sealed" in row.keys() else row["ha1"])  # noqa: SIM118 (a Row)


def _digest_status(server: LocalServer, public_key: str, ha1: str, org_id: str | None = None) -> int:
    """The status of a request for an organization's API keys (the bootstrap one's by default), authenticated by a
    Digest response computed from ``ha1``, as a client that knows only ``ha1`` (not the private key) computes it."""
    path = f"/api/atlas/v2/orgs/{org_id or server.org_id}/apiKeys"
    challenged = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT})
    assert challenged.status_code == 401
    found = re.search(r'nonce="([^"]+)"', challenged.headers["www-authenticate"])
    assert found is not None
    nonce, nc, cnonce = found.group(1), "00000001", "0a4f113b"
    response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{_md5(f'GET:{path}')}")
    header = (
        f'Digest username="{public_key}", realm="{digest.REALM}", nonce="{nonce}", uri="{path}", '
        f'algorithm=MD5, response="{response}", qop="auth", nc={nc}, cnonce="{cnonce}"'
    )
    return httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT, "Authorization": header}).status_code


def _statuses(data_dir: Path, public_key: str, *ha1s: str) -> list[int]:
    server = LocalServer(data_dir).start()
    try:
        return [_digest_status(server, public_key, ha1) for ha1 in ha1s]
    finally:
        server.stop()


def test_a_copy_of_the_database_alone_answers_no_digest_challenge(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    first = _first_start(origin)
    public = first["publicKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{first['privateKey']}")

    copy = tmp_path / "copy"
    _copy_database(origin, copy)
    shutil.copy(origin / BOOTSTRAP_FILE, copy / BOOTSTRAP_FILE)  # for the server's shortcuts (its org id)
    assert not (copy / KEY_FILE).exists()
    stored = _stored_ha1(copy, public)
    # No secret that lets one in is in the database's bytes: not HA1, nor a private key, secret or admin token.
    kept = b"".join(part.read_bytes() for part in copy.glob(DATABASE + "*"))
    for secret in (ha1, first["privateKey"], first["clientSecret"], first["adminToken"]):
        assert secret.encode() not in kept
    # What the copy holds answers no challenge, on a server of the copy alone (it makes keys of its own) ...
    assert _statuses(copy, public, stored, ha1) == [401, 401]  # nor does the real HA1: sealed with a lost key
    # ... nor with the key file: only the private key (its HA1) does.
    with_keys = tmp_path / "copy-with-keys"
    _copy_database(origin, with_keys)
    shutil.copy(origin / BOOTSTRAP_FILE, with_keys / BOOTSTRAP_FILE)
    shutil.copy(origin / KEY_FILE, with_keys / KEY_FILE)
    assert _statuses(with_keys, public, stored, ha1) == [401, 200]


def test_the_bootstrap_credentials_work_with_the_key_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _first_start(data)
    server = LocalServer(data).start()
    try:
        assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/apiKeys").status_code == 200
        assert server.admin().get("/api/local/v1/outbox").status_code == 200  # the admin token, kept as a hash
        assert server.bearer().get(f"/api/atlas/v2/orgs/{server.org_id}/apiKeys").status_code == 200
    finally:
        server.stop()


def _keys(data_dir: Path) -> KeySet:
    found = KeyStore.of(data_dir, environ={}).read()
    assert found is not None
    return found


def _rotate(data_dir: Path, *options: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(
        main, ["keys", "rotate", "--data-dir", str(data_dir), *options], env=env or {ENVIRONMENT: ""}
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_rotation_keeps_api_keys_working_with_and_without_the_previous_keys(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _first_start(data)
    public = first["publicKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{first['privateKey']}")
    sealed = _stored_ha1(data, public)
    assert _keys(data).ha1_seal().open(public, sealed) == ha1

    _rotate(data)  # keeps the previous credential key, which still opens the stored HA1
    kept = _keys(data)
    assert len(kept.credential) == 2
    assert _stored_ha1(data, public) == sealed
    server = LocalServer(data).start()
    try:
        assert _digest_status(server, public, ha1) == 200
        made = server.fixtures({"orgs": [{"name": "Later", "apiKeys": [{"orgRoles": ["ORG_OWNER"]}]}]})
    finally:
        server.stop()
    [later] = made["orgs"][0]["apiKeys"]
    later_org = made["orgs"][0]["id"]
    later_ha1 = _md5(f"{later['publicKey']}:{digest.REALM}:{later['privateKey']}")
    later_sealed = _stored_ha1(data, later["publicKey"])
    assert kept.ha1_seal().is_current(later_sealed)  # made after the rotation: sealed with the new key

    output = _rotate(data, "--forget-previous")  # a new key again, and only it: both HA1 are sealed with it
    assert "the HA1 of 2 API keys were sealed again" in output
    forgot = _keys(data)
    assert len(forgot.credential) == 1
    assert forgot.credential[0] not in kept.credential
    for key, clear, before in ((public, ha1, sealed), (later["publicKey"], later_ha1, later_sealed)):
        resealed = _stored_ha1(data, key)
        assert resealed != before
        assert forgot.ha1_seal().is_current(resealed)
        assert forgot.ha1_seal().open(key, resealed) == clear
        assert kept.ha1_seal().open(key, resealed) is None
    server = LocalServer(data).start()
    try:
        assert _digest_status(server, public, ha1) == 200
        assert _digest_status(server, later["publicKey"], later_ha1, later_org) == 200
        assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/apiKeys").status_code == 200
    finally:
        server.stop()


def test_forgetting_the_previous_keys_of_the_environment_reseals_before_printing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    document = json.dumps(KeySet.fresh().document())
    monkeypatch.setenv(ENVIRONMENT, document)
    first = _first_start(data)
    public = first["publicKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{first['privateKey']}")
    assert not (data / KEY_FILE).exists()

    result = CliRunner().invoke(
        main, ["keys", "rotate", "--forget-previous", "--print", "--data-dir", str(data)], env={ENVIRONMENT: document}
    )
    assert result.exit_code == 0, result.output
    assert ENVIRONMENT in result.stderr
    printed = KeySet.from_document(json.loads(result.stdout), "printed")
    assert len(printed.credential) == 1
    assert printed.ha1_seal().open(public, _stored_ha1(data, public)) == ha1
    assert not (data / KEY_FILE).exists()
    monkeypatch.setenv(ENVIRONMENT, result.stdout)
    assert _statuses(data, public, ha1) == [200]


def test_forgetting_the_previous_keys_without_the_database_forgets_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _first_start(data)
    before = (data / KEY_FILE).read_text()
    result = CliRunner().invoke(
        main,
        [
            "keys",
            "rotate",
            "--forget-previous",
            "--data-dir",
            str(data),
            "--database-url",
            "sqlite:///" + str(tmp_path),
        ],
        env={ENVIRONMENT: ""},
    )
    assert result.exit_code == 1
    assert "--database-url" in result.output
    assert (data / KEY_FILE).read_text() == before


def _as_before_sealing(data: Path) -> None:
    """Migrate the database down to 0006, which kept HA1 in clear."""
    database = Database(sqlite_url(data))
    try:
        config = migrate.alembic_config()
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            with pytest.raises(RuntimeError, match="keys"):
                command.downgrade(config, "0006")  # opening the HA1 takes the keys
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            config.attributes["ha1_sealing"] = KeyStore.of(data, environ={}).ha1_seal
            command.downgrade(config, "0006")
    finally:
        database.dispose()


def test_an_earlier_versions_clear_ha1_is_sealed_on_the_next_start_and_keeps_working(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _first_start(data)
    public = first["publicKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{first['privateKey']}")
    _as_before_sealing(data)
    assert _stored_ha1(data, public) == ha1  # as the earlier version kept it

    assert _statuses(data, public, ha1) == [200]  # the start migrates
    sealed = _stored_ha1(data, public)
    assert sealed != ha1
    assert _keys(data).ha1_seal().open(public, sealed) == ha1


def test_a_key_file_of_an_earlier_version_gets_a_credential_key_that_stays(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _first_start(data)
    public = first["publicKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{first['privateKey']}")
    _as_before_sealing(data)
    document = json.loads((data / KEY_FILE).read_text())
    del document["credential"]  # as an earlier version wrote it
    (data / KEY_FILE).write_text(json.dumps(document))

    # Its credential key is derived from its token key: the same for every reader; the start writes it down.
    derived = KeyStore.of(data, environ={}).read()
    assert derived is not None
    assert derived == KeyStore.of(data, environ={}).read()
    assert _statuses(data, public, ha1) == [200]
    assert json.loads((data / KEY_FILE).read_text())["credential"] == [derived.credential[0].hex()]
    assert _keys(data) == derived
    assert derived.ha1_seal().open(public, _stored_ha1(data, public)) == ha1
