"""Any operation of the spec index as a call: parameters by their spec names (``orgId``) or in snake case
(``org_id``), a JSON body, the version; and the answer as parsed JSON, with ``envelope=true`` unwrapped and
error answers raised as ``AtlasError``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from atlas_access import spec
from atlas_access.client._errors import error_for
from atlas_access.client._request import PreparedRequest, prepare
from atlas_access.spec import Operation

if TYPE_CHECKING:
    import httpx

__all__ = ["OperationCall", "build_call", "default_version", "parse_answer"]

_SNAKE = re.compile(r"_([a-z0-9])")


@dataclass(frozen=True, slots=True)
class OperationCall:
    operation: Operation
    request: PreparedRequest
    envelope: bool


def default_version(operation: Operation) -> str:
    """The newest stable version (``preview`` only for an operation that has nothing else)."""
    stable = [v.version for v in operation.versions if not v.is_preview]
    return stable[-1] if stable else operation.versions[-1].version


def _wire_name(name: str, known: Mapping[str, Any]) -> str:
    if name in known:
        return name
    camel = _SNAKE.sub(lambda m: m.group(1).upper(), name)
    if camel == "projectId" and "groupId" in known:
        return "groupId"
    return camel


def _body(value: Any) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    dump = getattr(value, "model_dump", None)  # a pydantic model: its wire names, unset fields left out
    if callable(dump):
        value = dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(value, separators=(",", ":")).encode()


def build_call(
    operation_id: str, params: Mapping[str, Any], *, body: Any = None, version: str | None = None
) -> OperationCall:
    """The request for ``operation_id`` (its current id, short id or pre-2026 id).

    ``TypeError`` for an unknown or missing parameter, ``ValueError`` for an unknown operation or version.
    """
    try:
        operation = spec.operation(operation_id)
    except KeyError:
        raise ValueError(f"unknown operation {operation_id!r}") from None
    known = {p.name: p for p in operation.parameters if p.location in ("path", "query")}
    path: dict[str, Any] = {}
    query: dict[str, Any] = {}
    for key, value in params.items():
        name = _wire_name(key, known)
        if name not in known:
            raise TypeError(f"{operation.operation_id}() got an unexpected parameter {key!r}")
        if value is not None:
            (path if known[name].location == "path" else query)[name] = value
    missing = sorted(n for n, p in known.items() if p.required and n not in path and n not in query)
    if missing:
        raise TypeError(f"{operation.operation_id}() is missing required parameter(s): {', '.join(missing)}")
    chosen = version or default_version(operation)
    if chosen not in {v.version for v in operation.versions}:
        offered = ", ".join(v.version for v in operation.versions)
        raise ValueError(f"{operation.operation_id} has no version {chosen!r} (it has {offered})")
    request = prepare(operation, version=chosen, path_params=path, query=query, body=_body(body))
    return OperationCall(operation, request, envelope=query.get("envelope") is True)


def parse_answer(response: httpx.Response, envelope: bool = False) -> Any:
    """The answer's JSON (``None`` for an empty body); the text of an answer that is not JSON, such as
    ``createGroupDatabaseUserCert``'s PEM file (which comes with the JSON content type, as the spec has it).
    Raises the ``AtlasError`` for an error answer, also for one inside an envelope."""
    if not response.is_success:
        raise error_for(response)
    if not response.content.strip():
        return None
    try:
        data = json.loads(response.content)
    except ValueError:
        return response.text
    if not envelope or not isinstance(data, dict) or "status" not in data:
        return data
    status = data["status"]
    content = data["content"] if "content" in data else {k: v for k, v in data.items() if k != "status"}
    if isinstance(status, int) and status >= 400:
        import httpx

        kept = [(k, v) for k, v in response.headers.items() if k.lower() in ("x-request-id", "retry-after")]
        raise error_for(httpx.Response(status, json=content, headers=kept, request=response.request))
    return content
