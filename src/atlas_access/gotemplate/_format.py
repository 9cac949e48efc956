"""Go's ``fmt`` for JSON-shaped values: ``%v`` printing, ``Sprint``, ``Sprintln`` and ``Sprintf``, and ``strconv``'s
float formatting and quoting, ported from Go's fmt/print.go, fmt/format.go and strconv.

Values: ``None`` is a nil interface, ``bool``, ``int`` (Go int), ``float`` (float64), ``str``, lists
(``[]interface {}``) and dicts (``map[string]interface {}``). Anything else prints with ``str()``.
"""

from __future__ import annotations

from ._values import NO_VALUE, Boxed, type_name

_LDIGITS = "0123456789abcdefx"
_UDIGITS = "0123456789ABCDEFX"
_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
_MAX_RUNE = 0x10FFFF
_MASK64 = (1 << 64) - 1


# --- strconv: quoting -------------------------------------------------------------------------------


def _valid_rune(r: int) -> bool:
    return 0 <= r <= _MAX_RUNE and not 0xD800 <= r <= 0xDFFF


def _escape(ch: str, quote: str, ascii_only: bool) -> str:
    if ch == quote or ch == "\\":
        return "\\" + ch
    c = ord(ch)
    if ascii_only:
        if c < 0x80 and ch.isprintable():
            return ch
    elif ch.isprintable():
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if c < 0x20 or c == 0x7F:
        return f"\\x{c:02x}"
    if 0xDC80 <= c <= 0xDCFF:  # a byte of invalid UTF-8, as decoded with "surrogateescape"
        return f"\\x{c - 0xDC00:02x}"
    if not _valid_rune(c):
        c = 0xFFFD
    return f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"


def go_quote(s: str, *, ascii_only: bool = False) -> str:
    """strconv.Quote (or QuoteToASCII): a double-quoted Go string literal."""
    return '"' + "".join(_escape(ch, '"', ascii_only) for ch in s) + '"'


def go_quote_rune(r: int, *, ascii_only: bool = False) -> str:
    """strconv.QuoteRune: a single-quoted Go character literal."""
    ch = chr(r) if _valid_rune(r) else "\ufffd"
    return "'" + _escape(ch, "'", ascii_only) + "'"


def can_backquote(s: str) -> bool:
    """strconv.CanBackquote: whether ``s`` can be a raw string literal."""
    return all(ch != "`" and ch != "\ufeff" and (ch >= " " or ch == "\t") and ch != "\x7f" for ch in s)


def go_unicode(r: int) -> str:
    """Go's ``%#U``: ``U+0041 'A'``, or ``U+0007`` for a character that does not print."""
    text = f"U+{r:04X}"
    if _valid_rune(r) and chr(r).isprintable():
        text += f" '{chr(r)}'"
    return text


# --- strconv: floats ---------------------------------------------------------------------------------


def _shortest_digits(a: float) -> tuple[str, int]:
    """The shortest decimal digits that read back as ``a`` (> 0), and the decimal point position."""
    mantissa, _, exponent = repr(a).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    return stripped.rstrip("0"), point - (len(digits) - len(stripped))


def _rounded_digits(a: float, count: int) -> tuple[str, int]:
    """``a`` (> 0) correctly rounded to ``count`` significant digits, trailing zeros dropped."""
    mantissa, _, exponent = f"{a:.{count - 1}e}".partition("e")
    return mantissa.replace(".", "").rstrip("0"), int(exponent) + 1


def _fmt_e(neg: bool, digits: str, point: int, prec: int, letter: str) -> str:
    out = ["-" if neg else "", digits[:1] or "0"]
    if prec > 0:
        shown = min(len(digits), prec + 1)
        out.append("." + digits[1:shown] + "0" * (prec + 1 - max(shown, 1)))
    exp = point - 1 if digits else 0
    out.append(f"{letter}{'-' if exp < 0 else '+'}{abs(exp):02d}")
    return "".join(out)


def _fmt_f(neg: bool, digits: str, point: int, prec: int) -> str:
    out = ["-" if neg else ""]
    if point > 0:
        shown = min(len(digits), point)
        out.append(digits[:shown] + "0" * (point - shown))
    else:
        out.append("0")
    if prec > 0:
        out.append(".")
        out.extend(digits[j] if 0 <= j < len(digits) else "0" for j in range(point, point + prec))
    return "".join(out)


def _float_bits(x: float) -> tuple[bool, int, int]:
    import struct

    (bits,) = struct.unpack(">Q", struct.pack(">d", x))
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0:
        exp += 1
    else:
        mant |= 1 << 52
    return bits >> 63 == 1, mant, exp - 1023


def _fmt_b(x: float) -> str:
    neg, mant, exp = _float_bits(x)
    exp -= 52
    return f"{'-' if neg else ''}{mant}p{'+' if exp >= 0 else '-'}{abs(exp)}"


def _fmt_x(x: float, prec: int, letter: str) -> str:
    neg, mant, exp = _float_bits(x)
    if mant == 0:
        exp = 0
    mant = (mant << 8) & _MASK64  # leading 1 (if any) at bit 60
    while mant != 0 and mant & (1 << 60) == 0:
        mant = (mant << 1) & _MASK64
        exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > 1 << 59:
            mant += 1
        mant = (mant << (60 - shift)) & _MASK64
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    hexdigits = _LDIGITS if letter == "x" else _UDIGITS
    out = ["-" if neg else "", "0", letter, "1" if (mant >> 60) & 1 else "0"]
    mant = (mant << 4) & _MASK64
    if (prec < 0 and mant != 0) or prec > 0:
        out.append(".")
        count = 0
        while (prec < 0 and mant != 0) or count < prec:
            out.append(hexdigits[(mant >> 60) & 15])
            mant = (mant << 4) & _MASK64
            count += 1
    out.append("p" if letter == "x" else "P")
    out.append(f"{'-' if exp < 0 else '+'}{abs(exp):02d}")
    return "".join(out)


def format_float(x: float, fmt: str, prec: int) -> str:
    """strconv.FormatFloat(x, fmt, prec, 64); ``prec < 0`` asks for the shortest representation."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "+Inf" if x > 0 else "-Inf"
    if fmt == "b":
        return _fmt_b(x)
    if fmt in "xX":
        return _fmt_x(x, prec, fmt)
    neg = str(x).startswith("-")
    a = abs(x)
    if prec >= 0 and fmt in "eE":
        return ("-" if neg else "") + f"{a:.{prec}{fmt}}"
    if prec >= 0 and fmt in "fF":
        return ("-" if neg else "") + f"{a:.{prec}f}"
    shortest = prec < 0
    if shortest:
        digits, point = _shortest_digits(a) if a else ("", 0)
        prec = {"e": len(digits) - 1, "E": len(digits) - 1, "f": len(digits) - point, "F": len(digits) - point}.get(
            fmt, len(digits)
        )
        if fmt in "eE":
            return _fmt_e(neg, digits, point, max(prec, 0), fmt)
        if fmt in "fF":
            return _fmt_f(neg, digits, point, max(prec, 0))
    else:
        prec = prec or 1
        digits, point = _rounded_digits(a, prec) if a else ("", 0)
    # %g: %e for large and small exponents, %f otherwise.
    eprec = prec
    if eprec > len(digits) >= point:
        eprec = len(digits)
    if shortest:
        eprec = 6
    exp = point - 1
    if exp < -4 or exp >= eprec:
        prec = min(prec, len(digits))
        return _fmt_e(neg, digits, point, prec - 1, "e" if fmt == "g" else "E")
    if prec > point:
        prec = len(digits)
    return _fmt_f(neg, digits, point, max(prec - point, 0))


# --- fmt -------------------------------------------------------------------------------------------


class _Flags:
    __slots__ = (
        "minus",
        "plus",
        "plus_v",
        "prec",
        "prec_present",
        "sharp",
        "sharp_v",
        "space",
        "wid",
        "wid_present",
        "zero",
    )

    def __init__(self) -> None:
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False


def _too_large(n: int) -> bool:
    return n > 1_000_000 or n < -1_000_000


def _parse_num(s: str, start: int, end: int) -> tuple[int, bool, int]:
    if start >= end:
        return 0, False, end
    num, is_num, i = 0, False, start
    while i < end and "0" <= s[i] <= "9":
        if _too_large(num):
            return 0, False, end
        num = num * 10 + ord(s[i]) - 48
        is_num = True
        i += 1
    return num, is_num, i


class _Printer:
    def __init__(self) -> None:
        self.buf: list[str] = []
        self.f = _Flags()
        self.reordered = False
        self.good_arg_num = True

    # --- padding ---

    def write_padding(self, n: int) -> None:
        if n > 0:
            self.buf.append(("0" if self.f.zero and not self.f.minus else " ") * n)

    def pad(self, s: str) -> None:
        f = self.f
        if not f.wid_present or f.wid == 0:
            self.buf.append(s)
        elif not f.minus:
            self.write_padding(f.wid - len(s))
            self.buf.append(s)
        else:
            self.buf.append(s)
            self.write_padding(f.wid - len(s))

    def truncate(self, s: str) -> str:
        return s[: self.f.prec] if self.f.prec_present else s

    # --- arguments ---

    def print_arg(self, arg: object, verb: str) -> None:
        if isinstance(arg, Boxed):
            arg = arg.value
        if arg is None or arg is NO_VALUE:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(verb, None)
            return
        if verb == "T":
            self.fmt_s(type_name(arg))
            return
        if verb == "p":
            self.bad_verb(verb, arg)
            return
        self.print_value(arg, verb, 0)

    def print_value(self, v: object, verb: str, depth: int) -> None:
        f = self.f
        if isinstance(v, Boxed):
            v = v.value
        if v is None or v is NO_VALUE:
            self.buf.append("interface {}(nil)" if f.sharp_v else "<nil>")
        elif isinstance(v, bool):
            if verb in "tv":
                self.pad("true" if v else "false")
            else:
                self.bad_verb(verb, v)
        elif isinstance(v, int):
            self.fmt_int(v, verb)
        elif isinstance(v, float):
            self.fmt_float_verb(v, verb)
        elif isinstance(v, str):
            self.fmt_string(v, verb)
        elif isinstance(v, list | tuple):
            self.buf.append("[]interface {}{" if f.sharp_v else "[")
            for i, item in enumerate(v):
                if i:
                    self.buf.append(", " if f.sharp_v else " ")
                self.print_value(item, verb, depth + 1)
            self.buf.append("}" if f.sharp_v else "]")
        elif isinstance(v, dict):
            self.buf.append("map[string]interface {}{" if f.sharp_v else "map[")
            for i, key in enumerate(_sorted_keys(v)):
                if i:
                    self.buf.append(", " if f.sharp_v else " ")
                self.print_value(key, verb, depth + 1)
                self.buf.append(":")
                self.print_value(v[key], verb, depth + 1)
            self.buf.append("}" if f.sharp_v else "]")
        elif verb in "sv":
            self.fmt_s(str(v))
        else:
            self.bad_verb(verb, v)

    def bad_verb(self, verb: str, arg: object) -> None:
        self.buf.append(f"%!{verb}(")
        if arg is not None:
            self.buf.append(type_name(arg) + "=")
            self.print_arg(arg, "v")
        else:
            self.buf.append("<nil>")
        self.buf.append(")")

    # --- strings ---

    def fmt_s(self, s: str) -> None:
        self.pad(self.truncate(s))

    def fmt_q(self, s: str) -> None:
        s = self.truncate(s)
        if self.f.sharp and can_backquote(s):
            self.pad("`" + s + "`")
        else:
            self.pad(go_quote(s, ascii_only=self.f.plus))

    def fmt_sx(self, s: str, digits: str) -> None:
        f = self.f
        data = s.encode("utf-8", "surrogatepass")
        length = min(len(data), f.prec) if f.prec_present else len(data)
        width = 2 * length
        if width == 0:
            if f.wid_present:
                self.write_padding(f.wid)
            return
        if f.space:
            if f.sharp:
                width *= 2
            width += length - 1
        elif f.sharp:
            width += 2
        if f.wid_present and f.wid > width and not f.minus:
            self.write_padding(f.wid - width)
        out = ["0" + digits[16]] if f.sharp else []
        for i in range(length):
            if f.space and i > 0:
                out.append(" 0" + digits[16] if f.sharp else " ")
            out.append(digits[data[i] >> 4] + digits[data[i] & 0xF])
        self.buf.append("".join(out))
        if f.wid_present and f.wid > width and f.minus:
            self.write_padding(f.wid - width)

    def fmt_string(self, s: str, verb: str) -> None:
        if verb == "v":
            if self.f.sharp_v:
                self.fmt_q(s)
            else:
                self.fmt_s(s)
        elif verb == "s":
            self.fmt_s(s)
        elif verb in "xX":
            self.fmt_sx(s, _LDIGITS if verb == "x" else _UDIGITS)
        elif verb == "q":
            self.fmt_q(s)
        else:
            self.bad_verb(verb, s)

    # --- integers ---

    def fmt_int(self, v: int, verb: str) -> None:
        bases = {"v": 10, "d": 10, "b": 2, "o": 8, "O": 8, "x": 16, "X": 16}
        if verb in bases:
            self.fmt_integer(v, bases[verb], verb, _UDIGITS if verb == "X" else _LDIGITS)
        elif verb == "c":
            r = v & _MASK64
            self.pad(chr(r) if _valid_rune(r) else "\ufffd")
        elif verb == "q":
            self.pad(go_quote_rune(v & _MASK64, ascii_only=self.f.plus))
        elif verb == "U":
            self.fmt_unicode(v & _MASK64)
        else:
            self.bad_verb(verb, v)

    def fmt_integer(self, v: int, base: int, verb: str, digits: str) -> None:
        f = self.f
        negative = v < 0
        u = -v if negative else v
        prec = 0
        if f.prec_present:
            prec = f.prec
            if prec == 0 and u == 0:  # precision 0 and value 0 print nothing but padding
                old, f.zero = f.zero, False
                self.write_padding(f.wid)
                f.zero = old
                return
        elif f.zero and not f.minus and f.wid_present:  # zero padding is precision, leaving room for a sign
            prec = f.wid - (1 if negative or f.plus or f.space else 0)
        text = _to_base(u, base, digits).rjust(prec, "0")
        if f.sharp:
            if base == 2:
                text = "0b" + text
            elif base == 8 and text[0] != "0":
                text = "0" + text
            elif base == 16:
                text = "0" + digits[16] + text
        if verb == "O":
            text = "0o" + text
        if negative:
            text = "-" + text
        elif f.plus:
            text = "+" + text
        elif f.space:
            text = " " + text
        old, f.zero = f.zero, False
        self.pad(text)
        f.zero = old

    def fmt_unicode(self, u: int) -> None:
        f = self.f
        prec = max(4, f.prec) if f.prec_present else 4
        text = "U+" + _to_base(u, 16, _UDIGITS).rjust(prec, "0")
        if f.sharp and _valid_rune(u) and chr(u).isprintable():
            text += f" '{chr(u)}'"
        old, f.zero = f.zero, False
        self.pad(text)
        f.zero = old

    # --- floats ---

    def fmt_float_verb(self, v: float, verb: str) -> None:
        if verb == "v":
            self.fmt_float(v, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(v, verb, -1)
        elif verb in "feEF":
            self.fmt_float(v, "f" if verb == "F" else verb, 6)
        else:
            self.bad_verb(verb, v)

    def fmt_float(self, v: float, verb: str, prec: int) -> None:
        f = self.f
        if f.prec_present:
            prec = f.prec
        num = format_float(v, verb, prec)
        sign, body = (num[0], num[1:]) if num[0] in "+-" else ("+", num)
        if f.space and sign == "+" and not f.plus:
            sign = " "
        if body[0] in "IN":  # infinities and NaN are not padded with zeros
            old, f.zero = f.zero, False
            self.pad(body if body[0] == "N" and not f.space and not f.plus else sign + body)
            f.zero = old
            return
        if f.sharp and verb != "b":
            body = _sharp_float(body, verb, prec)
        if f.plus or sign != "+":
            if f.zero and not f.minus and f.wid_present and f.wid > len(body) + 1:
                self.buf.append(sign)
                self.write_padding(f.wid - len(body) - 1)
                self.buf.append(body)
            else:
                self.pad(sign + body)
            return
        self.pad(body)

    # --- Printf ---

    def arg_number(self, arg_num: int, fmt: str, i: int, num_args: int) -> tuple[int, int, bool]:
        if i >= len(fmt) or fmt[i] != "[":
            return arg_num, i, False
        self.reordered = True
        close = fmt.find("]", i + 1)
        if close < 0 or len(fmt) - i < 3:
            self.good_arg_num = False
            return arg_num, i + 1, False
        index, ok, end = _parse_num(fmt, i + 1, close)
        if not ok or end != close:
            self.good_arg_num = False
            return arg_num, close + 1, False
        if 0 <= index - 1 < num_args:
            return index - 1, close + 1, True
        self.good_arg_num = False
        return arg_num, close + 1, True

    def do_printf(self, fmt: str, a: list[object]) -> None:
        end, arg_num, after_index = len(fmt), 0, False
        i = 0
        while i < end:
            self.good_arg_num = True
            percent = fmt.find("%", i)
            if percent < 0:
                percent = end
            if percent > i:
                self.buf.append(fmt[i:percent])
            i = percent + 1
            if percent >= end:
                break
            f = self.f = _Flags()
            simple = False
            while i < end:
                c = fmt[i]
                if c == "#":
                    f.sharp = True
                elif c == "0":
                    f.zero = not f.minus
                elif c == "+":
                    f.plus = True
                elif c == "-":
                    f.minus, f.zero = True, False
                elif c == " ":
                    f.space = True
                else:
                    if "a" <= c <= "z" and arg_num < len(a):  # the common case: flags and a verb
                        if c == "v":
                            f.sharp_v, f.sharp, f.plus_v, f.plus = f.sharp, False, f.plus, False
                        self.print_arg(a[arg_num], c)
                        arg_num += 1
                        i += 1
                        simple = True
                    break
                i += 1
            if simple:
                continue
            arg_num, i, after_index = self.arg_number(arg_num, fmt, i, len(a))
            if i < end and fmt[i] == "*":
                i += 1
                f.wid, f.wid_present, arg_num = _int_from_arg(a, arg_num)
                if not f.wid_present:
                    self.buf.append("%!(BADWIDTH)")
                if f.wid < 0:
                    f.wid, f.minus, f.zero = -f.wid, True, False
                after_index = False
            else:
                f.wid, f.wid_present, i = _parse_num(fmt, i, end)
                if after_index and f.wid_present:
                    self.good_arg_num = False
            if i + 1 < end and fmt[i] == ".":
                i += 1
                if after_index:
                    self.good_arg_num = False
                arg_num, i, after_index = self.arg_number(arg_num, fmt, i, len(a))
                if i < end and fmt[i] == "*":
                    i += 1
                    f.prec, f.prec_present, arg_num = _int_from_arg(a, arg_num)
                    if f.prec < 0:
                        f.prec, f.prec_present = 0, False
                    if not f.prec_present:
                        self.buf.append("%!(BADPREC)")
                    after_index = False
                else:
                    f.prec, f.prec_present, i = _parse_num(fmt, i, end)
                    if not f.prec_present:
                        f.prec, f.prec_present = 0, True
            if not after_index:
                arg_num, i, after_index = self.arg_number(arg_num, fmt, i, len(a))
            if i >= end:
                self.buf.append("%!(NOVERB)")
                break
            verb = fmt[i]
            i += 1
            if verb == "%":
                self.buf.append("%")
            elif not self.good_arg_num:
                self.buf.append(f"%!{verb}(BADINDEX)")
            elif arg_num >= len(a):
                self.buf.append(f"%!{verb}(MISSING)")
            else:
                if verb == "v":
                    f.sharp_v, f.sharp, f.plus_v, f.plus = f.sharp, False, f.plus, False
                self.print_arg(a[arg_num], verb)
                arg_num += 1
        if not self.reordered and arg_num < len(a):
            self.f = _Flags()
            self.buf.append("%!(EXTRA ")
            for k, arg in enumerate(a[arg_num:]):
                if k:
                    self.buf.append(", ")
                if arg is None:
                    self.buf.append("<nil>")
                else:
                    self.buf.append(type_name(arg) + "=")
                    self.print_arg(arg, "v")
            self.buf.append(")")


def _sharp_float(body: str, verb: str, prec: int) -> str:
    """The ``#`` flag: always a decimal point, and for %g the trailing zeros kept."""
    digits = 0
    if verb in "vgGx":
        digits = 6 if prec == -1 else prec
    tail = ""
    has_point = saw_nonzero = False
    for i, ch in enumerate(body):
        if ch == ".":
            has_point = True
        elif ch in "pP" or (ch in "eE" and verb not in "xX"):
            tail, body = body[i:], body[:i]
            break
        else:
            if ch != "0":
                saw_nonzero = True
            if saw_nonzero:
                digits -= 1
    if not has_point:
        if body == "0":
            digits -= 1
        body += "."
    return body + "0" * max(digits, 0) + tail


def _int_from_arg(a: list[object], arg_num: int) -> tuple[int, bool, int]:
    if arg_num >= len(a):
        return 0, False, arg_num
    value = a[arg_num]
    if isinstance(value, int) and not isinstance(value, bool) and not _too_large(value):
        return value, True, arg_num + 1
    return 0, False, arg_num + 1


def _to_base(u: int, base: int, digits: str) -> str:
    if base == 10:
        return str(u)
    out = []
    while u >= base:
        out.append(digits[u % base])
        u //= base
    out.append(digits[u])
    return "".join(reversed(out))


def _sorted_keys(d: dict[object, object]) -> list[object]:
    try:
        return sorted(d)  # type: ignore[type-var]
    except TypeError:
        return sorted(d, key=str)


def format_value(value: object) -> str:
    """``fmt.Sprint(value)``: Go's ``%v`` for one value."""
    p = _Printer()
    p.print_arg(value, "v")
    return "".join(p.buf)


def sprint(args: list[object]) -> str:
    """fmt.Sprint: operands printed with %v, a space between two operands when neither is a string."""
    p = _Printer()
    prev_string = False
    for i, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if i > 0 and not is_string and not prev_string:
            p.buf.append(" ")
        p.print_arg(arg, "v")
        prev_string = is_string
    return "".join(p.buf)


def sprintln(args: list[object]) -> str:
    """fmt.Sprintln: operands printed with %v, always a space between them, and a newline."""
    p = _Printer()
    for i, arg in enumerate(args):
        if i > 0:
            p.buf.append(" ")
        p.print_arg(arg, "v")
    p.buf.append("\n")
    return "".join(p.buf)


def sprintf(fmt: str, args: list[object]) -> str:
    """fmt.Sprintf with Go's verbs, flags, widths, precisions, argument indexes and ``%!`` error notes."""
    p = _Printer()
    p.do_printf(fmt, args)
    return "".join(p.buf)
