"""An Admin API request for one operation of the spec index, encoded as the real Atlas CLI encodes it.

Path values are escaped like Go's ``url.PathEscape`` (arrays joined with ``,``); the query string is
Go's ``url.Values.Encode()``: keys sorted, arrays repeated, ``+`` for spaces. ``Accept`` names the API
version and format; ``Content-Type`` is sent only when the operation takes a body in that version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus

from atlas_access.spec import Operation

__all__ = ["ParamValue", "PreparedRequest", "encode_query", "media_type", "prepare"]

ParamValue = str | int | bool | Sequence[str | int | bool]

# Go's url.PathEscape leaves these reserved characters alone in a path segment (and always the unreserved ones).
_PATH_SAFE = "$&+:=@"


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """What goes on the wire: ``url`` is relative to the base URL (``/api/atlas/v2/...?...``)."""

    method: str
    url: str
    headers: Mapping[str, str] = field(hash=False)
    content: bytes | None = None


def media_type(version: str, fmt: str = "json") -> str:
    """``application/vnd.atlas.2023-01-01+json``."""
    return f"application/vnd.atlas.{version}+{fmt}"


def _text(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(value: ParamValue) -> list[str]:
    if isinstance(value, str | int | bool):
        return [_text(value)]
    return [_text(v) for v in value]


def encode_query(query: Mapping[str, ParamValue]) -> str:
    """Go's ``url.Values.Encode()``: sorted keys, one ``k=v`` per array element, query-escaped."""
    parts: list[str] = []
    for key in sorted(query):
        escaped = quote_plus(key, safe="")
        parts.extend(f"{escaped}={quote_plus(v, safe='')}" for v in _values(query[key]))
    return "&".join(parts)


def prepare(
    operation: Operation,
    *,
    version: str,
    path_params: Mapping[str, ParamValue],
    query: Mapping[str, ParamValue],
    body: bytes | None = None,
    fmt: str = "json",
) -> PreparedRequest:
    """Fill the operation's path template and encode the query; ``KeyError`` names a missing path parameter."""
    path = operation.path
    for name, value in path_params.items():
        path = path.replace("{" + name + "}", quote(",".join(_values(value)), safe=_PATH_SAFE))
    if "{" in path:
        missing = path[path.index("{") + 1 : path.index("}")]
        raise KeyError(missing)
    encoded = encode_query(query)
    headers = {"Accept": media_type(version, fmt)}
    if version in operation.request_schemas:
        headers["Content-Type"] = media_type(version, "json")
    return PreparedRequest(
        method=operation.method,
        url=f"{path}?{encoded}" if encoded else path,
        headers=headers,
        content=body if "Content-Type" in headers else None,
    )
