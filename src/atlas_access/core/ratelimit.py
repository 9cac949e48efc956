"""Atlas-style rate limiting: token buckets per endpoint set and scope key.

MongoDB Atlas groups endpoints into *endpoint sets*, each with a bucket per scope (e.g. per organization)
holding up to ``capacity`` requests and refilling ``refill`` requests every ``interval_seconds``. The refill
is step-wise, as recorded real responses show (``Ratelimit-Remaining`` went 499 -> 489 over 37 seconds of
organization requests): each full interval since the bucket was created adds ``refill`` tokens at once,
up to ``capacity``.

Time is always passed in by the caller (seconds, from the server's possibly offset clock), so tests can
move it freely.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

__all__ = ["SLACK_SECONDS", "BucketRule", "Buckets", "Decision", "TokenBuckets", "exceeded_detail"]

# A refill due within this many seconds counts as done. This absorbs floating-point error: epoch seconds
# near 1.7e9 are only precise to about 0.24 microseconds, so an exact interval may fall just short.
SLACK_SECONDS = 1e-3


@dataclass(frozen=True, slots=True)
class BucketRule:
    """Limits of one endpoint set: ``capacity`` tokens, refilled by ``refill`` per ``interval_seconds``."""

    endpoint_set: str
    capacity: int
    refill: int
    interval_seconds: int

    def __post_init__(self) -> None:
        if self.capacity < 1 or self.refill < 1 or self.interval_seconds < 1:
            raise ValueError(f"capacity, refill and interval_seconds must be positive: {self!r}")


@dataclass(frozen=True, slots=True)
class Decision:
    """Result of :meth:`TokenBuckets.take`.

    ``limit`` and ``remaining`` feed the ``Ratelimit-Limit`` / ``Ratelimit-Remaining`` headers;
    ``retry_after_seconds`` is 0 when allowed, else the whole seconds until a token is available (>= 1).
    """

    allowed: bool
    limit: int
    remaining: int
    retry_after_seconds: int


class Buckets(Protocol):
    """Where the buckets live: this process's memory (``TokenBuckets``, SQLite's one process) or the database
    (``store.rate_buckets.SharedBuckets``, every process on one PostgreSQL)."""

    def take(self, rule: BucketRule, scope_key: str, now: float) -> Decision: ...

    def clear(self) -> None: ...


class TokenBuckets:
    """Buckets in this process's memory: the server's on SQLite, where one process serves.

    Memory is bounded: beyond ``max_keys`` buckets the least recently used one is
    dropped, and a dropped bucket simply starts full again. Thread-safe (one uncontended lock per call).
    """

    __slots__ = ("_buckets", "_lock", "_max_keys")

    def __init__(self, max_keys: int = 100_000) -> None:
        """Create an empty set of buckets holding at most ``max_keys`` (endpoint set, scope key) pairs."""
        if max_keys < 1:
            raise ValueError("max_keys must be at least 1")
        self._max_keys = max_keys
        # (endpoint_set, scope_key) -> [tokens, start of the current interval]; least recently used first.
        self._buckets: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Number of buckets currently held."""
        return len(self._buckets)

    def take(self, rule: BucketRule, scope_key: str, now: float) -> Decision:
        """Consume one token from the bucket of ``rule.endpoint_set`` / ``scope_key`` if one is available.

        If ``now`` is earlier than the start of the bucket's current interval (the clock moved backwards) no
        tokens are added and the interval restarts at ``now``, so refilling resumes instead of stalling.
        """
        capacity, interval = rule.capacity, rule.interval_seconds
        key = (rule.endpoint_set, scope_key)
        with self._lock:
            buckets = self._buckets
            state = buckets.get(key)
            if state is None:
                state = buckets[key] = [float(capacity), now]
                if len(buckets) > self._max_keys:
                    buckets.popitem(last=False)
            else:
                buckets.move_to_end(key)
                elapsed = now - state[1]
                if elapsed < 0:
                    state[1] = now
                else:
                    intervals = math.floor((elapsed + SLACK_SECONDS) / interval)
                    if intervals > 0:
                        state[0] = min(float(capacity), state[0] + intervals * rule.refill)
                        state[1] += intervals * interval
            if state[0] >= 1.0:
                state[0] -= 1.0
                return Decision(True, capacity, int(state[0]), 0)
            wait = state[1] + interval - now
        return Decision(False, capacity, 0, max(1, math.ceil(wait - SLACK_SECONDS)))

    def clear(self) -> None:
        """Forget every bucket (they all start full again)."""
        with self._lock:
            self._buckets.clear()


def exceeded_detail(rule: BucketRule, retry_after: int) -> tuple[str, list[object]]:
    """Return the ``detail`` and ``parameters`` of Atlas's ``RATE_LIMIT_EXCEEDED`` 429 error body."""
    detail = (
        f"Rate limit exceeded for {rule.endpoint_set}. Please retry after {retry_after} seconds. "
        f"Request capacity: {rule.capacity}. Refill rate: {rule.refill} per {rule.interval_seconds} seconds."
    )
    return detail, [rule.endpoint_set, retry_after, rule.capacity, rule.refill, rule.interval_seconds]
