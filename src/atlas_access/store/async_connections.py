"""A few PostgreSQL connections in autocommit for statements awaited on the event loop (``store.guarded_writes``).

psycopg's own pool (psycopg_pool) was measured for this: its checkout and return cost 33 µs of CPU per statement
against 0 here, 40% of what the statement itself costs the client (docs/guarded-writes.md). What is left to do
is small: make a connection when none is idle and fewer than ``size`` exist, else wait for one; give up one that
broke or that the server closed while it was idle (its socket has something to read, the same check the
engine's pool makes at checkout); and start over when the event loop is another one (a connection's waits
belong to the loop that made them). Each connection keeps one cursor, handed out with it: a new cursor per
statement (what ``AsyncConnection.execute`` makes) cost another 10-15 µs.
"""

import asyncio
import contextlib
import select
from collections.abc import AsyncIterator
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

__all__ = ["AsyncConnections", "libpq_url", "readable"]


class AsyncConnections:
    """At most ``size`` connections to ``url`` (a libpq URL), each made on first need with ``setup`` run on it."""

    def __init__(self, url: str, size: int, setup: tuple[str, ...] = ()) -> None:
        self._url = url
        self._size = size
        self._setup = setup
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: asyncio.Queue[psycopg.AsyncCursor[Any]] | None = None
        self._made = 0

    @contextlib.asynccontextmanager
    async def cursor(self) -> AsyncIterator[psycopg.AsyncCursor[Any] | None]:
        """The cursor of a connection of its own for the block, None if no connection can be made now (the server
        is down or refuses); the connection is given up, not kept, if the block raises (its state is unknown)."""
        cursor = await self._take()
        if cursor is None:
            yield None
            return
        idle = self._idle
        try:
            yield cursor
        except BaseException:
            self._give_up(cursor)
            raise
        if idle is not None and idle is self._idle and not cursor.connection.closed:
            idle.put_nowait(cursor)
        else:  # closed meanwhile, or the loop it waits on is gone
            self._give_up(cursor)

    async def _take(self) -> psycopg.AsyncCursor[Any] | None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self.close()
            self._loop, self._idle = loop, asyncio.Queue()
        idle = self._idle
        assert idle is not None
        while True:
            if idle.empty() and self._made < self._size:
                self._made += 1
                try:
                    return (await self._connect()).cursor()
                except psycopg.Error:
                    self._made -= 1
                    return None
                except BaseException:
                    self._made -= 1
                    raise
            cursor = await idle.get()
            conn = cursor.connection
            if not conn.closed and not readable(conn.pgconn.socket):
                return cursor
            self._give_up(cursor)  # the server closed it (a restart, a kill) or has a notice for it

    async def _connect(self) -> psycopg.AsyncConnection:
        conn = await psycopg.AsyncConnection.connect(self._url, autocommit=True)
        try:
            for statement in self._setup:
                await conn.execute(statement)
        except BaseException:
            conn.pgconn.finish()
            raise
        return conn

    def _give_up(self, cursor: psycopg.AsyncCursor[Any]) -> None:
        self._made -= 1
        cursor.connection.pgconn.finish()  # closing needs no round trip: the server sees the socket close

    def close(self) -> None:
        """Close every idle connection (those in use are closed as they come back)."""
        idle, self._idle, self._loop = self._idle, None, None
        while idle is not None and not idle.empty():
            self._give_up(idle.get_nowait())


def libpq_url(url: str) -> str:
    """A PostgreSQL URL as SQLAlchemy names it (``postgresql+psycopg://``) as libpq takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def readable(fd: int) -> bool:
    """Whether an idle connection's socket has something to read: the server closed it or has a notice for it."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))
