"""``respond.Rendered``: an answer rendered already (a guarded read's kept answer) is sent as it was rendered, and
the same as its body would be when ``?envelope`` or ``?pretty`` asks for another rendering."""

from __future__ import annotations

from typing import Any

import pytest

from atlas_access.server.wire import render, respond

BODY: dict[str, Any] = {"username": "b@example.com", "roles": ["ORG_MEMBER"], "id": "5f0000000000000000000002"}
MEDIA = "application/vnd.atlas.2023-01-01+json;charset=utf-8"


def _answer(body: Any, *, pretty: bool = False, envelope: bool = False) -> tuple[int, bytes, list[Any]]:
    made = respond.success(body, 200, media_type=MEDIA, headers={"Sunset": "x"}, pretty=pretty, envelope=envelope)
    return made.status_code, bytes(made.body), made.raw_headers


@pytest.mark.parametrize(("pretty", "envelope"), [(False, False), (True, False), (False, True), (True, True)])
def test_a_rendered_body_is_answered_as_its_body_would_be(pretty: bool, envelope: bool) -> None:
    rendered = respond.Rendered(render.to_json(BODY))
    assert _answer(rendered, pretty=pretty, envelope=envelope) == _answer(BODY, pretty=pretty, envelope=envelope)


def test_a_rendered_body_is_sent_as_it_was_rendered() -> None:
    rendered = respond.Rendered(b'{"id":"5f0000000000000000000002","roles":["ORG_MEMBER"],"username":"b@example.com"}')
    status, body, headers = _answer(rendered)
    assert (status, body) == (200, bytes(rendered))
    assert (b"content-length", str(len(rendered)).encode()) in headers
