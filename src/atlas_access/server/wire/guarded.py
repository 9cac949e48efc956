"""A write answered by one guarded statement on PostgreSQL, from the event loop (docs/guarded-writes.md).

An endpoint with a guarded form (``Endpoint.guarded``: cancelling an invitation) is tried here first. The
pipeline's steps before the write are taken as ``endpoint`` takes them, in its order, on what its unit of work
would read, but with no transaction: the kept answers of the last access generation the process read
(``server.access_cache``). The statement then holds that generation as its guard (``store.guarded_writes``).

Whatever would need the database here (a lookup not kept, an access list, a Digest nonce), would answer anything
but the write's success or a rate limit (a refusal, an error), or would meet a fault rule, and a statement that
changed nothing, leave the request to its unit of work, which answers it as it always has. Nothing has been written
by then, except the rate-limit token the request took, which the unit of work uses instead of taking another.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from starlette.requests import Request

from atlas_access.core import access_list
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.ratelimit import BucketRule, Decision
from atlas_access.core.roles import Rule, Scope
from atlas_access.server.access_cache import NotKept
from atlas_access.server.auth.authenticate import Attempt, bearer, bearer_token
from atlas_access.server.auth.principal import AuthenticationRequired
from atlas_access.server.journal import note
from atlas_access.server.state import ServerState
from atlas_access.server.wire import path_ids, rate_limit, versioning
from atlas_access.server.wire.request_parts import sent_header
from atlas_access.server.wire.scope import resolve_named
from atlas_access.spec import Operation
from atlas_access.store.guarded_writes import GuardedWrites
from atlas_access.store.rate_buckets import SharedBuckets

__all__ = ["GuardedCall", "GuardedHandler", "Tried", "answer", "can_guard"]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Tried:
    """What trying the guarded statement came to."""

    status: int | None = None  # the answer, when the statement made the change
    taken: Decision | None = None  # the rate-limit token taken on the way: the unit of work takes no other


_LEFT = Tried()


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
    writes, buckets = state.db.guarded, state.buckets
    token = bearer_token(attempt)
    kept = state.access.kept()
    if writes is None or token is None or kept is None or state.faults.active:
        return _LEFT
    if buckets is not None and not isinstance(buckets, SharedBuckets):
        return _LEFT
    generation, lookups = kept
    settled_headers: dict[str, str] = {}
    settled_media: dict[str, str] = {}
    version_name: str | None = None
    try:
        caller = bearer(state.keys, token, lookups)
        if caller.has_access_list or access_list.required_but_missing(
            caller.access_list_required, caller.has_access_list
        ):
            return _LEFT
        if endpoint.operation is not None:
            version = versioning.negotiate(endpoint.operation, sent_header(request, b"accept"))
            versioning.admit(endpoint.operation, version, caller.now, settled_headers, settled_media)
            version_name = version.version
        path = request.path_params
        # The checks after the rate limit, made before it here: what they would refuse is left to the unit of work
        # before a token is taken, and it refuses it in its order.
        path_ids.check(endpoint.ids, path)
        org, project = resolve_named(endpoint.rule, path, caller.principal, lookups)
    except (ApiError, AuthenticationRequired, NotKept):
        return _LEFT

    def settled() -> None:
        noted = note(request.scope)
        noted.authenticated(caller)
        noted.version = version_name
        headers.update(settled_headers)
        media.update(settled_media)

    taken = None
    if buckets is not None and endpoint.rate_rule is not None:
        key = rate_limit.bucket_key(path, caller.principal)
        taken = await buckets.take_awaited(endpoint.rate_rule, key, caller.clock)
        if taken is None:  # no connection for the bucket now: the unit of work takes it, or meets the same
            return _LEFT
        if not taken.allowed:
            settled()
            rate_limit.apply(endpoint.rate_rule, taken, headers)  # raises the 429
    call = GuardedCall(writes, generation, caller.principal.actor(address), caller.now, path, org, project)
    status = await handler(call)
    if status is None:
        return Tried(None, taken)
    settled()
    if taken is not None and endpoint.rate_rule is not None:
        rate_limit.apply(endpoint.rate_rule, taken, headers)
    return Tried(status, taken)
