"""A click command for one spec operation, with the real Atlas CLI's flags.

Every path and query parameter becomes a flag named exactly as the parameter (``--orgId``), arrays are
repeatable, ``--projectId`` is an alias of ``--groupId``; then ``--version``, ``-o/--output``,
``--outputFile`` and, when the operation takes a body, ``--file``. Required flags are checked after the
profile has filled in what it can (``ApiCommand`` run sequence in ``_run.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from atlas_access.cli._help import Command, Flag
from atlas_access.cli.api._describe import describe_operation, describe_parameter
from atlas_access.cli.api._names import group_name
from atlas_access.cli.api.versions import default_version, deprecation_notice, output_formats
from atlas_access.spec import Operation, Parameter

__all__ = ["ApiCommand", "build_command"]

ALIASES = {"groupId": ("--projectId",)}
FILE_HELP = (
    "path to your API request file. Leave empty to use standard input instead - you must provide one or the "
    "other, but not both."
)
OUTPUT_FILE_HELP = (
    "file to write the api output to. This flag is required when the output of an endpoint is binary "
    "(ex: gzip) and the command is not piped (ex: atlas command > out.zip)"
)
VERSION_HELP = (
    "api version to use when calling the api call [options: {options}], defaults to the latest version or the "
    "profiles api_version config value if set"
)


class ApiCommand(Command):
    """An ``atlas api`` command: knows its operation, prints cobra's deprecation notice before parsing."""

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operation = operation

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        notice = deprecation_notice(self.operation)
        if notice is not None and not ctx.resilient_parsing:  # shell completion parses too: stay quiet there
            sys.stderr.write(f'Command "{self.name}" is deprecated, {notice}\n')
        return super().parse_args(ctx, args)


def _go_type(parameter: Parameter) -> tuple[str, click.ParamType[Any], bool]:
    """(pflag type name, click type, repeatable)."""
    schema = parameter.schema
    kind = schema.get("type")
    if kind == "array":
        item = (schema.get("items") or {}).get("type")
        if item == "integer":
            return "int32Slice", click.INT, True
        if item == "boolean":
            return "boolSlice", click.BOOL, True
        return "stringArray", click.STRING, True
    if kind == "integer":
        return "int", click.INT, False
    if kind == "boolean":
        return "", click.BOOL, False
    return "string", click.STRING, False


def _parameter_flag(parameter: Parameter) -> Flag:
    go_type, click_type, repeatable = _go_type(parameter)
    names = [f"--{parameter.name}", *ALIASES.get(parameter.name, ())]
    options: dict[str, Any] = {"type": click_type, "default": None, "help": describe_parameter(parameter)}
    if repeatable:
        options.update(multiple=True, default=())
    elif go_type == "":  # a bool flag: `--envelope` means true, `--envelope=false` is allowed
        options.update(is_flag=False, flag_value="true")
    return Flag([*names, parameter.name], go_type=go_type, required_flag=parameter.required, **options)


def build_command(name: str, operation: Operation, aliases: Sequence[str]) -> ApiCommand:
    from atlas_access.cli.api._run import run_operation

    group = group_name(operation.tag)
    params: list[click.Parameter] = [
        _parameter_flag(p) for p in operation.parameters if p.location in ("path", "query")
    ]
    versions = sorted({v.version for v in operation.versions})
    formats = output_formats(operation)
    options = ", ".join([*(f'"{f}"' for f in formats), *(["go-template"] if "json" in formats else [])])
    params += [
        Flag(
            ["--version", "version"],
            default=None,
            help=VERSION_HELP.format(options=", ".join(f'"{v}"' for v in versions)),
            shown_default=default_version(operation),
        ),
        Flag(
            ["-o", "--output", "output"],
            default=None,
            help=f"preferred api format, can be [{options}]",
            shown_default=formats[0] if len(formats) == 1 else None,
        ),
        Flag(["--outputFile", "outputFile"], default=None, help=OUTPUT_FILE_HELP),
    ]
    if operation.request_schemas:
        params.append(Flag(["--file", "file"], default=None, help=FILE_HELP))

    def callback(**values: Any) -> None:
        run_operation(click.get_current_context(), operation, values)

    return ApiCommand(
        name=name,
        operation=operation,
        aliases=aliases,
        params=params,
        callback=callback,
        help=describe_operation(operation, group, name),
        short_help=describe_operation(operation, group, name).split("\n", 1)[0],
        hidden=deprecation_notice(operation) is not None,
        context_settings={"help_option_names": ["-h", "--help"], "allow_extra_args": True},
    )
