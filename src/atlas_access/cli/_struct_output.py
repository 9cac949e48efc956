"""Printing an answer as the real CLI's ``OutputOpts.Print`` does: ``-o json`` is the SDK struct re-indented; a Go
template (the command's own, or ``go-template=``/``go-template-file=``) runs against the SDK struct and goes
through a tabwriter (minwidth 6, tabwidth 4, padding 3)."""

from __future__ import annotations

from typing import Any

from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import DecodeError, GoNil, Model, decode, encode, go_json, struct_view
from atlas_access.cli._output import render, template_source, write_output

__all__ = ["FUNCS", "print_result"]

TEMPLATE_PREFIXES = ("go-template=", "go-template-file=")


def value_or_empty_slice(value: Any) -> Any:
    """``valueOrEmptySlice``: nil becomes an empty list, so ``range`` has nothing to do."""
    return [] if value is None or isinstance(value, GoNil) else value


FUNCS = {"valueOrEmptySlice": value_or_empty_slice}
"""The real CLI's own template functions (``internal/templatewriter``)."""


def _decoded(model: Model | None, data: Any, many: bool) -> Any:
    if model is None or data is None:
        return data
    try:
        if many:
            if not isinstance(data, list):
                raise DecodeError(f"json: cannot unmarshal object into Go value of type []admin.{model.name}")
            return [decode(model, item) for item in data]
        return decode(model, data)
    except DecodeError as problem:
        raise CliError(str(problem)) from None


def print_result(output: str | None, template: str, data: Any, model: Model | None, *, many: bool) -> None:
    """Print ``data`` (the parsed answer: a list when ``many``) in the format ``output`` asks for.

    ``model`` is the SDK struct the answer decodes into (``None``: a bare string, such as a certificate)."""
    decoded = _decoded(model, data, many)
    if output == "json":
        shown: Any = decoded
        if model is not None and decoded is not None:
            shown = [encode(model, item) for item in decoded] if many else encode(model, decoded)
        write_output((go_json(shown, indent=True) + "\n").encode(), None)
        return
    if output is not None and output.startswith("json-path"):
        raise CliError("-o json-path is not supported by this atlas; use -o json or -o go-template=...")
    source = template_source(output) if output is not None and output.startswith(TEMPLATE_PREFIXES) else None
    view: Any = decoded
    if model is not None:
        if many:
            view = [struct_view(model, item) for item in decoded or []]
        else:
            view = struct_view(model, decoded) if decoded is not None else {}
    from atlas_access.gotemplate import tabulate

    text = render(template if source is None else source, view, funcs=FUNCS)
    write_output(tabulate(text, minwidth=6, tabwidth=4, padding=3).encode(), None)
