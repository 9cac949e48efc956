"""The request journal itself (``server.journal``): bounded, newest last, ids that never repeat, secrets masked as
the entry is made."""

from __future__ import annotations

from typing import Any

import pytest

from atlas_access.server.auth.principal import API_KEY, AuthenticationRequired, Principal, Refusal
from atlas_access.server.journal import Filter, Journal, Note


def record(journal: Journal, target: str = "/api/atlas/v2/orgs", status: int = 200, **noted: Any) -> int:
    return journal.record(
        started=1_800_000_000.25,
        method="GET",
        target=target,
        status=status,
        error_code=None,
        duration=0.0015,
        noted=Note(**noted),
    )


def test_it_keeps_the_newest_entries_up_to_its_capacity() -> None:
    journal = Journal(capacity=3)
    ids = [record(journal, f"/api/atlas/v2/orgs/{number}") for number in range(5)]
    assert ids == [1, 2, 3, 4, 5]
    assert [entry.path for entry in journal.entries()] == [f"/api/atlas/v2/orgs/{number}" for number in (2, 3, 4)]
    assert journal.last_id == 5 and journal.capacity == 3


def test_the_default_capacity_is_a_thousand() -> None:
    journal = Journal()
    for _ in range(1001):
        record(journal)
    kept = journal.entries()
    assert len(kept) == 1000 and kept[0].id == 2 and kept[-1].id == 1001


def test_clearing_keeps_the_ids_counting() -> None:
    journal = Journal()
    record(journal)
    record(journal)
    assert journal.clear() == 2
    assert journal.entries() == []
    assert record(journal) == 3


def test_a_journal_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError):
        Journal(capacity=0)


def test_the_target_is_masked_before_it_is_kept() -> None:
    journal = Journal()
    record(journal, "/account/invitations/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg?access_token=abc&x=1")
    (entry,) = journal.entries()
    assert (entry.path, entry.query) == ("/account/invitations/AbCd…", "access_token=…&x=1")


def test_a_refusal_keeps_why_and_the_real_credential_offered() -> None:
    noted = Note()
    key = Principal(API_KEY, "id", "abcdefgh", "org")
    noted.failed(AuthenticationRequired("Digest ...", Refusal.REPLAYED_NONCE, key))
    journal = Journal()
    record(journal, status=401, refusal=noted.refusal, principal=noted.principal, principal_type=noted.principal_type)
    view = journal.entries()[0].view()
    assert (view["authFailure"], view["principal"], view["principalType"]) == ("replayed nonce", "abcdefgh", "API_KEY")
    assert view["time"] == "2027-01-15T08:00:00.250Z"
    assert view["durationMs"] == 1.5


def test_the_server_time_follows_the_clock_last_seen() -> None:
    journal = Journal()
    record(journal, clock=1_800_000_000.25 + 86400)
    record(journal)  # a request that did not read the clock: the offset last seen
    journal.saw_clock_offset(60)
    record(journal)
    assert [entry.server_time - entry.time for entry in journal.entries()] == [86400, 86400, 60]


@pytest.mark.parametrize(
    ("pattern", "status", "matches"),
    [("401", 401, True), ("4xx", 404, True), ("4XX", 404, True), ("40x", 410, False), ("5xx", 401, False)],
)
def test_a_status_pattern(pattern: str, status: int, matches: bool) -> None:
    journal = Journal()
    record(journal, status=status)
    assert bool(journal.entries(Filter(status=pattern))) is matches


def test_a_limit_takes_the_newest_or_after_since_the_oldest() -> None:
    journal = Journal()
    for _ in range(5):
        record(journal)
    assert [entry.id for entry in journal.entries(Filter(limit=2))] == [4, 5]
    assert [entry.id for entry in journal.entries(Filter(since_id=1, limit=2))] == [2, 3]
