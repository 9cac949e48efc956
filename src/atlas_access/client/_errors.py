"""One exception root for error responses of the Admin API, and one function that picks its class.

``str(error)`` is the Go SDK's wording, which the real Atlas CLI prints for its hand-written commands:
``https://cloud.mongodb.com/api/atlas/v2/... DELETE: HTTP 404 Not Found (Error code: "INVALID_INVITATION_ID")
Detail: ... Reason: Not Found. Params: [...]``.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = [
    "AtlasError",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "NotFound",
    "RateLimited",
    "ServerError",
    "Unauthorized",
    "error_for",
]


class AtlasError(Exception):
    """An error response: ``status``, ``error_code``, ``detail``, ``reason``, ``parameters`` from the body,
    the request id (``X-Request-Id``, if sent) and the raw ``response``."""

    def __init__(self, response: httpx.Response, body: Any) -> None:
        fields = body if isinstance(body, dict) else {}
        self.response = response
        self.status: int = response.status_code
        self.error_code: str | None = _text(fields.get("errorCode"))
        self.detail: str | None = _text(fields.get("detail"))
        self.reason: str | None = _text(fields.get("reason"))
        raw_parameters = fields.get("parameters")
        self.parameters: list[Any] = list(raw_parameters) if isinstance(raw_parameters, list) else []
        self.request_id: str | None = response.headers.get("x-request-id")
        super().__init__(self._message())

    def _message(self) -> str:
        request = self.response.request
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = ""
        params = " ".join(str(p) for p in self.parameters)
        where = f"{request.url.copy_with(query=None)} {request.method}"
        return (
            f'{where}: HTTP {self.status} {phrase} (Error code: "{self.error_code or ""}") '
            f"Detail: {self.detail or ''} Reason: {self.reason or phrase}. Params: [{params}]"
        )


class BadRequest(AtlasError):
    """400."""


class Unauthorized(AtlasError):
    """401."""


class Forbidden(AtlasError):
    """403."""


class NotFound(AtlasError):
    """404."""


class Conflict(AtlasError):
    """409."""


class RateLimited(AtlasError):
    """429; ``retry_after`` is the ``Retry-After`` header in seconds (``None`` if absent)."""

    @property
    def retry_after(self) -> float | None:
        value = self.response.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


class ServerError(AtlasError):
    """5xx."""


_BY_STATUS: dict[int, type[AtlasError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def error_for(response: httpx.Response) -> AtlasError:
    """The exception for an error response (its body read as JSON if it is JSON)."""
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    status = response.status_code
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else AtlasError)
    return cls(response, body)
