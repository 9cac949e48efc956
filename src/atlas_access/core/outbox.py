"""The mails the server writes, and the states of their delivery."""

from dataclasses import dataclass

STORED = "STORED"  # no SMTP server configured: the outbox is where the mail is read
QUEUED = "QUEUED"  # waiting for (another attempt at) SMTP delivery
SENDING = "SENDING"  # claimed by one process until its lease runs out
SENT = "SENT"


@dataclass(frozen=True, slots=True)
class Mail:
    """One mail; what carries the invitee's link (text, html, link) is only ever kept ``sealed``."""

    id: str
    invitation_id: str | None
    recipient: str
    subject: str
    sealed: str
    created_at: int  # server clock
    state: str
    attempts: int
    next_attempt_at: float | None  # real time: retries follow the wall clock
    last_error: str | None
    sent_at: int | None
