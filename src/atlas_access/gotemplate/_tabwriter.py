"""A port of Go's text/tabwriter: elastic tabstops, as the ``atlas`` CLI uses them for its tables.

Cells are tab-terminated, not tab-separated: the text after a line's last tab is not part of a column and is never
padded. A column block is a run of consecutive lines that all have a cell in that column; every cell of the block
is padded to ``max(minwidth, widest cell + padding)``.
"""

from __future__ import annotations

# Go's escape character is the byte 0xff, which never occurs in UTF-8 text. Its counterpart in a Python str is the
# lone surrogate that "surrogateescape" decoding makes of that byte; it never occurs in real text either.
ESCAPE = "\udcff"


class _Cell:
    __slots__ = ("htab", "size", "width")

    def __init__(self) -> None:
        self.size = 0  # characters of text in the buffer
        self.width = 0  # display width, excluding escapes and HTML tags
        self.htab = False  # terminated by a horizontal tab


class TabWriter:
    """Go's ``tabwriter.Writer``: ``write()`` text, then ``flush()`` returns it aligned.

    The ``atlas`` CLI uses ``TabWriter(minwidth=6, tabwidth=4, padding=3, padchar=" ", flags=0)`` (the defaults).
    Widths count characters, as Go counts runes.
    """

    FILTER_HTML = 1  # HTML tags have no width, entities have width one
    STRIP_ESCAPE = 2  # drop the ESCAPE characters that bracket escaped text
    ALIGN_RIGHT = 4
    DISCARD_EMPTY_COLUMNS = 8  # empty columns terminated by vertical tabs ("\v") vanish
    TAB_INDENT = 16  # pad leading empty cells with tabs
    DEBUG = 32  # a "|" between columns

    def __init__(self, minwidth: int = 6, tabwidth: int = 4, padding: int = 3, padchar: str = " ", flags: int = 0):
        if minwidth < 0 or tabwidth < 0 or padding < 0:
            raise ValueError("negative minwidth, tabwidth, or padding")
        if len(padchar) != 1:
            raise ValueError("padchar must be one character")
        self.minwidth = minwidth
        self.tabwidth = tabwidth
        self.padding = padding
        self.padchar = padchar
        self.flags = flags & ~self.ALIGN_RIGHT if padchar == "\t" else flags  # tab padding aligns left
        self._out: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self._chunks: list[str] = []
        self._length = 0  # characters in the buffer
        self._pos = 0  # buffer position up to which the current cell's width is known
        self._cell = _Cell()
        self._end_char = ""  # the character that ends the escaped segment in progress, if any
        self._lines: list[list[_Cell]] = [[]]
        self._widths: list[int] = []
        self._text = ""

    # --- input ---------------------------------------------------------------------------------------

    def _append(self, text: str) -> None:
        self._chunks.append(text)
        self._length += len(text)
        self._cell.size += len(text)

    def _update_width(self) -> None:
        self._cell.width += self._length - self._pos
        self._pos = self._length

    def _end_escape(self) -> None:
        if self._end_char == ESCAPE:
            self._update_width()
            if not self.flags & self.STRIP_ESCAPE:
                self._cell.width -= 2  # the ESCAPE characters have no width
        elif self._end_char == ";":
            self._cell.width += 1  # an HTML entity is one character wide
        self._pos = self._length
        self._end_char = ""

    def _terminate_cell(self, htab: bool) -> int:
        self._cell.htab = htab
        line = self._lines[-1]
        line.append(self._cell)
        self._cell = _Cell()
        return len(line)

    def write(self, text: str) -> None:
        """Add text. Lines whose formatting cannot depend on later lines are formatted right away."""
        specials = "\t\v\n\f" + ESCAPE + ("<&" if self.flags & self.FILTER_HTML else "")
        upcoming = {ch: text.find(ch) for ch in specials if ch in text}  # the next position of each special
        n = i = 0
        while True:
            if self._end_char:  # inside an escaped segment: only its end matters
                j = text.find(self._end_char, i)
                if j < 0:
                    break
                k = j if self._end_char == ESCAPE and self.flags & self.STRIP_ESCAPE else j + 1
                self._append(text[n:k])
                n = i = j + 1
                self._end_escape()
                continue
            for ch in [ch for ch, at in upcoming.items() if at < i]:
                at = text.find(ch, i)
                if at < 0:
                    del upcoming[ch]
                else:
                    upcoming[ch] = at
            if not upcoming:
                break
            j = min(upcoming.values())
            ch = text[j]
            i = j + 1
            self._append(text[n:j])
            self._update_width()
            if ch in "\t\v\n\f":
                n = j + 1
                cells = self._terminate_cell(ch == "\t")
                if ch in "\n\f":
                    self._lines.append([])
                    # A line of one cell cannot affect the columns of later lines: format what we have.
                    if ch == "\f" or cells == 1:
                        self._flush()
                        if ch == "\f" and self.flags & self.DEBUG:
                            self._out.append("---\n")
            elif ch == ESCAPE:
                n = j + 1 if self.flags & self.STRIP_ESCAPE else j
                self._end_char = ESCAPE
            else:  # an HTML tag or entity
                n = j
                self._end_char = ">" if ch == "<" else ";"
        self._append(text[n:])

    def flush(self) -> str:
        """Format everything written so far and return all the output not yet returned."""
        self._flush()
        out, self._out = "".join(self._out), []
        return out

    def _flush(self) -> None:
        if self._cell.size > 0:
            if self._end_char:
                self._end_escape()  # an unterminated escape ends here
            self._terminate_cell(False)
        self._text = "".join(self._chunks)
        self._format(0, 0, len(self._lines))
        self._reset()

    # --- output --------------------------------------------------------------------------------------

    def _write_padding(self, textw: int, cellw: int, use_tabs: bool) -> None:
        if self.padchar == "\t" or use_tabs:
            if self.tabwidth == 0:
                return  # tabs have no width: no padding is possible
            cellw = (cellw + self.tabwidth - 1) // self.tabwidth * self.tabwidth
            n = cellw - textw
            self._out.append("\t" * ((n + self.tabwidth - 1) // self.tabwidth))
            return
        self._out.append(self.padchar * (cellw - textw))

    def _write_lines(self, pos: int, line0: int, line1: int) -> int:
        for i in range(line0, line1):
            use_tabs = bool(self.flags & self.TAB_INDENT)
            for j, c in enumerate(self._lines[i]):
                if j > 0 and self.flags & self.DEBUG:
                    self._out.append("|")
                if c.size == 0:  # an empty cell
                    if j < len(self._widths):
                        self._write_padding(c.width, self._widths[j], use_tabs)
                    continue
                use_tabs = False
                text = self._text[pos : pos + c.size]
                pos += c.size
                if self.flags & self.ALIGN_RIGHT:
                    if j < len(self._widths):
                        self._write_padding(c.width, self._widths[j], False)
                    self._out.append(text)
                else:
                    self._out.append(text)
                    if j < len(self._widths):
                        self._write_padding(c.width, self._widths[j], False)
            if i + 1 == len(self._lines):
                # The last buffered line has no newline: write the incomplete cell's text.
                self._out.append(self._text[pos : pos + self._cell.size])
                pos += self._cell.size
            else:
                self._out.append("\n")
        return pos

    def _format(self, pos: int, line0: int, line1: int) -> int:
        """Print lines line0..line1, working out one column's width per column block (Go's recursive scheme)."""
        column = len(self._widths)
        this = line0
        while this < line1:
            line = self._lines[this]
            if column >= len(line) - 1:
                this += 1
                continue
            # This line has a cell in this column: print the lines above, then size the block.
            pos = self._write_lines(pos, line0, this)
            line0 = this
            width = self.minwidth
            discardable = True  # all cells empty and terminated by "\v"
            while this < line1:
                line = self._lines[this]
                if column >= len(line) - 1:
                    break
                c = line[column]
                width = max(width, c.width + self.padding)
                if c.width > 0 or c.htab:
                    discardable = False
                this += 1
            if discardable and self.flags & self.DISCARD_EMPTY_COLUMNS:
                width = 0
            self._widths.append(width)
            pos = self._format(pos, line0, this)
            self._widths.pop()
            line0 = this
        return self._write_lines(pos, line0, line1)


def tabulate(
    text: str, minwidth: int = 6, tabwidth: int = 4, padding: int = 3, padchar: str = " ", flags: int = 0
) -> str:
    """Align tab-terminated cells of ``text`` as Go's tabwriter does (the ``atlas`` CLI's settings by default)."""
    writer = TabWriter(minwidth, tabwidth, padding, padchar, flags)
    writer.write(text)
    return writer.flush()
