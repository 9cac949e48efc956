"""Fault rules over the local API (docs/faults.md): error answers, delays, chance, "the next N", order relative to
authentication and rate limits, validation, removal and reset; each through real HTTP against a running server."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from support.server import LocalServer

FAULTS = "/api/local/v1/faults"


def _invite(server: LocalServer, username: str = "f@example.com") -> str:
    made = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


def _rule(server: LocalServer, **body: Any) -> dict[str, Any]:
    made = server.admin().post(FAULTS, json=body)
    assert made.status_code == 200, made.text
    return dict(made.json())


def _listed(server: LocalServer) -> list[dict[str, Any]]:
    listed = server.admin().get(FAULTS)
    assert listed.status_code == 200, listed.text
    return list(listed.json()["results"])


def test_faults_need_the_admin_token(server: LocalServer) -> None:
    for call in (httpx.get, httpx.delete):
        assert call(server.base_url + FAULTS).status_code == 401
    assert httpx.post(server.base_url + FAULTS, json={"operationId": "listOrgInvites", "delayMs": 1}).status_code == 401
    assert server.bearer().get(FAULTS).status_code == 401
    assert _listed(server) == []


def test_an_error_rule_by_operation_id_answers_without_touching_state(server: LocalServer) -> None:
    invitation = _invite(server)
    rule = _rule(server, operationId="deleteOrgInvite", errorCode="SERVICE_UNAVAILABLE", detail="Try later.", times=1)
    assert rule["status"] == 503 and rule["remaining"] == 1 and rule["fired"] == 0

    client = server.digest()
    failed = client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}")
    assert failed.status_code == 503
    assert failed.headers["x-error-code"] == "SERVICE_UNAVAILABLE"
    assert failed.headers["content-type"] == "application/json"
    assert failed.json() == {
        "detail": "Try later.",
        "error": 503,
        "errorCode": "SERVICE_UNAVAILABLE",
        "parameters": [],
        "reason": "Service Unavailable",
    }
    # Nothing happened: the invitation is still there, and the next call (the rule used up) deletes it.
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}").status_code == 200
    assert client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}").status_code == 204
    [listed] = _listed(server)
    assert (listed["fired"], listed["remaining"], listed["matched"]) == (1, 0, 1)
    # The request journal shows the injected answer with its operation, and no caller: none was checked.
    [journaled] = server.admin().get("/api/local/v1/requests", params={"status": "503"}).json()["results"]
    assert (journaled["operationId"], journaled["errorCode"], journaled["principal"]) == (
        "deleteOrgInvite",
        "SERVICE_UNAVAILABLE",
        None,
    )


def test_an_operation_id_matches_both_surfaces_and_only_its_method(server: LocalServer) -> None:
    _rule(server, operationId="listOrgInvites", errorCode="UNEXPECTED_ERROR")
    digest = server.digest()
    assert digest.get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code == 500
    cloud_manager = server.digest(accept="application/json")
    assert cloud_manager.get(f"/api/public/v1.0/orgs/{server.org_id}/invites").status_code == 500
    assert cloud_manager.get(f"/api/public/v1.0/orgs/{server.org_id}/invitations").status_code == 500
    assert digest.get(f"/api/atlas/v2/groups/{server.project_id}/invites").status_code == 200  # listGroupInvites
    made = digest.post(f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": "x@example.com", "roles": []})
    assert made.status_code != 500  # createOrgInvite, on the same path
    assert _listed(server)[0]["fired"] == 3


def test_a_rule_by_method_and_path_template_or_exact_path(server: LocalServer) -> None:
    template = _rule(
        server,
        method="get",
        path="/api/atlas/v2/orgs/{orgId}/invites/{invitationId}",
        errorCode="RESOURCE_NOT_FOUND",
        parameters=["nothing"],
    )
    assert template["method"] == "GET"
    digest = server.digest()
    invitation = _invite(server)
    answered = digest.get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}")
    assert answered.status_code == 404
    assert answered.json()["detail"] == "Cannot find resource nothing."
    assert digest.get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code == 200  # one segment fewer
    assert digest.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}").status_code == 204  # DELETE

    # The OAuth token endpoint and ipinfo are reached by their paths.
    _rule(server, method="POST", path="/api/oauth/token", errorCode="UNEXPECTED_ERROR", times=1)
    token = httpx.post(
        f"{server.base_url}/api/oauth/token",
        auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"]),
        data={"grant_type": "client_credentials"},
    )
    assert token.status_code == 500 and token.json()["errorCode"] == "UNEXPECTED_ERROR"
    assert server.token()  # used up: tokens are made again
    _rule(server, method="GET", path="/api/private/ipinfo", errorCode="SERVICE_UNAVAILABLE", detail="Down.")
    assert digest.get("/api/private/ipinfo").status_code == 503


def test_an_unknown_code_needs_its_status_and_detail_and_429_carries_retry_after(server: LocalServer) -> None:
    _rule(
        server, operationId="listOrgInvites", errorCode="SOMETHING_ODD", status=429, detail="Slow down.", retryAfter=3
    )
    answered = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites")
    assert answered.status_code == 429
    assert answered.headers["retry-after"] == "3"
    assert answered.headers["x-error-code"] == "SOMETHING_ODD"
    assert answered.json() == {
        "detail": "Slow down.",
        "error": 429,
        "errorCode": "SOMETHING_ODD",
        "parameters": [],
        "reason": "Too Many Requests",
    }


def test_a_catalog_code_fills_its_detail_from_the_parameters(server: LocalServer) -> None:
    rule = _rule(
        server,
        operationId="getOrg",
        errorCode="RATE_LIMITED_TOKEN_BUCKET",
        parameters=["orgs", 5, 500, 250, 60],
        retryAfter=5,
    )
    assert rule["detail"] == (
        "Rate limit exceeded for orgs. Please retry after 5 seconds. Request capacity: 500. "
        "Refill rate: 250 per 60 seconds."
    )
    answered = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}?envelope=true&pretty=true")
    assert answered.status_code == 200  # enveloped, as every error is with envelope=true
    assert answered.json()["status"] == 429 and answered.json()["content"]["parameters"] == ["orgs", 5, 500, 250, 60]
    assert answered.text.startswith('{\n  "content" : {')


def test_next_n_stops_after_n(server: LocalServer) -> None:
    _rule(server, operationId="listOrgInvites", errorCode="UNEXPECTED_ERROR", times=2)
    client = server.digest()
    statuses = [client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code for _ in range(4)]
    assert statuses == [500, 500, 200, 200]
    [rule] = _listed(server)
    assert (rule["fired"], rule["remaining"], rule["times"], rule["matched"]) == (2, 0, 2, 2)


def _hits(server: LocalServer, seed: int) -> list[bool]:
    _rule(server, operationId="getOrg", errorCode="UNEXPECTED_ERROR", probability=0.5, seed=seed)
    client = server.bearer()  # one request a call (Digest's first call is two: the challenge, then the answer)
    hits = [client.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 500 for _ in range(16)]
    [rule] = server.admin().delete(FAULTS).json()["results"]
    assert rule["seed"] == seed and rule["matched"] == 16 and rule["fired"] == sum(hits)
    return hits


def test_a_seeded_probability_gives_the_same_hits_twice(server: LocalServer) -> None:
    first = _hits(server, 42)
    assert _hits(server, 42) == first
    assert 0 < sum(first) < 16  # a coin, not a constant
    assert _hits(server, 7) != first
    unseeded = _rule(server, operationId="getOrg", delayMs=1, probability=0.5)
    assert isinstance(unseeded["seed"], int)  # chosen, and shown so that a run can be repeated


def test_a_delay_is_waited_before_the_request_is_handled(server: LocalServer) -> None:
    _rule(server, operationId="listOrgInvites", delayMs=400)
    client = server.digest()
    started = time.monotonic()
    answered = client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites")
    assert time.monotonic() - started >= 0.4
    assert answered.status_code == 200
    # A delay and an error: the error comes after the delay.
    _rule(server, method="GET", path="/api/atlas/v2/orgs/{orgId}", delayMs=300, errorCode="UNEXPECTED_ERROR")
    started = time.monotonic()
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 500
    assert time.monotonic() - started >= 0.3


def test_a_fault_answers_before_authentication_and_the_rate_limit(server: LocalServer) -> None:
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    client = server.digest()
    before = int(client.get(url).headers["ratelimit-remaining"])
    _rule(server, operationId="listOrgInvites", errorCode="UNEXPECTED_ERROR", times=3)
    anonymous = httpx.get(server.base_url + url, headers={"Accept": "application/vnd.atlas.2025-03-12+json"})
    assert anonymous.status_code == 500  # not the 401 challenge: the fault comes first
    failed = client.get(url)
    assert failed.status_code == 500 and "ratelimit-remaining" not in failed.headers
    assert client.get(url).status_code == 500
    assert int(client.get(url).headers["ratelimit-remaining"]) == before - 1  # the faults took no token


def test_the_local_api_is_never_subject_to_faults(server: LocalServer) -> None:
    refused = server.admin().post(FAULTS, json={"method": "GET", "path": FAULTS, "errorCode": "UNEXPECTED_ERROR"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "The local API (/api/local/v1) is never subject to faults."
    _rule(server, method="GET", path="/api/{anything}/v1/faults", errorCode="UNEXPECTED_ERROR")
    assert server.admin().get(FAULTS).status_code == 200  # a template that would match it does not reach it


@pytest.mark.parametrize(
    ("body", "code", "attribute"),
    [
        ({}, "MISSING_ATTRIBUTE", "operationId"),
        ({"operationId": "listOrgInvites"}, "MISSING_ATTRIBUTE", "errorCode"),
        ({"operationId": "noSuchThing", "delayMs": 5}, "INVALID_JSON_ATTRIBUTE", "operationId"),
        ({"operationId": "getOrg", "path": "/x", "delayMs": 5}, "INVALID_ATTRIBUTE", "path"),
        ({"operationId": "getOrg", "method": "GET", "delayMs": 5}, "INVALID_ATTRIBUTE", "method"),
        ({"path": "/api/oauth/token", "delayMs": 5}, "MISSING_ATTRIBUTE", "method"),
        ({"method": "TRACE", "path": "/x", "delayMs": 5}, "INVALID_JSON_ATTRIBUTE", "method"),
        ({"method": "GET", "path": "no-slash", "delayMs": 5}, "INVALID_JSON_ATTRIBUTE", "path"),
        ({"method": "GET", "path": "/x?y=1", "delayMs": 5}, "INVALID_JSON_ATTRIBUTE", "path"),
        ({"operationId": "getOrg", "delayMs": 60_001}, "INVALID_JSON_ATTRIBUTE", "delayMs"),
        ({"operationId": "getOrg", "delayMs": -1}, "INVALID_JSON_ATTRIBUTE", "delayMs"),
        ({"operationId": "getOrg", "delayMs": "5"}, "INVALID_JSON_ATTRIBUTE", "delayMs"),
        ({"operationId": "getOrg", "status": 503}, "MISSING_ATTRIBUTE", "errorCode"),
        ({"operationId": "getOrg", "errorCode": "NEW_CODE", "detail": "x"}, "MISSING_ATTRIBUTE", "status"),
        ({"operationId": "getOrg", "errorCode": "NEW_CODE", "status": 500}, "MISSING_ATTRIBUTE", "detail"),
        ({"operationId": "getOrg", "errorCode": "bad code"}, "INVALID_JSON_ATTRIBUTE", "errorCode"),
        ({"operationId": "getOrg", "errorCode": "UNEXPECTED_ERROR", "status": 200}, "INVALID_JSON_ATTRIBUTE", "status"),
        ({"operationId": "getOrg", "errorCode": "RESOURCE_NOT_FOUND"}, "MISSING_ATTRIBUTE", "detail"),
        (
            {"operationId": "getOrg", "errorCode": "UNEXPECTED_ERROR", "retryAfter": 1},
            "INVALID_ATTRIBUTE",
            "retryAfter",
        ),
        (
            {"operationId": "getOrg", "errorCode": "RATE_LIMITED_TOKEN_BUCKET", "detail": "x", "retryAfter": 3601},
            "INVALID_JSON_ATTRIBUTE",
            "retryAfter",
        ),
        ({"operationId": "getOrg", "delayMs": 1, "probability": 0}, "INVALID_JSON_ATTRIBUTE", "probability"),
        ({"operationId": "getOrg", "delayMs": 1, "probability": 1.5}, "INVALID_JSON_ATTRIBUTE", "probability"),
        ({"operationId": "getOrg", "delayMs": 1, "times": 0}, "INVALID_JSON_ATTRIBUTE", "times"),
        ({"operationId": "getOrg", "delayMs": 1, "seed": -1}, "INVALID_JSON_ATTRIBUTE", "seed"),
        ({"operationId": "getOrg", "staleReads": 2}, "INVALID_ATTRIBUTE", "staleReads"),
        ({"operationId": "deleteOrgInvite", "staleReads": 0}, "INVALID_JSON_ATTRIBUTE", "staleReads"),
        ({"operationId": "deleteOrgInvite", "staleReads": 2, "delayMs": 5}, "INVALID_ATTRIBUTE", "delayMs"),
        ({"operationId": "getOrg", "delayMs": 1, "colour": "red"}, "INVALID_ATTRIBUTE", "colour"),
    ],
)
def test_a_bad_rule_is_a_400_naming_the_attribute(
    server: LocalServer, body: dict[str, Any], code: str, attribute: str
) -> None:
    refused = server.admin().post(FAULTS, json=body)
    assert refused.status_code == 400, refused.text
    assert refused.headers["x-error-code"] == code
    problem = refused.json()
    assert problem["errorCode"] == code and problem["reason"] == "Bad Request"
    assert problem["badRequestDetail"]["fields"][0]["field"] == attribute
    assert _listed(server) == []


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]"])
def test_a_body_that_is_no_rule_is_a_400(server: LocalServer, raw: bytes) -> None:
    refused = server.admin().post(FAULTS, content=raw, headers={"Content-Type": "application/json"})
    assert refused.status_code == 400
    assert refused.headers["x-error-code"] in {"MALFORMED_JSON", "INVALID_JSON"}


def test_rules_are_removed_one_by_one_or_all_at_once(server: LocalServer) -> None:
    first = _rule(server, operationId="getOrg", errorCode="UNEXPECTED_ERROR")
    second = _rule(server, operationId="listOrgInvites", delayMs=1)
    assert [rule["id"] for rule in _listed(server)] == [first["id"], second["id"]]
    admin = server.admin()
    removed = admin.delete(f"{FAULTS}/{first['id']}")
    assert removed.status_code == 200 and removed.json()["id"] == first["id"]
    assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    missing = admin.delete(f"{FAULTS}/{first['id']}")
    assert missing.status_code == 404 and missing.headers["x-error-code"] == "RESOURCE_NOT_FOUND"
    assert [rule["id"] for rule in admin.delete(FAULTS).json()["results"]] == [second["id"]]
    assert _listed(server) == []


def test_reset_clears_the_rules(server: LocalServer) -> None:
    _rule(server, operationId="getOrg", errorCode="UNEXPECTED_ERROR")
    fresh = server.admin().post("/api/local/v1/reset")
    assert fresh.status_code == 200, fresh.text
    server.bootstrap = fresh.json()
    assert _listed(server) == []
    assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
