"""What the database and network access commands send, byte for byte, and what they print and refuse, against a
recording server (the real CLI's requests, ``internal/cli/{dbusers,customdbroles,accesslists,security/ldap,
projects/settings}``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import AtlasRunner, Recording

PROJECT = "5e2211c17a3e5a48f5497de3"
USERS = f"/api/atlas/v2/groups/{PROJECT}/databaseUsers"


def test_dbusers_update_sends_only_what_was_given(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = {"username": "ada", "databaseName": "admin"}
    result = atlas("dbusers", "update", "ada", "--password", "s3cret", "--projectId", PROJECT)
    assert result == (0, "Successfully updated database user 'ada'.\n", "")
    sent = recording.only
    assert (sent.method, sent.path) == ("PATCH", f"{USERS}/admin/ada")
    assert sent.headers["accept"] == "application/vnd.atlas.2023-01-01+json"
    assert sent.body == (
        b'{"databaseName":"admin","groupId":"5e2211c17a3e5a48f5497de3","password":"s3cret","roles":[],"scopes":[],'
        b'"username":"ada","x509Type":"NONE"}\n'
    )


def test_dbusers_create_builds_roles_and_scopes_and_reads_the_password_from_stdin(
    atlas: AtlasRunner, recording: Recording
) -> None:
    recording.status, recording.body = 201, {"username": "ada", "secret": "never shown"}
    result = atlas(
        "dbusers", "create", "atlasAdmin", "--username", "ada", "--role", "read@sales.orders",
        "--scope", "Cluster0,lake:data_lake", "--projectId", PROJECT, stdin="pw1 ignored\n",
    )  # fmt: skip
    assert result == (0, "Database user 'ada' successfully created.\n", "")
    body = recording.only.json()
    assert body["password"] == "pw1"
    assert body["roles"] == [
        {"collectionName": "orders", "databaseName": "sales", "roleName": "read"},
        {"databaseName": "admin", "roleName": "atlasAdmin"},
    ]
    assert body["scopes"] == [{"name": "Cluster0", "type": "CLUSTER"}, {"name": "lake", "type": "DATA_LAKE"}]
    assert "pw1" not in result.out + result.err


def test_dbusers_create_refuses_what_the_real_cli_refuses(atlas: AtlasRunner, recording: Recording) -> None:
    assert atlas("dbusers", "create", "root", "--username", "a", "--projectId", PROJECT) == (
        1,
        "",
        'Error: invalid argument "root" for "atlas dbusers create"\n',
    )
    assert atlas("dbusers", "create", "--username", "a", "--projectId", PROJECT, "-p", "x").err == (
        "Error: missing role for the user\n"
    )
    refused = atlas("dbusers", "create", "atlasAdmin", "-u", "a", "--x509Type", "MANAGED", "--ldapType", "USER",
                    "--projectId", PROJECT)  # fmt: skip
    assert refused.code == 1
    assert "[ldapType x509Type] were all set" in refused.err
    assert recording.requests == []


def test_list_compact_prints_the_results_array(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = {"results": [{"username": "ada", "databaseName": "admin", "extra": 1}], "totalCount": 1}
    result = atlas("dbusers", "ls", "-c", "-o", "json", "--projectId", PROJECT)
    assert result.code == 0, result.err
    assert json.loads(result.out) == [{"databaseName": "admin", "groupId": "", "username": "ada"}]
    assert recording.only.query == "includeCount=true&itemsPerPage=100&pageNum=1"
    table = atlas("dbusers", "list", "--projectId", PROJECT)
    assert table.out == "USERNAME   DATABASE\nada        admin\n"


def test_custom_role_update_append_reads_first_and_merges(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = {
        "roleName": "r",
        "actions": [{"action": "FIND", "resources": [{"collection": "c", "db": "d"}]}],
        "inheritedRoles": [{"db": "admin", "role": "enableSharding"}],
    }
    result = atlas("customDbRoles", "update", "r", "--privilege", "FIND@x.y", "--privilege", "LIST_SESSIONS",
                   "--inheritedRole", "read@mydb", "--append", "--projectId", PROJECT)  # fmt: skip
    assert result == (0, "Custom database role 'r' successfully updated.\n", "")
    get, patch = recording.answered
    assert (get.method, patch.method) == ("GET", "PATCH")
    assert patch.json() == {
        "actions": [
            {
                "action": "FIND",
                "resources": [
                    {"cluster": False, "collection": "y", "db": "x"},
                    {"cluster": False, "collection": "c", "db": "d"},
                ],
            },
            {"action": "LIST_SESSIONS", "resources": [{"cluster": True, "collection": "", "db": ""}]},
        ],
        "inheritedRoles": [{"db": "mydb", "role": "read"}, {"db": "admin", "role": "enableSharding"}],
    }


def test_access_list_delete_escapes_a_cidr_and_asks_first(atlas: AtlasRunner, recording: Recording) -> None:
    assert atlas("accessLists", "delete", "10.0.0.0/8", "--projectId", PROJECT, stdin="n\n") == (
        0,
        "? Are you sure you want to delete: 10.0.0.0/8 (y/N) \nProject access list entry not deleted\n",
        "",
    )
    assert recording.requests == []
    assert atlas("accessList", "rm", "10.0.0.0/8", "--projectId", PROJECT, "--force").out == (
        "Project access list entry '10.0.0.0/8' deleted\n"
    )
    assert recording.only.path == f"/api/atlas/v2/groups/{PROJECT}/accessList/10.0.0.0%2F8"


def test_access_list_create_current_ip_asks_the_service(atlas: AtlasRunner, recording: Recording) -> None:
    recording.status, recording.body = 201, {"currentIpv4Address": "203.0.113.9", "results": []}
    result = atlas("accessLists", "create", "--currentIp", "--comment", "home", "--projectId", PROJECT)
    assert result == (0, "Created a new IP access list.\n", "")
    ipinfo, create = recording.answered
    assert ipinfo.path == "/api/private/ipinfo"
    assert create.json() == [{"comment": "home", "groupId": PROJECT, "ipAddress": "203.0.113.9"}]
    refused = atlas("accessLists", "create", "1.2.3.4", "--currentIp", "--projectId", PROJECT)
    assert refused.err.startswith("Error: please either provide [entry] or use currentIp")


def test_ldap_save_sends_a_null_mapping_and_never_prints_the_password(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = {"ldap": {"hostname": "ldap.example.com", "port": 636, "bindUsername": "cn=a"}}
    result = atlas("security", "ldap", "save", "--hostname", "ldap.example.com", "--bindUsername", "cn=a",
                   "--bindPassword", "hunter2", "--projectId", PROJECT)  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.split() == ["HOSTNAME", "PORT", "AUTHENTICATION", "AUTHORIZATION", "ldap.example.com", "636",
                                  "<nil>", "<nil>"]  # fmt: skip
    ldap = recording.only.json()["ldap"]
    assert ldap["userToDNMapping"] is None and ldap["bindPassword"] == "hunter2" and ldap["port"] == 636
    assert "hunter2" not in result.out + result.err


def test_settings_update_sends_only_the_named_settings(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = {"isDataExplorerEnabled": False}
    result = atlas("projects", "settings", "update", "--disableDataExplorer", "--enableSchemaAdvisor",
                   "--projectId", PROJECT)  # fmt: skip
    assert result == (0, "Project settings updated.\n", "")
    assert recording.only.body == b'{"isDataExplorerEnabled":false,"isSchemaAdvisorEnabled":true}\n'
    both = atlas("projects", "settings", "update", "--enableDataExplorer", "--disableDataExplorer",
                 "--projectId", PROJECT)  # fmt: skip
    assert both.code == 1 and "[disableDataExplorer enableDataExplorer] were all set" in both.err
