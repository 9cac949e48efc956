"""Lists kept as JSON text columns."""

import json
from collections.abc import Sequence
from typing import Any


def dump(values: Sequence[Any]) -> str:
    return json.dumps(list(values), separators=(",", ":"))


_EMPTY = "[]"  # most such columns: read without the JSON decoder


def load_strings(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text and text != _EMPTY else ()


def load(text: str | None) -> Any:
    return json.loads(text) if text and text != _EMPTY else []
