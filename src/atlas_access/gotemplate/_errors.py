"""The one exception of the package, and the arithmetic that places an error in the template text."""

from __future__ import annotations


class TemplateError(Exception):
    """A template that does not parse, or that fails while executing.

    ``str(error)`` is Go's message. Parse errors read ``template: NAME:LINE:COL: message`` (Go prints no column; we
    add it). Execution errors keep Go's exact text, ``template: NAME:LINE:COL: executing "NAME" at <node>: message``,
    where Go's COL is a 0-based byte offset into the line.

    ``line`` and ``column`` are 1-based (``column`` counts characters), so they point at the fault in an editor.
    """

    def __init__(self, message: str, *, name: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.line = line
        self.column = column


def line_and_column(text: str, pos: int) -> tuple[int, int]:
    """The 1-based line and 1-based character column of ``pos`` in ``text``."""
    line_start = text.rfind("\n", 0, pos) + 1
    return text.count("\n", 0, pos) + 1, pos - line_start + 1


def go_byte_column(text: str, pos: int) -> int:
    """Go's column for execution errors: the 0-based byte offset of ``pos`` within its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    return len(text[line_start:pos].encode("utf-8", "surrogatepass"))
