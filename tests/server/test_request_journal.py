"""The request journal over real HTTP (docs/journal.md): every answered request gets an entry with its operation,
API version, caller, status, errorCode and, for a 401, why, while the wire answers exactly as before (MongoDB
Cloud's 401 says nothing of why). No entry holds a secret. ``GET /api/local/v1/requests`` filters it and
``DELETE`` clears it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from atlas_access.server.auth import digest
from support.server import V2_ACCEPT, LocalServer

REQUESTS = "/api/local/v1/requests"

# The 401 every refused credential gets, byte for byte, whatever the reason (recorded before the journal existed).
UNAUTHORIZED = (
    b'{\n  "error" : 401,\n  "reason" : "Unauthorized",\n  "detail" : "You are not authorized for this resource.",'
    b'\n  "errorCode" : "UNEXPECTED_ERROR"\n}'
)
UNAUTHORIZED_HEADERS = {
    "content-length",
    "content-type",
    "date",
    "referrer-policy",
    "server",
    "www-authenticate",
    "x-content-type-options",
    "x-error-code",
    "x-frame-options",
    "x-permitted-cross-domain-policies",
}
DIGEST_CHALLENGE = re.compile(
    r'Digest realm="MMS Public API", domain="", nonce="[A-Za-z0-9+/]{32}", algorithm=MD5, qop="auth", '
    r"stale=(true|false)"
)
BEARER_CHALLENGE = 'Bearer error="invalid_token"'
ADMIN_CHALLENGE = 'Bearer realm="atlas-access local control"'


def journal(server: LocalServer, **filters: Any) -> list[dict[str, Any]]:
    response = server.admin().get(REQUESTS, params=filters)
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def newest(server: LocalServer, **filters: Any) -> dict[str, Any]:
    found = journal(server, **filters)
    assert found, filters
    return found[-1]


def invites_path(server: LocalServer) -> str:
    return f"/api/atlas/v2/orgs/{server.org_id}/invites"


def expect_refusal(response: httpx.Response, challenge: str | re.Pattern[str]) -> None:
    """The 401 exactly as the wire had it before the journal: body, headers, challenge."""
    assert response.status_code == 401
    assert response.content == UNAUTHORIZED
    assert set(response.headers) == UNAUTHORIZED_HEADERS
    assert response.headers["x-error-code"] == "UNEXPECTED_ERROR"
    assert response.headers["content-type"] == "application/json"
    if isinstance(challenge, str):
        assert response.headers["www-authenticate"] == challenge
    else:
        assert challenge.fullmatch(response.headers["www-authenticate"])


# --- Digest by hand: a nonce, and a response for it ------------------------------------------------------------


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def challenge_nonce(server: LocalServer, path: str) -> str:
    response = httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT})
    found = re.search(r'nonce="([^"]+)"', response.headers["www-authenticate"])
    assert found is not None
    return found.group(1)


def digest_get(server: LocalServer, path: str, nonce: str, *, private_key: str | None = None) -> httpx.Response:
    public = server.bootstrap["publicKey"]
    ha1 = _md5(f"{public}:{digest.REALM}:{private_key or server.bootstrap['privateKey']}")
    answer = _md5(f"{ha1}:{nonce}:00000001:0a4f113b:auth:{_md5(f'GET:{path}')}")
    header = (
        f'Digest username="{public}", realm="{digest.REALM}", nonce="{nonce}", uri="{path}", algorithm=MD5, '
        f'response="{answer}", qop="auth", nc=00000001, cnonce="0a4f113b"'
    )
    return httpx.get(server.base_url + path, headers={"Accept": V2_ACCEPT, "Authorization": header})


# --- What an entry holds ---------------------------------------------------------------------------------------


def test_a_success_is_recorded_with_its_operation_version_caller_and_times(server: LocalServer) -> None:
    before = journal(server)
    assert server.digest().get(invites_path(server), params={"username": "a@example.com"}).status_code == 200
    challenge, answered = journal(server)[len(before) :]
    assert challenge["status"] == 401 and challenge["authFailure"] == "no credentials"  # Digest's first round
    assert answered == {
        **answered,
        "method": "GET",
        "path": invites_path(server),
        "query": "username=a%40example.com",
        "operationId": "listOrgInvites",
        "version": "2023-01-01",  # Accept asked for 2025-03-12: the newest version dated on or before it
        "principal": server.bootstrap["publicKey"],
        "principalType": "API_KEY",
        "status": 200,
        "errorCode": None,
        "authFailure": None,
    }
    assert answered["id"] == challenge["id"] + 1
    assert answered["durationMs"] >= 0
    real = datetime.fromisoformat(answered["time"].replace("Z", "+00:00"))
    assert abs(real.timestamp() - datetime.now().timestamp()) < 60
    assert answered["serverTime"] == answered["time"]  # the clock was never moved

    bearer = server.bearer().get(f"/api/atlas/v2/groups/{server.project_id}")
    assert bearer.status_code == 200
    token, read = journal(server)[-2:]
    assert (token["path"], token["status"], token["principal"]) == (
        "/api/oauth/token",
        200,
        server.bootstrap["clientId"],
    )
    assert token["principalType"] == "SERVICE_ACCOUNT"
    assert (read["operationId"], read["principal"], read["principalType"]) == (
        "getGroup",
        server.bootstrap["clientId"],
        "SERVICE_ACCOUNT",
    )


def test_an_error_answer_records_its_error_code(server: LocalServer) -> None:
    client = server.digest()
    assert client.get("/api/atlas/v2/orgs/not-an-id/invites").status_code == 404
    refused = client.post(invites_path(server), json={"username": "not an address", "roles": ["ORG_MEMBER"]})
    assert refused.status_code == 400
    assert client.get("/api/atlas/v2/nowhere").status_code == 404
    bad_id, bad_username = journal(server, principal="API_KEY")[-2:]
    nowhere = newest(server)
    assert (bad_id["status"], bad_id["errorCode"], bad_id["operationId"]) == (404, "INVALID_ORG_ID", "listOrgInvites")
    assert (bad_username["status"], bad_username["errorCode"], bad_username["method"]) == (
        400,
        "INVALID_USERNAME",
        "POST",
    )
    assert (nowhere["status"], nowhere["errorCode"], nowhere["operationId"]) == (404, "RESOURCE_NOT_FOUND", None)
    assert bad_id["authFailure"] is None  # only a 401 says why


def test_the_server_clock_is_recorded_as_the_local_api_moved_it(server: LocalServer) -> None:
    server.advance("1d")
    assert server.digest().get(invites_path(server)).status_code == 200
    entry = newest(server, status="200")
    real = datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))
    moved = datetime.fromisoformat(entry["serverTime"].replace("Z", "+00:00"))
    assert round((moved - real).total_seconds()) == 86400


def test_oauth_ipinfo_pages_and_the_local_api_are_recorded(server: LocalServer) -> None:
    token = server.token()
    assert server.bearer(token=token).get("/api/private/ipinfo").status_code == 200
    assert httpx.get(f"{server.base_url}/account/invitations/{'A' * 43}").status_code == 404
    server.advance("1m")
    wrong_grant = httpx.post(
        f"{server.base_url}/api/oauth/token",
        auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"]),
        data={"grant_type": "password"},
    )
    assert wrong_grant.status_code == 400
    minted, ipinfo, page, clock, grant = journal(server)[-5:]
    assert (minted["path"], minted["status"]) == ("/api/oauth/token", 200)
    assert (ipinfo["path"], ipinfo["status"], ipinfo["principal"]) == (
        "/api/private/ipinfo",
        200,
        server.bootstrap["clientId"],
    )
    assert (page["path"], page["status"]) == ("/account/invitations/AAAA…", 404)
    assert (clock["method"], clock["path"], clock["status"]) == ("POST", "/api/local/v1/clock", 200)
    assert (grant["status"], grant["errorCode"], grant["principal"]) == (400, "unsupported_grant_type", None)


# --- A 401 explains itself in the journal, and only there --------------------------------------------------------


def _no_credentials(server: LocalServer) -> httpx.Response:
    return httpx.get(server.base_url + invites_path(server), headers={"Accept": V2_ACCEPT})


def _malformed_digest(server: LocalServer) -> httpx.Response:
    headers = {"Accept": V2_ACCEPT, "Authorization": 'Digest username="x", nonsense'}
    return httpx.get(server.base_url + invites_path(server), headers=headers)


def _basic_on_the_api(server: LocalServer) -> httpx.Response:
    auth = (server.bootstrap["publicKey"], server.bootstrap["privateKey"])
    return httpx.get(server.base_url + invites_path(server), auth=auth, headers={"Accept": V2_ACCEPT})


def _unknown_key(server: LocalServer) -> httpx.Response:
    return server.digest("nosuchkey", server.bootstrap["privateKey"]).get(invites_path(server))


def _bad_signature(server: LocalServer) -> httpx.Response:
    return server.digest(server.bootstrap["publicKey"], "not-the-private-key").get(invites_path(server))


def _unknown_nonce(server: LocalServer) -> httpx.Response:
    forged = base64.b64encode(secrets.token_bytes(24)).decode()
    return digest_get(server, invites_path(server), forged)


def _stale_nonce(server: LocalServer) -> httpx.Response:
    nonce = challenge_nonce(server, invites_path(server))
    server.advance("10m")
    return digest_get(server, invites_path(server), nonce)


def _replayed_nonce(server: LocalServer) -> httpx.Response:
    nonce = challenge_nonce(server, invites_path(server))
    assert digest_get(server, invites_path(server), nonce).status_code == 200
    return digest_get(server, invites_path(server), nonce)


def _invalid_token(server: LocalServer) -> httpx.Response:
    return server.bearer(token="not.a.token").get(invites_path(server))


def _expired_token(server: LocalServer) -> httpx.Response:
    token = server.token()
    server.advance("2h")
    return server.bearer(token=token).get(invites_path(server))


def _revoked_token(server: LocalServer) -> httpx.Response:
    token = server.token()
    revoked = server.revoke(token)
    assert revoked.status_code == 200
    return server.bearer(token=token).get(invites_path(server))


def _wrong_admin_token(server: LocalServer) -> httpx.Response:
    return httpx.get(f"{server.base_url}/api/local/v1/clock", headers={"Authorization": "Bearer not-the-token"})


def _no_admin_token(server: LocalServer) -> httpx.Response:
    return httpx.get(f"{server.base_url}/api/local/v1/clock")


def _ipinfo_without_credentials(server: LocalServer) -> httpx.Response:
    return httpx.get(f"{server.base_url}/api/private/ipinfo")


KEY, ACCOUNT = "publicKey", "clientId"
REFUSALS: list[tuple[Callable[[LocalServer], httpx.Response], str, str | re.Pattern[str], str | None]] = [
    (_no_credentials, "no credentials", DIGEST_CHALLENGE, None),
    (_malformed_digest, "malformed header", DIGEST_CHALLENGE, None),
    (_basic_on_the_api, "malformed header", DIGEST_CHALLENGE, None),
    (_unknown_key, "unknown key", DIGEST_CHALLENGE, None),
    (_bad_signature, "bad signature", DIGEST_CHALLENGE, KEY),
    (_unknown_nonce, "unknown nonce", DIGEST_CHALLENGE, KEY),
    (_stale_nonce, "stale nonce", DIGEST_CHALLENGE, KEY),
    (_replayed_nonce, "replayed nonce", DIGEST_CHALLENGE, KEY),
    (_invalid_token, "invalid token", BEARER_CHALLENGE, None),
    (_expired_token, "expired token", BEARER_CHALLENGE, ACCOUNT),
    (_revoked_token, "revoked token", BEARER_CHALLENGE, ACCOUNT),
    (_wrong_admin_token, "wrong admin token", ADMIN_CHALLENGE, None),
    (_no_admin_token, "no credentials", ADMIN_CHALLENGE, None),
    (_ipinfo_without_credentials, "no credentials", DIGEST_CHALLENGE, None),
]


@pytest.mark.parametrize(
    ("refuse", "reason", "challenge", "offered"), REFUSALS, ids=[case[0].__name__.strip("_") for case in REFUSALS]
)
def test_a_401_explains_itself_in_the_journal_and_not_on_the_wire(
    server: LocalServer,
    refuse: Callable[[LocalServer], httpx.Response],
    reason: str,
    challenge: str | re.Pattern[str],
    offered: str | None,
) -> None:
    response = refuse(server)
    expect_refusal(response, challenge)
    if reason == "stale nonce":
        assert response.headers["www-authenticate"].endswith("stale=true")
    entry = newest(server)
    assert (entry["status"], entry["errorCode"], entry["authFailure"]) == (401, "UNEXPECTED_ERROR", reason)
    # The caller shows only when the refused credential is a real one (a key's public key, an account's client id).
    assert entry["principal"] == (server.bootstrap[offered] if offered else None)


def test_the_oauth_token_endpoint_says_why_it_refused(server: LocalServer) -> None:
    url = f"{server.base_url}/api/oauth/token"
    form = {"grant_type": "client_credentials"}
    wrong_secret = httpx.post(url, auth=(server.bootstrap["clientId"], "mdb_sa_sk_wrong"), data=form)
    assert wrong_secret.status_code == 401
    assert wrong_secret.content == b'{"error":"invalid_client","error_description":"Invalid credentials provided."}'
    assert wrong_secret.headers["www-authenticate"] == 'Basic realm="MMS Public API"'
    assert "x-error-code" not in wrong_secret.headers
    assert httpx.post(url, data=form).status_code == 401
    assert httpx.post(url, headers={"Authorization": "Basic !!!"}, data=form).status_code == 401
    wrong, missing, malformed = journal(server, path="/api/oauth/token")[-3:]
    assert (wrong["errorCode"], wrong["authFailure"], wrong["principal"]) == (
        "invalid_client",
        "bad client credentials",
        None,
    )
    assert missing["authFailure"] == "no credentials"
    assert malformed["authFailure"] == "malformed header"


# --- No secret is ever recorded --------------------------------------------------------------------------------


def test_no_secret_reaches_the_journal(server: LocalServer) -> None:
    boot = server.bootstrap
    client = server.digest()
    invited = client.post(invites_path(server), json={"username": "secret@example.com", "roles": ["ORG_MEMBER"]})
    assert invited.status_code == 200, invited.text
    link = server.outbox()[-1]["link"]
    invitation_token = link.rsplit("/", 1)[1]
    assert httpx.get(link, params={"from": "mail"}).status_code == 200
    minted = httpx.post(
        f"{server.base_url}/api/oauth/token",
        params={"client_secret": boot["clientSecret"]},  # where no client should put it
        data={"grant_type": "client_credentials", "client_id": boot["clientId"], "client_secret": boot["clientSecret"]},
    )
    assert minted.status_code == 200, minted.text
    access_token = minted.json()["access_token"]
    listed = server.bearer(token=access_token).get("/api/atlas/v2/orgs", params={"access_token": access_token})
    assert listed.status_code == 200, listed.text
    revoked = server.revoke(access_token)
    assert revoked.status_code == 200
    assert server.bearer(token=access_token).get("/api/atlas/v2/orgs").status_code == 401
    _bad_signature(server)

    recorded = server.admin().get(REQUESTS).text
    entries = json.loads(recorded)["results"]
    assert len(entries) >= 10
    for secret in (boot["privateKey"], boot["clientSecret"], access_token, invitation_token, boot["adminToken"]):
        assert secret not in recorded
        assert secret[4:] not in recorded  # not even cut short
    pages = [entry for entry in entries if entry["path"].startswith("/account/invitations/")]
    assert [(page["path"], page["query"]) for page in pages] == [
        (f"/account/invitations/{invitation_token[:4]}…", "from=mail")
    ]
    assert {
        entry["query"] for entry in entries if "access_token" in entry["query"] or "client_secret" in entry["query"]
    } == {
        "client_secret=…",
        "access_token=…",
    }


# --- Filters, following, clearing ------------------------------------------------------------------------------


def test_filters(server: LocalServer) -> None:
    client = server.digest()
    assert client.get(invites_path(server)).status_code == 200
    assert client.get("/api/atlas/v2/orgs/not-an-id/invites").status_code == 404
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    assert server.bearer().delete(f"{invites_path(server)}/{'0' * 24}").status_code == 400
    everything = journal(server)
    ids = [entry["id"] for entry in everything]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # newest last, each its own id

    assert {entry["operationId"] for entry in journal(server, operationId="listOrgInvites")} == {"listOrgInvites"}
    assert [entry["method"] for entry in journal(server, method="delete")] == ["DELETE"]
    assert {entry["path"] for entry in journal(server, path=invites_path(server))} == {
        invites_path(server),
        f"{invites_path(server)}/{'0' * 24}",
    }
    assert {entry["status"] for entry in journal(server, status="401")} == {401}
    assert {entry["status"] for entry in journal(server, status="4xx")} == {400, 401, 404}
    assert [entry["errorCode"] for entry in journal(server, errorCode="INVALID_INVITATION_ID")] == [
        "INVALID_INVITATION_ID"
    ]
    by_key = journal(server, principal=server.bootstrap["publicKey"])
    assert len(by_key) == 3 and journal(server, principal="API_KEY") == by_key
    assert {entry["principalType"] for entry in journal(server, principal="SERVICE_ACCOUNT")} == {"SERVICE_ACCOUNT"}
    assert {entry["principal"] for entry in journal(server, principal="none")} == {None}

    assert journal(server, limit=2) == everything[-2:]  # the newest
    after = everything[1]["id"]
    assert journal(server, since=after) == everything[2:]
    assert journal(server, since=after, limit=2) == everything[2:4]  # the oldest after it, to page forward
    assert journal(server, since=everything[-1]["time"][:19] + "Z")[-1] == everything[-1]
    assert journal(server, since="2999-01-01T00:00:00Z") == []
    assert journal(server, status="200", operationId="getOrg") == [everything[-3]]


@pytest.mark.parametrize(
    "query",
    [{"status": "abc"}, {"status": "4x"}, {"limit": "0"}, {"limit": "x"}, {"since": "yesterday"}, {"operationid": "a"}],
)
def test_a_filter_that_cannot_be_read_is_400(server: LocalServer, query: dict[str, str]) -> None:
    response = server.admin().get(REQUESTS, params=query)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "INVALID_QUERY_PARAMETER"
    assert response.json()["parameters"] == [next(iter(query))]


def test_reading_the_journal_is_not_recorded_and_clearing_keeps_the_ids_counting(server: LocalServer) -> None:
    assert server.digest().get(invites_path(server)).status_code == 200
    first = server.admin().get(REQUESTS).json()
    again = server.admin().get(REQUESTS).json()
    assert again == first  # reading added nothing
    assert first["capacity"] == 1000
    assert first["lastId"] == first["results"][-1]["id"]

    cleared = server.admin().delete(REQUESTS)
    assert cleared.status_code == 200
    assert cleared.json() == {"cleared": len(first["results"]), "lastId": first["lastId"]}
    assert journal(server) == []
    assert server.digest().get(invites_path(server)).status_code == 200
    assert [entry["id"] for entry in journal(server)] == [first["lastId"] + 1, first["lastId"] + 2]
    assert journal(server, since=first["lastId"] + 1)[0]["status"] == 200  # a follower asks after the last it saw


def test_reading_the_journal_needs_the_admin_token(server: LocalServer) -> None:
    refused = httpx.get(
        server.base_url + REQUESTS, headers={"Authorization": f"Bearer {server.bootstrap['privateKey']}"}
    )
    expect_refusal(refused, ADMIN_CHALLENGE)
    assert httpx.delete(server.base_url + REQUESTS).status_code == 401
    entry = journal(server)[-1]  # refused reads are recorded, with why
    assert (entry["method"], entry["path"], entry["authFailure"]) == ("DELETE", REQUESTS, "no credentials")
