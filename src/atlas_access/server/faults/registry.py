"""The fault rules of one server process (docs/faults.md): kept in memory in the order they were added, used by
the request hook (``inject``) and the pipeline (``wire.endpoint``), changed by the local API.

Every use of a rule (its chance, its counts) and of the hidden writes' windows happens under one lock: requests
are answered on the event loop and, on PostgreSQL, in worker threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from atlas_access.core.errors import ApiError
from atlas_access.server.faults.hiding import SNAPSHOT, Pending, ReadNow, hide
from atlas_access.server.faults.rule import MAX_DELAY_MS, Rule, RuleIn, parse
from atlas_access.server.wire.target import sent_path

if TYPE_CHECKING:
    from atlas_access.server.wire.endpoint import Endpoint, Reply

__all__ = ["MAX_RULES", "Drawn", "Faults"]

MAX_RULES = 1_000
MAX_WINDOWS = 10_000  # reads answered as before a hidden write, at once (the oldest go first)
HIDER = "atlas_access.faults.hider"  # the ASGI scope's key of the rule hiding a write
PENDING = "atlas_access.faults.pending"  # ... and of what its reads answered before it
_QUERY_KEPT = frozenset({"pretty", "envelope"})  # a read with any other query parameter is answered live

WindowKey = tuple[str, "str | None", str]  # the read's path as sent, its API version, the caller's id


@dataclass(frozen=True, slots=True)
class Drawn:
    """What the rules do to one request: wait ``delay`` seconds, then answer ``error``, or let it through
    (marked as a write to hide when ``hider`` is a rule's id)."""

    delay: float
    error: ApiError | None
    hider: str | None
    operation_id: str | None


@dataclass(slots=True)
class _Window:
    rule_id: str
    left: int
    answer: Reply | ApiError


class Faults:
    """The rules, what they have done, and the reads still answering as before a hidden write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._windows: dict[WindowKey, _Window] = {}
        self._served: dict[tuple[str, str], Endpoint] = {}  # (method, path template) -> endpoint
        self._reads: dict[str, Endpoint] = {}  # path template -> its GET endpoint
        self._operations: dict[str, frozenset[str]] = {}  # operation id -> its methods

    def learn(self, endpoints: Iterable[Endpoint]) -> None:
        """The endpoints the server serves: their operation ids, and the reads a hidden write hides."""
        served = list(endpoints)
        self._served = {(endpoint.method, endpoint.path): endpoint for endpoint in served}
        self._reads = {endpoint.path: endpoint for endpoint in served if endpoint.method == "GET"}
        methods: dict[str, set[str]] = {}
        for endpoint in served:
            methods.setdefault(endpoint.operation_id, set()).add(endpoint.method)
        self._operations = {name: frozenset(found) for name, found in methods.items()}

    # --- the local API ---------------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return bool(self._rules)

    def add(self, document: RuleIn) -> dict[str, Any]:
        rule = parse(document, self._operations)
        with self._lock:
            if len(self._rules) >= MAX_RULES:
                raise ApiError(
                    "VALIDATION_ERROR", detail=f"At most {MAX_RULES} fault rules at once: remove some first."
                )
            self._rules.append(rule)
            return rule.view()

    def views(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.view() for rule in self._rules]

    def remove(self, rule_id: str) -> dict[str, Any] | None:
        """Remove a rule and end what it does (reads still answering as before its writes answer live again)."""
        with self._lock:
            found = next((rule for rule in self._rules if rule.id == rule_id), None)
            if found is None:
                return None
            self._rules.remove(found)
            self._windows = {key: kept for key, kept in self._windows.items() if kept.rule_id != rule_id}
            return found.view()

    def clear(self) -> list[dict[str, Any]]:
        """Remove every rule (``DELETE /faults``, and every reset)."""
        with self._lock:
            removed, self._rules, self._windows = self._rules, [], {}
            return [rule.view() for rule in removed]

    # --- requests --------------------------------------------------------------------------------------------

    def draw(self, method: str, path: str, template: str) -> Drawn | None:
        """What the rules do to a request for ``path`` (as sent) that the route ``template`` serves; None when no
        rule fires. Each matching rule with uses left draws its chance, in the order the rules were added, until
        one answers with an error; the delays of those that fire add up (at most ``MAX_DELAY_MS``)."""
        served = self._served.get((method, template))
        operation_id = served.operation_id if served is not None else None
        delay_ms, error, hider = 0, None, None
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path, operation_id) or not rule.draw():
                    continue
                if rule.stale_reads is not None:  # fires once the write has succeeded (``written``)
                    hider = hider or rule.id
                    continue
                rule.fired += 1
                delay_ms += rule.delay_ms
                if rule.answer is not None:
                    error = rule.answer.error()
                    break
        if not delay_ms and error is None and hider is None:
            return None
        return Drawn(min(delay_ms, MAX_DELAY_MS) / 1000, error, hider if error is None else None, operation_id)

    def mark(self, scope: MutableMapping[str, Any], drawn: Drawn) -> None:
        if drawn.hider is not None:
            scope[HIDER] = drawn.hider

    def handle(
        self,
        scope: MutableMapping[str, Any],
        endpoint: Endpoint,
        principal_id: str,
        handler: Callable[[], Reply],
        read_now: ReadNow,
    ) -> Reply:
        """Run a request's handler; for a write a rule hides, also note what the reads it hides answer without
        it (``hiding.hide``), for ``written``."""
        hider = scope.get(HIDER)
        if hider is None or endpoint.method == "GET":
            return handler()
        params = scope.get("path_params", {})
        reply, scope[PENDING] = hide(
            hider, principal_id, endpoint, sent_path(scope), params, self._reads, handler, read_now
        )
        return reply

    def written(self, scope: MutableMapping[str, Any], status: int) -> None:
        """A write has been answered with ``status`` and committed: if a rule hides it, the reads it hides answer
        as before it for their next ``staleReads`` times."""
        pending: Pending | None = scope.get(PENDING)
        if pending is None or status >= 300 or not pending.seen:
            return
        with self._lock:
            rule = next((rule for rule in self._rules if rule.id == pending.rule_id), None)
            if rule is None or rule.stale_reads is None or rule.remaining == 0:
                return
            rule.fired += 1
            for path, (version, answer) in pending.seen:
                key = (path, version, pending.principal_id)
                self._windows.pop(key, None)  # a newer window goes last, so the oldest go first
                self._windows[key] = _Window(rule.id, rule.stale_reads, answer)
            while len(self._windows) > MAX_WINDOWS:
                del self._windows[next(iter(self._windows))]

    def seen_before(self, scope: MutableMapping[str, Any], principal_id: str, version: str | None) -> Reply | None:
        """For a GET that a hidden write hides from this caller: the reply it answered before the write (its
        error is raised); else None, and the read is answered live."""
        if not self._windows or scope.get(SNAPSHOT):
            return None
        query = (scope.get("query_string") or b"").decode("latin-1")
        if any(name not in _QUERY_KEPT for name, _ in parse_qsl(query, keep_blank_values=True)):
            return None
        key = (sent_path(scope), version, principal_id)
        with self._lock:
            window = self._windows.get(key)
            if window is None:
                return None
            window.left -= 1
            if window.left == 0:
                del self._windows[key]
            rule = next((rule for rule in self._rules if rule.id == window.rule_id), None)
            if rule is not None:
                rule.stale_answers += 1
        if isinstance(window.answer, ApiError):
            raise window.answer.with_traceback(None)
        return window.answer
