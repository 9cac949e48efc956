"""``GET /api/private/ipinfo``: the caller's address as the server sees it (the real CLI and MCP server ask)."""

import secrets

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from atlas_access.core.errors import ApiError
from atlas_access.server.auth.authenticate import Attempt, authenticate
from atlas_access.server.state import ServerState
from atlas_access.server.wire import render, respond
from atlas_access.server.wire.endpoint import client_address, request_target


async def ipinfo(state: ServerState, request: Request) -> Response:
    attempt = Attempt(request.headers.get("authorization"), request.method, request_target(request))
    address = client_address(request)

    def work(conn: Connection) -> None:
        authenticate(conn, state.keys, attempt)

    try:
        await state.db.run(work)
    except ApiError as problem:
        return respond.error(problem)
    except Exception as exc:
        return respond.unexpected(secrets.token_hex(8), exc)
    return Response(render.to_json({"currentIpv4Address": address}), 200, media_type=respond.JSON)
