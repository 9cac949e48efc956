"""The outbox: every mail the server writes, newest last, with its delivery state."""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from atlas_access.store.prepared import Prepared, Row
from atlas_access.store.tables import outbox
from atlas_access.store.upsert import insert

STORED = "STORED"  # no SMTP server configured: the outbox is where the mail is read
QUEUED = "QUEUED"  # waiting for (another attempt at) SMTP delivery
SENDING = "SENDING"  # claimed by one process until its lease runs out
SENT = "SENT"


@dataclass(frozen=True, slots=True)
class Mail:
    id: str
    invitation_id: str | None
    recipient: str
    subject: str
    sealed: str
    created_at: int
    state: str
    attempts: int
    next_attempt_at: float | None
    last_error: str | None
    sent_at: int | None


_COLUMNS = (
    outbox.c.id,
    outbox.c.invitation_id,
    outbox.c.recipient,
    outbox.c.subject,
    outbox.c.sealed,
    outbox.c.created_at,
    outbox.c.state,
    outbox.c.attempts,
    outbox.c.next_attempt_at,
    outbox.c.last_error,
    outbox.c.sent_at,
)
_ALL = Prepared(select(*_COLUMNS).order_by(outbox.c.created_at, outbox.c.id))


def from_row(row: Row) -> Mail:
    return Mail(*row)


def add(conn: Connection, mail: Mail) -> None:
    insert(
        conn,
        outbox,
        {
            "id": mail.id,
            "invitation_id": mail.invitation_id,
            "recipient": mail.recipient,
            "subject": mail.subject,
            "sealed": mail.sealed,
            "created_at": mail.created_at,
            "state": mail.state,
            "attempts": mail.attempts,
            "next_attempt_at": mail.next_attempt_at,
            "last_error": mail.last_error,
            "sent_at": mail.sent_at,
        },
    )


def listing(conn: Connection) -> list[Mail]:
    """Every mail, oldest first (the outbox shows the newest last)."""
    return [from_row(row) for row in _ALL.rows(conn)]
