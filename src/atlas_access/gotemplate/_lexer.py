"""The lexer: a port of Go's text/template/parse/lex.go (delimiters ``{{`` and ``}}``).

It runs to completion before parsing starts. The list it returns ends with an EOF token, or with an ERROR token
carrying Go's message; nothing follows an error, as in Go.
"""

from __future__ import annotations

from ._format import go_quote, go_unicode

# Token kinds, in Go's order. Everything after KEYWORD is a keyword (Go prints those as <word>).
ERROR = 0
BOOL = 1
CHAR = 2  # a printable ASCII character that means nothing by itself, such as ","
CHAR_CONSTANT = 3
COMPLEX = 4
ASSIGN = 5  # =
DECLARE = 6  # :=
EOF = 7
FIELD = 8
IDENTIFIER = 9
LEFT_DELIM = 10
LEFT_PAREN = 11
NUMBER = 12
PIPE = 13
RAW_STRING = 14
RIGHT_DELIM = 15
RIGHT_PAREN = 16
SPACE = 17
STRING = 18
TEXT = 19
VARIABLE = 20
KEYWORD = 21
BLOCK = 22
BREAK = 23
CONTINUE = 24
DOT = 25
DEFINE = 26
ELSE = 27
END = 28
IF = 29
NIL = 30
RANGE = 31
TEMPLATE = 32
WITH = 33

_KEYWORDS = {
    ".": DOT,
    "block": BLOCK,
    "break": BREAK,
    "continue": CONTINUE,
    "define": DEFINE,
    "else": ELSE,
    "end": END,
    "if": IF,
    "nil": NIL,
    "range": RANGE,
    "template": TEMPLATE,
    "with": WITH,
}

_SPACE = " \t\r\n"
_LEFT, _RIGHT = "{{", "}}"


class Token:
    """One lexed item: its kind, its offset in the template text, and its text."""

    __slots__ = ("kind", "pos", "val")

    def __init__(self, kind: int, pos: int, val: str) -> None:
        self.kind = kind
        self.pos = pos
        self.val = val

    def describe(self) -> str:
        """The token as Go's parser names it in error messages."""
        if self.kind == EOF:
            return "EOF"
        if self.kind == ERROR:
            return self.val
        if self.kind > KEYWORD:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


def _alphanumeric(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdecimal()


def _left_trim_marker(s: str, i: int) -> bool:
    return s[i : i + 1] == "-" and s[i + 1 : i + 2] != "" and s[i + 1] in _SPACE


def _right_trim_marker(s: str, i: int) -> bool:
    return s[i : i + 1] != "" and s[i] in _SPACE and s[i + 1 : i + 2] == "-"


class _Lexer:
    def __init__(self, text: str, *, break_ok: bool, continue_ok: bool) -> None:
        self.input = text
        self.pos = 0
        self.start = 0
        self.paren_depth = 0
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self.items: list[Token] = []

    # --- helpers ---------------------------------------------------------------------------------

    def peek(self) -> str:
        return self.input[self.pos : self.pos + 1]

    def next(self) -> str:
        ch = self.input[self.pos : self.pos + 1]
        self.pos += len(ch)
        return ch

    def accept(self, valid: str) -> bool:
        ch = self.peek()
        if ch and ch in valid:
            self.pos += 1
            return True
        return False

    def accept_run(self, valid: str) -> None:
        while self.accept(valid):
            pass

    def emit(self, kind: int) -> None:
        self.items.append(Token(kind, self.start, self.input[self.start : self.pos]))
        self.start = self.pos

    def error(self, message: str, pos: int | None = None) -> None:
        self.items.append(Token(ERROR, self.start if pos is None else pos, message))

    def at_right_delim(self) -> tuple[bool, bool]:
        """Whether the lexer stands on ``}}``, and whether a trim marker (`` -}}``) comes first."""
        if _right_trim_marker(self.input, self.pos) and self.input.startswith(_RIGHT, self.pos + 2):
            return True, True
        return self.input.startswith(_RIGHT, self.pos), False

    def at_terminator(self) -> bool:
        ch = self.peek()
        if ch == "" or ch in _SPACE or ch in ".,|:)(":
            return True
        return self.input.startswith(_RIGHT, self.pos)

    # --- states: each returns False when lexing is over --------------------------------------------

    def run(self) -> list[Token]:
        inside = False
        while True:
            inside = self.inside_action() if inside else self.text()
            if self.items and self.items[-1].kind in (EOF, ERROR):
                return self.items

    def text(self) -> bool:
        """Text up to the next ``{{``; returns True when an action was entered."""
        x = self.input.find(_LEFT, self.pos)
        if x < 0:
            self.pos = len(self.input)
            if self.pos > self.start:
                self.emit(TEXT)
            self.emit(EOF)
            return False
        if x > self.pos:
            self.pos = x
            trim = 0
            if _left_trim_marker(self.input, x + len(_LEFT)):
                trim = (x - self.start) - len(self.input[self.start : x].rstrip(_SPACE))
            self.pos -= trim
            if self.pos > self.start:
                self.emit(TEXT)
            self.pos += trim
            self.start = self.pos
        return self.left_delim()

    def left_delim(self) -> bool:
        self.pos += len(_LEFT)
        after_marker = 2 if _left_trim_marker(self.input, self.pos) else 0
        if self.input.startswith("/*", self.pos + after_marker):
            self.pos += after_marker
            self.start = self.pos
            return self.comment()
        self.emit(LEFT_DELIM)
        self.pos += after_marker
        self.start = self.pos
        self.paren_depth = 0
        return True

    def comment(self) -> bool:
        end = self.input.find("*/", self.pos + 2)
        if end < 0:
            self.error("unclosed comment")
            return False
        self.pos = end + 2
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
            return False
        self.pos += (2 if trim else 0) + len(_RIGHT)
        self.past_right_delim(trim)
        return False

    def right_delim(self) -> bool:
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.start = self.pos
        self.pos += len(_RIGHT)
        self.emit(RIGHT_DELIM)
        self.past_right_delim(trim)
        return False

    def past_right_delim(self, trim: bool) -> None:
        """Just past ``}}``: after a trim marker (`` -}}``) the space that follows is dropped too."""
        if trim:
            self.pos = len(self.input) - len(self.input[self.pos :].lstrip(_SPACE))
        self.start = self.pos

    def inside_action(self) -> bool:
        """One item inside an action; returns False when the action is over."""
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.right_delim()
            self.error("unclosed left paren")
            return False
        ch = self.next()
        if ch == "":
            self.error("unclosed action")
        elif ch in _SPACE:
            self.pos -= 1  # put the space back, in case it starts " -}}"
            self.space()
        elif ch == "=":
            self.emit(ASSIGN)
        elif ch == ":":
            if self.next() != "=":
                self.error("expected :=")
            else:
                self.emit(DECLARE)
        elif ch == "|":
            self.emit(PIPE)
        elif ch == '"':
            self.quote()
        elif ch == "`":
            self.raw_quote()
        elif ch == "$":
            self.variable()
        elif ch == "'":
            self.char_constant()
        elif ch == "." and self.peek() != "" and not "0" <= self.peek() <= "9":
            self.field_or_variable(FIELD)
        elif ch in "+-." or "0" <= ch <= "9":
            self.pos -= 1
            self.number()
        elif _alphanumeric(ch):
            self.pos -= 1
            self.identifier()
        elif ch == "(":
            self.paren_depth += 1
            self.emit(LEFT_PAREN)
        elif ch == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.error(f"unexpected right paren {go_unicode(ord(ch))}")
            else:
                self.emit(RIGHT_PAREN)
        elif " " < ch < "\x7f":
            self.emit(CHAR)
        else:
            self.error(f"unrecognized character in action: {go_unicode(ord(ch))}")
        return True

    def space(self) -> None:
        count = 0
        while self.peek() != "" and self.peek() in _SPACE:
            self.pos += 1
            count += 1
        # A space followed by "-}}" belongs to the closing delimiter.
        if _right_trim_marker(self.input, self.pos - 1) and self.input.startswith(_RIGHT, self.pos + 1):
            self.pos -= 1
            if count == 1:
                return  # the next state finds the delimiter
        self.emit(SPACE)

    def scan_word(self) -> bool:
        """Past the letters and digits of a word; False, after the error, when a bad character ends it."""
        while _alphanumeric(self.peek()):
            self.pos += 1
        if self.at_terminator():
            return True
        self.error(f"bad character {go_unicode(ord(self.peek()))}", self.pos)
        return False

    def identifier(self) -> None:
        if not self.scan_word():
            return
        word = self.input[self.start : self.pos]
        kind = _KEYWORDS.get(word)
        if kind is not None and kind != DOT:
            if (kind == BREAK and not self.break_ok) or (kind == CONTINUE and not self.continue_ok):
                kind = IDENTIFIER
            self.emit(kind)
        elif word in ("true", "false"):
            self.emit(BOOL)
        else:
            self.emit(IDENTIFIER)

    def variable(self) -> None:
        if self.at_terminator():  # just "$"
            self.emit(VARIABLE)
            return
        self.field_or_variable(VARIABLE)

    def field_or_variable(self, kind: int) -> None:
        if self.at_terminator():  # "." alone
            self.emit(VARIABLE if kind == VARIABLE else DOT)
            return
        if self.scan_word():
            self.emit(kind)

    def char_constant(self) -> None:
        self.quoted("'", "unterminated character constant", CHAR_CONSTANT)

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if _alphanumeric(self.peek()):
            self.pos += 1
            return False
        return True

    def number(self) -> None:
        if not self.scan_number():
            self.error(f"bad number syntax: {go_quote(self.input[self.start : self.pos])}")
            return
        if self.peek() != "" and self.peek() in "+-":
            # Complex: 1+2i. No spaces, must end in 'i'.
            if not self.scan_number() or self.input[self.pos - 1] != "i":
                self.error(f"bad number syntax: {go_quote(self.input[self.start : self.pos])}")
                return
            self.emit(COMPLEX)
            return
        self.emit(NUMBER)

    def quote(self) -> None:
        self.quoted('"', "unterminated quoted string", STRING)

    def quoted(self, closing: str, unterminated: str, kind: int) -> None:
        """Up to the closing quote, skipping escaped characters; a newline or the end is an error."""
        while True:
            ch = self.next()
            if ch == "\\":
                ch = self.next()
                if ch not in ("", "\n"):
                    continue
            if ch in ("", "\n"):
                self.error(unterminated)
                return
            if ch == closing:
                break
        self.emit(kind)

    def raw_quote(self) -> None:
        end = self.input.find("`", self.pos)
        if end < 0:
            self.error("unterminated raw quoted string")
            return
        self.pos = end + 1
        self.emit(RAW_STRING)


def lex(text: str, *, break_ok: bool = True, continue_ok: bool = True) -> list[Token]:
    """Split ``text`` into tokens. ``break_ok``/``continue_ok`` are False when a function takes those names."""
    return _Lexer(text, break_ok=break_ok, continue_ok=continue_ok).run()
