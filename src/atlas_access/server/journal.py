"""The request journal: the requests this server process answered, newest last, kept in memory (docs/journal.md).

As in WireMock's request journal, a test or a developer asks what arrived, who sent it, how it was answered and,
for a 401, why: the wire says only "You are not authorized", as MongoDB Cloud does, and the journal says which
credential was refused and for what (``Refusal``). It is bounded (the oldest entries go first) and holds no
secret: no header values, no bodies, and the request target masked as the access log masks it
(``server.access_log``): an invitee page's token cut to four characters, a secret query parameter's value gone.

While a request is answered, whoever learns something about it (the pipeline: the operation, the API version,
the caller; authentication: why it refused) writes it on the request's ``Note``, which the request chain
(``server.chain``) puts in the ASGI scope and reads once the answer is sent.
"""

import itertools
import threading
from collections import deque
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from atlas_access.core.errors import ApiError
from atlas_access.server.access_log import redact_target
from atlas_access.server.auth.authenticate import Authenticated
from atlas_access.server.auth.principal import AuthenticationRequired, Principal, Refusal

__all__ = ["DEFAULT_CAPACITY", "NOTE", "Entry", "Filter", "Journal", "Note", "note"]

DEFAULT_CAPACITY = 1000
NOTE = "atlas_access.journal.note"  # the key of a request's Note in its ASGI scope


@dataclass(slots=True)
class Note:
    """What answering one request found out, for its entry (all optional: most requests learn only some)."""

    operation_id: str | None = None
    version: str | None = None  # the API version the request resolved to (Atlas v2)
    principal: str | None = None  # an API key's public key or a service account's client id, never a secret
    principal_type: str | None = None  # API_KEY, SERVICE_ACCOUNT
    clock: float | None = None  # the server clock the request was served at, when it was read
    error_code: str | None = None  # for answers without X-Error-Code (OAuth's ``error``)
    refusal: Refusal | None = None  # why a 401 refused the credentials
    recorded: bool = True  # the journal's own reads and clears are not

    def caller(self, principal: Principal) -> None:
        self.principal, self.principal_type = principal.name, principal.kind

    def authenticated(self, caller: Authenticated) -> None:
        self.caller(caller.principal)
        self.clock = caller.clock

    def failed(self, problem: ApiError) -> None:
        """An error answer: a refused credential says why, and which real credential it was if it was one."""
        if isinstance(problem, AuthenticationRequired):
            self.refusal = problem.refusal
            if problem.offered is not None:
                self.caller(problem.offered)


def note(scope: MutableMapping[str, Any]) -> Note:
    """The note of the request of this ASGI scope (a detached one when no journal records it)."""
    found = scope.get(NOTE)
    return found if isinstance(found, Note) else Note()


@dataclass(frozen=True, slots=True)
class Entry:
    """One request in the journal (which keeps the tuple of these fields, in this order, until it is read)."""

    id: int  # increasing, never reused in one process (clearing keeps counting)
    time: float  # when the request arrived, by the real clock
    server_time: float  # the same moment by the server clock (docs/wire.md §10)
    method: str
    path: str  # masked
    query: str  # masked, without the "?"
    operation_id: str | None
    version: str | None
    principal: str | None
    principal_type: str | None
    status: int
    error_code: str | None
    auth_failure: str | None
    duration_ms: float

    def view(self) -> dict[str, Any]:
        """The entry as ``GET /api/local/v1/requests`` shows it."""
        return {
            "id": self.id,
            "time": _iso(self.time),
            "serverTime": _iso(self.server_time),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "operationId": self.operation_id,
            "version": self.version,
            "principal": self.principal,
            "principalType": self.principal_type,
            "status": self.status,
            "errorCode": self.error_code,
            "authFailure": self.auth_failure,
            "durationMs": self.duration_ms,
        }


def _iso(seconds: float) -> str:
    """``2026-08-10T03:03:37.123Z``"""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True, slots=True)
class Filter:
    """Which entries to show; every field given must match. ``status`` is three characters, ``x`` matching any
    digit (``401``, ``4xx``). ``principal`` matches the principal or its type, or ``none`` an entry without one."""

    operation_id: str | None = None
    method: str | None = None
    path_prefix: str | None = None
    status: str | None = None
    error_code: str | None = None
    principal: str | None = None
    since_id: int | None = None  # entries after this one
    since_time: float | None = None  # entries that arrived at or after this real time
    limit: int | None = None  # the newest this many, or with ``since_*`` the oldest this many after it

    def matches(self, entry: Entry) -> bool:
        return (
            (self.operation_id is None or entry.operation_id == self.operation_id)
            and (self.method is None or entry.method == self.method.upper())
            and (self.path_prefix is None or entry.path.startswith(self.path_prefix))
            and (self.status is None or _status_matches(self.status, entry.status))
            and (self.error_code is None or entry.error_code == self.error_code)
            and (self.principal is None or _principal_matches(self.principal, entry))
            and (self.since_id is None or entry.id > self.since_id)
            and (self.since_time is None or entry.time >= self.since_time)
        )

    @property
    def follows(self) -> bool:
        return self.since_id is not None or self.since_time is not None


def _status_matches(pattern: str, status: int) -> bool:
    shown = str(status)
    return len(pattern) == len(shown) and all(
        wanted in ("x", digit) for wanted, digit in zip(pattern.lower(), shown, strict=False)
    )


def _principal_matches(wanted: str, entry: Entry) -> bool:
    if wanted == "none":
        return entry.principal is None
    return wanted in (entry.principal, entry.principal_type)


class Journal:
    """The newest ``capacity`` requests this process answered."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("a journal holds at least one entry")
        # Each entry as the tuple of its fields (an ``Entry`` is made when it is read: most never are).
        self._entries: deque[tuple[Any, ...]] = deque(maxlen=capacity)
        self._ids = itertools.count(1)
        self._last_id = 0
        self._offset = 0  # the server clock's offset, as last seen
        self._lock = threading.Lock()

    @property
    def capacity(self) -> int:
        assert self._entries.maxlen is not None
        return self._entries.maxlen

    @property
    def last_id(self) -> int:
        """The id of the newest entry ever recorded (0 before the first), whether cleared or not."""
        return self._last_id

    def saw_clock_offset(self, offset: int) -> None:
        """The server clock moved (the local API): entries of requests that do not read it use this offset."""
        self._offset = offset

    def record(
        self,
        *,
        started: float,
        method: str,
        target: str,
        status: int,
        error_code: str | None,
        duration: float,
        noted: Note,
    ) -> int:
        """Add the entry of a request that arrived at ``started`` (real clock) for ``target`` (its path and query
        as on the request line), answered with ``status`` after ``duration`` seconds; its id."""
        path, _, query = redact_target(target).partition("?")
        if noted.clock is not None:
            self._offset = round(noted.clock - started)
        with self._lock:
            self._last_id = entry_id = next(self._ids)
            self._entries.append(
                (
                    entry_id,
                    started,
                    started + self._offset,
                    method,
                    path,
                    query,
                    noted.operation_id,
                    noted.version,
                    noted.principal,
                    noted.principal_type,
                    status,
                    noted.error_code or error_code,
                    noted.refusal.value if noted.refusal is not None else None,
                    round(duration * 1000, 3),
                )
            )
        return entry_id

    def entries(self, chosen: Filter | None = None) -> list[Entry]:
        """The entries ``chosen`` matches, oldest first."""
        chosen = chosen or Filter()
        with self._lock:
            kept = [Entry(*fields) for fields in self._entries]
        found = [entry for entry in kept if chosen.matches(entry)]
        if chosen.limit is None:
            return found
        return found[: chosen.limit] if chosen.follows else found[-chosen.limit :]

    def clear(self) -> int:
        """Forget every entry (ids keep counting); how many there were."""
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
        return count
