"""Error responses as exceptions: one root, one mapping, the Go SDK's message."""

from __future__ import annotations

import json

import httpx
import pytest

from atlas_access.client import (
    AtlasError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    error_for,
)

URL = "https://cloud.mongodb.com/api/atlas/v2/orgs/4888442a3354817a7320eb61/invites/6a793f89c0eb9e7a177165b6"


def _response(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers, request=httpx.Request("DELETE", URL))


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequest), (401, Unauthorized), (403, Forbidden), (404, NotFound), (409, Conflict), (429, RateLimited),
     (500, ServerError), (503, ServerError), (410, AtlasError)],
)  # fmt: skip
def test_one_function_picks_the_class(status: int, cls: type[AtlasError]) -> None:
    error = error_for(_response(status, {"errorCode": "X"}))
    assert type(error) is cls and isinstance(error, AtlasError)
    assert error.status == status


def test_fields_and_the_go_sdk_message() -> None:
    body = {
        "detail": "The invitation you tried to delete does not exist or has already been accepted.",
        "error": 404,
        "errorCode": "INVALID_INVITATION_ID",
        "parameters": ["6a793f89c0eb9e7a177165b6"],
        "reason": "Not Found",
    }
    error = error_for(_response(404, body, {"X-Request-Id": "r-1"}))
    assert (error.error_code, error.reason, error.parameters, error.request_id) == (
        "INVALID_INVITATION_ID",
        "Not Found",
        ["6a793f89c0eb9e7a177165b6"],
        "r-1",
    )
    assert str(error) == (
        f'{URL} DELETE: HTTP 404 Not Found (Error code: "INVALID_INVITATION_ID") Detail: {body["detail"]} '
        "Reason: Not Found. Params: [6a793f89c0eb9e7a177165b6]"
    )


def test_a_body_that_is_not_json_still_gives_an_error() -> None:
    error = error_for(_response(502, b"<html>bad gateway</html>"))
    assert isinstance(error, ServerError)
    assert error.error_code is None and error.parameters == []


def test_retry_after() -> None:
    error = error_for(_response(429, {"errorCode": "RATE_LIMITED"}, {"Retry-After": "7"}))
    assert isinstance(error, RateLimited) and error.retry_after == 7.0
