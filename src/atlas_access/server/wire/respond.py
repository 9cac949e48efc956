"""Building responses: success and error bodies, envelope, pretty, and the headers every answer carries."""

import json
import logging
import secrets
from collections.abc import Awaitable, Mapping
from typing import Any

from starlette.responses import Response

from atlas_access.core.errors import ApiError
from atlas_access.server.wire import render, streamed

log = logging.getLogger("atlas_access.server")

JSON = "application/json"


class Verbatim(str):
    """A success body sent as it is, not as a JSON string: the PEM text a new X.509 certificate is answered with
    (in an envelope it is the content's JSON string)."""

    __slots__ = ()


class Rendered(bytes):
    """A success body rendered already, as ``render.to_json`` renders it (compact, keys sorted): a kept answer
    (``server.wire.guarded``), sent without rendering it again."""

    __slots__ = ()


def success(
    body: Any,
    status: int,
    *,
    media_type: str,
    headers: Mapping[str, str],
    pretty: bool,
    envelope: bool,
) -> Response:
    if isinstance(body, Rendered):
        if not (envelope or pretty):
            return Response(bytes(body), status_code=status, headers=dict(headers), media_type=media_type)
        body = json.loads(body)  # rendered compact: the envelope or ?pretty renders it again
    if isinstance(body, streamed.Streamed):  # a long bare array, written as it is read
        return streamed.response(body, status, media_type=media_type, headers=headers, pretty=pretty, envelope=envelope)
    if envelope:
        return Response(
            render.to_json(render.envelope(body, status), pretty=pretty),
            status_code=200,
            headers=dict(headers),
            media_type=media_type,
        )
    if isinstance(body, Verbatim):
        return Response(body.encode("utf-8"), status_code=status, headers=dict(headers), media_type=media_type)
    content = b"" if body is None else render.to_json(body, pretty=pretty)
    return Response(content, status_code=status, headers=dict(headers), media_type=media_type)


def error(
    problem: ApiError,
    *,
    headers: Mapping[str, str] | None = None,
    pretty: bool = False,
    envelope: bool = False,
) -> Response:
    """The catalog error body, ``X-Error-Code`` and any headers the error carries (challenge, Allow...)."""
    all_headers = {**(headers or {}), **problem.headers, "X-Error-Code": problem.code}
    body = problem.body()
    if problem.status == 401 and "WWW-Authenticate" in problem.headers:
        # MongoDB Cloud's authentication failure: pretty, unsorted, never enveloped (clients need the 401).
        return Response(render.to_json(body, pretty=True, sort_keys=False), 401, all_headers, JSON)
    if envelope:
        return Response(render.to_json(render.envelope(body, problem.status), pretty=pretty), 200, all_headers, JSON)
    return Response(render.to_json(body, pretty=pretty), problem.status, all_headers, JSON)


def unexpected(exc: BaseException) -> Response:
    """500 with the catalog body; the stack trace goes to the log under a request id, never to the client."""
    request_id = secrets.token_hex(8)
    log.error("request %s failed unexpectedly", request_id, exc_info=(type(exc), exc, exc.__traceback__))
    problem = ApiError("UNEXPECTED_ERROR")
    return error(problem, headers={"X-Request-Id": request_id})


async def guarded(answer: Awaitable[Response]) -> Response:
    """Await ``answer``; an ApiError becomes its catalog response, anything else the catalog's 500."""
    try:
        return await answer
    except ApiError as problem:
        return error(problem)
    except Exception as exc:
        return unexpected(exc)
