"""Claiming due mails for delivery: one claimer per mail, even across processes sharing one database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas_access.store import migrate, outbox
from atlas_access.store.database import Database, sqlite_url

NOW = 1_800_000_000.0
LEASE = 60.0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of each engine."""
    found = sqlite_url(tmp_path) if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))
    db = Database(found)
    migrate.upgrade(db)
    db.dispose()
    return found


@pytest.fixture
def db(url: str) -> Iterator[Database]:
    opened = Database(url)
    yield opened
    opened.dispose()


def queue(db: Database, count: int, due: float = NOW) -> list[str]:
    ids = [f"{n:024x}" for n in range(1, count + 1)]
    for n, mail_id in enumerate(ids):
        mail = outbox.Mail(
            mail_id, None, f"u{n}@example.com", "subject", "sealed", 1, outbox.QUEUED, 0, due, None, None
        )
        db.run_sync(lambda conn, mail=mail: outbox.add(conn, mail))
    return ids


def states(db: Database) -> dict[str, tuple[str, int]]:
    return {mail.id: (mail.state, mail.attempts) for mail in db.run_sync(outbox.listing)}


def test_a_due_mail_is_claimed_once_until_its_lease_runs_out(db: Database) -> None:
    [mail_id] = queue(db, 1)
    assert db.run_sync(lambda conn: outbox.claim_due(conn, NOW - 1, LEASE, 10)) == []  # not due yet
    [claimed] = db.run_sync(lambda conn: outbox.claim_due(conn, NOW, LEASE, 10))
    assert (claimed.id, claimed.state, claimed.attempts) == (mail_id, outbox.SENDING, 1)
    assert db.run_sync(lambda conn: outbox.claim_due(conn, NOW + LEASE - 1, LEASE, 10)) == []

    # The claimer died mid-send: once the lease is over, the mail is due again, as attempt 2.
    [again] = db.run_sync(lambda conn: outbox.claim_due(conn, NOW + LEASE + 1, LEASE, 10))
    assert again.attempts == 2
    # The first claim's late failure must not put back a mail that attempt 2 now owns.
    assert not db.run_sync(lambda conn: outbox.mark_retry(conn, mail_id, 1, NOW, "late"))
    assert db.run_sync(lambda conn: outbox.mark_retry(conn, mail_id, 2, NOW + 100, "refused"))
    assert states(db) == {mail_id: (outbox.QUEUED, 2)}
    assert db.run_sync(lambda conn: outbox.claim_due(conn, NOW + 99, LEASE, 10)) == []
    [third] = db.run_sync(lambda conn: outbox.claim_due(conn, NOW + 100, LEASE, 10))
    db.run_sync(lambda conn: outbox.mark_sent(conn, third.id, 42))
    [sent] = db.run_sync(outbox.listing)
    assert (sent.state, sent.attempts, sent.sent_at, sent.last_error) == (outbox.SENT, 3, 42, None)
    assert db.run_sync(lambda conn: outbox.claim_due(conn, NOW + 10_000, LEASE, 10)) == []


def test_stored_mails_are_never_claimed(db: Database) -> None:
    mail = outbox.Mail("f" * 24, None, "x@example.com", "s", "sealed", 1, outbox.STORED, 0, None, None, None)
    db.run_sync(lambda conn: outbox.add(conn, mail))
    assert db.run_sync(lambda conn: outbox.claim_due(conn, NOW + 10_000, LEASE, 10)) == []


def test_concurrent_claimers_never_share_a_mail(url: str) -> None:
    """Two deliverers, each with its own engine (as two server processes), race for the same due mails."""
    setup = Database(url)
    ids = queue(setup, 40)
    setup.dispose()
    claimed: list[list[str]] = [[], []]
    start = threading.Barrier(2)

    def claimer(index: int) -> None:
        db = Database(url)
        try:
            start.wait(timeout=10)
            while mails := db.run_sync(lambda conn: outbox.claim_due(conn, NOW, LEASE, 3)):
                claimed[index].extend(mail.id for mail in mails)
        finally:
            db.dispose()

    threads = [threading.Thread(target=claimer, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    first, second = claimed
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == ids
