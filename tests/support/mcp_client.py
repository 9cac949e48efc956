"""A small MCP client over stdio, for driving a real MCP server process (mongodb-mcp-server) in tests.

The stdio transport is JSON-RPC 2.0, one message per line, on the child's stdin and stdout; the child's
stderr goes to a file (``stderr_path``), so that a chatty server never blocks on a full pipe. A reader
thread moves stdout lines into a queue, so every wait has a deadline and a server that hangs fails the test
instead of hanging it.

The session: ``initialize`` (protocol version, no client capabilities), the ``notifications/initialized``
notification, then ``tools/list`` and ``tools/call``. The server's own requests are answered: ``ping`` with
an empty result, anything else with "method not found" (we announce no roots, sampling or elicitation).
Notifications (``notifications/message`` logs and the like) are kept in ``notifications``.

Cleanup: ``close()`` (stdin closed, then SIGTERM to the process group, then SIGKILL) on leaving the
``with`` block and at interpreter exit; the child is started in its own session and, where util-linux's
``setpriv`` exists, with a parent-death signal, so it dies with the test process even when that is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

PROTOCOL_VERSION = "2025-06-18"
CLIENT_INFO = {"name": "atlas-access-tests", "version": "1.0.0"}
DEFAULT_TIMEOUT = 30.0
CLOSE_TIMEOUT = 5.0
_EOF = object()


class McpError(Exception):
    """A JSON-RPC error answer, or a broken session (the process exited, a deadline passed, bad JSON)."""

    def __init__(self, message: str, error: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.error = dict(error or {})


class McpStdioClient:
    """``argv`` run as a child process speaking MCP on stdin/stdout."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        stderr_path: Path,
        cwd: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.argv = list(argv)
        self.env = dict(env)
        self.stderr_path = Path(stderr_path)
        self.cwd = cwd
        self.timeout = timeout
        self.notifications: list[dict[str, Any]] = []
        self.server_requests: list[dict[str, Any]] = []
        self.initialized: dict[str, Any] = {}
        self.closed_by_itself: bool | None = None
        """After ``close()``: whether the child exited on its own once its stdin was closed (no signal)."""
        self._ids = itertools.count(1)
        self._lines: queue.Queue[object] = queue.Queue()
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._write_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("the MCP server has not been started")
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def start(self) -> Self:
        if self._process is not None:
            raise RuntimeError("already started")
        self.stderr_path.parent.mkdir(parents=True, exist_ok=True)
        setpriv = shutil.which("setpriv")
        prefix = [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []
        with open(self.stderr_path, "ab") as stderr:
            self._process = subprocess.Popen(
                [*prefix, *self.argv],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,
            )
        atexit.register(self.close)
        self._reader = threading.Thread(target=self._read_stdout, name="mcp-stdout", daemon=True)
        self._reader.start()
        return self

    def initialize(self, protocol_version: str = PROTOCOL_VERSION) -> dict[str, Any]:
        """``initialize`` then ``notifications/initialized``; the server's answer (also in ``initialized``)."""
        result = self.request(
            "initialize",
            {"protocolVersion": protocol_version, "capabilities": {}, "clientInfo": CLIENT_INFO},
        )
        if not isinstance(result, dict):
            raise McpError(f"initialize: not an object: {result!r}")
        self.notify("notifications/initialized")
        self.initialized = result
        return result

    def close(self) -> int | None:
        """Ends the child: closes its stdin (the stdio way to stop), then SIGTERM, then SIGKILL. Idempotent."""
        process = self._process
        if process is None:
            return None
        atexit.unregister(self.close)
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError), self._write_lock:
                process.stdin.close()
        if process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(CLOSE_TIMEOUT)
        self.closed_by_itself = process.poll() is not None
        for signum in (signal.SIGTERM, signal.SIGKILL):
            if process.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signum)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(CLOSE_TIMEOUT)
        if process.poll() is None:  # not even SIGKILL to the group: the child itself, then give up waiting
            process.kill()
            process.wait(CLOSE_TIMEOUT)
        # Whatever it left in its own session (none expected) goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.stdout is not None:
            process.stdout.close()
        if self._reader is not None:
            self._reader.join(CLOSE_TIMEOUT)
        return process.returncode

    def __enter__(self) -> Self:
        if self._process is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def stderr(self, tail: int = 6000) -> str:
        """What the child wrote on stderr (the end of it)."""
        try:
            text = self.stderr_path.read_text("utf-8", "replace")
        except OSError as problem:
            return f"(no stderr file: {problem})"
        return text if len(text) <= tail else "...\n" + text[-tail:]

    # -- messages --------------------------------------------------------------------------------

    def notify(self, method: str, params: Mapping[str, Any] | None = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = dict(params)
        self._send(message)

    def request(self, method: str, params: Mapping[str, Any] | None = None, timeout: float | None = None) -> Any:
        """Send a request and wait (at most ``timeout`` seconds) for its answer; its ``result``, or McpError."""
        request_id = next(self._ids)
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = dict(params)
        self._send(message)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            answer = self._next_message(deadline, f"answer to {method} (id {request_id})")
            if "method" in answer:
                self._handle_server_message(answer)
                continue
            if answer.get("id") != request_id:
                raise McpError(f"an answer to an unknown request while waiting for {method}: {answer}")
            if "error" in answer:
                error = answer["error"]
                raise McpError(f"{method}: error {error.get('code')}: {error.get('message')}", error)
            return answer.get("result")

    def list_tools(self) -> list[dict[str, Any]]:
        """Every tool, following ``nextCursor``."""
        tools: list[dict[str, Any]] = []
        cursor: str | None = None
        for _ in range(100):
            result = self.request("tools/list", {"cursor": cursor} if cursor else {})
            tools.extend(result.get("tools", []))
            cursor = result.get("nextCursor")
            if not cursor:
                return tools
        raise McpError("tools/list: more than 100 pages")

    def call_tool(self, name: str, arguments: Mapping[str, Any] | None = None, timeout: float | None = None) -> Any:
        """``tools/call``; the result as the server sent it (``content``, ``structuredContent``, ``isError``)."""
        return self.request("tools/call", {"name": name, "arguments": dict(arguments or {})}, timeout)

    # -- internals -------------------------------------------------------------------------------

    def _send(self, message: Mapping[str, Any]) -> None:
        process = self._process
        if process is None or process.stdin is None:
            raise RuntimeError("the MCP server has not been started")
        data = json.dumps(message, separators=(",", ":")).encode() + b"\n"
        with self._write_lock:
            try:
                process.stdin.write(data)
                process.stdin.flush()
            except (BrokenPipeError, ValueError) as problem:
                raise McpError(f"cannot write to the MCP server ({problem}); {self._exit_report()}") from None

    def _read_stdout(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        try:
            for line in process.stdout:
                self._lines.put(line)
        except (OSError, ValueError):
            pass
        finally:
            self._lines.put(_EOF)

    def _next_message(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise McpError(f"no {waiting_for} before the deadline; {self._exit_report()}")
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is _EOF:
                self._lines.put(_EOF)  # every later wait sees the end too
                with contextlib.suppress(subprocess.TimeoutExpired):
                    if self._process is not None:
                        self._process.wait(2)
                raise McpError(
                    f"the MCP server closed its stdout while waiting for an {waiting_for}; {self._exit_report()}"
                )
            assert isinstance(line, bytes)
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                raise McpError(f"not JSON on the MCP server's stdout: {line[:500]!r}") from None
            if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
                raise McpError(f"not a JSON-RPC 2.0 message: {line[:500]!r}")
            return message

    def _handle_server_message(self, message: dict[str, Any]) -> None:
        if "id" not in message:
            self.notifications.append(message)
            return
        self.server_requests.append(message)
        if message["method"] == "ping":
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": {}})
        else:
            error = {"code": -32601, "message": f"method not found: {message['method']}"}
            self._send({"jsonrpc": "2.0", "id": message["id"], "error": error})

    def _exit_report(self) -> str:
        code = self.returncode
        state = "is still running" if code is None else f"exited with code {code}"
        return f"the MCP server {state}; its stderr ({self.stderr_path}):\n{self.stderr()}"
