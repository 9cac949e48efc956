"""``GET /api/local/v1/health``: what a CI ``wait-for`` polls. No credentials; 200 once the database answers a
read, 503 in the catalog's form when it does not; served with the local control API off too; ``HEAD`` alike."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from atlas_access import __version__
from atlas_access.server.runtime import OpenedServer
from atlas_access.store.database import Database
from support.in_process import ask, opened_without_local_api
from support.server import LocalServer

HEALTH = "/api/local/v1/health"
SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.fixture
def in_process(tmp_path: Path) -> Iterator[OpenedServer]:
    """The application without the local control API (``serve --no-local-api``), reached in process."""
    with opened_without_local_api(tmp_path / "data") as opened:
        yield opened


def test_health_answers_ok_without_credentials(server: LocalServer) -> None:
    response = httpx.get(server.base_url + HEALTH)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    for name, value in SECURITY.items():
        assert response.headers[name] == value


def test_head_answers_the_same_without_a_body(server: LocalServer) -> None:
    got = httpx.get(server.base_url + HEALTH)
    head = httpx.head(server.base_url + HEALTH)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-type"] == "application/json"


def test_credentials_are_neither_needed_nor_checked(server: LocalServer) -> None:
    response = httpx.get(server.base_url + HEALTH, headers={"Authorization": "Bearer not-the-admin-token"})
    assert response.status_code == 200


def test_other_methods_are_405_with_allow(server: LocalServer) -> None:
    response = httpx.post(server.base_url + HEALTH)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.json()["errorCode"] == "METHOD_NOT_ALLOWED"


def test_served_with_the_local_api_off(in_process: OpenedServer) -> None:
    health, clock = ask(in_process, ("GET", HEALTH), ("GET", "/api/local/v1/clock"))
    assert (health.status_code, health.json()["status"]) == (200, "ok")
    assert (clock.status_code, clock.json()["errorCode"]) == (404, "RESOURCE_NOT_FOUND")


def test_503_while_the_database_does_not_answer_then_200(in_process: OpenedServer) -> None:
    working = in_process.state.db
    unreachable = Database("postgresql://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    in_process.state.db = unreachable
    try:
        down, down_head = ask(in_process, ("GET", HEALTH), ("HEAD", HEALTH))
    finally:
        in_process.state.db = working
        unreachable.dispose()
    assert down.status_code == 503
    assert down.headers["x-error-code"] == "SERVICE_UNAVAILABLE"
    assert down.headers["content-type"] == "application/json"
    assert down.json() == {
        "detail": "The server's database does not answer.",
        "error": 503,
        "errorCode": "SERVICE_UNAVAILABLE",
        "parameters": [],
        "reason": "Service Unavailable",
    }
    assert "nobody" not in down.text  # nothing about the database
    assert down_head.status_code == 503
    (up,) = ask(in_process, ("GET", HEALTH))
    assert up.status_code == 200
