"""Checks of API answers that many tests make."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["expect_error"]


def expect_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """An error answer with this status and errorCode (body, ``X-Error-Code`` and JSON Content-Type); its body."""
    assert response.status_code == status, response.text
    assert response.headers["x-error-code"] == code
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["errorCode"] == code
    return body
