"""Go's builtin template functions (text/template/funcs.go), with Go's error messages.

Each builtin declares its parameters the way Go's signature does, because that decides how arguments are
evaluated: ``VALUE`` (a ``reflect.Value``: the executor's value as is), ``ANY`` (``interface{}``: a plain Python
value, ``None`` for nil) or ``STRING``. ``and`` and ``or`` are evaluated lazily by the executor itself.
"""

from __future__ import annotations

from ._format import sprint, sprintf, sprintln
from ._values import NO_VALUE, Boxed, Byte, is_true, type_name, unbox

TYPE_CHECKING = False  # typing is for type checkers only: importing this package stays cheap
if TYPE_CHECKING:
    from collections.abc import Callable

VALUE, ANY, STRING = "value", "any", "string"


class FuncError(Exception):
    """A function failed; the executor reports ``error calling NAME: <message>``."""


class Signature:
    """A function's parameters: fixed parameter types, and the type of the variadic tail (None if there is none)."""

    __slots__ = ("fixed", "variadic")

    def __init__(self, fixed: tuple[str, ...], variadic: str | None) -> None:
        self.fixed = fixed
        self.variadic = variadic


# --- length, index, slice ------------------------------------------------------------------------------


def _receiver(item: object, function: str) -> object:
    """What ``index`` or ``slice`` works on (Go's indirectInterface): nil data is an error, ``index of untyped nil``."""
    item = unbox(item)
    if item is NO_VALUE:
        raise FuncError(f"{function} of untyped nil")
    return item


def _indirect(item: object, function: str) -> object:
    """Go's indirect: the value an interface holds; a nil one is an error, ``len of nil pointer``."""
    if isinstance(item, Boxed):
        if item.value is None:
            raise FuncError(f"{function} of nil pointer")
        return item.value
    return item


def _length(item: object) -> int:
    item = _indirect(item, "len")
    if item is NO_VALUE:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, str):
        return len(item.encode("utf-8", "surrogatepass"))
    if isinstance(item, list | tuple | dict):
        return len(item)
    raise FuncError(f"len of type {type_name(item)}")


def _index_arg(index: object, cap: int) -> int:
    if index is NO_VALUE:
        raise FuncError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise FuncError(f"cannot index slice/array with type {type_name(index)}")
    if index < 0 or index > cap:
        raise FuncError(f"index out of range: {index}")
    return index


def _index(item: object, *indexes: object) -> object:
    item = _receiver(item, "index")
    for raw in indexes:
        index = unbox(raw)
        item = _indirect(item, "index")
        if isinstance(item, str):
            data = item.encode("utf-8", "surrogatepass")
            x = _index_arg(index, len(data))
            if x == len(data):
                raise FuncError("reflect: string index out of range")
            item = Byte(data[x])
        elif isinstance(item, list | tuple):
            x = _index_arg(index, len(item))
            if x == len(item):
                raise FuncError("reflect: slice index out of range")
            item = Boxed(item[x])
        elif isinstance(item, dict):
            if index is NO_VALUE:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise FuncError(f"value has type {type_name(index)}; should be string")
            item = Boxed(item.get(index))
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def _slice(item: object, *indexes: object) -> object:
    item = _receiver(item, "slice")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        data: bytes | list[object] | tuple[object, ...] = item.encode("utf-8", "surrogatepass")
    elif isinstance(item, list | tuple):
        data = item
    else:
        raise FuncError(f"can't slice item of type {type_name(item)}")
    idx = [0, len(data), 0]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(index, len(data))
    if idx[0] > idx[1]:
        raise FuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise FuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    part = data[idx[0] : idx[1]]
    return part.decode("utf-8", "replace") if isinstance(part, bytes) else part


# --- logic and comparison ------------------------------------------------------------------------------


def _not(arg: object) -> bool:
    return not is_true(arg)


def _basic_kind(v: object) -> str | None:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return None


def _kind(v: object) -> str:
    if v is NO_VALUE:
        return "invalid"
    if isinstance(v, list | tuple):
        return "slice"
    if isinstance(v, dict):
        return "map"
    return type(v).__name__


def _eq(arg1: object, *arg2: object) -> bool:
    arg1 = unbox(arg1)
    if not arg2:
        raise FuncError("missing argument for comparison")
    k1 = _basic_kind(arg1)
    for raw in arg2:
        arg = unbox(raw)
        k2 = _basic_kind(arg)
        if k1 != k2:
            if arg1 is not NO_VALUE and arg is not NO_VALUE:
                raise FuncError(f"incompatible types for comparison: {type_name(arg1)} and {type_name(arg)}")
            continue
        if k1 is not None:
            if arg1 == arg:
                return True
            continue
        if _kind(arg1) != _kind(arg) and arg1 is not NO_VALUE and arg is not NO_VALUE:
            message = sprintf("non-comparable types %s: %v, %s: %v", [arg1, type_name(arg1), type_name(arg), arg])
            raise FuncError(message)
        if arg1 is NO_VALUE or arg is NO_VALUE:
            if arg1 is arg:
                return True
            continue
        if isinstance(arg, list | tuple | dict):
            raise FuncError(sprintf("non-comparable type %s: %v", [arg, type_name(arg)]))
        if arg1 == arg:
            return True
    return False


def _ne(arg1: object, arg2: object) -> bool:
    return not _eq(arg1, arg2)


def _lt(arg1: object, arg2: object) -> bool:
    arg1, arg2 = unbox(arg1), unbox(arg2)
    k1, k2 = _basic_kind(arg1), _basic_kind(arg2)
    if k1 is None or k2 is None:
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        raise FuncError(f"incompatible types for comparison: {type_name(arg1)} and {type_name(arg2)}")
    if k1 == "bool":
        raise FuncError("invalid type for comparison")
    return bool(arg1 < arg2)  # type: ignore[operator]


def _le(arg1: object, arg2: object) -> bool:
    return _lt(arg1, arg2) or _eq(arg1, arg2)


def _gt(arg1: object, arg2: object) -> bool:
    return not _le(arg1, arg2)


def _ge(arg1: object, arg2: object) -> bool:
    return not _lt(arg1, arg2)


# --- printing and escaping -------------------------------------------------------------------------------


def _eval_args(args: tuple[object, ...]) -> str:
    """fmt.Sprint of the arguments, except that a nil prints as ``<no value>`` (Go's evalArgs)."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(["<no value>" if a is None else a for a in args])


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}
_URL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")


def _html(*args: object) -> str:
    return "".join(_HTML.get(ch, ch) for ch in _eval_args(args))


def _js_char(ch: str) -> str:
    if ch in _JS:
        return _JS[ch]
    if ch < " ":
        return f"\\u00{ord(ch):02X}"
    if ch >= "\x80" and not ch.isprintable():
        return f"\\u{ord(ch):04X}"
    return ch


def _js(*args: object) -> str:
    return "".join(_js_char(ch) for ch in _eval_args(args))


def _urlquery(*args: object) -> str:
    out = []
    for byte in _eval_args(args).encode("utf-8", "surrogatepass"):
        ch = chr(byte)
        out.append(ch if ch in _URL_SAFE else "+" if ch == " " else f"%{byte:02X}")
    return "".join(out)


def _print(*args: object) -> str:
    return sprint(list(args))


def _println(*args: object) -> str:
    return sprintln(list(args))


def _printf(fmt: object, *args: object) -> str:
    return sprintf(str(fmt), list(args))


def _missing(*args: object) -> object:  # and/or: evaluated by the executor
    raise AssertionError("unreachable")


BUILTINS: dict[str, tuple[Signature, Callable[..., object]]] = {
    "and": (Signature((VALUE,), VALUE), _missing),
    "or": (Signature((VALUE,), VALUE), _missing),
    "not": (Signature((VALUE,), None), _not),
    "len": (Signature((VALUE,), None), _length),
    "index": (Signature((VALUE,), VALUE), _index),
    "slice": (Signature((VALUE,), VALUE), _slice),
    "eq": (Signature((VALUE,), VALUE), _eq),
    "ne": (Signature((VALUE, VALUE), None), _ne),
    "lt": (Signature((VALUE, VALUE), None), _lt),
    "le": (Signature((VALUE, VALUE), None), _le),
    "gt": (Signature((VALUE, VALUE), None), _gt),
    "ge": (Signature((VALUE, VALUE), None), _ge),
    "print": (Signature((), ANY), _print),
    "printf": (Signature((STRING,), ANY), _printf),
    "println": (Signature((), ANY), _println),
    "html": (Signature((), ANY), _html),
    "js": (Signature((), ANY), _js),
    "urlquery": (Signature((), ANY), _urlquery),
}


def signature_of(fn: Callable[..., object]) -> Signature | None:
    """The arity of a custom Python function (all parameters ``interface{}``), or None when it cannot be read."""
    code = getattr(fn, "__code__", None)
    bound = getattr(fn, "__self__", None) is not None
    if code is None:
        func = getattr(fn, "__func__", None)
        code = getattr(func, "__code__", None)
    if code is None:
        return None
    count = code.co_argcount - (1 if bound else 0)
    defaults = getattr(fn, "__defaults__", None) or ()
    if defaults:
        return None
    return Signature((ANY,) * count, ANY if code.co_flags & 0x04 else None)
