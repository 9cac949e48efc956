"""When to send a request again: 429 after its ``Retry-After``, and for idempotent methods a 5xx answer or a
failed connection, with jittered exponential backoff, a bounded number of times. A POST is never sent twice,
not even after a 429 (an Atlas POST creates something; the caller decides)."""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["IDEMPOTENT", "RetryPolicy"]

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` more attempts at most; backoff ``base * 2**attempt`` capped at ``cap`` seconds, scaled by
    a random factor in [0.5, 1] (jitter); ``Retry-After`` is honoured up to ``max_retry_after`` seconds."""

    max_retries: int = 3
    base: float = 0.5
    cap: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        return float(min(self.cap, self.base * 2**attempt) * random.uniform(0.5, 1.0))

    def after_status(self, method: str, status: int, retry_after: str | None, attempt: int) -> float | None:
        """Seconds to wait before attempt ``attempt + 1`` after an answer with ``status``, or ``None``: do not."""
        if attempt >= self.max_retries or method.upper() == "POST":
            return None
        if status == 429:
            seconds = _seconds(retry_after)
            if seconds is None:
                return self.backoff(attempt)
            return seconds if seconds <= self.max_retry_after else None
        if status >= 500 and method.upper() in IDEMPOTENT:
            return self.backoff(attempt)
        return None

    def after_failure(self, method: str, attempt: int) -> float | None:
        """Seconds to wait after a connection failure or timeout, or ``None``: give up (and raise)."""
        if attempt >= self.max_retries or method.upper() not in IDEMPOTENT:
            return None
        return self.backoff(attempt)


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(0.0, seconds)
