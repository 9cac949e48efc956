"""Fault rules with ``staleReads`` (docs/faults.md §Stale reads): a write that succeeds is not seen by the writer's
next N reads of the resource and of its collection's list, through real HTTP against a running server."""

from __future__ import annotations

from typing import Any

import httpx

from support.server import LocalServer

FAULTS = "/api/local/v1/faults"
SA_ACCEPT = "application/vnd.atlas.2024-08-05+json"


def _rule(server: LocalServer, **body: Any) -> dict[str, Any]:
    made = server.admin().post(FAULTS, json=body)
    assert made.status_code == 200, made.text
    return dict(made.json())


def _only_rule(server: LocalServer) -> dict[str, Any]:
    [rule] = server.admin().get(FAULTS).json()["results"]
    return dict(rule)


def _invite(client: httpx.Client, server: LocalServer, username: str) -> dict[str, Any]:
    made = client.post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert made.status_code == 200, made.text
    return dict(made.json())


def _usernames(client: httpx.Client, server: LocalServer, query: str = "") -> list[str]:
    listed = client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites{query}")
    assert listed.status_code == 200, listed.text
    return [invitation["username"] for invitation in listed.json()]


def test_a_created_invitation_is_not_found_by_the_next_reads(server: LocalServer) -> None:
    _rule(server, operationId="createOrgInvite", staleReads=2)
    client = server.digest()
    made = _invite(client, server, "new@example.com")
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{made['id']}"
    for _ in range(2):
        missing = client.get(url)
        assert missing.status_code == 404
        assert missing.headers["x-error-code"] == "RESOURCE_NOT_FOUND"
        # The catalog's answer for a missing invitation, naming the new one.
        assert missing.json()["detail"] == f"Cannot find resource invitation with ID {made['id']}."
        assert missing.json()["parameters"] == [f"invitation with ID {made['id']}"]
        assert _usernames(client, server) == []
    assert client.get(url).json() == made
    assert _usernames(client, server) == ["new@example.com"]
    rule = _only_rule(server)
    assert (rule["fired"], rule["staleAnswers"], rule["staleReads"]) == (1, 4, 2)


def test_a_deleted_invitation_is_still_read_as_it_was(server: LocalServer) -> None:
    client = server.digest()
    made = _invite(client, server, "gone@example.com")
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{made['id']}"
    _rule(server, operationId="deleteOrgInvite", staleReads=1)
    remaining = int(client.get(url).headers["ratelimit-remaining"])
    assert client.delete(url).status_code == 204
    stale = client.get(url)
    assert stale.status_code == 200 and stale.json() == made
    assert stale.headers["content-type"].startswith("application/vnd.atlas.2023-01-01+json")
    assert int(stale.headers["ratelimit-remaining"]) == remaining - 2  # the reads still take their tokens
    assert _usernames(client, server) == ["gone@example.com"]
    assert client.get(url).status_code == 404  # once each: now the truth
    assert _usernames(client, server) == []


def test_an_update_is_read_as_before_and_pretty_still_applies(server: LocalServer) -> None:
    client = server.digest()
    made = _invite(client, server, "roles@example.com")
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{made['id']}"
    _rule(server, operationId="updateOrgInviteById", staleReads=1)
    changed = client.patch(url, json={"roles": ["ORG_READ_ONLY"]})
    assert changed.status_code == 200 and changed.json()["roles"] == ["ORG_READ_ONLY"]
    stale = client.get(url + "?pretty=true")
    assert stale.json()["roles"] == ["ORG_MEMBER"]
    assert stale.text.startswith("{\n")
    assert client.get(url).json()["roles"] == ["ORG_READ_ONLY"]


def test_only_the_writer_s_plain_reads_are_hidden(server: LocalServer) -> None:
    _rule(server, operationId="createOrgInvite", staleReads=5)
    writer = server.digest()
    made = _invite(writer, server, "seen@example.com")
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{made['id']}"
    assert server.bearer().get(url).status_code == 200  # another caller reads the truth
    assert _usernames(writer, server, "?username=seen@example.com") == ["seen@example.com"]  # another query
    other_version = writer.get(url, headers={"Accept": "application/vnd.atlas.2023-01-01+json"})
    assert other_version.status_code == 404  # the same version (2023-01-01 is what 2025-03-12 resolves to)
    assert writer.get(url).status_code == 404
    assert _only_rule(server)["staleAnswers"] == 2


def test_a_failed_write_hides_nothing_and_uses_nothing(server: LocalServer) -> None:
    client = server.digest()
    made = _invite(client, server, "later@example.com")  # (and the Digest challenge is behind us)
    _rule(server, operationId="deleteOrgInvite", staleReads=3, times=1)
    missing = "0123456789abcdef01234567"
    assert client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{missing}").status_code == 400
    rule = _only_rule(server)
    assert (rule["matched"], rule["fired"], rule["remaining"]) == (1, 0, 1)
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{made['id']}"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 200  # this one is hidden
    assert _only_rule(server)["remaining"] == 0
    second = _invite(client, server, "second@example.com")
    assert client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{second['id']}").status_code == 204
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{second['id']}").status_code == 404  # used up


def test_removing_the_rule_ends_the_stale_reads(server: LocalServer) -> None:
    rule = _rule(server, operationId="createOrgInvite", staleReads=10)
    client = server.digest()
    made = _invite(client, server, "x@example.com")
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{made['id']}"
    assert client.get(url).status_code == 404
    assert server.admin().delete(f"{FAULTS}/{rule['id']}").status_code == 200
    assert client.get(url).status_code == 200


def test_a_deleted_project_is_still_read_by_its_deleter(server: LocalServer) -> None:
    client = server.digest()
    made = client.post("/api/atlas/v2/groups", json={"name": "short-lived", "orgId": server.org_id})
    assert made.status_code == 201, made.text
    project = made.json()
    _rule(server, method="DELETE", path="/api/atlas/v2/groups/{groupId}", staleReads=1)
    assert client.delete(f"/api/atlas/v2/groups/{project['id']}").status_code == 202
    assert client.get(f"/api/atlas/v2/groups/{project['id']}").json() == project
    listed = client.get("/api/atlas/v2/groups").json()["results"]
    assert project["id"] in [one["id"] for one in listed]
    gone = client.get(f"/api/atlas/v2/groups/{project['id']}")
    assert gone.status_code == 404 and gone.headers["x-error-code"] == "GROUP_NOT_FOUND"


def test_a_created_service_account_is_missing_by_its_client_id(server: LocalServer) -> None:
    _rule(server, operationId="createOrgServiceAccount", staleReads=1)
    client = server.digest(accept=SA_ACCEPT)
    base = f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts"
    made = client.post(
        base, json={"name": "ci", "description": "ci", "roles": ["ORG_MEMBER"], "secretExpiresAfterHours": 24}
    )
    assert made.status_code == 201, made.text
    client_id = made.json()["clientId"]
    missing = client.get(f"{base}/{client_id}")
    assert missing.status_code == 404
    assert missing.headers["x-error-code"] == "SERVICE_ACCOUNT_NOT_FOUND"
    assert client_id in missing.json()["detail"]
    assert client.get(f"{base}/{client_id}").status_code == 200
