"""HTTP/1.1 as uvicorn serves it with httptools, plus what uvicorn leaves out:

- **A header timeout.** From the moment a connection opens, or its previous response is complete, the next
  request's headers must be complete within ``header_timeout`` seconds, else the connection is closed without an
  answer. A client that opens connections and sends nothing, or half a request line, holds none for longer.
  (uvicorn's keep-alive timeout only counts while no byte arrives after a response.)
- **The catalog's error body for requests the parser refuses**, where uvicorn answers ``400 Invalid HTTP request
  received.`` in plain text. A method the parser does not know (``FOO / HTTP/1.1``) goes to the application as it
  is, with no headers and no body, which answers as it does for any method a path lacks: 405
  ``METHOD_NOT_ALLOWED`` with the path's ``Allow`` list (404 ``RESOURCE_NOT_FOUND`` for a path that names
  nothing). A request target longer than ``MAX_REQUEST_TARGET`` bytes, or anything else that is not HTTP/1.1, is
  400 ``VALIDATION_ERROR`` naming the fault. Either way the connection closes after the answer, which carries
  ``X-Error-Code`` and the security headers every answer does.
"""

import asyncio
import re
import urllib.parse
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol, RequestResponseCycle
from uvicorn.server import ServerState

from atlas_access.core.errors import ApiError
from atlas_access.server.wire import respond, security

DEFAULT_HEADER_TIMEOUT = 10.0
MAX_REQUEST_TARGET = 65535  # the longest target httptools' URL parser reads (and uvicorn served before)
_TOKEN = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"  # RFC 9110's token: what a method may be
_METHOD = re.compile(_TOKEN)
_REQUEST_LINE = re.compile(rb"(" + _TOKEN + rb") (\S+) HTTP/(1\.[01])")
_LONGEST_LINE = MAX_REQUEST_TARGET + 64  # method, spaces and version around the longest target


class _Refused(Exception):
    """Raised from a parser callback to stop parsing a request the server will not read."""


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header timeout and JSON answers to unparsable requests (module doc).
    Use ``protocol_class`` to set the timeout."""

    header_timeout: float = DEFAULT_HEADER_TIMEOUT

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._header_timer: asyncio.TimerHandle | None = None
        # The bytes of the current request from its first one, while its request line may be needed (a method the
        # parser refuses); None once the headers are complete, or when the request began inside a chunk of data
        # after another one (pipelined), where its first byte cannot be found.
        self._head: list[bytes] | None = None  # the chunks themselves (no copy on the way of every request)
        self._head_size = 0
        self._at_boundary = True  # the next byte begins a request (none yet, or the last one is complete)
        self._in_head = False  # a request's line and headers are being read
        self._chunk_starts_request = False
        self._chunk = b""
        self._refusal: str | None = None  # why a callback stopped the parser
        self._refused = False  # answered (or answering) without the parser: the rest of the stream is ignored

    # --- the header timeout ---------------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        self._head, self._in_head = None, False
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self._request_in_flight():
            self._arm_header_timer()

    def _request_in_flight(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._header_timeout_expired)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timeout_expired(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing() and not self._request_in_flight():
            self.transport.close()

    # --- requests the parser refuses ------------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._refused:
            self._keep_head(data)
            if self._head is not None:
                self._answer_unknown_method()
            return
        self._unset_keepalive_if_required()
        self._keep_head(data)
        self._chunk, self._chunk_starts_request = data, self._at_boundary
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserInvalidMethodError:
            self._refused = True
            self._answer_unknown_method()
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
        except httptools.HttpParserCallbackError:  # a callback failed: ours refusing, or uvicorn's reading the target
            self._refused = True
            self._answer_invalid(self._refusal or "unreadable request target or headers")
        except httptools.HttpParserError as error:  # llhttp's own words: "Invalid HTTP version" and the like
            self._refused = True
            self._answer_invalid(str(error))
        finally:
            self._chunk = b""

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._at_boundary, self._in_head = False, True
        # Where this request's first byte is known: the start of the chunk being parsed, if a request began there.
        self._head = [self._chunk] if self._chunk_starts_request else None
        self._head_size = len(self._chunk)
        self._chunk_starts_request = False

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._at_boundary = True

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > MAX_REQUEST_TARGET:
            self._refusal = f"the request target is longer than {MAX_REQUEST_TARGET} bytes"
            raise _Refused
        super().on_url(url)

    def _keep_head(self, data: bytes) -> None:
        """Add a chunk that continues the current request to its known bytes (as far as a request line goes)."""
        if self._head is not None and self._head_size < _LONGEST_LINE:
            self._head.append(data)
            self._head_size += len(data)

    def _answer_unknown_method(self) -> None:
        """Answer a method the parser refused through the application, once the request line is all here."""
        if self._head is None:  # began inside a chunk after another request: its line cannot be found
            self._answer_invalid("unknown HTTP method")
            return
        text = b"".join(self._head)[:_LONGEST_LINE].lstrip(b"\r\n")
        line, newline, _ = text.partition(b"\n")
        method = line.split(b" ", 1)[0]
        if not _METHOD.fullmatch(method):  # not HTTP at all (a TLS hello...): no need to wait for more
            self._answer_invalid("invalid request line")
            return
        if not newline:
            if self._head_size >= _LONGEST_LINE:
                self._answer_invalid(f"the request target is longer than {MAX_REQUEST_TARGET} bytes")
            return  # wait for the rest of the line (the header timeout still runs)
        found = _REQUEST_LINE.fullmatch(line.rstrip(b"\r"))
        scope = self._scope_of(found) if found else None
        if scope is None:
            self._answer_invalid("invalid request line")
            return
        self._head = None
        self._cancel_header_timer()
        self.scope = scope
        earlier = self.cycle
        self.cycle = RequestResponseCycle(
            scope=scope,
            transport=self.transport,
            flow=self.flow,
            logger=self.logger,
            access_logger=self.access_logger,
            access_log=self.access_log,
            default_headers=self.server_state.default_headers,
            message_event=asyncio.Event(),
            expect_100_continue=False,
            keep_alive=False,  # its headers and body were not read: nothing after it on this connection can be
            on_response=self.on_response_complete,
        )
        self.cycle.more_body = False
        if earlier is None or earlier.response_complete:
            self._start_asgi_task(self.cycle, self.app)
        else:  # pipelined behind a request still being answered, as uvicorn queues one
            self.flow.pause_reading()
            self.pipeline.appendleft((self.cycle, self.app))

    def _scope_of(self, found: re.Match[bytes]) -> Any:
        """The ASGI scope of a request line whose method the parser refused; None if its target is unusable."""
        method, target, version = found[1], found[2], found[3]
        if len(target) > MAX_REQUEST_TARGET:
            return None
        try:
            parsed = httptools.parse_url(target)
            path = (parsed.path or b"").decode("ascii")
        except (httptools.HttpParserInvalidURLError, UnicodeDecodeError):
            return None
        if not path:
            return None
        if "%" in path:
            path = urllib.parse.unquote(path)
        return {
            "type": "http",
            "asgi": {"version": self.asgi_version, "spec_version": "2.3"},
            "http_version": version.decode("ascii"),
            "server": self.server,
            "client": self.client,
            "scheme": self.scheme,
            "root_path": self.root_path,
            "headers": [],
            "state": self.app_state.copy(),
            "method": method.decode("ascii"),
            "path": self.root_path + path,
            "raw_path": self.root_path.encode("ascii") + parsed.path,
            "query_string": parsed.query or b"",
        }

    def _answer_invalid(self, fault: str) -> None:
        """400 ``VALIDATION_ERROR`` naming ``fault``, then close. If an earlier request is still being answered
        (pipelined), that answer is finished and the connection closes after it; if this request's own answer is
        under way, the connection just closes."""
        self._cancel_header_timer()
        self._head = None
        self.logger.warning("Invalid HTTP request received: %s", fault)
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            if self._in_head:
                cycle.keep_alive = False
                return
            if cycle.response_started:
                self.transport.close()
                return
            cycle.disconnected = True  # this request's body was unreadable: the application's answer goes nowhere
            cycle.message_event.set()
        response = respond.error(ApiError("VALIDATION_ERROR", fault))
        headers = [
            *self.server_state.default_headers,
            *response.raw_headers,
            *security.headers_for(self.scheme),
            (b"connection", b"close"),
        ]
        lines = [STATUS_LINE[response.status_code], *(name + b": " + value + b"\r\n" for name, value in headers)]
        self.transport.write(b"".join([*lines, b"\r\n", response.body]))
        self.transport.close()


def protocol_class(header_timeout: float = DEFAULT_HEADER_TIMEOUT) -> type[HttpProtocol]:
    """The protocol class to give uvicorn (``http=``), with this header timeout in seconds."""
    if not header_timeout > 0:
        raise ValueError("header_timeout must be positive")

    class Configured(HttpProtocol):
        pass

    Configured.header_timeout = header_timeout
    return Configured
