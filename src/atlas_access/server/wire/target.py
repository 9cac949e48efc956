"""A request's path and target exactly as the client sent them (percent-encoded, as on the request line): what
Digest signs, what the request journal records and what fault rules match."""

from collections.abc import Mapping
from typing import Any

__all__ = ["sent_path", "sent_target"]


def sent_path(scope: Mapping[str, Any]) -> str:
    """The path as sent, without the query."""
    raw: bytes | None = scope.get("raw_path")
    return raw.decode("latin-1") if raw else str(scope["path"])


def sent_target(scope: Mapping[str, Any]) -> str:
    """The path and ``?query`` (if any) as on the request line."""
    query: bytes = scope.get("query_string") or b""
    return sent_path(scope) + ("?" + query.decode("latin-1") if query else "")
