"""Running the repository's install and build scripts from a test, failing the test with their output."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["run_script"]


def run_script(script: Path, *args: str, timeout: float) -> str:
    """Run ``script`` with bash and answer its standard output; fail the test, with the script's last words, if it
    fails or does not finish within ``timeout`` seconds."""
    command = [shutil.which("bash") or "/bin/bash", str(script), *args]
    try:
        done = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join([script.name, *args])} did not finish within {timeout:g} s")
    if done.returncode != 0:
        pytest.fail(f"{script} failed with code {done.returncode}:\n{done.stdout}\n{done.stderr[-6000:]}")
    return done.stdout
