"""The background task of one server process that runs pending LDAP verifications and records their outcome.

Nothing here is needed for correctness beyond the database: every process looks for pending requests every
``poll_seconds`` and claims each with a conditional update for as long as the work can take (``lease_seconds``),
so one process runs it. The bind password is kept sealed with the request only until then. The outcome is written
only while the request is still PENDING. A request whose process stopped before finishing ends FAILED: at once on
an orderly shutdown, else when its deadline (real time) passes (ours).
"""

import asyncio
import contextlib
import logging
from functools import partial

from atlas_access.core.clock import real_now
from atlas_access.core.user_security import Validation, VerifyRequest, VerifyStatus, outcome
from atlas_access.server.auth.sealing import Seal
from atlas_access.server.ldap_verify.check import run_checks
from atlas_access.server.ldap_verify.policy import VerifyPolicy
from atlas_access.store import user_security as store
from atlas_access.store.database import Database, Transaction

log = logging.getLogger("atlas_access.ldap")

PASSWORD_PURPOSE = b"atlas-access ldap verify bind password v1"


class LdapVerifier:
    def __init__(self, db: Database, seal: Seal, policy: VerifyPolicy) -> None:
        self._db = db
        self._seal = seal
        self._policy = policy
        self._task: asyncio.Task[None] | None = None
        self._running: dict[str, asyncio.Task[None]] = {}

    def start(self) -> None:
        """Run in the background of the running event loop until ``close``."""
        self._task = asyncio.create_task(self._run())

    async def close(self) -> None:
        """Stop looking for work; the verifications under way end FAILED (their connections are abandoned)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        unfinished = list(self._running)
        for task in self._running.values():
            task.cancel()
        self._running.clear()
        for request_id in unfinished:
            with contextlib.suppress(Exception):
                await self._db.run(partial(_failed, request_id))

    async def run_pending(self) -> None:
        """Claim the pending verifications now and wait until they have run (for tools and tests)."""
        await self._tick()
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self._tick()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("looking for LDAP verifications failed; will retry")
            await asyncio.sleep(self._policy.poll_seconds)

    async def _tick(self) -> None:
        free = self._policy.concurrent - len(self._running)
        now = int(real_now())

        def claim(conn: Transaction) -> list[tuple[VerifyRequest, str | None]]:
            store.expire(conn, now)
            return store.claim(conn, now, now + self._policy.lease_seconds, free) if free > 0 else []

        for request, sealed in await self._db.run(claim):
            task = asyncio.create_task(self._verify(request, sealed))
            self._running[request.id] = task
            task.add_done_callback(partial(self._done, request.id))

    def _done(self, request_id: str, _task: "asyncio.Task[None]") -> None:
        self._running.pop(request_id, None)

    async def _verify(self, request: VerifyRequest, sealed: str | None) -> None:
        opened = None if sealed is None else self._seal.open(PASSWORD_PURPOSE, request.id, sealed)
        validations: tuple[Validation, ...] = ()
        if opened is not None:
            password = opened.decode("utf-8")
            try:
                validations = await asyncio.wait_for(
                    asyncio.to_thread(run_checks, request.target, password, self._policy),
                    self._policy.overall_seconds + self._policy.connect_seconds,
                )
            except TimeoutError:
                validations = ()
        status = outcome(validations)
        await self._db.run(lambda conn: store.finish(conn, request.id, status, validations))


def _failed(request_id: str, conn: Transaction) -> bool:
    return store.finish(conn, request_id, VerifyStatus.FAILED, ())
