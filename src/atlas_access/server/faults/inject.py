"""The fault rules' hook into request handling (docs/faults.md §Order).

The application calls ``with_faults`` for every request a route serves, before the route's handler: so before
the body is read, before authentication, the rate limit and any read of the database. A rule's delay is waited
here; an error answer is given here, and nothing else happens for that request (no token is taken from a rate
limit, no Digest nonce is used, nothing is read or written). A write to hide goes on, marked, to the pipeline.
The local API (``/api/local/``) is never subject to faults.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import anyio
from starlette.requests import Request
from starlette.responses import Response

from atlas_access.server.faults.rule import LOCAL_PREFIX
from atlas_access.server.journal import note
from atlas_access.server.wire import respond
from atlas_access.server.wire.endpoint import lenient_flag
from atlas_access.server.wire.target import sent_path

if TYPE_CHECKING:
    from atlas_access.server.state import ServerState

__all__ = ["with_faults"]

Handler = Callable[["ServerState", Request], Awaitable[Response]]


async def with_faults(state: ServerState, request: Request, handler: Handler) -> Response:
    """Answer ``request`` with ``handler``, after what the fault rules do to it."""
    faults, scope = state.faults, request.scope
    if not faults.active or scope["path"].startswith(LOCAL_PREFIX):
        return await handler(state, request)
    drawn = faults.draw(request.method, sent_path(scope), getattr(scope.get("route"), "path", ""))
    if drawn is None:
        return await handler(state, request)
    if drawn.delay:
        await anyio.sleep(drawn.delay)
    if drawn.error is not None:
        note(scope).operation_id = drawn.operation_id  # for the request journal
        pretty, envelope = lenient_flag(request, "pretty"), lenient_flag(request, "envelope")
        return respond.error(drawn.error, pretty=pretty, envelope=envelope)
    faults.mark(scope, drawn)
    return await handler(state, request)
