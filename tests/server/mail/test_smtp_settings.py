"""``--smtp-url``: the forms it takes, clear errors for the rest, and the password never shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

from atlas_access.server import runtime
from atlas_access.server.command import main
from atlas_access.server.mail.smtp import SmtpSettings, parse_smtp_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.com", SmtpSettings("mail.example.com", 25, "plain")),
        ("smtp://127.0.0.1:2525", SmtpSettings("127.0.0.1", 2525, "plain")),
        (
            "smtp+starttls://me%40example.com:p%3Ass@mail.example.com?from=invites@example.com",
            SmtpSettings("mail.example.com", 587, "starttls", "me@example.com", "p:ss", "invites@example.com"),
        ),
        ("smtps://u:p@mail.example.com", SmtpSettings("mail.example.com", 465, "tls", "u", "p")),
        ("SMTPS://[::1]:4650/", SmtpSettings("::1", 4650, "tls")),
        ("smtp://h?from=invites+atlas@example.com", SmtpSettings("h", 25, sender="invites+atlas@example.com")),
        (
            "smtp://h?from=Atlas%20Access%20%3Cno-reply%40example.com%3E",
            SmtpSettings("h", 25, sender="Atlas Access <no-reply@example.com>"),
        ),
    ],
)
def test_accepted_forms(url: str, expected: SmtpSettings) -> None:
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://mail.example.com", "scheme must be smtp, smtp+starttls or smtps"),
        ("mail.example.com:25", "scheme"),
        ("smtp://", "host is missing"),
        ("smtp://h:0", "port must be a number"),
        ("smtp://h:99999", "port must be a number"),
        ("smtp://h:twenty", "port must be a number"),
        ("smtp://h/inbox", "no path"),
        ("smtp://:secret@h", "password needs a user name"),
        ("smtp://h?from=nobody", "is not a mail address"),
        ("smtp://h?sender=a@b.c", "unknown parameter 'sender'"),
        ("smtp://h?from=a@b.c&from=d@e.f", "give ?from= once"),
        ("smtp://h?from", "cannot read 'from' in the query"),
    ],
)
def test_rejected_forms_say_why(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_smtp_url(url)


def test_the_password_is_masked_when_shown() -> None:
    settings = parse_smtp_url("smtp+starttls://mailer:hunter2@mail.example.com?from=a@example.com")
    assert settings.shown() == "smtp+starttls://mailer:***@mail.example.com:587?from=a@example.com"
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in str(settings)


def test_serve_rejects_a_bad_smtp_url_without_echoing_the_password(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--data-dir", str(tmp_path / "d"), "--smtp-url", "smtp://user:hunter2@h:nope"]
    )
    assert result.exit_code == 2
    assert "--smtp-url: the port must be a number" in result.output
    assert "hunter2" not in result.output
    assert not (tmp_path / "d").exists()  # rejected before anything was created


def test_serve_banner_names_the_smtp_server_with_the_password_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[runtime.OpenedServer] = []
    open_server = runtime.open_server
    monkeypatch.setattr(runtime, "open_server", lambda config: opened.append(open_server(config)) or opened[-1])
    # serve listens on its own socket and hands it to uvicorn's server (a busy port fails before the banner)
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets=None: opened[-1].state.db.dispose())
    result = CliRunner().invoke(
        main,
        ["serve", "--port", "0", "--data-dir", str(tmp_path / "d")],
        env={"ATLAS_ACCESS_SMTP_URL": "smtps://mailer:hunter2@mail.example.com?from=a@example.com"},
    )
    assert result.exit_code == 0, result.output
    assert len(opened) == 1
    assert opened[0].state.post is not None
    assert opened[0].state.post.smtp == SmtpSettings(
        "mail.example.com", 465, "tls", "mailer", "hunter2", "a@example.com"
    )
    assert "mail: SMTP smtps://mailer:***@mail.example.com:465?from=a@example.com" in result.output
    assert "hunter2" not in result.output

    plain = CliRunner().invoke(
        main, ["serve", "--port", "0", "--data-dir", str(tmp_path / "d")], env={"ATLAS_ACCESS_SMTP_URL": ""}
    )
    assert plain.exit_code == 0, plain.output
    assert "mail: kept in the outbox (atlas-access outbox)" in plain.output


def test_serve_help_describes_smtp_url() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--smtp-url" in result.output
    assert "smtp+starttls://" in result.output
