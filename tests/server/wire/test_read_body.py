"""``read_body`` reads a request's body from the ASGI ``receive`` as Starlette's ``Request.stream`` does: every
chunk in order, 413 past 1 MiB whether declared or streamed, ``ClientDisconnect`` when the client goes away."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.requests import ClientDisconnect, Request

from atlas_access.core.errors import ApiError
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire.endpoint import read_body


def _request(messages: list[dict[str, Any]], headers: list[tuple[bytes, bytes]] | None = None) -> Request:
    pending = list(messages)

    async def receive() -> dict[str, Any]:
        return pending.pop(0)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers or [], "query_string": b""}
    return Request(scope, receive)


def _read(request: Request) -> bytes:
    return asyncio.run(read_body(request))


def test_chunks_are_joined_in_order_and_other_messages_are_passed_over() -> None:
    request = _request(
        [
            {"type": "http.request", "body": b'{"user', "more_body": True},
            {"type": "http.request", "more_body": True},  # no body at all
            {"type": "something.else"},
            {"type": "http.request", "body": b'name":"a@example.com"}', "more_body": False},
        ]
    )
    assert _read(request) == b'{"username":"a@example.com"}'


def test_a_body_without_messages_of_more_is_one_chunk_or_empty() -> None:
    assert _read(_request([{"type": "http.request", "body": b"{}"}])) == b"{}"
    assert _read(_request([{"type": "http.request"}])) == b""


def test_a_client_that_goes_away_is_a_client_disconnect() -> None:
    request = _request([{"type": "http.request", "body": b"{", "more_body": True}, {"type": "http.disconnect"}])
    with pytest.raises(ClientDisconnect):
        _read(request)


def test_past_one_mebibyte_is_413_declared_or_streamed() -> None:
    declared = _request([], [(b"content-length", str(bodies.MAX_BODY_BYTES + 1).encode())])
    streamed = _request(
        [
            {"type": "http.request", "body": b"x" * bodies.MAX_BODY_BYTES, "more_body": True},
            {"type": "http.request", "body": b"x", "more_body": False},
        ]
    )
    for request in (declared, streamed):
        with pytest.raises(ApiError) as refused:
            _read(request)
        assert refused.value.code == "REQUEST_TOO_LARGE"
    exact = _request([{"type": "http.request", "body": b"x" * bodies.MAX_BODY_BYTES}])
    assert len(_read(exact)) == bodies.MAX_BODY_BYTES


def test_a_reader_of_its_own_limit_refuses_past_it_with_its_own_error() -> None:
    """The snapshot import and the invitee's page read bodies the same way, with their own limits; the page
    answers its own error, not the API's."""

    class TooLarge(Exception):
        pass

    declared = _request([], [(b"content-length", b"11")])
    streamed = _request(
        [
            {"type": "http.request", "body": b"x" * 6, "more_body": True},
            {"type": "http.request", "body": b"x" * 5, "more_body": False},
        ]
    )
    for request in (declared, streamed):
        with pytest.raises(TooLarge):
            asyncio.run(read_body(request, 10, TooLarge))
    with pytest.raises(ApiError) as refused:
        asyncio.run(read_body(_request([{"type": "http.request", "body": b"x" * 11}]), 10))
    assert refused.value.code == "REQUEST_TOO_LARGE" and refused.value.parameters == [10]
    assert asyncio.run(read_body(_request([{"type": "http.request", "body": b"x" * 10}]), 10)) == b"x" * 10
