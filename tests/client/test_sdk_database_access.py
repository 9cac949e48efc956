"""The SDK's typed calls for a project's database and network access, against the real application in process:
``client.database_users``, ``client.custom_database_roles``, ``client.x509_authentication``,
``client.ldap_configuration``, ``client.project_ip_access_list``, ``client.auditing`` and the settings calls of
``client.projects``.

Each flow is written once, as a coroutine, and run twice: with ``AtlasClient`` (over HTTP to the server running
in a thread of this process) and with ``AsyncAtlasClient`` on ``httpx.ASGITransport`` (the ASGI app called
directly). ``ask`` passes a synchronous answer through and awaits an asynchronous one. After each flow the
server's state is read back over plain HTTP, as any client would see it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from atlas_access import spec
from atlas_access.client import AsyncAtlasClient, AtlasClient, BadRequest, Conflict, NotFound
from atlas_access.client.api import _typed_calls
from atlas_access.client.models import (
    AuditLog,
    CloudDatabaseUser,
    DatabaseInheritedRole,
    DatabasePermittedNamespaceResource,
    DatabasePrivilegeAction,
    DatabaseUserRole,
    GroupSettings,
    LDAPSecuritySettings,
    LDAPVerifyConnectivityJobRequest,
    LDAPVerifyConnectivityJobRequestParams,
    NetworkPermissionEntry,
    NetworkPermissionEntryStatus,
    Paginated,
    UpdateCustomDBRole,
    UserCert,
    UserCustomDBRole,
    UserSecurity,
    UserToDNMapping,
)
from support.server import LocalServer

Client = AtlasClient | AsyncAtlasClient
Flow = Callable[[Client], Awaitable[None]]
MODES = pytest.mark.parametrize("mode", ["sync", "async"])
NEW_TABLES = (
    _typed_calls.DatabaseUsers,
    _typed_calls.CustomDatabaseRoles,
    _typed_calls.X509Authentication,
    _typed_calls.LdapConfiguration,
    _typed_calls.ProjectIpAccessList,
    _typed_calls.Auditing,
)


@pytest.fixture(autouse=True)
def no_atlas_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


async def ask(answer: Any) -> Any:
    """The answer of a typed call, sync or async."""
    return await answer if isinstance(answer, Awaitable) else answer


async def every(items: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    if isinstance(items, AsyncIterator):
        return [item async for item in items]
    return list(items)


def run(mode: str, server: LocalServer, flow: Flow, *, seen: list[str] | None = None) -> None:
    """Run ``flow(client)`` with the bootstrap API key: sync over HTTP, async on the ASGI app in process.
    ``seen`` collects the raw path of every request sent."""
    keys = {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}

    async def main() -> None:
        if mode == "sync":

            def record(request: httpx.Request) -> None:
                if seen is not None:
                    seen.append(request.url.raw_path.decode())

            with AtlasClient(server.base_url, event_hooks={"request": [record]}, **keys) as client:
                await flow(client)
            return

        async def record_async(request: httpx.Request) -> None:
            if seen is not None:
                seen.append(request.url.raw_path.decode())

        async with AsyncAtlasClient(
            "http://testserver",
            transport=httpx.ASGITransport(app=server.opened.app),
            event_hooks={"request": [record_async]},
            **keys,
        ) as client:
            await flow(client)

    asyncio.run(main())


def _project(server: LocalServer, name: str) -> str:
    """A fresh project of the bootstrap organization, so that the sync and async runs share nothing."""
    made = server.digest().post("/api/atlas/v2/groups", json={"name": name, "orgId": server.org_id})
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _get(server: LocalServer, path: str) -> httpx.Response:
    return server.digest().get(f"/api/atlas/v2/groups/{path}")


def _events(server: LocalServer, group_id: str, *names: str) -> dict[str, int]:
    """How many events of each of ``names`` the project has."""
    listed = _get(server, f"{group_id}/events?itemsPerPage=500")
    assert listed.status_code == 200, listed.text
    counted = Counter(event["eventTypeName"] for event in listed.json()["results"])
    return {name: counted[name] for name in names}


def _wire_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- custom roles and database users ------------------------------------------------------------------------------


@MODES
def test_a_custom_role_and_users_holding_it(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"dbusers {mode}")
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    seen: list[str] = []

    async def flow(client: Client) -> None:
        roles = client.custom_database_roles
        made = await ask(
            roles.create_custom_database_role(
                group_id,
                UserCustomDBRole(
                    role_name="reporting",
                    actions=[
                        DatabasePrivilegeAction(
                            action="FIND", resources=[DatabasePermittedNamespaceResource(db="sales", collection="")]
                        )
                    ],
                    inherited_roles=[DatabaseInheritedRole(role="read", db="inventory")],
                ),
            )
        )
        assert isinstance(made, UserCustomDBRole) and made.role_name == "reporting"
        assert [(a.action, a.resources[0].db) for a in made.actions] == [("FIND", "sales")]
        assert [(r.role, r.db) for r in made.inherited_roles] == [("read", "inventory")]
        with pytest.raises(Conflict) as taken:
            await ask(roles.create_custom_db_role(group_id, {"roleName": "reporting", "actions": []}))
        assert taken.value.error_code == "ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS"
        assert [r.role_name for r in await ask(roles.list_custom_database_roles(group_id))] == ["reporting"]
        assert await ask(roles.get_custom_database_role(group_id, "reporting")) == made
        changed = await ask(
            roles.update_custom_database_role(
                group_id,
                "reporting",
                UpdateCustomDBRole(inherited_roles=[DatabaseInheritedRole(role="readWrite", db="inventory")]),
            )
        )
        assert [(r.role, r.db) for r in changed.inherited_roles] == [("readWrite", "inventory")]
        assert changed.actions == made.actions  # left out, so kept

        users = client.database_users
        ann = await ask(
            users.create_database_user(
                group_id,
                CloudDatabaseUser(
                    username="ann",
                    database_name="admin",
                    password="s3cret-Passw0rd",
                    roles=[DatabaseUserRole(role_name="reporting", database_name="admin")],
                ),
            )
        )
        assert isinstance(ann, CloudDatabaseUser)
        assert (ann.username, ann.database_name, ann.x509_type, ann.aws_iam_type) == ("ann", "admin", "NONE", "NONE")
        assert [(r.role_name, r.database_name) for r in ann.roles] == [("reporting", "admin")]
        assert ann.password is None and "password" not in (ann.model_extra or {})
        temporary = await ask(
            users.create_group_database_user(
                group_id,
                {
                    "username": "temp",
                    "databaseName": "admin",
                    "groupId": group_id,
                    "password": "an0ther-Passw0rd",
                    "roles": [{"roleName": "read", "databaseName": "sales"}],
                    "deleteAfterDate": _wire_time(later),
                },
            )
        )
        assert temporary.delete_after_date == later
        with pytest.raises(Conflict) as duplicate:
            await ask(users.create_database_user(group_id, ann.model_copy(update={"password": "x-Passw0rd-y"})))
        assert duplicate.value.error_code == "USER_ALREADY_EXISTS"

        page = await ask(users.list_database_users(group_id, items_per_page=1))
        assert isinstance(page, Paginated) and page.total_count == 2 and len(page.results) == 1
        walked = await every(users.iter_database_users(group_id, items_per_page=1))
        assert sorted(u.username for u in walked) == ["ann", "temp"]
        got = await ask(users.get_database_user(group_id, "admin", "ann"))
        assert got.roles == ann.roles

        # a new password alone: the roles stay
        renewed = await ask(
            users.update_database_user(
                group_id, "admin", "ann", CloudDatabaseUser(username="ann", database_name="admin", password="n3w-Pass")
            )
        )
        assert [(r.role_name, r.database_name) for r in renewed.roles] == [("reporting", "admin")]
        assert await ask(users.delete_database_user(group_id, "admin", "temp")) is None
        with pytest.raises(NotFound) as gone:
            await ask(users.get_group_database_user(group_id, "admin", "temp"))
        assert gone.value.error_code == "USERNAME_NOT_FOUND"

    run(mode, server, flow, seen=seen)

    # what a client sees afterwards
    role = _get(server, f"{group_id}/customDBRoles/roles/reporting")
    assert role.status_code == 200 and [r["role"] for r in role.json()["inheritedRoles"]] == ["readWrite"]
    ann = _get(server, f"{group_id}/databaseUsers/admin/ann")
    assert ann.status_code == 200, ann.text
    assert ann.json()["roles"] == [{"databaseName": "admin", "roleName": "reporting"}]
    assert "password" not in ann.text and "s3cret" not in ann.text
    assert _get(server, f"{group_id}/databaseUsers/admin/temp").status_code == 404
    listed = _get(server, f"{group_id}/databaseUsers").json()
    assert [u["username"] for u in listed["results"]] == ["ann"]
    assert f"/api/atlas/v2/groups/{group_id}/databaseUsers/admin/ann" in seen
    assert _events(
        server,
        group_id,
        "MONGODB_ROLE_ADDED",
        "MONGODB_ROLE_UPDATED",
        "MONGODB_USER_ADDED",
        "MONGODB_USER_UPDATED",
        "MONGODB_USER_DELETED",
    ) == {
        "MONGODB_ROLE_ADDED": 1,
        "MONGODB_ROLE_UPDATED": 1,
        "MONGODB_USER_ADDED": 2,
        "MONGODB_USER_UPDATED": 1,
        "MONGODB_USER_DELETED": 1,
    }


@MODES
def test_a_temporary_user_is_gone_once_the_clock_passes_its_date(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"temporary {mode}")
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)

    async def create(client: Client) -> None:
        await ask(
            client.database_users.create_database_user(
                group_id,
                CloudDatabaseUser(
                    username="short-lived",
                    database_name="admin",
                    password="t3mp-Passw0rd",
                    roles=[DatabaseUserRole(role_name="read", database_name="sales")],
                    delete_after_date=later,
                ),
            )
        )

    async def afterwards(client: Client) -> None:
        assert (await ask(client.database_users.list_database_users(group_id))).results == []
        with pytest.raises(NotFound):
            await ask(client.database_users.get_database_user(group_id, "admin", "short-lived"))

    run(mode, server, create)
    server.advance("3h")
    run(mode, server, afterwards)


def test_the_delete_and_get_of_a_missing_user_and_role_are_not_found(server: LocalServer) -> None:
    async def flow(client: Client) -> None:
        with pytest.raises(NotFound) as no_user:
            await ask(client.database_users.delete_database_user(server.project_id, "admin", "nobody"))
        assert (no_user.value.error_code, no_user.value.parameters) == ("USERNAME_NOT_FOUND", ["nobody"])
        with pytest.raises(NotFound) as no_role:
            await ask(client.custom_database_roles.get_custom_database_role(server.project_id, "nothing"))
        assert no_role.value.error_code == "ATLAS_CUSTOM_ROLE_NOT_FOUND"
        with pytest.raises(NotFound) as no_entry:
            await ask(client.project_ip_access_list.get_project_ip_list(server.project_id, "10.9.9.9"))
        assert no_entry.value.error_code == "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND"
        with pytest.raises(BadRequest) as incomplete:
            await ask(client.database_users.create_database_user(server.project_id, {"username": "x"}))
        assert incomplete.value.error_code == "MISSING_ATTRIBUTE"

    run("sync", server, flow)


# --- X.509 --------------------------------------------------------------------------------------------------------


@MODES
def test_a_managed_x509_user_gets_a_certificate_naming_it(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"x509 {mode}")
    pems: list[str] = []

    async def flow(client: Client) -> None:
        user = await ask(
            client.database_users.create_database_user(
                group_id,
                CloudDatabaseUser(
                    username="cert-user",
                    database_name="$external",
                    x509_type="MANAGED",
                    roles=[DatabaseUserRole(role_name="readWrite", database_name="sales")],
                ),
            )
        )
        assert (user.database_name, user.x509_type) == ("$external", "MANAGED")
        x509_api = client.x509_authentication
        pem = await ask(
            x509_api.create_database_user_certificate(group_id, "cert-user", UserCert(months_until_expiration=3))
        )
        assert isinstance(pem, str)
        pems.append(pem)
        page = await ask(x509_api.list_database_user_certificates(group_id, "cert-user"))
        assert isinstance(page, Paginated) and page.total_count == 1
        [listed] = page.results
        assert isinstance(listed, UserCert) and listed.id is not None
        assert listed.subject is not None and "cert-user" in listed.subject
        assert listed.not_after is not None and listed.created_at is not None
        assert await every(x509_api.iter_database_user_certificates(group_id, "cert-user")) == page.results
        security = await ask(x509_api.disable_customer_managed_x509(group_id))
        assert isinstance(security, UserSecurity)

    run(mode, server, flow)

    [pem] = pems
    assert "-----BEGIN CERTIFICATE-----" in pem and "PRIVATE KEY-----" in pem
    certificate = x509.load_pem_x509_certificate(pem.encode())
    [common_name] = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert common_name.value == "cert-user"
    months = (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days
    assert 85 <= months <= 93
    listed = _get(server, f"{group_id}/databaseUsers/cert-user/certs").json()
    assert [cert["_id"] for cert in listed["results"]] == [certificate.serial_number]
    assert "PRIVATE KEY" not in json.dumps(listed)


# --- LDAP ---------------------------------------------------------------------------------------------------------


@MODES
def test_ldap_settings_saved_verified_and_their_mapping_removed(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"ldap {mode}")
    unreachable = LDAPSecuritySettings(
        hostname="127.0.0.1",
        port=1,  # nothing listens there: verification fails at CONNECT
        bind_username="cn=admin,dc=example,dc=org",
        bind_password="b1nd-secret",
        user_to_dn_mapping=[UserToDNMapping(match="(.+)@EXAMPLE.ORG", substitution="cn={0},dc=example,dc=org")],
    )

    async def flow(client: Client) -> None:
        ldap = client.ldap_configuration
        before = await ask(ldap.get_ldap_configuration(group_id))
        assert isinstance(before, UserSecurity)
        saved = await ask(ldap.save_ldap_configuration(group_id, UserSecurity(ldap=unreachable)))
        assert saved.ldap is not None
        assert (saved.ldap.hostname, saved.ldap.port, saved.ldap.bind_username) == (
            "127.0.0.1",
            1,
            "cn=admin,dc=example,dc=org",
        )
        assert saved.ldap.bind_password is None
        assert [m.match for m in saved.ldap.user_to_dn_mapping or []] == ["(.+)@EXAMPLE.ORG"]
        assert await ask(ldap.get_user_security(group_id)) == saved

        started = await ask(
            ldap.verify_ldap_configuration(
                group_id,
                LDAPVerifyConnectivityJobRequestParams(
                    hostname="127.0.0.1", port=1, bind_username="cn=admin,dc=example,dc=org", bind_password="b1nd"
                ),
            )
        )
        assert isinstance(started, LDAPVerifyConnectivityJobRequest) and started.request_id
        assert started.request is not None and started.request.bind_password is None
        status = started
        deadline = time.monotonic() + 20
        while status.status == "PENDING" and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            status = await ask(ldap.get_ldap_configuration_status(group_id, started.request_id))
        assert status.request_id == started.request_id
        assert status.status == "FAILED"
        assert ("CONNECT", "FAIL") in {(v.validation_type, v.status) for v in status.validations}

        cleared = await ask(ldap.delete_ldap_configuration(group_id))
        assert cleared.ldap is not None and not cleared.ldap.user_to_dn_mapping

    run(mode, server, flow)

    after = _get(server, f"{group_id}/userSecurity")
    assert after.status_code == 200, after.text
    assert after.json()["ldap"]["hostname"] == "127.0.0.1"
    assert "userToDNMapping" not in after.json()["ldap"]
    assert "b1nd" not in after.text


# --- the IP access list -------------------------------------------------------------------------------------------


@MODES
def test_access_list_entries_by_address_block_and_for_a_while(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"access list {mode}")
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    seen: list[str] = []

    async def flow(client: Client) -> None:
        access = client.project_ip_access_list
        added = await ask(
            access.create_project_ip_access_list(
                group_id,
                [
                    NetworkPermissionEntry(ip_address="192.0.2.10", comment="office"),
                    {"cidrBlock": "198.51.100.0/24", "comment": "vpn"},
                    NetworkPermissionEntry(ip_address="203.0.113.5", delete_after_date=later),
                ],
            )
        )
        assert isinstance(added, Paginated) and added.total_count == 3
        by_block = {e.cidr_block: e for e in added.results}
        assert set(by_block) == {"192.0.2.10/32", "198.51.100.0/24", "203.0.113.5/32"}
        assert by_block["192.0.2.10/32"].ip_address == "192.0.2.10"
        assert by_block["192.0.2.10/32"].comment == "office"
        assert by_block["203.0.113.5/32"].delete_after_date == later

        page = await ask(access.list_project_ip_access_lists(group_id, items_per_page=2))
        assert page.total_count == 3 and len(page.results) == 2
        walked = await every(access.iter_project_ip_access_lists(group_id, items_per_page=2))
        assert {e.cidr_block for e in walked} == set(by_block)
        block = await ask(access.get_project_ip_list(group_id, "198.51.100.0/24"))
        assert isinstance(block, NetworkPermissionEntry) and (block.cidr_block, block.comment) == (
            "198.51.100.0/24",
            "vpn",
        )
        status = await ask(access.get_project_ip_access_list_status(group_id, "192.0.2.10"))
        assert isinstance(status, NetworkPermissionEntryStatus) and status.status in {"ACTIVE", "PENDING"}
        assert await ask(access.delete_project_ip_access_list(group_id, "198.51.100.0/24")) is None
        with pytest.raises(NotFound):
            await ask(access.get_access_list_entry(group_id, "198.51.100.0/24"))

    run(mode, server, flow, seen=seen)

    listed = _get(server, f"{group_id}/accessList").json()
    assert sorted(e["cidrBlock"] for e in listed["results"]) == ["192.0.2.10/32", "203.0.113.5/32"]
    # a CIDR block in the path goes with its slash encoded
    assert f"/api/atlas/v2/groups/{group_id}/accessList/198.51.100.0%2F24" in seen
    added, removed = "NETWORK_PERMISSION_ENTRY_ADDED", "NETWORK_PERMISSION_ENTRY_REMOVED"
    assert _events(server, group_id, added, removed) == {added: 3, removed: 1}


@MODES
def test_a_temporary_entry_is_gone_once_the_clock_passes_its_date(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"temporary entry {mode}")
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)

    async def create(client: Client) -> None:
        await ask(
            client.project_ip_access_list.create_access_list_entry(
                group_id,
                [
                    NetworkPermissionEntry(ip_address="192.0.2.77", delete_after_date=later),
                    NetworkPermissionEntry(ip_address="192.0.2.78"),
                ],
            )
        )

    async def afterwards(client: Client) -> None:
        left = await ask(client.project_ip_access_list.list_access_list_entries(group_id))
        assert [e.ip_address for e in left.results] == ["192.0.2.78"]

    run(mode, server, create)
    server.advance("3h")
    run(mode, server, afterwards)


# --- auditing and settings ----------------------------------------------------------------------------------------


@MODES
def test_auditing_and_project_settings(server: LocalServer, mode: str) -> None:
    group_id = _project(server, f"settings {mode}")
    audit_filter = '{"atype": "authenticate"}'

    async def flow(client: Client) -> None:
        auditing = client.auditing
        before = await ask(auditing.get_auditing_configuration(group_id))
        assert isinstance(before, AuditLog) and before.enabled is False
        changed = await ask(
            auditing.update_auditing_configuration(
                group_id, AuditLog(enabled=True, audit_filter=audit_filter, audit_authorization_success=True)
            )
        )
        assert (changed.enabled, changed.audit_filter, changed.audit_authorization_success) == (
            True,
            audit_filter,
            True,
        )
        assert changed.configuration_type == "FILTER_JSON"
        assert await ask(auditing.get_group_audit_log(group_id)) == changed

        projects = client.projects
        settings = await ask(projects.get_project_settings(group_id))
        assert isinstance(settings, GroupSettings) and settings.is_data_explorer_enabled is True
        updated = await ask(projects.update_project_settings(group_id, GroupSettings(is_data_explorer_enabled=False)))
        assert updated.is_data_explorer_enabled is False
        assert updated.is_performance_advisor_enabled == settings.is_performance_advisor_enabled
        assert await ask(projects.get_group_settings(group_id)) == updated

    run(mode, server, flow)

    audit = _get(server, f"{group_id}/auditLog").json()
    assert (audit["enabled"], audit["auditFilter"]) == (True, audit_filter)
    assert _get(server, f"{group_id}/settings").json()["isDataExplorerEnabled"] is False
    audited, disabled = "AUDIT_LOG_CONFIGURATION_UPDATED", "DATA_EXPLORER_DISABLED"
    assert _events(server, group_id, audited, disabled) == {audited: 1, disabled: 1}


# --- the names ----------------------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize("table", NEW_TABLES, ids=[t.__name__ for t in NEW_TABLES])
def test_methods_carry_the_go_sdks_names_and_pin_2023_01_01(table: type[Any]) -> None:
    from atlas_access.client import api

    group = getattr(api, table.__name__ + "Api")
    for name, entry in vars(table).items():
        if name.startswith("_"):
            continue
        operation = spec.operation(entry.operation_id)
        assert name in {_snake(legacy) for legacy in operation.legacy_ids}, (name, entry.operation_id)
        assert entry.version == "2023-01-01"
        # the Go SDK's 2025 name (the spec's short name), when it has one, is the same method
        if operation.short_name:
            assert getattr(group, _snake(operation.short_name)) is getattr(group, name), operation.short_name


def test_the_project_settings_calls_are_on_the_projects_group() -> None:
    from atlas_access.client.api import AsyncProjectsApi, ProjectsApi

    assert _typed_calls.Projects.get_project_settings.operation_id == "getGroupSettings"
    assert _typed_calls.Projects.update_project_settings.operation_id == "updateGroupSettings"
    assert ProjectsApi.get_group_settings is ProjectsApi.get_project_settings
    assert AsyncProjectsApi.update_group_settings is AsyncProjectsApi.update_project_settings


def test_a_certificate_answer_is_text_and_secrets_stay_out_of_reprs() -> None:
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, text=pem, headers={"Content-Type": "application/vnd.atlas.2023-01-01+json"})

    with AtlasClient("http://atlas.test", access_token="t", transport=httpx.MockTransport(answer)) as client:
        got = client.x509_authentication.create_database_user_cert("5f" + "0" * 22, "u", {"monthsUntilExpiration": 3})
    assert got == pem
    assert json.loads(sent[0].content) == {"monthsUntilExpiration": 3}
    user = CloudDatabaseUser(username="u", database_name="admin", password="hunter2-secret")
    settings = LDAPSecuritySettings(bind_password="bind-secret")
    assert "hunter2" not in repr(user) and "bind-secret" not in repr(settings)
    # sent: only what was given, in the wire's names
    assert user.model_dump(mode="json", by_alias=True, exclude_unset=True) == {
        "username": "u",
        "databaseName": "admin",
        "password": "hunter2-secret",
    }
    assert CloudDatabaseUser(username="i", database_name="$external", aws_iam_type="USER").model_dump(
        by_alias=True, exclude_unset=True
    ) == {"username": "i", "databaseName": "$external", "awsIAMType": "USER"}
