"""Time: the server clock is real time plus an offset that the local control API can move.

Timestamps are whole seconds since the epoch (UTC) everywhere in the store; the wire shows them as
ISO-8601 with a ``Z`` and no fraction, like ``2026-08-10T03:03:37Z``.
"""

import functools
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

INVITATION_LIFETIME = timedelta(days=30)


def real_now() -> float:
    return time.time()


def server_now(offset_seconds: int) -> int:
    """The server's time in whole seconds: real time moved by ``offset_seconds``."""
    return int(time.time()) + offset_seconds


_TWO_DIGITS = tuple(f"{number:02d}" for number in range(60))
_DAYS: dict[int, str] = {}  # a day's ``2026-08-10T``, by days since the epoch
_DAYS_KEPT = 4096


def iso(seconds: int) -> str:
    """``2026-08-10T03:03:37Z``"""
    # A hot path (every timestamp an answer shows): the date is formatted once per day, the time of day from a
    # table of two-digit strings; a third of ``time.strftime``'s cost, a ninth of datetime's.
    day, second = divmod(int(seconds), 86400)
    date = _DAYS.get(day)
    if date is None:
        if len(_DAYS) >= _DAYS_KEPT:
            _DAYS.clear()
        date = _DAYS[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    return f"{date}{_TWO_DIGITS[hour]}:{_TWO_DIGITS[minute]}:{_TWO_DIGITS[second]}Z"


def parse_iso(text: str) -> int:
    """Parse an ISO-8601 timestamp (``Z`` or an offset; a bare date means midnight UTC) into epoch seconds."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


# How far the local control API may move the server clock. Not before the epoch: timestamps, Digest nonces and
# tokens count seconds from it. Not past the year 9000: whatever lives for a while from "now" (invitations, secrets,
# tokens) must still end before the year 10000, the last one a timestamp can show.
EARLIEST = 0
LATEST = int(datetime(9000, 1, 1, tzinfo=UTC).timestamp())


def check_server_time(seconds: int) -> int:
    """``seconds`` if the server clock may show it, else ValueError saying the range."""
    if not EARLIEST <= seconds <= LATEST:
        raise ValueError(f"the server clock must stay between {iso(EARLIEST)} and {iso(LATEST)}")
    return seconds


def http_date(day: date) -> str:
    """An HTTP date for a calendar day as MongoDB Cloud writes it: ``Thu, 1 Jul 2027 00:00:00 GMT``.

    Note the day of the month is not zero-padded, unlike RFC 7231's IMF-fixdate.
    """
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    text = format_datetime(stamp, usegmt=True)  # "Thu, 01 Jul 2027 00:00:00 GMT"
    weekday, rest = text.split(", ", 1)
    return f"{weekday}, {rest.lstrip('0')}"


@functools.lru_cache(maxsize=256)
def day_start(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> int:
    """``"31d"``, ``"90m"``, ``"1h30m"``, ``"45"`` (seconds) into seconds. Raises ValueError."""
    value = text.strip().lower()
    if not value:
        raise ValueError("empty duration")
    if value.lstrip("-").isdigit():
        _number(value.lstrip("-"))
        return int(value)
    sign = -1 if value.startswith("-") else 1
    value = value.lstrip("-")
    total, number = 0, ""
    for char in value:
        if char.isdigit():
            number += char
        elif char in _UNITS and number:
            total += _number(number) * _UNITS[char]
            number = ""
        else:
            raise ValueError(f"bad duration {text!r}: use forms like 31d, 12h, 90m, 45s")
    if number:
        raise ValueError(f"bad duration {text!r}: a number needs a unit (d, h, m, s, w)")
    return sign * total


_LONGEST_NUMBER = 20  # digits: far beyond any clock move, and short of Python's 4,300-digit limit on int()


def _number(digits: str) -> int:
    if len(digits) > _LONGEST_NUMBER:
        raise ValueError(f"bad duration: a number has at most {_LONGEST_NUMBER} digits")
    return int(digits)
