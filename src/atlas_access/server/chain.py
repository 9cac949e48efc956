"""Every HTTP request's way through the application, in one ASGI callable (docs/request-path.md).

It does what Starlette's router, its outermost error handler and a middleware around them did, without their
per-request objects (child scopes, send wrappers, a second ``Request``, the response's own ASGI call): it finds
the route among the ones ``IndexedRouter`` says the path could match, in their order, by each route's own pattern;
asks the path's ``PathHandlers`` for the answer (the catalog's 404 when no route matches); sends it with the headers
every answer carries (``wire.security``), a header the response set itself winning; answers an exception nothing
caught with the catalog's 500; and writes the request into the journal once its answer has begun
(``server.journal``). Messages of other types (the lifespan) go to the router.
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from starlette.convertors import PathConvertor, StringConvertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from atlas_access.server.journal import NOTE, Journal, Note
from atlas_access.server.routing import IndexedRouter
from atlas_access.server.wire import respond
from atlas_access.server.wire.security import headers_for
from atlas_access.server.wire.target import sent_target

__all__ = ["PathApp", "RequestChain", "Target"]

_TEXT_CONVERTORS = (StringConvertor, PathConvertor)  # their ``convert`` gives the matched text as it is
MATCHES_KEPT = 4096
"""Paths whose route is kept (``RequestChain.match``); past it the memo starts over."""
LONGEST_KEPT_PATH = 512
"""Longer paths are matched each time: the memo's memory stays bounded whatever paths clients send."""
_UNSEEN = object()


class PathApp(Protocol):
    """What a route of the application serves: the answer to a request for its path, whatever the method."""

    def respond(self, request: Request) -> Awaitable[Response]: ...


@dataclass(slots=True)
class _Answered:
    status: int = 0
    error_code: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A route of the application and what serves its path."""

    route: Route
    app: PathApp
    plain: bool  # every parameter is text as matched: no conversion


class RequestChain:
    def __init__(self, router: IndexedRouter, journal: Journal, not_found: Callable[[Request], Response]) -> None:
        self.router = router
        self.journal = journal
        self.not_found = not_found
        self._targets: dict[int, Target] = {}
        self._matched: dict[str, tuple[Target, dict[str, Any]] | None] = {}
        for route in router.routes:
            assert isinstance(route, Route) and hasattr(route.app, "respond"), f"not a path of the application: {route}"
            app = cast(PathApp, route.app)
            plain = all(isinstance(one, _TEXT_CONVERTORS) for one in route.param_convertors.values())
            self._targets[id(route)] = Target(route, app, plain)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        noted = scope[NOTE] = Note()
        started, timer = time.time(), time.perf_counter()
        answered = _Answered()
        try:
            response = await self._respond(Request(scope, receive))
            await _send(response, scope, receive, send, answered)
        except Exception as exc:
            if not answered.status:  # nothing sent yet: the catalog's 500 (the trace only in the log)
                answered.error_code = "UNEXPECTED_ERROR"
                await _send(respond.unexpected(exc), scope, receive, send, answered)
            raise  # for the server's log, as Starlette's outermost handler does
        finally:
            if answered.status and noted.recorded:  # a request given up before its answer began was not answered
                self._record(scope, noted, started, timer, answered)

    async def _respond(self, request: Request) -> Response:
        scope = request.scope
        found = self.match(scope)
        if found is None:
            return self.not_found(request)
        target, params = found
        scope["route"], scope["endpoint"], scope["path_params"] = target.route, target.app, params
        scope.setdefault("router", self.router)
        return await target.app.respond(request)

    def match(self, scope: Scope) -> tuple[Target, dict[str, Any]] | None:
        """The first route, in the application's order, whose pattern matches the path; and its parameters (each
        request its own). The routes never change, so what a GET's path matched is kept: a GET is asked again
        (a client polling, a refresh), a write names a new resource each time."""
        path: str = scope["path"]  # the application is never mounted under a root path
        if scope["method"] != "GET":
            return self._match(path)
        found = self._matched.get(path, _UNSEEN)
        if found is _UNSEEN:
            found = self._match(path)
            if len(path) <= LONGEST_KEPT_PATH:
                if len(self._matched) >= MATCHES_KEPT:
                    self._matched.clear()
                self._matched[path] = found
        if found is None:
            return None
        target, params = cast(tuple[Target, dict[str, Any]], found)
        return target, dict(params)

    def _match(self, path: str) -> tuple[Target, dict[str, Any]] | None:
        for route in self.router.candidates(path):
            assert isinstance(route, Route)
            matched = route.path_regex.match(path)
            if matched is not None:
                target = self._targets[id(route)]
                params: dict[str, Any] = matched.groupdict()
                if not target.plain:
                    params = {name: route.param_convertors[name].convert(value) for name, value in params.items()}
                return target, params
        return None

    def _record(self, scope: Scope, noted: Note, started: float, timer: float, answered: _Answered) -> None:
        self.journal.record(
            started=started,
            method=scope["method"],
            target=sent_target(scope),
            status=answered.status,
            error_code=answered.error_code,
            duration=time.perf_counter() - timer,
            noted=noted,
        )


async def _send(response: Response, scope: Scope, receive: Receive, send: Send, answered: _Answered) -> None:
    """Send ``response`` with the headers every answer carries; note its status and ``X-Error-Code``."""
    extra = headers_for(scope.get("scheme"))

    def started(message: Message) -> Message:
        headers = list(message.get("headers", ()))
        present = set()
        for name, value in headers:
            name = name.lower()
            present.add(name)
            if name == b"x-error-code" and answered.error_code is None:
                answered.error_code = value.decode("latin-1")
        # A header the response set itself wins (the invitee's page sends Referrer-Policy: no-referrer).
        headers.extend(pair for pair in extra if pair[0] not in present)
        message["headers"] = headers
        answered.status = message["status"]
        return message

    if type(response).__call__ is Response.__call__ and response.background is None:  # a body held whole
        head = {"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers}
        await send(started(head))
        await send({"type": "http.response.body", "body": response.body})
        return

    async def send_answer(message: Message) -> None:  # a streamed body, a file: the response sends itself
        await send(started(message) if message["type"] == "http.response.start" else message)

    await response(scope, receive, send_answer)
