"""JSON on the wire: compact with keys in alphabetical order, or Jackson's pretty form with ``pretty=true``.

MongoDB Cloud is a Jackson server. Its pretty printer indents objects by two spaces and writes
``"key" : value``; arrays stay on one line with ``", "`` between items (``[ "a", "b" ]``, ``[ ]``).
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

# Compact answers go through msgspec's encoder: the same bytes as the json module's compact, sorted form, in an
# eighth of the time (bench/RESULTS.md), except that a float with an exponent is written without "+" and a leading
# zero ("1e16", not "1e+16"; the same number), and a float that is not finite (never in an answer) as null. What
# it will not write goes the json module's way below: a lone surrogate, a key that is not a string. (It also
# writes some things the json module refuses, such as sets and bytes, which no answer holds.)
_sorted = msgspec.json.Encoder(order="sorted")
_as_built = msgspec.json.Encoder()
_compact = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_compact_unsorted = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)  # one each: json.dumps makes one a call


def to_json(value: Any, *, pretty: bool = False, sort_keys: bool = True) -> bytes:
    """Render ``value`` as UTF-8 JSON bytes."""
    if pretty:
        text = _pretty(value, 0, sort_keys)
    else:
        try:
            return (_sorted if sort_keys else _as_built).encode(value)
        except (UnicodeEncodeError, TypeError):
            text = (_compact if sort_keys else _compact_unsorted).encode(value)
    # A lone surrogate (no character, so no UTF-8) can only sit inside a JSON string: written as its \u escape,
    # which is what that string says in JSON, rather than failing the answer.
    return text.encode("utf-8", "backslashreplace")


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _pretty(value: Any, depth: int, sort_keys: bool) -> str:
    if isinstance(value, Mapping):
        if not value:
            return "{ }"
        inner = "  " * (depth + 1)
        keys = sorted(value) if sort_keys else list(value)
        items = [f"{inner}{_scalar(str(k))} : {_pretty(value[k], depth + 1, sort_keys)}" for k in keys]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(_pretty(item, depth, sort_keys) for item in value) + " ]"
    return _scalar(value)


def envelope(body: Any, status: int) -> Any:
    """``envelope=true``: a paginated list gains ``status``; anything else becomes ``{content, status}``.

    A 204's content is ``{}``.
    """
    if isinstance(body, dict) and "results" in body:
        return {**body, "status": status}
    return {"content": {} if body is None else body, "status": status}
