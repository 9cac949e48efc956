"""Persistent flags anywhere on the line, and shorthand flags written ``-o=json``, as cobra/pflag read them."""

from __future__ import annotations

import pytest

from atlas_access.cli._errors import CliError
from atlas_access.cli._main import extract_globals


@pytest.mark.parametrize(
    ("argv", "profile", "debug", "rest"),
    [
        (["api", "-P", "local", "x"], "local", False, ["api", "x"]),
        (["-Plocal", "api"], "local", False, ["api"]),
        (["api", "-P=local"], "local", False, ["api"]),
        (["api", "--profile=local", "-D"], "local", True, ["api"]),
        (["api", "--debug", "--profile", "x"], "x", True, ["api"]),
        (["org", "invitations", "ls", "-o=json"], None, False, ["org", "invitations", "ls", "-o", "json"]),
        (["invite", "-f=body.json"], None, False, ["invite", "-f", "body.json"]),
        (["api", "--", "-P", "x", "-o=json"], None, False, ["api", "--", "-P", "x", "-o=json"]),
        (["--orgId=abc", "-o", "{{.id}}"], None, False, ["--orgId=abc", "-o", "{{.id}}"]),
    ],
)
def test_extract_globals(argv: list[str], profile: str | None, debug: bool, rest: list[str]) -> None:
    found, remaining = extract_globals(argv)
    assert (found.profile_flag, found.debug, remaining) == (profile, debug, rest)


def test_a_profile_flag_without_a_name() -> None:
    with pytest.raises(CliError, match="flag needs an argument: 'P' in -P"):
        extract_globals(["api", "-P"])
