"""``/api/local/v1/snapshots``, ``/export`` and ``/import``: the whole state saved under a name and restored, or
taken out and put back as a state document (docs/snapshots.md), behind the local API's admin token.

Named snapshots are kept in this server process's memory: each process of several has its own, and a restart
forgets them.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

from atlas_access.server.services import snapshots as service
from atlas_access.server.state import ServerState
from atlas_access.server.wire.body import WireModel, check_media_type, parse_json, validate
from atlas_access.server.wire.endpoint import read_body

Handler = Callable[[ServerState, Request, bytes], Awaitable[Any]]

MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
"""The largest state document ``POST /import`` reads (other bodies stop at 1 MiB); ``atlas-access import`` has no
limit."""


class SnapshotIn(WireModel):
    name: str


class ReadsOwnBody:
    """A handler that reads its request body itself, so ``control.local`` leaves it unread: a state document may be
    far larger than the 1 MiB any other body may be."""

    reads_own_body = True

    def __init__(self, handler: Handler) -> None:
        self._handler = handler

    async def __call__(self, state: ServerState, request: Request, raw: bytes) -> Any:
        return await self._handler(state, request, raw)


def _settled(state: ServerState) -> None:
    """After the state was replaced: the rate-limit buckets start full again, as after a reset."""
    if state.buckets is not None:
        state.buckets.clear()


async def save(state: ServerState, request: Request, raw: bytes) -> Any:
    """Save the whole state as ``name`` (in place of a snapshot of that name)."""
    given: SnapshotIn = validate(SnapshotIn, raw, request.headers.get("content-type"))
    name = service.checked_name(given.name)
    document = await state.db.run(service.export_state)
    return service.keep(state.snapshots, name, document).view()


async def listing(state: ServerState, request: Request, raw: bytes) -> Any:
    return {"results": service.listing(state.snapshots)}


async def restore(state: ServerState, request: Request, raw: bytes) -> Any:
    """Replace the whole state with the snapshot's, in one transaction."""
    saved = service.find(state.snapshots, request.path_params["name"])
    await state.db.run(lambda conn: service.restore(conn, saved))
    _settled(state)
    return saved.view()


async def forget(state: ServerState, request: Request, raw: bytes) -> Any:
    return service.forget(state.snapshots, request.path_params["name"]).view()


async def export(state: ServerState, request: Request, raw: bytes) -> Any:
    return await state.db.run(service.export_state)


async def import_document(state: ServerState, request: Request, raw: bytes) -> Any:
    """Replace the whole state with the body's state document, in one transaction."""
    check_media_type(request.headers.get("content-type"))
    document = parse_json(await read_body(request, MAX_DOCUMENT_BYTES))
    sealing = service.sealing_with(state.keys.ha1_seal)
    loaded = await state.db.run(lambda conn: service.import_state(conn, document, sealing))
    _settled(state)
    return loaded


ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/api/local/v1/snapshots", listing),
    ("POST", "/api/local/v1/snapshots", save),
    ("POST", "/api/local/v1/snapshots/{name}:restore", restore),
    ("DELETE", "/api/local/v1/snapshots/{name}", forget),
    ("GET", "/api/local/v1/export", export),
    ("POST", "/api/local/v1/import", ReadsOwnBody(import_document)),
)
