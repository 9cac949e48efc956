"""The delivery loop: retry delays, and several deliverers on one database sending each mail once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from atlas_access.core.clock import real_now
from atlas_access.server.mail.compose import Letter, whole
from atlas_access.server.mail.delivery import Delivery, DeliveryTiming, retry_delay
from atlas_access.server.mail.seal import Seal
from atlas_access.server.mail.smtp import SmtpSettings
from atlas_access.store import migrate, outbox
from atlas_access.store.database import Database, sqlite_url

SMTP = SmtpSettings("127.0.0.1", 25)


def test_retry_delay_doubles_up_to_the_cap_with_jitter() -> None:
    timing = DeliveryTiming(retry_base_seconds=2, retry_cap_seconds=300)
    middle = [retry_delay(attempts, timing, jitter=0.5) for attempts in (1, 2, 3, 4, 8, 9, 1000)]
    assert middle == [2, 4, 8, 16, 256, 300, 300]
    assert retry_delay(1, timing, jitter=0.0) == pytest.approx(1.6)
    assert retry_delay(1, timing, jitter=0.999) == pytest.approx(2.4, abs=0.01)
    assert retry_delay(8, timing, jitter=0.0) == pytest.approx(128 * 1.6)  # jitter holds below the cap
    assert retry_delay(1000, timing, jitter=0.999) == 300
    for _ in range(100):
        assert 1.6 <= retry_delay(1, timing) <= 2.4


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    found = sqlite_url(tmp_path) if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))
    db = Database(found)
    migrate.upgrade(db)
    db.dispose()
    yield found


def test_two_deliverers_send_each_mail_once(url: str) -> None:
    seal = Seal(Fernet.generate_key())
    setup = Database(url)
    recipients = [f"user{n}@example.com" for n in range(12)]
    for n, recipient in enumerate(recipients):
        letter = Letter(f"text {n}", f"<p>{n}</p>", f"http://x/{n}")
        mail = outbox.Mail(
            f"{n + 1:024x}",
            None,
            recipient,
            "s",
            seal.close(whole(letter)),
            1,
            outbox.QUEUED,
            0,
            real_now(),
            None,
            None,
        )
        setup.run_sync(lambda conn, mail=mail: outbox.add(conn, mail))
    sent: Counter[str] = Counter()

    async def send(settings: SmtpSettings, recipient: str, subject: str, text: str, html: str) -> None:
        await asyncio.sleep(0.01)  # let the other deliverer run meanwhile
        assert text.startswith("text ")
        sent[recipient] += 1

    async def deliver() -> None:
        timing = DeliveryTiming(poll_seconds=0.02, batch=2)
        databases = [Database(url), Database(url)]
        deliveries = [Delivery(db, seal, SMTP, timing, send=send) for db in databases]
        for delivery in deliveries:
            delivery.start()
        try:
            for _ in range(500):
                if all(mail.state == outbox.SENT for mail in setup.run_sync(outbox.listing)):
                    break
                await asyncio.sleep(0.02)
        finally:
            for delivery in deliveries:
                await delivery.close(5)
            for db in databases:
                db.dispose()

    asyncio.run(deliver())
    mails = setup.run_sync(outbox.listing)
    setup.dispose()
    assert sent == Counter(recipients)  # each once
    assert {(mail.state, mail.attempts) for mail in mails} == {(outbox.SENT, 1)}


def test_a_failed_send_is_queued_again_with_its_reason(tmp_path: Path) -> None:
    seal = Seal(Fernet.generate_key())
    db = Database(sqlite_url(tmp_path))
    migrate.upgrade(db)
    mail = outbox.Mail(
        "a" * 24,
        None,
        "x@example.com",
        "s",
        seal.close(whole(Letter("t", "h", "l"))),
        1,
        outbox.QUEUED,
        0,
        0.0,
        None,
        None,
    )
    db.run_sync(lambda conn: outbox.add(conn, mail))

    async def refuse(settings: SmtpSettings, recipient: str, subject: str, text: str, html: str) -> None:
        raise ConnectionRefusedError(111, "Connection refused")

    timing = DeliveryTiming(retry_base_seconds=60, retry_cap_seconds=60)
    before = real_now()
    assert asyncio.run(Delivery(db, seal, SMTP, timing, send=refuse).run_once()) == 1
    [after] = db.run_sync(outbox.listing)
    db.dispose()
    assert (after.state, after.attempts, after.sent_at) == (outbox.QUEUED, 1, None)
    assert after.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert after.next_attempt_at is not None
    assert before + 48 <= after.next_attempt_at <= real_now() + 72
