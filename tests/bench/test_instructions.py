"""bench/instructions.py: what it counts is the request it says (the child answers each case as expected, and stops
on any other answer), and the report reads callgrind's totals and shows them as counted."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPT = BENCH / "instructions.py"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def modules() -> Iterator[tuple[ModuleType, ModuleType]]:
    """(bench/run.py, bench/instructions.py)"""
    sys.path.insert(0, str(BENCH))  # run.py imports the bench's other modules by their names
    try:
        yield _load("bench_run_for_instructions", BENCH / "run.py"), _load("bench_instructions", SCRIPT)
    finally:
        sys.path.remove(str(BENCH))
        sys.modules.pop("bench_run_for_instructions", None)
        sys.modules.pop("bench_instructions", None)


@pytest.fixture(scope="module")
def data_dir(modules: tuple[ModuleType, ModuleType], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory as bench/run.py's ``instructions`` case prepares it."""
    bench, _instructions = modules
    path = tmp_path_factory.mktemp("instructions")
    dataset = bench.prepare(path, None)
    first = bench.add_invitations(dataset, 1, path / "first.txt", "one-")[0]
    bench.add_invitations(dataset, 200, path / "ids.txt", "many-")
    meta = {"base_url": dataset.base_url, "bootstrap": dataset.bootstrap, "first": first}
    (path / "meta.json").write_text(json.dumps(meta))
    return path


def _child(data_dir: Path, case: str, requests: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--child", str(data_dir), case, str(requests)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("case", ["hello", "get", "delete"])
def test_the_child_answers_each_case_as_the_bench_expects(data_dir: Path, case: str) -> None:
    done = _child(data_dir, case, 64)  # no valgrind: the requests alone, each checked for its status
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_child_stops_on_an_answer_it_did_not_expect(data_dir: Path, tmp_path: Path) -> None:
    """A count of 404s would measure another request: an unknown invitation stops the child."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(data_dir, broken)
    meta = json.loads((broken / "meta.json").read_text())
    meta["first"] = "5f0000000000000000000000"
    (broken / "meta.json").write_text(json.dumps(meta))
    done = _child(broken, "get", 8)
    assert done.returncode != 0
    assert "answered 404, not 200" in done.stderr


def test_the_count_is_callgrinds_totals_line(modules: tuple[ModuleType, ModuleType]) -> None:
    _bench, instructions = modules
    out = "events: Ir\nsummary: 0\nfn=(1) main\n5 10\ntotals: 20941619\n"  # summary is 0 when counting ended off
    assert instructions._total(out) == 20_941_619
    with pytest.raises(RuntimeError, match="no totals"):
        instructions._total("events: Ir\nsummary: 0\n")


def test_the_report_shows_each_case_against_the_baseline(modules: tuple[ModuleType, ModuleType]) -> None:
    _bench, instructions = modules
    counted = instructions.Counted({"hello": 90_000, "get": 300_000, "delete": 600_000}, (256, 1024), "valgrind-3.19.0")
    text = "\n".join(instructions.report_lines(counted))
    assert "| get | GET one org invitation (Bearer), as (c) | 300,000 | 30.0% |" in text
    assert "| delete | DELETE org invitation, SQLite (Bearer), 32 at once, as (d) | 600,000 | 15.0% |" in text
    assert "1,024 requests minus that of 256, divided by 768" in text
    missing = "\n".join(instructions.report_lines(None, "valgrind is not installed"))
    assert missing == "_not measured in this run: valgrind is not installed_"
