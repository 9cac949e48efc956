"""``/api/local/v1``: control of a local server for tests and development (ours, docs/wire.md §10).

Bearer admin token from ``bootstrap.json``. The clock, the invitee's answers, reset and fixtures.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from atlas_access.core.clock import iso, server_now
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.server.auth.principal import AuthenticationRequired, Refusal
from atlas_access.server.journal import note
from atlas_access.server.mail.view import mail_view
from atlas_access.server.routes.local import faults, federation, requests, snapshots, x509
from atlas_access.server.services import bootstrap, fixtures, memberships
from atlas_access.server.services import local_control as control
from atlas_access.server.services.context import Context, at_server_time
from atlas_access.server.state import ServerState
from atlas_access.server.wire import render, respond
from atlas_access.server.wire.body import WireModel, validate
from atlas_access.server.wire.endpoint import client_address, read_body
from atlas_access.store.database import Transaction

CHALLENGE = 'Bearer realm="atlas-access local control"'

LocalHandler = Callable[[ServerState, Request, bytes], Awaitable[Any]]


def local(handler: LocalHandler) -> Callable[[ServerState, Request], Awaitable[Response]]:
    """Wrap a control handler: admin token, JSON body, errors in the catalog's form."""

    async def answer(state: ServerState, request: Request) -> Response:
        own_body = getattr(handler, "reads_own_body", False)  # a state document may exceed 1 MiB (snapshots.py)
        raw = await read_body(request) if request.method == "POST" and not own_body else b""
        header = request.headers.get("authorization")
        if not await state.db.run(lambda conn: control.admin_token_ok(conn, header)):
            refused = AuthenticationRequired(CHALLENGE, Refusal.WRONG_ADMIN_TOKEN if header else Refusal.NO_CREDENTIALS)
            note(request.scope).failed(refused)  # for the request journal
            raise refused
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
    return _clock_view(await state.db.run(control.clock_offset))


async def set_clock(state: ServerState, request: Request, raw: bytes) -> Any:
    change: ClockIn = _optional(ClockIn, raw, request)
    if (change.advance is None) == (change.now is None):
        raise ApiError("INVALID_ATTRIBUTE", "advance or now (give exactly one)")

    offset = await state.db.run(lambda conn: control.set_clock(conn, advance=change.advance, now=change.now))
    state.journal.saw_clock_offset(offset)
    return _clock_view(offset)


async def real_clock(state: ServerState, request: Request, raw: bytes) -> Any:
    """Back to real time (the offset 0)."""
    offset = await state.db.run(control.real_clock)
    state.journal.saw_clock_offset(offset)
    return _clock_view(offset)


async def outbox(state: ServerState, request: Request, raw: bytes) -> Any:
    assert state.post is not None
    seal = state.post.seal
    mails = await state.db.run(control.mails)
    return {"results": [mail_view(mail, seal) for mail in mails]}


def _which_id(ctx: Context, problem: ApiError, given: str, action: str) -> ApiError:
    """A pending user's id where the invitation's belongs: the same 404, saying which id to give."""
    invitation = memberships.by_pending_user(ctx, given) if problem.code == "RESOURCE_NOT_FOUND" else None
    if invitation is None:
        return problem
    hint = (
        f" {given} is the id of a pending user from the users API; :{action} takes the invitation's id: "
        f"{invitation.id}, or list them with GET /api/atlas/v2/orgs/{invitation.org_id}/invites."
    )
    return ApiError(problem.code, *problem.parameters, detail=problem.detail + hint)


def _answer(accept: bool) -> LocalHandler:
    async def answer(state: ServerState, request: Request, raw: bytes) -> Any:
        names: AnswerIn = _optional(AnswerIn, raw, request)
        invitation_id = request.path_params["invitationId"]
        actor = Actor("USER", None, None, client_address(request))

        def work(conn: Transaction) -> dict[str, Any]:
            ctx = at_server_time(conn, actor)
            try:
                found = memberships.answer(
                    ctx, invitation_id, accept=accept, first_name=names.firstName, last_name=names.lastName
                )
            except ApiError as problem:
                raise _which_id(ctx, problem, invitation_id, "accept" if accept else "decline") from None
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


async def reset(state: ServerState, request: Request, raw: bytes) -> Any:
    created = await state.db.run(
        lambda conn: control.reset(conn, state.base_url, state.keys.ha1_seal, state.bootstrap, state.seed)
    )
    if state.buckets is not None:
        state.buckets.clear()
    state.faults.clear()
    bootstrap.write_file(state.data_dir, created)
    return created


async def load_fixtures(state: ServerState, request: Request, raw: bytes) -> Any:
    document = validate(fixtures.FixturesIn, raw, request.headers.get("content-type"))
    actor = Actor("SYSTEM", None, None, client_address(request))
    return await state.db.run(lambda conn: control.load_fixtures(conn, actor, state.keys.ha1_seal, document))


ROUTES: tuple[tuple[str, str, LocalHandler], ...] = (
    ("GET", "/api/local/v1/clock", get_clock),
    ("POST", "/api/local/v1/clock", set_clock),
    ("DELETE", "/api/local/v1/clock", real_clock),
    ("GET", "/api/local/v1/outbox", outbox),
    ("POST", "/api/local/v1/invitations/{invitationId}:accept", _answer(True)),
    ("POST", "/api/local/v1/invitations/{invitationId}:decline", _answer(False)),
    ("POST", "/api/local/v1/reset", reset),
    ("POST", "/api/local/v1/fixtures", load_fixtures),
    *requests.ROUTES,
    *snapshots.ROUTES,
    *faults.ROUTES,
    *x509.ROUTES,
    *federation.ROUTES,
)
