"""Writes every request the application answers into the server's journal (``server.journal``), once its answer
is sent: pure ASGI middleware, a few microseconds a request. It reads the status and ``X-Error-Code`` of the
answer, never a header value of the request or a body."""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atlas_access.server.journal import NOTE, Journal, Note
from atlas_access.server.wire.target import sent_target


class JournalRequests:
    def __init__(self, app: ASGIApp, journal: Journal) -> None:
        self.app = app
        self.journal = journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        noted = scope[NOTE] = Note()
        started, timer = time.time(), time.perf_counter()
        status, error_code = 0, None

        async def send_noting(message: Message) -> None:
            nonlocal status, error_code
            if message["type"] == "http.response.start":
                status = message["status"]
                error_code = next(
                    (value.decode("latin-1") for name, value in message.get("headers", ()) if name == b"x-error-code"),
                    None,
                )
            await send(message)

        try:
            await self.app(scope, receive, send_noting)
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
