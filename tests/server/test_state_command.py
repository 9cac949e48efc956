"""``atlas-access export`` and ``atlas-access import``: the state document on standard output or in a file, read
back into the server's database (running or not), and the errors a user sees."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from atlas_access.server.command import main
from atlas_access.store.snapshot import TRAVELLING, head_revision
from support.postgres import PostgresCluster
from support.server import LocalServer
from support.state_documents import document_at, key_with_clear_ha1

HEAD = head_revision()


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, env={"ATLAS_ACCESS_DATABASE_URL": None})


def exported(server: LocalServer) -> dict[str, Any]:
    response = server.admin().get("/api/local/v1/export")
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def invite(server: LocalServer, username: str) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text


def test_export_writes_the_state_document_one_row_per_line(server: LocalServer) -> None:
    invite(server, "ada@example.com")
    result = run("export", "--data-dir", str(server.data_dir))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == exported(server)
    lines = result.stdout.splitlines()
    assert lines[:4] == ["{", '  "format": "atlas-access-state",', f'  "schemaRevision": "{HEAD}",', '  "version": 1,']
    assert any(line.startswith('      {"created_at": ') and '"username": "ada@example.com"' in line for line in lines)
    assert (
        "Exported " in result.stderr
        and f" rows of {len(TRAVELLING)} tables (schema revision {HEAD}) to standard output." in result.stderr
    )


def test_export_to_a_file_readable_by_its_owner_only(server: LocalServer, tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    result = run("export", "--data-dir", str(server.data_dir), "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"to {target}." in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text()) == exported(server)


def test_import_replaces_the_state_of_a_running_server(server: LocalServer, tmp_path: Path) -> None:
    document = exported(server)
    (tmp_path / "state.json").write_text(json.dumps(document))
    invite(server, "later@example.com")
    assert exported(server) != document
    result = run("import", str(tmp_path / "state.json"), "--data-dir", str(server.data_dir), "--yes")
    assert result.exit_code == 0, result.output
    rows = sum(len(rows) for rows in document["tables"].values())
    database = (server.data_dir / "atlas-access.db").resolve()
    assert result.stdout == f"Imported {rows} rows of {len(TRAVELLING)} tables into sqlite:///{database}.\n"
    # The running server answers from the imported state at once, and its admin token still works.
    assert exported(server) == document
    assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites").json() == []


def test_import_asks_first(server: LocalServer, tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text(json.dumps({**exported(server), "tables": {}}))
    before = exported(server)
    declined = run("import", str(tmp_path / "empty.json"), "--data-dir", str(server.data_dir), stdin="n\n")
    assert declined.exit_code == 1
    assert "Replace everything in sqlite:///" in declined.stderr and "with the state in " in declined.stderr
    assert "Aborted!" in declined.stderr
    assert exported(server) == before
    accepted = run("import", str(tmp_path / "empty.json"), "--data-dir", str(server.data_dir), stdin="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert f"Imported 0 rows of {len(TRAVELLING)} tables" in accepted.stdout
    assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 401  # no key left
    assert server.admin().get("/api/local/v1/clock").status_code == 200  # the admin token stays


def test_import_from_standard_input_needs_yes(server: LocalServer) -> None:
    text = json.dumps(exported(server))
    refused = run("import", "-", "--data-dir", str(server.data_dir), stdin=text)
    assert refused.exit_code == 2
    assert "give --yes" in refused.stderr
    taken = run("import", "-", "--data-dir", str(server.data_dir), "--yes", stdin=text)
    assert taken.exit_code == 0, taken.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[]", "The state document cannot be loaded: a state document is a JSON object. Nothing was changed."),
        (
            '{"format": "atlas-access-state", "version": 1, "schemaRevision": "0123", "tables": {}}',
            f"it was written by a newer version of atlas-access (schema revision 0123; this one knows up to {HEAD})",
        ),
        (
            json.dumps(
                {"format": "atlas-access-state", "version": 1, "schemaRevision": HEAD, "tables": {"users": [{}]}}
            ),
            "tables.users[0]: no value for column country",
        ),
    ],
)
def test_import_errors_are_one_line_and_change_nothing(
    server: LocalServer, tmp_path: Path, content: str, message: str
) -> None:
    before = exported(server)
    (tmp_path / "bad.json").write_text(content)
    result = run("import", str(tmp_path / "bad.json"), "--data-dir", str(server.data_dir), "--yes")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert exported(server) == before


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.json"), "--data-dir", str(tmp_path / "data"), "--yes")
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot read {tmp_path / 'nope.json'}: No such file or directory\n"
    assert not (tmp_path / "data").exists()


def test_export_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    result = run("export", "--data-dir", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert "no database at" in result.stderr and "atlas-access serve --data-dir" in result.stderr
    assert not (tmp_path / "nothing").exists()


def test_a_fresh_data_directory_takes_a_state_and_serves_it(server: LocalServer, tmp_path: Path) -> None:
    """CI: export once; in each job, import into a new data directory with the keys and bootstrap.json beside it,
    then serve: every credential of the exporting server works."""
    invite(server, "ada@example.com")
    assert run("export", "--data-dir", str(server.data_dir), "-o", str(tmp_path / "state.json")).exit_code == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("keys.json", "bootstrap.json"):
        shutil.copy(server.data_dir / name, fresh / name)
    result = run("import", str(tmp_path / "state.json"), "--data-dir", str(fresh), "--yes")
    assert result.exit_code == 0, result.output
    copy = LocalServer(fresh).start()
    try:
        assert copy.bootstrap == server.bootstrap
        invites = copy.digest().get(f"/api/atlas/v2/orgs/{copy.org_id}/invites").json()
        assert [i["username"] for i in invites] == ["ada@example.com"]
        assert copy.bearer().get(f"/api/atlas/v2/orgs/{copy.org_id}").status_code == 200
        assert copy.admin().get("/api/local/v1/clock").status_code == 200
        assert copy.outbox() == server.outbox()  # the mails open with the same keys
    finally:
        copy.stop()


def test_import_migrates_a_document_of_an_earlier_version(tmp_path: Path) -> None:
    org, key_id, public, private = "a" * 24, "b" * 24, "oldkeyab", "3f1c1f0e-6a7d-4b1e-9a57-0c1d2e3f4a5b"
    document = document_at("0005", lambda conn: key_with_clear_ha1(conn, org, key_id, public, private), tmp_path)
    (tmp_path / "old.json").write_text(json.dumps(document))
    data = tmp_path / "data"
    result = run("import", str(tmp_path / "old.json"), "--data-dir", str(data), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(", migrated from schema revision 0005.\n")
    assert (data / "keys.json").is_file()  # made to seal the old HA1, as the first start would
    # The state has an organization already, so the server makes no bootstrap: the test knows its own key.
    (data / "bootstrap.json").write_text(json.dumps({"publicKey": public, "privateKey": private}))
    server = LocalServer(data).start()
    try:
        assert server.digest().get(f"/api/atlas/v2/orgs/{org}").json()["name"] == "Old"
    finally:
        server.stop()


@pytest.mark.postgres
def test_export_and_import_with_postgresql(pg_server: LocalServer, postgres_cluster: PostgresCluster) -> None:
    invite(pg_server, "ada@example.com")
    source = pg_server.config.database_url
    assert source is not None
    exported_text = run("export", "--database-url", source)
    assert exported_text.exit_code == 0, exported_text.output
    assert json.loads(exported_text.stdout) == exported(pg_server)
    target = postgres_cluster.create_database("state_command_target")
    try:
        imported = run("import", "-", "--database-url", target, "--yes", stdin=exported_text.stdout)
        assert imported.exit_code == 0, imported.output
        again = run("export", "--database-url", target)
        assert again.stdout == exported_text.stdout
    finally:
        postgres_cluster.drop_database("state_command_target")
