"""The real Atlas CLI's e2e tests for a project's database and network access, replayed with our ``atlas`` against a
real atlas-access server process: mongodb/mongodb-atlas-cli ``test/e2e/atlas/generic/{dbusers,dbuserscerts,
customdbroles,accesslists,auditing,projectsettings}`` and ``test/e2e/atlas/ldap``.

Each test runs the Go test's command sequence, step by step, and keeps every assertion it makes (exit code, the
JSON answer's fields, the printed text). Differences, each said where it happens: the Go tests pass ``-P <profile>``;
here the environment carries the same credentials (``on_server``), so the flag is left out. The Go tests create a
fresh project (``g.GenerateProject``); here the server's own project serves.
"""

from __future__ import annotations

import base64
import json
import random
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from support.server import LocalServer

if TYPE_CHECKING:
    from conftest import AtlasRunner, Outcome


def _json(result: Outcome) -> Any:
    assert result.code == 0, result.err
    return json.loads(result.out)


def _password() -> str:
    """generateRandomBase64String: 14 base64 characters of random printable ASCII."""
    raw = "".join(random.choice(string.ascii_letters) for _ in range(14))
    return base64.b64encode(raw.encode()).decode()[:14]


def _rfc3339(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- test/e2e/atlas/generic/dbusers -----------------------------------------------------------------------------

CLUSTER0, CLUSTER1, CLUSTER_TYPE = "Cluster0", "Cluster1", "CLUSTER"
SCOPES = "Cluster0,Cluster1:CLUSTER"


def _created_user(result: Outcome, username: str) -> None:
    """testCreateUserCmd."""
    user = _json(result)
    assert user["username"] == username
    assert [(s["name"], s["type"]) for s in user["scopes"]] == [(CLUSTER0, CLUSTER_TYPE), (CLUSTER1, CLUSTER_TYPE)]


def _described_user(atlas: AtlasRunner, username: str) -> None:
    """testDescribeUser."""
    assert _json(atlas("dbusers", "describe", username, "-o=json"))["username"] == username


def _updated_user(result: Outcome, username: str) -> None:
    """testUpdateUserCmd."""
    user = _json(result)
    assert user["username"] == username
    assert [(r["databaseName"], r["roleName"]) for r in user["roles"]] == [("admin", "readWrite")]
    assert [(s["name"], s["type"]) for s in user["scopes"]] == [(CLUSTER0, CLUSTER_TYPE)]


def _deleted_user(atlas: AtlasRunner, username: str, auth_db: str = "admin") -> None:
    """testDeleteUser."""
    assert atlas("dbusers", "delete", username, "--force", "--authDB", auth_db) == (
        0,
        f"DB user '{username}' deleted\n",
        "",
    )


def test_db_user_with_flags(atlas: AtlasRunner, on_server: LocalServer) -> None:
    username = f"user-{random.randint(0, 999)}"
    created = atlas(
        "dbusers", "create", "atlasAdmin", "--deleteAfter", _rfc3339(timedelta(days=1)),
        "--username", username, "--password", _password(), "--scope", SCOPES, "-o=json",
    )  # fmt: skip
    _created_user(created, username)

    listed = _json(atlas("dbusers", "ls", "-o=json"))
    assert len(listed["results"]) > 0

    compact = _json(atlas("dbusers", "ls", "-c", "-o=json"))
    assert isinstance(compact, list) and len(compact) > 0

    _described_user(atlas, username)

    updated = atlas(
        "dbusers", "update", username, "--role", "readWrite", "--scope", CLUSTER0, "--password", _password(), "-o=json"
    )
    _updated_user(updated, username)

    # Only a new password: the real CLI also sends empty role and scope lists, and the user keeps its roles.
    _updated_user(atlas("dbusers", "update", username, "--password", _password(), "-o=json"), username)

    _deleted_user(atlas, username)
    # What a user would notice afterwards: the user is gone.
    assert atlas("dbusers", "describe", username).code == 1


def test_db_users_with_stdin(atlas: AtlasRunner, on_server: LocalServer) -> None:
    username = f"user-{random.randint(0, 999)}"
    # internal.IdentityProviderID() names an OIDC identity provider of the test organization; any id serves here,
    # since a database user's name only carries it.
    oidc_username = "6a0000000000000000000001/" + username

    created = atlas(
        "dbusers", "create", "atlasAdmin", "--deleteAfter", _rfc3339(timedelta(days=1)),
        "--username", username, "--scope", SCOPES, "-o=json", stdin=_password(),
    )  # fmt: skip
    _created_user(created, username)

    oidc = atlas(
        "dbusers", "create", "atlasAdmin", "--username", oidc_username, "--oidcType", "IDP_GROUP",
        "--scope", SCOPES, "-o=json",
    )  # fmt: skip
    _created_user(oidc, oidc_username)

    _described_user(atlas, username)
    _described_user(atlas, oidc_username)

    _updated_user(atlas("dbusers", "update", username, "--role", "readWrite", "--scope", CLUSTER0, "-o=json"), username)

    _deleted_user(atlas, username)
    _deleted_user(atlas, oidc_username)


# --- test/e2e/atlas/generic/dbuserscerts ------------------------------------------------------------------------


def test_db_user_certs(atlas: AtlasRunner, on_server: LocalServer) -> None:
    username = f"user{random.randint(0, 999)}"
    user = _json(atlas("dbusers", "create", "atlasAdmin", "--username", username, "--x509Type", "MANAGED", "-o=json"))
    assert user["username"] == username

    created = atlas("dbusers", "certs", "create", "--username", username, "-o=json")
    assert created.code == 0, created.err

    certs = _json(atlas("dbusers", "certs", "list", username, "-o=json"))
    assert certs["results"]

    _deleted_user(atlas, username, auth_db="$external")


# --- test/e2e/atlas/generic/customdbroles -----------------------------------------------------------------------


def test_db_roles(atlas: AtlasRunner, on_server: LocalServer) -> None:
    role_name = f"role-{random.randint(0, 999)}"

    role = _json(
        atlas(
            "customDbRoles",
            "create",
            role_name,
            "--privilege",
            "UPDATE@db.collection,FIND@db.collection2",
            "--inheritedRole",
            "enableSharding@admin",
            "-o=json",
        )
    )
    assert role["roleName"] == role_name
    assert sorted(a["action"] for a in role["actions"]) == ["FIND", "UPDATE"]
    assert [r["role"] for r in role["inheritedRoles"]] == ["enableSharding"]

    roles = _json(atlas("customDbRoles", "ls", "-o=json"))
    assert roles

    described = _json(atlas("customDbRoles", "describe", role_name, "-o=json"))
    assert described["roleName"] == role_name
    assert len(described["actions"]) == 2
    assert sorted(a["action"] for a in described["actions"])[1] == "UPDATE"
    assert [r["role"] for r in described["inheritedRoles"]] == ["enableSharding"]

    appended = _json(
        atlas(
            "customDbRoles",
            "update",
            role_name,
            "--inheritedRole",
            "read@mydb",
            "--privilege",
            "LIST_SESSIONS",
            "--privilege",
            "UPDATE@db2.collection",
            "--append",
            "-o=json",
        )
    )
    assert appended["roleName"] == role_name
    assert sorted(a["action"] for a in appended["actions"]) == ["FIND", "LIST_SESSIONS", "UPDATE"]
    assert sorted(r["role"] for r in appended["inheritedRoles"]) == ["enableSharding", "read"]

    replaced = _json(
        atlas(
            "customDbRoles",
            "update",
            role_name,
            "--inheritedRole",
            "enableSharding@admin",
            "--privilege",
            "LIST_SESSIONS",
            "-o=json",
        )
    )
    assert replaced["roleName"] == role_name
    assert [a["action"] for a in replaced["actions"]] == ["LIST_SESSIONS"]
    assert [r["role"] for r in replaced["inheritedRoles"]] == ["enableSharding"]

    assert atlas("customDbRoles", "delete", role_name, "--force") == (
        0,
        f"Custom database role '{role_name}' deleted\n",
        "",
    )


# --- test/e2e/atlas/generic/accesslists -------------------------------------------------------------------------


def _has_entry(result: Outcome, entry: str) -> bool:
    return any(item.get("ipAddress") == entry for item in _json(result)["results"])


def _deleted_entry(atlas: AtlasRunner, project: str, entry: str) -> None:
    assert atlas("accessList", "delete", entry, "--projectId", project, "--force") == (
        0,
        f"Project access list entry '{entry}' deleted\n",
        "",
    )


def test_access_list(atlas: AtlasRunner, on_server: LocalServer) -> None:
    project = on_server.project_id
    entry = f"192.168.0.{random.randint(0, 254)}"

    created = atlas("accessList", "create", entry, "--comment=test", "--projectId", project, "-o=json")
    assert _has_entry(created, entry)

    listed = _json(atlas("accessList", "ls", "--projectId", project, "-o=json"))
    assert isinstance(listed, dict)

    described = _json(atlas("accessList", "describe", entry, "--projectId", project, "-o=json"))
    assert isinstance(described, dict)

    _deleted_entry(atlas, project, entry)

    created = atlas(
        "accessList", "create", entry, "--deleteAfter=" + _rfc3339(timedelta(minutes=5)), "--comment=test",
        "--projectId", project, "-o=json",
    )  # fmt: skip
    assert _has_entry(created, entry)

    _deleted_entry(atlas, project, entry)

    current = _json(atlas("accessList", "create", "--currentIp", "--comment=test", "--projectId", project, "-o=json"))
    assert len(current["results"]) == 1
    current_entry = current["results"][0]["ipAddress"]
    assert current_entry == "127.0.0.1"  # the address the test server saw (GET /api/private/ipinfo)

    _deleted_entry(atlas, project, current_entry)


# --- test/e2e/atlas/generic/auditing ----------------------------------------------------------------------------


def test_auditing(atlas: AtlasRunner, on_server: LocalServer, tmp_path: Path) -> None:
    project = on_server.project_id
    assert isinstance(_json(atlas("auditing", "describe", "--projectId", project, "-o=json")), dict)

    setting = _json(
        atlas(
            "auditing",
            "update",
            "--projectId",
            project,
            "--enabled",
            "--auditAuthorizationSuccess",
            "--auditFilter",
            '{"atype": "authenticate"}',
            "-o=json",
        )
    )
    assert setting["enabled"] is True
    assert setting["auditAuthorizationSuccess"] is True
    assert json.loads(setting["auditFilter"]) == {"atype": "authenticate"}

    # testdata/update_auditing.json of the Go test: an audit filter document.
    filter_file = tmp_path / "update_auditing.json"
    filter_file.write_text('{"atype": "authCheck", "param.command": {"$in": ["insert", "update", "delete"]}}\n')
    from_file = _json(
        atlas(
            "auditing",
            "update",
            "--projectId",
            project,
            "--enabled",
            "--auditAuthorizationSuccess",
            "-f",
            str(filter_file),
            "-o=json",
        )
    )
    assert isinstance(from_file, dict)


# --- test/e2e/atlas/generic/projectsettings ---------------------------------------------------------------------

SETTING_KEYS = (
    "isCollectDatabaseSpecificsStatisticsEnabled",
    "isDataExplorerEnabled",
    "isPerformanceAdvisorEnabled",
    "isRealtimePerformancePanelEnabled",
    "isSchemaAdvisorEnabled",
)


def test_project_settings(atlas: AtlasRunner, on_server: LocalServer) -> None:
    project = on_server.project_id
    settings = _json(atlas("projects", "settings", "get", "--projectId", project, "-o=json"))
    for key in SETTING_KEYS:
        assert key in settings, settings

    # The Go test retries for up to 10 seconds until the change shows; this server applies it at once.
    updated = _json(
        atlas("projects", "settings", "update", "--disableCollectDatabaseSpecificsStatistics", "--projectId", project,
              "-o=json")
    )  # fmt: skip
    assert updated["isCollectDatabaseSpecificsStatisticsEnabled"] is False
    assert updated["isSchemaAdvisorEnabled"] is True
    assert updated["isPerformanceAdvisorEnabled"] is True
    assert updated["isRealtimePerformancePanelEnabled"] is True
    assert updated["isDataExplorerEnabled"] is True


# --- test/e2e/atlas/ldap ------------------------------------------------------------------------------------------
# g.GenerateProjectAndCluster("ldap") also creates a cluster; this server has no clusters, so that step is skipped:
# LDAP settings belong to the project here.

LDAP_HOST, LDAP_PORT, BIND_DN, BIND_PASSWORD = "localhost", "19657", "cn=admin,dc=example,dc=org", "admin"
MAPPING = (
    "--mappingMatch",
    "(.+)@ENGINEERING.EXAMPLE.COM",
    "--mappingSubstitution",
    "cn={0},ou=engineering,dc=example,dc=com",
)


def _verified(result: Outcome) -> str:
    """testLDAPVerifyCmd."""
    job = _json(result)
    assert job["status"] == "PENDING"
    return str(job["requestId"])


def _saved(result: Outcome) -> None:
    """testLDAPSaveCmd."""
    assert _json(result)["ldap"]["hostname"] == LDAP_HOST


def _ldap_deleted(atlas: AtlasRunner, project: str) -> None:
    """testLDAPDelete."""
    result = atlas("security", "ldap", "delete", "--projectId", project, "--force")
    assert result.code == 0, result.err
    assert "LDAP configuration userToDNMapping deleted" in result.out


def test_ldap_with_flags(atlas: AtlasRunner, on_server: LocalServer) -> None:
    project = on_server.project_id
    connection = ("--hostname", LDAP_HOST, "--port", LDAP_PORT, "--bindUsername", BIND_DN)

    request_id = _verified(
        atlas("security", "ldap", "verify", *connection, "--bindPassword", BIND_PASSWORD, "--projectId", project,
              "-o", "json")
    )  # fmt: skip
    assert request_id

    watched = atlas("security", "ldap", "verify", "status", "watch", request_id, "--projectId", project)
    assert watched.code == 0, watched.err
    assert "LDAP Configuration request completed." in watched.out

    status = _json(atlas("security", "ldap", "verify", "status", request_id, "--projectId", project, "-o", "json"))
    assert status["requestId"] == request_id

    _saved(
        atlas("security", "ldap", "save", *connection, "--bindPassword", BIND_PASSWORD, *MAPPING, "--projectId",
              project, "-o", "json")
    )  # fmt: skip

    got = _json(atlas("security", "ldap", "get", "--projectId", project, "-o", "json"))
    assert got["ldap"]["hostname"] == LDAP_HOST
    assert "bindPassword" not in got["ldap"]  # what a user would notice: the secret never comes back

    _ldap_deleted(atlas, project)


def test_ldap_with_stdin(atlas: AtlasRunner, on_server: LocalServer) -> None:
    project = on_server.project_id
    connection = ("--hostname", LDAP_HOST, "--port", LDAP_PORT, "--bindUsername", BIND_DN)

    request_id = _verified(
        atlas("security", "ldap", "verify", *connection, "--projectId", project, "-o", "json", stdin=BIND_PASSWORD)
    )
    assert request_id

    _saved(
        atlas("security", "ldap", "save", *connection, *MAPPING, "--projectId", project, "-o", "json",
              stdin=BIND_PASSWORD)
    )  # fmt: skip

    _ldap_deleted(atlas, project)
