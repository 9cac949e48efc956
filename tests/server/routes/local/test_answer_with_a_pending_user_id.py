"""``POST /api/local/v1/invitations/{id}:accept`` (and ``:decline``) given the id the users API shows for a pending
user, not the invitation's: the same 404 ``RESOURCE_NOT_FOUND``, with a detail that says which id it needs."""

from __future__ import annotations

import pytest

from support.server import LocalServer

USERS = "application/vnd.atlas.2025-02-19+json"
UNKNOWN = "5f1a2b3c4d5e6f7a8b9c0d1e"


def _pending_user(server: LocalServer, username: str) -> tuple[str, str]:
    """Invite through the users API: (the pending user's id, the invitation's id)."""
    org = f"/api/atlas/v2/orgs/{server.org_id}"
    made = server.digest().post(
        f"{org}/users", json={"username": username, "roles": {"orgRoles": ["ORG_MEMBER"]}}, headers={"Accept": USERS}
    )
    assert made.status_code == 201, made.text
    invites = server.digest().get(f"{org}/invites", params={"username": username}, headers={"Accept": USERS})
    return str(made.json()["id"]), str(invites.json()[0]["id"])


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_a_pending_user_id_is_named_with_the_invitation_id(server: LocalServer, action: str) -> None:
    user_id, invitation_id = _pending_user(server, "pending@example.com")
    assert user_id != invitation_id
    response = server.admin().post(f"/api/local/v1/invitations/{user_id}:{action}")
    assert response.status_code == 404
    assert response.headers["x-error-code"] == "RESOURCE_NOT_FOUND"
    body = response.json()
    assert body["parameters"] == [f"invitation with ID {user_id}"]
    assert body["detail"] == (
        f"Cannot find resource invitation with ID {user_id}. {user_id} is the id of a pending user from the users "
        f"API; :{action} takes the invitation's id: {invitation_id}, or list them with "
        f"GET /api/atlas/v2/orgs/{server.org_id}/invites."
    )
    # Given the id it names, the answer goes through.
    assert server.admin().post(f"/api/local/v1/invitations/{invitation_id}:{action}").status_code == 200


def test_an_id_that_is_nothing_keeps_the_plain_detail(server: LocalServer) -> None:
    response = server.accept(UNKNOWN)
    assert (response.status_code, response.headers["x-error-code"]) == (404, "RESOURCE_NOT_FOUND")
    assert response.json()["detail"] == f"Cannot find resource invitation with ID {UNKNOWN}."
