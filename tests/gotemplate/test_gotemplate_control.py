"""if, with, range, break and continue, and named templates."""

from __future__ import annotations

import pytest

from atlas_access.gotemplate import TemplateError, render

DATA = {
    "t": True,
    "no": False,
    "z": 0.0,
    "e": "",
    "a": "x",
    "el": [],
    "em": {},
    "nul": None,
    "l": [1.0, 2.0, 3.0],
    "strs": ["x", "y", "z"],
    "m": {"k2": "v2", "k1": "v1", "k10": "v10"},
    "list": [{"name": "a", "v": 1.0}, {"name": "b", "v": 2.0}],
}


@pytest.mark.parametrize(
    ("condition", "truth"),
    [
        (".t", True),
        (".no", False),
        (".z", False),
        (".e", False),
        (".el", False),
        (".em", False),
        (".nul", False),
        (".missing", False),
        (".a", True),
        (".l", True),
        (".m", True),
        ("0", False),
        ("1", True),
        ("0.0", False),
        ('""', False),
        ('"0"', True),
    ],
)
def test_truth_is_gos(condition: str, truth: bool) -> None:
    assert render(f"{{{{if {condition}}}}}T{{{{else}}}}F{{{{end}}}}", DATA) == ("T" if truth else "F")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{if .no}}A{{else if .a}}B{{else}}C{{end}}", "B"),
        ("{{if .no}}A{{else if .z}}B{{else if .t}}C{{end}}", "C"),
        ("{{if .no}}A{{else if .z}}B{{end}}", ""),
        ("{{with .a}}[{{.}}]{{end}}", "[x]"),
        ("{{with .missing}}y{{else}}n{{end}}", "n"),
        ("{{with .missing}}a{{else with .a}}{{.}}{{end}}", "x"),
        ("{{with .e}}a{{else with .z}}b{{else}}c{{end}}", "c"),
        ("{{if and .t (not .no)}}yes{{end}}", "yes"),
    ],
)
def test_if_and_with(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{range .l}}[{{.}}]{{end}}", "[1][2][3]"),
        ("{{range $i, $e := .strs}}{{$i}}:{{$e}} {{end}}", "0:x 1:y 2:z "),
        ("{{range $e := .strs}}{{$e}}{{end}}", "xyz"),
        # Maps range in sorted key order.
        ("{{range .m}}{{.}},{{end}}", "v1,v10,v2,"),
        ("{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", "k1=v1;k10=v10;k2=v2;"),
        ("{{range .el}}x{{else}}empty{{end}}", "empty"),
        ("{{range .em}}x{{else}}empty{{end}}", "empty"),
        ("{{range .missing}}x{{else}}none{{end}}", "none"),
        ("{{range .nul}}x{{else}}none{{end}}", "none"),
        ("{{range .list}}{{.name}}={{.v}} {{end}}", "a=1 b=2 "),
        ("{{range .list}}{{$.a}}{{end}}", "xx"),
        ("{{range $i, $e := .l}}{{range $j, $f := $.l}}{{$i}}{{$j}} {{end}}{{end}}", "00 01 02 10 11 12 20 21 22 "),
        # In the else branch the declared variables hold the (empty) collection.
        ("{{range $x := .el}}{{else}}{{$x}}{{end}}", "[]"),
        # A literal integer ranges from 0 (Go 1.22 and later).
        ("{{range 3}}{{.}}{{end}}", "012"),
        ("{{range $i := 2}}{{$i}}{{end}}", "01"),
        ("{{range 0}}x{{else}}none{{end}}", "none"),
    ],
)
def test_range(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{range .strs}}{{if eq . "y"}}{{break}}{{end}}{{.}}{{end}}', "x"),
        ('{{range .strs}}{{if eq . "y"}}{{continue}}{{end}}{{.}}{{end}}', "xz"),
        ('{{range .strs}}{{range $.strs}}{{if eq . "y"}}{{break}}{{end}}{{.}}{{end}};{{end}}', "x;x;x;"),
        ('{{range $i, $e := .strs}}{{with $e}}{{if eq . "x"}}{{continue}}{{end}}{{.}}{{end}}{{end}}', "yz"),
        # break skips the else branch, which is for empty collections only.
        ("{{range .strs}}{{break}}{{else}}empty{{end}}done", "done"),
    ],
)
def test_break_and_continue(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{range .a}}x{{end}}", 'template: output:1:8: executing "output" at <.a>: range can\'t iterate over x'),
        ("{{range .t}}x{{end}}", 'template: output:1:8: executing "output" at <.t>: range can\'t iterate over true'),
        ("{{range .z}}x{{end}}", 'template: output:1:8: executing "output" at <.z>: range can\'t iterate over 0'),
        (
            "{{range $i, $e := 3}}{{end}}",
            'template: output:1:18: executing "output" at <3>: can\'t use 3 to iterate over more than one variable',
        ),
    ],
)
def test_range_over_what_cannot_be_ranged(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, DATA)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{define "T"}}<{{.}}>{{end}}{{range .l}}{{template "T" .}}{{end}}', "<1><2><3>"),
        ('{{define "T"}}{{$}}{{end}}{{template "T" .a}}', "x"),
        ('{{define "T"}}[{{.}}]{{end}}{{template "T"}}', "[<no value>]"),
        ('{{block "B" .l}}{{len .}}{{end}}', "3"),
        ('{{define "r"}}{{if .}}{{index . 0}}{{template "r" slice . 1}}{{end}}{{end}}{{template "r" .strs}}', "xyz"),
        # A define replaces an empty top-level template of the same name.
        ('  {{define "output"}}DEF{{end}}  ', "DEF"),
        # The documented block example, before any redefinition.
        (
            'Names:{{block "list" .}}{{"\\n"}}{{range .}}{{println "-" .}}{{end}}{{end}}',
            "Names:\n- Gamora\n- Groot\n- Nebula\n",
        ),
    ],
)
def test_named_templates(template: str, expected: str) -> None:
    data = ["Gamora", "Groot", "Nebula"] if "Names" in template else DATA
    assert render(template, data) == expected


def test_named_template_errors_name_the_template_being_executed() -> None:
    with pytest.raises(TemplateError) as caught:
        render('{{define "T"}}{{.a.b}}{{end}}\n{{template "T" .}}', DATA)
    assert str(caught.value) == (
        'template: output:1:18: executing "T" at <.a.b>: can\'t evaluate field b in type interface {}'
    )
    with pytest.raises(TemplateError, match=r'template "nope" not defined$'):
        render('{{template "nope"}}', None)
    with pytest.raises(TemplateError, match=r"exceeded maximum template depth \(100\)$"):
        render('{{define "x"}}{{template "x" .}}{{end}}{{template "x" 1}}', None)


def test_an_object_that_is_false_in_python_is_false_in_if() -> None:
    # the CLI stands in for a Go nil pointer with such an object: `{{if .Links}}` must not take the branch
    class Nil:
        def __bool__(self) -> bool:
            return False

        def __str__(self) -> str:
            return "<nil>"

    assert render("{{if .x}}yes{{else}}no{{end}} {{.x}}", {"x": Nil()}) == "no <nil>"
