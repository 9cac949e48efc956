"""Invitation mail over SMTP (WIRE.md section 9), against aiosmtpd as a real SMTP server on 127.0.0.1.

Delivered once the SMTP server accepts it; retried while it is down or refuses; never lost, never sent twice.
"""

from __future__ import annotations

import email
import email.policy
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from atlas_access.server.mail.delivery import DeliveryTiming
from support.server import LocalServer, free_port

T = TypeVar("T")
# Short delays so that retries happen within a test; the defaults are 1 s polls and 2 s, 4 s, ... 300 s.
FAST = DeliveryTiming(poll_seconds=0.05, retry_base_seconds=0.1, retry_cap_seconds=0.3)
SENDER = "invites@example.com"


class Inbox:
    """An aiosmtpd handler that keeps what it accepts and refuses recipients while ``refusing`` is set."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.refusing = False

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.refusing:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        parsed = [
            email.message_from_bytes(bytes(e.original_content or b""), policy=email.policy.default)
            for e in self.envelopes
        ]
        return [message for message in parsed if isinstance(message, EmailMessage)]


@contextmanager
def smtp_server(port: int, inbox: Inbox, login: tuple[str, str] | None = None) -> Iterator[Inbox]:
    """aiosmtpd on 127.0.0.1:``port``; with ``login``, it offers AUTH (without TLS) and takes only that one."""

    def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        given = (data.login.decode(), data.password.decode()) if isinstance(data, LoginPassword) else None
        return AuthResult(success=given == login, handled=False)  # handled=False: aiosmtpd answers a refusal

    extra: dict[str, Any] = {"authenticator": authenticate, "auth_require_tls": False} if login else {}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **extra)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@contextmanager
def running(server: LocalServer) -> Iterator[LocalServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


def wait_for(what: str, check: Callable[[], T | None], seconds: float = 15) -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def invite(server: LocalServer, username: str) -> dict[str, Any]:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def only_mail(server: LocalServer, delivery: str) -> Callable[[], dict[str, Any] | None]:
    """A check for ``wait_for``: the single mail in the outbox once its delivery state is ``delivery``."""

    def check() -> dict[str, Any] | None:
        mails = server.outbox()
        assert len(mails) == 1
        return mails[0] if mails[0]["delivery"] == delivery else None

    return check


def queued_after(server: LocalServer, attempts: int) -> Callable[[], dict[str, Any] | None]:
    """A check for ``wait_for``: the single mail once it is back in the queue after ``attempts`` failures."""

    def check() -> dict[str, Any] | None:
        mail = only_mail(server, "QUEUED")()
        return mail if mail is not None and mail["attempts"] >= attempts else None

    return check


def test_invitation_mail_reaches_the_smtp_server(tmp_path: Path) -> None:
    port = free_port()
    url = f"smtp://127.0.0.1:{port}?from={SENDER}"
    with (
        smtp_server(port, Inbox()) as inbox,
        running(LocalServer(tmp_path / "d", smtp_url=url, mail_timing=FAST)) as server,
    ):
        invitation = invite(server, "ada@example.com")
        sent = wait_for("the mail to be SENT", only_mail(server, "SENT"))
        assert len(inbox.envelopes) == 1
        envelope = inbox.envelopes[0]
        assert envelope.mail_from == SENDER
        assert envelope.rcpt_tos == ["ada@example.com"]
        [message] = inbox.messages()
        assert message["To"] == "ada@example.com"
        assert message["From"] == SENDER
        assert message["Subject"] == sent["subject"]
        assert "Invitation to join" in message["Subject"]
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert text is not None and html is not None
        link = sent["link"]
        assert link.startswith(f"{server.base_url}/account/invitations/")
        assert link in text.get_content()
        assert f'href="{link}"' in html.get_content()
        assert sent["attempts"] == 1
        assert sent["lastError"] is None
        assert sent["sentAt"] is not None
        assert sent["invitationId"] == invitation["id"]


def test_smtp_server_down_the_mail_waits_and_is_delivered_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="atlas_access")
    port = free_port()  # nothing listens here yet
    url = f"smtp://mailer:s3cret-Pa55@127.0.0.1:{port}"
    with running(LocalServer(tmp_path / "d", smtp_url=url, mail_timing=FAST)) as server:
        invitation = invite(server, "bob@example.com")  # the API does not wait for, nor fail with, the mail
        client = server.digest()
        found = client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation['id']}")
        assert found.status_code == 200
        assert found.json()["username"] == "bob@example.com"
        waiting = wait_for("failed attempts", queued_after(server, 2))
        assert "refused" in waiting["lastError"].lower()
        assert waiting["sentAt"] is None

        with smtp_server(port, Inbox(), login=("mailer", "s3cret-Pa55")) as inbox:
            sent = wait_for("the mail to be SENT", only_mail(server, "SENT"))
            assert sent["attempts"] > waiting["attempts"]
            time.sleep(10 * FAST.poll_seconds)  # time enough for a duplicate, were there one
            assert len(inbox.envelopes) == 1
            assert inbox.envelopes[0].rcpt_tos == ["bob@example.com"]
            assert server.outbox()[0]["attempts"] == sent["attempts"]

    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert any("not delivered" in record.getMessage() for record in warnings)
    token = sent["link"].rsplit("/", 1)[1]
    assert "s3cret-Pa55" not in caplog.text
    assert token not in caplog.text


def test_refused_recipient_is_retried_not_lost(tmp_path: Path) -> None:
    port = free_port()
    inbox = Inbox()
    inbox.refusing = True
    url = f"smtp://127.0.0.1:{port}"
    with smtp_server(port, inbox), running(LocalServer(tmp_path / "d", smtp_url=url, mail_timing=FAST)) as server:
        invite(server, "carol@example.com")
        waiting = wait_for("refused attempts", queued_after(server, 2))
        assert waiting["lastError"].startswith("recipient refused: 550")
        assert "no such mailbox" in waiting["lastError"]
        assert inbox.envelopes == []

        inbox.refusing = False
        sent = wait_for("the mail to be SENT", only_mail(server, "SENT"))
        assert sent["attempts"] >= 3
        assert len(inbox.envelopes) == 1


def test_a_refused_login_is_recorded_without_the_password(tmp_path: Path) -> None:
    port = free_port()
    url = f"smtp://mailer:wrong-Pa55@127.0.0.1:{port}"
    with (
        smtp_server(port, Inbox(), login=("mailer", "right-Pa55")) as inbox,
        running(LocalServer(tmp_path / "d", smtp_url=url, mail_timing=FAST)) as server,
    ):
        invite(server, "erin@example.com")
        waiting = wait_for("a failed attempt", queued_after(server, 1))
        assert waiting["lastError"].startswith("login refused: 535")
        assert "Pa55" not in waiting["lastError"]
        assert inbox.envelopes == []


def test_without_smtp_mails_stay_in_the_outbox(server: LocalServer) -> None:
    invite(server, "dan@example.com")
    time.sleep(0.3)
    [mail] = server.outbox()
    assert mail["delivery"] == "STORED"
    assert mail["attempts"] == 0
    assert mail["lastError"] is None
