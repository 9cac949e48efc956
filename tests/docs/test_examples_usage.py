"""Every script in ``examples/`` (not ``examples/go-sdk``, a Go module with its own tests) says how to run it: without
its arguments, or with wrong ones, a usage line on stderr and exit 2, never a traceback; ``--help`` prints it with
the script's description and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
WRONG = {  # arguments each script refuses before it does anything
    "access_model.py": ["/nonexistent/bootstrap.json"],
    "cancel_invitation.py": ["only-one"],
    "database_access.py": ["/nonexistent/bootstrap.json"],
}


def _run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB_ATLAS_", "MCLI"))}
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=60, check=False, env=env
    )


def test_every_example_is_covered() -> None:
    assert [script.name for script in SCRIPTS] == sorted(WRONG)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_without_arguments_a_usage_line_and_exit_2(script: Path) -> None:
    done = _run(script)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"usage: {script.name} "), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_wrong_arguments_a_usage_line_and_exit_2(script: Path) -> None:
    for args in (WRONG[script.name], [*WRONG[script.name], "x", "y", "z"], ["--no-such-option"]):
        done = _run(script, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith(f"usage: {script.name} "), (args, done.stderr)
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_help_says_what_it_does(script: Path) -> None:
    done = _run(script, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script.name} ")
    first_line_of_docstring = script.read_text().split('"""')[1].splitlines()[0]
    assert first_line_of_docstring in done.stdout
