"""Headers every response carries, as MongoDB Cloud sends them. The server adds them as its request chain sends
an answer (``server.chain``); ``SecurityHeaders`` does the same as a middleware, for an ASGI app served apart."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-permitted-cross-domain-policies", b"none"),
)
_HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubdomains;")
_OVER_TLS = (*_ALWAYS, _HSTS)


def headers_for(scheme: str | None) -> tuple[tuple[bytes, bytes], ...]:
    """The headers every answer carries on a connection of this scheme (``https`` adds HSTS); also written by
    ``server.http_protocol`` for requests that never reach the application."""
    return _OVER_TLS if scheme == "https" else _ALWAYS


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope.get("scheme"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # A header the response set itself wins (the invitee's page sends Referrer-Policy: no-referrer).
                present = {name.lower() for name, _ in headers}
                message["headers"] = [*headers, *(pair for pair in extra if pair[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
