"""``parse_json`` walks a body for unusable values (a lone surrogate, an integer beyond 64 bits) only when its
text could hold one; it must refuse exactly what the walk refuses, for any document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.core.errors import ApiError
from atlas_access.server.wire import body as bodies

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8) | st.sampled_from(
    ["\ud800", "a\udfffb", "\ud83d\ude00", "C:\\users", "\\u0041"]
)
_NUMBER = st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1])
_VALUES = st.recursive(
    st.none() | st.booleans() | _NUMBER | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _verdict(raw: bytes) -> str | None:
    try:
        bodies.parse_json(raw)
    except ApiError as refused:
        return refused.code
    return None


def _walked(raw: bytes) -> str | None:
    """The verdict of the full walk, run whatever the text looks like."""
    try:
        data: Any = json.loads(raw, parse_int=bodies._integer)
        bodies._check_values(data)
    except ApiError as refused:
        return refused.code
    return None


@given(_VALUES, st.booleans())
def test_the_verdict_is_the_full_walks_for_any_document(value: Any, escaped: bool) -> None:
    raw = json.dumps(value, ensure_ascii=escaped).encode("utf-8", "surrogatepass")
    assert _verdict(raw) == _walked(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b'{"username": "\\ud800"}', "INVALID_JSON_ATTRIBUTE"),
        ('{"username": "\ud800"}'.encode("utf-8", "surrogatepass"), "INVALID_JSON_ATTRIBUTE"),  # raw bytes
        (b'{"n": 9223372036854775808}', "INVALID_JSON_ATTRIBUTE"),
        (b'{"n": -9223372036854775809}', "INVALID_JSON_ATTRIBUTE"),
        (b'{"n": 9223372036854775807, "s": "\\ud83d\\ude00"}', None),
        (b'{"username": "a@example.com", "roles": ["ORG_MEMBER"]}', None),
    ],
)
def test_each_kind_of_unusable_value_is_still_refused(raw: bytes, code: str | None) -> None:
    assert _verdict(raw) == code
