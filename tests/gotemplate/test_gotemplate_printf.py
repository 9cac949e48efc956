"""printf with Go's verbs, flags, widths and precisions, and Go's notes for mistakes."""

from __future__ import annotations

import pytest

from atlas_access.gotemplate import render


def printf(fmt: str, *args: object) -> str:
    names = " ".join(f"(index .args {i})" for i in range(len(args)))
    return render(f"{{{{printf .fmt {names}}}}}", {"fmt": fmt, "args": list(args)})


@pytest.mark.parametrize(
    ("fmt", "args", "expected"),
    [
        ("%s|%v|%q", ("abc", "abc", "abc"), 'abc|abc|"abc"'),
        ("%5s|%-5s|%.2s|%5.1s|%05s", ("ab", "cd", "xyz", "xyz", "ab"), "   ab|cd   |xy|    x|000ab"),
        ("%x|%X|% x|%#x|%# x", ("hi", "hi", "hi", "hi", "hi"), "6869|6869|68 69|0x6869|0x68 0x69"),
        ("%q|%+q|%#q|%#q", ("héllo\n", "héllo", "a`b", "ab"), '"héllo\\n"|"h\\u00e9llo"|"a`b"|`ab`'),
        ("%t|%v|%5t", (True, False, True), "true|false| true"),
        ("%d|%5d|%-5d|%05d|%+d|% d", (42, 42, 42, 42, 42, 42), "42|   42|42   |00042|+42| 42"),
        ("%x|%X|%#x|%o|%#o|%O|%b|%#b", (255, 255, 255, 8, 8, 8, 5, 5), "ff|FF|0xff|10|010|0o10|101|0b101"),
        ("%c|%q|%U|%#U", (65, 66, 9731, 9731), "A|'B'|U+2603|U+2603 '☃'"),
        ("%.3d|%8.3d|%.0d|", (7, 7, 0), "007|     007||"),
        ("%.2f|%8.3f|%-8.2f|%+.1f|% .1f", (3.14159, 2.5, 1.25, 1.0, 2.0), "3.14|   2.500|1.25    |+1.0| 2.0"),
        ("%e|%E|%.3e", (123456.789, 0.000123, 1234.5678), "1.234568e+05|1.230000E-04|1.235e+03"),
        ("%g|%G|%.3g|%.10g|%g", (1e21, 1e-7, 1234.5678, 1 / 3, 100000.0), "1e+21|1E-07|1.23e+03|0.3333333333|100000"),
        ("%08.3f|%-08.3f|%+08.3f", (3.14159, 3.14159, -3.14159), "0003.142|3.142   |-003.142"),
        ("%.0f %.0f %.0f %.1f", (0.5, 1.5, 2.5, 0.05), "0 2 2 0.1"),
        ("%#g|%#.3g|%#.0f|%#e", (1.0, 2.0, 3.0, 1.0), "1.00000|2.00|3.|1.000000e+00"),
        ("%x|%X|%.2x|%b", (1.0, 255.5, 3.14159, 1.0), "0x1p+00|0X1.FFP+07|0x1.92p+01|4503599627370496p-52"),
        ("%6.2v|%.3v|%10v|", (3.14159, "abcdef", "x"), "   3.1|abc|         x|"),
        ("%v|%d|%s|%5v", ([1.0, "a"], [1, 2], ["a", "b"], [1, 2]), "[1 a]|[1 2]|[a b]|[    1     2]"),
        (
            "%v|%#v",
            ({"b": 1.0, "a": [None]},) * 2,
            'map[a:[<nil>] b:1]|map[string]interface {}{"a":[]interface {}{interface {}(nil)}, "b":1}',
        ),
        (
            "%T %T %T %T %T %T",
            ("s", 1.5, 1, True, [], {}),
            "string float64 int bool []interface {} map[string]interface {}",
        ),
        ("%[2]d %[1]d", (1, 2), "2 1"),
        ("%*d|%-*d|%.*f", (5, 1, 5, 2, 2, 3.14159), "    1|2    |3.14"),
        ("%%|%5%", (), "%|%"),
    ],
)
def test_verbs(fmt: str, args: tuple[object, ...], expected: str) -> None:
    assert printf(fmt, *args) == expected


@pytest.mark.parametrize(
    ("fmt", "args", "expected"),
    [
        # A JSON number is a float64: %d does not apply to it.
        ("%d", (3.0,), "%!d(float64=3)"),
        ("%d", ("abc",), "%!d(string=abc)"),
        ("%s", (1.5,), "%!s(float64=1.5)"),
        ("%s", (3,), "%!s(int=3)"),
        ("%d", (True,), "%!d(bool=true)"),
        ("%t", (1,), "%!t(int=1)"),
        ("%s", (None,), "%!s(<nil>)"),
        ("%v", (None,), "<nil>"),
        ("%5d", ("ab",), "%!d(string=   ab)"),
        ("%d", ([1.5, "x"],), "[%!d(float64=1.5) %!d(string=x)]"),
        ("%d %d", (1,), "1 %!d(MISSING)"),
        ("%d", (1, "x", 2.5), "1%!(EXTRA string=x, float64=2.5)"),
        ("%!", (), "%!!(MISSING)"),
        ("%", (), "%!(NOVERB)"),
        ("%z", (1,), "%!z(int=1)"),
        ("%[3]d", (1, 2), "%!d(BADINDEX)"),
        ("%[x]d", (1,), "%!d(BADINDEX)"),
        ("%*d", (2.0, 1), "%!(BADWIDTH)1"),
        ("%.*d", ("x", 1), "%!(BADPREC)1"),
        ("%p", (1,), "%!p(int=1)"),
    ],
)
def test_mistakes_print_go_notes(fmt: str, args: tuple[object, ...], expected: str) -> None:
    assert printf(fmt, *args) == expected


def test_printf_reads_the_format_from_the_pipeline() -> None:
    assert render('{{"%s-%d" | printf}}', None) == "%!s(MISSING)-%!d(MISSING)"
    assert render('{{3 | printf "%d%%"}}', None) == "3%"
