"""Request bodies: media type, size, JSON and model validation, each failure the catalog's error."""

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from atlas_access.core.errors import ApiError

MAX_BODY_BYTES = 1024 * 1024
_JSON_TYPES = re.compile(r"application/(json|vnd\.atlas\.(\d{4}-\d{2}-\d{2}|preview)\+json)", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

M = TypeVar("M", bound=BaseModel)


class WireModel(BaseModel):
    """Base for request bodies: strict types, unknown attributes refused (INVALID_ATTRIBUTE)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def check_media_type(content_type: str | None) -> None:
    """415 unless the body is ``application/json`` or the versioned vnd type (either is fine, as in the cloud)."""
    media = (content_type or "").split(";", 1)[0].strip()
    if not _JSON_TYPES.fullmatch(media):
        raise ApiError("UNSUPPORTED_MEDIA_TYPE", media or "(none)")


def parse_json(raw: bytes) -> Any:
    """The body's JSON: ``MALFORMED_JSON`` if it is not JSON; ``INVALID_JSON_ATTRIBUTE`` naming the attribute
    that holds a value no attribute can take (see ``_check_values``)."""
    try:
        text = raw.decode(json.detect_encoding(raw), "surrogatepass")  # as json.loads decodes
        data = _DECODER.decode(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApiError("MALFORMED_JSON") from None
    if _MAYBE_UNUSABLE.search(text):  # else no value can be one: the walk is spared for nearly every body
        _check_values(data)
    return data


# Every integer the server keeps is a signed 64-bit one (the store's INTEGER/BIGINT); a literal beyond that range
# becomes a marker, so that the attribute holding it is named instead of the store (or Python's 4,300-digit limit on
# converting text to int) failing later.
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_LONGEST_INT64 = len(str(_INT64_MIN))
# JSON's ``\ud800``-style escapes can name half of a surrogate pair, which is no character: no text column, mail
# or answer could hold it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What a document holding such a value must contain somewhere: a surrogate itself (bytes decoded with
# surrogatepass), an escape (``\ud800``), or an integer of 19 digits or more (64 bits hold at most 19).
_MAYBE_UNUSABLE = re.compile(r"[\ud800-\udfff]|\\u|\d{19}")


class _OutOfRange:
    __slots__ = ()


_OUT_OF_RANGE = _OutOfRange()
_OUT_OF_RANGE_TEXT = f"Integers must lie between {_INT64_MIN} and {_INT64_MAX}."
_SURROGATE_TEXT = "Must be Unicode text: an escape of half a surrogate pair (such as \\ud800) is no character."


def _integer(text: str) -> int | _OutOfRange:
    if len(text) > _LONGEST_INT64:
        return _OUT_OF_RANGE
    value = int(text)
    return value if _INT64_MIN <= value <= _INT64_MAX else _OUT_OF_RANGE


# One decoder for every body: ``json.loads`` given ``parse_int`` builds a new one (and its scanner) at each call.
_DECODER = json.JSONDecoder(parse_int=_integer)


def _check_values(data: Any) -> None:
    """Refuse an integer beyond 64 bits or a string (value or key) with a lone surrogate, naming where it is as
    model validation does (``roles.0``); at the top level, where no body takes a scalar, ``INVALID_JSON``."""
    pending: list[tuple[Any, str]] = [(data, "")]
    while pending:  # iterative: a document nested as deep as the parser allows must not exhaust the stack
        value, place = pending.pop()
        children: list[tuple[Any, str]] = []
        problem = None
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            problem = _SURROGATE_TEXT
        elif value is _OUT_OF_RANGE:
            problem = _OUT_OF_RANGE_TEXT
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{place}.{key}" if place else key
                if _LONE_SURROGATE.search(key):
                    raise _unusable(name, _SURROGATE_TEXT)
                children.append((item, name))
        elif isinstance(value, list):
            children = [(item, f"{place}.{index}" if place else str(index)) for index, item in enumerate(value)]
        if problem is not None:
            raise _unusable(place, problem) if place else ApiError("INVALID_JSON")
        pending.extend(reversed(children))  # in document order: the first such value is the one named


def _unusable(name: str, text: str) -> ApiError:
    shown = name.encode("utf-8", "backslashreplace").decode("utf-8")  # a key may hold the surrogate itself
    return ApiError("INVALID_JSON_ATTRIBUTE", shown, fields=[(shown, text)])


def validate(model: type[M], raw: bytes, content_type: str | None) -> M:
    """Parse and validate a body into ``model``, translating every failure to the wire's errors."""
    if not raw.strip():
        raise ApiError("MALFORMED_JSON")
    check_media_type(content_type)
    data = parse_json(raw)
    if not isinstance(data, dict):
        raise ApiError("INVALID_JSON")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _translate(error) from None


def validate_list(model: type[M], raw: bytes, content_type: str | None) -> list[M]:
    """A body that is a JSON array of ``model`` objects (access lists, team and role assignments). Anything but an
    array of objects is ``INVALID_JSON``; an item fails as a body of its own would, ``badRequestDetail`` naming the
    field with the item's place (``1.cidrBlock``). Whether an empty array will do is the operation's business."""
    if not raw.strip():
        raise ApiError("MALFORMED_JSON")
    check_media_type(content_type)
    data = parse_json(raw)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ApiError("INVALID_JSON")
    items = []
    for index, item in enumerate(data):
        try:
            items.append(model.model_validate(item))
        except ValidationError as error:
            raise _translate(error, f"{index}.") from None
    return items


def _translate(error: ValidationError, place: str = "") -> ApiError:
    fields = []
    for item in error.errors(include_url=False):
        name = ".".join(str(part) for part in item["loc"])
        fields.append((place + name, _describe(item["type"], item["msg"])))
    first = error.errors(include_url=False)[0]
    name = ".".join(str(part) for part in first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        return ApiError("INVALID_ATTRIBUTE", name, fields=fields)
    if kind == "missing":
        return ApiError("MISSING_ATTRIBUTE", name, fields=fields)
    return ApiError("INVALID_JSON_ATTRIBUTE", name, fields=fields)


def _describe(kind: str, message: str) -> str:
    if kind == "extra_forbidden":
        return "This attribute is not allowed here."
    if kind == "missing":
        return "This attribute is required."
    return message


def require(value: Any, name: str) -> Any:
    """MISSING_ATTRIBUTE when a field the operation needs was not given."""
    if value is None:
        raise ApiError("MISSING_ATTRIBUTE", name, fields=[(name, "This attribute is required.")])
    return value


def email(value: str) -> str:
    """A username must be an email address; usernames are compared and kept in lower case."""
    if len(value) > 320 or not _EMAIL.fullmatch(value):
        raise ApiError("INVALID_USERNAME", fields=[("username", "Must be a valid email address.")])
    return value.lower()
