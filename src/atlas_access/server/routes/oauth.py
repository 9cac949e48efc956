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
from atlas_access.server.auth.principal import SERVICE_ACCOUNT, Refusal
from atlas_access.server.journal import note
from atlas_access.server.services import oauth_tokens
from atlas_access.server.state import ServerState
from atlas_access.server.wire import respond
from atlas_access.server.wire.endpoint import read_body

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class _OAuthError(JSONResponse):
    """An OAuth error answer (RFC 6749 §5.2); ``error`` is its code, for the request journal."""

    def __init__(self, status: int, error: str, description: str) -> None:
        headers = dict(_NO_STORE)
        if error == "invalid_client":
            headers["WWW-Authenticate"] = 'Basic realm="MMS Public API"'
        super().__init__({"error": error, "error_description": description}, status, headers)
        self.error = error


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
    noted = note(request.scope)  # for the request journal

    async def answer() -> Response:
        form = await _form(request)
        if form is None:
            return _OAuthError(400, "invalid_request", "The request body is not a valid form.")
        client = _client_credentials(request, form)
        if client is None:
            noted.refusal = Refusal.MALFORMED_HEADER if "authorization" in request.headers else Refusal.NO_CREDENTIALS
            return _OAuthError(401, *INVALID_CLIENT)
        answered = await handle(state, form, client)
        if answered.status_code == 200:  # the id and secret matched: the id is a real client id
            noted.principal, noted.principal_type = client[0], SERVICE_ACCOUNT
        return answered

    response = await respond.guarded(answer())
    if isinstance(response, _OAuthError):
        noted.error_code = response.error
        if response.status_code == 401 and noted.refusal is None:
            noted.refusal = Refusal.BAD_CLIENT_CREDENTIALS
    return response


async def token(state: ServerState, request: Request) -> Response:
    return await _from_client(state, request, _token)


async def _token(state: ServerState, form: dict[str, str], client: tuple[str, str]) -> Response:
    grant_type = form.get("grant_type")
    if grant_type is None:
        return _OAuthError(400, "invalid_request", "The grant_type parameter is required.")
    if grant_type != "client_credentials":
        return _OAuthError(400, "unsupported_grant_type", f"The grant type {grant_type} is not supported.")

    issued = await state.db.run(lambda conn: oauth_tokens.issue(conn, state.keys, client))
    if issued is None:
        return _OAuthError(401, *INVALID_CLIENT)
    body = {"access_token": issued, "expires_in": tokens.TOKEN_LIFETIME_SECONDS, "token_type": "Bearer"}
    return JSONResponse(body, 200, _NO_STORE)


async def revoke(state: ServerState, request: Request) -> Response:
    return await _from_client(state, request, _revoke)


async def _revoke(state: ServerState, form: dict[str, str], client: tuple[str, str]) -> Response:
    if not form.get("token"):
        return _OAuthError(400, "invalid_request", "The token parameter is required.")
    raw_token = form["token"]

    if not await state.db.run(lambda conn: oauth_tokens.revoke(conn, state.keys, client, raw_token)):
        return _OAuthError(401, *INVALID_CLIENT)
    return Response(b"", 200, _NO_STORE)
