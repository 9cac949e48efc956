"""Fields and key chains on JSON objects, missing keys and nulls, ``$`` and variables."""

from __future__ import annotations

import pytest

from atlas_access.gotemplate import TemplateError, render

DATA = {
    "a": "x",
    "nul": None,
    "m": {"b": 2.0, "a": 1.0, "c": {"d": "deep"}},
    "nested": {"x": {"y": {"z": 1.0}}},
    "list": [{"name": "a"}, {"name": "b"}],
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{.a}}", "x"),
        ("{{.m.c.d}}", "deep"),
        ("{{.nested.x.y.z}}", "1"),
        ("{{$.a}}", "x"),
        ("{{with .m}}{{$.a}}{{.b}}{{end}}", "x2"),
        ("{{(.m).c.d}}", "deep"),
        ("{{(index .list 1).name}}", "b"),
        ("{{$x := .m}}{{$x.c.d}}", "deep"),
        ("{{range .list}}{{.name}}{{end}}", "ab"),
    ],
)
def test_fields_walk_objects(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    "template",
    [
        "{{.missing}}",
        "{{.missing.deeper.still}}",
        "{{.nul}}",
        "{{.m.x}}",
        "{{$x := .missing}}{{$x}}",
        "{{$x := .missing}}{{$x.y}}",
        "{{$x := .nul}}{{$x.y}}",
        '{{index .m "zz"}}',
        '{{index . "nul"}}',
        "{{and .missing 1}}",
    ],
)
def test_a_missing_key_or_null_prints_no_value(template: str) -> None:
    assert render(template, DATA) == "<no value>"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # As an argument, a missing value is a nil interface: fmt prints <nil>.
        ("{{print .missing}}", "<nil>"),
        ("{{.missing | print}}", "<nil>"),
        ('{{printf "%v" .nul}}', "<nil>"),
        ('{{print (index .m "zz")}}', "<nil>"),
        # html, js and urlquery print it as <no value>, escaped.
        ("{{html .missing}}", "&lt;no value&gt;"),
    ],
)
def test_a_missing_value_as_an_argument(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


def test_nil_data_has_no_value_anywhere() -> None:
    assert render("{{.}} {{.a}} {{.a.b}} {{$}}", None) == "<no value> <no value> <no value> <no value>"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        # A field of a value read out of an object has static type interface {} in Go.
        (
            "{{.a.b}}",
            'template: output:1:4: executing "output" at <.a.b>: can\'t evaluate field b in type interface {}',
        ),
        (
            "{{.nul.x}}",
            'template: output:1:6: executing "output" at <.nul.x>: nil pointer evaluating interface {}.x',
        ),
        # `with` and variables unwrap the value, so Go names its concrete type.
        (
            "{{with .a}}{{.b}}{{end}}",
            'template: output:1:13: executing "output" at <.b>: can\'t evaluate field b in type string',
        ),
        (
            "{{$x := .a}}{{$x.b}}",
            'template: output:1:16: executing "output" at <$x.b>: can\'t evaluate field b in type string',
        ),
        (
            "{{range .list}}{{.name.x}}{{end}}",
            'template: output:1:22: executing "output" at <.name.x>: can\'t evaluate field x in type interface {}',
        ),
        (
            "{{.m.b.c}}",
            'template: output:1:4: executing "output" at <.m.b.c>: can\'t evaluate field c in type interface {}',
        ),
        (
            "{{.list.x}}",
            'template: output:1:7: executing "output" at <.list.x>: can\'t evaluate field x in type interface {}',
        ),
        ('{{.a "arg"}}', 'template: output:1:2: executing "output" at <.a>: a is not a method but has arguments'),
    ],
)
def test_a_field_of_something_that_is_not_an_object_fails(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, DATA)
    assert str(caught.value) == message


def test_a_field_of_top_level_text_names_its_type() -> None:
    with pytest.raises(TemplateError, match=r"can't evaluate field x in type string$"):
        render("{{.x}}", "text")
    with pytest.raises(TemplateError, match=r"can't evaluate field x in type float64$"):
        render("{{.x}}", 1.0)
    with pytest.raises(TemplateError, match=r"can't evaluate field x in type \[\]interface \{\}$"):
        render("{{.x}}", [])


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
        # A variable declared in a block ends at its {{end}}; an assignment changes the outer one.
        ("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21"),
        ("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
        ("{{$x := 3}}{{range $x = .l}}{{$x}}{{end}}{{$x}}", "1233"),
        ("{{$i := 9}}{{$e := 8}}{{range $i, $e = .l}}{{end}}{{$i}}{{$e}}", "23"),
        ("{{with $x := 1}}{{$x}}{{else}}{{$x}}{{end}}", "1"),
        ("{{if $x := .f}}a{{else}}{{$x}}{{end}}", "0"),
        ("{{$x := .l}}{{$}}", "map[f:0 l:[1 2 3]]"),
    ],
)
def test_variables_scope_like_go(template: str, expected: str) -> None:
    assert render(template, {"l": [1.0, 2.0, 3.0], "f": 0.0}) == expected


def test_an_assignment_to_an_undeclared_variable_fails_when_it_runs() -> None:
    # Go's parser checks the variables an action reads, not the ones it assigns.
    with pytest.raises(TemplateError) as caught:
        render("{{$x = 1}}", None)
    assert str(caught.value) == 'template: output:1:7: executing "output" at <1>: undefined variable: $x'
