"""The project users API (``/api/atlas/v2/groups/{groupId}/users``, 2025-02-19 and 2023-01-01).

Adding someone who is not in the organization invites them to the organization with the project's roles;
a pending org invitation is extended instead; an active org member gets the roles at once.
"""

from __future__ import annotations

from typing import Any

import pytest

from support.server import LocalServer
from support.users import (
    ACTIVE_KEYS,
    ALL_STATUSES,
    DAY,
    NEW_CONTENT_TYPE,
    OLD,
    OLD_CONTENT_TYPE,
    Org,
    bootstrap_org,
    error_code,
    fixture_org,
    seconds,
)

GROUP_PENDING_KEYS = [
    "id",
    "invitationCreatedAt",
    "invitationExpiresAt",
    "inviterUsername",
    "orgMembershipStatus",
    "roles",
    "username",
]
GROUP_ACTIVE_KEYS = [key for key in ACTIVE_KEYS if key not in ("lastAuth", "teamIds")]  # lastAuth: never logged in


def _add(org: Org, group_id: str, username: str, roles: list[str]) -> Any:
    return org.client.post(org.project_users_path(group_id), json={"username": username, "roles": roles})


def _added(org: Org, group_id: str, username: str, roles: list[str]) -> dict[str, Any]:
    response = _add(org, group_id, username, roles)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _one(org: Org, group_id: str, user_id: str, action: str = "") -> str:
    return f"{org.project_users_path(group_id)}/{user_id}{action}"


def _member_org(server: LocalServer, **kwargs: Any) -> Org:
    return fixture_org(
        server,
        projects=("P1", "P2"),
        users=({"username": "member@example.com", "orgRoles": ["ORG_MEMBER"]},),
        **kwargs,
    )


# --- Add (POST) ----------------------------------------------------------------------------------


def test_post_for_a_stranger_invites_to_the_org_with_the_project_roles(server: LocalServer) -> None:
    org = bootstrap_org(server)
    group_id = server.project_id
    response = _add(org, group_id, "New@Example.com", ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"])
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == NEW_CONTENT_TYPE
    user = response.json()
    assert sorted(user) == GROUP_PENDING_KEYS
    assert user["username"] == "new@example.com"
    assert user["orgMembershipStatus"] == "PENDING"
    assert user["roles"] == ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]
    assert user["inviterUsername"] == server.bootstrap["publicKey"]
    assert seconds(user["invitationExpiresAt"]) - seconds(user["invitationCreatedAt"]) == 30 * DAY

    # An organization invitation, seen as the same pending user by the org users API.
    as_org_user = org.get_user(user["id"])
    assert as_org_user["orgMembershipStatus"] == "PENDING"
    assert as_org_user["roles"] == {
        "groupRoleAssignments": [
            {"groupId": group_id, "groupRoles": ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]}
        ],
        "orgRoles": ["ORG_MEMBER"],
    }
    invitation = org.invitation_of("new@example.com")
    assert invitation["id"] != user["id"]
    assert invitation["roles"] == ["ORG_MEMBER"]
    assert invitation["groupRoleAssignments"] == [
        {"groupId": group_id, "groupRole": "GROUP_READ_ONLY"},
        {"groupId": group_id, "groupRole": "GROUP_DATA_ACCESS_READ_ONLY"},
    ]
    project_invites = org.client.get(f"/api/atlas/v2/groups/{group_id}/invites", headers=OLD)
    assert project_invites.json() == []
    assert [(m["to"], m["invitationId"]) for m in server.outbox()] == [("new@example.com", invitation["id"])]
    assert org.org_events() == [("INVITED_TO_ORG", "new@example.com")]
    got = org.client.get(_one(org, group_id, user["id"]))
    assert got.status_code == 200
    assert got.json() == user


def test_post_for_a_pending_user_extends_the_same_invitation(server: LocalServer) -> None:
    org = _member_org(server)
    p1, p2 = org.projects["P1"], org.projects["P2"]
    first = _added(org, p1, "new@example.com", ["GROUP_READ_ONLY"])
    invitation = org.invitation_of("new@example.com")
    second = _added(org, p2, "new@example.com", ["GROUP_OWNER"])
    assert second["id"] == first["id"]
    assert second["roles"] == ["GROUP_OWNER"]
    assert second["invitationExpiresAt"] == first["invitationExpiresAt"]
    assert org.get_user(first["id"])["roles"] == {
        "groupRoleAssignments": [
            {"groupId": p1, "groupRoles": ["GROUP_READ_ONLY"]},
            {"groupId": p2, "groupRoles": ["GROUP_OWNER"]},
        ],
        "orgRoles": ["ORG_MEMBER"],
    }
    extended = org.invitation_of("new@example.com")
    assert extended["id"] == invitation["id"]
    assert sorted(extended["groupRoleAssignments"], key=lambda a: a["groupId"]) == sorted(
        [{"groupId": p1, "groupRole": "GROUP_READ_ONLY"}, {"groupId": p2, "groupRole": "GROUP_OWNER"}],
        key=lambda a: a["groupId"],
    )
    # Same project again: a conflict, and nothing changes.
    again = _add(org, p1, "new@example.com", ["GROUP_OWNER"])
    assert (again.status_code, error_code(again)) == (409, "USER_ALREADY_EXISTS")
    assert org.client.get(_one(org, p1, first["id"])).json()["roles"] == ["GROUP_READ_ONLY"]
    assert len(server.outbox()) == 1  # one invitation, one mail


def test_post_for_a_user_invited_through_the_org_users_api_extends_it(server: LocalServer) -> None:
    org = _member_org(server)
    pending = org.invited("new@example.com", ["ORG_READ_ONLY"])
    added = _added(org, org.projects["P1"], "new@example.com", ["GROUP_READ_ONLY"])
    assert added["id"] == pending["id"]
    assert org.get_user(pending["id"])["roles"] == {
        "groupRoleAssignments": [{"groupId": org.projects["P1"], "groupRoles": ["GROUP_READ_ONLY"]}],
        "orgRoles": ["ORG_READ_ONLY"],  # the org roles stay as invited
    }


def test_post_for_an_active_org_member_grants_access_at_once(server: LocalServer) -> None:
    org = _member_org(server)
    p1 = org.projects["P1"]
    member_id = org.users["member@example.com"]
    response = _add(org, p1, "member@example.com", ["GROUP_CLUSTER_MANAGER"])
    assert response.status_code == 201, response.text
    user = response.json()
    assert sorted(user) == GROUP_ACTIVE_KEYS
    assert user["id"] == member_id
    assert user["orgMembershipStatus"] == "ACTIVE"
    assert user["roles"] == ["GROUP_CLUSTER_MANAGER"]
    assert org.project_events(p1) == [("JOINED_GROUP", "member@example.com")]
    assert org.project_events(org.projects["P2"]) == []
    assert org.get_user(member_id)["roles"]["groupRoleAssignments"] == [
        {"groupId": p1, "groupRoles": ["GROUP_CLUSTER_MANAGER"]}
    ]
    assert org.invitations() == []
    assert server.outbox() == []

    again = _add(org, p1, "member@example.com", ["GROUP_OWNER"])
    assert (again.status_code, error_code(again)) == (409, "USER_ALREADY_EXISTS")
    assert org.client.get(_one(org, p1, member_id)).json()["roles"] == ["GROUP_CLUSTER_MANAGER"]
    assert org.project_events(p1) == [("JOINED_GROUP", "member@example.com")]


def test_post_after_an_expired_invitation_sends_a_new_one(server: LocalServer) -> None:
    org = bootstrap_org(server)
    old = _added(org, server.project_id, "late@example.com", ["GROUP_READ_ONLY"])
    server.advance("31d")
    new = _added(org, server.project_id, "late@example.com", ["GROUP_OWNER"])
    assert new["id"] != old["id"]
    assert new["orgMembershipStatus"] == "PENDING"
    listed = org.listing(ALL_STATUSES, org.project_users_path(server.project_id))["results"]
    assert [(u["id"], u["orgMembershipStatus"], u["roles"]) for u in listed] == [
        (new["id"], "PENDING", ["GROUP_OWNER"])
    ]
    assert len(server.outbox()) == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param({"username": "x@example.com", "roles": ["GROUP_NOPE"]}, "INVALID_ROLE_FOR_GROUP", id="unknown"),
        pytest.param({"username": "x@example.com", "roles": ["ORG_OWNER"]}, "INVALID_ROLE_FOR_GROUP", id="org-role"),
        pytest.param({"username": "x@example.com"}, "MISSING_ATTRIBUTE", id="no-roles"),
        pytest.param({"username": "x@example.com", "roles": []}, "MISSING_ATTRIBUTE", id="empty-roles"),
        pytest.param({"roles": ["GROUP_OWNER"]}, "MISSING_ATTRIBUTE", id="no-username"),
        pytest.param({"username": "x", "roles": ["GROUP_OWNER"]}, "INVALID_USERNAME", id="bad-username"),
        pytest.param({"username": "x@example.com", "roles": ["GROUP_OWNER"], "teamIds": []}, "INVALID_ATTRIBUTE"),
        pytest.param({"username": "x@example.com", "roles": "GROUP_OWNER"}, "INVALID_JSON_ATTRIBUTE", id="not-a-list"),
    ],
)
def test_post_validation_creates_nothing(server: LocalServer, body: dict[str, Any], code: str) -> None:
    org = bootstrap_org(server)
    response = org.client.post(org.project_users_path(server.project_id), json=body)
    assert response.status_code == 400, response.text
    assert error_code(response) == code
    assert org.listing(ALL_STATUSES, org.project_users_path(server.project_id))["results"] == []
    assert org.invitations() == []
    assert server.outbox() == []


def test_post_to_an_unknown_project(server: LocalServer) -> None:
    org = bootstrap_org(server)
    response = _add(org, "e" * 24, "x@example.com", ["GROUP_OWNER"])
    assert response.status_code == 404
    assert error_code(response) == "GROUP_NOT_FOUND"
    assert org.invitations() == []


# --- List and get -------------------------------------------------------------------------------


def test_list_default_statuses_self_link_and_filters(server: LocalServer) -> None:
    org = fixture_org(
        server,
        projects=("P",),
        users=(
            {"username": "member@example.com", "orgRoles": ["ORG_MEMBER"], "projectRoles": {"P": ["GROUP_READ_ONLY"]}},
            {"username": "outside@example.com", "orgRoles": ["ORG_MEMBER"]},
        ),
    )
    group_id = org.projects["P"]
    path = org.project_users_path(group_id)
    _added(org, group_id, "expired@example.com", ["GROUP_OWNER"])
    server.advance("31d")
    _added(org, group_id, "pending@example.com", ["GROUP_OWNER"])
    org.invited("orgonly@example.com")  # pending in the org, nothing in this project

    body = org.listing(path=path)
    assert [(u["username"], u["orgMembershipStatus"], u["roles"]) for u in body["results"]] == [
        ("member@example.com", "ACTIVE", ["GROUP_READ_ONLY"]),
        ("pending@example.com", "PENDING", ["GROUP_OWNER"]),
    ]
    assert body["totalCount"] == 2
    base = f"{server.base_url}{path}"
    assert body["links"] == [
        {
            "href": f"{base}?flattenTeams=false&includeCount=true&includeOrgUsers=false&pageNum=1&itemsPerPage=100",
            "rel": "self",
        }
    ]
    assert org.usernames({"orgMembershipStatuses": "INVITATION_EXPIRED"}, path) == [
        ("expired@example.com", "INVITATION_EXPIRED")
    ]
    assert org.usernames({"username": "member@example.com"}, path) == [("member@example.com", "ACTIVE")]
    assert org.usernames({"username": "outside@example.com"}, path) == []
    assert org.usernames({"orgMembershipStatus": "PENDING"}, path) == [("pending@example.com", "PENDING")]

    paged = org.listing({"itemsPerPage": 1, "pageNum": 2}, path)
    assert [u["username"] for u in paged["results"]] == ["pending@example.com"]
    assert [link["rel"] for link in paged["links"]] == ["self", "previous"]
    both = org.client.get(path, params=[("orgMembershipStatus", "ACTIVE"), ("orgMembershipStatuses", "PENDING")])
    assert (both.status_code, error_code(both)) == (400, "INVALID_QUERY_PARAMETER")


def test_include_org_users_adds_org_owners_as_project_owners(server: LocalServer) -> None:
    org = fixture_org(
        server,
        projects=("P",),
        users=(
            {"username": "owner@example.com", "orgRoles": ["ORG_OWNER"]},
            {"username": "member@example.com", "orgRoles": ["ORG_MEMBER"], "projectRoles": {"P": ["GROUP_READ_ONLY"]}},
            {"username": "outside@example.com", "orgRoles": ["ORG_MEMBER"]},
        ),
    )
    path = org.project_users_path(org.projects["P"])
    assert org.usernames(path=path) == [("member@example.com", "ACTIVE")]
    body = org.listing({"includeOrgUsers": "true"}, path)
    assert [(u["username"], u["roles"]) for u in body["results"]] == [
        ("member@example.com", ["GROUP_READ_ONLY"]),
        ("owner@example.com", ["GROUP_OWNER"]),
    ]
    assert body["links"][0]["href"] == (
        f"{server.base_url}{path}?flattenTeams=false&includeCount=true&includeOrgUsers=true&pageNum=1&itemsPerPage=100"
    )
    owner = body["results"][1]
    assert owner["id"] == org.users["owner@example.com"]
    assert owner["orgMembershipStatus"] == "ACTIVE"


def test_version_2023_lists_active_users_only(server: LocalServer) -> None:
    org = fixture_org(
        server,
        projects=("P",),
        users=(
            {
                "username": "member@example.com",
                "firstName": "Grace",
                "lastName": "Hopper",
                "orgRoles": ["ORG_MEMBER"],
                "projectRoles": {"P": ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]},
            },
        ),
    )
    group_id = org.projects["P"]
    _added(org, group_id, "pending@example.com", ["GROUP_OWNER"])
    response = org.client.get(org.project_users_path(group_id), headers=OLD)
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
        "firstName": "Grace",
        "id": user_id,
        "lastName": "Hopper",
        "links": [
            {"href": self_href, "rel": "self"},
            {"href": f"{self_href}/whitelist", "rel": "https://cloud.mongodb.com/whitelist"},
            {"href": f"{self_href}/accessList", "rel": "https://cloud.mongodb.com/accessList"},
        ],
        "roles": [
            {"groupId": group_id, "roleName": "GROUP_READ_ONLY"},
            {"groupId": group_id, "roleName": "GROUP_DATA_ACCESS_READ_ONLY"},
        ],
        "teamIds": [],
        "username": "member@example.com",
    }


def test_get_one_and_the_404s(server: LocalServer) -> None:
    org = _member_org(server)
    p1, p2 = org.projects["P1"], org.projects["P2"]
    pending = _added(org, p1, "new@example.com", ["GROUP_READ_ONLY"])
    member_id = org.users["member@example.com"]
    active = _added(org, p1, "member@example.com", ["GROUP_OWNER"])

    got = org.client.get(_one(org, p1, member_id))
    assert got.status_code == 200
    assert got.headers["content-type"] == NEW_CONTENT_TYPE
    assert got.json() == active
    assert org.client.get(_one(org, p1, pending["id"])).json() == pending

    not_in_project = org.client.get(_one(org, p2, member_id))
    assert (not_in_project.status_code, error_code(not_in_project)) == (404, "USER_NOT_IN_GROUP")
    pending_elsewhere = org.client.get(_one(org, p2, pending["id"]))
    assert pending_elsewhere.status_code == 404
    unknown = org.client.get(_one(org, p1, "f" * 24))
    assert (unknown.status_code, error_code(unknown)) == (404, "USER_NOT_FOUND")
    malformed = org.client.get(_one(org, p1, "nope"))
    assert (malformed.status_code, error_code(malformed)) == (404, "INVALID_USER_ID")


# --- :addRole / :removeRole ----------------------------------------------------------------------


def test_add_and_remove_role_on_an_active_user(server: LocalServer) -> None:
    org = _member_org(server)
    p1 = org.projects["P1"]
    member_id = org.users["member@example.com"]
    _added(org, p1, "member@example.com", ["GROUP_READ_ONLY"])

    added = org.client.post(_one(org, p1, member_id, ":addRole"), json={"groupRole": "GROUP_OWNER"})
    assert added.status_code == 200, added.text
    assert added.headers["content-type"] == NEW_CONTENT_TYPE
    assert added.json()["roles"] == ["GROUP_READ_ONLY", "GROUP_OWNER"]
    assert org.project_events(p1)[0] == ("USER_ROLES_CHANGED_AUDIT", "member@example.com")

    same = org.client.post(_one(org, p1, member_id, ":addRole"), json={"groupRole": "GROUP_OWNER"})
    assert same.status_code == 200
    assert same.json() == added.json()
    assert len(org.project_events(p1)) == 2  # JOINED_GROUP, one USER_ROLES_CHANGED_AUDIT

    removed = org.client.post(_one(org, p1, member_id, ":removeRole"), json={"groupRole": "GROUP_READ_ONLY"})
    assert removed.status_code == 200
    assert removed.json()["roles"] == ["GROUP_OWNER"]
    assert org.get_user(member_id)["roles"]["groupRoleAssignments"] == [{"groupId": p1, "groupRoles": ["GROUP_OWNER"]}]

    last = org.client.post(_one(org, p1, member_id, ":removeRole"), json={"groupRole": "GROUP_OWNER"})
    assert (last.status_code, error_code(last)) == (403, "CANNOT_REMOVE_ALL_USER_ROLES")
    unknown = org.client.post(_one(org, p1, member_id, ":addRole"), json={"groupRole": "GROUP_NOPE"})
    assert (unknown.status_code, error_code(unknown)) == (400, "INVALID_ROLE_FOR_GROUP")
    missing = org.client.post(_one(org, p1, member_id, ":addRole"), json={})
    assert (missing.status_code, error_code(missing)) == (400, "MISSING_ATTRIBUTE")
    assert org.client.get(_one(org, p1, member_id)).json()["roles"] == ["GROUP_OWNER"]


def test_add_and_remove_role_on_a_pending_user_change_the_invitation(server: LocalServer) -> None:
    org = _member_org(server)
    p1, p2 = org.projects["P1"], org.projects["P2"]
    pending = _added(org, p1, "new@example.com", ["GROUP_READ_ONLY"])
    _added(org, p2, "new@example.com", ["GROUP_OWNER"])

    added = org.client.post(_one(org, p1, pending["id"], ":addRole"), json={"groupRole": "GROUP_CLUSTER_MANAGER"})
    assert added.status_code == 200, added.text
    assert added.json()["roles"] == ["GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER"]
    assert added.json()["orgMembershipStatus"] == "PENDING"
    removed = org.client.post(_one(org, p1, pending["id"], ":removeRole"), json={"groupRole": "GROUP_READ_ONLY"})
    assert removed.status_code == 200
    assert removed.json()["roles"] == ["GROUP_CLUSTER_MANAGER"]

    assignments = {a["groupId"]: a["groupRoles"] for a in org.get_user(pending["id"])["roles"]["groupRoleAssignments"]}
    assert assignments == {p1: ["GROUP_CLUSTER_MANAGER"], p2: ["GROUP_OWNER"]}
    invitation = org.invitation_of("new@example.com")
    assert sorted((a["groupId"], a["groupRole"]) for a in invitation["groupRoleAssignments"]) == sorted(
        [(p1, "GROUP_CLUSTER_MANAGER"), (p2, "GROUP_OWNER")]
    )
    assert invitation["expiresAt"] == pending["invitationExpiresAt"]

    last = org.client.post(_one(org, p1, pending["id"], ":removeRole"), json={"groupRole": "GROUP_CLUSTER_MANAGER"})
    assert (last.status_code, error_code(last)) == (403, "CANNOT_REMOVE_ALL_USER_ROLES")
    assert org.client.get(_one(org, p1, pending["id"])).json()["roles"] == ["GROUP_CLUSTER_MANAGER"]


# --- Remove (DELETE) -----------------------------------------------------------------------------


def test_delete_active_user_leaves_the_project_but_stays_in_the_org(server: LocalServer) -> None:
    org = _member_org(server)
    p1, p2 = org.projects["P1"], org.projects["P2"]
    member_id = org.users["member@example.com"]
    _added(org, p1, "member@example.com", ["GROUP_READ_ONLY"])
    _added(org, p2, "member@example.com", ["GROUP_OWNER"])

    response = org.client.delete(_one(org, p1, member_id))
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["content-type"] == NEW_CONTENT_TYPE
    assert org.listing(path=org.project_users_path(p1))["results"] == []
    gone = org.client.get(_one(org, p1, member_id))
    assert (gone.status_code, error_code(gone)) == (404, "USER_NOT_IN_GROUP")
    still = org.get_user(member_id)
    assert still["orgMembershipStatus"] == "ACTIVE"
    assert still["roles"] == {
        "groupRoleAssignments": [{"groupId": p2, "groupRoles": ["GROUP_OWNER"]}],
        "orgRoles": ["ORG_MEMBER"],
    }
    assert org.project_events(p1) == [
        ("REMOVED_FROM_GROUP", "member@example.com"),
        ("JOINED_GROUP", "member@example.com"),
    ]
    assert org.project_events(p2) == [("JOINED_GROUP", "member@example.com")]
    assert all(event != "REMOVED_FROM_ORG" for event, _ in org.org_events())
    again = org.client.delete(_one(org, p1, member_id))
    assert (again.status_code, error_code(again)) == (404, "USER_NOT_IN_GROUP")


def test_delete_pending_user_keeps_the_org_invitation_without_the_project(server: LocalServer) -> None:
    org = _member_org(server)
    p1, p2 = org.projects["P1"], org.projects["P2"]
    pending = _added(org, p1, "new@example.com", ["GROUP_READ_ONLY"])
    _added(org, p2, "new@example.com", ["GROUP_OWNER"])
    invitation = org.invitation_of("new@example.com")

    response = org.client.delete(_one(org, p1, pending["id"]))
    assert response.status_code == 204
    assert org.listing(ALL_STATUSES, org.project_users_path(p1))["results"] == []
    assert org.client.get(_one(org, p1, pending["id"])).status_code == 404
    assert org.client.get(_one(org, p2, pending["id"])).json()["roles"] == ["GROUP_OWNER"]
    as_org_user = org.get_user(pending["id"])
    assert as_org_user["orgMembershipStatus"] == "PENDING"
    assert as_org_user["roles"]["groupRoleAssignments"] == [{"groupId": p2, "groupRoles": ["GROUP_OWNER"]}]
    kept = org.invitation_of("new@example.com")
    assert kept["id"] == invitation["id"]
    assert kept["groupRoleAssignments"] == [{"groupId": p2, "groupRole": "GROUP_OWNER"}]
    assert all(event != "ORG_INVITATION_DELETED" for event, _ in org.org_events())

    # Removing the last project leaves a plain organization invitation.
    assert org.client.delete(_one(org, p2, pending["id"])).status_code == 204
    assert org.get_user(pending["id"])["roles"] == {"groupRoleAssignments": [], "orgRoles": ["ORG_MEMBER"]}
    assert org.invitation_of("new@example.com")["id"] == invitation["id"]


def test_version_2023_delete_leaves_a_pending_user_alone(server: LocalServer) -> None:
    org = bootstrap_org(server)
    pending = _added(org, server.project_id, "new@example.com", ["GROUP_READ_ONLY"])
    response = org.client.delete(_one(org, server.project_id, pending["id"]), headers=OLD)
    assert response.status_code == 404
    assert org.client.get(_one(org, server.project_id, pending["id"])).json() == pending


# --- Accept --------------------------------------------------------------------------------------


def test_accepting_makes_the_pending_project_user_active(server: LocalServer) -> None:
    org = _member_org(server)
    p1 = org.projects["P1"]
    pending = _added(org, p1, "new@example.com", ["GROUP_READ_ONLY"])
    assert server.accept(org.invitation_of("new@example.com")["id"]).status_code == 200
    active = org.client.get(_one(org, p1, pending["id"]))
    assert active.status_code == 200
    body = active.json()
    assert body["id"] == pending["id"]
    assert body["orgMembershipStatus"] == "ACTIVE"
    assert body["roles"] == ["GROUP_READ_ONLY"]
    assert sorted(body) == sorted([*GROUP_ACTIVE_KEYS, "lastAuth"])
    assert org.get_user(pending["id"])["roles"]["orgRoles"] == ["ORG_MEMBER"]
    again = _add(org, p1, "new@example.com", ["GROUP_OWNER"])
    assert (again.status_code, error_code(again)) == (409, "USER_ALREADY_EXISTS")


# --- Permissions ---------------------------------------------------------------------------------


def test_a_project_read_only_key_can_read_but_not_change(server: LocalServer) -> None:
    org = _member_org(server, api_keys=({"orgRoles": ["ORG_MEMBER"], "projectRoles": {"P1": ["GROUP_READ_ONLY"]}},))
    p1 = org.projects["P1"]
    pending = _added(org, p1, "new@example.com", ["GROUP_READ_ONLY"])
    reader = org.key_client(1)
    listed = reader.get(org.project_users_path(p1))
    assert listed.status_code == 200
    assert [u["id"] for u in listed.json()["results"]] == [pending["id"]]
    attempts = [
        reader.post(org.project_users_path(p1), json={"username": "q@example.com", "roles": ["GROUP_OWNER"]}),
        reader.post(_one(org, p1, pending["id"], ":addRole"), json={"groupRole": "GROUP_OWNER"}),
        reader.delete(_one(org, p1, pending["id"])),
    ]
    for response in attempts:
        assert response.status_code == 401, response.text
        assert error_code(response) == "USER_UNAUTHORIZED"
    # Not in the other project at all.
    outside = reader.get(org.project_users_path(org.projects["P2"]))
    assert (outside.status_code, error_code(outside)) == (401, "NOT_IN_GROUP")
    assert [m["to"] for m in server.outbox()] == ["new@example.com"]


def test_a_project_owner_key_can_add_users(server: LocalServer) -> None:
    org = _member_org(server, api_keys=({"orgRoles": ["ORG_MEMBER"], "projectRoles": {"P1": ["GROUP_OWNER"]}},))
    owner = org.key_client(1)
    response = owner.post(
        org.project_users_path(org.projects["P1"]),
        json={"username": "member@example.com", "roles": ["GROUP_READ_ONLY"]},
    )
    assert response.status_code == 201, response.text
    assert response.json()["orgMembershipStatus"] == "ACTIVE"
