"""The one ASGI wrapper around every request the application answers: it adds the headers every response carries
(``security.headers_for``) and, once the answer is sent, writes the request into the server's journal
(``server.journal``). One send wrapper does both, a few microseconds a request. It reads the status and
``X-Error-Code`` of the answer, never a header value of the request or a body."""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atlas_access.server.journal import NOTE, Journal, Note
from atlas_access.server.wire.security import headers_for
from atlas_access.server.wire.target import sent_target


class Edge:
    def __init__(self, app: ASGIApp, journal: Journal) -> None:
        self.app = app
        self.journal = journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        noted = scope[NOTE] = Note()
        extra = headers_for(scope.get("scheme"))
        started, timer = time.time(), time.perf_counter()
        status, error_code = 0, None

        async def send_answer(message: Message) -> None:
            nonlocal status, error_code
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                present = set()
                for name, value in headers:
                    name = name.lower()
                    present.add(name)
                    if name == b"x-error-code" and error_code is None:
                        error_code = value.decode("latin-1")
                # A header the response set itself wins (the invitee's page sends Referrer-Policy: no-referrer).
                headers.extend(pair for pair in extra if pair[0] not in present)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_answer)
        except Exception:
            if not status:  # Starlette's outermost handler answers it: the catalog's 500
                status, error_code = 500, "UNEXPECTED_ERROR"
            raise
        finally:
            if status and noted.recorded:  # a request given up before its answer began was not answered
                self.journal.record(
                    started=started,
                    method=scope["method"],
                    target=sent_target(scope),
                    status=status,
                    error_code=error_code,
                    duration=time.perf_counter() - timer,
                    noted=noted,
                )
