"""The requests, as the Go SDK (API version 2023-01-01) sends them, and its errors, as the real CLI prints them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._session import UNAUTHORIZED, session
from atlas_access.cli.invitations._models import Model, encode, go_json

__all__ = ["API_VERSION", "call", "request_body"]

API_VERSION = "2023-01-01"


def request_body(model: Model, value: Mapping[str, Any]) -> bytes:
    """What ``json.NewEncoder(buf).Encode(request)`` writes: compact JSON in the model's order, and a newline."""
    return (go_json(encode(model, dict(value)), indent=False) + "\n").encode()


def call(
    ctx: click.Context,
    operation_id: str,
    path: Mapping[str, str],
    *,
    query: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> Any:
    """Send one request; the decoded JSON of a 2xx answer (``None`` if it has no body), else ``CliError``."""
    from atlas_access import spec
    from atlas_access.client import error_for, prepare

    for name, value in path.items():
        if value == "":  # the SDK refuses to build such a path
            raise CliError(f"{name} is empty and must be specified")
    operation = spec.operation(operation_id)
    request = prepare(operation, version=API_VERSION, path_params=path, query=query or {}, body=body)
    current = session(ctx)
    response = current.send(request)
    if not response.is_success:
        problem = error_for(response)
        if problem.status == 401 or problem.error_code == "UNAUTHORIZED":  # commonerrors.Check
            raise CliError(UNAUTHORIZED)
        raise CliError(str(problem))
    if not response.content.strip():
        return None
    try:
        return json.loads(response.content)
    except ValueError as problem:
        raise CliError(f"{response.request.url} {response.request.method}: the answer is not JSON: {problem}") from None
