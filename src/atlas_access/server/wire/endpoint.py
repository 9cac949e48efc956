"""One pipeline for every API operation, in the order docs/wire.md §4 fixes:

authentication -> access list -> version (v2) -> rate limit -> path ids -> org/project exists ->
membership -> role -> query -> body -> state. Operations that name no organization or project (``GET /orgs``,
``GET /groups``) skip the scope checks: their handlers show only what the caller's memberships let it see.
``POST /orgs`` acts from the caller's own organization (the one its API key or service account belongs to).
Fault rules act before all of it (``faults.inject``); a read that a rule's hidden write hides answers, after the
rate limit, what it answered before that write (docs/faults.md).

A route is a small synchronous handler; it runs inside the request's one transaction and returns a
``Reply``. Everything about the wire (status, headers, envelope, pretty, errors) happens here. An endpoint with a
guarded form is first tried as one statement (``wire.guarded``: a write on PostgreSQL, a read on SQLite); whatever
that cannot answer is answered here, as if it had not been tried.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from atlas_access import spec
from atlas_access.core import access_list
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.ratelimit import BucketRule, Decision
from atlas_access.core.roles import PERMISSIONS, Rule, Scope, Surface
from atlas_access.server.access_cache import AccessLookups, uncached
from atlas_access.server.auth.authenticate import Authenticated, authenticate
from atlas_access.server.auth.authenticate import writes as authentication_writes
from atlas_access.server.auth.principal import API_KEY, Principal
from atlas_access.server.faults.hiding import HiddenRead, Seen
from atlas_access.server.journal import note
from atlas_access.server.services.context import Context
from atlas_access.server.state import ServerState
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire import guarded, path_ids, query, rate_limit, respond, streamed, versioning
from atlas_access.server.wire.guarded import GuardedHandler, GuardedReader, can_guard
from atlas_access.server.wire.request_parts import attempt_of, client_address, lenient_flag, read_body, sent_header
from atlas_access.server.wire.scope import resolve_org, resolve_scope
from atlas_access.store import credentials, directory
from atlas_access.store.database import Transaction, savepoint
from atlas_access.store.row_locks import Lock

__all__ = [
    "Call",
    "Endpoint",
    "Handler",
    "Reply",
    "attempt_of",
    "client_address",
    "lenient_flag",
    "read_body",
    "sent_header",
    "serve",
]

M = TypeVar("M", bound=BaseModel)
_NO_QUERY = QueryParams()


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Reply:
    status: int
    body: Any = None


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Call:
    """What a handler sees: the transaction, the caller, the resolved org or project, the raw request parts."""

    ctx: Context
    principal: Principal
    surface: Surface
    path: Mapping[str, str]
    query: QueryParams
    org: Org | None
    project: Project | None
    raw_body: bytes
    content_type: str | None
    base_url: str
    version_name: str | None = None  # the API version the request resolved to (Atlas v2)
    rule: Rule | None = None  # the operation's permission rule, for ``enter_org``

    def enter_org(self, org_id: str) -> Org:
        """For an operation whose organization is named in its body (``createGroup``): the checks the pipeline
        makes for ``{orgId}`` (well-formed, exists, caller's membership and role), in the same order."""
        assert self.rule is not None and self.rule.scope is Scope.ORG
        org = resolve_org(self.rule, org_id, self.principal, uncached(self.conn))  # after the handler began
        _hold_org(self.conn, org, deletes=False)
        return org

    @property
    def conn(self) -> Transaction:
        return self.ctx.conn

    def body(self, model: type[M]) -> M:
        """The validated request body (parsed only when the handler asks, after the role check)."""
        return bodies.validate(model, self.raw_body, self.content_type)

    def the_org(self) -> Org:
        assert self.org is not None
        return self.org

    def the_project(self) -> Project:
        assert self.project is not None
        return self.project


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Endpoint:
    surface: Surface
    operation_id: str
    method: str
    path: str
    handler: Handler
    rate_rule: BucketRule | None = None
    # The organization is named in the body, not the path: the handler calls ``Call.enter_org`` once it has it.
    org_in_body: bool = False
    # The operation deletes the organization or project it names: it takes that row's lock outright, where every
    # other write in an organization or under a project takes a key-share lock (two deletes would deadlock
    # upgrading shared locks).
    deletes_scope: bool = False
    # The ids the path names besides the organization's or project's, each with the error a malformed one gets
    # (``path_ids``); the pipeline checks them before the organization or project is looked up.
    ids: tuple[path_ids.PathId, ...] = ()
    # The write as one statement on PostgreSQL, tried before the unit of work (``wire.guarded``).
    guarded: GuardedHandler | None = None
    # The read as one statement on SQLite, tried before the unit of work (``wire.guarded``).
    guarded_read: GuardedReader | None = None
    rule: Rule = field(init=False)
    operation: spec.Operation | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule", PERMISSIONS[(self.surface, self.operation_id)])
        assert not self.org_in_body or self.rule.scope is Scope.ORG, self.operation_id
        operation = spec.operation(self.operation_id) if self.surface is Surface.ATLAS_V2 else None
        object.__setattr__(self, "operation", operation)
        assert all("{" + path_id.name + "}" in self.path for path_id in self.ids), self.operation_id
        assert self.guarded is None or (self.method != "GET" and can_guard(self.rule, self.path)), self.operation_id
        assert self.guarded_read is None or (self.method == "GET" and can_guard(self.rule, self.path)), (
            self.operation_id
        )


async def serve(state: ServerState, endpoint: Endpoint, request: Request) -> Response:
    """Answer one request for ``endpoint``."""
    headers: dict[str, str] = {}  # carried by the answer, success or error (rate limits, lifecycle)
    media: dict[str, str] = {}  # the success media type, once the version is known
    pretty, envelope = lenient_flag(request, "pretty"), lenient_flag(request, "envelope")
    noted = note(request.scope)  # for the request journal
    noted.operation_id = endpoint.operation_id
    try:
        method: str = request.scope["method"]
        raw_body = await read_body(request) if method in ("POST", "PUT", "PATCH") else b""
        attempt = attempt_of(request)

        taken: Decision | None = None  # a rate-limit token this request took already (``wire.guarded``)

        def work(conn: Transaction) -> Reply | ApiError:
            lookups = state.access.lookups(conn)
            caller = authenticate(conn, state.keys, attempt, lookups)
            noted.authenticated(caller)
            proceed = partial(
                _authorised_work, state, endpoint, request, conn, caller, address, raw_body, lookups, taken=taken
            )
            if caller.principal.kind != API_KEY:
                return proceed(headers, media)
            # Keep the Digest nonce claim even when the operation fails, so a failed request cannot be replayed.
            try:
                with savepoint(conn):
                    return proceed(headers, media)
            except ApiError as problem:
                return problem

        # A GET of a caller whose authentication writes nothing reads a snapshot, outside the write path.
        reads_only = method == "GET" and not authentication_writes(attempt)
        reply: Reply | ApiError | None = None
        if endpoint.guarded_read is not None and reads_only:
            read = await guarded.read(state, endpoint, endpoint.guarded_read, request, attempt, headers, media)
            reply = None if read.answer is None else Reply(200, read.answer)
            taken = read.taken
        if reply is None:
            address = client_address(request)  # for the guarded write and for work (a guarded read needs none)
            if endpoint.guarded is not None:
                tried = await guarded.answer(
                    state, endpoint, endpoint.guarded, request, attempt, address, headers, media
                )
                reply = None if tried.status is None else Reply(tried.status)
                taken = tried.taken
        if reply is None:
            reply = await (state.db.read(work) if reads_only else state.db.run(work))
        if isinstance(reply, ApiError):
            raise reply
        state.faults.written(request.scope, reply.status)  # docs/faults.md: a write a fault rule hides
    except ApiError as problem:
        noted.failed(problem)
        return respond.error(problem, headers=headers, pretty=pretty, envelope=envelope)
    except Exception as exc:  # anything unexpected: the catalog's 500, the trace only in the log
        return respond.unexpected(exc)
    return respond.success(
        reply.body,
        reply.status,
        media_type=media.get("type", respond.JSON),
        headers=headers,
        pretty=pretty,
        envelope=envelope,
    )


def _authorised_work(
    state: ServerState,
    endpoint: Endpoint,
    request: Request,
    conn: Transaction,
    caller: Authenticated,
    address: str,
    raw_body: bytes,
    lookups: AccessLookups,
    headers: dict[str, str],
    media: dict[str, str],
    *,
    taken: Decision | None = None,
) -> Reply:
    principal, now = caller.principal, caller.now
    version_name: str | None = None
    if caller.has_access_list and not access_list.allows(credentials.access_list(conn, principal.id), address):
        raise ApiError("IP_ADDRESS_NOT_ON_ACCESS_LIST", address)
    if access_list.required_but_missing(caller.access_list_required, caller.has_access_list):
        raise ApiError("ORG_REQUIRES_ACCESS_LIST", address)  # docs/org-settings.md
    if endpoint.operation is not None:
        version = versioning.negotiate(endpoint.operation, sent_header(request, b"accept"))
        version_name = note(request.scope).version = version.version
        versioning.admit(endpoint.operation, version, now, headers, media)
    path = request.path_params
    rule = endpoint.rule
    _rate_limit(state, endpoint, rate_limit.bucket_key(path, principal), caller.clock, headers, taken)
    before = state.faults.seen_before(request.scope, principal.id, version_name) if request.method == "GET" else None
    if before is not None:  # a write a fault rule hides is not seen yet (docs/faults.md)
        return before
    path_ids.check(endpoint.ids, path)
    org, project = (None, None) if endpoint.org_in_body else resolve_scope(conn, rule, path, principal, lookups)
    if request.method != "GET":
        if project is not None:
            _hold_project(conn, project, endpoint)
        elif org is not None:
            _hold_org(conn, org, deletes=endpoint.deletes_scope)
    params = _NO_QUERY  # immutable: shared by every request without a query string
    if request.scope.get("query_string"):
        params = request.query_params
        query.flag(params, "pretty")
        query.flag(params, "envelope")
    ctx = Context(conn, now, principal.actor(address), state.post, state.keys.ha1_seal)
    call = Call(
        ctx,
        principal,
        endpoint.surface,
        path,
        params,
        org,
        project,
        raw_body,
        sent_header(request, b"content-type"),
        state.base_url,
        version_name,
        rule,
    )
    read_now = partial(_read_as_caller, state, request, conn, caller, address)
    return state.faults.handle(request.scope, endpoint, principal.id, lambda: endpoint.handler(call), read_now)


def _read_as_caller(
    state: ServerState, request: Request, conn: Transaction, caller: Authenticated, address: str, read: HiddenRead
) -> Seen | None:
    """What ``read`` answers the caller of ``request`` now: this pipeline from the access list on, for a GET with
    the request's Accept header, taking no rate-limit token (a write a fault rule hides, docs/faults.md)."""
    operation, accept = read.endpoint.operation, request.headers.get("accept")
    try:
        version = versioning.negotiate(operation, accept).version if operation is not None else None
    except ApiError:
        return None  # the request's Accept header names no version of this read: nothing to hide there
    as_read = Request(read.scope(accept, request.scope.get("client")))
    unlimited = replace(state, buckets=None)
    try:
        with savepoint(conn):
            lookups = state.access.lookups(conn)  # read again: the write before may have changed roles
            reply = _authorised_work(unlimited, read.endpoint, as_read, conn, caller, address, b"", lookups, {}, {})
            return version, replace(reply, body=streamed.settled(reply.body))  # kept to answer later: read it now
    except ApiError as problem:
        return version, problem


def _rate_limit(
    state: ServerState, endpoint: Endpoint, scope_id: str, clock: float, headers: dict[str, str], taken: Decision | None
) -> None:
    """Take a token of the endpoint's bucket, unless ``taken`` already was for this request (``wire.guarded``)."""
    if state.buckets is None or endpoint.rate_rule is None:
        return
    decision = taken if taken is not None else state.buckets.take(endpoint.rate_rule, scope_id, clock)
    rate_limit.apply(endpoint.rate_rule, decision, headers)


def _hold_project(conn: Transaction, project: Project, endpoint: Endpoint) -> None:
    """Lock the project a write acts under, so that no write meets a delete of the project halfway (a
    foreign-key failure, a 500); 404 if a delete committed since the project was read."""
    if not directory.lock_project(conn, project.id, Lock.DELETE if endpoint.deletes_scope else Lock.KEEP):
        raise ApiError("GROUP_NOT_FOUND", project.id)


def _hold_org(conn: Transaction, org: Org, *, deletes: bool) -> None:
    """The same for a write in an organization: no write meets a delete of the organization halfway."""
    if not directory.lock_org(conn, org.id, Lock.DELETE if deletes else Lock.KEEP):
        raise ApiError("ORG_NOT_FOUND", org.id)
