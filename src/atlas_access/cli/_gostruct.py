"""The atlas-sdk-go structs the real CLI decodes its answers into, and what it does with them.

A response body is decoded as Go's ``json.Unmarshal`` decodes it into the SDK struct: unknown fields are dropped,
names match case-insensitively, ``null`` leaves a pointer nil. From the decoded value come the three things a user
sees: the ``-o json`` text (``json.MarshalIndent``: the struct's order, nil pointers left out), the struct a Go
template runs against (``.Id``, ``.Ldap.Hostname`` ...), and request bodies (``json.Encoder``). The invitation
commands (``cli/invitations/_models.py``) and the database and network access commands
(``cli/database_access/_shapes.py``) describe their structs with the ``Model`` and ``Field`` of this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "NIL",
    "DecodeError",
    "Decoded",
    "Field",
    "GoNil",
    "GoStruct",
    "GoTime",
    "Kind",
    "Model",
    "decode",
    "encode",
    "go_json",
    "struct_view",
]

Kind = Literal["string", "value", "strings", "time", "object", "objects"]
"""``string``: a Go ``string`` (any other JSON type is refused); ``value``: taken as the JSON has it; ``strings``: a
``[]string``; ``time``: a ``time.Time``; ``object``/``objects``: a struct, or a slice of structs, of ``Field.item``."""
Decoded = dict[str, Any]
"""A decoded struct: JSON field name -> value (``str``, ``GoTime``, a list, a ``Decoded``); a nil pointer is a
missing key."""


class DecodeError(Exception):
    """JSON that does not fit the model; the message is Go's ``encoding/json`` wording."""


@dataclass(frozen=True)
class Field:
    json_name: str
    go_name: str
    kind: Kind = "string"
    pointer: bool = True
    """``*T`` with ``omitempty`` (nil when absent); ``False`` for a plain value, always marshalled."""
    item: Model | None = None
    """The struct of an ``object`` or ``objects`` field."""
    zero: Any = ""
    """What a plain value holds when the JSON did not set it (Go's zero value of its type)."""


@dataclass(frozen=True)
class Model:
    name: str
    """The Go type name, as error messages and templates name it."""
    fields: tuple[Field, ...]
    """In the struct's order, which is alphabetical in the SDK: the order ``json.Marshal`` writes."""
    go_paths: bool = False
    """Decoding errors name the field by its Go names and a bad time in short words of their own, and ``null``
    clears a plain value too: how the database and network access commands word them (ours); the invitation
    commands keep Go's own wording."""

    def field(self, key: str) -> Field | None:
        """The field a JSON key fills: an exact match first, else a case-insensitive one (as Go matches)."""
        for candidate in self.fields:
            if candidate.json_name == key:
                return candidate
        folded = key.casefold()
        return next((f for f in self.fields if f.json_name.casefold() == folded), None)


# --- time.Time --------------------------------------------------------------------------------------------------

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z"
)


@dataclass(frozen=True)
class GoTime:
    """A ``time.Time`` parsed from RFC 3339, printed as Go prints it."""

    date: str
    """``2026-08-10``"""
    clock: str
    """``03:03:37``"""
    fraction: str
    """Fractional-second digits without trailing zeros (``""`` for none)."""
    offset_minutes: int

    @classmethod
    def parse(cls, text: str) -> GoTime | None:
        found = _RFC3339.match(text)
        if found is None:
            return None
        year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = found.groups()
        offset = 0 if zulu else (int(off_h) * 60 + int(off_m)) * (-1 if sign == "-" else 1)
        return cls(f"{year}-{month}-{day}", f"{hour}:{minute}:{second}", (fraction or "").rstrip("0"), offset)

    def _seconds(self) -> str:
        return f"{self.clock}.{self.fraction}" if self.fraction else self.clock

    def _offset(self, colon: bool) -> str:
        sign = "-" if self.offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(self.offset_minutes), 60)
        return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"

    def rfc3339(self) -> str:
        """``MarshalJSON``'s text: RFC 3339 with nanoseconds, ``Z`` for UTC."""
        return f"{self.date}T{self._seconds()}{'Z' if self.offset_minutes == 0 else self._offset(colon=True)}"

    def __str__(self) -> str:
        """``String()``: ``2026-08-10 03:03:37 +0000 UTC``; a zone without a name shows its offset twice."""
        zone = "UTC" if self.offset_minutes == 0 else self._offset(colon=False)
        return f"{self.date} {self._seconds()} {self._offset(colon=False)} {zone}"


# --- decoding ---------------------------------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _mismatch(value: Any, model: Model, path: str, go_type: str) -> DecodeError:
    return DecodeError(
        f"json: cannot unmarshal {_json_type(value)} into Go struct field {model.name}.{path} of type {go_type}"
    )


def decode(model: Model, value: Any, *, path: str = "") -> Decoded:
    """``value`` (parsed JSON, an object) as the model's struct; ``DecodeError`` for a wrong type."""
    if not isinstance(value, dict):
        raise DecodeError(f"json: cannot unmarshal {_json_type(value)} into Go value of type admin.{model.name}")
    result: Decoded = {}
    for key, item in value.items():
        found = model.field(key)
        if found is None:
            continue
        if item is None:  # null: a pointer becomes nil, a plain value keeps what it has
            if found.pointer or model.go_paths:
                result.pop(found.json_name, None)
            continue
        where = f"{path}{found.go_name if model.go_paths else found.json_name}"
        result[found.json_name] = _decode_field(found, item, model, where)
    return result


def _decode_time(item: Any, model: Model, where: str) -> GoTime:
    parsed = GoTime.parse(item) if isinstance(item, str) else None
    if parsed is not None:
        return parsed
    if model.go_paths:
        raise DecodeError(f"json: cannot parse {item!r} as the time of Go struct field {model.name}.{where}")
    if not isinstance(item, str):
        raise DecodeError("Time.UnmarshalJSON: input is not a JSON string")
    raise DecodeError(f'parsing time "{json.dumps(item)}" as RFC 3339: cannot parse {json.dumps(item)}')


def _decode_field(found: Field, item: Any, model: Model, where: str) -> Any:
    if found.kind == "value":
        return item
    if found.kind == "string":
        if not isinstance(item, str):
            raise _mismatch(item, model, where, "string")
        return item
    if found.kind == "time":
        return _decode_time(item, model, where)
    if found.kind == "object":
        assert found.item is not None
        return decode(found.item, item, path=f"{where}.")
    if not isinstance(item, list):
        go_type = "[]string" if found.kind == "strings" else f"[]admin.{found.item.name if found.item else ''}"
        raise _mismatch(item, model, where, go_type)
    if found.kind == "strings":
        for element in item:
            if element is not None and not isinstance(element, str):
                raise _mismatch(element, model, where, "string")
        return ["" if element is None else element for element in item]
    assert found.item is not None
    return [{} if element is None else decode(found.item, element, path=f"{where}.") for element in item]


# --- encoding ---------------------------------------------------------------------------------------------------


def encode(model: Model, value: Decoded) -> dict[str, Any]:
    """The JSON object ``json.Marshal`` writes for the struct: model order, nil pointers left out."""
    result: dict[str, Any] = {}
    for found in model.fields:
        item = value.get(found.json_name)
        if item is None:
            if not found.pointer:
                result[found.json_name] = found.zero
            continue
        if isinstance(item, GoTime):
            result[found.json_name] = item.rfc3339()
        elif found.kind == "object":
            assert found.item is not None
            result[found.json_name] = encode(found.item, item)
        elif found.kind == "objects":
            assert found.item is not None
            result[found.json_name] = [encode(found.item, element) for element in item]
        else:
            result[found.json_name] = item
    return result


_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def go_json(value: Any, *, indent: bool) -> str:
    """JSON as Go writes it: UTF-8 text with ``<``, ``>``, ``&`` escaped; ``MarshalIndent(v, "", "  ")`` or compact."""
    if indent:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _HTML_ESCAPES[m.group()], text)


# --- the struct a template sees ---------------------------------------------------------------------------------


class GoNil:
    """A nil pointer field: prints ``<nil>`` (a JSON ``null`` in a map prints ``<no value>``), and is false."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return "<nil>"

    def __repr__(self) -> str:
        return "GoNil"


NIL = GoNil()


class GoStruct(dict[str, Any]):
    """A Go struct value for templates: every field of the model under its Go name (``.Id``, ``.CreatedAt``), a nil
    pointer as ``NIL``, a ``time.Time`` as ``GoTime``, a nested struct as another ``GoStruct``.

    The template engine reads fields as it reads map keys, so a field the struct does not have prints
    ``<no value>`` where Go would stop with ``can't evaluate field``.
    """

    def __init__(self, go_type: str, fields: Mapping[str, Any]) -> None:
        super().__init__(fields)
        self.go_type = go_type

    def __repr__(self) -> str:
        return f"admin.{self.go_type}({dict.__repr__(self)})"


def struct_view(model: Model, value: Decoded) -> GoStruct:
    """The decoded value as the SDK struct: every field present, nil pointers ``NIL``, plain values their zero."""
    fields: dict[str, Any] = {}
    for found in model.fields:
        item = value.get(found.json_name)
        if item is None:
            fields[found.go_name] = NIL if found.pointer else found.zero
        elif found.kind == "object":
            assert found.item is not None
            fields[found.go_name] = struct_view(found.item, item)
        elif found.kind == "objects":
            assert found.item is not None
            fields[found.go_name] = [struct_view(found.item, element) for element in item]
        else:
            fields[found.go_name] = item
    return GoStruct(model.name, fields)
