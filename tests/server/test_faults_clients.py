"""What fault rules show of the project's own clients (issue 14's "a fault rule makes the SDK retry path
visible"): the SDK retries through injected 429s and 503s and succeeds; the ``atlas`` command, which sends each
request once as the real CLI does, shows the error and succeeds when run again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from atlas_access.cli._main import run
from atlas_access.client import AtlasClient, ServerError
from support.server import LocalServer

FAULTS = "/api/local/v1/faults"
RATE_LIMITED = {
    "operationId": "deleteOrgInvite",
    "errorCode": "RATE_LIMITED_TOKEN_BUCKET",
    "parameters": ["orgs", 1, 500, 250, 60],
    "retryAfter": 1,
    "times": 2,
}
RATE_LIMITED_DETAIL = (
    "Rate limit exceeded for orgs. Please retry after 1 seconds. Request capacity: 500. "
    "Refill rate: 250 per 60 seconds."
)


def _invite(server: LocalServer, username: str = "retry@example.com") -> str:
    made = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


def _rule(server: LocalServer, body: dict[str, Any]) -> dict[str, Any]:
    made = server.admin().post(FAULTS, json=body)
    assert made.status_code == 200, made.text
    return dict(made.json())


def _fired(server: LocalServer) -> list[tuple[int, int | None]]:
    return [(rule["fired"], rule["remaining"]) for rule in server.admin().get(FAULTS).json()["results"]]


def _gone(server: LocalServer, invitation: str) -> bool:
    return server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}").status_code == 404


def test_the_sdk_waits_out_two_429s_and_succeeds_on_the_third_try(server: LocalServer) -> None:
    invitation = _invite(server)
    _rule(server, RATE_LIMITED)
    slept: list[float] = []
    keys = {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}
    with AtlasClient(server.base_url, sleep=slept.append, **keys) as client:
        assert client.organizations.delete_org_invite(server.org_id, invitation) is None
    assert slept == [1.0, 1.0]  # each Retry-After honoured
    assert _fired(server) == [(2, 0)]
    assert _gone(server, invitation)


def test_the_sdk_retries_a_503_with_backoff_but_never_resends_a_post(server: LocalServer) -> None:
    invitation = _invite(server)
    _rule(server, {"operationId": "deleteOrgInvite", "errorCode": "SERVICE_UNAVAILABLE", "detail": "Down.", "times": 2})
    _rule(server, {"operationId": "createOrgInvite", "errorCode": "SERVICE_UNAVAILABLE", "detail": "Down.", "times": 1})
    slept: list[float] = []
    account = {"client_id": server.bootstrap["clientId"], "client_secret": server.bootstrap["clientSecret"]}
    with AtlasClient(server.base_url, sleep=slept.append, **account) as client:
        client.organizations.delete_org_invite(server.org_id, invitation)
        assert len(slept) == 2 and all(0 < seconds <= 8 for seconds in slept)  # jittered, bounded backoff
        with pytest.raises(ServerError) as raised:
            client.call("createOrgInvite", org_id=server.org_id, body={"username": "n@example.com", "roles": []})
    assert (raised.value.status, raised.value.error_code, raised.value.detail) == (503, "SERVICE_UNAVAILABLE", "Down.")
    assert len(slept) == 2
    assert _fired(server) == [(2, 0), (1, 0)]
    assert _gone(server, invitation)


def test_the_atlas_command_shows_each_429_and_deletes_on_the_third_run(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("MONGODB_ATLAS_OPS_MANAGER_URL", server.base_url + "/")
    monkeypatch.setenv("MONGODB_ATLAS_PUBLIC_API_KEY", server.bootstrap["publicKey"])
    monkeypatch.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", server.bootstrap["privateKey"])
    monkeypatch.setenv("MONGODB_ATLAS_ORG_ID", server.org_id)
    invitation = _invite(server)
    _rule(server, RATE_LIMITED)
    url = f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}"

    def atlas(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    for _ in range(2):  # the command sends each request once, as the real CLI does: the user sees the 429
        assert atlas("org", "invitations", "delete", invitation, "--force") == (
            1,
            "",
            f'Error: {url} DELETE: HTTP 429 Too Many Requests (Error code: "RATE_LIMITED_TOKEN_BUCKET") '
            f"Detail: {RATE_LIMITED_DETAIL} Reason: Too Many Requests. Params: [orgs 1 500 250 60]\n",
        )
    assert atlas("org", "invitations", "delete", invitation, "--force") == (
        0,
        f"Invitation '{invitation}' deleted\n",
        "",
    )
    assert _fired(server) == [(2, 0)]
    assert _gone(server, invitation)
