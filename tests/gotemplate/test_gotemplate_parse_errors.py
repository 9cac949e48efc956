"""Templates that do not parse: Go's message, plus the line and column of the fault."""

from __future__ import annotations

import pytest

from atlas_access.gotemplate import Template, TemplateError


@pytest.mark.parametrize(
    ("template", "message", "line", "column"),
    [
        ("Hello {{.name}", "bad character U+007D '}'", 1, 14),
        ("Hello {{.name }", 'unexpected "}" in operand', 1, 15),
        ("{{.a", "unclosed action", 1, 5),
        ("line1\n{{.a\n\n", "unclosed action started at output:2", 4, 1),
        ("{{if .a}}x", "unexpected EOF", 1, 11),
        ("{{range .a}}\n{{end}}\n{{end}}", "unexpected {{end}}", 3, 3),
        ("{{end}}", "unexpected {{end}}", 1, 3),
        ("{{else}}", "unexpected {{else}}", 1, 3),
        ("{{if .a}}{{else}}{{else}}{{end}}", "expected end; found {{else}}", 1, 20),
        ("{{}}", "missing value for command", 1, 3),
        ("{{range}}{{end}}", "missing value for range", 1, 8),
        ("{{if}}{{end}}", "missing value for if", 1, 5),
        ("{{foo}}", 'function "foo" not defined', 1, 3),
        ("x\n  {{ $x }}", 'undefined variable "$x"', 2, 6),
        ('{{"a".b}}', 'unexpected . after term "\\"a\\""', 1, 6),
        ("{{1.x}}", 'bad number syntax: "1.x"', 1, 3),
        ("{{3k}}", 'bad number syntax: "3k"', 1, 3),
        ("{{.a | 1}}", "non executable command in pipeline stage 2", 1, 8),
        ("{{(.a}}", "unclosed left paren", 1, 6),
        ("{{.a)}}", "unexpected right paren U+0029 ')'", 1, 5),
        ("{{range $i, $e, $f := .}}{{end}}", "too many declarations in range", 1, 15),
        ("{{range $i, 1}}{{end}}", "range can only initialize variables", 1, 13),
        ("{{with $x, $y := .}}{{end}}", "too many declarations in with", 1, 10),
        ("{{break}}", "{{break}} outside {{range}}", 1, 3),
        ("{{range .}}{{continue 1}}{{end}}", 'unexpected "1" in {{continue}}', 1, 23),
        ("{{range .}}{{else}}{{break}}{{end}}", "{{break}} outside {{range}}", 1, 22),
        ("{{/* x", "unclosed comment", 1, 3),
        ("{{/* x */ }}", "comment ends before closing delimiter", 1, 3),
        ('{{"abc}}', "unterminated quoted string", 1, 3),
        ("{{`abc}}", "unterminated raw quoted string", 1, 3),
        ("{{'ab'}}", "malformed character constant: 'ab'", 1, 3),
        ('{{"\\q"}}', "invalid syntax", 1, 3),
        ("{{.a:=1}}", 'unexpected ":=" in operand', 1, 5),
        ("{{$x := 1}}{{$x:1}}", "expected :=", 1, 16),
        ("{{.a := 1}}", 'unexpected ":=" in operand', 1, 6),
        ("{{|.a}}", 'unexpected "|" in command', 1, 3),
        ("{{#}}", 'unexpected "#" in command', 1, 3),
        ("{{@}}", 'unexpected "@" in command', 1, 3),
        ("{{.a é}}", 'function "é" not defined', 1, 6),
        ("{{end 1}}", 'unexpected "1" in end', 1, 7),
        ("{{else 1}}", 'unexpected "1" in else', 1, 8),
        ("{{range .}}{{else if .}}{{end}}", "unexpected <if> in input", 1, 19),
        ('{{define "x"}}a{{end}}{{define "x"}}b{{end}}', 'template: multiple definition of template "x"', 1, 32),
        ("{{template .a}}", 'unexpected ".a" in template clause', 1, 12),
        ("{{99999999999999999999}}", 'integer overflow: "99999999999999999999"', 1, 3),
        ("{{1e500}}", 'illegal number syntax: "1e500"', 1, 3),
        ("{{1+2i}}", "complex numbers are not supported: 1+2i", 1, 3),
        ('{{"x"\u00a0}}', "unrecognized character in action: U+00A0", 1, 6),
        ("{{.a}}{{.b", "unclosed action", 1, 11),
    ],
)
def test_parse_errors_name_line_and_column(template: str, message: str, line: int, column: int) -> None:
    with pytest.raises(TemplateError) as caught:
        Template.parse(template)
    error = caught.value
    assert str(error) == f"template: output:{line}:{column}: {message}"
    assert (error.line, error.column, error.name) == (line, column, "output")


def test_the_column_points_at_the_fault() -> None:
    template = "ID\tNAME\n{{range .results}}{{.id}}\t{{.name | nosuch}}{{end}}\n"
    with pytest.raises(TemplateError) as caught:
        Template.parse(template)
    row = template.splitlines()[caught.value.line - 1]
    assert row[caught.value.column - 1 :].startswith("nosuch")


def test_the_name_is_the_templates() -> None:
    with pytest.raises(TemplateError, match=r"^template: list:1:3: function \"x\" not defined$"):
        Template.parse("{{x}}", name="list")


def test_added_functions_are_known_to_the_parser() -> None:
    Template.parse("{{valueOrEmptySlice .}}", funcs={"valueOrEmptySlice": lambda v: v})
    with pytest.raises(TemplateError, match='function "valueOrEmptySlice" not defined'):
        Template.parse("{{valueOrEmptySlice .}}")


@pytest.mark.parametrize(
    "template", ["{{if 1}}" * 2000 + "{{end}}" * 2000, "{{print " + "(" * 3000 + "1" + ")" * 3000 + "}}"]
)
def test_absurd_nesting_is_an_error_not_a_crash(template: str) -> None:
    with pytest.raises(TemplateError, match="nested too deeply"):
        Template.parse(template)
