"""Lists kept as JSON text columns."""

import json
from collections.abc import Sequence
from typing import Any

_COMPACT = json.JSONEncoder(separators=(",", ":"))  # json.dumps given separators builds an encoder per call


_EMPTY = "[]"  # most such columns: written and read without the JSON encoder and decoder


def dump(values: Sequence[Any]) -> str:
    return _COMPACT.encode(list(values)) if values else _EMPTY


def load_strings(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text and text != _EMPTY else ()


def load(text: str | None) -> Any:
    return json.loads(text) if text and text != _EMPTY else []
