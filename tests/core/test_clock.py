"""The range the server clock may be moved within (``core/clock.py``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.core.clock import EARLIEST, LATEST, check_server_time, iso, parse_duration

RANGE = "the server clock must stay between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z"


def test_the_range_is_the_epoch_to_the_year_9000() -> None:
    assert iso(EARLIEST) == "1970-01-01T00:00:00Z"
    assert iso(LATEST) == "9000-01-01T00:00:00Z"
    assert check_server_time(EARLIEST) == EARLIEST
    assert check_server_time(LATEST) == LATEST


@pytest.mark.parametrize("seconds", [-1, LATEST + 1, parse_duration("99999999999999d")])
def test_outside_the_range_is_a_value_error_saying_it(seconds: int) -> None:
    with pytest.raises(ValueError) as refused:
        check_server_time(seconds)
    assert str(refused.value) == RANGE


@pytest.mark.parametrize("text", ["9" * 5000 + "d", "9" * 5000, "1" * 21 + "s"])
def test_a_duration_with_a_number_too_long_is_a_value_error_saying_so(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_duration(text)
    assert str(refused.value) == "bad duration: a number has at most 20 digits"


@given(st.integers(min_value=EARLIEST, max_value=LATEST))
def test_iso_writes_what_datetime_writes_across_the_range(seconds: int) -> None:
    assert iso(seconds) == datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_iso_stays_right_when_its_table_of_days_starts_over() -> None:
    """More days than ``iso`` keeps the date of: each answer still what datetime writes."""
    for day in range(5000):
        seconds = day * 86400 + 86399 - day % 86400
        assert iso(seconds) == datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
