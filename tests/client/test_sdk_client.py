"""The SDK's clients: any operation by id, errors as exceptions, envelope unwrapped, retries, pagination,
credentials from arguments, environment or profile, one OAuth token for many calls."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access.client import (
    AsyncAtlasClient,
    AtlasClient,
    AtlasError,
    NotFound,
    RateLimited,
    RetryPolicy,
    ServerError,
)
from support.server import V2_ACCEPT, LocalServer

ORG = "4888442a3354817a7320eb61"
INVITATION = "6a793f89c0eb9e7a177165b6"


def _invite(server: LocalServer, username: str = "leaving@example.com") -> str:
    made = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites",
        json={"username": username, "roles": ["ORG_MEMBER"]},
        headers={"Accept": V2_ACCEPT, "Content-Type": V2_ACCEPT},
    )
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


class Counting(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return super().handle_request(request)


@pytest.fixture
def no_atlas_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    import os

    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return monkeypatch


def test_the_seeds_program_with_a_service_account_from_the_environment(
    server: LocalServer, no_atlas_env: pytest.MonkeyPatch
) -> None:
    no_atlas_env.setenv("MONGODB_ATLAS_CLIENT_ID", server.bootstrap["clientId"])
    no_atlas_env.setenv("MONGODB_ATLAS_CLIENT_SECRET", server.bootstrap["clientSecret"])
    invitation = _invite(server)
    transport = Counting()
    with AtlasClient(server.base_url, transport=transport) as client:
        assert client.call("deleteOrgInvite", org_id=server.org_id, invitation_id=invitation) is None
        with pytest.raises(AtlasError) as raised:
            client.call("deleteOrgInvite", org_id=server.org_id, invitation_id=invitation)
        for _ in range(3):
            client.call("listOrgInvites", org_id=server.org_id)
    assert raised.value.error_code == "INVALID_INVITATION_ID"
    assert raised.value.status in (400, 404)
    # one token for the five calls
    assert transport.paths.count("/api/oauth/token") == 1
    assert len(transport.paths) == 6
    listed = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites", headers={"Accept": V2_ACCEPT})
    assert listed.json() == []


def test_api_keys_legacy_ids_snake_case_and_envelope(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    keys = {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}
    with AtlasClient(server.base_url, **keys) as client:
        created = client.call(
            "createProjectInvitation",  # the pre-2026 id of createGroupInvite
            group_id=server.project_id,
            body={"username": "p@example.com", "roles": ["GROUP_READ_ONLY"]},
        )
        assert created["username"] == "p@example.com"
        wrapped = client.call("getGroupInvite", projectId=server.project_id, invitationId=created["id"], envelope=True)
        assert wrapped["id"] == created["id"]  # {"content": ..., "status": 200} unwrapped
        with pytest.raises(AtlasError) as raised:
            client.call("getGroupInvite", group_id=server.project_id, invitation_id="0" * 24, envelope=True)
        assert raised.value.status == 404 and raised.value.error_code is not None


def test_credentials_and_base_url_from_a_profile(
    server: LocalServer, no_atlas_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "atlascli"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(
        f'[local]\nops_manager_url = "{server.base_url}/"\npublic_api_key = "{server.bootstrap["publicKey"]}"\n'
        f'private_api_key = "{server.bootstrap["privateKey"]}"\n'
    )
    with AtlasClient(profile="local") as client:
        assert client.base_url == server.base_url + "/"
        assert client.call("listOrgInvites", org_id=server.org_id) == []


def test_the_default_is_the_real_cloud(no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient(public_api_key="a", private_api_key="b") as client:
        assert client.base_url == "https://cloud.mongodb.com/"
        assert client.http.headers["User-Agent"].startswith("atlas-access/")


def test_bad_calls_are_python_errors_before_any_request(no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient("http://127.0.0.1:9", transport=httpx.MockTransport(lambda r: httpx.Response(500))) as client:
        with pytest.raises(ValueError, match="unknown operation"):
            client.call("noSuchOperation")
        with pytest.raises(TypeError, match="missing required parameter"):
            client.call("deleteOrgInvite", org_id=ORG)
        with pytest.raises(TypeError, match="unexpected parameter 'colour'"):
            client.call("deleteOrgInvite", org_id=ORG, invitation_id=INVITATION, colour="red")
        with pytest.raises(ValueError, match="has no version"):
            client.call("deleteOrgInvite", org_id=ORG, invitation_id=INVITATION, version="2099-01-01")


def _scripted(*answers: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0)

    return httpx.MockTransport(handler), seen


def test_429_waits_for_retry_after_on_a_frozen_clock(no_atlas_env: pytest.MonkeyPatch) -> None:
    limited = {"error": 429, "errorCode": "RATE_LIMITED_TOKEN_BUCKET", "reason": "Too Many Requests"}
    transport, seen = _scripted(
        httpx.Response(429, json=limited, headers={"Retry-After": "7"}),
        httpx.Response(429, json=limited, headers={"Retry-After": "3"}),
        httpx.Response(200, json=[]),
    )
    slept: list[float] = []
    with AtlasClient("http://atlas.test", access_token="t", transport=transport, sleep=slept.append) as client:
        assert client.call("listOrgInvites", org_id=ORG) == []
    assert slept == [7.0, 3.0]
    assert len(seen) == 3


def test_a_post_is_never_sent_twice(no_atlas_env: pytest.MonkeyPatch) -> None:
    transport, seen = _scripted(
        httpx.Response(429, json={"errorCode": "RATE_LIMITED"}, headers={"Retry-After": "1"}),
        httpx.Response(503, json={"errorCode": "SERVICE_UNAVAILABLE"}),
    )
    slept: list[float] = []
    with AtlasClient("http://atlas.test", access_token="t", transport=transport, sleep=slept.append) as client:
        body = {"username": "a@example.com", "roles": ["ORG_MEMBER"]}
        with pytest.raises(RateLimited) as limited:
            client.call("createOrgInvite", org_id=ORG, body=body)
        assert limited.value.retry_after == 1.0
        with pytest.raises(ServerError):
            client.call("createOrgInvite", org_id=ORG, body=body)
    assert (len(seen), slept) == (2, [])


def test_5xx_and_broken_connections_are_retried_for_a_delete_with_a_bound(no_atlas_env: pytest.MonkeyPatch) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(502, json={"errorCode": "BAD_GATEWAY"})

    slept: list[float] = []
    policy = RetryPolicy(max_retries=3, base=1.0, cap=4.0)
    with (
        AtlasClient(
            "http://atlas.test",
            access_token="t",
            transport=httpx.MockTransport(handler),
            sleep=slept.append,
            retry=policy,
        ) as client,
        pytest.raises(ServerError),
    ):
        client.call("deleteOrgInvite", org_id=ORG, invitation_id=INVITATION)
    assert calls == 4  # the first try and three retries
    assert len(slept) == 3
    assert all(0.5 * min(4.0, 2**i) <= s <= min(4.0, 2**i) for i, s in enumerate(slept))  # jittered, capped


def test_paginate_walks_every_page(no_atlas_env: pytest.MonkeyPatch) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["pageNum"])
        assert request.url.params["itemsPerPage"] == "2"
        items = [{"id": n} for n in range(2 * page - 1, min(2 * page, 5) + 1)]
        links = [{"rel": "self", "href": str(request.url)}] + ([{"rel": "next", "href": "x"}] if page < 3 else [])
        return httpx.Response(200, json={"links": links, "results": items, "totalCount": 5})

    with AtlasClient("http://atlas.test", access_token="t", transport=httpx.MockTransport(handler)) as client:
        assert [u["id"] for u in client.paginate("listOrgUsers", org_id=ORG, items_per_page=2)] == [1, 2, 3, 4, 5]


def test_paginate_a_bare_array(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    ids = {_invite(server, f"u{n}@example.com") for n in range(3)}
    keys = {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}
    with AtlasClient(server.base_url, **keys) as client:
        assert {i["id"] for i in client.paginate("listOrgInvites", org_id=server.org_id)} == ids


def test_async_client_against_the_app_in_process(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    invitation = _invite(server)

    async def main() -> tuple[Any, str | None]:
        transport = httpx.ASGITransport(app=server.opened.app)
        async with AsyncAtlasClient(
            "http://testserver",
            client_id=server.bootstrap["clientId"],
            client_secret=server.bootstrap["clientSecret"],
            transport=transport,
        ) as client:
            first = await client.call("deleteOrgInvite", org_id=server.org_id, invitation_id=invitation)
            try:
                await client.call("deleteOrgInvite", org_id=server.org_id, invitation_id=invitation)
            except AtlasError as problem:
                return first, problem.error_code
            return first, None

    assert asyncio.run(main()) == (None, "INVALID_INVITATION_ID")


def test_an_error_is_not_found_by_status(no_atlas_env: pytest.MonkeyPatch) -> None:
    body = {"error": 404, "errorCode": "ORG_NOT_FOUND", "detail": "no", "reason": "Not Found", "parameters": [ORG]}
    transport = httpx.MockTransport(lambda r: httpx.Response(404, content=json.dumps(body).encode()))
    client = AtlasClient("http://atlas.test", access_token="t", transport=transport)
    with client, pytest.raises(NotFound) as raised:
        client.call("getOrg", org_id=ORG)
    assert (raised.value.error_code, raised.value.parameters) == ("ORG_NOT_FOUND", [ORG])


class _Tokens:
    """A token store, and a MockTransport that mints tokens expiring ``lifetime`` seconds on and counts them."""

    def __init__(self, lifetime: int) -> None:
        self.lifetime = lifetime
        self.minted = 0
        self.saved: list[str] = []
        self.stored: str | None = None

    def load(self) -> str | None:
        return self.stored

    def save(self, access_token: str) -> None:
        self.saved.append(access_token)

    def handler(self, request: httpx.Request) -> httpx.Response:
        from support.recording import unsigned_token

        if request.url.path == "/api/oauth/token":
            self.minted += 1
            token = unsigned_token(self.lifetime)
            return httpx.Response(
                200, json={"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime}
            )
        assert request.headers["Authorization"].startswith("Bearer ")
        return httpx.Response(200, json=[])


def _service_account(tokens: _Tokens) -> AtlasClient:
    return AtlasClient(
        "http://atlas.test",
        client_id="mdb_sa_id_x",
        client_secret="mdb_sa_sk_y",
        transport=httpx.MockTransport(tokens.handler),
        token_store=tokens,
    )


def test_a_token_is_fetched_again_a_minute_before_it_expires(
    no_atlas_env: pytest.MonkeyPatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = _Tokens(lifetime=3600)
    with _service_account(tokens) as client:
        client.call("listOrgInvites", org_id=ORG)
        client.call("listOrgInvites", org_id=ORG)
        assert tokens.minted == 1
        now = time.time()
        monkeypatch.setattr("time.time", lambda: now + 3600 - 30)  # within the minute before expiry
        client.call("listOrgInvites", org_id=ORG)
    assert tokens.minted == 2
    assert len(tokens.saved) == 2 and tokens.saved[0] != tokens.saved[1]


def test_a_stored_token_is_reused_unless_it_is_about_to_expire(no_atlas_env: pytest.MonkeyPatch) -> None:
    from support.recording import unsigned_token

    fresh = _Tokens(lifetime=3600)
    fresh.stored = unsigned_token(3600)
    with _service_account(fresh) as client:
        client.call("listOrgInvites", org_id=ORG)
    assert fresh.minted == 0
    stale = _Tokens(lifetime=3600)
    stale.stored = unsigned_token(30)
    with _service_account(stale) as client:
        client.call("listOrgInvites", org_id=ORG)
    assert stale.minted == 1
