"""`atlas completion bash|zsh`, and completions answered by the installed `atlas` as the scripts ask for them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from atlas_access.cli._main import run

ATLAS = Path(sys.executable).with_name("atlas")
TIMEOUT = 60


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB_ATLAS", "MCLI", "_ATLAS"))}
    env.update(XDG_CONFIG_HOME=str(tmp_path), PATH=f"{ATLAS.parent}{os.pathsep}{env.get('PATH', '')}", **extra)
    return env


def complete(tmp_path: Path, line: str, shell: str = "bash") -> list[tuple[str, ...]]:
    """What `atlas` answers for the last word of ``line`` (a trailing space: a new, empty word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    done = subprocess.run(
        [str(ATLAS)],
        env=_environment(tmp_path, _ATLAS_COMPLETE=f"{shell}_complete", COMP_WORDS=line, COMP_CWORD=str(cword)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    lines = done.stdout.decode().splitlines()
    if shell == "bash":  # "type,value" per line
        return [tuple(entry.split(",", 1)) for entry in lines]
    # zsh: type, value, help: three lines per completion
    return [tuple(lines[i : i + 3]) for i in range(0, len(lines), 3)]


def values(items: list[tuple[str, ...]]) -> list[str]:
    return [item[1] for item in items]


@pytest.fixture(autouse=True)
def _installed() -> None:
    assert ATLAS.exists(), f"{ATLAS} is not installed: install the project into the test environment"


# --- the scripts ------------------------------------------------------------------------------------------------------


def test_bash_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "_atlas_completion() {" in script
    assert "_ATLAS_COMPLETE=bash_complete" in script
    assert "complete -o nosort -F _atlas_completion atlas" in script


def test_zsh_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["completion", "zsh"]) == 0
    script = capsys.readouterr().out
    assert script.startswith("#compdef atlas")
    assert "_ATLAS_COMPLETE=zsh_complete" in script


def test_an_unknown_shell(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["completion", "fish"]) == 1
    assert capsys.readouterr().err.startswith('Error: invalid argument "fish" for "atlas completion"')


# --- completions, as the scripts ask for them -------------------------------------------------------------------------


def test_top_level_commands(tmp_path: Path) -> None:
    assert complete(tmp_path, "atlas a") == [("plain", "accessLists"), ("plain", "api"), ("plain", "auditing")]
    everything = values(complete(tmp_path, "atlas "))
    assert {"api", "completion", "config"} <= set(everything)


def test_api_groups(tmp_path: Path) -> None:
    assert complete(tmp_path, "atlas api org") == [("plain", "organizations")]
    assert values(complete(tmp_path, "atlas api mongo")) == ["mongoDbCloudUsers"]
    assert len(complete(tmp_path, "atlas api ")) == 58


def test_api_commands(tmp_path: Path) -> None:
    listed = values(complete(tmp_path, "atlas api organizations list"))
    assert listed == ["listOrgs"]  # the deprecated listOrgInvites is hidden, as in help
    assert "getOrg" in values(complete(tmp_path, "atlas api organizations get"))
    assert values(complete(tmp_path, "atlas api mongoDbCloudUsers listOrgU")) == ["listOrgUsers"]


def test_api_flags(tmp_path: Path) -> None:
    flags = values(complete(tmp_path, "atlas api organizations getOrg --"))
    assert {"--orgId", "--version", "--output", "--outputFile", "--envelope", "--pretty", "--help"} <= set(flags)
    assert values(complete(tmp_path, "atlas api organizations getOrg --org")) == ["--orgId"]
    # a hidden command still completes its flags once it is typed, without its deprecation notice (which
    # `complete` checks: nothing on stderr, where it would land in the middle of the user's command line)
    invite_flags = values(complete(tmp_path, "atlas api organizations deleteOrgInvite --"))
    assert {"--orgId", "--invitationId", "--version"} <= set(invite_flags)


def test_zsh_completions_carry_help(tmp_path: Path) -> None:
    items = complete(tmp_path, "atlas api org", shell="zsh")
    assert [item[:2] for item in items] == [("plain", "organizations")]
    assert items[0][2]  # a description for zsh to show
    flags = complete(tmp_path, "atlas api organizations getOrg --ver", shell="zsh")
    assert [item[:2] for item in flags] == [("plain", "--version")]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_in_bash(tmp_path: Path) -> None:
    script = (
        "source <(atlas completion bash) || exit 3\n"
        "COMP_WORDS=(atlas api organizations getOrgS)\n"
        "COMP_CWORD=3\n"
        "_atlas_completion atlas\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script],
        env=_environment(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().split() == ["getOrgSettings"]
