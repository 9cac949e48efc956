"""``GET /``: what this server is, its APIs and their base paths, its version and where the docs are; HTML for a
browser, JSON for ``Accept: application/json``, plain text for curl; the security headers every answer carries."""

from __future__ import annotations

import re
from pathlib import Path

import anyio
import httpx
import pytest

from atlas_access import __version__
from atlas_access.server.routes.home import chosen_type
from atlas_access.server.runtime import ServerConfig, open_server
from support.server import LocalServer

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
BASE_PATHS = ("/api/atlas/v2", "/api/public/v1.0", "/api/oauth/token", "/api/local/v1", "/api/local/v1/health")
DOCS = ("README.md", "docs/wire.md", "docs/design.md", "docs/fixtures.md")
SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "x-permitted-cross-domain-policies": "none",
}
_HOST_NAME = re.compile(r"\b[a-z0-9-]+\.(?:com|org|net|io)\b")


def _says_what_it_is(text: str) -> None:
    assert __version__ in text
    for path in (*BASE_PATHS, *DOCS):
        assert path in text, path
    assert not _HOST_NAME.search(text), _HOST_NAME.search(text)  # no external host names, only the repo's pages


def test_curl_gets_plain_text(server: LocalServer) -> None:
    response = httpx.get(server.base_url + "/", headers={"Accept": "*/*"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    assert response.text.startswith(f"atlas-access {__version__}\n")
    _says_what_it_is(response.text)
    for name, value in SECURITY.items():
        assert response.headers[name] == value


def test_no_accept_header_gets_plain_text(server: LocalServer) -> None:
    response = httpx.get(server.base_url + "/", headers={"Accept": ""})
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_a_browser_gets_a_page(server: LocalServer) -> None:
    response = httpx.get(server.base_url + "/", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!doctype html>")
    assert "<title>About this server · atlas-access</title>" in response.text
    assert "<script" not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    _says_what_it_is(response.text)
    for name, value in SECURITY.items():
        assert response.headers[name] == value


def test_json_for_application_json(server: LocalServer) -> None:
    response = httpx.get(server.base_url + "/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    about = response.json()
    assert (about["name"], about["version"], about["health"]) == ("atlas-access", __version__, "/api/local/v1/health")
    assert [api["basePaths"] for api in about["apis"]] == [
        ["/api/atlas/v2"],
        ["/api/public/v1.0"],
        ["/api/oauth/token", "/api/oauth/revoke"],
        ["/api/local/v1"],
    ]
    assert [doc["page"] for doc in about["docs"]] == list(DOCS)
    _says_what_it_is(response.text)


def test_head_has_no_body(server: LocalServer) -> None:
    head = httpx.head(server.base_url + "/", headers={"Accept": "application/json"})
    assert (head.status_code, head.content, head.headers["content-type"]) == (200, b"", "application/json")


def test_other_methods_are_405(server: LocalServer) -> None:
    response = httpx.delete(server.base_url + "/")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD")
    assert response.json()["errorCode"] == "METHOD_NOT_ALLOWED"


def test_without_the_local_api_it_names_only_health(tmp_path: Path) -> None:
    opened = open_server(ServerConfig(data_dir=tmp_path / "data", local_api=False))

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=opened.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/", headers={"Accept": "application/json"})

    try:
        about = anyio.run(ask).json()
    finally:
        opened.state.db.dispose()
    assert "/api/local/v1" not in [path for api in about["apis"] for path in api["basePaths"]]
    assert about["health"] == "/api/local/v1/health"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "text/plain"),
        ("*/*", "text/plain"),
        ("text/*", "text/plain"),
        (BROWSER, "text/html"),
        ("application/json", "application/json"),
        ("application/json;q=0.5, text/html;q=0.4", "application/json"),
        ("text/html;q=0, */*", "text/plain"),
        ("image/png", "text/plain"),
        ("application/vnd.atlas.2025-03-12+json", "text/plain"),
        ("TEXT/HTML", "text/html"),
        ("text/html;q=bad, application/json", "application/json"),
    ],
)
def test_accept_picks_the_form(accept: str | None, chosen: str) -> None:
    assert chosen_type(accept) == chosen
