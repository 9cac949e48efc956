"""``GET /api/local/v1/health``: the readiness probe a CI ``wait-for`` polls (ours, docs/wire.md §10).

No credentials, and served even with ``--no-local-api``: it says only whether the database answers a read, and
the server's version, which ``GET /`` shows anyway. 200 ``{"status": "ok", "version"}``, or 503
``SERVICE_UNAVAILABLE`` in the catalog's form. ``HEAD`` answers the same without the body.
"""

import logging

from starlette.requests import Request
from starlette.responses import Response

from atlas_access import __version__
from atlas_access.core.errors import ApiError
from atlas_access.server.journal import note
from atlas_access.server.services import local_control
from atlas_access.server.state import ServerState
from atlas_access.server.wire import render, respond

PATH = "/api/local/v1/health"
_NO_STORE = {"Cache-Control": "no-store"}
log = logging.getLogger("atlas_access.server")


async def health(state: ServerState, request: Request) -> Response:
    note(request.scope).recorded = False  # a probe polled every fraction of a second would push out real requests
    try:
        await state.db.run(local_control.clock_offset)  # a trivial read through the store
    except Exception as problem:
        log.warning("health check: the database does not answer: %s", problem)
        return respond.error(ApiError("SERVICE_UNAVAILABLE"), headers=_NO_STORE)
    body = render.to_json({"status": "ok", "version": __version__}, pretty=True)
    return Response(body, 200, headers=_NO_STORE, media_type=respond.JSON)


ROUTES = (("GET", PATH, health), ("HEAD", PATH, health))
