"""A project's custom database roles (Atlas v2, 2023-01-01): ``listGroupCustomDbRoleRoles``,
``createGroupCustomDbRoleRole``, ``getGroupCustomDbRoleRole``, ``updateGroupCustomDbRoleRole``,
``deleteGroupCustomDbRoleRole``.

As recorded (``reference/recordings/customdbroles``): create 202, update 200, delete 204, the list a bare array,
``Ratelimit-Limit: 2000``. Names, actions, resources and inheritance are checked with MongoDB's published codes; a
role still needed by a user or another role cannot be deleted.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

V2 = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
FIND_SALES = {"action": "FIND", "resources": [{"db": "sales"}]}
_names = itertools.count()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    built = LocalServer(Path(tmp_path_factory.mktemp("custom-roles")) / "data").start()
    yield built
    built.stop()


@pytest.fixture(scope="module")
def owner(server: LocalServer) -> httpx.Client:
    return server.digest(accept=V2)


@pytest.fixture
def group(server: LocalServer, owner: httpx.Client) -> str:
    response = owner.post("/api/atlas/v2/groups", json={"name": f"roles-{next(_names)}", "orgId": server.org_id})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def roles_path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/customDBRoles/roles"


def create(owner: httpx.Client, group_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = owner.post(roles_path(group_id), json=body)
    assert response.status_code == 202, response.text
    created: dict[str, Any] = response.json()
    return created


def event_types(owner: httpx.Client, group_id: str) -> list[str]:
    results = owner.get(f"/api/atlas/v2/groups/{group_id}/events").json()["results"]
    return [event["eventTypeName"] for event in results if event["eventTypeName"].startswith("MONGODB_")]


def test_a_role_answers_as_recorded(owner: httpx.Client, group: str) -> None:
    # What the real CLI sends for ``--privilege UPDATE@db.collection,FIND@db.collection2 --inheritedRole
    # enableSharding@admin`` (recorded step Create).
    body = {
        "actions": [
            {"action": "UPDATE", "resources": [{"cluster": False, "collection": "collection", "db": "db"}]},
            {"action": "FIND", "resources": [{"cluster": False, "collection": "collection2", "db": "db"}]},
        ],
        "inheritedRoles": [{"db": "admin", "role": "enableSharding"}],
        "roleName": "role-90",
    }
    response = owner.post(roles_path(group), json=body)
    assert (response.status_code, response.headers["content-type"]) == (202, CONTENT_TYPE)
    assert response.headers["ratelimit-limit"] == "2000"
    expected = {
        "actions": [
            {"action": "UPDATE", "resources": [{"collection": "collection", "db": "db"}]},
            {"action": "FIND", "resources": [{"collection": "collection2", "db": "db"}]},
        ],
        "inheritedRoles": [{"db": "admin", "role": "enableSharding"}],
        "roleName": "role-90",
    }
    assert response.text == response.text.strip() and response.json() == expected
    assert list(response.json()) == ["actions", "inheritedRoles", "roleName"]
    assert owner.get(f"{roles_path(group)}/role-90").json() == expected
    cluster = create(
        owner,
        group,
        {
            "roleName": "sessions",
            "actions": [{"action": "LIST_SESSIONS", "resources": [{"cluster": True, "db": "", "collection": ""}]}],
        },
    )
    assert cluster["actions"] == [{"action": "LIST_SESSIONS", "resources": [{"cluster": True}]}]
    listed = owner.get(roles_path(group))
    assert (listed.status_code, listed.json()) == (200, [expected, cluster])
    assert event_types(owner, group) == ["MONGODB_ROLE_ADDED", "MONGODB_ROLE_ADDED"]


def test_an_update_replaces_what_it_names_and_keeps_the_rest(owner: httpx.Client, group: str) -> None:
    create(
        owner,
        group,
        {"roleName": "r", "actions": [FIND_SALES], "inheritedRoles": [{"db": "admin", "role": "enableSharding"}]},
    )
    sessions = {"action": "LIST_SESSIONS", "resources": [{"cluster": True}]}
    response = owner.patch(f"{roles_path(group)}/r", json={"actions": [sessions]})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "actions": [sessions],
        "inheritedRoles": [{"db": "admin", "role": "enableSharding"}],
        "roleName": "r",
    }
    # The CLI's --append sends the merged role, new inherited roles first; the answer orders them by database.
    merged = {
        "inheritedRoles": [{"db": "mydb", "role": "read"}, {"db": "admin", "role": "enableSharding"}],
        "roleName": "",
    }
    changed = owner.patch(f"{roles_path(group)}/r", json=merged).json()
    assert changed["inheritedRoles"] == [{"db": "admin", "role": "enableSharding"}, {"db": "mydb", "role": "read"}]
    assert changed["actions"] == [sessions]
    assert owner.get(f"{roles_path(group)}/r").json() == changed
    assert event_types(owner, group).count("MONGODB_ROLE_UPDATED") == 2


def test_delete_answers_204(owner: httpx.Client, group: str) -> None:
    create(owner, group, {"roleName": "gone", "actions": [FIND_SALES]})
    response = owner.delete(f"{roles_path(group)}/gone")
    assert (response.status_code, response.content, response.headers["content-type"]) == (204, b"", CONTENT_TYPE)
    for answer in (
        owner.get(f"{roles_path(group)}/gone"),
        owner.delete(f"{roles_path(group)}/gone"),
        owner.patch(f"{roles_path(group)}/gone", json={"actions": [FIND_SALES]}),
    ):
        body = expect_error(answer, 404, "ATLAS_CUSTOM_ROLE_NOT_FOUND")
        assert body["detail"] == "The specified custom db role gone does not exist."
    assert "MONGODB_ROLE_DELETED" in event_types(owner, group)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"roleName": "bad name"}, "ATLAS_CUSTOM_ROLE_INVALID_NAME"),
        ({"roleName": "-dash"}, "ATLAS_CUSTOM_ROLE_INVALID_NAME"),
        ({"roleName": "readWrite"}, "ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED"),
        ({"roleName": "atlasAdmin"}, "ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED"),
        ({"roleName": "xgen-mine"}, "ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED"),
        ({"roleName": None}, "MISSING_ATTRIBUTE"),
        ({"actions": [{"action": "DANCE", "resources": [{"db": "a"}]}]}, "INVALID_ENUM_VALUE"),
        ({"actions": [FIND_SALES, FIND_SALES]}, "ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION"),
        (
            {"actions": [{"action": "FIND", "resources": [{"db": "a"}, {"db": "a"}]}]},
            "ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE",
        ),
        ({"actions": [{"action": "LIST_SESSIONS", "resources": [{"db": "a"}]}]}, "ATLAS_INVALID_RESOURCE"),
        ({"actions": [{"action": "FIND", "resources": [{"cluster": True}]}]}, "ATLAS_INVALID_RESOURCE"),
        ({"actions": [{"action": "FIND", "resources": [{"db": "a b"}]}]}, "INVALID_DATABASE_NAME"),
        ({"actions": [{"action": "FIND", "resources": [{"collection": "c"}]}]}, "INVALID_DATABASE_NAME"),
        ({"actions": [{"action": "FIND"}]}, "MISSING_ATTRIBUTE"),
        ({"actions": [], "inheritedRoles": []}, "ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS"),
        ({"inheritedRoles": [{"db": "admin", "role": "nosuch"}]}, "ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE"),
        ({"inheritedRoles": [{"db": "sales", "role": "enableSharding"}]}, "ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE"),
        ({"inheritedRoles": [{"db": "admin", "role": "root"}]}, "ATLAS_RESTRICTED_ROLE"),
        (
            {"roleName": "me", "inheritedRoles": [{"db": "admin", "role": "me"}]},
            "ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL",
        ),
        ({"extra": True}, "INVALID_ATTRIBUTE"),
    ],
)
def test_refused_roles(owner: httpx.Client, group: str, body: dict[str, Any], code: str) -> None:
    sent = {
        key: value
        for key, value in {"roleName": "candidate", "actions": [FIND_SALES], **body}.items()
        if value is not None
    }
    expect_error(owner.post(roles_path(group), json=sent), 400, code)
    assert owner.get(roles_path(group)).json() == []


def test_a_second_role_of_that_name_is_409(owner: httpx.Client, group: str) -> None:
    create(owner, group, {"roleName": "once", "actions": [FIND_SALES]})
    expect_error(
        owner.post(roles_path(group), json={"roleName": "once", "actions": [FIND_SALES]}),
        409,
        "ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS",
    )


def test_inheritance_of_custom_roles_without_cycles(owner: httpx.Client, group: str) -> None:
    create(owner, group, {"roleName": "base", "actions": [FIND_SALES]})
    create(owner, group, {"roleName": "middle", "inheritedRoles": [{"db": "admin", "role": "base"}]})
    create(owner, group, {"roleName": "top", "inheritedRoles": [{"db": "admin", "role": "middle"}]})
    cycle = {"inheritedRoles": [{"db": "admin", "role": "top"}]}
    expect_error(
        owner.patch(f"{roles_path(group)}/base", json=cycle), 400, "ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY"
    )
    elsewhere = {"roleName": "x", "inheritedRoles": [{"db": "sales", "role": "base"}]}
    expect_error(owner.post(roles_path(group), json=elsewhere), 400, "ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE")
    expect_error(owner.patch(f"{roles_path(group)}/base", json={"roleName": "renamed"}), 400, "INVALID_ATTRIBUTE")
    assert owner.get(f"{roles_path(group)}/base").json()["inheritedRoles"] == []


def test_a_role_a_user_needs_cannot_be_deleted(owner: httpx.Client, group: str) -> None:
    create(owner, group, {"roleName": "needed", "actions": [FIND_SALES]})
    users = f"/api/atlas/v2/groups/{group}/databaseUsers"
    user = {
        "databaseName": "$external",
        "username": "only",
        "x509Type": "MANAGED",
        "roles": [{"databaseName": "admin", "roleName": "needed"}],
    }
    assert owner.post(users, json=user).status_code == 201
    both = {**user, "username": "both", "roles": [*user["roles"], {"databaseName": "sales", "roleName": "read"}]}
    assert owner.post(users, json=both).status_code == 201
    body = expect_error(owner.delete(f"{roles_path(group)}/needed"), 409, "ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS")
    assert body["parameters"] == ["only"]
    assert owner.delete(f"{users}/$external/only").status_code == 204
    assert owner.delete(f"{roles_path(group)}/needed").status_code == 204
    # The user who had another role keeps it.
    assert owner.get(f"{users}/$external/both").json()["roles"] == [{"databaseName": "sales", "roleName": "read"}]


def test_a_role_another_role_needs_cannot_be_deleted(owner: httpx.Client, group: str) -> None:
    create(owner, group, {"roleName": "parent", "actions": [FIND_SALES]})
    create(owner, group, {"roleName": "child", "inheritedRoles": [{"db": "admin", "role": "parent"}]})
    both = {"roleName": "rich", "actions": [FIND_SALES], "inheritedRoles": [{"db": "admin", "role": "parent"}]}
    create(owner, group, both)
    body = expect_error(owner.delete(f"{roles_path(group)}/parent"), 409, "ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES")
    assert body["parameters"] == ["child"]
    assert owner.delete(f"{roles_path(group)}/child").status_code == 204
    assert owner.delete(f"{roles_path(group)}/parent").status_code == 204
    assert owner.get(f"{roles_path(group)}/rich").json()["inheritedRoles"] == []
