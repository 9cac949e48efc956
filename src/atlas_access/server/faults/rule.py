"""One fault rule: which requests it matches and what it does to them (docs/faults.md).

``RuleIn`` is the document ``POST /api/local/v1/faults`` takes; ``parse`` checks it into a ``Rule``, refusing a
bad one with a 400 that names the attribute at fault. Nothing here speaks HTTP.
"""

import random
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from atlas_access.core.errors import CATALOG, ApiError, ErrorSpec
from atlas_access.core.ids import new_id
from atlas_access.server.wire.body import WireModel

__all__ = ["LOCAL_PREFIX", "MAX_DELAY_MS", "InjectedError", "Rule", "RuleIn", "parse"]

LOCAL_PREFIX = "/api/local/"  # the local API is never subject to faults
MAX_DELAY_MS = 60_000
MAX_RETRY_AFTER = 3_600
MAX_STALE_READS = 1_000
MAX_TIMES = 1_000_000
MAX_PARAMETERS = 20
MAX_TEXT = 1_000
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
RETRY_AFTER_STATUSES = (429, 503)

_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,99}")
_TEMPLATE = re.compile(r"(/([^/{}?#\s]|\{[^/{}?#\s]+\})*)+")
_PARAMETER = re.compile(r"\{[^/{}]+\}")


class RuleIn(WireModel):
    """The body of ``POST /api/local/v1/faults``; every attribute is described in docs/faults.md."""

    operationId: str | None = None
    method: str | None = None
    path: str | None = None
    status: int | None = None
    errorCode: str | None = None
    detail: str | None = None
    parameters: list[str | int] | None = None
    retryAfter: int | None = None
    delayMs: int | None = None
    staleReads: int | None = None
    probability: float = 1.0
    seed: int | None = None
    times: int | None = None


class InjectedError(ApiError):
    """The error a rule answers with: any ``errorCode``, in the catalog or not, with the rule's status and detail
    (the catalog's constructor would insist on a code it knows, and on that code's status)."""

    def __init__(
        self, code: str, status: int, detail: str, parameters: Sequence[object], headers: Mapping[str, str]
    ) -> None:
        super().__init__("UNEXPECTED_ERROR", detail=detail, headers=headers)
        self.code, self.status, self.parameters = code, status, list(parameters)


@dataclass(frozen=True, slots=True)
class Answer:
    """The error answer of a rule, once checked."""

    code: str
    status: int
    detail: str
    parameters: tuple[str | int, ...]
    retry_after: int | None

    def error(self) -> InjectedError:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        return InjectedError(self.code, self.status, self.detail, self.parameters, headers)


@dataclass(slots=True)
class Rule:
    """A checked rule and what it has done so far. Its owner (``Faults``) holds the lock around every use."""

    id: str
    operation_id: str | None
    method: str | None
    path: str | None
    pattern: re.Pattern[str] | None  # the path as a pattern: each {…} one segment
    answer: Answer | None
    delay_ms: int
    stale_reads: int | None
    probability: float
    seed: int
    times: int | None
    chance: random.Random
    matched: int = 0  # matching requests that drew a chance while the rule had uses left
    fired: int = 0
    stale_answers: int = 0  # reads answered as before a hidden write

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else self.times - self.fired

    def matches(self, method: str, path: str, operation_id: str | None) -> bool:
        if self.operation_id is not None:
            return operation_id == self.operation_id
        assert self.pattern is not None
        return method == self.method and self.pattern.fullmatch(path) is not None

    def draw(self) -> bool:
        """Whether the rule applies to one more matching request: never once used up; otherwise the next number
        of its seeded generator decides, so the same seed gives the same sequence of hits."""
        if self.remaining == 0:
            return False
        self.matched += 1
        return self.chance.random() < self.probability

    def view(self) -> dict[str, Any]:
        """The rule as the local API shows it."""
        shown: dict[str, Any] = {
            "id": self.id,
            "probability": self.probability,
            "seed": self.seed,
            "times": self.times,
            "remaining": self.remaining,
            "matched": self.matched,
            "fired": self.fired,
        }
        if self.operation_id is not None:
            shown["operationId"] = self.operation_id
        else:
            shown["method"], shown["path"] = self.method, self.path
        if self.answer is not None:
            answer = self.answer
            shown.update(errorCode=answer.code, status=answer.status, detail=answer.detail)
            shown["parameters"] = list(answer.parameters)
            if answer.retry_after is not None:
                shown["retryAfter"] = answer.retry_after
        if self.delay_ms:
            shown["delayMs"] = self.delay_ms
        if self.stale_reads is not None:
            shown.update(staleReads=self.stale_reads, staleAnswers=self.stale_answers)
        return shown


def parse(document: RuleIn, operations: Mapping[str, frozenset[str]]) -> Rule:
    """The rule ``document`` describes; ``operations`` maps each operation id the server serves to its methods.
    A bad document is a 400 naming the attribute at fault."""
    operation_id, method, path = _target(document, operations)
    answer = _answer(document)
    delay_ms = _bounded(document.delayMs, "delayMs", 0, MAX_DELAY_MS, "milliseconds") or 0
    stale_reads = _bounded(document.staleReads, "staleReads", 1, MAX_STALE_READS, "reads")
    if answer is None and not delay_ms and stale_reads is None:
        raise _refused(
            "MISSING_ATTRIBUTE",
            "errorCode",
            "A rule needs something to do: errorCode (an error answer), delayMs or staleReads.",
        )
    if stale_reads is not None:
        methods = operations[operation_id] if operation_id is not None else frozenset({method or ""})
        _check_hides_writes(document, methods)
    if not 0 < document.probability <= 1:  # NaN fails too
        raise _refused("INVALID_JSON_ATTRIBUTE", "probability", "probability must be more than 0 and at most 1.")
    seed = document.seed if document.seed is not None else secrets.randbits(32)
    if seed < 0:
        raise _refused("INVALID_JSON_ATTRIBUTE", "seed", "seed must be 0 or more.")
    return Rule(
        id=new_id(),
        operation_id=operation_id,
        method=method,
        path=path,
        pattern=_pattern(path) if path is not None else None,
        answer=answer,
        delay_ms=delay_ms,
        stale_reads=stale_reads,
        probability=document.probability,
        seed=seed,
        times=_bounded(document.times, "times", 1, MAX_TIMES, "requests"),
        chance=random.Random(seed),
    )


def _target(document: RuleIn, operations: Mapping[str, frozenset[str]]) -> tuple[str | None, str | None, str | None]:
    """Which requests: an operation id, or a method and a path (exact, or a template)."""
    if document.operationId is not None:
        if document.path is not None or document.method is not None:
            name = "path" if document.path is not None else "method"
            raise _refused(
                "INVALID_ATTRIBUTE", name, f"Give operationId, or method and path, not both ({name} was given)."
            )
        if document.operationId not in operations:
            raise _refused(
                "INVALID_JSON_ATTRIBUTE",
                "operationId",
                f"No operation {document.operationId} is served here: use the spec's operation ids of the "
                "operations this server serves, such as deleteOrgInvite.",
            )
        return document.operationId, None, None
    if document.path is None:
        raise _refused(
            "MISSING_ATTRIBUTE", "operationId", "A rule needs operationId, or method and path, to match requests."
        )
    if document.method is None:
        raise _refused("MISSING_ATTRIBUTE", "method", "A rule with a path needs its method as well.")
    method = document.method.upper()
    if method not in METHODS:
        raise _refused("INVALID_JSON_ATTRIBUTE", "method", f"method must be one of {', '.join(METHODS)}.")
    path = document.path
    if len(path) > 2048 or not _TEMPLATE.fullmatch(path):
        raise _refused(
            "INVALID_JSON_ATTRIBUTE",
            "path",
            "path must be a request path such as /api/atlas/v2/orgs/{orgId}/invites/{invitationId}: it starts "
            "with /, carries no query, and each {…} stands for one segment.",
        )
    if (path + "/").startswith(LOCAL_PREFIX):
        raise _refused("INVALID_JSON_ATTRIBUTE", "path", "The local API (/api/local/v1) is never subject to faults.")
    return None, method, path


def _answer(document: RuleIn) -> Answer | None:
    """The error answer: errorCode, with the catalog's status and detail when it has the code."""
    code = document.errorCode
    if code is None:
        for name in ("status", "detail", "parameters", "retryAfter"):
            if getattr(document, name) is not None:
                raise _refused("MISSING_ATTRIBUTE", "errorCode", f"{name} goes with an errorCode, which is missing.")
        return None
    if not _CODE.fullmatch(code):
        raise _refused(
            "INVALID_JSON_ATTRIBUTE",
            "errorCode",
            "errorCode must be upper-case letters, digits and _, such as "
            "RATE_LIMITED_TOKEN_BUCKET (at most 100 characters).",
        )
    known = CATALOG.get(code)
    status = document.status if document.status is not None else known.status if known is not None else None
    if status is None:
        raise _refused("MISSING_ATTRIBUTE", "status", f"{code} is not in the catalog: give its status and detail.")
    if not 400 <= status <= 599:
        raise _refused("INVALID_JSON_ATTRIBUTE", "status", "status must be an error status, from 400 to 599.")
    parameters = tuple(document.parameters or ())
    if len(parameters) > MAX_PARAMETERS or any(len(str(value)) > 200 for value in parameters):
        raise _refused(
            "INVALID_JSON_ATTRIBUTE", "parameters", f"At most {MAX_PARAMETERS} parameters of 200 characters each."
        )
    return Answer(code, status, _detail(document, known, parameters), parameters, _retry_after(document, status))


def _detail(document: RuleIn, known: ErrorSpec | None, parameters: tuple[str | int, ...]) -> str:
    if document.detail is not None:
        if not document.detail or len(document.detail) > MAX_TEXT:
            raise _refused("INVALID_JSON_ATTRIBUTE", "detail", f"detail must be 1 to {MAX_TEXT} characters.")
        return document.detail
    if known is None:
        raise _refused(
            "MISSING_ATTRIBUTE", "detail", f"{document.errorCode} is not in the catalog: give its status and detail."
        )
    holes = known.template.count("%s")
    if len(parameters) != holes:
        raise _refused(
            "MISSING_ATTRIBUTE",
            "detail",
            f"The catalog's detail of {known.code} has {holes} parameter(s): give that many parameters, or a detail.",
        )
    return str(ApiError(known.code, *parameters).detail)


def _retry_after(document: RuleIn, status: int) -> int | None:
    if document.retryAfter is None:
        return None
    if status not in RETRY_AFTER_STATUSES:
        raise _refused(
            "INVALID_ATTRIBUTE", "retryAfter", "retryAfter goes with status 429 or 503, the statuses that carry it."
        )
    return _bounded(document.retryAfter, "retryAfter", 0, MAX_RETRY_AFTER, "seconds")


def _check_hides_writes(document: RuleIn, methods: frozenset[str]) -> None:
    """A rule that hides writes from reads does only that, and matches writes."""
    for name in ("errorCode", "delayMs"):
        if getattr(document, name) is not None:
            raise _refused(
                "INVALID_ATTRIBUTE",
                name,
                f"staleReads hides a write that succeeds: it cannot go with {name}. Add a second rule for that.",
            )
    if "GET" in methods:
        raise _refused("INVALID_ATTRIBUTE", "staleReads", "staleReads applies to writes (POST, PUT, PATCH, DELETE).")


def _bounded(value: int | None, name: str, low: int, high: int, unit: str) -> int | None:
    if value is not None and not low <= value <= high:
        raise _refused("INVALID_JSON_ATTRIBUTE", name, f"{name} must be from {low} to {high} ({unit}).")
    return value


def _pattern(path: str) -> re.Pattern[str]:
    """``/orgs/{orgId}/invites`` -> a pattern where each ``{…}`` is one non-empty segment (or part of one)."""
    return re.compile("[^/]+".join(re.escape(part) for part in _PARAMETER.split(path)))


def _refused(code: str, name: str, text: str) -> ApiError:
    return ApiError(code, name, detail=text, fields=[(name, text)])
