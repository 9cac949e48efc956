"""The outbox: every mail the server writes, newest last, with its delivery state."""

from dataclasses import replace

from sqlalchemy import Connection, select, update

from atlas_access.core.outbox import QUEUED, SENDING, SENT, STORED, Mail
from atlas_access.store.prepared import Prepared, Row, as_record, param
from atlas_access.store.tables import outbox
from atlas_access.store.upsert import insert

__all__ = ["QUEUED", "SENDING", "SENT", "STORED", "Mail"]

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
# QUEUED mails whose time has come, and SENDING ones whose lease ran out (their sender died mid-send).
_DUE = Prepared(
    select(*_COLUMNS)
    .where(outbox.c.state.in_([QUEUED, SENDING]), outbox.c.next_attempt_at <= param("now"))
    .order_by(outbox.c.next_attempt_at, outbox.c.id)
    .limit(param("limit"))
)
# Matches only the row as it was read: of several processes claiming the same mail, one changes it.
_CLAIM = Prepared(
    update(outbox)
    .where(
        outbox.c.id == param("id"),
        outbox.c.state == param("seen_state"),
        outbox.c.next_attempt_at == param("seen_at"),
        outbox.c.attempts == param("seen_attempts"),
    )
    .values(state=SENDING, attempts=outbox.c.attempts + 1, next_attempt_at=param("lease_until"))
)
_SENT = Prepared(
    update(outbox)
    .where(outbox.c.id == param("id"), outbox.c.state != SENT)
    .values(state=SENT, sent_at=param("now"), next_attempt_at=None, last_error=None)
)
# Only the claim that made this attempt may put the mail back in the queue.
_RETRY = Prepared(
    update(outbox)
    .where(outbox.c.id == param("id"), outbox.c.state == SENDING, outbox.c.attempts == param("claimed"))
    .values(state=QUEUED, next_attempt_at=param("next"), last_error=param("error"))
)


def from_row(row: Row) -> Mail:
    return as_record(Mail, row)


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


def claim_due(conn: Connection, now: float, lease_seconds: float, limit: int) -> list[Mail]:
    """Take up to ``limit`` mails due at ``now`` (real time) for one delivery attempt each.

    Each claimed mail becomes SENDING with one more attempt, leased until ``now + lease_seconds``; when the
    lease runs out before ``mark_sent`` or ``mark_retry``, the mail is due again. Safe against other
    processes claiming at the same time: a mail is returned to one of them only.
    """
    lease_until = now + lease_seconds
    claimed = []
    for mail in map(from_row, _DUE.rows(conn, now=now, limit=limit)):
        taken = _CLAIM.count(
            conn,
            id=mail.id,
            seen_state=mail.state,
            seen_at=mail.next_attempt_at,
            seen_attempts=mail.attempts,
            lease_until=lease_until,
        )
        if taken == 1:
            claimed.append(replace(mail, state=SENDING, attempts=mail.attempts + 1, next_attempt_at=lease_until))
    return claimed


def mark_sent(conn: Connection, mail_id: str, server_now: int) -> None:
    """The SMTP server accepted the mail: SENT at ``server_now`` (server clock), never attempted again."""
    _SENT.count(conn, id=mail_id, now=server_now)


def mark_retry(conn: Connection, mail_id: str, attempts: int, next_attempt_at: float, error: str) -> bool:
    """Attempt number ``attempts`` failed: QUEUED again from ``next_attempt_at`` (real time) with the reason.

    False when that attempt no longer owns the mail (its lease ran out and another claim took it).
    """
    return _RETRY.count(conn, id=mail_id, claimed=attempts, next=next_attempt_at, error=error[:500]) == 1
