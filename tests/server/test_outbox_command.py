"""``atlas-access outbox``: the server's mails read from its database, as text or JSON, filtered."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from atlas_access.server.command import main
from support.server import LocalServer


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["outbox", *args], env=env)


def invite(server: LocalServer, username: str) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text


def test_no_database_yet_is_a_clear_error(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert "no database at" in result.output
    assert "atlas-access serve --data-dir" in result.output
    assert not (tmp_path / "nothing").exists()


def test_empty_outbox(server: LocalServer) -> None:
    text = run("--data-dir", str(server.data_dir))
    assert text.exit_code == 0, text.output
    assert text.output == "The outbox is empty.\n"
    as_json = run("--data-dir", str(server.data_dir), "--json")
    assert json.loads(as_json.output) == {"results": []}


def test_text_shows_each_mail_newest_last(server: LocalServer) -> None:
    invite(server, "ada@example.com")
    invite(server, "bob@example.com")
    ada, bob = server.outbox()
    result = run("--data-dir", str(server.data_dir))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("To:        ada@example.com") < out.index("To:        bob@example.com")
    for mail in (ada, bob):
        assert f"Subject:   {mail['subject']}" in out
        assert f"Created:   {mail['createdAt']}" in out
        assert f"Link:      {mail['link']}" in out
        assert f"  Accept or decline it here:\n  {mail['link']}" in out  # the text, indented
    assert out.count("Delivery:  STORED (not sent: no SMTP server configured)") == 2


def test_json_is_the_local_control_api_view(server: LocalServer) -> None:
    invite(server, "ada@example.com")
    result = run("--data-dir", str(server.data_dir), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"results": server.outbox()}


def test_last_and_to_filter(server: LocalServer) -> None:
    for name in ("ada", "bob", "cy"):
        invite(server, f"{name}@example.com")

    def recipients(*args: str) -> list[str]:
        result = run("--data-dir", str(server.data_dir), "--json", *args)
        assert result.exit_code == 0, result.output
        return [mail["to"] for mail in json.loads(result.output)["results"]]

    assert recipients() == ["ada@example.com", "bob@example.com", "cy@example.com"]
    assert recipients("--last", "2") == ["bob@example.com", "cy@example.com"]
    assert recipients("--to", "BOB@example.com") == ["bob@example.com"]
    assert recipients("--to", "bob@example.com", "--last", "5") == ["bob@example.com"]
    assert recipients("--to", "nobody@example.com") == []
    assert run("--data-dir", str(server.data_dir), "--to", "nobody@example.com").output == "The outbox is empty.\n"
    assert run("--data-dir", str(server.data_dir), "--last", "0").exit_code == 2


def test_database_url_from_the_environment(server: LocalServer, tmp_path: Path) -> None:
    invite(server, "ada@example.com")
    url = f"sqlite:///{server.data_dir.resolve() / 'atlas-access.db'}"
    result = run("--data-dir", str(tmp_path / "elsewhere"), "--json", env={"ATLAS_ACCESS_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert [mail["to"] for mail in json.loads(result.output)["results"]] == ["ada@example.com"]
