"""Checks of API answers that many tests make."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from support.server import LocalServer

__all__ = ["comparable", "expect_error"]


def expect_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """An error answer with this status and errorCode (body, ``X-Error-Code`` and JSON Content-Type); its body."""
    assert response.status_code == status, response.text
    assert response.headers["x-error-code"] == code
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["errorCode"] == code
    return body


_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{24}(?![0-9a-f])")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_NONCE = re.compile(r'nonce="[^"]*"')


def comparable(response: httpx.Response, server: LocalServer) -> tuple[Any, ...]:
    """What a client sees of an answer, with what differs between two servers anyway (ids, times, ports) masked:
    for tests that hold two servers' answers equal."""
    text = masked(response.text, server)
    kept = ("content-type", "x-error-code", "deprecation", "sunset", "www-authenticate", "ratelimit-limit")
    headers = {name: _NONCE.sub("NONCE", response.headers[name]) for name in kept if name in response.headers}
    return response.status_code, text, headers


def masked(text: str, server: LocalServer) -> str:
    """``text`` with the server's address and API key, and every id and time, masked."""
    text = text.replace(server.base_url, "BASE").replace(server.bootstrap["publicKey"], "KEY")
    return _TIME.sub("TIME", _ID.sub("ID", text))
