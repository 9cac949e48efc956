"""Digest and Bearer authentication, the OAuth endpoints and API access lists, over real HTTP."""

from __future__ import annotations

import hashlib
import re

import httpx
import pytest

from atlas_access.server.auth import digest
from support.server import V2_ACCEPT, LocalServer


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _challenge_nonce(server: LocalServer, path: str) -> str:
    response = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT})
    assert response.status_code == 401
    match = re.search(r'nonce="([^"]+)"', response.headers["www-authenticate"])
    assert match is not None
    return match.group(1)


def _digest_header(
    server: LocalServer, method: str, uri: str, nonce: str, nc: str = "00000001", *, quirky: bool = False
) -> str:
    public, private = server.bootstrap["publicKey"], server.bootstrap["privateKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{private}")
    ha2 = _md5(f"{method}:{uri}")
    cnonce = "0a4f113b"
    response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
    if quirky:  # Node's urllib: no algorithm, qop unquoted, a process-wide nc
        return (
            f'Digest username="{public}", realm="{digest.REALM}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}", qop=auth, nc={nc}, cnonce="{cnonce}"'
        )
    return (
        f'Digest username="{public}", realm="{digest.REALM}", nonce="{nonce}", uri="{uri}", '
        f'algorithm=MD5, response="{response}", qop="auth", nc={nc}, cnonce="{cnonce}"'
    )


def test_digest_tolerates_urllib_quirks_and_hashes_path_with_query(server: LocalServer) -> None:
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites?username=someone%40example.com"
    nonce = _challenge_nonce(server, path)
    header = _digest_header(server, "GET", path, nonce, nc="0000002a", quirky=True)
    response = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT, "Authorization": header})
    assert response.status_code == 200, response.text
    assert response.json() == []


def test_digest_refuses_a_replayed_request(server: LocalServer) -> None:
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    nonce = _challenge_nonce(server, path)
    headers = {"Accept": V2_ACCEPT, "Authorization": _digest_header(server, "GET", path, nonce)}
    assert httpx.get(server.base_url + path, headers=headers).status_code == 200
    replay = httpx.get(server.base_url + path, headers=headers)
    assert replay.status_code == 401
    assert replay.json()["errorCode"] == "UNEXPECTED_ERROR"
    # The same nonce with the next nc is a new request, not a replay.
    headers["Authorization"] = _digest_header(server, "GET", path, nonce, nc="00000002")
    assert httpx.get(server.base_url + path, headers=headers).status_code == 200


def test_digest_refuses_a_uri_that_is_not_the_request_target(server: LocalServer) -> None:
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    nonce = _challenge_nonce(server, path)
    other = f"/api/atlas/v2/groups/{server.project_id}/invites"
    header = _digest_header(server, "GET", other, nonce)
    response = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT, "Authorization": header})
    assert response.status_code == 401


def test_digest_stale_nonce_answers_stale_true_and_clients_retry(server: LocalServer) -> None:
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    nonce = _challenge_nonce(server, path)
    server.advance("10m")
    header = _digest_header(server, "GET", path, nonce)
    response = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT, "Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].endswith("stale=true")
    # httpx's DigestAuth answers the new challenge by itself.
    assert server.digest().get(path).status_code == 200


def test_digest_wrong_private_key(server: LocalServer) -> None:
    response = server.digest(server.bootstrap["publicKey"], "not-the-key").get(
        f"/api/atlas/v2/orgs/{server.org_id}/invites"
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Digest realm="MMS Public API"')


def test_basic_auth_on_the_api_gets_the_digest_challenge(server: LocalServer) -> None:
    response = httpx.get(
        f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}/invites",
        auth=(server.bootstrap["publicKey"], server.bootstrap["privateKey"]),
        headers={"Accept": V2_ACCEPT},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Digest ")


# OAuth 2.0 client credentials


def test_token_response_shape(server: LocalServer) -> None:
    response = httpx.post(
        f"{server.base_url}/api/oauth/token",
        auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"]),
        data={"grant_type": "client_credentials"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert sorted(body) == ["access_token", "expires_in", "token_type"]
    assert body["expires_in"] == 3600
    assert body["token_type"] == "Bearer"
    assert body["access_token"].count(".") == 2  # a JWT


def test_token_with_client_secret_in_the_form(server: LocalServer) -> None:
    response = httpx.post(
        f"{server.base_url}/api/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": server.bootstrap["clientId"],
            "client_secret": server.bootstrap["clientSecret"],
        },
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("auth", "form", "status", "body"),
    [
        (("mdb_sa_id_000000000000000000000000", "x"), {"grant_type": "client_credentials"}, 401, "invalid_client"),
        (None, {"grant_type": "client_credentials"}, 401, "invalid_client"),
        ("bootstrap", {"grant_type": "password"}, 400, "unsupported_grant_type"),
        ("bootstrap", {}, 400, "invalid_request"),
    ],
)
def test_token_errors(server: LocalServer, auth: object, form: dict[str, str], status: int, body: str) -> None:
    credentials = (server.bootstrap["clientId"], server.bootstrap["clientSecret"]) if auth == "bootstrap" else auth
    response = httpx.post(f"{server.base_url}/api/oauth/token", auth=credentials, data=form)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.json()["error"] == body
    if body == "invalid_client":
        assert response.json() == {"error": "invalid_client", "error_description": "Invalid credentials provided."}


def test_token_refused_with_a_wrong_secret(server: LocalServer) -> None:
    response = httpx.post(
        f"{server.base_url}/api/oauth/token",
        auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"] + "x"),
        data={"grant_type": "client_credentials"},
    )
    assert response.status_code == 401


def test_expired_secret_is_refused_at_the_token_endpoint(server: LocalServer) -> None:
    org = server.fixtures(
        {"orgs": [{"name": "Short", "serviceAccounts": [{"orgRoles": ["ORG_OWNER"], "secretExpiresAfterHours": 1}]}]}
    )["orgs"][0]
    account = org["serviceAccounts"][0]
    assert server.token(account["clientId"], account["clientSecret"])
    server.advance("2h")
    response = httpx.post(
        f"{server.base_url}/api/oauth/token",
        auth=(account["clientId"], account["clientSecret"]),
        data={"grant_type": "client_credentials"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_bearer_token_expires_by_the_server_clock(server: LocalServer) -> None:
    client = server.bearer()
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    assert client.get(path).status_code == 200
    server.advance("3601s")
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["errorCode"] == "UNEXPECTED_ERROR"


def test_revoked_token_is_refused_at_once(server: LocalServer) -> None:
    token = server.token()
    path = f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}/invites"
    headers = {"Authorization": f"Bearer {token}", "Accept": V2_ACCEPT}
    assert httpx.get(path, headers=headers).status_code == 200
    revoked = httpx.post(
        f"{server.base_url}/api/oauth/revoke",
        auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"]),
        data={"token": token, "token_type_hint": "access_token"},
    )
    assert revoked.status_code == 200
    assert revoked.content == b""
    assert httpx.get(path, headers=headers).status_code == 401
    # Another token of the same account still works.
    assert server.bearer().get(path.removeprefix(server.base_url)).status_code == 200


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
def test_malformed_or_unsigned_tokens_are_refused(server: LocalServer, token: str) -> None:
    response = httpx.get(
        f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}/invites",
        headers={"Authorization": f"Bearer {token}", "Accept": V2_ACCEPT},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


# Access lists


def _account_with_access_list(server: LocalServer, entries: list[str]) -> dict[str, str]:
    org = server.fixtures(
        {"orgs": [{"name": "Listed", "serviceAccounts": [{"orgRoles": ["ORG_OWNER"], "accessList": entries}]}]}
    )["orgs"][0]
    return {"orgId": org["id"], **org["serviceAccounts"][0]}


def test_access_list_refuses_other_addresses_but_not_the_token_endpoint(server: LocalServer) -> None:
    account = _account_with_access_list(server, ["10.20.0.0/16"])
    client = server.bearer(account["clientId"], account["clientSecret"])  # minting works from anywhere
    response = client.get(f"/api/atlas/v2/orgs/{account['orgId']}/invites")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "IP address 127.0.0.1 is not allowed to access this resource.",
        "error": 403,
        "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST",
        "parameters": ["127.0.0.1"],
        "reason": "Forbidden",
    }


@pytest.mark.parametrize("entry", ["127.0.0.1", "127.0.0.0/8"])
def test_access_list_allows_listed_addresses(server: LocalServer, entry: str) -> None:
    account = _account_with_access_list(server, [entry])
    client = server.bearer(account["clientId"], account["clientSecret"])
    assert client.get(f"/api/atlas/v2/orgs/{account['orgId']}/invites").status_code == 200


def test_access_list_applies_to_api_keys(server: LocalServer) -> None:
    org = server.fixtures(
        {"orgs": [{"name": "Keyed", "apiKeys": [{"orgRoles": ["ORG_OWNER"], "accessList": ["192.0.2.0/24"]}]}]}
    )["orgs"][0]
    key = org["apiKeys"][0]
    response = server.digest(key["publicKey"], key["privateKey"]).get(f"/api/atlas/v2/orgs/{org['id']}/invites")
    assert response.status_code == 403
    assert response.headers["x-error-code"] == "IP_ADDRESS_NOT_ON_ACCESS_LIST"


# ipinfo


def test_ipinfo_answers_the_callers_address(server: LocalServer) -> None:
    response = server.bearer().get("/api/private/ipinfo")
    assert response.status_code == 200
    assert response.json() == {"currentIpv4Address": "127.0.0.1"}
    assert server.digest().get("/api/private/ipinfo").json() == {"currentIpv4Address": "127.0.0.1"}
    assert httpx.get(f"{server.base_url}/api/private/ipinfo").status_code == 401
