"""The ASGI application: every route, and no framework default body ever reaching a client."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from atlas_access.core.errors import ApiError
from atlas_access.server.chain import RequestChain
from atlas_access.server.faults.inject import with_faults
from atlas_access.server.not_emulated import not_found, served_routes, unserved_operation
from atlas_access.server.routes import home, ipinfo, oauth, pages
from atlas_access.server.routes.atlas_v2 import control_plane
from atlas_access.server.routes.atlas_v2 import table as atlas_v2
from atlas_access.server.routes.cloud_manager_v1 import invitations as cloud_manager_invitations
from atlas_access.server.routes.local import control, health
from atlas_access.server.routing import IndexedRouter
from atlas_access.server.state import ServerState
from atlas_access.server.wire import respond
from atlas_access.server.wire.endpoint import Endpoint, lenient_flag, serve

# The Atlas v2 endpoints in the order their paths are matched (see the table), then Cloud Manager's, whose paths
# (``/api/public/v1.0``) no Atlas v2 request matches.
API_ENDPOINTS: tuple[Endpoint, ...] = (*atlas_v2.ENDPOINTS, *cloud_manager_invitations.ENDPOINTS)
_SERVED = served_routes((endpoint.method, endpoint.path) for endpoint in API_ENDPOINTS)

Handler = Callable[[ServerState, Request], Awaitable[Response]]


def _error(request: Request, problem: ApiError) -> Response:
    """An error outside any endpoint, in the form the request's ``pretty`` and ``envelope`` ask for."""
    return respond.error(problem, pretty=lenient_flag(request, "pretty"), envelope=lenient_flag(request, "envelope"))


def _method_not_allowed(request: Request, allowed: Iterable[str]) -> Response:
    unserved = unserved_operation(request.method, request.url.path, _SERVED)
    if unserved is not None:
        return _error(request, unserved)
    allow = ", ".join(sorted(allowed))
    return _error(request, ApiError("METHOD_NOT_ALLOWED", request.method, request.url.path, headers={"Allow": allow}))


class PathHandlers:
    """What one path serves: the handler of the request's method, else 405 with the full ``Allow`` list.

    The request chain asks ``respond``. It is an ASGI app too, as Starlette's ``Route`` wants its endpoint to be,
    so that the route accepts every method and leaves 405 to us.
    """

    def __init__(self, state: ServerState, handlers: dict[str, Handler]) -> None:
        self.state = state
        self.handlers = handlers

    async def respond(self, request: Request) -> Response:
        handler = self.handlers.get(request.method)
        if handler is None:
            return _method_not_allowed(request, self.handlers)
        return await with_faults(self.state, request, handler)  # docs/faults.md

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.respond(Request(scope, receive))
        await response(scope, receive, send)


def _path_route(state: ServerState, path: str, handlers: dict[str, Handler]) -> Route:
    return Route(path, PathHandlers(state, handlers))


def _endpoint_handler(endpoint: Endpoint) -> Handler:
    async def handle(state: ServerState, request: Request) -> Response:
        return await serve(state, endpoint, request)

    return handle


def routes(state: ServerState) -> list[BaseRoute]:
    """One route per path, in the order that decides between templates a path matches twice (``IndexedRouter``
    keeps it)."""
    by_path: dict[str, dict[str, Handler]] = defaultdict(dict)
    by_path["/api/oauth/token"]["POST"] = oauth.token
    by_path["/api/oauth/revoke"]["POST"] = oauth.revoke
    by_path["/api/private/ipinfo"]["GET"] = ipinfo.ipinfo
    by_path[control_plane.PATH]["GET"] = control_plane.control_plane_addresses  # no credentials, as in the cloud
    for endpoint in API_ENDPOINTS:
        by_path[endpoint.path][endpoint.method] = _endpoint_handler(endpoint)
    for method, path, page in (*pages.ROUTES, *home.ROUTES, *health.ROUTES):  # health even without the local API
        by_path[path][method] = page
    if state.local_api:
        for method, path, handler in control.ROUTES:
            by_path[path][method] = control.local(handler)
    return [_path_route(state, path, handlers) for path, handlers in by_path.items()]


def _not_found(request: Request) -> Response:
    """A path no route serves: the catalog's 404 (or the 405 of an operation the server does not emulate)."""
    return _error(request, not_found(request.method, request.url.path, _SERVED))


class _Application(Starlette):
    """Starlette whose every HTTP request takes ``RequestChain`` (routing, 404 and 405, security headers, the
    catalog's 500 and the journal, in one callable); its router serves the lifespan."""

    def __init__(self, state: ServerState) -> None:
        super().__init__()
        self.router = self.indexed = IndexedRouter(routes(state))  # no redirects for slashes; see routing.py
        self.journal = state.journal

    def build_middleware_stack(self) -> ASGIApp:
        return RequestChain(self.indexed, self.journal, _not_found)


def create_app(state: ServerState) -> Starlette:
    app = _Application(state)
    app.state.server = state
    state.faults.learn(API_ENDPOINTS)  # fault rules: operation ids, the reads a hidden write hides
    return app
