"""Output for ``-o``: Go templates (``go-template=...``, ``go-template-file=PATH``, or any value with ``{{ }}``),
and writing to stdout or ``--outputFile`` (created or truncated, mode 0644, as the real CLI opens it)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from atlas_access.cli._errors import CliError

__all__ = ["render", "template_source", "write_output"]

TEMPLATE = "go-template="
TEMPLATE_FILE = "go-template-file="


def template_source(output: str | None) -> str | None:
    """The template text that ``-o`` names, or ``None`` when ``-o`` is a format such as ``json``."""
    if output is None:
        return None
    if output.startswith(TEMPLATE):
        return output[len(TEMPLATE) :]
    if output.startswith(TEMPLATE_FILE):
        path = Path(output[len(TEMPLATE_FILE) :]).expanduser()
        try:
            return path.read_text()
        except OSError as problem:
            raise CliError(f"cannot read the template file {path}: {problem.strerror or problem}") from None
        except UnicodeDecodeError:
            raise CliError(f"the template file {path} is not UTF-8 text") from None
    opening = output.find("{{")
    if opening != -1 and output.find("}}", opening) != -1:
        return output
    return None


def render(source: str, data: Any, funcs: Mapping[str, Callable[..., Any]] | None = None) -> str:
    """Execute a Go template on ``data``; a template that does not parse or run is a ``CliError``."""
    from atlas_access.gotemplate import Template, TemplateError

    try:
        return Template.parse(source, name="output", funcs=dict(funcs or {})).execute(data)
    except TemplateError as problem:
        raise CliError(str(problem)) from None


def write_output(content: bytes, output_file: str | None) -> None:
    if output_file is None or output_file == "":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    try:
        fd = os.open(output_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
    except OSError as problem:
        raise CliError(f"open {output_file}: {(problem.strerror or str(problem)).lower()}") from None
