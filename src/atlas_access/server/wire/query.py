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


def integer(query: Mapping[str, str], name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ApiError("INVALID_QUERY_PARAMETER", name) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise ApiError("INVALID_QUERY_PARAMETER", name)
    return value
