"""Delivering queued mails over SMTP in the background, retried until the SMTP server accepts them.

Several server processes may share one database: each claims due mails with a conditional update
(``store.outbox.claim_due``), so a mail is handed to one process at a time. A mail is SENT only once the SMTP
server accepted it; a failure puts it back in the queue with a growing delay, and nothing is ever given up.
Delivery is at least once: a process that dies after the SMTP server accepted a mail but before recording it
leaves the mail to be sent again when its lease runs out.
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from atlas_access.core.clock import real_now, server_now
from atlas_access.server.mail import smtp
from atlas_access.server.mail.compose import UNREADABLE, opened
from atlas_access.server.mail.seal import Seal
from atlas_access.store import outbox
from atlas_access.store.database import Database, Transaction
from atlas_access.store.settings import clock_offset

log = logging.getLogger("atlas_access.mail")

Sender = Callable[[smtp.SmtpSettings, str, str, str, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class DeliveryTiming:
    """How often to look for due mails and how long to wait before trying a failed one again."""

    poll_seconds: float = 1.0
    retry_base_seconds: float = 2.0  # the first retry; each later one waits twice as long...
    retry_cap_seconds: float = 300.0  # ...up to this
    lease_seconds: float = 120.0  # longer than one send can take (each SMTP step times out after 10 s)
    batch: int = 5  # mails claimed and sent at once


def retry_delay(attempts: int, timing: DeliveryTiming, jitter: float | None = None) -> float:
    """Seconds to wait after failed attempt number ``attempts``: 2, 4, 8, ... each within ±20%, at most the cap.

    The jitter keeps processes and mails that failed together from retrying in step. ``jitter`` in [0, 1)
    replaces the random draw (for tests).
    """
    doubling = timing.retry_base_seconds * 2.0 ** min(max(attempts - 1, 0), 32)
    draw = random.random() if jitter is None else jitter
    return min(timing.retry_cap_seconds, doubling * (0.8 + 0.4 * draw))


class Delivery:
    """The background task of one server process that sends its share of the queued mails."""

    def __init__(
        self,
        db: Database,
        seal: Seal,
        settings: smtp.SmtpSettings,
        timing: DeliveryTiming | None = None,
        send: Sender = smtp.send,
    ) -> None:
        self._db = db
        self._seal = seal
        self._settings = settings
        self._timing = timing or DeliveryTiming()
        self._send = send
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Run in the background of the running event loop until ``close``."""
        self._task = asyncio.create_task(self.run())

    async def close(self, timeout: float) -> None:
        """Let the mails in hand finish for up to ``timeout`` seconds, then cancel.

        A mail cut off that way stays SENDING until its lease runs out, and is then sent again.
        """
        self.stop()
        if self._task is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._task, timeout)

    async def run(self) -> None:
        """Send due mails until ``stop``; a failing round (the database away, say) is logged and tried again."""
        log.info("mail delivery to %s started", self._settings.shown())
        while not self._stopping.is_set():
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("mail delivery round failed; will retry")
                busy = 0
            if busy < self._timing.batch:  # a full batch suggests more are due: look again at once
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self._timing.poll_seconds)

    def stop(self) -> None:
        """Finish the mails in hand, then return from ``run``."""
        self._stopping.set()

    async def run_once(self) -> int:
        """Claim the due mails (up to one batch) and try each once; how many were claimed."""
        timing = self._timing
        mails = await self._db.run(lambda conn: outbox.claim_due(conn, real_now(), timing.lease_seconds, timing.batch))
        outcomes = await asyncio.gather(*(self._deliver(mail) for mail in mails), return_exceptions=True)
        for mail, outcome in zip(mails, outcomes, strict=True):
            if isinstance(outcome, Exception):  # recording the outcome failed: the lease brings the mail back
                log.error("mail %s: recording its delivery failed: %s", mail.id, outcome)
        return len(mails)

    async def _deliver(self, mail: outbox.Mail) -> None:
        letter = opened(self._seal.open(mail.sealed))
        if letter is UNREADABLE:  # kept, not sent: the placeholder is no mail for anyone
            await self._failed(mail, "sealed with a mail key this server does not have")
            return
        try:
            await self._send(self._settings, mail.recipient, mail.subject, letter.text, letter.html)
        except Exception as problem:
            await self._failed(mail, smtp.describe(problem))
            return
        await self._db.run(lambda conn: outbox.mark_sent(conn, mail.id, _server_now(conn)))
        log.info("mail %s to %s delivered (attempt %d)", mail.id, mail.recipient, mail.attempts)

    async def _failed(self, mail: outbox.Mail, reason: str) -> None:
        delay = retry_delay(mail.attempts, self._timing)
        await self._db.run(lambda conn: outbox.mark_retry(conn, mail.id, mail.attempts, real_now() + delay, reason))
        log.warning(
            "mail %s to %s not delivered (attempt %d): %s; next attempt in %.0f s",
            mail.id,
            mail.recipient,
            mail.attempts,
            reason,
            delay,
        )


def _server_now(conn: Transaction) -> int:
    return server_now(clock_offset(conn))
