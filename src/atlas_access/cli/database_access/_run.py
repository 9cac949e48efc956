"""What every database and network access command shares: cobra's first steps (argument count, profile, project
ID), the requests and the printing of answers (``cli/_sdk_call.py``, ``cli/_struct_output.py``), the flags they
all have, the paging of lists, the confirmed delete and the password prompt."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import click

from atlas_access.cli import _sdk_call
from atlas_access.cli._checks import check_args, check_id
from atlas_access.cli._errors import CliError
from atlas_access.cli._flags import FORCE_HELP, OUTPUT_HELP, force_flag, output_flag, required_role, slice_values
from atlas_access.cli._gostruct import GoTime, Model
from atlas_access.cli._help import Flag
from atlas_access.cli._prompts import confirm_delete
from atlas_access.cli._sdk_call import API_VERSION, request_body
from atlas_access.cli._session import Session, session
from atlas_access.cli._struct_output import print_result

__all__ = [
    "API_VERSION",
    "FORCE_HELP",
    "OUTPUT_HELP",
    "PROJECT_HELP",
    "Invocation",
    "begin",
    "bool_flag",
    "confirm_delete",
    "force_flag",
    "given",
    "int_flag",
    "output_flag",
    "paging_flags",
    "paging_query",
    "parse_timestamp",
    "project_flag",
    "read_secret",
    "request_body",
    "required_role",
    "slice_flag",
    "slice_values",
    "string_flag",
]

PROJECT_HELP = (
    "Hexadecimal string that identifies the project to use. This option overrides the settings in the "
    "configuration file or environment variable."
)
PAGE_HELP = "Page number that specifies a page of results."
LIMIT_HELP = (
    "Number of items per results page, up to a maximum of 500. If you have more than 500 results, specify the "
    "--page option to change the results page."
)
OMIT_COUNT_HELP = (
    "Flag that indicates whether the JSON response returns the total number of items (totalCount) in the JSON response."
)


# --- flags ------------------------------------------------------------------------------------------------------


def project_flag() -> Flag:
    return Flag(["--projectId", "project_id"], default=None, help=PROJECT_HELP)


def bool_flag(name: str, help_text: str, *, short: str | None = None) -> Flag:
    """A pflag ``Bool``: ``--name`` alone is true."""
    opts = [f"-{short}", f"--{name}", name] if short else [f"--{name}", name]
    return Flag(opts, is_flag=True, default=False, go_type="", help=help_text)


def slice_flag(name: str, help_text: str, *, param: str | None = None, shown_default: str | None = "[]") -> Flag:
    """A pflag ``StringSlice``: repeatable, and each value a comma-separated list (default ``[]``, shown as
    ``shown_default``; ``None``: not shown)."""
    return Flag(
        [f"--{name}", param or name],
        multiple=True,
        default=(),
        go_type="strings",
        shown_default=shown_default,
        help=help_text,
    )


def paging_flags() -> list[Flag]:
    """``--page``, ``--limit`` and ``--omitCount`` of a list command."""
    return [int_flag("page", 1, PAGE_HELP), int_flag("limit", 100, LIMIT_HELP), bool_flag("omitCount", OMIT_COUNT_HELP)]


def paging_query(page: int, limit: int, omit_count: bool) -> dict[str, str]:
    """The query a list command sends for its paging flags."""
    return {"includeCount": "false" if omit_count else "true", "itemsPerPage": str(limit), "pageNum": str(page)}


# --- values -----------------------------------------------------------------------------------------------------


def parse_timestamp(text: str) -> str:
    """``convert.ParseTimestamp``: an RFC 3339 time, sent as Go marshals it; ``CliError`` in Go's words."""
    parsed = GoTime.parse(text)
    if parsed is None:
        raise CliError(f'parsing time "{text}" as "2006-01-02T15:04:05Z07:00": cannot parse "{text}" as "2006"')
    return parsed.rfc3339()


def read_secret(label: str = "Password:") -> str:
    """The real CLI's password prompt: from a terminal, asked without echo; otherwise the first word of stdin
    (``fmt.Fscanln``). Never printed, never logged."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"? {label} ")
    line = sys.stdin.readline()
    if not line:
        raise CliError("EOF")
    words = line.split()
    if not words:
        raise CliError("unexpected newline")
    return words[0]


# --- one run ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invocation:
    """One run of a command past cobra's first steps: the project it acts on and where its requests go."""

    ctx: click.Context
    session: Session
    project_id: str

    def call(
        self,
        operation_id: str,
        path: Mapping[str, str] | None = None,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one request on the project; the decoded JSON of a 2xx answer (text if it is not JSON, ``None``
        if empty), else ``CliError`` with the API's error as the real CLI prints it."""
        params = {"groupId": self.project_id, **(path or {})}
        body_bytes = None if body is None else request_body(body)
        return _sdk_call.call(self.session, operation_id, params, query=query, body=body_bytes, text_answers=True)

    def print(self, output: str | None, template: str, data: Any, model: Model | None, *, many: bool = False) -> None:
        """The answer in the ``--output`` format, else the profile's, else the command's own template.

        ``model`` is the SDK struct the answer decodes into (``None``: a bare string, such as a certificate);
        ``many``: the answer is an array of such structs."""
        print_result(output or self.session.profile.output, template, data, model, many=many)

    def delete(self, operation_id: str, path: Mapping[str, str], *, entry: str, noun: str, force: bool) -> None:
        """Delete ``entry``, asking first unless ``force``, and say so as the real CLI does (``<noun> '<entry>'
        deleted``, or ``<noun> not deleted`` when the answer is no)."""
        if not force and not confirm_delete(entry):
            click.echo(f"{noun} not deleted")
            return
        self.call(operation_id, path)
        click.echo(f"{noun} '{entry}' deleted")


def begin(
    args: Sequence[str],
    project_id: str | None,
    *,
    exactly: int | None = None,
    at_most: int | None = None,
) -> Invocation:
    """cobra's first steps: the argument count, then the profile, then ``ValidateProjectID``."""
    ctx = click.get_current_context()
    check_args(ctx, args, exactly=exactly, at_most=at_most)
    current = session(ctx)
    value = project_id or current.profile.get("project_id") or ""
    return Invocation(ctx, current, check_id(value, "projectId"))


def given(*names: str) -> list[str]:
    """The flags (by parameter name) set on the command line: pflag's ``Changed``."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    return [name for name in names if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE]


def int_flag(name: str, default: int, help_text: str) -> Flag:
    """A pflag ``Int`` with its default shown."""
    return Flag(
        [f"--{name}", name], type=int, default=default, go_type="int", shown_default=str(default), help=help_text
    )


def string_flag(
    name: str, help_text: str, *, default: str | None = None, short: str | None = None, required: bool = False
) -> Flag:
    """A pflag ``String``; ``default`` is shown as pflag shows it."""
    opts = [f"-{short}", f"--{name}", name] if short else [f"--{name}", name]
    return Flag(opts, default=default, shown_default=default or None, required_flag=required, help=help_text)
