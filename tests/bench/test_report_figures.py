"""bench/run.py's target table: a figure must never read as the other side of its target's line."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    sys.path.insert(0, str(RUN.parent))  # run.py imports the bench's other modules by their names
    try:
        spec = importlib.util.spec_from_file_location("bench_run", RUN)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = module
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(RUN.parent))
        sys.modules.pop("bench_run", None)


@pytest.mark.parametrize(
    ("ratio", "target", "shown"),
    [
        (6_600 / 26_419, 0.25, "24.98%"),  # 25.0% would read as met beside its FAIL
        (0.24996, 0.25, "24.996%"),
        (0.25, 0.25, "25.0%"),
        (0.2512, 0.25, "25.1%"),
        (0.0784, 0.12, "7.8%"),
        (0.5, 0.5, "50.0%"),
        (0.49999, 0.5, "49.999%"),
    ],
)
def test_a_ratio_is_shown_with_the_decimals_its_verdict_needs(
    bench: ModuleType, ratio: float, target: float, shown: str
) -> None:
    assert bench.percent(ratio, target) == shown
