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


def _measured(bench: ModuleType, case: str, rps: float) -> object:
    figures = {"requests": int(rps * 10), "duration_us": 10_000_000, "p99_us": 9_000}
    return bench.Measured(case, case, figures, "")


def _run(bench: ModuleType, first: float, again: float, delete: float) -> object:
    load = bench.Load(threads=2, connections=32, duration=10, warmup=2, pinning=bench.choose_pinning(True))
    run = bench.Run(load, Path("."), quick=False)
    run.results += [_measured(bench, "a", first), _measured(bench, "d", delete), _measured(bench, "a, again", again)]
    return run


def _delete_row(bench: ModuleType, run: object) -> str:
    rows = bench.target_rows(run, bench.best_hello(run))
    return next(row for row in rows if row.startswith("| (d) DELETE org invitation"))


def test_a_run_whose_baseline_moved_too_much_gives_no_verdict(bench: ModuleType) -> None:
    moved = _run(bench, first=25_000, again=16_000, delete=6_500)  # (a) fell 36% during the run
    assert "**INCONCLUSIVE** ((a) moved 36% during the run" in _delete_row(bench, moved)
    assert "**PASS**" not in _delete_row(bench, moved)
    failing = _run(bench, first=16_000, again=25_000, delete=1_000)
    assert "INCONCLUSIVE" in _delete_row(bench, failing)  # a FAIL is no more certain than a PASS


def test_a_steady_run_gives_its_verdict(bench: ModuleType) -> None:
    assert _delete_row(bench, _run(bench, first=24_000, again=25_000, delete=6_500)).endswith("| **PASS** |")
    assert _delete_row(bench, _run(bench, first=25_000, again=23_000, delete=5_000)).endswith("| **FAIL** |")
