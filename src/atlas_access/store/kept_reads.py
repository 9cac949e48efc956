"""What guarded reads found, kept while nothing is committed to the SQLite database (docs/guarded-writes.md).

A statement run on SQLite outside a transaction reads a snapshot of its own. Run again with the same values while
no connection has committed anything, it finds the same rows. SQLite tells a connection whether any other
connection, in this process or another, has committed since it last asked: ``PRAGMA data_version`` changes then.
The reader connection never writes (``query_only``), so while the number stays the same, so does the database, and
a statement's answer read before is its answer now. Asking costs a few microseconds; the statement and turning its
row into a record cost several times that.

The answers are kept per reader connection, each under its statement and values, and dropped all together as soon
as the number moves. No more than ``MAX_KEPT`` are kept: the oldest goes first.
"""

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from atlas_access.store.database import Autocommit

__all__ = ["MAX_KEPT", "kept"]

T = TypeVar("T")

MAX_KEPT = 4096
"""Answers kept per reader connection (a few hundred bytes to a few kilobytes each)."""

_KEY = "atlas_access.kept_reads"


class _Kept:
    """One connection's kept answers, and the ``data_version`` they were read at."""

    __slots__ = ("answers", "cursor", "version")

    def __init__(self, dbapi_connection: Any) -> None:
        self.cursor = dbapi_connection.cursor()
        self.version: int | None = None
        self.answers: dict[Hashable, Any] = {}

    def current(self) -> dict[Hashable, Any]:
        """The answers still true: all of them, unless something was committed since the last time."""
        (version,) = self.cursor.execute("PRAGMA data_version").fetchone()
        if version != self.version:
            self.answers.clear()
            self.version = version
        return self.answers


def kept(conn: Autocommit, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``'s answer, as read now: kept from an earlier call with the same ``key`` if nothing has been
    committed since, else read and kept. ``read`` runs one statement on ``conn`` (outside a transaction) and must
    depend on nothing but the database and what ``key`` holds."""
    record = conn.connection
    found: _Kept | None = record.info.get(_KEY)
    if found is None:
        found = record.info[_KEY] = _Kept(record.dbapi_connection)
    answers = found.current()
    if key in answers:
        answer: T = answers[key]
        return answer
    answer = read()
    if len(answers) >= MAX_KEPT:
        del answers[next(iter(answers))]
    answers[key] = answer
    return answer
