"""``/api/local/v1``: control of a local server for tests and development (ours, docs/wire.md §10).

Bearer admin token from ``bootstrap.json``. The clock, the invitee's answers, reset and fixtures.
"""

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from atlas_access.core.clock import check_server_time, iso, parse_duration, parse_iso, real_now, server_now
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.server.auth.principal import AuthenticationRequired
from atlas_access.server.mail.view import mail_view
from atlas_access.server.services import bootstrap, fixtures, memberships
from atlas_access.server.services.context import Context, at_server_time
from atlas_access.server.state import ServerState
from atlas_access.server.wire import render, respond
from atlas_access.server.wire.body import WireModel, validate
from atlas_access.server.wire.endpoint import client_address, read_body
from atlas_access.store import outbox as outbox_store
from atlas_access.store import reset as reset_store
from atlas_access.store import settings
from atlas_access.store.database import Transaction

CHALLENGE = 'Bearer realm="atlas-access local control"'

LocalHandler = Callable[[ServerState, Request, bytes], Awaitable[Any]]


def _authorised(conn: Transaction, header: str | None) -> bool:
    scheme, _, token = (header or "").partition(" ")
    stored = settings.get(conn, bootstrap.ADMIN_TOKEN_HASH)
    if scheme.lower() != "bearer" or not token.strip() or stored is None:
        return False
    return hmac.compare_digest(stored, bootstrap.hash_admin_token(token.strip()))


def local(handler: LocalHandler) -> Callable[[ServerState, Request], Awaitable[Response]]:
    """Wrap a control handler: admin token, JSON body, errors in the catalog's form."""

    async def answer(state: ServerState, request: Request) -> Response:
        raw = await read_body(request) if request.method == "POST" else b""
        header = request.headers.get("authorization")
        if not await state.db.run(lambda conn: _authorised(conn, header)):
            raise AuthenticationRequired(CHALLENGE)
        result = await handler(state, request, raw)
        return Response(render.to_json(result, pretty=True), 200, media_type=respond.JSON)

    async def serve(state: ServerState, request: Request) -> Response:
        return await respond.guarded(answer(state, request))

    return serve


class ClockIn(WireModel):
    advance: str | None = None
    now: str | None = None


class AnswerIn(WireModel):
    firstName: str = ""
    lastName: str = ""


def _optional(model: type[BaseModel], raw: bytes, request: Request) -> Any:
    if not raw.strip():
        return model()
    return validate(model, raw, request.headers.get("content-type"))


def _clock_view(offset: int) -> dict[str, Any]:
    return {"now": iso(server_now(offset)), "offsetSeconds": offset}


async def get_clock(state: ServerState, request: Request, raw: bytes) -> Any:
    return _clock_view(await state.db.run(settings.clock_offset))


async def set_clock(state: ServerState, request: Request, raw: bytes) -> Any:
    change: ClockIn = _optional(ClockIn, raw, request)
    if (change.advance is None) == (change.now is None):
        raise ApiError("INVALID_ATTRIBUTE", "advance or now (give exactly one)")

    def work(conn: Transaction) -> dict[str, Any]:
        offset = settings.clock_offset(conn)
        try:
            if change.advance is not None:
                offset += parse_duration(change.advance)
            else:
                assert change.now is not None
                offset = parse_iso(change.now) - int(real_now())
            check_server_time(int(real_now()) + offset)
        except ValueError as problem:
            raise ApiError(
                "INVALID_JSON_ATTRIBUTE", "advance" if change.advance else "now", detail=str(problem)
            ) from None
        settings.put(conn, settings.CLOCK_OFFSET, str(offset))
        return _clock_view(offset)

    return await state.db.run(work)


async def outbox(state: ServerState, request: Request, raw: bytes) -> Any:
    assert state.post is not None
    seal = state.post.seal
    mails = await state.db.run(outbox_store.listing)
    return {"results": [mail_view(mail, seal) for mail in mails]}


def _answer(accept: bool) -> LocalHandler:
    async def answer(state: ServerState, request: Request, raw: bytes) -> Any:
        names: AnswerIn = _optional(AnswerIn, raw, request)
        invitation_id = request.path_params["invitationId"]
        actor = Actor("USER", None, None, client_address(request))

        def work(conn: Transaction) -> dict[str, Any]:
            ctx = at_server_time(conn, actor)
            found = memberships.answer(
                ctx, invitation_id, accept=accept, first_name=names.firstName, last_name=names.lastName
            )
            return {
                "id": found.id,
                "kind": found.kind.value,
                "orgId": found.org_id,
                "groupId": found.group_id,
                "username": found.username,
                "state": "ACCEPTED" if accept else "REJECTED",
            }

        return await state.db.run(work)

    return answer


def _reset(conn: Transaction, base_url: str, ha1_seal: Ha1Seal) -> dict[str, Any]:
    reset_store.empty(conn)  # the keys are not in the database: tokens and nonces made before stay valid
    created = bootstrap.bootstrap(conn, server_now(0), base_url, ha1_seal)
    assert created is not None
    return created


async def reset(state: ServerState, request: Request, raw: bytes) -> Any:
    created = await state.db.run(lambda conn: _reset(conn, state.base_url, state.keys.ha1_seal))
    if state.buckets is not None:
        state.buckets.clear()
    bootstrap.write_file(state.data_dir, created)
    return created


async def load_fixtures(state: ServerState, request: Request, raw: bytes) -> Any:
    document = validate(fixtures.FixturesIn, raw, request.headers.get("content-type"))
    actor = Actor("SYSTEM", None, None, client_address(request))
    return await state.db.run(
        lambda conn: fixtures.build(
            Context(conn, server_now(settings.clock_offset(conn)), actor, ha1_seal=state.keys.ha1_seal), document
        )
    )


ROUTES: tuple[tuple[str, str, LocalHandler], ...] = (
    ("GET", "/api/local/v1/clock", get_clock),
    ("POST", "/api/local/v1/clock", set_clock),
    ("GET", "/api/local/v1/outbox", outbox),
    ("POST", "/api/local/v1/invitations/{invitationId}:accept", _answer(True)),
    ("POST", "/api/local/v1/invitations/{invitationId}:decline", _answer(False)),
    ("POST", "/api/local/v1/reset", reset),
    ("POST", "/api/local/v1/fixtures", load_fixtures),
)
