"""Organization and project events over HTTP: shapes, feeds, filters, pagination, single events."""

from __future__ import annotations

import re

import httpx
import pytest

from support.server import LocalServer

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def _org_invite(client: httpx.Client, server: LocalServer, username: str) -> str:
    response = client.post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def test_org_feed_newest_first_with_the_real_shape(server: LocalServer) -> None:
    client = server.digest()
    first = _org_invite(client, server, "a@example.com")
    second = _org_invite(client, server, "b@example.com")
    assert client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{first}").status_code == 204
    assert server.accept(second).status_code == 200
    response = client.get(f"/api/atlas/v2/orgs/{server.org_id}/events")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    body = response.json()
    assert body["totalCount"] == 4
    types = [event["eventTypeName"] for event in body["results"]]
    assert types == ["JOINED_ORG", "ORG_INVITATION_DELETED", "INVITED_TO_ORG", "INVITED_TO_ORG"]
    deleted = body["results"][1]
    assert sorted(deleted) == [
        "apiKeyId",
        "created",
        "eventTypeName",
        "id",
        "isGlobalAdmin",
        "links",
        "orgId",
        "publicKey",
        "remoteAddress",
        "targetUsername",
    ]
    assert deleted["publicKey"] == server.bootstrap["publicKey"]
    assert deleted["apiKeyId"] == server.bootstrap["apiKeyId"]
    assert deleted["targetUsername"] == "a@example.com"
    assert deleted["remoteAddress"] == "127.0.0.1"
    assert deleted["isGlobalAdmin"] is False
    assert ISO.fullmatch(deleted["created"])
    # Organization events link through groups/null, as the real API's do.
    assert deleted["links"] == [
        {"href": f"{server.base_url}/api/atlas/v2/groups/null/events/{deleted['id']}", "rel": "self"}
    ]
    joined = body["results"][0]
    assert joined["username"] == "b@example.com"
    assert "userId" in joined
    assert "apiKeyId" not in joined


def test_project_events_are_in_the_project_feed_only(server: LocalServer) -> None:
    client = server.bearer()
    response = client.post(
        f"/api/atlas/v2/groups/{server.project_id}/invites",
        json={"username": "p@example.com", "roles": ["GROUP_OWNER"]},
    )
    assert response.status_code == 200
    group_feed = client.get(f"/api/atlas/v2/groups/{server.project_id}/events").json()
    assert [e["eventTypeName"] for e in group_feed["results"]] == ["INVITED_TO_GROUP"]
    event = group_feed["results"][0]
    assert event["groupId"] == server.project_id
    assert event["publicKey"] == server.bootstrap["clientId"]
    assert event["links"][0]["href"].endswith(f"/api/atlas/v2/groups/{server.project_id}/events/{event['id']}")
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}/events").json()["results"] == []


def test_filters_by_type_and_date(server: LocalServer) -> None:
    client = server.digest()
    invitation = _org_invite(client, server, "f@example.com")
    server.advance("2d")
    client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}")
    base = f"/api/atlas/v2/orgs/{server.org_id}/events"
    only_deleted = client.get(base, params={"eventType": "ORG_INVITATION_DELETED"}).json()
    assert [e["eventTypeName"] for e in only_deleted["results"]] == ["ORG_INVITATION_DELETED"]
    both = client.get(base, params=[("eventType", "ORG_INVITATION_DELETED"), ("eventType", "INVITED_TO_ORG")])
    assert both.json()["totalCount"] == 2
    deleted_at = only_deleted["results"][0]["created"]
    assert [e["eventTypeName"] for e in client.get(base, params={"minDate": deleted_at}).json()["results"]] == [
        "ORG_INVITATION_DELETED"
    ]
    assert [
        e["eventTypeName"] for e in client.get(base, params={"maxDate": "2000-01-01T00:00:00Z"}).json()["results"]
    ] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("eventType", "not-a-type"),
        ("minDate", "yesterday"),
        ("itemsPerPage", "501"),
        ("pageNum", "0"),
        ("includeRaw", "x"),
    ],
)
def test_bad_query_parameters(server: LocalServer, name: str, value: str) -> None:
    response = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/events", params={name: value})
    assert response.status_code == 400
    assert response.json()["errorCode"] == "INVALID_QUERY_PARAMETER"
    assert response.json()["detail"] == f"Invalid query parameter {name} specified."


def test_pagination_links(server: LocalServer) -> None:
    client = server.digest()
    for number in range(5):
        _org_invite(client, server, f"page{number}@example.com")
    base = f"/api/atlas/v2/orgs/{server.org_id}/events"
    first = client.get(base, params={"itemsPerPage": 2, "eventType": "INVITED_TO_ORG"}).json()
    assert first["totalCount"] == 5
    assert len(first["results"]) == 2
    url = f"{server.base_url}{base}?eventType=INVITED_TO_ORG&includeCount=true"
    assert first["links"] == [
        {"href": f"{url}&pageNum=1&itemsPerPage=2", "rel": "self"},
        {"href": f"{url}&itemsPerPage=2&pageNum=2", "rel": "next"},
    ]
    last = client.get(base, params={"itemsPerPage": 2, "pageNum": 3}).json()
    assert len(last["results"]) == 1
    assert [link["rel"] for link in last["links"]] == ["self", "previous"]
    seen = [
        e["id"]
        for page in (1, 2, 3)
        for e in client.get(base, params={"itemsPerPage": 2, "pageNum": page}).json()["results"]
    ]
    assert len(set(seen)) == 5
    uncounted = client.get(base, params={"includeCount": "false"}).json()
    assert uncounted["totalCount"] == 0
    enveloped = client.get(base, params={"envelope": "true"}).json()
    assert enveloped["status"] == 200 and enveloped["totalCount"] == 5


def test_single_events(server: LocalServer) -> None:
    client = server.digest()
    _org_invite(client, server, "one@example.com")
    listed = client.get(f"/api/atlas/v2/orgs/{server.org_id}/events").json()["results"][0]
    single = client.get(f"/api/atlas/v2/orgs/{server.org_id}/events/{listed['id']}")
    assert single.status_code == 200
    assert single.json() == listed
    raw = client.get(f"/api/atlas/v2/orgs/{server.org_id}/events/{listed['id']}", params={"includeRaw": "true"}).json()
    assert raw["raw"]["eventType"] == "INVITED_TO_ORG"
    missing = client.get(f"/api/atlas/v2/orgs/{server.org_id}/events/{'f' * 24}")
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"No event with ID {'f' * 24} exists for organization {server.org_id}."
    # An organization event is not one of the project's.
    other = client.get(f"/api/atlas/v2/groups/{server.project_id}/events/{listed['id']}")
    assert other.status_code == 404
    assert other.json()["errorCode"] == "EVENT_NOT_FOUND"
