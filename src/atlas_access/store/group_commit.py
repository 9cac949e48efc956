"""Group commit on SQLite: the units of work an event loop runs in two turns share one transaction and one COMMIT.

A COMMIT writes every page the transaction changed to the write-ahead log (the server copies the log into the
database on a thread of its own: ``store.wal_checkpoints``), and BEGIN IMMEDIATE and COMMIT cost more than a
request's own statements (bench/RESULTS.md). Requests that arrive together touch the same pages (the last page
of the events table and of its indexes, the invitations' index pages), so committing them together writes each
page once.

Each unit of work from async code (``Database.run``) runs at once, inline on the event loop as before, inside a
savepoint of the loop thread's open transaction (BEGIN IMMEDIATE when the first unit of a turn opens it): a unit
that raises is rolled back to its savepoint alone. The transaction commits one turn of the loop later: the first
unit schedules a callback (``loop.call_soon``) that runs after every unit the loop had ready, and that callback
schedules the COMMIT once more, after the units of the requests the loop's next look at its sockets found (the
ones that arrived while it ran the group's first turn). Under load this makes groups of about as many units as
there are connections, a COMMIT for each instead of one for every few (bench/RESULTS.md), for a unit's answer
waiting one turn longer. Every unit, the failed ones and the reads too, answers
only once that COMMIT returned: nothing is acknowledged, and nothing another unit wrote is shown, before it is as
durable as ``synchronous`` makes a commit. If the COMMIT fails, every unit of the group fails. The first unit of a
group needs no savepoint: if it fails, the transaction holds nothing else, so it is rolled back whole, the group
ends, and that unit answers at once (it saw nothing uncommitted); the next unit opens a new group.

The units run one after another on one connection, so the group is the same as running them one by one, each in
its own transaction, in that order. A thread has at most one open group, of whichever database: a synchronous
unit of work on the loop thread (``Database.run_sync``), or a unit of another database on the same file (tests run
two "processes" on one loop), commits the open group first, else it would wait for a lock its own thread holds.
Other threads keep their own connections and transactions; while a group is open they wait
for SQLite's write lock (at most two turns of the loop), as they waited for one request's transaction before.
"""

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, RootTransaction

T = TypeVar("T")

_UNIT = "atlas_unit"  # the savepoint of one unit of work (units never nest: each runs to its end at once)


class GroupCommitFailed(RuntimeError):
    """The COMMIT of a group of units of work failed: none of them took effect."""


@dataclass(slots=True)
class _Group:
    owner: "GroupCommit"
    conn: Connection
    transaction: RootTransaction
    waiting: list[asyncio.Future[None]] = field(default_factory=list)


class GroupCommit:
    """The open group of each thread's event loop; ``connect`` gives the thread's own connection."""

    def __init__(self, connect: Callable[[], Connection]) -> None:
        self._connect = connect
        self.committed: Callable[[Connection], None] | None = None  # told of each group's COMMIT that succeeded

    async def run(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in the thread's group; its result (or its exception) once the group has committed."""
        group = self._open()
        if not group.waiting:  # the group's first unit: nothing of another unit to keep if it fails
            return await self._run_first(group, work)
        dbapi: Any = group.conn.connection.dbapi_connection
        dbapi.execute(f"SAVEPOINT {_UNIT}")
        failure: BaseException | None = None
        result: T | None = None
        try:
            result = work(group.conn)
        except BaseException as problem:
            failure = problem
            try:
                dbapi.execute(f"ROLLBACK TO {_UNIT}")
                dbapi.execute(f"RELEASE {_UNIT}")
            except BaseException:
                self._abandon(group)
                raise
        else:
            dbapi.execute(f"RELEASE {_UNIT}")
        return await self._answer(group, result, failure)

    async def _run_first(self, group: _Group, work: Callable[[Connection], T]) -> T:
        """The first unit of a group runs without a savepoint: if it fails, the whole transaction, which holds
        nothing else, is rolled back and the group ends (the next unit opens another); it answers at once."""
        try:
            result = work(group.conn)
        except BaseException:
            self._abandon(group)  # no unit waits in it yet
            raise
        return await self._answer(group, result, None)

    @staticmethod
    async def _answer(group: _Group, result: T | None, failure: BaseException | None) -> T:
        committed = asyncio.get_running_loop().create_future()
        group.waiting.append(committed)
        await committed
        if failure is not None:
            raise failure
        return result  # type: ignore[return-value]

    @staticmethod
    def flush() -> None:
        """Commit the calling thread's open group now, if there is one (before a synchronous unit of work)."""
        group = _open_group()
        if group is not None:
            _commit(group)

    def _open(self) -> _Group:
        group = _open_group()
        if group is not None and group.owner is self:
            return group
        if group is not None:
            _commit(group)  # another database's group: its lock would stall this one's BEGIN IMMEDIATE
        conn = self._connect()
        group = _THREAD.group = _Group(self, conn, conn.begin())
        loop = asyncio.get_running_loop()
        loop.call_soon(loop.call_soon, _commit, group)  # after this turn's units, then the next turn's
        return group

    def _abandon(self, group: _Group) -> None:
        """End the group rolled back whole (the connection failed under a unit, or its first unit failed): every
        unit waiting in it fails."""
        if _open_group() is group:
            _THREAD.group = None
        _rollback(group)
        _settle(group, GroupCommitFailed("a unit of work broke the transaction of its group"))


_THREAD = threading.local()  # ``group``: the thread's open group, if any


def _open_group() -> _Group | None:
    group: _Group | None = getattr(_THREAD, "group", None)
    return group


def _commit(group: _Group) -> None:
    if _open_group() is not group:
        return  # committed already (by ``flush``, or before another database's group opened)
    _THREAD.group = None
    try:
        group.transaction.commit()
    except Exception as problem:
        _rollback(group)
        _settle(group, GroupCommitFailed(f"the commit of {len(group.waiting)} units of work failed: {problem}"))
        return
    _settle(group, None)
    if group.owner.committed is not None:
        group.owner.committed(group.conn)


def _rollback(group: _Group) -> None:
    try:
        group.transaction.rollback()
        dbapi: Any = group.conn.connection.dbapi_connection
        dbapi.rollback()  # a failed COMMIT leaves SQLite's transaction open, where SQLAlchemy sees it ended
    except Exception:
        group.conn.invalidate()  # the thread's next unit of work opens a new connection


def _settle(group: _Group, failure: GroupCommitFailed | None) -> None:
    for committed in group.waiting:
        if committed.done():
            continue  # its request was cancelled meanwhile
        if failure is None:
            committed.set_result(None)
        else:
            committed.set_exception(GroupCommitFailed(str(failure)))
