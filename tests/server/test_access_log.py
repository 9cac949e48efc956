"""``atlas-access serve --access-log`` logs every request without the secrets a request target can carry
(``server/access_log.py``): an invitee page's token shows as its first four characters and ``…``, a query parameter
named like a secret as ``…``. Credentials in headers and bodies never reach the log."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from atlas_access.server.access_log import redact_target
from support.process import ServerProcess


def test_no_secret_reaches_the_access_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with ServerProcess(data):
        pass  # the first start prints the bootstrap credentials once; the log under test is a later start's
    with ServerProcess(data, extra_args=("--access-log",)) as server:
        boot = server.bootstrap
        invited = server.digest().post(
            f"/api/atlas/v2/orgs/{server.org_id}/invites",
            json={"username": "logged@example.com", "roles": ["ORG_MEMBER"]},
        )
        assert invited.status_code == 200, invited.text
        link = server.outbox()[-1]["link"]
        token = link.rsplit("/", 1)[1]
        page = httpx.Client(trust_env=False, timeout=30)
        assert page.get(link).status_code == 200
        assert page.get(link, params={"from": "mail"}).status_code == 200
        page.post(link, data={"answer": "decline"})  # refused without the page's form token; logged all the same
        assert server.port is not None
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:  # a method no route has
            raw.sendall(f"FOO /account/invitations/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            assert raw.recv(65536).startswith(b"HTTP/1.1 405 ")
        minted = httpx.post(
            f"{server.base_url}/api/oauth/token",
            params={"client_secret": boot["clientSecret"]},  # where no client should put it
            auth=(boot["clientId"], boot["clientSecret"]),
            data={"grant_type": "client_credentials"},
            trust_env=False,
        )
        assert minted.status_code == 200, minted.text
        access_token = minted.json()["access_token"]
        listed = server.client().get(
            "/api/atlas/v2/orgs",
            params={"access_token": access_token, "pageNum": "1"},
            headers={"Authorization": f"Bearer {access_token}"},
        )
        assert listed.status_code == 200, listed.text
        revoked = httpx.post(
            f"{server.base_url}/api/oauth/revoke",
            params={"token": access_token},
            auth=(boot["clientId"], boot["clientSecret"]),
            data={"token": access_token},
            trust_env=False,
        )
        assert revoked.status_code == 200, revoked.text
        assert server.admin().get("/api/local/v1/clock").status_code == 200
        page.close()
    log = server.output()

    shown = f"/account/invitations/{token[:4]}…"
    assert f'"GET {shown} HTTP/1.1" 200' in log
    assert f'"GET {shown}?from=mail HTTP/1.1" 200' in log
    assert f'"POST {shown} HTTP/1.1"' in log
    assert f'"FOO {shown} HTTP/1.1" 405' in log
    assert "/api/oauth/token?client_secret=… HTTP/1.1" in log
    assert "/api/atlas/v2/orgs?access_token=…&pageNum=1 HTTP/1.1" in log
    assert "/api/oauth/revoke?token=… HTTP/1.1" in log
    assert '"GET /api/local/v1/clock HTTP/1.1" 200' in log
    for secret in (token, access_token, boot["clientSecret"], boot["privateKey"], boot["adminToken"]):
        assert secret not in log
    assert token[4:12] not in log  # nothing of the token but its first four characters


def test_targets_without_secrets_are_logged_as_they_are() -> None:
    for target in ("/api/atlas/v2/orgs/5f0000000000000000000000/invites?pageNum=2&itemsPerPage=5", "/", "/x?a&b="):
        assert redact_target(target) == target
    assert redact_target("/account/invitations/abc") == "/account/invitations/abc…"
    assert redact_target("/api/oauth/token?grant_type=x&Client%5FSecret=s&password=&code=1") == (
        "/api/oauth/token?grant_type=x&Client%5FSecret=…&password=&code=1"
    )
