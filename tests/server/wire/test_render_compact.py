"""Compact answers are written by msgspec's encoder: the same bytes as the json module's compact form (sorted or
as built) for any document of strings, integers, booleans, null, lists and objects, lone surrogates and keys that
are not strings included; floats are the same numbers."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from atlas_access.server.wire.render import to_json

_TEXT = st.text(max_size=8) | st.sampled_from(["\ud800", "a\udfffb", "\ud83d\ude00", 'q"\\\n\t\x00', "é€😀"])
_NUMBER = st.integers(min_value=-(2**70), max_value=2**70)
_SCALARS = st.none() | st.booleans() | _NUMBER | _TEXT
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=14,
)


def _json_module(value: Any, sort_keys: bool) -> bytes:
    text = json.dumps(value, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace")


@given(_DOCUMENTS, st.booleans())
def test_the_same_bytes_as_the_json_module(value: Any, sort_keys: bool) -> None:
    assert to_json(value, sort_keys=sort_keys) == _json_module(value, sort_keys)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_are_the_same_numbers(number: float) -> None:
    assert json.loads(to_json({"n": number}))["n"] == number


def test_keys_that_are_not_strings_are_written_as_the_json_module_writes_them() -> None:
    assert to_json({2: "b", 1: "a"}) == b'{"1":"a","2":"b"}'
    assert to_json({2: "b", 1: "a"}, sort_keys=False) == b'{"2":"b","1":"a"}'


def test_a_lone_surrogate_is_its_escape() -> None:
    assert to_json({"name": "a\ud800"}) == b'{"name":"a\\ud800"}'


def test_what_neither_can_write_still_fails() -> None:
    for value in (object(), {"k": [object()]}):
        try:
            to_json(value)
        except TypeError:
            continue
        raise AssertionError(f"{value!r} was written")
