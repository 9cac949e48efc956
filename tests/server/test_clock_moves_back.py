"""Moving the server clock back revives nothing: a revoked token and a used Digest nonce count stay refused after
the clock went forward, the clean-up of old revocations and nonce uses ran, and the clock came back."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from atlas_access.server import runtime
from atlas_access.server.auth import digest
from support.server import V2_ACCEPT, LocalServer

CLEAN_UP_EVERY_SECONDS = 0.02


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """A server whose clean-up runs every few milliseconds instead of every minute."""
    monkeypatch.setattr(runtime, "PRUNE_EVERY_SECONDS", CLEAN_UP_EVERY_SECONDS)
    running = LocalServer(tmp_path / "data").start()
    yield running
    running.stop()


def _there_and_back(server: LocalServer) -> None:
    """The clock goes a month forward, the clean-up runs (many times), and the clock comes back to where it was."""
    started = server.admin().get("/api/local/v1/clock").json()["now"]
    server.advance("31d")
    time.sleep(CLEAN_UP_EVERY_SECONDS * 25)
    server.set_time(started)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _digest_header(server: LocalServer, uri: str, nonce: str, nc: str) -> str:
    public, private = server.bootstrap["publicKey"], server.bootstrap["privateKey"]
    ha1, ha2, cnonce = _md5(f"{public}:{digest.REALM}:{private}"), _md5(f"GET:{uri}"), "0a4f113b"
    response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
    return (
        f'Digest username="{public}", realm="{digest.REALM}", nonce="{nonce}", uri="{uri}", '
        f'algorithm=MD5, response="{response}", qop="auth", nc={nc}, cnonce="{cnonce}"'
    )


def test_a_revoked_token_stays_refused(server: LocalServer) -> None:
    url = f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}/invites"
    token = server.token()
    headers = {"Accept": V2_ACCEPT, "Authorization": f"Bearer {token}"}
    assert httpx.get(url, headers=headers).status_code == 200
    revoked = server.revoke(token)
    assert revoked.status_code == 200
    assert httpx.get(url, headers=headers).status_code == 401

    _there_and_back(server)

    assert httpx.get(url, headers=headers).status_code == 401
    # The clock is back where it was: a new token works.
    fresh = {"Accept": V2_ACCEPT, "Authorization": f"Bearer {server.token()}"}
    assert httpx.get(url, headers=fresh).status_code == 200


def test_a_used_digest_nonce_count_stays_refused(server: LocalServer) -> None:
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    challenge = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT})
    found = re.search(r'nonce="([^"]+)"', challenge.headers["www-authenticate"])
    assert found is not None
    nonce = found.group(1)
    used = {"Accept": V2_ACCEPT, "Authorization": _digest_header(server, path, nonce, "00000001")}
    assert httpx.get(server.base_url + path, headers=used).status_code == 200
    assert httpx.get(server.base_url + path, headers=used).status_code == 401

    _there_and_back(server)

    assert httpx.get(server.base_url + path, headers=used).status_code == 401
    # The same nonce's next count is a new request, and the clock is back where the nonce is fresh.
    following = {"Accept": V2_ACCEPT, "Authorization": _digest_header(server, path, nonce, "00000002")}
    assert httpx.get(server.base_url + path, headers=following).status_code == 200
