"""Tests for the Atlas-style token buckets."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.core.ratelimit import BucketRule, Decision, TokenBuckets, exceeded_detail

ORGS = BucketRule("api/atlas/v2/orgs", capacity=10, refill=5, interval_seconds=60)
BIG = BucketRule("api/atlas/v2/groups", capacity=500, refill=250, interval_seconds=60)
T0 = 1_760_000_000.0
DAY = 86_400.0


def drain(buckets: TokenBuckets, rule: BucketRule, key: str, now: float) -> list[Decision]:
    return [buckets.take(rule, key, now) for _ in range(rule.capacity)]


def test_first_request_leaves_capacity_minus_one() -> None:
    buckets = TokenBuckets()
    assert buckets.take(BIG, "org1", T0) == Decision(allowed=True, limit=500, remaining=499, retry_after_seconds=0)


def test_remaining_counts_down_then_refusal() -> None:
    buckets = TokenBuckets()
    decisions = drain(buckets, ORGS, "org1", T0)
    assert [d.remaining for d in decisions] == list(range(9, -1, -1))
    assert all(d.allowed and d.limit == 10 and d.retry_after_seconds == 0 for d in decisions)
    refused = buckets.take(ORGS, "org1", T0 + 5)
    # Refills come in whole steps, one interval after the bucket started: 55 s to go (the real sample says 55).
    assert refused == Decision(allowed=False, limit=10, remaining=0, retry_after_seconds=55)


def test_retry_after_counts_down_and_is_at_least_one() -> None:
    buckets = TokenBuckets()
    drain(buckets, ORGS, "org1", T0)
    assert buckets.take(ORGS, "org1", T0 + 1).retry_after_seconds == 59
    assert buckets.take(ORGS, "org1", T0 + 6.5).retry_after_seconds == 54  # 53.5 s left, rounded up
    assert buckets.take(ORGS, "org1", T0 + 59.99).retry_after_seconds == 1
    assert buckets.take(ORGS, "org1", T0 + 60).allowed


def test_refused_requests_do_not_consume() -> None:
    buckets = TokenBuckets()
    drain(buckets, ORGS, "org1", T0)
    for _ in range(100):
        assert not buckets.take(ORGS, "org1", T0 + 5).allowed
    assert [buckets.take(ORGS, "org1", T0 + 60).allowed for _ in range(6)] == [True] * 5 + [False]


def test_no_refill_within_an_interval_as_recorded() -> None:
    """Recorded: Ratelimit-Remaining 499 -> 489 over 11 organization requests spread across 37 s."""
    buckets = TokenBuckets()
    remaining = [buckets.take(BIG, "org1", T0 + offset).remaining for offset in range(0, 37, 3)]
    assert remaining == list(range(499, 499 - len(remaining), -1))


def test_step_refill() -> None:
    buckets = TokenBuckets()
    drain(buckets, ORGS, "org1", T0)
    assert not buckets.take(ORGS, "org1", T0 + 59.5).allowed
    # After one interval exactly 5 tokens are back at once (no floating-point shortfall).
    decisions = [buckets.take(ORGS, "org1", T0 + 60) for _ in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert [d.remaining for d in decisions] == [4, 3, 2, 1, 0, 0]
    assert decisions[-1].retry_after_seconds == 60
    # Two and a half intervals later: two refills, and the next one is due at the interval boundary.
    assert sum(buckets.take(ORGS, "org1", T0 + 210).allowed for _ in range(20)) == 10
    assert buckets.take(ORGS, "org1", T0 + 210).retry_after_seconds == 30


def test_refill_caps_at_capacity() -> None:
    buckets = TokenBuckets()
    buckets.take(BIG, "org1", T0)
    assert buckets.take(BIG, "org1", T0 + 3600).remaining == 499


def test_clock_jumping_forward_by_days_refills_to_capacity_only() -> None:
    buckets = TokenBuckets()
    drain(buckets, BIG, "org1", T0)
    assert not buckets.take(BIG, "org1", T0).allowed
    decisions = drain(buckets, BIG, "org1", T0 + 30 * DAY)
    assert all(d.allowed for d in decisions)
    assert decisions[0].remaining == 499
    assert not buckets.take(BIG, "org1", T0 + 30 * DAY).allowed
    # Even a preposterous jump is harmless.
    assert buckets.take(BIG, "org1", T0 + 1e15).remaining == 499


def test_backwards_clock_adds_nothing_and_does_not_crash() -> None:
    buckets = TokenBuckets()
    drain(buckets, ORGS, "org1", T0)
    refused = buckets.take(ORGS, "org1", T0 - 3600)
    assert not refused.allowed
    assert refused.retry_after_seconds == 60
    assert not buckets.take(ORGS, "org1", T0 - 7200).allowed
    # Refilling resumes from the new (earlier) time instead of stalling for hours.
    assert buckets.take(ORGS, "org1", T0 - 7200 + 60).allowed


def test_backwards_clock_on_a_new_bucket() -> None:
    buckets = TokenBuckets()
    assert buckets.take(ORGS, "org1", T0).remaining == 9
    assert buckets.take(ORGS, "org1", 0.0).remaining == 8
    assert buckets.take(ORGS, "org1", -5.0).remaining == 7


def test_independent_keys_and_endpoint_sets() -> None:
    buckets = TokenBuckets()
    other_set = BucketRule("api/atlas/v2/other", capacity=10, refill=5, interval_seconds=60)
    drain(buckets, ORGS, "org1", T0)
    assert not buckets.take(ORGS, "org1", T0).allowed
    assert buckets.take(ORGS, "org2", T0).remaining == 9
    assert buckets.take(other_set, "org1", T0).remaining == 9
    assert len(buckets) == 3


def test_same_key_in_different_sets_does_not_collide() -> None:
    buckets = TokenBuckets()
    a = BucketRule("a", capacity=1, refill=1, interval_seconds=60)
    ab = BucketRule("a:b", capacity=1, refill=1, interval_seconds=60)
    assert buckets.take(a, "b:c", T0).allowed
    assert buckets.take(ab, "c", T0).allowed


def test_eviction_bound_least_recently_used() -> None:
    buckets = TokenBuckets(max_keys=3)
    for key in ("a", "b", "c"):
        drain(buckets, ORGS, key, T0)
    assert not buckets.take(ORGS, "a", T0).allowed  # "a" becomes the most recently used
    assert buckets.take(ORGS, "d", T0).allowed  # evicts "b", the least recently used
    assert len(buckets) == 3
    assert not buckets.take(ORGS, "a", T0).allowed
    assert not buckets.take(ORGS, "c", T0).allowed
    assert buckets.take(ORGS, "b", T0).remaining == 9  # an evicted key starts full again


def test_eviction_bound_holds_for_many_keys() -> None:
    buckets = TokenBuckets(max_keys=100)
    for index in range(10_000):
        buckets.take(ORGS, f"org{index}", T0)
        assert len(buckets) <= 100
    assert len(buckets) == 100


def test_clear() -> None:
    buckets = TokenBuckets()
    drain(buckets, ORGS, "org1", T0)
    buckets.clear()
    assert len(buckets) == 0
    assert buckets.take(ORGS, "org1", T0).remaining == 9


def test_threads_never_over_grant() -> None:
    buckets = TokenBuckets()
    rule = BucketRule("threads", capacity=1000, refill=1, interval_seconds=3600)
    granted: list[int] = []

    def worker() -> None:
        granted.append(sum(buckets.take(rule, "k", T0).allowed for _ in range(500)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == 1000


@pytest.mark.parametrize(
    "kwargs",
    [
        {"capacity": 0, "refill": 1, "interval_seconds": 1},
        {"capacity": 1, "refill": 0, "interval_seconds": 1},
        {"capacity": 1, "refill": 1, "interval_seconds": 0},
        {"capacity": -1, "refill": 1, "interval_seconds": 1},
    ],
)
def test_rule_validation(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        BucketRule("x", **kwargs)


def test_max_keys_validation() -> None:
    with pytest.raises(ValueError):
        TokenBuckets(max_keys=0)


def test_exceeded_detail_matches_atlas() -> None:
    assert exceeded_detail(ORGS, 55) == (
        "Rate limit exceeded for api/atlas/v2/orgs. Please retry after 55 seconds. "
        "Request capacity: 10. Refill rate: 5 per 60 seconds.",
        ["api/atlas/v2/orgs", 55, 10, 5, 60],
    )


@given(
    capacity=st.integers(1, 2000),
    refill=st.integers(1, 1000),
    interval=st.integers(1, 3600),
    steps=st.lists(st.floats(-1e6, 1e9, allow_nan=False), max_size=50),
)
def test_invariants(capacity: int, refill: int, interval: int, steps: list[float]) -> None:
    rule = BucketRule("p", capacity=capacity, refill=refill, interval_seconds=interval)
    buckets = TokenBuckets()
    now = T0
    for step in steps:
        now += step
        decision = buckets.take(rule, "k", now)
        assert decision.limit == capacity
        assert 0 <= decision.remaining < capacity
        if decision.allowed:
            assert decision.retry_after_seconds == 0
        else:
            assert decision.remaining == 0
            assert 1 <= decision.retry_after_seconds <= interval
