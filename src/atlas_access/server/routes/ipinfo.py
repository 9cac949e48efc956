"""``GET /api/private/ipinfo``: the caller's address as the server sees it (the real CLI and MCP server ask)."""

from starlette.requests import Request
from starlette.responses import Response

from atlas_access.server.auth.authenticate import authenticate
from atlas_access.server.auth.principal import AuthenticationRequired
from atlas_access.server.journal import note
from atlas_access.server.state import ServerState
from atlas_access.server.wire import render, respond
from atlas_access.server.wire.endpoint import attempt_of, client_address
from atlas_access.store.database import Transaction


async def ipinfo(state: ServerState, request: Request) -> Response:
    attempt = attempt_of(request)
    address = client_address(request)
    noted = note(request.scope)  # for the request journal

    def work(conn: Transaction) -> None:
        try:
            noted.authenticated(authenticate(conn, state.keys, attempt))
        except AuthenticationRequired as refused:
            noted.failed(refused)
            raise

    async def answer() -> Response:
        await state.db.run(work)
        return Response(render.to_json({"currentIpv4Address": address}), 200, media_type=respond.JSON)

    return await respond.guarded(answer())
