"""The requests of the real CLI's own commands, as the Go SDK (API version 2023-01-01) sends them, and its errors,
as the real CLI prints them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import go_json
from atlas_access.cli._session import UNAUTHORIZED, Session

__all__ = ["API_VERSION", "call", "request_body"]

API_VERSION = "2023-01-01"


def request_body(value: Any) -> bytes:
    """What ``json.NewEncoder(buf).Encode(request)`` writes: compact JSON, Go's escapes, and a newline."""
    return (go_json(value, indent=False) + "\n").encode()


def call(
    current: Session,
    operation_id: str,
    path: Mapping[str, str],
    *,
    query: Mapping[str, str] | None = None,
    body: bytes | None = None,
    text_answers: bool = False,
    version: str = API_VERSION,
) -> Any:
    """Send one request; the decoded JSON of a 2xx answer (``None`` if it has no body), else ``CliError`` with the
    API's error as the real CLI prints it. An answer that is not JSON is returned as text when ``text_answers``
    (a certificate), else it is a ``CliError``. ``version``: the API version the SDK sends for this operation."""
    from atlas_access import spec
    from atlas_access.client import error_for, prepare

    for name, value in path.items():
        if value == "":  # the SDK refuses to build such a path
            raise CliError(f"{name} is empty and must be specified")
    request = prepare(spec.operation(operation_id), version=version, path_params=path, query=query or {}, body=body)
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
        if text_answers:
            return response.text
        raise CliError(f"{response.request.url} {response.request.method}: the answer is not JSON: {problem}") from None
