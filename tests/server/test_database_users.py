"""A project's database users (Atlas v2, 2023-01-01): ``listGroupDatabaseUsers``, ``createGroupDatabaseUser``,
``getGroupDatabaseUser``, ``updateGroupDatabaseUser``, ``deleteGroupDatabaseUser``.

As recorded (``reference/recordings/dbusers``): create 201, update 200, delete 204, a paginated list, the keys of
``CloudDatabaseUser`` in alphabetical order, no password in any answer. Every way of authenticating on the database
it requires; SCRAM credentials stored as MongoDB stores them (checked here by an independent computation); temporary
users gone once the server clock passes their ``deleteAfterDate``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

V2 = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
KEYS = [
    "awsIAMType",
    "databaseName",
    "groupId",
    "labels",
    "ldapAuthType",
    "links",
    "oidcAuthType",
    "roles",
    "scopes",
    "username",
    "x509Type",
]
IDP = "d0123456789abcdef012345d"
PASSWORD = "Correct-Horse-9"
ATLAS_ADMIN = [{"databaseName": "admin", "roleName": "atlasAdmin"}]
_names = itertools.count()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    built = LocalServer(Path(tmp_path_factory.mktemp("database-users")) / "data").start()
    yield built
    built.stop()


@pytest.fixture(scope="module")
def owner(server: LocalServer) -> httpx.Client:
    return server.digest(accept=V2)


def new_project(server: LocalServer, owner: httpx.Client) -> str:
    response = owner.post("/api/atlas/v2/groups", json={"name": f"dbusers-{next(_names)}", "orgId": server.org_id})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
def group(server: LocalServer, owner: httpx.Client) -> str:
    """A new project of the bootstrap organization for each test."""
    return new_project(server, owner)


def users_path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/databaseUsers"


def user_path(group_id: str, database: str, username: str) -> str:
    return f"{users_path(group_id)}/{quote(database, safe='')}/{quote(username, safe='')}"


def server_now(server: LocalServer) -> int:
    from atlas_access.core.clock import parse_iso

    return parse_iso(server.admin().get("/api/local/v1/clock").json()["now"])


def iso_at(seconds: int) -> str:
    from atlas_access.core.clock import iso

    return iso(seconds)


def password_user(group_id: str, username: str = "app-user", **extra: Any) -> dict[str, Any]:
    return {
        "databaseName": "admin",
        "groupId": group_id,
        "password": PASSWORD,
        "roles": ATLAS_ADMIN,
        "username": username,
        **extra,
    }


def create(owner: httpx.Client, group_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = owner.post(users_path(group_id), json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def events_of(owner: httpx.Client, group_id: str, event_type: str) -> list[dict[str, Any]]:
    response = owner.get(f"/api/atlas/v2/groups/{group_id}/events", params={"eventType": event_type})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["results"]
    return found


def database_files(server: LocalServer) -> list[Path]:
    return [path for path in server.data_dir.iterdir() if path.is_file() and ".db" in path.name]


def stored_scram(server: LocalServer, group_id: str, username: str) -> dict[str, Any]:
    [main] = [path for path in database_files(server) if path.suffix == ".db"]
    with sqlite3.connect(main) as conn:
        row = conn.execute(
            "SELECT scram FROM database_users WHERE group_id = ? AND username = ?", (group_id, username)
        ).fetchone()
    found: dict[str, Any] = json.loads(row[0])
    return found


def scram_verifies(credential: dict[str, Any], mechanism: str, username: str, password: str) -> bool:
    """RFC 5802 by hand: the stored and server keys a SCRAM server would derive for ``password``."""
    if mechanism == "SCRAM-SHA-1":
        secret = hashlib.md5(f"{username}:mongo:{password}".encode(), usedforsecurity=False).hexdigest().encode()
        digest = "sha1"
    else:
        secret, digest = password.encode(), "sha256"
    salted = hashlib.pbkdf2_hmac(digest, secret, base64.b64decode(credential["salt"]), credential["iterationCount"])
    stored_key = hashlib.new(digest, hmac.new(salted, b"Client Key", digest).digest()).digest()
    server_key = hmac.new(salted, b"Server Key", digest).digest()
    return (
        base64.b64decode(credential["storedKey"]) == stored_key
        and base64.b64decode(credential["serverKey"]) == server_key
    )


# --- password users -------------------------------------------------------------------------------------------------


def test_a_password_user_answers_as_recorded(server: LocalServer, owner: httpx.Client, group: str) -> None:
    scopes = [{"name": "Cluster0", "type": "CLUSTER"}, {"name": "Cluster1", "type": "CLUSTER"}]
    response = owner.post(users_path(group), json=password_user(group, scopes=scopes, x509Type="NONE"))
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.headers["ratelimit-limit"] == "10000"
    created = response.json()
    assert list(created) == KEYS
    assert created["links"] == [{"href": f"{server.base_url}{users_path(group)}/admin/app-user", "rel": "self"}]
    assert (created["roles"], created["scopes"], created["labels"]) == (ATLAS_ADMIN, scopes, [])
    assert {created[key] for key in ("awsIAMType", "ldapAuthType", "oidcAuthType", "x509Type")} == {"NONE"}
    assert PASSWORD not in response.text

    read = owner.get(user_path(group, "admin", "app-user"))
    assert (read.status_code, read.json()) == (200, created)
    listed = owner.get(users_path(group))
    assert listed.status_code == 200
    assert listed.json() == {
        "links": [
            {
                "href": f"{server.base_url}{users_path(group)}?includeCount=true&pageNum=1&itemsPerPage=100",
                "rel": "self",
            }
        ],
        "results": [created],
        "totalCount": 1,
    }
    [added] = events_of(owner, group, "MONGODB_USER_ADDED")
    assert added["dbUserUsername"] == "app-user"
    assert added["publicKey"] == server.bootstrap["publicKey"]


def test_the_stored_credentials_verify_the_password_and_hold_no_password(
    server: LocalServer, owner: httpx.Client, group: str
) -> None:
    create(owner, group, password_user(group, "scram-user"))
    stored = stored_scram(server, group, "scram-user")
    assert set(stored) == {"SCRAM-SHA-1", "SCRAM-SHA-256"}
    assert (stored["SCRAM-SHA-1"]["iterationCount"], stored["SCRAM-SHA-256"]["iterationCount"]) == (10000, 15000)
    for mechanism, credential in stored.items():
        assert scram_verifies(credential, mechanism, "scram-user", PASSWORD)
        assert not scram_verifies(credential, mechanism, "scram-user", PASSWORD + "x")
    owner.get(users_path(group))  # a checkpoint may move pages between the WAL and the database file
    for path in server.data_dir.iterdir():
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path.name


def test_a_password_only_update_keeps_everything_else_and_replaces_the_credentials(
    server: LocalServer, owner: httpx.Client, group: str
) -> None:
    delete_after = iso_at(server_now(server) + 86_400)
    body = password_user(
        group,
        "kept",
        roles=[{"databaseName": "sales", "roleName": "read", "collectionName": "orders"}],
        scopes=[{"name": "Cluster0", "type": "CLUSTER"}],
        labels=[{"key": "team", "value": "billing"}],
        description="Billing reports",
        deleteAfterDate=delete_after,
    )
    created = create(owner, group, body)
    assert list(created) == [*KEYS[:2], "deleteAfterDate", "description", *KEYS[2:]]
    assert created["roles"] == [{"collectionName": "orders", "databaseName": "sales", "roleName": "read"}]
    before = stored_scram(server, group, "kept")
    # What the real CLI sends for ``atlas dbusers update kept --password ...`` (recorded step Update_only_password).
    patch = {
        "databaseName": "admin",
        "groupId": group,
        "password": "Another-Secret-7",
        "roles": [],
        "scopes": [],
        "username": "kept",
    }
    response = owner.patch(user_path(group, "admin", "kept"), json={**patch, "x509Type": "NONE"})
    assert response.status_code == 200, response.text
    assert response.json() == created
    assert owner.get(user_path(group, "admin", "kept")).json() == created
    after = stored_scram(server, group, "kept")
    assert after != before
    assert all(scram_verifies(after[m], m, "kept", "Another-Secret-7") for m in after)
    assert events_of(owner, group, "MONGODB_USER_UPDATED")[0]["dbUserUsername"] == "kept"


def test_an_update_replaces_what_it_names(owner: httpx.Client, group: str) -> None:
    create(owner, group, password_user(group, "changing", scopes=[{"name": "Cluster0", "type": "CLUSTER"}]))
    body = {"roles": [{"databaseName": "admin", "roleName": "readWrite"}], "scopes": [], "description": "now"}
    response = owner.patch(user_path(group, "admin", "changing"), json=body)
    assert response.status_code == 200, response.text
    changed = response.json()
    # Empty scopes keep the user's, as an empty roles list does (the cloud's answer to the real CLI's update).
    kept = [{"name": "Cluster0", "type": "CLUSTER"}]
    assert (changed["roles"], changed["scopes"], changed["description"]) == (body["roles"], kept, "now")
    narrowed = owner.patch(user_path(group, "admin", "changing"), json={"scopes": [{"name": "C1", "type": "CLUSTER"}]})
    assert narrowed.status_code == 200, narrowed.text
    assert narrowed.json()["scopes"] == [{"name": "C1", "type": "CLUSTER"}]
    assert narrowed.json()["roles"] == body["roles"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"username": "other"}, "DATABASE_USERNAME_CANNOT_BE_CHANGED"),
        ({"databaseName": "$external"}, "DATABASE_NAME_CANNOT_BE_CHANGED"),
        ({"x509Type": "MANAGED"}, "AUTH_TYPE_CANNOT_BE_CHANGED"),
        ({"oidcAuthType": "USER"}, "AUTH_TYPE_CANNOT_BE_CHANGED"),
    ],
)
def test_an_update_cannot_rename_or_change_how_a_user_authenticates(
    owner: httpx.Client, group: str, body: dict[str, Any], code: str
) -> None:
    create(owner, group, password_user(group, "fixed"))
    expect_error(owner.patch(user_path(group, "admin", "fixed"), json=body), 409, code)
    assert owner.get(user_path(group, "admin", "fixed")).json()["username"] == "fixed"


def test_a_group_id_in_the_body_must_be_the_paths(owner: httpx.Client, group: str) -> None:
    other = "5f0000000000000000000000"
    expect_error(owner.post(users_path(group), json=password_user(other)), 400, "GROUP_MISMATCH")
    create(owner, group, password_user(group, "mine"))
    expect_error(owner.patch(user_path(group, "admin", "mine"), json={"groupId": other}), 400, "GROUP_MISMATCH")


def test_a_missing_user_is_404_on_every_operation(owner: httpx.Client, group: str) -> None:
    path = user_path(group, "admin", "nobody")
    for response in (owner.get(path), owner.patch(path, json={"description": "x"}), owner.delete(path)):
        body = expect_error(response, 404, "USERNAME_NOT_FOUND")
        assert body["detail"] == "No user with username nobody exists."
    expect_error(owner.get(user_path(group, "local", "nobody")), 404, "USERNAME_NOT_FOUND")


def test_delete_answers_204_and_writes_the_event(owner: httpx.Client, group: str) -> None:
    create(owner, group, password_user(group, "leaving"))
    response = owner.delete(user_path(group, "admin", "leaving"))
    assert (response.status_code, response.content, response.headers["content-type"]) == (204, b"", CONTENT_TYPE)
    expect_error(owner.get(user_path(group, "admin", "leaving")), 404, "USERNAME_NOT_FOUND")
    assert events_of(owner, group, "MONGODB_USER_DELETED")[0]["dbUserUsername"] == "leaving"


def test_a_second_user_of_that_name_is_409(owner: httpx.Client, group: str) -> None:
    create(owner, group, password_user(group, "twice"))
    body = expect_error(owner.post(users_path(group), json=password_user(group, "twice")), 409, "USER_ALREADY_EXISTS")
    assert body["parameters"] == ["twice"]
    assert owner.get(users_path(group)).json()["totalCount"] == 1


# --- other ways of authenticating -----------------------------------------------------------------------------------

KINDS = [
    ("x509Type", "MANAGED", "$external", "reporting"),
    ("x509Type", "MANAGED", "$external", "CN=reporting"),
    ("x509Type", "CUSTOMER", "$external", "CN=svc,OU=eng,O=Example"),
    ("awsIAMType", "USER", "$external", "arn:aws:iam::123456789012:user/app"),
    ("awsIAMType", "ROLE", "$external", "arn:aws:iam::123456789012:role/path/app"),
    ("ldapAuthType", "USER", "$external", "uid=ann,ou=people,dc=example,dc=com"),
    ("ldapAuthType", "GROUP", "admin", "cn=dbas,ou=groups,dc=example,dc=com"),
    ("oidcAuthType", "USER", "$external", f"{IDP}/workload"),
    ("oidcAuthType", "IDP_GROUP", "admin", f"{IDP}/engineers"),
]


@pytest.mark.parametrize(("field", "kind", "database", "username"), KINDS)
def test_every_way_of_authenticating_on_its_database(
    server: LocalServer, owner: httpx.Client, group: str, field: str, kind: str, database: str, username: str
) -> None:
    body = {"databaseName": database, "roles": ATLAS_ADMIN, "username": username, field: kind}
    created = create(owner, group, body)
    assert created[field] == kind
    assert (
        created["links"][0]["href"]
        == f"{server.base_url}{users_path(group)}/{database}/{quote(username, safe='$:=,@')}"
    )
    path = user_path(group, database, username)
    assert owner.get(path).json() == created
    assert owner.patch(path, json={"description": "seen"}).json()["description"] == "seen"
    assert owner.delete(path).status_code == 204
    expect_error(owner.get(path), 404, "USERNAME_NOT_FOUND")


@pytest.mark.parametrize(("field", "kind", "database", "username"), KINDS)
def test_the_wrong_database_is_refused(
    owner: httpx.Client, group: str, field: str, kind: str, database: str, username: str
) -> None:
    wrong = "admin" if database == "$external" else "$external"
    body = {"databaseName": wrong, "roles": ATLAS_ADMIN, "username": username, field: kind}
    code = "DATABASE_NAME_INVALID_EXTERNAL" if database == "$external" else "DATABASE_NAME_INVALID_ADMIN"
    expect_error(owner.post(users_path(group), json=body), 400, code)
    expect_error(
        owner.post(users_path(group), json={**password_user(group), "databaseName": "$external"}),
        400,
        "DATABASE_NAME_INVALID_ADMIN",
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"password": None}, "MISSING_ATTRIBUTE"),
        ({"password": "short"}, "INVALID_ATTRIBUTE"),
        ({"databaseName": "$external", "x509Type": "MANAGED", "username": "x"}, "ATLAS_X509_USER_CANNOT_USE_SCRAM"),
        (
            {"databaseName": "$external", "awsIAMType": "USER", "username": "arn:aws:iam::123456789012:user/a"},
            "ATLAS_INVALID_AUTH_SETTINGS",
        ),
        (
            {"databaseName": "$external", "x509Type": "MANAGED", "ldapAuthType": "USER", "password": None},
            "ATLAS_X509_USER_CANNOT_USE_LDAP",
        ),
        (
            {"databaseName": "$external", "awsIAMType": "USER", "oidcAuthType": "USER", "password": None},
            "ATLAS_INVALID_AUTH_SETTINGS",
        ),
        ({"x509Type": "SELF"}, "INVALID_ENUM_VALUE"),
        ({"username": None}, "MISSING_ATTRIBUTE"),
        ({"roles": None}, "MISSING_ATTRIBUTE"),
        ({"roles": []}, "MISSING_ATTRIBUTE"),
        ({"unknown": 1}, "INVALID_ATTRIBUTE"),
        ({"username": 7}, "INVALID_JSON_ATTRIBUTE"),
        ({"description": "x" * 101}, "INVALID_ATTRIBUTE"),
        ({"labels": [{"key": "", "value": "v"}]}, "INVALID_ATTRIBUTE"),
        ({"username": ""}, "ATLAS_INVALID_USERNAME"),
    ],
)
def test_refused_bodies(owner: httpx.Client, group: str, body: dict[str, Any], code: str) -> None:
    sent = {key: value for key, value in {**password_user(group), **body}.items() if value is not None}
    answer = expect_error(owner.post(users_path(group), json=sent), 400, code)
    assert PASSWORD not in json.dumps(answer)
    assert owner.get(users_path(group)).json()["totalCount"] == 0


def test_a_body_that_is_not_json_is_malformed(owner: httpx.Client, group: str) -> None:
    response = owner.post(users_path(group), content=b"{", headers={"Content-Type": "application/json"})
    expect_error(response, 400, "MALFORMED_JSON")


@pytest.mark.parametrize(
    ("field", "kind", "database", "username", "code"),
    [
        ("awsIAMType", "USER", "$external", "app", "ATLAS_INVALID_USERNAME"),
        ("awsIAMType", "USER", "$external", "arn:aws:iam::123456789012:role/app", "ATLAS_INVALID_USERNAME"),
        ("ldapAuthType", "USER", "$external", "not a dn", "ATLAS_INVALID_LDAP_NAME"),
        ("x509Type", "CUSTOMER", "$external", "OU=eng,O=Example", "ATLAS_INVALID_USERNAME"),
        ("x509Type", "MANAGED", "$external", "CN=a,O=Example", "ATLAS_MANAGED_X509_NAME_INVALID"),
        ("oidcAuthType", "USER", "$external", "workload", "ATLAS_INVALID_USERNAME"),
    ],
)
def test_usernames_of_the_wrong_form(
    owner: httpx.Client, group: str, field: str, kind: str, database: str, username: str, code: str
) -> None:
    body = {"databaseName": database, "roles": ATLAS_ADMIN, "username": username, field: kind}
    expect_error(owner.post(users_path(group), json=body), 400, code)


def test_x509_users_cannot_be_temporary(server: LocalServer, owner: httpx.Client, group: str) -> None:
    later = iso_at(server_now(server) + 3600)
    body = {"databaseName": "$external", "roles": ATLAS_ADMIN, "username": "t", "x509Type": "MANAGED"}
    expect_error(
        owner.post(users_path(group), json={**body, "deleteAfterDate": later}),
        400,
        "ATLAS_X509_USER_CANNOT_BE_TEMPORARY",
    )


# --- roles and scopes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ({"databaseName": "admin", "roleName": "superuser"}, "ATLAS_INVALID_ROLE"),
        ({"databaseName": "sales", "roleName": "atlasAdmin"}, "ATLAS_INVALID_ROLE_DATABASE"),
        ({"databaseName": "admin", "roleName": "root"}, "ATLAS_RESTRICTED_ROLE"),
        ({"databaseName": "admin", "roleName": "dbAdmin", "collectionName": "c"}, "UNSUPPORTED_ROLE"),
        (
            {"databaseName": "sales", "roleName": "read", "collectionName": "system.users"},
            "ATLAS_RESTRICTED_COLLECTION",
        ),
        ({"databaseName": "sa les", "roleName": "read"}, "INVALID_DATABASE_NAME"),
        ({"databaseName": "sales", "roleName": "read", "collectionName": "a$b"}, "INVALID_COLLECTION_NAME"),
        ({"roleName": "read"}, "MISSING_ATTRIBUTE"),
    ],
)
def test_refused_roles(owner: httpx.Client, group: str, role: dict[str, Any], code: str) -> None:
    expect_error(owner.post(users_path(group), json=password_user(group, roles=[role])), 400, code)


def test_a_role_given_twice_is_refused(owner: httpx.Client, group: str) -> None:
    body = expect_error(
        owner.post(users_path(group), json=password_user(group, "dup", roles=ATLAS_ADMIN * 2)),
        400,
        "DUPLICATE_DATABASE_ROLES",
    )
    assert body["parameters"] == ["dup", "atlasAdmin@admin"]


def test_built_in_roles_on_the_databases_they_exist_for(owner: httpx.Client, group: str) -> None:
    roles = [
        {"databaseName": "admin", "roleName": name}
        for name in ("readWriteAnyDatabase", "readAnyDatabase", "dbAdminAnyDatabase", "clusterMonitor", "backup")
    ] + [
        {"databaseName": "admin", "roleName": "enableSharding"},
        {"databaseName": "sales", "roleName": "dbAdmin"},
        {"databaseName": "sales", "roleName": "readWrite", "collectionName": "orders"},
    ]
    created = create(owner, group, password_user(group, "many", roles=roles))
    assert [(r["roleName"], r["databaseName"]) for r in created["roles"]] == [
        (r["roleName"], r["databaseName"]) for r in roles
    ]


def test_custom_roles_are_granted_on_admin(owner: httpx.Client, group: str) -> None:
    role = {"roleName": "reporting", "actions": [{"action": "FIND", "resources": [{"db": "sales"}]}]}
    assert owner.post(f"/api/atlas/v2/groups/{group}/customDBRoles/roles", json=role).status_code == 202
    created = create(
        owner, group, password_user(group, "custom", roles=[{"databaseName": "admin", "roleName": "reporting"}])
    )
    assert created["roles"] == [{"databaseName": "admin", "roleName": "reporting"}]
    wrong = password_user(group, "custom2", roles=[{"databaseName": "sales", "roleName": "reporting"}])
    expect_error(owner.post(users_path(group), json=wrong), 400, "UNSUPPORTED_ROLE")


def test_scopes_name_clusters_this_server_does_not_serve(owner: httpx.Client, group: str) -> None:
    scopes = [
        {"name": "Cluster0", "type": "CLUSTER"},
        {"name": "lake-1", "type": "DATA_LAKE"},
        {"name": "s", "type": "STREAM"},
    ]
    assert create(owner, group, password_user(group, "scoped", scopes=scopes))["scopes"] == scopes
    bad_type = password_user(group, "s2", scopes=[{"name": "Cluster0", "type": "SERVERLESS"}])
    expect_error(owner.post(users_path(group), json=bad_type), 400, "INVALID_ENUM_VALUE")
    bad_name = password_user(group, "s3", scopes=[{"name": "-Cluster0", "type": "CLUSTER"}])
    expect_error(owner.post(users_path(group), json=bad_name), 400, "INVALID_ATTRIBUTE")


# --- temporary users ------------------------------------------------------------------------------------------------


def test_delete_after_date_is_within_a_week_of_the_server_clock(
    server: LocalServer, owner: httpx.Client, group: str
) -> None:
    now = server_now(server)
    for when, code in ((now - 60, "EXPIRATION_DATE_IN_PAST"), (now + 8 * 86_400, "EXPIRATION_DATE_EXCEEDS_MAX")):
        sent = password_user(group, "temp", deleteAfterDate=iso_at(when))
        expect_error(owner.post(users_path(group), json=sent), 400, code)
    sent = password_user(group, "temp", deleteAfterDate="tomorrow")
    expect_error(owner.post(users_path(group), json=sent), 400, "INVALID_JSON_ATTRIBUTE")
    # An offset is accepted and answered in UTC, to the second.
    local = iso_at(now + 3 * 3600)[:-1] + "+02:00"
    created = create(owner, group, password_user(group, "temp", deleteAfterDate=local))
    assert created["deleteAfterDate"] == iso_at(now + 3600)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LocalServer]:
    """A server of its own, for a test that moves the server clock."""
    built = LocalServer(tmp_path / "data").start()
    yield built
    built.stop()


def test_a_temporary_user_is_gone_once_the_server_clock_passes_its_date(own_server: LocalServer) -> None:
    owner = own_server.digest(accept=V2)
    group = own_server.project_id
    deadline = server_now(own_server) + 86_400
    create(owner, group, password_user(group, "brief", deleteAfterDate=iso_at(deadline)))
    create(owner, group, password_user(group, "lasting"))
    own_server.advance("2d")
    path = user_path(group, "admin", "brief")
    expect_error(owner.get(path), 404, "USERNAME_NOT_FOUND")
    expect_error(owner.patch(path, json={"description": "x"}), 404, "USERNAME_NOT_FOUND")
    expect_error(owner.delete(path), 404, "USERNAME_NOT_FOUND")
    assert [user["username"] for user in owner.get(users_path(group)).json()["results"]] == ["lasting"]
    # The next write of the project that succeeds purges the row, with the event dated at deleteAfterDate.
    again = create(owner, group, password_user(group, "brief"))
    assert "deleteAfterDate" not in again
    [gone] = events_of(owner, group, "MONGODB_USER_DELETED")
    assert (gone["dbUserUsername"], gone["created"]) == ("brief", iso_at(deadline))
    assert not {"userId", "apiKeyId", "publicKey"} & set(gone)  # the system, not a caller


# --- limits, projects -----------------------------------------------------------------------------------------------


def test_a_project_holds_at_most_100_database_users(owner: httpx.Client, group: str) -> None:
    for n in range(100):
        create(
            owner,
            group,
            {"databaseName": "$external", "roles": ATLAS_ADMIN, "username": f"u{n}", "x509Type": "MANAGED"},
        )
    body = {"databaseName": "$external", "roles": ATLAS_ADMIN, "username": "u100", "x509Type": "MANAGED"}
    answer = expect_error(owner.post(users_path(group), json=body), 403, "GROUP_USERS_LIMIT_EXCEEDED")
    assert answer["parameters"] == [100]
    page = owner.get(users_path(group), params={"itemsPerPage": 30, "pageNum": 4}).json()
    assert (page["totalCount"], len(page["results"]), page["results"][0]["username"]) == (100, 10, "u90")


def test_deleting_the_project_deletes_its_users_and_roles(server: LocalServer, owner: httpx.Client) -> None:
    group = new_project(server, owner)
    create(owner, group, password_user(group, "doomed"))
    role = {"roleName": "doomed-role", "actions": [{"action": "FIND", "resources": [{"db": "sales"}]}]}
    assert owner.post(f"/api/atlas/v2/groups/{group}/customDBRoles/roles", json=role).status_code == 202
    assert owner.delete(f"/api/atlas/v2/groups/{group}").status_code == 202
    expect_error(owner.get(users_path(group)), 404, "GROUP_NOT_FOUND")
    [main] = [path for path in database_files(server) if path.suffix == ".db"]
    with sqlite3.connect(main) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table} WHERE group_id = ?", (group,)).fetchone()[0]
            for table in ("database_users", "custom_db_roles")
        ]
    assert counts == [0, 0]


def test_a_read_only_member_reads_but_does_not_write(server: LocalServer, owner: httpx.Client, group: str) -> None:
    made = server.fixtures(
        {
            "orgs": [
                {
                    "name": f"ro-{next(_names)}",
                    "projects": [{"name": "p"}],
                    "apiKeys": [
                        {"description": "ro", "orgRoles": ["ORG_MEMBER"], "projectRoles": {"p": ["GROUP_READ_ONLY"]}}
                    ],
                }
            ]
        }
    )["orgs"][0]
    key = made["apiKeys"][0]
    reader = server.digest(key["publicKey"], key["privateKey"], accept=V2)
    ro_group = made["projects"][0]["id"]
    assert reader.get(users_path(ro_group)).status_code == 200
    expect_error(reader.post(users_path(ro_group), json=password_user(ro_group)), 401, "USER_UNAUTHORIZED")
