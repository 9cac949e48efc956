"""What every database and network access command shares: cobra's first steps (argument count, profile, project
ID), the requests (API version 2023-01-01, as the real CLI sends them), the printing of answers, the flags they
all have, the delete confirmation and the password prompt."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import click

from atlas_access.cli._checks import check_args, check_id
from atlas_access.cli._errors import CliError
from atlas_access.cli._help import Flag
from atlas_access.cli._output import render, template_source, write_output
from atlas_access.cli._session import UNAUTHORIZED, Session, session
from atlas_access.cli.database_access._shapes import Shape, decode, encode, view
from atlas_access.cli.invitations._models import DecodeError, GoTime, go_json
from atlas_access.cli.invitations._templates import FUNCS

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
    "parse_timestamp",
    "project_flag",
    "read_secret",
    "request_body",
    "required_role",
    "slice_flag",
    "slice_values",
    "string_flag",
]

API_VERSION = "2023-01-01"
OUTPUT_HELP = (
    "Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, "
    "use the -o json option."
)
PROJECT_HELP = (
    "Hexadecimal string that identifies the project to use. This option overrides the settings in the "
    "configuration file or environment variable."
)
FORCE_HELP = "Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action."
_REQUIRED_ROLE = (
    "To use this command, you must authenticate with a user account, service account or an API key with the {} role."
)


def required_role(role: str) -> str:
    """The sentence every real command's long help ends with."""
    return _REQUIRED_ROLE.format(role)


# --- flags ------------------------------------------------------------------------------------------------------


def project_flag() -> Flag:
    return Flag(["--projectId", "project_id"], default=None, help=PROJECT_HELP)


def output_flag() -> Flag:
    return Flag(["-o", "--output", "output"], default=None, help=OUTPUT_HELP)


def force_flag() -> Flag:
    return Flag(["--force", "force"], is_flag=True, default=False, go_type="", help=FORCE_HELP)


def bool_flag(name: str, help_text: str, *, short: str | None = None) -> Flag:
    """A pflag ``Bool``: ``--name`` alone is true."""
    opts = [f"-{short}", f"--{name}", name] if short else [f"--{name}", name]
    return Flag(opts, is_flag=True, default=False, go_type="", help=help_text)


def slice_flag(name: str, help_text: str, *, param: str | None = None) -> Flag:
    """A pflag ``StringSlice``: repeatable, and each value a comma-separated list (default ``[]``)."""
    return Flag(
        [f"--{name}", param or name], multiple=True, default=(), go_type="strings", shown_default="[]", help=help_text
    )


def slice_values(values: Sequence[str]) -> list[str]:
    """The values of a ``StringSlice`` flag: each occurrence read as one CSV record."""
    result: list[str] = []
    for value in values:
        if value:
            result.extend(next(csv.reader([value])))
    return result


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


def confirm_delete(entry: str) -> bool:
    """survey's confirm prompt, default No; an unreadable answer is asked again, end of input means No."""
    while True:
        click.echo(f"? Are you sure you want to delete: {entry} (y/N) ", nl=False)
        line = sys.stdin.readline()
        if not sys.stdin.isatty():
            click.echo()
        answer = line.strip()
        if answer.lower() in ("y", "yes"):
            return True
        if answer.lower() in ("", "n", "no") or not line:
            return False
        click.echo(f'X Sorry, your reply was invalid: "{answer}" is not a valid answer, please try again.')


def request_body(value: Any) -> bytes:
    """What ``json.NewEncoder(buf).Encode(request)`` writes: compact JSON, Go's escapes, and a newline."""
    return (go_json(value, indent=False) + "\n").encode()


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
        from atlas_access import spec
        from atlas_access.client import error_for, prepare

        params = {"groupId": self.project_id, **(path or {})}
        for name, value in params.items():
            if value == "":  # the SDK refuses to build such a path
                raise CliError(f"{name} is empty and must be specified")
        request = prepare(
            spec.operation(operation_id),
            version=API_VERSION,
            path_params=params,
            query=query or {},
            body=None if body is None else request_body(body),
        )
        response = self.session.send(request)
        if not response.is_success:
            problem = error_for(response)
            if problem.status == 401 or problem.error_code == "UNAUTHORIZED":  # commonerrors.Check
                raise CliError(UNAUTHORIZED)
            raise CliError(str(problem))
        if not response.content.strip():
            return None
        try:
            return json.loads(response.content)
        except ValueError:
            return response.text

    def print(self, output: str | None, template: str, data: Any, shape: Shape | None, *, many: bool = False) -> None:
        """The answer in the ``--output`` format, else the profile's, else the command's own template.

        ``shape`` is the SDK struct the answer decodes into (``None``: a bare string, such as a certificate);
        ``many``: the answer is an array of such structs."""
        print_result(output or self.session.profile.output, template, data, shape, many=many)


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


# --- printing ---------------------------------------------------------------------------------------------------

TEMPLATE_PREFIXES = ("go-template=", "go-template-file=")


def _decoded(shape: Shape | None, data: Any, many: bool) -> Any:
    if shape is None or data is None:
        return data
    try:
        if many:
            if not isinstance(data, list):
                raise DecodeError(f"json: cannot unmarshal object into Go value of type []admin.{shape.name}")
            return [decode(shape, item) for item in data]
        return decode(shape, data)
    except DecodeError as problem:
        raise CliError(str(problem)) from None


def print_result(output: str | None, template: str, data: Any, shape: Shape | None, *, many: bool) -> None:
    """Print ``data`` as ``OutputOpts.Print`` does: ``-o json`` is the SDK struct re-indented; a Go template (the
    command's own or the user's) runs against the struct and goes through a tabwriter."""
    decoded = _decoded(shape, data, many)
    if output == "json":
        shown: Any = decoded
        if shape is not None and decoded is not None:
            shown = [encode(shape, item) for item in decoded] if many else encode(shape, decoded)
        write_output((go_json(shown, indent=True) + "\n").encode(), None)
        return
    if output is not None and output.startswith("json-path"):
        raise CliError("-o json-path is not supported by this atlas; use -o json or -o go-template=...")
    source = template_source(output) if output is not None and output.startswith(TEMPLATE_PREFIXES) else None
    shown_view: Any = decoded
    if shape is not None:
        if many:
            shown_view = [view(shape, item) for item in decoded or []]
        else:
            shown_view = view(shape, decoded) if decoded is not None else {}
    from atlas_access.gotemplate import tabulate

    text = render(template if source is None else source, shown_view, funcs=FUNCS)
    write_output(tabulate(text, minwidth=6, tabwidth=4, padding=3).encode(), None)


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
