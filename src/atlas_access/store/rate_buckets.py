"""MongoDB Cloud's token buckets kept in PostgreSQL, so that every server process takes from the same bucket.

One row per endpoint set and scope. A take is one statement: it creates the bucket full, or refills it by the whole
intervals passed since its interval began (``core.ratelimit``'s rule, computed from the server clock the caller
passes), takes a token if there is one, and returns what is left. It runs on a connection of its own in
autocommit, outside the request's transaction, so that the row is locked only for that statement (never until a
request commits, which would make every request of an organization wait for the previous one), and with
``synchronous_commit`` off: a bucket is worth no disk flush, and a database crash that forgets the last takes only
gives some tokens back.
"""

import math
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, text
from sqlalchemy.pool import ConnectionPoolEntry

from atlas_access.core.ratelimit import SLACK_SECONDS, BucketRule, Decision
from atlas_access.store.async_connections import AsyncConnections, libpq_url
from atlas_access.store.prepared import Prepared, Row
from atlas_access.store.tables import rate_buckets

__all__ = ["SharedBuckets"]

POOL_SIZE = 4  # a take holds its connection for one statement

_NOW = "CAST(:now AS DOUBLE PRECISION)"
_CAPACITY = "CAST(:capacity AS INTEGER)"
_TAKE = Prepared(
    text(
        f"""
INSERT INTO rate_buckets AS b (endpoint_set, scope_key, tokens, interval_start, granted)
VALUES (:endpoint_set, :scope_key, {_CAPACITY} - 1, {_NOW}, 1)
ON CONFLICT (endpoint_set, scope_key) DO UPDATE SET (tokens, interval_start, granted) = (
    SELECT GREATEST(r.refilled - 1, 0), r.start, CASE WHEN r.refilled >= 1 THEN 1 ELSE 0 END
    FROM (
        SELECT
            CASE WHEN s.elapsed < 0 THEN b.tokens
                 ELSE CAST(LEAST({_CAPACITY}, b.tokens + LEAST(s.steps, {_CAPACITY}) * CAST(:refill AS INTEGER))
                           AS INTEGER) END AS refilled,
            CASE WHEN s.elapsed < 0 THEN {_NOW}
                 ELSE b.interval_start + s.steps * CAST(:interval AS INTEGER) END AS start
        FROM (
            SELECT {_NOW} - b.interval_start AS elapsed,
                   GREATEST(FLOOR(({_NOW} - b.interval_start + CAST(:slack AS DOUBLE PRECISION))
                                  / CAST(:interval AS INTEGER)), 0) AS steps
        ) AS s
    ) AS r
)
RETURNING tokens, interval_start, granted
"""
    ).columns(rate_buckets.c.tokens, rate_buckets.c.interval_start, rate_buckets.c.granted)
)
_CLEAR = Prepared(delete(rate_buckets))


class SharedBuckets:
    """``core.ratelimit.TokenBuckets``'s rules over the ``rate_buckets`` table of a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(
            url,
            pool_size=POOL_SIZE,
            max_overflow=POOL_SIZE,
            isolation_level="AUTOCOMMIT",
            pool_reset_on_return=None,  # autocommit: nothing to roll back
            hide_parameters=True,
        )

        def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
            dbapi_connection.autocommit = True
            dbapi_connection.execute("SET synchronous_commit = off")

        event.listen(self.engine, "connect", on_connect)
        self._awaited = AsyncConnections(libpq_url(url), POOL_SIZE, ("SET synchronous_commit = off",))

    def take(self, rule: BucketRule, scope_key: str, now: float) -> Decision:
        """Consume one token of the bucket of ``rule.endpoint_set`` / ``scope_key`` if one is left."""
        with self.engine.connect() as conn:
            row = _TAKE.first(conn, **_values(rule, scope_key, now))
        assert row is not None  # INSERT ... ON CONFLICT DO UPDATE always returns its row
        return _decision(rule, row, now)

    async def take_awaited(self, rule: BucketRule, scope_key: str, now: float) -> Decision | None:
        """``take`` awaited on the event loop (a request's guarded write, ``store.guarded_writes``); None when no
        connection can be made now (nothing was taken)."""
        async with self._awaited.cursor() as cursor:
            if cursor is None:
                return None
            row = await _TAKE.first_awaited(cursor, self.engine.dialect, **_values(rule, scope_key, now))
        assert row is not None
        return _decision(rule, row, now)

    def clear(self) -> None:
        """Forget every bucket of every process (they all start full again)."""
        with self.engine.connect() as conn:
            _CLEAR.count(conn)

    def dispose(self) -> None:
        self._awaited.close()
        self.engine.dispose()


def _values(rule: BucketRule, scope_key: str, now: float) -> dict[str, Any]:
    return {
        "endpoint_set": rule.endpoint_set,
        "scope_key": scope_key,
        "now": now,
        "capacity": rule.capacity,
        "refill": rule.refill,
        "interval": rule.interval_seconds,
        "slack": SLACK_SECONDS,
    }


def _decision(rule: BucketRule, row: Row, now: float) -> Decision:
    if row["granted"]:
        return Decision(True, rule.capacity, int(row["tokens"]), 0)
    wait = float(row["interval_start"]) + rule.interval_seconds - now
    return Decision(False, rule.capacity, 0, max(1, math.ceil(wait - SLACK_SECONDS)))
