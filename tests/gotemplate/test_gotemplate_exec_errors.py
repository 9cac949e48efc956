"""Execution errors: Go's exact text, and a 1-based line and column on the exception."""

from __future__ import annotations

import pytest

from atlas_access.gotemplate import Template, TemplateError, render

DATA = {"a": "x", "n": 1.0, "l": [1.0, 2.0], "m": {"k": "v"}}


@pytest.mark.parametrize(
    ("template", "message", "line", "column"),
    [
        (
            "{{.a.b}}",
            'template: output:1:4: executing "output" at <.a.b>: can\'t evaluate field b in type interface {}',
            1,
            5,
        ),
        (
            "line1\nline2 {{.a.b}}",
            'template: output:2:10: executing "output" at <.a.b>: can\'t evaluate field b in type interface {}',
            2,
            11,
        ),
        (
            "line1\n  {{ .a.b.c }}",
            'template: output:2:7: executing "output" at <.a.b.c>: can\'t evaluate field b in type interface {}',
            2,
            8,
        ),
        # Go's column is a byte offset: "é" is two bytes.
        (
            "ééé\né{{ .a.b }}",
            'template: output:2:7: executing "output" at <.a.b>: can\'t evaluate field b in type interface {}',
            2,
            7,
        ),
        (
            "{{if eq .n 1}}one{{end}}",
            'template: output:1:5: executing "output" at <eq .n 1>: '
            "error calling eq: incompatible types for comparison: float64 and int",
            1,
            6,
        ),
        (
            "{{range .l}}\n  {{.x}}\n{{end}}",
            'template: output:2:4: executing "output" at <.x>: can\'t evaluate field x in type interface {}',
            2,
            5,
        ),
        (
            "{{len .n}}",
            'template: output:1:2: executing "output" at <len .n>: error calling len: len of type float64',
            1,
            3,
        ),
        (
            "{{len}}",
            'template: output:1:2: executing "output" at <len>: wrong number of args for len: want 1 got 0',
            1,
            3,
        ),
        (
            '{{printf "%d" (index .l 7)}}',
            'template: output:1:15: executing "output" at <index .l 7>: error calling index: index out of range: 7',
            1,
            16,
        ),
    ],
)
def test_execution_errors_match_go(template: str, message: str, line: int, column: int) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, DATA)
    error = caught.value
    assert str(error) == message
    assert (error.line, error.column, error.name) == (line, column, "output")


def test_the_context_is_the_whole_node() -> None:
    with pytest.raises(TemplateError) as caught:
        render('{{printf "%s and %s and more" .a (len .n)}}', DATA)
    assert "at <len .n>: error calling len: len of type float64" in str(caught.value)


def test_the_name_in_execution_errors_is_the_templates() -> None:
    with pytest.raises(TemplateError, match=r'^template: row:1:4: executing "row" at <\.a\.b>: '):
        Template.parse("{{.a.b}}", name="row").execute(DATA)


def test_an_error_ends_execution() -> None:
    template = Template.parse("before {{.a.b}} after")
    with pytest.raises(TemplateError):
        template.execute(DATA)
    assert template.execute({"a": {"b": "ok"}}) == "before ok after"


def test_deeply_nested_data_is_an_error_not_a_crash() -> None:
    data: object = "leaf"
    for _ in range(5000):
        data = [data]
    with pytest.raises(TemplateError, match="nested too deeply"):
        render("{{.}}", data)
