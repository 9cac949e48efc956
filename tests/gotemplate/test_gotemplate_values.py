"""How values print: Go's %v for float64, int, bool, nil, slices and maps."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.gotemplate import render


@pytest.mark.parametrize(
    ("number", "printed"),
    [
        (1.0, "1"),
        (1.5, "1.5"),
        (-2.25, "-2.25"),
        (0.0, "0"),
        (-0.0, "-0"),
        (100.0, "100"),
        (123456.0, "123456"),
        (999999.0, "999999"),
        (1000000.0, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (123456789.0, "1.23456789e+08"),
        (1e20, "1e+20"),
        (1e21, "1e+21"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (2 / 3, "0.6666666666666666"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (math.inf, "+Inf"),
        (-math.inf, "-Inf"),
        (math.nan, "NaN"),
    ],
)
def test_float64_prints_like_go(number: float, printed: str) -> None:
    assert render("{{.}}", number) == printed
    assert render('{{print .}} {{printf "%v" .}}', number) == f"{printed} {printed}"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_printed_floats_read_back_exactly(number: float) -> None:
    assert float(render("{{.}}", number)) == number


@pytest.mark.parametrize(
    ("data", "printed"),
    [
        (3, "3"),
        (-42, "-42"),
        (True, "true"),
        (False, "false"),
        ("text", "text"),
        ("", ""),
        ([], "[]"),
        ({}, "map[]"),
        ([1.0, "two", None, 3.5, True], "[1 two <nil> 3.5 true]"),
        ({"b": 2.0, "a": [1.0, {"c": None}], "A": "z"}, "map[A:z a:[1 map[c:<nil>]] b:2]"),
        ([[1.0, 2.0], [], {"k": ""}], "[[1 2] [] map[k:]]"),
        (None, "<no value>"),
    ],
)
def test_values_print_like_go(data: object, printed: str) -> None:
    assert render("{{.}}", data) == printed


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{1}} {{1.5}} {{0x1F}} {{1e3}} {{-3}} {{+4}}", "1 1.5 31 1000 -3 4"),
        ("{{0o17}} {{0b101}} {{1_000}} {{017}} {{0x1p4}} {{.5}}", "15 5 1000 15 16 0.5"),
        ("{{'a'}} {{'\\n'}} {{'\\u00e9'}} {{'\\''}}", "97 10 233 39"),
        ('{{"q\\n"}}|{{`raw\\n`}}|{{"\\u00e9\\x41\\101\\t"}}', "q\n|raw\\n|éAA\t"),
        ("{{true}} {{false}}", "true false"),
        ("{{printf \"%T %T %T %T %T\" 1 1.0 0x10 1e2 'a'}}", "int float64 int float64 int"),
    ],
)
def test_literals(template: str, expected: str) -> None:
    assert render(template, None) == expected
