"""``/account/invitations/{token}``: the page an invitee opens from the mail (docs/wire.md §9).

GET shows the invitation with Accept and Decline; POST answers it through the same services as the local
control API, so the state and events are the same. A link whose invitation was accepted, declined,
cancelled, replaced or has expired answers 410 saying which; a token that matches nothing answers 404.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.invitations import Invitation, Kind, State
from atlas_access.server.mail.post import LINK_PATH, hash_token
from atlas_access.server.routes.pages import csrf, invitation_view
from atlas_access.server.routes.pages.form import read_form
from atlas_access.server.routes.pages.invitation_view import NAME_MAX, Shown
from atlas_access.server.routes.pages.reply import PageError, guarded, page
from atlas_access.server.services import memberships
from atlas_access.server.services.context import Context, at_server_time
from atlas_access.server.state import ServerState
from atlas_access.server.wire.endpoint import client_address
from atlas_access.store.database import Transaction

PATH = LINK_PATH + "{token}"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,128}")  # mails carry secrets.token_urlsafe(32): 43 characters
ACTIONS = ("accept", "decline")


def _not_found() -> PageError:
    return PageError(
        404,
        "This invitation link is not valid",
        "Check that you opened the whole link from the mail. If it still does not work, ask for a new invitation.",
    )


@dataclass(frozen=True, slots=True)
class _Link:
    """The token of the request's link: its hash (the store's key) and the page's own path."""

    token_hash: str
    path: str


def _link(request: Request) -> _Link:
    token = request.path_params["token"]
    if not _TOKEN.fullmatch(token):
        raise _not_found()
    return _Link(hash_token(token), LINK_PATH + token)


def _shown(ctx: Context, token_hash: str) -> Shown | None:
    invitation = memberships.by_link(ctx, token_hash)
    if invitation is None:
        return None
    names = memberships.project_names(ctx, invitation) if invitation.kind is Kind.ORG else {}
    return Shown(invitation, invitation.state_at(ctx.now), ctx.now, names)


def _gone(invitation: Invitation, state: State) -> Response:
    return page(410, *invitation_view.gone(invitation, state))


async def _show(state: ServerState, request: Request) -> Response:
    link = _link(request)
    actor = Actor("USER", None, None, client_address(request))
    shown = await state.db.run(lambda conn: _shown(at_server_time(conn, actor), link.token_hash))
    if shown is None:
        raise _not_found()
    if shown.state is not State.PENDING:
        return _gone(shown.invitation, shown.state)
    cookie = csrf.cookie_value(request) or csrf.new_cookie_value()
    form_token = csrf.FormKey.derived_from(state.keys.token_key).field(link.token_hash, cookie)
    response = page(200, *invitation_view.invitation(shown, link.path, form_token))
    csrf.set_cookie(response, cookie, path=link.path, secure=request.url.scheme == "https")
    return response


async def show(state: ServerState, request: Request) -> Response:
    """GET: the invitation with its Accept and Decline forms, or why the link no longer works."""
    return await guarded(_show(state, request))


def _refused(link: _Link) -> PageError:
    return PageError(
        403,
        "This form has expired",
        "Your answer was not recorded: the form did not come from this page, or it is too old. "
        "Open the invitation again and answer there.",
        link=(link.path, "Open the invitation again"),
    )


def _names(form: dict[str, str]) -> tuple[str, str]:
    first, last = form.get("firstName", "").strip(), form.get("lastName", "").strip()
    if len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise PageError(400, "Your name is too long", f"First and last name take at most {NAME_MAX} characters each.")
    return first, last


@dataclass(frozen=True, slots=True)
class _Answered:
    invitation: Invitation
    done: bool  # this request answered it; else ``state`` is what the invitation had already become
    state: State


def _answer_work(
    link: _Link, accept: bool, names: tuple[str, str], actor: Actor
) -> Callable[[Transaction], _Answered | None]:
    def work(conn: Transaction) -> _Answered | None:
        ctx = at_server_time(conn, actor)
        invitation = memberships.by_link(ctx, link.token_hash)
        if invitation is None:
            return None
        try:
            memberships.answer(ctx, invitation.id, accept=accept, first_name=names[0], last_name=names[1])
        except ApiError as problem:
            if problem.code != "INVITATION_NOT_PENDING":
                raise
            current = memberships.current(ctx, invitation)
            return _Answered(current, False, current.state_at(ctx.now))
        return _Answered(invitation, True, State.ACCEPTED if accept else State.REJECTED)

    return work


async def _answer(state: ServerState, request: Request) -> Response:
    link = _link(request)
    if csrf.is_cross_site(request, state.base_url):
        raise PageError(
            403,
            "This form was sent from another site",
            "Your answer was not recorded. Open the invitation link from your mail and answer on its page.",
        )
    form = await read_form(request)
    key = csrf.FormKey.derived_from(state.keys.token_key)
    if not key.matches(link.token_hash, csrf.cookie_value(request), form.get(csrf.FIELD)):
        raise _refused(link)
    action = form.get("action", "")
    if action not in ACTIONS:
        raise PageError(400, "Choose Accept or Decline", f"This page cannot do {action!r}. Nothing was changed.")
    accept = action == "accept"
    names = _names(form) if accept else ("", "")
    actor = Actor("USER", None, None, client_address(request))
    answered = await state.db.run(_answer_work(link, accept, names, actor))
    if answered is None:
        raise _not_found()
    if not answered.done:
        return _gone(answered.invitation, answered.state)
    # The form cookie stays: a resubmitted form (the back button) then learns the link is used, with a 410.
    view = invitation_view.joined if accept else invitation_view.declined
    return page(200, *view(answered.invitation))


async def answer(state: ServerState, request: Request) -> Response:
    """POST ``action=accept`` (optional ``firstName``, ``lastName``) or ``action=decline``, with the form token."""
    return await guarded(_answer(state, request))


ROUTES = (("GET", PATH, show), ("POST", PATH, answer))
__all__ = ["ROUTES", "answer", "show"]
