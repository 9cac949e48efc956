"""The request chain (``server.chain``): what every answer gets on its way out, also when a handler fails outside
the pipeline (which answers its own errors), and the routes' 405 and 404."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from atlas_access.server.app import PathHandlers
from atlas_access.server.runtime import OpenedServer
from atlas_access.server.state import ServerState
from support.in_process import ask, opened_without_local_api

SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-permitted-cross-domain-policies": "none",
}
IPINFO = "/api/private/ipinfo"
HEALTH = "/api/local/v1/health"


@pytest.fixture
def in_process(tmp_path: Path) -> Iterator[OpenedServer]:
    with opened_without_local_api(tmp_path / "data") as opened:
        yield opened


def _ask(opened: OpenedServer, *calls: tuple[str, str]) -> list[httpx.Response]:
    return ask(opened, *calls, raise_app_exceptions=False)  # the chain lets a failure go on to the log


def _handlers_of(opened: OpenedServer, path: str) -> PathHandlers:
    route = next(route for route in opened.app.routes if getattr(route, "path", None) == path)
    handlers = getattr(route, "app", None)
    assert isinstance(handlers, PathHandlers)
    return handlers


def test_a_handler_that_fails_outside_the_pipeline_gets_the_catalogs_500_with_every_header(
    in_process: OpenedServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode(_state: ServerState, _request: Request) -> Response:
        raise RuntimeError("secret internals at /srv/handler.py line 7")

    monkeypatch.setitem(_handlers_of(in_process, IPINFO).handlers, "GET", explode)
    with caplog.at_level(logging.ERROR, logger="atlas_access.server"):
        failed, after = _ask(in_process, ("GET", IPINFO), ("GET", HEALTH))
    assert failed.status_code == 500
    assert failed.json() == {
        "detail": "Unexpected error.",
        "error": 500,
        "errorCode": "UNEXPECTED_ERROR",
        "parameters": [],
        "reason": "Internal Server Error",
    }
    assert b"secret internals" not in failed.content and b"RuntimeError" not in failed.content
    assert failed.headers["x-error-code"] == "UNEXPECTED_ERROR"
    for name, value in SECURITY.items():
        assert failed.headers[name] == value
    assert any(failed.headers["x-request-id"] in record.getMessage() for record in caplog.records)
    assert after.status_code == 200  # the server goes on answering
    journal = [(entry.path, entry.status, entry.error_code) for entry in in_process.state.journal.entries()]
    assert journal == [(IPINFO, 500, "UNEXPECTED_ERROR")]  # (the health route is not journaled)


def test_a_method_a_path_does_not_serve_is_405_with_the_allow_list_and_a_journal_entry(
    in_process: OpenedServer,
) -> None:
    (refused,) = _ask(in_process, ("PUT", IPINFO))
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET"
    assert refused.json()["errorCode"] == "METHOD_NOT_ALLOWED"
    for name, value in SECURITY.items():
        assert refused.headers[name] == value
    (entry,) = in_process.state.journal.entries()
    assert (entry.method, entry.path, entry.status, entry.error_code) == ("PUT", IPINFO, 405, "METHOD_NOT_ALLOWED")


def test_a_path_no_route_serves_is_the_catalogs_404(in_process: OpenedServer) -> None:
    (missing,) = _ask(in_process, ("GET", "/api/atlas/v2/nothing/here"))
    assert missing.status_code == 404
    assert missing.json()["errorCode"] == "RESOURCE_NOT_FOUND"
    assert missing.headers["x-content-type-options"] == "nosniff"
    (entry,) = in_process.state.journal.entries()
    assert (entry.status, entry.error_code) == (404, "RESOURCE_NOT_FOUND")


def test_what_a_gets_path_matched_is_kept_each_request_gets_its_own_parameters(in_process: OpenedServer) -> None:
    """``RequestChain.match`` keeps a GET's route by its path, bounded; writes and long paths are matched each time."""
    from atlas_access.server import chain as chain_module
    from atlas_access.server.chain import RequestChain

    chain = in_process.app.build_middleware_stack()
    assert isinstance(chain, RequestChain)
    path = "/api/atlas/v2/orgs/5f0000000000000000000001/invites/5f0000000000000000000002"
    first = chain.match({"type": "http", "method": "GET", "path": path})
    assert first is not None
    first[1]["invitationId"] = "changed by its request"  # a handler's copy: nothing kept moves
    second = chain.match({"type": "http", "method": "GET", "path": path})
    assert second is not None and second[0] is first[0]
    assert second[1] == {"orgId": "5f0000000000000000000001", "invitationId": "5f0000000000000000000002"}
    assert path in chain._matched
    write = path.replace("0002", "0003")
    deleted = chain.match({"type": "http", "method": "DELETE", "path": write})
    assert deleted is not None and deleted[1]["invitationId"] == "5f0000000000000000000003"
    assert write not in chain._matched
    long = "/api/atlas/v2/orgs/" + "a" * chain_module.LONGEST_KEPT_PATH
    matched = chain.match({"type": "http", "method": "GET", "path": long})  # getOrg's route, an id it refuses
    assert matched is not None and matched[1] == {"orgId": "a" * chain_module.LONGEST_KEPT_PATH}
    assert long not in chain._matched
    for number in range(chain_module.MATCHES_KEPT + 1):
        chain.match({"type": "http", "method": "GET", "path": f"/api/atlas/v2/orgs/{number:024x}"})
    assert len(chain._matched) <= chain_module.MATCHES_KEPT
