"""Printing a result as the real CLI's ``OutputOpts.Print`` does: ``-o json`` is the SDK model re-indented, a
Go template (the command's own, or ``go-template=``/``go-template-file=``) runs against the SDK struct and goes
through a tabwriter (minwidth 6, tabwidth 4, padding 3)."""

from __future__ import annotations

from typing import Any

from atlas_access.cli._errors import CliError
from atlas_access.cli._output import render, template_source, write_output
from atlas_access.cli.invitations._models import DecodeError, Model, decode, encode, go_json, struct_view
from atlas_access.cli.invitations._templates import FUNCS

__all__ = ["print_result"]

TEMPLATE_PREFIXES = ("go-template=", "go-template-file=")


def _decoded(model: Model, data: Any, many: bool) -> Any:
    try:
        if data is None:
            return None
        if many:
            if not isinstance(data, list):
                raise DecodeError(f"json: cannot unmarshal object into Go value of type []admin.{model.name}")
            return [decode(model, item) for item in data]
        return decode(model, data)
    except DecodeError as problem:
        raise CliError(str(problem)) from None


def print_result(output: str | None, template: str, data: Any, model: Model, *, many: bool) -> None:
    """Print ``data`` (the parsed answer: a list when ``many``) in the format ``output`` asks for."""
    decoded = _decoded(model, data, many)
    if output == "json":
        if decoded is None:
            shown: Any = None
        elif many:
            shown = [encode(model, item) for item in decoded]
        else:
            shown = encode(model, decoded)
        write_output((go_json(shown, indent=True) + "\n").encode(), None)
        return
    if output is not None and output.startswith("json-path"):
        raise CliError("-o json-path is not supported by this atlas; use -o json or -o go-template=...")
    source = template_source(output) if output is not None and output.startswith(TEMPLATE_PREFIXES) else None
    if many:
        view: Any = [struct_view(model, item) for item in decoded or []]
    else:
        view = struct_view(model, decoded) if decoded is not None else {}
    from atlas_access.gotemplate import tabulate

    text = render(template if source is None else source, view, funcs=FUNCS)
    write_output(tabulate(text, minwidth=6, tabwidth=4, padding=3).encode(), None)
