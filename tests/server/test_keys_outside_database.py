"""The signing and sealing keys live outside the database (``DATA_DIR/keys.json`` or ``ATLAS_ACCESS_KEYS``).

A copy of the database alone verifies no token the server made and opens no invitation link; a database whose
keys an earlier version kept in its settings table has them moved out on the next start, and what was made with
them keeps working; a rotation keeps what was made before working until the previous keys are forgotten.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import anyio
import httpx
import pytest
from alembic import command
from click.testing import CliRunner

from atlas_access.server import outbox_command
from atlas_access.server.command import main
from atlas_access.server.keys import ENVIRONMENT, KEY_FILE, KeysError, KeyStore
from atlas_access.server.runtime import ServerConfig, open_server
from atlas_access.store import migrate
from atlas_access.store.database import Database, sqlite_url
from support.server import LocalServer

DATABASE = "atlas-access.db"
KEY_SETTINGS = ("token_key", "nonce_key", "mail_key")


def _invite(server: LocalServer, username: str) -> str:
    """Invite ``username``; the token of the link in its mail."""
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    [mail] = [mail for mail in server.outbox() if mail["to"] == username]
    return str(mail["link"]).rsplit("/", 1)[1]


def _links(data_dir: Path) -> list[str]:
    """The links of the outbox as ``atlas-access outbox`` reads them from the data directory."""
    return [mail["link"] for mail in outbox_command.read_mails(data_dir, None)]


def _answers(data_dir: Path, token: str) -> int:
    """The status a server opened on ``data_dir`` answers to a request authenticated with the Bearer ``token``."""
    opened = open_server(ServerConfig(data_dir=data_dir))

    async def ask() -> int:
        transport = httpx.ASGITransport(app=opened.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            response = await client.get("/api/private/ipinfo", headers={"Authorization": f"Bearer {token}"})
        return response.status_code

    try:
        return anyio.run(ask)
    finally:
        opened.state.db.dispose()


def _copy_database(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for part in source.glob(DATABASE + "*"):
        shutil.copy(part, target / part.name)


def _settings(data_dir: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{data_dir / DATABASE}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def _key_texts(data_dir: Path) -> list[str]:
    document = json.loads((data_dir / KEY_FILE).read_text())
    return [key for kind in ("token", "nonce", "mail") for key in document[kind]]


def _served(data_dir: Path) -> tuple[str, str]:
    """A first start on ``data_dir``: a service account's token and an invitation link's token."""
    server = LocalServer(data_dir).start()
    try:
        return server.token(), _invite(server, "ada@example.com")
    finally:
        server.stop()


def test_a_copy_of_the_database_alone_verifies_no_token_and_opens_no_link(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    token, link_token = _served(origin)
    assert (origin / KEY_FILE).stat().st_mode & 0o777 == 0o600

    copy = tmp_path / "copy"
    _copy_database(origin, copy)
    assert not (copy / KEY_FILE).exists()
    # Read without the key file, the outbox shows no link; read with it, it does.
    assert _links(copy) == [""]
    assert [link.rsplit("/", 1)[1] for link in _links(origin)] == [link_token]
    # The database holds no key: none in its settings, and no key of the key file anywhere in its bytes.
    assert not set(_settings(copy)) & set(KEY_SETTINGS)
    stored = b"".join(part.read_bytes() for part in copy.glob(DATABASE + "*"))
    assert all(key.encode() not in stored for key in _key_texts(origin))
    # A server on the copy alone refuses the token; on the copy with the key file, it accepts it.
    assert _answers(copy, token) == 401
    with_keys = tmp_path / "copy-with-keys"
    _copy_database(origin, with_keys)
    shutil.copy(origin / KEY_FILE, with_keys / KEY_FILE)
    assert _answers(with_keys, token) == 200


def _as_an_earlier_version_left_it(data_dir: Path) -> dict[str, str]:
    """Turn a data directory into what a version that kept its keys in the settings table left: the schema of
    migration 0004 (API keys' HA1 in clear), the keys in ``settings``, no key file. The keys, as the settings held
    them."""
    document = json.loads((data_dir / KEY_FILE).read_text())
    legacy = {"token_key": document["token"][0], "nonce_key": document["nonce"][0], "mail_key": document["mail"][0]}
    database = Database(sqlite_url(data_dir))
    try:
        config = migrate.alembic_config()
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            config.attributes["ha1_sealing"] = KeyStore.of(data_dir, environ={}).ha1_seal  # opens the HA1
            command.downgrade(config, "0004")
        with sqlite3.connect(data_dir / DATABASE) as conn:
            conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", list(legacy.items()))
    finally:
        database.dispose()
    (data_dir / KEY_FILE).unlink()
    return legacy


def test_keys_in_the_settings_table_move_to_the_key_file_and_keep_working(tmp_path: Path) -> None:
    data = tmp_path / "data"
    token, link_token = _served(data)
    legacy = _as_an_earlier_version_left_it(data)

    server = LocalServer(data).start()  # migrates
    try:
        assert server.bearer(token=token).get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code == 200
        assert [mail["link"].rsplit("/", 1)[1] for mail in server.outbox()] == [link_token]
        assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code == 200
    finally:
        server.stop()
    assert not set(_settings(data)) & set(KEY_SETTINGS)
    moved = json.loads((data / KEY_FILE).read_text())
    assert (moved["token"][0], moved["nonce"][0], moved["mail"][0]) == tuple(legacy.values())
    assert (data / KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_keys_in_the_settings_table_and_an_environment_without_them_refuse_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    token, _link_token = _served(data)
    document = (data / KEY_FILE).read_text()
    legacy = _as_an_earlier_version_left_it(data)

    runner = CliRunner()
    made = runner.invoke(main, ["keys", "new"])
    monkeypatch.setenv(ENVIRONMENT, made.output)
    with pytest.raises(KeysError, match=ENVIRONMENT):
        open_server(ServerConfig(data_dir=data))
    assert _settings(data).items() >= legacy.items()  # nothing was lost
    assert not (data / KEY_FILE).exists()

    monkeypatch.setenv(ENVIRONMENT, document)  # the same keys: the start goes on, and the token works
    assert _answers(data, token) == 200
    assert not set(_settings(data)) & set(KEY_SETTINGS)
    assert not (data / KEY_FILE).exists()


def test_rotation_keeps_what_was_made_before_until_the_previous_keys_are_forgotten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old_token, link_token = _served(data)
    runner = CliRunner()

    rotated = runner.invoke(main, ["keys", "rotate", "--data-dir", str(data)])
    assert rotated.exit_code == 0, rotated.output
    document = json.loads((data / KEY_FILE).read_text())
    assert [len(document[kind]) for kind in ("token", "nonce", "mail")] == [2, 2, 2]
    server = LocalServer(data).start()
    try:
        invites = f"/api/atlas/v2/orgs/{server.org_id}/invites"
        assert server.bearer(token=old_token).get(invites).status_code == 200
        assert [mail["link"].rsplit("/", 1)[1] for mail in server.outbox()] == [link_token]
        new_token = server.token()
        assert server.bearer(token=new_token).get(invites).status_code == 200
        assert server.digest().get(invites).status_code == 200
    finally:
        server.stop()

    forgot = runner.invoke(main, ["keys", "rotate", "--forget-previous", "--data-dir", str(data)])
    assert forgot.exit_code == 0, forgot.output
    server = LocalServer(data).start()
    try:
        invites = f"/api/atlas/v2/orgs/{server.org_id}/invites"
        assert server.bearer(token=old_token).get(invites).status_code == 401
        assert server.bearer(token=new_token).get(invites).status_code == 401
        assert [mail["link"] for mail in server.outbox()] == [""]  # sealed with a key the server no longer has
        assert server.bearer().get(invites).status_code == 200
        assert server.digest().get(invites).status_code == 200
    finally:
        server.stop()


def test_the_outbox_command_reads_links_with_the_key_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _token, link_token = _served(data)
    result = CliRunner().invoke(main, ["outbox", "--data-dir", str(data), "--json"])
    assert result.exit_code == 0, result.output
    assert [mail["link"].rsplit("/", 1)[1] for mail in json.loads(result.output)["results"]] == [link_token]
