"""``/api/local/v1/requests``: the request journal (``server.journal``, docs/journal.md), read with filters or
cleared, behind the local API's admin token.

Its own reads and clears are not recorded, so that following the journal does not fill it.
"""

import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request

from atlas_access.core.clock import parse_iso
from atlas_access.core.errors import ApiError
from atlas_access.server.journal import Filter, note
from atlas_access.server.state import ServerState

PATH = "/api/local/v1/requests"
FILTERS = ("operationId", "method", "path", "status", "errorCode", "principal", "since", "limit")
_STATUS = re.compile(r"[1-5][0-9xX]{2}")
_MAX_COUNT = 10**9


def _count(name: str, text: str, minimum: int) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 12 and minimum <= int(text) <= _MAX_COUNT):
        raise ApiError("INVALID_QUERY_PARAMETER", name)
    return int(text)


def _filter(params: QueryParams) -> Filter:
    """The filter a request's query asks for; 400 ``INVALID_QUERY_PARAMETER`` naming a parameter that is unknown
    or cannot be read."""
    unknown = next((name for name in params if name not in FILTERS), None)
    if unknown is not None:
        raise ApiError("INVALID_QUERY_PARAMETER", unknown)
    status, since, limit = params.get("status"), params.get("since"), params.get("limit")
    if status is not None and not _STATUS.fullmatch(status):
        raise ApiError("INVALID_QUERY_PARAMETER", "status")
    since_id = since_time = None
    if since is not None and since.isascii() and since.isdigit():
        since_id = _count("since", since, 0)
    elif since is not None:
        try:
            since_time = float(parse_iso(since))
        except ValueError:
            raise ApiError("INVALID_QUERY_PARAMETER", "since") from None
    return Filter(
        operation_id=params.get("operationId"),
        method=params.get("method"),
        path_prefix=params.get("path"),
        status=status,
        error_code=params.get("errorCode"),
        principal=params.get("principal"),
        since_id=since_id,
        since_time=since_time,
        limit=None if limit is None else _count("limit", limit, 1),
    )


async def list_requests(state: ServerState, request: Request, raw: bytes) -> Any:
    """The entries the query's filters match, oldest first, with the newest id recorded (``lastId``, for a
    follower's next ``since``) and the journal's capacity."""
    note(request.scope).recorded = False
    journal = state.journal
    entries = journal.entries(_filter(request.query_params))
    return {"results": [entry.view() for entry in entries], "lastId": journal.last_id, "capacity": journal.capacity}


async def clear_requests(state: ServerState, request: Request, raw: bytes) -> Any:
    """Forget every entry; ids keep counting from where they were."""
    note(request.scope).recorded = False
    return {"cleared": state.journal.clear(), "lastId": state.journal.last_id}


ROUTES: tuple[tuple[str, str, Callable[[ServerState, Request, bytes], Awaitable[Any]]], ...] = (
    ("GET", PATH, list_requests),
    ("DELETE", PATH, clear_requests),
)
