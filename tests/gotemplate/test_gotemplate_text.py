"""Text, comments and trim markers, as Go's text/template documents them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.gotemplate import Template, render


@given(st.text().filter(lambda s: "{{" not in s))
def test_text_without_actions_renders_to_itself(text: str) -> None:
    assert render(text, {"a": 1.0}) == text


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # The documented example: "{{23 -}} < {{- 45}}" generates "23<45".
        ("{{23 -}} < {{- 45}}", "23<45"),
        ("a {{- .a -}} b", "axb"),
        ("a  \t\n {{- .a}}  b", "ax  b"),
        ("a {{.a -}}\n\n b", "a xb"),
        ("{{- .a}}", "x"),
        ("{{.a -}}   \n  tail", "xtail"),
        # "-" must be followed by a space to trim; otherwise it is a negative number.
        ("{{-3}}", "-3"),
        ("{{- 3}}", "3"),
        ("x {{3 -}} y", "x 3y"),
        ("{{ -1 }}", "-1"),
        # Several spaces before "-}}" are fine.
        ("{{.a  -}} z", "xz"),
    ],
)
def test_trim_markers_remove_adjacent_white_space(template: str, expected: str) -> None:
    assert render(template, {"a": "x"}) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{/* a comment */}}z", "z"),
        ("{{/* a\nmulti-line\ncomment */}}z", "z"),
        ("x\n  {{- /* hidden */ -}}\n  y", "xy"),
        ("x {{- /* c */}} y", "x y"),
        ("{{- /* c */ -}}  x", "x"),
    ],
)
def test_comments_print_nothing(template: str, expected: str) -> None:
    assert render(template, None) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ .a }}", "x"),
        ("{{\n.a\n}}", "x"),
        ("{{\t.a\t}}", "x"),
        ("{{.a}}{{.a}}", "xx"),
        ('{{"{{"}}', "{{"),
        ("}} alone", "}} alone"),
    ],
)
def test_white_space_and_newlines_inside_actions(template: str, expected: str) -> None:
    assert render(template, {"a": "x"}) == expected


def test_a_template_parses_once_and_executes_many_times() -> None:
    template = Template.parse("Hello, {{.name}}!")
    assert [template.execute({"name": n}) for n in ("Ada", "Bob")] == ["Hello, Ada!", "Hello, Bob!"]
    assert template.name == "output"


def test_the_documented_letter_example() -> None:
    # ExampleTemplate from the text/template documentation, with maps in place of structs.
    letter = (
        "\nDear {{.Name}},\n{{if .Attended}}\nIt was a pleasure to see you at the wedding.\n{{- else}}\n"
        "It is a shame you couldn't make it to the wedding.\n{{- end}}\n{{with .Gift -}}\n"
        "Thank you for the lovely {{.}}.\n{{end}}\nBest wishes,\nJosie\n"
    )
    recipients = [
        {"Name": "Aunt Mildred", "Gift": "bone china tea set", "Attended": True},
        {"Name": "Uncle John", "Gift": "moleskin pants", "Attended": False},
        {"Name": "Cousin Rodney", "Gift": "", "Attended": False},
    ]
    template = Template.parse(letter, name="letter")
    out = "".join(template.execute(r) for r in recipients)
    assert out == (
        "\nDear Aunt Mildred,\n\nIt was a pleasure to see you at the wedding.\n"
        "Thank you for the lovely bone china tea set.\n\nBest wishes,\nJosie\n"
        "\nDear Uncle John,\n\nIt is a shame you couldn't make it to the wedding.\n"
        "Thank you for the lovely moleskin pants.\n\nBest wishes,\nJosie\n"
        "\nDear Cousin Rodney,\n\nIt is a shame you couldn't make it to the wedding.\n\nBest wishes,\nJosie\n"
    )


@pytest.mark.parametrize(
    "template",
    [
        '{{"\\"output\\""}}',
        '{{`"output"`}}',
        '{{printf "%q" "output"}}',
        '{{"output" | printf "%q"}}',
        '{{printf "%q" (print "out" "put")}}',
        '{{"put" | printf "%s%s" "out" | printf "%q"}}',
        '{{"output" | printf "%s" | printf "%q"}}',
        '{{with "output"}}{{printf "%q" .}}{{end}}',
        '{{with $x := "output" | printf "%q"}}{{$x}}{{end}}',
        '{{with $x := "output"}}{{printf "%q" $x}}{{end}}',
        '{{with $x := "output"}}{{$x | printf "%q"}}{{end}}',
    ],
)
def test_the_documented_pipeline_examples_all_print_quoted_output(template: str) -> None:
    assert render(template, None) == '"output"'
