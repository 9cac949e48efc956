"""How JSON-decoded Python values stand in for Go's ``interface{}`` values during execution.

Go decodes JSON into ``map[string]interface {}``, ``[]interface {}``, ``string``, ``float64``, ``bool`` and nil. Here a
Python ``float`` is Go's float64 and a Python ``int`` is Go's int (the type of an integer literal in a template). To
match the real ``atlas`` output exactly, decode JSON numbers as floats (``json.loads(body, parse_int=float)``).
"""

from __future__ import annotations


class _NoValue:
    """Go's invalid ``reflect.Value``: a missing map key, or nil data. Prints as ``<no value>``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()


class Boxed:
    """A value whose static type is Go's ``interface {}``: an element read out of a JSON object or array.

    Go's error messages name that type (``can't evaluate field x in type interface {}``), and a nil element is an
    interface holding nil rather than no value at all, so the executor keeps the distinction until Go drops it.
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class Byte(int):
    """Go's uint8: what ``index`` reads out of a string."""

    __slots__ = ()


def unbox(value: object) -> object:
    """Go's ``indirectInterface``: the concrete value inside, or NO_VALUE for a nil interface."""
    if isinstance(value, Boxed):
        return NO_VALUE if value.value is None else value.value
    return value


def type_name(value: object) -> str:
    """The Go type name of a value, as Go's messages spell it."""
    if isinstance(value, Boxed):
        return "interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Byte):
        return "uint8"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return type(value).__name__


def is_true(value: object) -> bool:
    """Go's truth: false, 0, nil, no value and empty strings, arrays and maps are false; anything else is true."""
    if isinstance(value, Boxed):
        value = value.value
    if value is NO_VALUE or value is None:
        return False
    if isinstance(value, bool | int | float | str | list | tuple | dict):
        return bool(value)
    # other objects (a caller's stand-in for a Go nil pointer, say) decide for themselves, as Python does
    return bool(value)
