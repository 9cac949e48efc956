"""The builtin functions, pipelines, and functions the caller adds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from atlas_access.gotemplate import Template, TemplateError, render

DATA = {
    "a": "x",
    "t": True,
    "no": False,
    "z": 0.0,
    "f": 1.5,
    "n": 1000000.0,
    "s": "héllo",
    "l": [1.0, "two", None, 3.5, True],
    "m": {"b": 2.0, "a": 1.0, "c": {"d": "deep"}, "nul": None},
    "strs": ["x", "y", "z"],
    "u": "héllo<&>'\"",
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # and/or return the deciding argument, and stop evaluating there.
        ("{{and .t .a}}", "x"),
        ("{{and .no .a}}", "false"),
        ("{{or .no .z .a}}", "x"),
        ("{{or .no .z}}", "0"),
        ("{{or .a (index .strs 99)}}", "x"),
        ("{{and .no (index .strs 99)}}", "false"),
        ("{{.a | and .t}}", "x"),
        ("{{not .t}} {{not .z}} {{not .missing}} {{not .l}}", "false true true false"),
    ],
)
def test_logic(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{eq .a "x"}} {{eq .a "y" "x"}} {{eq .a "y" "z"}} {{ne .a "x"}}', "true true false false"),
        ("{{eq .f 1.5}} {{eq .t true}} {{eq 1 1}} {{eq .n 1e6}}", "true true true true"),
        ("{{eq .missing nil}} {{eq .m.nul nil}} {{eq nil nil}} {{ne .a nil}}", "true true true true"),
        ('{{eq .missing "a"}}', "false"),
        ("{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 3 2}}", "true true false true"),
        ('{{lt .f 2.0}} {{lt .a "y"}} {{gt "b" "a"}}', "true true true"),
        # Go compares strings byte by byte.
        ('{{lt "Z" "a"}} {{lt "é" "z"}}', "true false"),
    ],
)
def test_comparisons(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        # JSON numbers are float64; a literal 1 is an int: Go refuses to compare them.
        ("{{eq .n 1}}", "error calling eq: incompatible types for comparison: float64 and int"),
        ("{{lt .f 2}}", "error calling lt: incompatible types for comparison: float64 and int"),
        ('{{eq .m "x"}}', "error calling eq: incompatible types for comparison: map[string]interface {} and string"),
        (
            "{{eq .l .l}}",
            "error calling eq: non-comparable type [%!s(float64=1) two <nil> %!s(float64=3.5) %!s(bool=true)]: "
            "[]interface {}",
        ),
        (
            "{{eq .l .m}}",
            "error calling eq: non-comparable types "
            "[%!s(float64=1) two <nil> %!s(float64=3.5) %!s(bool=true)]: []interface {}, map[string]interface {}: "
            "map[a:1 b:2 c:map[d:deep] nul:<nil>]",
        ),
        ('{{eq "a"}}', "error calling eq: missing argument for comparison"),
        ("{{lt .t .no}}", "error calling lt: invalid type for comparison"),
        ("{{lt .l 1}}", "error calling lt: invalid type for comparison"),
        ("{{gt .missing 1}}", "error calling gt: invalid type for comparison"),
    ],
)
def test_comparison_errors(template: str, reason: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, DATA)
    assert str(caught.value).endswith(f": {reason}")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{len .l}} {{len .m}} {{len .strs}} {{len .a}}", "5 4 3 1"),
        # len counts bytes, as Go does.
        ("{{len .s}}", "6"),
        ('{{index .l 1}} {{index .m "b"}} {{index .m "c" "d"}}', "two 2 deep"),
        ("{{index .l 2}}", "<no value>"),
        ("{{index .strs}}", "[x y z]"),
        ("{{index .a 0}}", "120"),
        (
            '{{slice .a 0}} {{slice "abcd" 1 3}} {{slice .strs 1}} {{slice .strs 0 1 2}} {{slice .strs}}',
            "x bc [y z] [x] [x y z]",
        ),
    ],
)
def test_len_index_slice(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{{len .z}}", "error calling len: len of type float64"),
        ("{{len .m.nul}}", "error calling len: len of nil pointer"),
        ("{{index .l 9}}", "error calling index: index out of range: 9"),
        ("{{index .l 5}}", "error calling index: reflect: slice index out of range"),
        ("{{index .l 1.0}}", "error calling index: cannot index slice/array with type float64"),
        ("{{index .l .z}}", "error calling index: cannot index slice/array with type float64"),
        ("{{index .m 1}}", "error calling index: value has type int; should be string"),
        ("{{index .missing 1}}", "error calling index: index of untyped nil"),
        ('{{index .m "nul" "x"}}', "error calling index: index of nil pointer"),
        ("{{index .z 1}}", "error calling index: can't index item of type float64"),
        ("{{slice .l 3 1}}", "error calling slice: invalid slice index: 3 > 1"),
        ("{{slice .a 0 1 1}}", "error calling slice: cannot 3-index slice a string"),
        ("{{slice .z}}", "error calling slice: can't slice item of type float64"),
        ("{{slice .missing}}", "error calling slice: slice of untyped nil"),
        ("{{slice .l 9}}", "error calling slice: index out of range: 9"),
    ],
)
def test_len_index_slice_errors(template: str, reason: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, DATA)
    assert str(caught.value).endswith(f": {reason}")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{html .u}}", "héllo&lt;&amp;&gt;&#39;&#34;"),
        ("{{js .u}}", "héllo\\u003C\\u0026\\u003E\\'\\\""),
        ('{{js "a=b\\x01"}}', "a\\u003Db\\u0001"),
        ("{{urlquery .u}}", "h%C3%A9llo%3C%26%3E%27%22"),
        ('{{urlquery "a b/c?d=e&f~g"}}', "a+b%2Fc%3Fd%3De%26f~g"),
        ('{{html 1 2 "x"}}', "1 2x"),
        # Sprint puts a space between two operands only when neither is a string.
        ('{{print .a 1.0 "s" 1 2}}', "x1s1 2"),
        ("{{println .a 1.0}}", "x 1\n"),
        ("{{print}}", ""),
    ],
)
def test_escapers_and_printers(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{.a | printf "%s!"}}', "x!"),
        # The piped value is the last argument.
        ('{{"x" | printf "%s-%s" "y"}}', "y-x"),
        ('{{.strs | len | printf "%d items"}}', "3 items"),
        ("{{(len .l)}}", "5"),
        ("{{print (len .l) (index .strs 0)}}", "5x"),
        ('{{(print "a" "b") | printf "%s-%s" "c"}}', "c-ab"),
        # A trailing pipe is accepted, as in Go.
        ("{{.a |}}", "x"),
    ],
)
def test_pipelines(template: str, expected: str) -> None:
    assert render(template, DATA) == expected


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{{and}}", "wrong number of args for and: want at least 1 got 0"),
        ("{{not 1 2}}", "wrong number of args for not: want 1 got 2"),
        ("{{1 | not 2}}", "wrong number of args for not: want 1 got 2"),
        ("{{printf}}", "wrong number of args for printf: want at least 1 got 0"),
        ("{{printf 1}}", "expected string; found 1"),
        ("{{printf .z}}", "wrong type for value; expected string; got float64"),
        ("{{printf .missing}}", "invalid value; expected string"),
        ("{{printf .m.nul}}", "wrong type for value; expected string; got interface {}"),
        ("{{printf nil}}", "cannot assign nil to string"),
        ("{{nil}}", "nil is not a command"),
        ("{{. 1}}", "can't give argument to non-function ."),
        ('{{"a" 1}}', 'can\'t give argument to non-function "a"'),
        ("{{$x := 1}}{{$x 2}}", "can't give argument to non-function $x"),
        ('{{"x" | .a}}', "a is not a method but has arguments"),
        ("{{18446744073709551615}}", "18446744073709551615 overflows int"),
    ],
)
def test_call_errors(template: str, reason: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, DATA)
    assert str(caught.value).endswith(f": {reason}")


def test_added_functions_are_called_like_builtins() -> None:
    # ExampleTemplate_func from the text/template documentation, with str.title for strings.Title.
    text = (
        '\nInput: {{printf "%q" .}}\nOutput 0: {{title .}}\n'
        'Output 1: {{title . | printf "%q"}}\nOutput 2: {{printf "%q" . | title}}\n'
    )
    out = Template.parse(text, name="titleTest", funcs={"title": str.title}).execute("the go programming language")
    assert out == (
        '\nInput: "the go programming language"\nOutput 0: The Go Programming Language\n'
        'Output 1: "The Go Programming Language"\nOutput 2: "The Go Programming Language"\n'
    )


def test_added_functions_get_plain_values_and_replace_builtins() -> None:
    seen: list[object] = []

    def value_or_empty_slice(value: object) -> object:
        seen.append(value)
        return [] if value is None else value

    funcs = {"valueOrEmptySlice": value_or_empty_slice, "len": lambda v: "mine"}
    template = Template.parse("{{range valueOrEmptySlice .x}}<{{.}}>{{else}}none{{end}} {{len 1}}", funcs=funcs)
    assert template.execute({"x": None}) == "none mine"
    assert template.execute({"x": ["a"]}) == "<a> mine"
    assert template.execute({}) == "none mine"
    assert seen == [None, ["a"], None]


def test_added_functions_report_their_arity_and_their_errors() -> None:
    def two(a: object, b: object) -> str:
        return f"{a}{b}"

    def boom(value: object) -> str:
        raise ValueError("it broke")

    def many(*args: object) -> int:
        return len(args)

    funcs: dict[str, Callable[..., object]] = {"two": two, "boom": boom, "many": many}
    assert Template.parse('{{two "a" "b"}} {{many 1 2 3}} {{"c" | two "d"}}', funcs=funcs).execute(None) == "ab 3 dc"
    with pytest.raises(TemplateError, match=r"at <two>: wrong number of args for two: want 2 got 1$"):
        Template.parse("{{two 1}}", funcs=funcs).execute(None)
    with pytest.raises(TemplateError, match=r"at <boom \.>: error calling boom: it broke$"):
        Template.parse("{{boom .}}", funcs=funcs).execute(None)


@pytest.mark.parametrize("name", ["", "1abc", "a-b", "a.b"])
def test_added_function_names_must_be_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="not a valid identifier"):
        Template.parse("x", funcs={name: str})
