"""A write answered by one guarded statement on PostgreSQL, from the event loop, and a read by one guarded
statement on SQLite (docs/guarded-writes.md).

An endpoint with a guarded form (``Endpoint.guarded``: cancelling an invitation; ``Endpoint.guarded_read``:
reading one) is tried here first. The
pipeline's steps before the write are taken as ``endpoint`` takes them, in its order, on what its unit of work
would read, but with no transaction: the kept answers of the last access generation the process read
(``server.access_cache``). The statement then holds that generation as its guard (``store.guarded_writes``).

Whatever would need the database here (a lookup not kept, an access list, a Digest nonce), would answer anything
but the write's success or a rate limit (a refusal, an error), or would meet a fault rule, and a statement that
changed nothing or read nothing to answer, leave the request to its unit of work, which answers it as it always has.
Nothing has been written by then, except the rate-limit token the request took, which the unit of work uses
instead of taking another.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

from starlette.requests import Request

from atlas_access.core import access_list
from atlas_access.core.clock import real_now
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.ratelimit import BucketRule, Decision
from atlas_access.core.roles import Rule, Scope, Surface
from atlas_access.server.access_cache import KeptOnly, NotKept
from atlas_access.server.auth.authenticate import Attempt, Authenticated, BearerHolder, bearer_holder, bearer_token
from atlas_access.server.auth.principal import AuthenticationRequired
from atlas_access.server.journal import note
from atlas_access.server.state import ServerState
from atlas_access.server.wire import path_ids, rate_limit, versioning
from atlas_access.server.wire.request_parts import sent_header
from atlas_access.server.wire.scope import resolve_named
from atlas_access.spec import Operation, Version
from atlas_access.store.database import Autocommit
from atlas_access.store.guarded_writes import GuardedWrites
from atlas_access.store.rate_buckets import SharedBuckets

__all__ = [
    "GuardedCall",
    "GuardedHandler",
    "GuardedRead",
    "GuardedReader",
    "Read",
    "Tried",
    "answer",
    "can_guard",
    "read",
]

T = TypeVar("T")


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class GuardedCall:
    """What a guarded handler sees: where to write, under which generation, who acts and when, and the scope."""

    writes: GuardedWrites
    generation: int
    actor: Actor
    now: int
    path: Mapping[str, str]
    org: Org
    project: Project | None


GuardedHandler = Callable[[GuardedCall], Awaitable[int | None]]
"""The status to answer once the write is made; None when the statement changed nothing."""


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class GuardedRead:
    """What a guarded reader sees: a connection in no transaction (``store.database.Autocommit``), the generation
    its one statement holds as its guard, the scope, and the surface it answers on."""

    conn: Autocommit
    generation: int
    path: Mapping[str, str]
    org: Org
    project: Project | None
    surface: Surface


GuardedReader = Callable[[GuardedRead], Any]
"""The body to answer with 200, read by one guarded statement; None when it found nothing to answer."""


def can_guard(rule: Rule, path: str) -> bool:
    """Whether an endpoint's scope is found by the kept answers alone: ``{orgId}`` or ``{groupId}``."""
    return rule.scope in (Scope.ORG, Scope.GROUP) and "{groupName}" not in path


class GuardedEndpoint(Protocol):
    """The parts of an endpoint this path reads (``endpoint.Endpoint``)."""

    @property
    def operation(self) -> Operation | None: ...

    @property
    def rule(self) -> Rule: ...

    @property
    def ids(self) -> tuple[path_ids.PathId, ...]: ...

    @property
    def rate_rule(self) -> BucketRule | None: ...

    @property
    def surface(self) -> Surface: ...


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Tried:
    """What trying the guarded statement came to."""

    status: int | None = None  # the answer, when the statement made the change
    taken: Decision | None = None  # the rate-limit token taken on the way: the unit of work takes no other


_LEFT = Tried()


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Read:
    """What trying a guarded read came to."""

    answer: Any = None  # the body to answer with 200, when the statement read it
    taken: Decision | None = None  # the rate-limit token taken on the way: the unit of work takes no other


_UNREAD = Read()


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class _Cleared:
    """A request that passed, on kept answers alone, every check its unit of work makes before the rate limit and
    the scope's: what the rest needs, and what it settles on the answer once answered here."""

    caller: Authenticated
    generation: int
    version_name: str | None
    headers: dict[str, str]
    media: dict[str, str]
    path: Mapping[str, str]
    org: Org
    project: Project | None
    rate_key: str

    def settle(self, request: Request, headers: dict[str, str], media: dict[str, str]) -> None:
        """The request is answered here: note it, and give the answer the headers the unit would."""
        noted = note(request.scope)
        noted.authenticated(self.caller)
        noted.version = self.version_name
        headers.update(self.headers)
        media.update(self.media)


@dataclass(frozen=True, slots=True)
class _Checked:
    """What the checks conclude from a request's token, Accept header and path, and the kept answers of one access
    generation alone: the same for every request that sends those, until the generation moves. Only the time is
    left to check per request (``_cleared``)."""

    endpoint: GuardedEndpoint
    holder: BearerHolder
    version: Version | None
    path: Mapping[str, str]
    org: Org
    project: Project | None
    rate_key: str


def _cleared(state: ServerState, endpoint: GuardedEndpoint, request: Request, attempt: Attempt) -> _Cleared | None:
    """The checks of the pipeline before the write or read, in its order, on the kept answers of the last access
    generation; None for anything those cannot answer, or that would be refused: the unit of work answers it.
    What the checks conclude apart from the time is kept with those answers (``KeptOnly.concluded``)."""
    token = bearer_token(attempt)
    kept = state.access.kept()
    if token is None or kept is None or state.faults.active:
        return None
    generation, lookups = kept
    accept = sent_header(request, b"accept")
    key = (id(endpoint), token, accept, request.scope["path"], state.keys.token_keys)
    checked = lookups.concluded(key, lambda: _checked(state, endpoint, request, token, accept, lookups))
    if checked is None or checked.endpoint is not endpoint:
        return None
    headers: dict[str, str] = {}
    media: dict[str, str] = {}
    try:
        caller = checked.holder.at(real_now())  # the token may have ended since
        if endpoint.operation is not None and checked.version is not None:
            versioning.admit(endpoint.operation, checked.version, caller.now, headers, media)  # or passed its sunset
    except (ApiError, AuthenticationRequired):
        return None
    version_name = checked.version.version if checked.version is not None else None
    return _Cleared(
        caller, generation, version_name, headers, media, checked.path, checked.org, checked.project, checked.rate_key
    )


def _checked(
    state: ServerState,
    endpoint: GuardedEndpoint,
    request: Request,
    token: str,
    accept: str | None,
    lookups: KeptOnly,
) -> _Checked | None:
    """The checks but for the time's, in the pipeline's order; None for anything they refuse or the kept answers
    cannot answer."""
    try:
        holder = bearer_holder(state.keys, token, lookups)
        if holder.has_access_list or access_list.required_but_missing(
            holder.access_list_required, holder.has_access_list
        ):
            return None
        version = versioning.negotiate(endpoint.operation, accept) if endpoint.operation is not None else None
        path = MappingProxyType(dict(request.path_params))  # shared by every request the conclusion answers
        # The checks after the rate limit, made before it here: what they would refuse is left to the unit of work
        # before a token is taken, and it refuses it in its order.
        path_ids.check(endpoint.ids, path)
        org, project = resolve_named(endpoint.rule, path, holder.principal, lookups)
    except (ApiError, AuthenticationRequired, NotKept):
        return None
    return _Checked(endpoint, holder, version, path, org, project, rate_limit.bucket_key(path, holder.principal))


async def _take(state: ServerState, endpoint: GuardedEndpoint, cleared: _Cleared) -> tuple[bool, Decision | None]:
    """The request's rate-limit token, as its unit would take it (None with no bucket), and whether the buckets
    could be reached: those of the database may not be now (the unit of work takes the token, or meets the same)."""
    buckets, rule = state.buckets, endpoint.rate_rule
    if buckets is None or rule is None:
        return True, None
    if isinstance(buckets, SharedBuckets):
        taken = await buckets.take_awaited(rule, cleared.rate_key, cleared.caller.clock)
        return taken is not None, taken
    return True, buckets.take(rule, cleared.rate_key, cleared.caller.clock)


async def answer(
    state: ServerState,
    endpoint: GuardedEndpoint,
    handler: GuardedHandler,
    request: Request,
    attempt: Attempt,
    address: str,
    headers: dict[str, str],
    media: dict[str, str],
) -> Tried:
    """The request answered by ``handler``'s statement, or left to its unit of work (``Tried.status`` None, and
    ``headers`` and ``media`` as they were). A rate limit the caller is past is answered here, as the unit would
    (every check before it has passed): 429, raised."""
    writes = state.db.guarded
    if writes is None:
        return _LEFT

    async def write(cleared: _Cleared) -> int | None:
        caller = cleared.caller
        actor = caller.principal.actor(address)
        return await handler(
            GuardedCall(writes, cleared.generation, actor, caller.now, cleared.path, cleared.org, cleared.project)
        )

    status, taken = await _tried(state, endpoint, request, attempt, headers, media, write)
    return Tried(status, taken)


async def read(
    state: ServerState,
    endpoint: GuardedEndpoint,
    reader: GuardedReader,
    request: Request,
    attempt: Attempt,
    headers: dict[str, str],
    media: dict[str, str],
) -> Read:
    """``answer`` for a GET: the request answered by ``reader``'s statement, or left to its unit of work
    (``Read.answer`` None), with the rate-limit token it took (``Read.taken``)."""
    if request.scope.get("query_string"):  # its flags are checked by the unit of work, in its order
        return _UNREAD
    conn = state.db.autocommit_reader()
    if conn is None:
        return _UNREAD

    async def read_one(cleared: _Cleared) -> Any:
        surface = endpoint.surface
        return reader(GuardedRead(conn, cleared.generation, cleared.path, cleared.org, cleared.project, surface))

    found, taken = await _tried(state, endpoint, request, attempt, headers, media, read_one)
    return Read(found, taken)


async def _tried(
    state: ServerState,
    endpoint: GuardedEndpoint,
    request: Request,
    attempt: Attempt,
    headers: dict[str, str],
    media: dict[str, str],
    act: Callable[[_Cleared], Awaitable[T | None]],
) -> tuple[T | None, Decision | None]:
    """The checks (``_cleared``), the rate-limit token (``_take``), then ``act``: what it answered (None leaves the
    request to its unit of work), and the token taken on the way. A token refused is the unit's 429, raised here
    (every check before the rate limit has passed). An answer made here carries the headers its unit's would."""
    cleared = _cleared(state, endpoint, request, attempt)
    if cleared is None:
        return None, None
    reached, taken = await _take(state, endpoint, cleared)
    if not reached:
        return None, None
    rule = endpoint.rate_rule
    if taken is not None and not taken.allowed and rule is not None:
        cleared.settle(request, headers, media)
        rate_limit.apply(rule, taken, headers)
    done = await act(cleared)
    if done is not None:
        cleared.settle(request, headers, media)
        if taken is not None and rule is not None:
            rate_limit.apply(rule, taken, headers)
    return done, taken
