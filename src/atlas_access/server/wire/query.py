"""Query parameters: typed, with INVALID_QUERY_PARAMETER for anything that does not parse."""

from collections.abc import Mapping

from atlas_access.core.errors import ApiError

_TRUE = {"true", "1"}
_FALSE = {"false", "0", ""}


def flag(query: Mapping[str, str], name: str, default: bool = False) -> bool:
    """A boolean parameter such as ``pretty`` or ``envelope`` (``true``/``false``, any case)."""
    raw = query.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ApiError("INVALID_QUERY_PARAMETER", name)


# An integer parameter is at most 64 bits, as the store's integers are: beyond, it is refused as it is read,
# before any arithmetic or query meets it.
INT64_MAX = 2**63 - 1


def integer(query: Mapping[str, str], name: str, default: int, minimum: int, maximum: int = INT64_MAX) -> int:
    """An integer parameter from ``minimum`` to ``maximum`` (at most 64 bits); INVALID_QUERY_PARAMETER otherwise."""
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:  # not an integer, or over the 4,300 digits Python converts
        raise ApiError("INVALID_QUERY_PARAMETER", name) from None
    if not minimum <= value <= min(maximum, INT64_MAX):
        raise ApiError("INVALID_QUERY_PARAMETER", name)
    return value
