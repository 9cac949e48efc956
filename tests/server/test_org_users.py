"""The organization users API (``/api/atlas/v2/orgs/{orgId}/users``, 2025-02-19 and 2023-01-01).

Pending users are the organization's invitations seen from the users API: one record, two views, two ids.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from support.server import LocalServer
from support.users import (
    ACTIVE_KEYS,
    ALL_STATUSES,
    DAY,
    NEW_CONTENT_TYPE,
    OLD,
    OLD_CONTENT_TYPE,
    PENDING_KEYS,
    Org,
    bootstrap_org,
    error_code,
    fixture_org,
    seconds,
    server_now,
)

# --- Invite (POST) ------------------------------------------------------------------------------


def test_post_creates_a_pending_user_backed_by_an_invitation(server: LocalServer) -> None:
    org = bootstrap_org(server)
    response = org.invite(
        "Ada@Example.com",
        ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
        assignments=[{"groupId": server.project_id, "groupRoles": ["GROUP_READ_ONLY"]}],
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == NEW_CONTENT_TYPE
    user = response.json()
    assert sorted(user) == PENDING_KEYS
    assert user["username"] == "ada@example.com"
    assert user["orgMembershipStatus"] == "PENDING"
    assert user["inviterUsername"] == server.bootstrap["publicKey"]
    assert user["roles"] == {
        "groupRoleAssignments": [{"groupId": server.project_id, "groupRoles": ["GROUP_READ_ONLY"]}],
        "orgRoles": ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
    }
    assert user["teamIds"] == []
    assert seconds(user["invitationExpiresAt"]) - seconds(user["invitationCreatedAt"]) == 30 * DAY
    assert abs(seconds(user["invitationCreatedAt"]) - server_now(server)) <= 5

    # The invitation behind it: same username and dates, another id.
    invitation = org.invitation_of("ada@example.com")
    assert invitation["id"] != user["id"]
    assert invitation["createdAt"] == user["invitationCreatedAt"]
    assert invitation["expiresAt"] == user["invitationExpiresAt"]
    assert invitation["roles"] == ["ORG_MEMBER", "ORG_GROUP_CREATOR"]
    assert invitation["groupRoleAssignments"] == [{"groupId": server.project_id, "groupRole": "GROUP_READ_ONLY"}]
    assert org.get_user(user["id"]) == user

    mails = server.outbox()
    assert [(m["to"], m["invitationId"]) for m in mails] == [("ada@example.com", invitation["id"])]
    assert org.org_events() == [("INVITED_TO_ORG", "ada@example.com")]


def test_deprecated_org_invitation_is_a_pending_user_but_a_project_invitation_is_not(server: LocalServer) -> None:
    org = bootstrap_org(server)
    org_invite = org.client.post(
        org.invites_path, headers=OLD, json={"username": "org@example.com", "roles": ["ORG_READ_ONLY"]}
    )
    assert org_invite.status_code == 200, org_invite.text
    project_invite = org.client.post(
        f"/api/atlas/v2/groups/{server.project_id}/invites",
        headers=OLD,
        json={"username": "project@example.com", "roles": ["GROUP_READ_ONLY"]},
    )
    assert project_invite.status_code == 200, project_invite.text

    listed = org.listing(ALL_STATUSES)
    assert listed["totalCount"] == 1
    (pending,) = listed["results"]
    invitation = org_invite.json()
    assert pending["username"] == "org@example.com"
    assert pending["orgMembershipStatus"] == "PENDING"
    assert pending["id"] != invitation["id"]
    assert pending["invitationCreatedAt"] == invitation["createdAt"]
    assert pending["invitationExpiresAt"] == invitation["expiresAt"]
    assert pending["roles"] == {"groupRoleAssignments": [], "orgRoles": ["ORG_READ_ONLY"]}
    assert org.listing(ALL_STATUSES, org.project_users_path(server.project_id))["results"] == []
    assert org.listing({"username": "project@example.com"})["results"] == []
    # The invitation id is not a user id.
    assert error_code(org.client.get(org.user_path(invitation["id"]))) == "USER_NOT_FOUND"
    assert error_code(org.client.get(org.user_path(project_invite.json()["id"]))) == "USER_NOT_FOUND"


def test_post_conflicts_with_a_pending_invitation_and_an_active_member(server: LocalServer) -> None:
    org = fixture_org(server, users=({"username": "member@example.com", "orgRoles": ["ORG_MEMBER"]},))
    first = org.invited("ada@example.com")
    for username in ("ada@example.com", "ADA@example.com", "member@example.com"):
        again = org.invite(username, ["ORG_OWNER"])
        assert again.status_code == 409, again.text
        assert error_code(again) == "USER_ALREADY_EXISTS"
        assert again.json()["detail"] == f"A user with username {username.lower()} already exists."
    # Nothing changed: one pending user with its first roles, one mail.
    assert org.usernames() == [("ada@example.com", "PENDING"), ("member@example.com", "ACTIVE")]
    assert org.get_user(first["id"]) == first
    assert [m["to"] for m in server.outbox()] == ["ada@example.com"]


def _one_invitation_per_username(org: Org, username: str) -> list[dict[str, Any]]:
    params = [(n, v) for n, v in ALL_STATUSES if v != "ACTIVE"] + [("username", username)]
    return list(org.listing(params)["results"])


def test_post_replaces_an_expired_invitation(server: LocalServer) -> None:
    org = bootstrap_org(server)
    old = org.invited("late@example.com", ["ORG_READ_ONLY"])
    old_invitation = org.invitation_of("late@example.com")
    server.advance("31d")
    assert org.get_user(old["id"])["orgMembershipStatus"] == "INVITATION_EXPIRED"

    new = org.invited("late@example.com", ["ORG_MEMBER"])
    assert new["id"] != old["id"]
    assert new["orgMembershipStatus"] == "PENDING"
    assert new["roles"]["orgRoles"] == ["ORG_MEMBER"]
    assert seconds(new["invitationCreatedAt"]) >= seconds(old["invitationCreatedAt"]) + 31 * DAY
    gone = org.client.get(org.user_path(old["id"]))
    assert gone.status_code == 404
    assert error_code(gone) == "USER_NOT_FOUND"
    assert [u["id"] for u in _one_invitation_per_username(org, "late@example.com")] == [new["id"]]
    new_invitation = org.invitation_of("late@example.com")
    assert new_invitation["id"] != old_invitation["id"]
    assert org.get_invitation(old_invitation["id"]).status_code == 404
    # A fresh mail with a fresh link for the new invitation.
    mails = server.outbox()
    assert [m["invitationId"] for m in mails] == [old_invitation["id"], new_invitation["id"]]
    assert mails[0]["link"] != mails[1]["link"]


def test_post_replaces_a_declined_invitation(server: LocalServer) -> None:
    org = bootstrap_org(server)
    old = org.invited("no@example.com")
    assert server.decline(org.invitation_of("no@example.com")["id"]).status_code == 200
    declined = org.get_user(old["id"])
    assert declined["orgMembershipStatus"] == "INVITATION_REJECTED"
    assert declined["invitationExpiresAt"] is None

    new = org.invited("no@example.com", ["ORG_BILLING_ADMIN"])
    assert new["id"] != old["id"]
    assert org.client.get(org.user_path(old["id"])).status_code == 404
    assert [(u["id"], u["orgMembershipStatus"]) for u in _one_invitation_per_username(org, "no@example.com")] == [
        (new["id"], "PENDING")
    ]
    assert len(server.outbox()) == 2


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"roles": {"orgRoles": ["ORG_MEMBER"]}}, 400, "MISSING_ATTRIBUTE", id="no-username"),
        pytest.param({"username": "not-an-email", "roles": {"orgRoles": ["ORG_MEMBER"]}}, 400, "INVALID_USERNAME"),
        pytest.param({"username": "x@example.com"}, 400, "MISSING_ATTRIBUTE", id="no-roles"),
        pytest.param({"username": "x@example.com", "roles": {}}, 400, "MISSING_ATTRIBUTE", id="no-org-roles"),
        pytest.param(
            {"username": "x@example.com", "roles": {"orgRoles": []}}, 400, "MISSING_ATTRIBUTE", id="empty-org-roles"
        ),
        pytest.param(
            {"username": "x@example.com", "roles": {"orgRoles": ["ORG_NOPE"]}},
            400,
            "INVALID_ROLE_FOR_ORG",
            id="unknown-org-role",
        ),
        pytest.param(
            {"username": "x@example.com", "roles": {"orgRoles": ["GROUP_OWNER"]}},
            400,
            "INVALID_ROLE_FOR_ORG",
            id="project-role-as-org-role",
        ),
        pytest.param(
            {"username": "x@example.com", "roles": {"orgRoles": ["ORG_MEMBER"]}, "teamIds": ["a" * 24]},
            404,
            "TEAM_NOT_FOUND",
            id="unknown-team",
        ),
        pytest.param(
            {
                "username": "x@example.com",
                "roles": {"orgRoles": ["ORG_MEMBER"], "groupRoleAssignments": [{"groupRoles": ["GROUP_OWNER"]}]},
            },
            400,
            "MISSING_ATTRIBUTE",
            id="assignment-without-group",
        ),
        pytest.param(
            {
                "username": "x@example.com",
                "roles": {
                    "orgRoles": ["ORG_MEMBER"],
                    "groupRoleAssignments": [{"groupId": "b" * 24, "groupRoles": ["GROUP_OWNER"]}],
                },
            },
            404,
            "GROUP_NOT_FOUND",
            id="unknown-project",
        ),
        pytest.param(
            {"username": "x@example.com", "roles": {"orgRoles": ["ORG_MEMBER"]}, "nickname": "x"},
            400,
            "INVALID_ATTRIBUTE",
            id="unknown-attribute",
        ),
        pytest.param(
            {"username": "x@example.com", "roles": {"orgRoles": ["ORG_MEMBER"], "color": "red"}},
            400,
            "INVALID_ATTRIBUTE",
            id="unknown-nested-attribute",
        ),
        pytest.param(
            {"username": "x@example.com", "roles": ["ORG_MEMBER"]}, 400, "INVALID_JSON_ATTRIBUTE", id="roles-a-list"
        ),
    ],
)
def test_post_validation_creates_nothing(server: LocalServer, body: dict[str, Any], status: int, code: str) -> None:
    org = bootstrap_org(server)
    response = org.client.post(org.users_path, json=body)
    assert response.status_code == status, response.text
    assert error_code(response) == code
    assert org.listing(ALL_STATUSES)["totalCount"] == 0
    assert org.invitations() == []
    assert server.outbox() == []
    assert org.org_events() == []


def test_post_refuses_a_project_role_unknown_in_an_assignment(server: LocalServer) -> None:
    org = bootstrap_org(server)
    response = org.invite("x@example.com", assignments=[{"groupId": server.project_id, "groupRoles": ["GROUP_NOPE"]}])
    assert response.status_code == 400
    assert error_code(response) == "INVALID_ROLE_FOR_GROUP"
    assert org.invitations() == []


def test_post_refuses_teams_and_projects_of_another_org(server: LocalServer) -> None:
    org = fixture_org(server, "Home", projects=("Mine",), teams=("Ours",))
    other = fixture_org(server, "Away", projects=("Theirs",), teams=("Theirs",))
    team = org.invite("x@example.com", team_ids=[org.teams["Ours"], other.teams["Theirs"]])
    assert team.status_code == 404
    assert error_code(team) == "TEAM_NOT_FOUND"
    assert team.json()["parameters"] == [other.teams["Theirs"]]
    project = org.invite(
        "x@example.com",
        assignments=[
            {"groupId": org.projects["Mine"], "groupRoles": ["GROUP_OWNER"]},
            {"groupId": other.projects["Theirs"], "groupRoles": ["GROUP_OWNER"]},
        ],
    )
    assert project.status_code == 404
    assert error_code(project) == "GROUP_NOT_FOUND"
    assert project.json()["parameters"] == [other.projects["Theirs"]]
    assert org.invitations() == []
    assert org.listing(ALL_STATUSES)["results"] == []


def test_post_refuses_a_project_assignment_without_roles(server: LocalServer) -> None:
    org = bootstrap_org(server)
    response = org.invite("x@example.com", assignments=[{"groupId": server.project_id, "groupRoles": []}])
    assert response.status_code == 400, response.text
    assert org.invitations() == []


# --- List and get -------------------------------------------------------------------------------


def test_list_statuses_default_and_filters(server: LocalServer) -> None:
    org = fixture_org(server, users=({"username": "member@example.com", "orgRoles": ["ORG_MEMBER"]},))
    org.invited("expired@example.com")
    server.advance("31d")
    org.invited("pending@example.com")
    org.invited("declined@example.com")
    assert server.decline(org.invitation_of("declined@example.com")["id"]).status_code == 200

    assert org.usernames() == [("member@example.com", "ACTIVE"), ("pending@example.com", "PENDING")]
    assert org.usernames({"orgMembershipStatuses": "INVITATION_EXPIRED"}) == [
        ("expired@example.com", "INVITATION_EXPIRED")
    ]
    rejected = org.listing({"orgMembershipStatuses": "INVITATION_REJECTED"})["results"]
    assert [(u["username"], u["orgMembershipStatus"], u["invitationExpiresAt"]) for u in rejected] == [
        ("declined@example.com", "INVITATION_REJECTED", None)
    ]
    assert org.usernames(ALL_STATUSES) == [
        ("declined@example.com", "INVITATION_REJECTED"),
        ("expired@example.com", "INVITATION_EXPIRED"),
        ("member@example.com", "ACTIVE"),
        ("pending@example.com", "PENDING"),
    ]
    assert org.usernames([("orgMembershipStatuses", "ACTIVE"), ("orgMembershipStatuses", "INVITATION_EXPIRED")]) == [
        ("expired@example.com", "INVITATION_EXPIRED"),
        ("member@example.com", "ACTIVE"),
    ]
    # The deprecated single parameter works alone.
    assert org.usernames({"orgMembershipStatus": "PENDING"}) == [("pending@example.com", "PENDING")]
    assert org.usernames({"username": "member@example.com"}) == [("member@example.com", "ACTIVE")]
    assert org.usernames({"username": "expired@example.com"}) == []  # hidden by the default statuses
    assert org.usernames({"username": "Expired@Example.com", "orgMembershipStatuses": "INVITATION_EXPIRED"}) == [
        ("expired@example.com", "INVITATION_EXPIRED")
    ]
    assert org.usernames({"username": "nobody@example.com"}) == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        pytest.param(
            [("orgMembershipStatus", "PENDING"), ("orgMembershipStatuses", "ACTIVE")],
            "INVALID_QUERY_PARAMETER",
            id="single-and-repeatable-together",
        ),
        pytest.param([("orgMembershipStatuses", "MEMBER")], "INVALID_QUERY_PARAMETER", id="unknown-status"),
        pytest.param([("orgMembershipStatus", "MEMBER")], "INVALID_QUERY_PARAMETER", id="unknown-single-status"),
        pytest.param([("username", "not-an-email")], "INVALID_QUERY_PARAMETER", id="bad-username"),
        pytest.param([("itemsPerPage", "0")], "INVALID_QUERY_PARAMETER", id="items-per-page"),
        pytest.param([("pageNum", "0")], "INVALID_QUERY_PARAMETER", id="page-num"),
    ],
)
def test_list_refuses_bad_query_parameters(server: LocalServer, params: list[tuple[str, str]], code: str) -> None:
    org = bootstrap_org(server)
    org.invited("p@example.com")
    response = org.client.get(org.users_path, params=params)
    assert response.status_code == 400, response.text
    assert error_code(response) == code
    assert response.json()["parameters"] == [params[0][0]]


def test_an_unknown_status_is_an_invalid_query_parameter(server: LocalServer) -> None:
    org = bootstrap_org(server)
    response = org.client.get(org.users_path, params={"orgMembershipStatuses": "MEMBER"})
    assert response.status_code == 400
    assert error_code(response) == "INVALID_QUERY_PARAMETER"
    assert response.json()["detail"] == "Invalid query parameter orgMembershipStatuses specified."


def test_list_is_sorted_by_username_and_paginated(server: LocalServer) -> None:
    org = bootstrap_org(server)
    for name in ("carol", "alice", "bob"):
        org.invited(f"{name}@example.com")
    first = org.listing()
    assert [u["username"] for u in first["results"]] == ["alice@example.com", "bob@example.com", "carol@example.com"]
    assert first["totalCount"] == 3
    base = f"{server.base_url}/api/atlas/v2/orgs/{org.id}/users"
    assert first["links"] == [{"href": f"{base}?includeCount=true&pageNum=1&itemsPerPage=100", "rel": "self"}]

    second = org.listing({"itemsPerPage": 1, "pageNum": 2})
    assert [u["username"] for u in second["results"]] == ["bob@example.com"]
    assert second["totalCount"] == 3
    assert second["links"] == [
        {"href": f"{base}?includeCount=true&pageNum=2&itemsPerPage=1", "rel": "self"},
        {"href": f"{base}?includeCount=true&itemsPerPage=1&pageNum=3", "rel": "next"},
        {"href": f"{base}?includeCount=true&itemsPerPage=1&pageNum=1", "rel": "previous"},
    ]
    last = org.listing({"itemsPerPage": 2, "pageNum": 2})
    assert [u["username"] for u in last["results"]] == ["carol@example.com"]
    assert [link["rel"] for link in last["links"]] == ["self", "previous"]


def test_get_one_pending_and_active_and_the_404s(server: LocalServer) -> None:
    org = fixture_org(server, users=({"username": "member@example.com", "orgRoles": ["ORG_BILLING_READ_ONLY"]},))
    other = fixture_org(server, "Other", users=({"username": "stranger@example.com", "orgRoles": ["ORG_MEMBER"]},))
    pending = org.invited("pending@example.com")

    got = org.client.get(org.user_path(pending["id"]))
    assert got.status_code == 200
    assert got.headers["content-type"] == NEW_CONTENT_TYPE
    assert got.json() == pending

    member_id = org.users["member@example.com"]
    active = org.get_user(member_id)
    assert sorted(active) == sorted(k for k in ACTIVE_KEYS if k != "lastAuth")  # never logged in
    assert active["id"] == member_id
    assert active["orgMembershipStatus"] == "ACTIVE"
    assert active["roles"] == {"groupRoleAssignments": [], "orgRoles": ["ORG_BILLING_READ_ONLY"]}
    assert active["mobileNumber"] is None

    invalid = org.client.get(org.user_path("not-an-id"))
    assert (invalid.status_code, error_code(invalid)) == (404, "INVALID_USER_ID")
    unknown = org.client.get(org.user_path("c" * 24))
    assert (unknown.status_code, error_code(unknown)) == (404, "USER_NOT_FOUND")
    assert unknown.json()["detail"] == f"No user with ID {'c' * 24} exists."
    elsewhere = org.client.get(org.user_path(other.users["stranger@example.com"]))
    assert (elsewhere.status_code, error_code(elsewhere)) == (404, "USER_NOT_IN_ORG")
    # A status filter on a single user.
    filtered = org.client.get(org.user_path(pending["id"]), params={"orgMembershipStatuses": "ACTIVE"})
    assert (filtered.status_code, error_code(filtered)) == (404, "USER_NOT_IN_ORG")


def test_expiry_happens_without_anyone_asking(server: LocalServer) -> None:
    org = bootstrap_org(server)
    pending = org.invited(
        "late@example.com", assignments=[{"groupId": server.project_id, "groupRoles": ["GROUP_OWNER"]}]
    )
    invitation = org.invitation_of("late@example.com")
    link = server.outbox()[0]["link"]
    server.advance("31d")

    expired = org.get_user(pending["id"])
    assert expired == {**pending, "orgMembershipStatus": "INVITATION_EXPIRED"}
    assert org.listing()["results"] == []
    project_view = org.listing(
        {"orgMembershipStatuses": "INVITATION_EXPIRED"}, org.project_users_path(server.project_id)
    )
    assert [(u["id"], u["orgMembershipStatus"], u["roles"]) for u in project_view["results"]] == [
        (pending["id"], "INVITATION_EXPIRED", ["GROUP_OWNER"])
    ]
    # The deprecated view still serves it (readable, listable); its expiry lies in the past of the server clock.
    old_view = org.get_invitation(invitation["id"])
    assert old_view.status_code == 200
    assert old_view.json() == invitation
    assert seconds(old_view.json()["expiresAt"]) < server_now(server)
    # The invitee can no longer answer it, through the control API or the page.
    refused = server.accept(invitation["id"])
    assert refused.status_code == 409
    assert refused.json()["errorCode"] == "INVITATION_NOT_PENDING"
    assert refused.json()["parameters"] == [invitation["id"], "EXPIRED"]
    page = httpx.get(link, trust_env=False, timeout=30)
    assert page.status_code == 410
    assert "expired" in page.text.lower()
    assert org.get_user(pending["id"])["orgMembershipStatus"] == "INVITATION_EXPIRED"


# --- Version 2023-01-01 -------------------------------------------------------------------------


def test_version_2023_lists_active_users_only_in_the_cloud_app_user_shape(server: LocalServer) -> None:
    org = fixture_org(
        server,
        projects=("P",),
        teams=("T",),
        users=(
            {
                "username": "member@example.com",
                "firstName": "Ada",
                "lastName": "Lovelace",
                "orgRoles": ["ORG_MEMBER"],
                "projectRoles": {"P": ["GROUP_READ_ONLY"]},
                "teams": ["T"],
            },
        ),
    )
    org.invited("pending@example.com")
    response = org.client.get(org.users_path, headers=OLD)
    assert response.status_code == 200
    assert response.headers["content-type"] == OLD_CONTENT_TYPE
    body = response.json()
    assert body["totalCount"] == 1
    (user,) = body["results"]
    user_id = org.users["member@example.com"]
    self_href = f"{server.base_url}/api/atlas/v2/users/{user_id}"
    assert user == {
        "createdAt": user["createdAt"],
        "emailAddress": "member@example.com",
        "firstName": "Ada",
        "id": user_id,
        "lastName": "Lovelace",
        "links": [
            {"href": self_href, "rel": "self"},
            {"href": f"{self_href}/whitelist", "rel": "https://cloud.mongodb.com/whitelist"},
            {"href": f"{self_href}/accessList", "rel": "https://cloud.mongodb.com/accessList"},
        ],
        "roles": [
            {"orgId": org.id, "roleName": "ORG_MEMBER"},
            {"groupId": org.projects["P"], "roleName": "GROUP_READ_ONLY"},
        ],
        "teamIds": [org.teams["T"]],
        "username": "member@example.com",
    }
    filtered = org.client.get(org.users_path, headers=OLD, params={"username": "pending@example.com"})
    assert filtered.json()["results"] == []


def test_version_2023_delete_leaves_a_pending_user_alone(server: LocalServer) -> None:
    org = bootstrap_org(server)
    pending = org.invited("pending@example.com")
    invitation = org.invitation_of("pending@example.com")
    response = org.client.delete(org.user_path(pending["id"]), headers=OLD)
    assert response.status_code == 404
    assert error_code(response) == "USER_NOT_FOUND"
    assert org.get_invitation(invitation["id"]).json() == invitation
    assert org.get_user(pending["id"]) == pending
    assert org.org_events() == [("INVITED_TO_ORG", "pending@example.com")]


# --- Accept --------------------------------------------------------------------------------------


def test_accept_keeps_the_pending_id_and_grants_roles_projects_and_teams(server: LocalServer) -> None:
    org = fixture_org(server, projects=("P1", "P2"), teams=("T1", "T2"))
    p1, p2 = org.projects["P1"], org.projects["P2"]
    assignments = [
        {"groupId": p1, "groupRoles": ["GROUP_READ_ONLY"]},
        {"groupId": p2, "groupRoles": ["GROUP_OWNER", "GROUP_DATA_ACCESS_ADMIN"]},
    ]
    team_ids = [org.teams["T1"], org.teams["T2"]]
    pending = org.invited("new@example.com", ["ORG_GROUP_CREATOR"], assignments=assignments, team_ids=team_ids)
    assert pending["teamIds"] == team_ids
    invitation = org.invitation_of("new@example.com")
    server.advance("1d")
    accepted = server.accept(invitation["id"])
    assert accepted.status_code == 200, accepted.text

    active = org.get_user(pending["id"])
    assert sorted(active) == ACTIVE_KEYS
    assert active["id"] == pending["id"]
    assert active["username"] == "new@example.com"
    assert active["orgMembershipStatus"] == "ACTIVE"
    assert active["roles"] == {"groupRoleAssignments": assignments, "orgRoles": ["ORG_GROUP_CREATOR"]}
    assert active["teamIds"] == team_ids
    assert active["mobileNumber"] is None
    assert (active["firstName"], active["lastName"]) == ("", "")
    assert active["createdAt"] == active["lastAuth"]
    assert abs(seconds(active["createdAt"]) - server_now(server)) <= 5
    assert org.usernames(ALL_STATUSES) == [("new@example.com", "ACTIVE")]
    assert org.invitations() == []

    for group_id, roles in ((p1, ["GROUP_READ_ONLY"]), (p2, ["GROUP_OWNER", "GROUP_DATA_ACCESS_ADMIN"])):
        listed = org.listing(path=org.project_users_path(group_id))["results"]
        assert [(u["id"], u["orgMembershipStatus"], u["roles"]) for u in listed] == [(pending["id"], "ACTIVE", roles)]
    # Already a member: a second invitation conflicts.
    assert org.invite("new@example.com").status_code == 409


def test_team_events_on_invite_and_accept(server: LocalServer) -> None:
    org = fixture_org(server, teams=("T1", "T2", "T3"))
    org.invited("t@example.com", team_ids=[org.teams["T1"], org.teams["T2"]])
    assert org.org_events() == [
        ("INVITED_TO_TEAM", "t@example.com"),
        ("INVITED_TO_TEAM", "t@example.com"),
        ("INVITED_TO_ORG", "t@example.com"),
    ]
    assert server.accept(org.invitation_of("t@example.com")["id"]).status_code == 200
    assert org.org_events()[:3] == [  # newest first: the teams were joined after the organization
        ("JOINED_TEAM", "t@example.com"),
        ("JOINED_TEAM", "t@example.com"),
        ("JOINED_ORG", "t@example.com"),
    ]
    assert len(org.org_events()) == 6


# --- Update (PATCH) ------------------------------------------------------------------------------


def test_patch_pending_user_replaces_the_invitation_grants_and_keeps_its_expiry(server: LocalServer) -> None:
    org = fixture_org(server, projects=("P1", "P2"), teams=("T1", "T2"))
    p1, p2 = org.projects["P1"], org.projects["P2"]
    pending = org.invited(
        "p@example.com",
        assignments=[
            {"groupId": p1, "groupRoles": ["GROUP_READ_ONLY"]},
            {"groupId": p2, "groupRoles": ["GROUP_OWNER"]},
        ],
        team_ids=[org.teams["T1"], org.teams["T2"]],
    )
    invitation = org.invitation_of("p@example.com")
    server.advance("2d")

    response = org.client.patch(
        org.user_path(pending["id"]),
        json={
            "roles": {
                "orgRoles": ["ORG_READ_ONLY"],
                "groupRoleAssignments": [{"groupId": p1, "groupRoles": ["GROUP_OWNER"]}],
            }
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == NEW_CONTENT_TYPE
    updated = response.json()
    assert updated == {
        **pending,
        "roles": {
            "groupRoleAssignments": [{"groupId": p1, "groupRoles": ["GROUP_OWNER"]}],
            "orgRoles": ["ORG_READ_ONLY"],
        },
    }
    seen = org.get_invitation(invitation["id"]).json()
    assert seen["roles"] == ["ORG_READ_ONLY"]
    assert seen["groupRoleAssignments"] == [{"groupId": p1, "groupRole": "GROUP_OWNER"}]
    assert (seen["createdAt"], seen["expiresAt"]) == (invitation["createdAt"], invitation["expiresAt"])

    teams = org.client.patch(org.user_path(pending["id"]), json={"teamIds": [org.teams["T2"]]})
    assert teams.status_code == 200
    assert teams.json()["teamIds"] == [org.teams["T2"]]
    assert teams.json()["roles"] == updated["roles"]  # not given, not changed
    assert org.get_invitation(invitation["id"]).json()["teamIds"] == [org.teams["T2"]]

    # A refused update changes nothing.
    refused = org.client.patch(org.user_path(pending["id"]), json={"roles": {"orgRoles": ["ORG_NOPE"]}})
    assert (refused.status_code, error_code(refused)) == (400, "INVALID_ROLE_FOR_ORG")
    emptied = org.client.patch(org.user_path(pending["id"]), json={"roles": {"orgRoles": []}})
    assert emptied.status_code == 400
    assert org.get_user(pending["id"]) == teams.json()
    assert org.get_user(pending["id"])["invitationExpiresAt"] == pending["invitationExpiresAt"]


def test_patch_active_user_replaces_roles_removes_projects_and_teams(server: LocalServer) -> None:
    org = fixture_org(
        server,
        projects=("P1", "P2"),
        teams=("T1", "T2"),
        users=(
            {
                "username": "m@example.com",
                "orgRoles": ["ORG_MEMBER"],
                "projectRoles": {"P1": ["GROUP_READ_ONLY"], "P2": ["GROUP_OWNER"]},
                "teams": ["T1", "T2"],
            },
        ),
    )
    user_id = org.users["m@example.com"]
    p1, p2 = org.projects["P1"], org.projects["P2"]

    roles = org.client.patch(
        org.user_path(user_id), json={"roles": {"orgRoles": ["ORG_READ_ONLY", "ORG_BILLING_ADMIN"]}}
    )
    assert roles.status_code == 200, roles.text
    assert roles.json()["roles"]["orgRoles"] == ["ORG_READ_ONLY", "ORG_BILLING_ADMIN"]
    assert len(roles.json()["roles"]["groupRoleAssignments"]) == 2  # not given, not changed
    assert org.org_events() == [("USER_ROLES_CHANGED_AUDIT", "m@example.com")]

    projects = org.client.patch(
        org.user_path(user_id),
        json={"roles": {"orgRoles": ["ORG_READ_ONLY", "ORG_BILLING_ADMIN"], "groupRoleAssignments": []}},
    )
    assert projects.status_code == 200
    assert projects.json()["roles"] == {"groupRoleAssignments": [], "orgRoles": ["ORG_READ_ONLY", "ORG_BILLING_ADMIN"]}
    assert projects.json()["teamIds"] == [org.teams["T1"], org.teams["T2"]]
    assert org.project_events(p1) == [("REMOVED_FROM_GROUP", "m@example.com")]
    assert org.project_events(p2) == [("REMOVED_FROM_GROUP", "m@example.com")]
    assert org.org_events() == [("USER_ROLES_CHANGED_AUDIT", "m@example.com")]  # same org roles: no new event
    for group_id in (p1, p2):
        assert org.listing(path=org.project_users_path(group_id))["results"] == []

    teams = org.client.patch(org.user_path(user_id), json={"teamIds": []})
    assert teams.status_code == 200
    assert teams.json()["teamIds"] == []
    assert org.org_events() == [
        ("REMOVED_FROM_TEAM", "m@example.com"),
        ("REMOVED_FROM_TEAM", "m@example.com"),
        ("USER_ROLES_CHANGED_AUDIT", "m@example.com"),
    ]
    assert org.get_user(user_id) == teams.json()


def test_patch_active_user_can_grant_a_project_and_join_a_team(server: LocalServer) -> None:
    org = fixture_org(
        server, projects=("P",), teams=("T",), users=({"username": "m@example.com", "orgRoles": ["ORG_MEMBER"]},)
    )
    user_id = org.users["m@example.com"]
    response = org.client.patch(
        org.user_path(user_id),
        json={
            "roles": {
                "orgRoles": ["ORG_MEMBER"],
                "groupRoleAssignments": [{"groupId": org.projects["P"], "groupRoles": ["GROUP_READ_ONLY"]}],
            },
            "teamIds": [org.teams["T"]],
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["roles"]["groupRoleAssignments"] == [
        {"groupId": org.projects["P"], "groupRoles": ["GROUP_READ_ONLY"]}
    ]
    assert response.json()["teamIds"] == [org.teams["T"]]
    assert org.project_events(org.projects["P"]) == [("JOINED_GROUP", "m@example.com")]
    assert org.org_events() == [("JOINED_TEAM", "m@example.com")]
    listed = org.listing(path=org.project_users_path(org.projects["P"]))["results"]
    assert [(u["id"], u["roles"]) for u in listed] == [(user_id, ["GROUP_READ_ONLY"])]


# --- :addRole / :removeRole ----------------------------------------------------------------------


def test_add_and_remove_role_on_a_pending_user_change_the_invitation(server: LocalServer) -> None:
    org = bootstrap_org(server)
    pending = org.invited("p@example.com", ["ORG_MEMBER"])
    invitation_id = org.invitation_of("p@example.com")["id"]

    added = org.client.post(org.user_path(pending["id"], ":addRole"), json={"orgRole": "ORG_READ_ONLY"})
    assert added.status_code == 200, added.text
    assert added.headers["content-type"] == NEW_CONTENT_TYPE
    assert added.json()["roles"]["orgRoles"] == ["ORG_MEMBER", "ORG_READ_ONLY"]
    assert org.get_invitation(invitation_id).json()["roles"] == ["ORG_MEMBER", "ORG_READ_ONLY"]

    again = org.client.post(org.user_path(pending["id"], ":addRole"), json={"orgRole": "ORG_READ_ONLY"})
    assert again.status_code == 200
    assert again.json() == added.json()

    removed = org.client.post(org.user_path(pending["id"], ":removeRole"), json={"orgRole": "ORG_MEMBER"})
    assert removed.status_code == 200
    assert removed.json()["roles"]["orgRoles"] == ["ORG_READ_ONLY"]
    assert org.get_invitation(invitation_id).json()["roles"] == ["ORG_READ_ONLY"]

    last = org.client.post(org.user_path(pending["id"], ":removeRole"), json={"orgRole": "ORG_READ_ONLY"})
    assert (last.status_code, error_code(last)) == (403, "CANNOT_REMOVE_ALL_USER_ROLES")
    assert org.get_invitation(invitation_id).json()["roles"] == ["ORG_READ_ONLY"]
    assert org.get_user(pending["id"])["invitationExpiresAt"] == pending["invitationExpiresAt"]


def test_add_and_remove_role_on_an_active_user(server: LocalServer) -> None:
    org = fixture_org(server, users=({"username": "m@example.com", "orgRoles": ["ORG_MEMBER"]},))
    user_id = org.users["m@example.com"]

    same = org.client.post(org.user_path(user_id, ":addRole"), json={"orgRole": "ORG_MEMBER"})
    assert same.status_code == 200
    assert same.json()["roles"]["orgRoles"] == ["ORG_MEMBER"]
    assert org.org_events() == []  # nothing changed, nothing recorded

    added = org.client.post(org.user_path(user_id, ":addRole"), json={"orgRole": "ORG_BILLING_ADMIN"})
    assert added.status_code == 200
    assert added.json()["roles"]["orgRoles"] == ["ORG_MEMBER", "ORG_BILLING_ADMIN"]
    assert added.json()["orgMembershipStatus"] == "ACTIVE"
    assert org.org_events() == [("USER_ROLES_CHANGED_AUDIT", "m@example.com")]

    removed = org.client.post(org.user_path(user_id, ":removeRole"), json={"orgRole": "ORG_MEMBER"})
    assert removed.status_code == 200
    assert removed.json()["roles"]["orgRoles"] == ["ORG_BILLING_ADMIN"]

    last = org.client.post(org.user_path(user_id, ":removeRole"), json={"orgRole": "ORG_BILLING_ADMIN"})
    assert (last.status_code, error_code(last)) == (403, "CANNOT_REMOVE_ALL_USER_ROLES")
    unknown = org.client.post(org.user_path(user_id, ":addRole"), json={"orgRole": "ORG_NOPE"})
    assert (unknown.status_code, error_code(unknown)) == (400, "INVALID_ROLE_FOR_ORG")
    missing = org.client.post(org.user_path(user_id, ":removeRole"), json={})
    assert (missing.status_code, error_code(missing)) == (400, "MISSING_ATTRIBUTE")
    project_role = org.client.post(org.user_path(user_id, ":addRole"), json={"orgRole": "GROUP_OWNER"})
    assert project_role.status_code == 400
    assert org.get_user(user_id)["roles"]["orgRoles"] == ["ORG_BILLING_ADMIN"]
    assert len(org.org_events()) == 2


# --- The last owner ------------------------------------------------------------------------------


def test_the_last_owner_can_be_neither_demoted_nor_removed(server: LocalServer) -> None:
    org = fixture_org(server, users=({"username": "x@example.com", "orgRoles": ["ORG_OWNER", "ORG_MEMBER"]},))
    owner_id = org.users["x@example.com"]
    before = org.get_user(owner_id)
    attempts = [
        org.client.patch(org.user_path(owner_id), json={"roles": {"orgRoles": ["ORG_MEMBER"]}}),
        org.client.post(org.user_path(owner_id, ":removeRole"), json={"orgRole": "ORG_OWNER"}),
        org.client.delete(org.user_path(owner_id)),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
        assert error_code(response) == "CANNOT_DELETE_LAST_ADMIN"
    assert org.get_user(owner_id) == before
    assert org.org_events() == []


def test_a_sole_owner_with_a_single_role_keeps_it(server: LocalServer) -> None:
    org = fixture_org(server, users=({"username": "x@example.com", "orgRoles": ["ORG_OWNER"]},))
    owner_id = org.users["x@example.com"]
    response = org.client.post(org.user_path(owner_id, ":removeRole"), json={"orgRole": "ORG_OWNER"})
    assert response.status_code == 403
    # Both rules forbid it; the server names the one checked first.
    assert error_code(response) in ("CANNOT_REMOVE_ALL_USER_ROLES", "CANNOT_DELETE_LAST_ADMIN")
    assert org.get_user(owner_id)["roles"]["orgRoles"] == ["ORG_OWNER"]


def test_with_two_owners_one_can_be_demoted_or_removed(server: LocalServer) -> None:
    org = fixture_org(
        server,
        users=(
            {"username": "x@example.com", "orgRoles": ["ORG_OWNER", "ORG_MEMBER"]},
            {"username": "y@example.com", "orgRoles": ["ORG_OWNER"]},
        ),
    )
    x, y = org.users["x@example.com"], org.users["y@example.com"]
    demoted = org.client.post(org.user_path(x, ":removeRole"), json={"orgRole": "ORG_OWNER"})
    assert demoted.status_code == 200, demoted.text
    assert demoted.json()["roles"]["orgRoles"] == ["ORG_MEMBER"]
    # y is now the last owner.
    refused = org.client.delete(org.user_path(y))
    assert (refused.status_code, error_code(refused)) == (403, "CANNOT_DELETE_LAST_ADMIN")
    promoted = org.client.patch(org.user_path(x), json={"roles": {"orgRoles": ["ORG_OWNER"]}})
    assert promoted.status_code == 200
    assert org.client.delete(org.user_path(y)).status_code == 204
    assert org.usernames() == [("x@example.com", "ACTIVE")]
    assert org.org_events()[0] == ("REMOVED_FROM_ORG", "y@example.com")


# --- Remove (DELETE) -----------------------------------------------------------------------------


def test_delete_pending_user_cancels_the_invitation(server: LocalServer) -> None:
    org = bootstrap_org(server)
    pending = org.invited("p@example.com")
    invitation = org.invitation_of("p@example.com")
    link = server.outbox()[0]["link"]

    response = org.client.delete(org.user_path(pending["id"]))
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["content-type"] == NEW_CONTENT_TYPE

    missing = org.get_invitation(invitation["id"])
    assert (missing.status_code, error_code(missing)) == (404, "RESOURCE_NOT_FOUND")
    assert org.invitations() == []
    gone = org.client.get(org.user_path(pending["id"]))
    assert (gone.status_code, error_code(gone)) == (404, "USER_NOT_FOUND")
    assert org.listing(ALL_STATUSES)["results"] == []
    assert org.org_events() == [("ORG_INVITATION_DELETED", "p@example.com"), ("INVITED_TO_ORG", "p@example.com")]
    again = org.client.delete(org.user_path(pending["id"]))
    assert again.status_code == 404
    assert server.accept(invitation["id"]).status_code == 409
    assert httpx.get(link, trust_env=False, timeout=30).status_code == 410
    # The username is free again.
    assert org.invite("p@example.com").status_code == 201


def test_delete_expired_and_declined_pending_users(server: LocalServer) -> None:
    org = bootstrap_org(server)
    declined = org.invited("declined@example.com")
    assert server.decline(org.invitation_of("declined@example.com")["id"]).status_code == 200
    expired = org.invited("expired@example.com")
    server.advance("31d")
    for user in (declined, expired):
        assert org.client.delete(org.user_path(user["id"])).status_code == 204
    assert org.listing(ALL_STATUSES)["results"] == []
    assert [event for event, _ in org.org_events()].count("ORG_INVITATION_DELETED") == 2


def test_delete_active_user_removes_membership_projects_and_teams(server: LocalServer) -> None:
    org = fixture_org(
        server,
        projects=("P",),
        teams=("T",),
        users=(
            {
                "username": "m@example.com",
                "orgRoles": ["ORG_MEMBER"],
                "projectRoles": {"P": ["GROUP_OWNER"]},
                "teams": ["T"],
            },
        ),
    )
    other = fixture_org(
        server,
        "Other",
        projects=("Q",),
        users=({"username": "m@example.com", "orgRoles": ["ORG_MEMBER"], "projectRoles": {"Q": ["GROUP_READ_ONLY"]}},),
    )
    user_id = org.users["m@example.com"]
    assert other.users["m@example.com"] == user_id  # one user, two organizations
    group_users = org.project_users_path(org.projects["P"])

    response = org.client.delete(org.user_path(user_id))
    assert response.status_code == 204
    assert response.headers["content-type"] == NEW_CONTENT_TYPE
    gone = org.client.get(org.user_path(user_id))
    assert (gone.status_code, error_code(gone)) == (404, "USER_NOT_IN_ORG")
    assert org.listing(ALL_STATUSES)["results"] == []
    assert org.listing(path=group_users)["results"] == []
    assert org.client.get(f"{group_users}/{user_id}").status_code == 404
    assert org.org_events() == [("REMOVED_FROM_ORG", "m@example.com")]
    again = org.client.delete(org.user_path(user_id))
    assert again.status_code == 404
    # The other organization keeps the user and its project there.
    assert other.get_user(user_id)["roles"] == {
        "groupRoleAssignments": [{"groupId": other.projects["Q"], "groupRoles": ["GROUP_READ_ONLY"]}],
        "orgRoles": ["ORG_MEMBER"],
    }
    # Invited back, the user returns with no project and no team of before.
    org.invited("m@example.com")
    assert server.accept(org.invitation_of("m@example.com")["id"]).status_code == 200
    back = org.get_user(user_id)
    assert back["roles"] == {"groupRoleAssignments": [], "orgRoles": ["ORG_MEMBER"]}
    assert back["teamIds"] == []


def test_delete_unknown_and_malformed_ids(server: LocalServer) -> None:
    org = bootstrap_org(server)
    unknown = org.client.delete(org.user_path("d" * 24))
    assert (unknown.status_code, error_code(unknown)) == (404, "USER_NOT_FOUND")
    malformed = org.client.delete(org.user_path("xyz"))
    assert (malformed.status_code, error_code(malformed)) == (404, "INVALID_USER_ID")


# --- Permissions ---------------------------------------------------------------------------------


def test_a_read_only_member_can_read_but_not_change(server: LocalServer) -> None:
    org = fixture_org(server, api_keys=({"orgRoles": ["ORG_READ_ONLY"]},))
    pending = org.invited("p@example.com")
    reader = org.key_client(1)
    listed = reader.get(org.users_path)
    assert listed.status_code == 200
    assert [u["id"] for u in listed.json()["results"]] == [pending["id"]]
    assert reader.get(org.user_path(pending["id"])).json() == pending

    attempts = [
        reader.post(org.users_path, json={"username": "q@example.com", "roles": {"orgRoles": ["ORG_MEMBER"]}}),
        reader.patch(org.user_path(pending["id"]), json={"roles": {"orgRoles": ["ORG_OWNER"]}}),
        reader.post(org.user_path(pending["id"], ":addRole"), json={"orgRole": "ORG_OWNER"}),
        reader.delete(org.user_path(pending["id"])),
    ]
    for response in attempts:
        assert response.status_code == 401, response.text
        assert error_code(response) == "USER_UNAUTHORIZED"
    assert org.listing(ALL_STATUSES)["results"] == [pending]


def test_a_key_of_another_org_cannot_read(server: LocalServer) -> None:
    org = bootstrap_org(server)
    other = fixture_org(server, "Other")
    response = other.client.get(org.users_path)
    assert response.status_code == 401
    assert error_code(response) == "USER_CANNOT_ACCESS_ORG"


def test_one_username_is_one_org_user_after_a_project_invitation_is_accepted(server: LocalServer) -> None:
    org = bootstrap_org(server)
    org.invited("x@example.com", ["ORG_OWNER"])
    project_invite = org.client.post(
        f"/api/atlas/v2/groups/{server.project_id}/invites",
        headers=OLD,
        json={"username": "x@example.com", "roles": ["GROUP_READ_ONLY"]},
    )
    assert project_invite.status_code == 200
    assert server.accept(project_invite.json()["id"]).status_code == 200
    assert len(org.listing({"username": "x@example.com"})["results"]) == 1
