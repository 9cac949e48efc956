"""OAuth 2.0 client credentials for service accounts: ``/api/oauth/token`` and ``/api/oauth/revoke``.

Not subject to API access lists (as in MongoDB Cloud): a token may be minted from anywhere, used only from
an allowed address.
"""

import base64
import binascii
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from atlas_access.server.auth import tokens
from atlas_access.server.services import oauth_tokens
from atlas_access.server.state import ServerState
from atlas_access.server.wire import respond
from atlas_access.server.wire.endpoint import read_body

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _oauth_error(status: int, error: str, description: str) -> Response:
    headers = dict(_NO_STORE)
    if error == "invalid_client":
        headers["WWW-Authenticate"] = 'Basic realm="MMS Public API"'
    return JSONResponse({"error": error, "error_description": description}, status, headers)


INVALID_CLIENT = ("invalid_client", "Invalid credentials provided.")


async def _form(request: Request) -> dict[str, str] | None:
    body = await read_body(request)  # 413 beyond 1 MiB, without reading more than that
    try:
        parsed = parse_qs(body.decode(), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return None
    return {key: values[0] for key, values in parsed.items()}


def _client_credentials(request: Request, form: dict[str, str]) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, secret = decoded.partition(":")
        # RFC 6749 2.3.1: clients form-encode the id and secret before Basic encoding; most send them raw.
        return (unquote(client_id), unquote(secret)) if sep else None
    if "client_id" in form and "client_secret" in form:
        return form["client_id"], form["client_secret"]
    return None


ClientRequest = Callable[[ServerState, dict[str, str], tuple[str, str]], Awaitable[Response]]


async def _from_client(state: ServerState, request: Request, handle: ClientRequest) -> Response:
    """Answer a token or revocation request: ``handle`` gets its form and the client's id and secret, once both
    are read; an error is the catalog's answer."""

    async def answer() -> Response:
        form = await _form(request)
        if form is None:
            return _oauth_error(400, "invalid_request", "The request body is not a valid form.")
        client = _client_credentials(request, form)
        if client is None:
            return _oauth_error(401, *INVALID_CLIENT)
        return await handle(state, form, client)

    return await respond.guarded(answer())


async def token(state: ServerState, request: Request) -> Response:
    return await _from_client(state, request, _token)


async def _token(state: ServerState, form: dict[str, str], client: tuple[str, str]) -> Response:
    grant_type = form.get("grant_type")
    if grant_type is None:
        return _oauth_error(400, "invalid_request", "The grant_type parameter is required.")
    if grant_type != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", f"The grant type {grant_type} is not supported.")

    issued = await state.db.run(lambda conn: oauth_tokens.issue(conn, state.keys, client))
    if issued is None:
        return _oauth_error(401, *INVALID_CLIENT)
    body = {"access_token": issued, "expires_in": tokens.TOKEN_LIFETIME_SECONDS, "token_type": "Bearer"}
    return JSONResponse(body, 200, _NO_STORE)


async def revoke(state: ServerState, request: Request) -> Response:
    return await _from_client(state, request, _revoke)


async def _revoke(state: ServerState, form: dict[str, str], client: tuple[str, str]) -> Response:
    if not form.get("token"):
        return _oauth_error(400, "invalid_request", "The token parameter is required.")
    raw_token = form["token"]

    if not await state.db.run(lambda conn: oauth_tokens.revoke(conn, state.keys, client, raw_token)):
        return _oauth_error(401, *INVALID_CLIENT)
    return Response(b"", 200, _NO_STORE)
