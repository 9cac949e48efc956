"""Go literal syntax inside actions: strconv.Unquote for strings and character constants, and the number rules of
Go's parse.newNumber (strconv.ParseInt, ParseUint and ParseFloat with base prefixes and underscores).
"""

from __future__ import annotations

from ._nodes import NumberNode

_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}
_HEX = "0123456789abcdefABCDEF"


class LiteralError(ValueError):
    """A literal that Go rejects; the message is Go's."""


def _unquote_char(s: str, i: int, quote: str) -> tuple[int, bool, int]:
    """strconv.UnquoteChar at ``s[i]``: (value, is_byte, next index). ``is_byte`` marks \\x and octal escapes."""
    ch = s[i]
    if ch == quote and quote in "'\"":
        raise LiteralError("invalid syntax")
    if ch != "\\":
        return ord(ch), False, i + 1
    if i + 1 >= len(s):
        raise LiteralError("invalid syntax")
    c = s[i + 1]
    i += 2
    if c in _SIMPLE_ESCAPES:
        if c in "'\"" and c != quote:
            raise LiteralError("invalid syntax")
        return _SIMPLE_ESCAPES[c], False, i
    if c in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[c]
        digits = s[i : i + size]
        if len(digits) < size or any(d not in _HEX for d in digits):
            raise LiteralError("invalid syntax")
        value = int(digits, 16)
        if c == "x":
            return value, True, i + size
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise LiteralError("invalid syntax")
        return value, False, i + size
    if "0" <= c <= "7":
        digits = s[i - 1 : i + 2]
        if len(digits) < 3 or any(not "0" <= d <= "7" for d in digits):
            raise LiteralError("invalid syntax")
        value = int(digits, 8)
        if value > 255:
            raise LiteralError("invalid syntax")
        return value, True, i + 2
    raise LiteralError("invalid syntax")


def unquote(token: str) -> str:
    """strconv.Unquote of a double-quoted or raw (backquoted) string token."""
    if token.startswith("`"):
        return token[1:-1].replace("\r", "")
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        value, is_byte, i = _unquote_char(body, i, '"')
        out += bytes([value]) if is_byte else chr(value).encode("utf-8", "surrogatepass")
    return out.decode("utf-8", "replace")


def _underscore_ok(s: str) -> bool:
    """Go's underscoreOK: underscores only between digits, or between a base prefix and a digit."""
    saw = "^"
    if s[:1] in ("+", "-"):
        s = s[1:]
    i = 0
    hexadecimal = False
    if len(s) >= 2 and s[0] == "0" and s[1] in "bBoOxX":
        i, saw, hexadecimal = 2, "0", s[1] in "xX"
    for ch in s[i:]:
        if "0" <= ch <= "9" or (hexadecimal and ch in _HEX):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _parse_integer(text: str) -> int | None:
    """strconv.ParseInt/ParseUint with base 0, without the range check: None for a syntax error."""
    sign, body = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    if not body or ("_" in body and not _underscore_ok(body)):
        return None
    base, digits = 10, body
    if body[0] == "0" and len(body) > 1:
        prefix = body[1].lower()
        base, digits = {"x": (16, body[2:]), "o": (8, body[2:]), "b": (2, body[2:])}.get(prefix, (8, body[1:]))
    digits = digits.replace("_", "")
    allowed = "0123456789abcdefABCDEF"[: base if base <= 10 else base + 6]
    if not digits or any(d not in allowed for d in digits):
        return None
    value = int(digits, base)
    return -value if sign == "-" else value


def _parse_float(text: str) -> float | None:
    """strconv.ParseFloat: None for a syntax or range error."""
    if "_" in text:
        if not _underscore_ok(text):
            return None
        text = text.replace("_", "")
    body = text[1:] if text[:1] in ("+", "-") else text
    try:
        if body[:2].lower() == "0x":
            if "p" not in body.lower():
                return None
            value = float.fromhex(text)
        else:
            if not body or body[0] not in "0123456789." or any(ch not in "0123456789.eE+-" for ch in body):
                return None
            value = float(text)
    except ValueError:
        return None
    return None if value in (float("inf"), float("-inf")) else value


def number(pos: int, text: str, is_char: bool, is_complex: bool) -> NumberNode:
    """A NumberNode the way Go's parser builds one; LiteralError carries Go's message."""
    node = NumberNode(pos, text)
    if is_char:
        value, _, end = _unquote_char(text, 1, "'")
        if text[end:] != "'":
            raise LiteralError(f"malformed character constant: {text}")
        node.is_int = node.is_uint = node.is_float = True
        node.as_int, node.as_float = value, float(value)
        return node
    if is_complex or text.endswith("i"):
        raise LiteralError(f"complex numbers are not supported: {text}")
    as_int = _parse_integer(text)
    if as_int is not None:
        node.is_uint = 0 <= as_int < 1 << 64
        node.is_int = -(1 << 63) <= as_int < 1 << 63
        if node.is_int or node.is_uint:
            node.as_int, node.is_float, node.as_float = as_int, True, float(as_int)
            return node
    as_float = _parse_float(text)
    if as_float is not None:
        if not any(ch in text for ch in ".eEpP"):
            raise LiteralError(f'integer overflow: "{text}"')
        node.is_float, node.as_float = True, as_float
        if as_float == int(as_float) and -(1 << 63) <= int(as_float) < 1 << 63:
            node.is_int, node.as_int = True, int(as_float)
        return node
    raise LiteralError(f'illegal number syntax: "{text}"')
