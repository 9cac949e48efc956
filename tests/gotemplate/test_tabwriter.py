"""The port of Go's text/tabwriter, checked against Go's documented examples and its own test table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.gotemplate import ESCAPE, TabWriter, tabulate

FILTER_HTML = TabWriter.FILTER_HTML
STRIP_ESCAPE = TabWriter.STRIP_ESCAPE
ALIGN_RIGHT = TabWriter.ALIGN_RIGHT
DISCARD = TabWriter.DISCARD_EMPTY_COLUMNS
TAB_INDENT = TabWriter.TAB_INDENT
DEBUG = TabWriter.DEBUG


def test_the_atlas_cli_invitation_table() -> None:
    # The real CLI's template output, through tabwriter.NewWriter(out, 6, 4, 3, ' ', 0).
    text = (
        "ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n"
        "6a793f89c0eb9e7a177165b6\ttest-783@mongodb.com\t2026-08-10 03:03:37 +0000 UTC\t2026-09-09 03:03:37 +0000 UTC\n"
    )
    assert tabulate(text) == (
        "ID                         USERNAME               CREATED AT                      EXPIRES AT\n"
        "6a793f89c0eb9e7a177165b6   test-783@mongodb.com   "
        "2026-08-10 03:03:37 +0000 UTC   2026-09-09 03:03:37 +0000 UTC\n"
    )


def test_short_cells_get_the_minimum_width() -> None:
    assert tabulate("ID\tNAME\n1\tx\n") == "ID    NAME\n1     x\n"


# ((minwidth, tabwidth, padding, padchar, flags), source, expected): the examples of Go's package documentation and
# the table of Go's tabwriter_test.go.
CASES = [
    # ExampleWriter_Init
    (
        (0, 8, 0, "\t", 0),
        "a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n",
        "a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n\n",
    ),
    (
        (5, 0, 1, " ", ALIGN_RIGHT),
        "a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n",
        "    a     b       c         d.\n  123 12345 1234567 123456789.\n\n",
    ),
    # Example_elastic
    (
        (0, 0, 1, ".", ALIGN_RIGHT | DEBUG),
        "a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n",
        "....a|..b|c\n...aa|.bb|cc\n..aaa|\n.aaaa|.dddd|eeee\n",
    ),
    # Example_trailingTab
    (
        (0, 0, 3, "-", ALIGN_RIGHT | DEBUG),
        "a\tb\taligned\t\naa\tbb\taligned\t\naaa\tbbb\tunaligned\naaaa\tbbbb\taligned\t\n",
        "------a|------b|---aligned|\n-----aa|-----bb|---aligned|\n----aaa|----bbb|unaligned\n---aaaa|---bbbb|---aligned|\n",
    ),
    ((8, 0, 1, ".", 0), "", ""),
    ((8, 0, 1, ".", DEBUG), "", ""),
    ((8, 0, 1, ".", STRIP_ESCAPE), ESCAPE + ESCAPE, ""),
    ((8, 0, 1, ".", 0), ESCAPE + ESCAPE, ESCAPE + ESCAPE),
    ((8, 0, 1, ".", STRIP_ESCAPE), ESCAPE + "\t" + ESCAPE, "\t"),
    ((8, 0, 1, ".", 0), ESCAPE + "\t" + ESCAPE, ESCAPE + "\t" + ESCAPE),
    ((8, 0, 1, ".", STRIP_ESCAPE), ESCAPE + '"foo\t\n\tbar"' + ESCAPE, '"foo\t\n\tbar"'),
    ((8, 0, 1, ".", 0), ESCAPE + '"foo\t\n\tbar"' + ESCAPE, ESCAPE + '"foo\t\n\tbar"' + ESCAPE),
    ((8, 0, 1, ".", STRIP_ESCAPE), "abc" + ESCAPE + "\tdef", "abc\tdef"),
    ((8, 0, 1, ".", 0), "abc" + ESCAPE + "\tdef", "abc" + ESCAPE + "\tdef"),
    ((8, 0, 1, ".", 0), "\n\n\n", "\n\n\n"),
    ((8, 0, 1, ".", 0), "a\nb\nc", "a\nb\nc"),
    ((8, 0, 1, ".", 0), "\t", ""),
    ((8, 0, 1, ".", ALIGN_RIGHT), "\t", ""),
    ((8, 0, 1, ".", 0), "*\t*", "*.......*"),
    ((8, 0, 1, ".", 0), "*\t*\n", "*.......*\n"),
    ((8, 0, 1, ".", 0), "*\t*\t", "*.......*"),
    ((8, 0, 1, ".", DEBUG), "*\t*\t", "*.......|*"),
    ((8, 0, 1, ".", ALIGN_RIGHT), "*\t*\t", ".......**"),
    ((8, 0, 1, ".", 0), "\t\n", "........\n"),
    ((8, 0, 1, ".", 0), "a) foo", "a) foo"),
    ((8, 0, 1, " ", 0), "b) foo\tbar", "b) foo  bar"),
    ((8, 0, 1, ".", 0), "c) foo\tbar\t", "c) foo..bar"),
    ((8, 0, 1, ".", 0), "d) foo\tbar\n", "d) foo..bar\n"),
    ((8, 0, 1, ".", 0), "e) foo\tbar\t\n", "e) foo..bar.....\n"),
    ((8, 0, 1, ".", FILTER_HTML), "f) f&lt;o\t<b>bar</b>\t\n", "f) f&lt;o..<b>bar</b>.....\n"),
    (
        (8, 0, 1, ".", FILTER_HTML),
        "g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp",
        "g) f&lt;o..<b>bar</b>..... non-terminated entity &amp",
    ),
    (
        (8, 0, 1, ".", FILTER_HTML | DEBUG),
        "g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp",
        "g) f&lt;o..|<b>bar</b>.....| non-terminated entity &amp",
    ),
    ((8, 0, 1, "*", 0), "Hello, world!\n", "Hello, world!\n"),
    ((1, 0, 0, ".", 0), "1\t2\t3\t4\n11\t222\t3333\t44444\n", "1.2..3...4\n11222333344444\n"),
    (
        (1, 0, 0, ".", FILTER_HTML),
        "1\t2<!---\f--->\t3\t4\n11\t222\t3333\t44444\n",
        "1.2<!---\f--->..3...4\n11222333344444\n",
    ),
    ((1, 0, 0, ".", 0), "1\t2\t3\t4\f11\t222\t3333\t44444\n", "1234\n11222333344444\n"),
    ((1, 0, 0, ".", DEBUG), "1\t2\t3\t4\f11\t222\t3333\t44444\n", "1|2|3|4\n---\n11|222|3333|44444\n"),
    ((5, 0, 0, ".", 0), "1\t2\t3\t4\n", "1....2....3....4\n"),
    ((5, 0, 0, ".", 0), "1\t2\t3\t4\t\n", "1....2....3....4....\n"),
    (
        (8, 0, 1, ".", 0),
        "本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n",
        "本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n",
    ),
    (
        (8, 0, 1, " ", ALIGN_RIGHT),
        "a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n",
        "       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n",
    ),
    ((2, 0, 0, " ", 0), "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n", "a  b  c\naa bbbcccc\naaabbbb\n"),
    (
        (8, 0, 1, "_", 0),
        "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
        "a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n",
    ),
    (
        (4, 0, 1, "-", 0),
        "4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
        "4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n"
        "666666-666666-666666----4444\n1------1------999999999-0000000000\n",
    ),
    (
        (4, 0, 3, ".", 0),
        "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
        "4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n"
        "666666...666666...666666......4444\n1........1........999999999...0000000000\n",
    ),
    (
        (8, 8, 1, "\t", FILTER_HTML),
        "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n"
        "1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n",
        "4444\t\t333\t22\t1\t333\n999999999\t22\n7\t\t22\n\t\t\t\t88888888\n\n666666\t666666\t666666\t\t4444\n"
        "1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n",
    ),
    (
        (1, 0, 2, " ", ALIGN_RIGHT),
        ".0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n"
        ".0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t",
        "    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n   5.1        12.0    2.4    -7.0\n"
        "    .0         0.0  332.0  8908.0\n    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3",
    ),
    ((4, 0, 0, ".", 0), "a\t\tb", "a.......b"),
    ((4, 0, 0, ".", DISCARD), "a\t\tb", "a.......b"),
    ((4, 0, 0, ".", DISCARD), "a\v\vb", "a...b"),
    ((4, 0, 0, ".", ALIGN_RIGHT | DISCARD), "a\v\vb", "...ab"),
    (
        (100, 100, 0, "\t", 0),
        "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
        "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
    ),
    (
        (100, 100, 0, "\t", DISCARD),
        "a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n",
        "a\tb\td\na\tb\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
    ),
    (
        (100, 100, 0, "\t", DISCARD | DEBUG),
        "a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n",
        "a\t|b\t||d\na\t|b\t||d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
    ),
    (
        (100, 100, 0, "\t", DISCARD | DEBUG),
        "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
        "a\t|b\t|\t|d\na\t|b\t|\t|d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
    ),
    # Leading empty cells padded with tabs: each is 6 wide, rounded up to two tab stops of 4.
    ((6, 4, 3, " ", TAB_INDENT), "\t\tx\n\ty\n", "\t\t\t\tx\n\t\ty\n"),
]


def _chunked(text: str, sizes: list[int]) -> list[str]:
    out, i = [], 0
    for size in sizes:
        out.append(text[i : i + size])
        i += size
    return [*out, text[i:]]


@pytest.mark.parametrize(("settings", "source", "expected"), CASES)
@pytest.mark.parametrize("pieces", ["whole", "char by char", "growing slices"])
def test_go_examples(settings: tuple[int, int, int, str, int], source: str, expected: str, pieces: str) -> None:
    writer = TabWriter(*settings)
    if pieces == "whole":
        chunks = [source]
    elif pieces == "char by char":
        chunks = list(source)
    else:
        chunks = _chunked(source, list(range(1, 40)))
    for chunk in chunks:
        writer.write(chunk)
    assert writer.flush() == expected


def test_a_writer_can_be_used_again_after_flush() -> None:
    writer = TabWriter()
    writer.write("a\tb\n")
    assert writer.flush() == "a     b\n"
    writer.write("ccccccc\td\n")
    assert writer.flush() == "ccccccc   d\n"


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        TabWriter(minwidth=-1)
    with pytest.raises(ValueError, match="one character"):
        TabWriter(padchar="ab")


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=8)


@given(st.lists(st.lists(_cell, min_size=1, max_size=5), max_size=8))
def test_last_cells_are_never_padded(rows: list[list[str]]) -> None:
    text = "".join("\t".join(row) + "\n" for row in rows)
    lines = tabulate(text).split("\n")
    assert lines[-1] == ""
    assert len(lines) == len(rows) + 1
    for row, line in zip(rows, lines, strict=False):
        assert line.endswith(row[-1])
        assert line.split() == [cell for cell in row if cell]
        if row[-1]:
            assert not line.endswith(" ")


@given(st.integers(2, 5).flatmap(lambda n: st.lists(st.lists(_cell, min_size=n, max_size=n), min_size=1, max_size=8)))
def test_rows_of_equal_length_form_one_block_per_column(rows: list[list[str]]) -> None:
    widths = [max(6, max(len(row[j]) for row in rows) + 3) for j in range(len(rows[0]) - 1)]
    expected = "".join("".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + row[-1] + "\n" for row in rows)
    assert tabulate("".join("\t".join(row) + "\n" for row in rows)) == expected
