"""Running an ``atlas api`` command, in the real CLI's order:

1. flags the user did not set are filled from the profile (``groupId`` <- ``project_id``, ``orgId`` <-
   ``org_id``, ``version`` <- ``api_version``), which also satisfies required flags;
2. version warnings (unpinned, unsupported, preview, sunset), then the required-flags check;
3. the body from piped stdin or ``--file`` (not both), the request, and the response: a 2xx body passes
   through byte for byte (or through a Go template), an error body is printed as received and the command
   fails with ``server returned an error response code``.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
import sys
from collections.abc import Mapping
from typing import Any

import click

from atlas_access.cli._errors import CliError, UsageProblem
from atlas_access.cli._output import template_source, write_output
from atlas_access.cli._session import session
from atlas_access.cli.api.versions import choose_version, output_formats
from atlas_access.spec import Operation

__all__ = ["run_operation"]

FROM_PROFILE = {"groupId": "project_id", "orgId": "org_id", "version": "api_version"}
BINARY_FORMATS = ("gzip",)
COMMON = ("version", "output", "outputFile", "file")


def _piped(stream: Any) -> bool:
    """As Go checks it: the stream is not a character device (a terminal or /dev/null)."""
    try:
        return not stat.S_ISCHR(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _is_set(value: Any) -> bool:
    return value is not None and value != ()


def _fill_from_profile(values: dict[str, Any], profile_value: Any) -> None:
    for flag, key in FROM_PROFILE.items():
        if flag in values and not _is_set(values[flag]):
            found = profile_value(key)
            if found:
                values[flag] = found


def _read_body(file: str | None) -> bytes:
    if _piped(sys.stdin):
        if file:
            raise CliError("cannot use --file flag and also input from standard input")
        return sys.stdin.buffer.read()
    if not file:
        raise CliError("--file flag is required when not using piped input")
    try:
        with open(file, "rb") as fh:
            return fh.read()
    except OSError as problem:
        raise CliError(f"error opening file {file}: {problem.strerror or problem}") from None


def _output_format(operation: Operation, output: str | None, output_file: str | None) -> tuple[str, str | None]:
    """(the format to ask for, the template to apply). The default is the only format there is."""
    formats = output_formats(operation)
    template = template_source(output)
    if template is not None:
        return "json", template
    if output is None:
        if len(formats) == 1:
            output = formats[0]
        else:
            raise UsageProblem('required flag(s) "output" not set')
    if output not in formats:
        raise CliError(f"expected one of the following values: [{' '.join(formats)}], but got '{output}' instead")
    if output in BINARY_FORMATS and not output_file and not _piped(sys.stdout):
        raise UsageProblem('required flag(s) "output" not set')
    return output, None


def _check_required(operation: Operation, values: Mapping[str, Any]) -> None:
    missing = sorted(
        p.name
        for p in operation.parameters
        if p.required and p.location in ("path", "query") and not _is_set(values.get(p.name))
    )
    if missing:
        raise UsageProblem('required flag(s) "' + '", "'.join(missing) + '" not set')


def _formatted(source: str, content: bytes) -> bytes:
    """The body through the template, failing as the real formatter fails (an empty body is EOF to Go's
    JSON decoder). Numbers decode as Go decodes them into ``any``: float64."""
    from atlas_access.gotemplate import Template, TemplateError

    try:
        template = Template.parse(source, name="formatter-template")
    except TemplateError as problem:
        raise CliError(f"error formatting output\nfailed to parse format string\n{problem}") from None
    if not content.strip():
        raise CliError("error formatting output\nEOF")
    try:
        return template.execute(json.loads(content, parse_int=float)).encode()
    except (TemplateError, ValueError) as problem:
        raise CliError(f"error formatting output\n{problem}") from None


def run_operation(ctx: click.Context, operation: Operation, values: dict[str, Any]) -> None:
    current = session(ctx)
    _fill_from_profile(values, current.profile.get)
    version, warnings = choose_version(operation, values.get("version"), datetime.date.today())
    for warning in warnings:
        sys.stderr.write(warning + "\n")
    _check_required(operation, values)
    fmt, template = _output_format(operation, values.get("output"), values.get("outputFile"))
    body = _read_body(values.get("file")) if operation.request_schemas else None

    from atlas_access.client import prepare

    params = {p.name: p.location for p in operation.parameters}
    chosen = {k: v for k, v in values.items() if k not in COMMON and k in params and _is_set(v)}
    request = prepare(
        operation,
        version=version.version,
        path_params={k: v for k, v in chosen.items() if params[k] == "path"},
        query={k: v for k, v in chosen.items() if params[k] == "query"},
        body=body,
        fmt=fmt,
    )
    response = current.send(request)
    content = response.content
    if response.is_success and template is not None:
        content = _formatted(template, content)
    write_output(content, values.get("outputFile"))
    if not response.is_success:
        raise CliError("server returned an error response code")
