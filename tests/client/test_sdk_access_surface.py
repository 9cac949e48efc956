"""The SDK's typed calls for the rest of the access surface (issue 16), against the real application in process:
``client.federated_authentication``, the organization settings, delegation settings and role calls of
``client.organizations``, the limits, migration and older user calls of ``client.projects``, the legacy users API
of ``client.mongo_db_cloud_users``, ``client.events.list_event_types``, ``client.limit_description``,
``client.root`` and ``client.rate_limiting``.

Each flow is written once, as a coroutine, and run twice: with ``AtlasClient`` (over HTTP to the server running in
a thread of this process) and with ``AsyncAtlasClient`` on ``httpx.ASGITransport`` (the ASGI app called directly).
Each run gets a server of its own. Every request a flow sends is named by its operation, so that each flow checks
it ran the calls it is about, and one test checks that together the flows run every new call. After each flow the
server's state is read back over plain HTTP, as any client would see it.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access import spec
from atlas_access.client import AsyncAtlasClient, AtlasClient, BadRequest, Conflict, NotFound
from atlas_access.client.api import _typed_calls
from atlas_access.client.models import (
    AuthFederationRoleMapping,
    CloudAccessRoleAssignment,
    CloudAppUser,
    CloudAppUserRequest,
    ConnectedOrgConfig,
    ConnectedOrgConfigRoleAssignment,
    ControlPlaneIPAddresses,
    DataFederationLimit,
    DefaultGroupLimitResponse,
    EventTypeDetails,
    FederationIdentityProvider,
    FederationIdentityProviderUpdate,
    FederationOidcIdentityProviderUpdate,
    Group,
    GroupInvitationRequest,
    GroupIPAddresses,
    GroupMigrationRequest,
    OrganizationInvitation,
    OrganizationSettings,
    OrgDelegationSettingsResponse,
    OrgDelegationSettingsUpdateRequest,
    OrgFederationSettings,
    Paginated,
    RateLimitEndpointSetResponse,
    SystemStatus,
    UpdateGroupRolesForUser,
    UpdateOrgRolesForUser,
)
from support.server import LocalServer

Client = AtlasClient | AsyncAtlasClient
Flow = Callable[[Client], Awaitable[None]]
MODES = pytest.mark.parametrize("mode", ["sync", "async"])
USERS_LIMIT = "atlas.project.security.databaseAccess.users"
# The tables of the typed calls this file is about: all of their operations, and these of the older tables.
NEW_TABLES = (
    _typed_calls.FederatedAuthentication,
    _typed_calls.LimitDescription,
    _typed_calls.Root,
    _typed_calls.RateLimiting,
)
NEW_ENTRIES = {
    _typed_calls.Organizations: (
        "get_organization_settings",
        "update_organization_settings",
        "update_organization_roles",
        "get_org_delegation_settings",
        "update_org_delegation_settings",
    ),
    _typed_calls.Projects: (
        "add_user_to_project",
        "update_project_roles",
        "migrate_project_to_another_org",
        "list_project_limits",
        "get_project_limit",
        "set_project_limit",
        "delete_project_limit",
        "return_all_ip_addresses",
    ),
    _typed_calls.MongoDbCloudUsers: ("create_user", "get_user", "get_user_by_username"),
    _typed_calls.Events: ("list_event_types",),
}


def _new_operations() -> set[str]:
    found = {entry.operation_id for table in NEW_TABLES for name, entry in vars(table).items() if name[0] != "_"}
    found |= {getattr(table, name).operation_id for table, names in NEW_ENTRIES.items() for name in names}
    return found


RUNS: dict[str, tuple[str, ...]] = {  # what each flow below runs of the new operations
    "identity providers and role mappings": (
        "getOrgFederationSettings",
        "createFederationSettingIdentityProvider",
        "listFederationSettingIdentityProviders",
        "getFederationSettingIdentityProvider",
        "updateFederationSettingIdentityProvider",
        "getFederationSettingIdentityProviderMetadata",
        "revokeFederationSettingIdentityProviderJwks",
        "getFederationSettingConnectedOrgConfig",
        "updateFederationSettingConnectedOrgConfig",
        "listFederationSettingConnectedOrgConfigs",
        "createFederationSettingConnectedOrgConfigRoleMapping",
        "listFederationSettingConnectedOrgConfigRoleMappings",
        "getFederationSettingConnectedOrgConfigRoleMapping",
        "updateFederationSettingConnectedOrgConfigRoleMapping",
        "deleteFederationSettingConnectedOrgConfigRoleMapping",
    ),
    "sign-in and the federation removed": (
        "getUserByName",
        "getUser",
        "removeFederationSettingConnectedOrgConfig",
        "deleteFederationSetting",
    ),
    "identity provider deleted": ("deleteFederationSettingIdentityProvider",),
    "organization settings": (
        "getOrgSettings",
        "updateOrgSettings",
        "getOrgDelegationSettings",
        "updateOrgDelegationSettings",
    ),
    "roles": ("updateOrgUserRoles", "updateGroupUserRoles", "addGroupAccessUser"),
    "migration": ("migrateGroup",),
    "limits": (
        "listGroupLimits",
        "getGroupLimit",
        "setGroupLimit",
        "getGroupIpAddresses",
        "listDefaultGroupLimits",
        "getDefaultGroupLimit",
    ),
    "limit deleted": ("deleteGroupLimit",),
    "legacy users": ("createUser", "getUser", "getUserByName"),
    "root": ("getSystemStatus", "listControlPlaneIpAddresses", "listEventTypes", "listRateLimits", "getRateLimit"),
}


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


def _operation(request: httpx.Request) -> str:
    found = spec.by_request(request.method, request.url.path)
    return found.operation_id if found is not None else f"{request.method} {request.url.path}"


def run(mode: str, server: LocalServer, flow: Flow, keys: dict[str, str] | None = None) -> set[str]:
    """Run ``flow(client)`` with the bootstrap API key (or ``keys``): sync over HTTP, async on the ASGI app in
    process. Answers the operations of the requests sent."""
    keys = keys or {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}
    called: set[str] = set()

    async def main() -> None:
        if mode == "sync":

            def record(request: httpx.Request) -> None:
                called.add(_operation(request))

            with AtlasClient(server.base_url, event_hooks={"request": [record]}, **keys) as client:
                await flow(client)
            return

        async def record_async(request: httpx.Request) -> None:
            called.add(_operation(request))

        async with AsyncAtlasClient(
            "http://testserver",
            transport=httpx.ASGITransport(app=server.opened.app),
            event_hooks={"request": [record_async]},
            **keys,
        ) as client:
            await flow(client)

    asyncio.run(main())
    return called


def _ran(flow: str, called: set[str]) -> None:
    """The flow sent each operation ``RUNS`` says it runs."""
    assert set(RUNS[flow]) <= called, sorted(set(RUNS[flow]) - called)


def _owner_org(server: LocalServer, name: str, **extra: Any) -> dict[str, Any]:
    """A new organization with a project and an Organization Owner's API key (the fixture document)."""
    org = {
        "name": name,
        "projects": [{"name": "web"}],
        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
        **extra,
    }
    made: dict[str, Any] = server.fixtures({"orgs": [org]})["orgs"][0]
    return made


def _keys(org: dict[str, Any]) -> dict[str, str]:
    key = org["apiKeys"][0]
    return {"public_api_key": key["publicKey"], "private_api_key": key["privateKey"]}


def _get(server: LocalServer, path: str, *key: str) -> Any:
    answer = server.digest(*key).get(f"/api/atlas/v2{path}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def _event_names(server: LocalServer, path: str, *key: str) -> Counter[str]:
    return Counter(event["eventTypeName"] for event in _get(server, f"{path}/events?itemsPerPage=500", *key)["results"])


# --- federated authentication --------------------------------------------------------------------------------------


def _federation(server: LocalServer, org_id: str) -> tuple[str, dict[str, Any]]:
    """A federation for the organization and an active SAML identity provider for example.com, through the local
    API (as MongoDB Cloud's console would: the API makes OIDC identity providers only)."""
    admin = server.admin()
    made = admin.post(f"/api/local/v1/orgs/{org_id}/federationSettings")
    assert made.status_code == 200, made.text
    federation_id = str(made.json()["id"])
    saml = admin.post(
        f"/api/local/v1/federationSettings/{federation_id}/identityProviders",
        json={
            "displayName": "corporate SAML",
            "issuerUri": "urn:example:idp",
            "ssoUrl": "https://idp.example.com/sso",
            "associatedDomains": ["example.com"],
            "requestBinding": "HTTP-POST",
            "responseSignatureAlgorithm": "SHA-256",
            "ssoDebugEnabled": False,
            "status": "ACTIVE",
        },
    )
    assert saml.status_code == 200, saml.text
    return federation_id, saml.json()


OIDC = FederationOidcIdentityProviderUpdate(
    protocol="OIDC",
    idp_type="WORKFORCE",
    display_name="corporate OIDC",
    issuer_uri="https://oidc.example.com",
    audience="atlas",
    client_id="atlas-client",
    authorization_type="GROUP",
    groups_claim="groups",
    user_claim="sub",
    requested_scopes=["openid"],
    associated_domains=["example.com"],
)


@MODES
def test_identity_providers_a_connected_organization_and_role_mappings(server: LocalServer, mode: str) -> None:
    org_id, group_id = server.org_id, server.project_id
    federation_id, saml = _federation(server, org_id)
    made: dict[str, Any] = {}

    async def flow(client: Client) -> None:
        fed = client.federated_authentication
        settings = await ask(fed.get_federation_settings(org_id))
        assert isinstance(settings, OrgFederationSettings)
        assert (settings.id, settings.identity_provider_status, settings.has_role_mappings) == (
            federation_id,
            "INACTIVE",
            False,
        )
        assert await ask(fed.get_org_federation_settings(org_id)) == settings

        # An OIDC identity provider beside the SAML one.
        oidc = await ask(fed.create_identity_provider(federation_id, OIDC))
        assert isinstance(oidc, FederationIdentityProvider)
        assert (oidc.protocol, oidc.idp_type, oidc.client_id, oidc.requested_scopes) == (
            "OIDC",
            "WORKFORCE",
            "atlas-client",
            ["openid"],
        )
        made["oidc"] = oidc.id
        only_oidc = await ask(fed.list_identity_providers(federation_id, protocol=["OIDC"]))
        assert isinstance(only_oidc, Paginated) and [idp.id for idp in only_oidc.results] == [oidc.id]
        both = await every(fed.iter_identity_providers(federation_id, protocol=["SAML", "OIDC"], items_per_page=1))
        assert sorted(idp.id for idp in both) == sorted([oidc.id, saml["id"]])
        assert [idp.id for idp in (await ask(fed.list_identity_providers(federation_id))).results] == [saml["id"]]
        changed = await ask(
            fed.update_identity_provider(
                federation_id, oidc.id, FederationIdentityProviderUpdate(description="for people", user_claim="email")
            )
        )
        assert (changed.description, changed.user_claim, changed.audience) == ("for people", "email", "atlas")
        assert await ask(fed.get_identity_provider(federation_id, oidc.id)) == changed
        saml_read = await ask(fed.get_identity_provider(federation_id, saml["id"]))
        assert (saml_read.protocol, saml_read.okta_idp_id, saml_read.sso_url) == (
            "SAML",
            saml["oktaIdpId"],
            "https://idp.example.com/sso",
        )
        metadata = await ask(fed.get_identity_provider_metadata(federation_id, saml["id"]))
        assert isinstance(metadata, str) and metadata.startswith("<?xml")
        assert f'entityID="{saml_read.audience_uri}"' in metadata
        with pytest.raises(BadRequest) as mismatch:
            await ask(fed.get_identity_provider_metadata(federation_id, oidc.id))
        assert mismatch.value.error_code == "IDENTITY_PROVIDER_PROTOCOL_MISMATCH"
        assert await ask(fed.revoke_jwks_from_identity_provider(federation_id, oidc.id)) is None

        # The organization signs in with the SAML provider, reaches data with the OIDC one.
        config = await ask(fed.get_connected_org_config(federation_id, org_id))
        assert isinstance(config, ConnectedOrgConfig)
        assert (config.org_id, config.identity_provider_id, config.post_auth_role_grants) == (
            org_id,
            None,
            ["ORG_OWNER"],
        )
        connected = await ask(
            fed.update_connected_org_config(
                federation_id,
                org_id,
                config.model_copy(
                    update={
                        "identity_provider_id": saml["oktaIdpId"],
                        "data_access_identity_provider_ids": [oidc.id],
                        "domain_allow_list": ["example.com"],
                        "domain_restriction_enabled": True,
                        "post_auth_role_grants": ["ORG_MEMBER"],
                    }
                ),
            )
        )
        assert (connected.identity_provider_id, connected.data_access_identity_provider_ids) == (
            saml["oktaIdpId"],
            [oidc.id],
        )
        assert (connected.domain_allow_list, connected.domain_restriction_enabled) == (["example.com"], True)
        assert connected.post_auth_role_grants == ["ORG_MEMBER"]
        listed = await ask(fed.list_connected_org_configs(federation_id))
        assert [one.org_id for one in listed.results] == [org_id]
        assert await every(fed.iter_connected_org_configs(federation_id)) == listed.results

        # Role mappings: roles checked, one mapping per group.
        eng = await ask(
            fed.create_role_mapping(
                federation_id,
                org_id,
                AuthFederationRoleMapping(
                    external_group_name="eng",
                    role_assignments=[
                        ConnectedOrgConfigRoleAssignment(org_id=org_id, role="ORG_GROUP_CREATOR"),
                        ConnectedOrgConfigRoleAssignment(group_id=group_id, role="GROUP_READ_ONLY"),
                    ],
                ),
            )
        )
        assert isinstance(eng, AuthFederationRoleMapping) and eng.id
        with pytest.raises(BadRequest) as bad_role:
            await ask(
                fed.create_role_mapping(
                    federation_id,
                    org_id,
                    {"externalGroupName": "ops", "roleAssignments": [{"orgId": org_id, "role": "ORG_BOSS"}]},
                )
            )
        assert bad_role.value.error_code == "INVALID_ROLE_FOR_ORG"
        with pytest.raises(Conflict) as taken:
            await ask(
                fed.create_role_mapping(
                    federation_id,
                    org_id,
                    {"externalGroupName": "eng", "roleAssignments": [{"orgId": org_id, "role": "ORG_MEMBER"}]},
                )
            )
        assert taken.value.error_code == "DUPLICATE_ROLE_MAPPING"
        ops = await ask(
            fed.create_role_mapping(
                federation_id,
                org_id,
                {
                    "externalGroupName": "ops",
                    "roleAssignments": [
                        {"orgId": org_id, "role": "ORG_MEMBER"},
                        {"groupId": group_id, "role": "GROUP_OWNER"},
                    ],
                },
            )
        )
        mappings = await ask(fed.list_role_mappings(federation_id, org_id))
        assert sorted(m.external_group_name for m in mappings.results) == ["eng", "ops"]
        assert await every(fed.iter_role_mappings(federation_id, org_id)) == mappings.results
        assert await ask(fed.get_role_mapping(federation_id, ops.id, org_id)) == ops
        updated = await ask(
            fed.update_role_mapping(
                federation_id,
                eng.id,
                org_id,
                eng.model_copy(
                    update={
                        "role_assignments": [
                            ConnectedOrgConfigRoleAssignment(org_id=org_id, role="ORG_GROUP_CREATOR"),
                            ConnectedOrgConfigRoleAssignment(group_id=group_id, role="GROUP_DATA_ACCESS_READ_ONLY"),
                        ]
                    }
                ),
            )
        )
        assert [(a.role, a.group_id) for a in updated.role_assignments] == [
            ("ORG_GROUP_CREATOR", None),
            ("GROUP_DATA_ACCESS_READ_ONLY", group_id),
        ]
        assert await ask(fed.delete_role_mapping(federation_id, ops.id, org_id)) is None
        with pytest.raises(NotFound):
            await ask(fed.get_role_mapping(federation_id, ops.id, org_id))
        made["eng"] = eng.id

    called = run(mode, server, flow)

    _ran("identity providers and role mappings", called)
    base = f"/federationSettings/{federation_id}"
    config = _get(server, f"{base}/connectedOrgConfigs/{org_id}")
    assert config["identityProviderId"] == saml["oktaIdpId"]
    assert config["dataAccessIdentityProviderIds"] == [made["oidc"]]
    assert [mapping["id"] for mapping in config["roleMappings"]] == [made["eng"]]
    assert _get(server, f"/orgs/{org_id}/federationSettings")["hasRoleMappings"] is True
    assert _get(server, f"{base}/identityProviders/{made['oidc']}")["userClaim"] == "email"
    written = _event_names(server, f"/orgs/{org_id}")
    assert (written["ROLE_MAPPING_CREATED"], written["ROLE_MAPPING_UPDATED"], written["ROLE_MAPPING_DELETED"]) == (
        2,
        1,
        1,
    )


@MODES
def test_a_user_signs_in_with_exactly_the_mapped_roles_then_the_federation_goes(server: LocalServer, mode: str) -> None:
    org_id, group_id = server.org_id, server.project_id
    federation_id, saml = _federation(server, org_id)
    other = _owner_org(server, "second")
    connected = server.admin().post(
        f"/api/local/v1/federationSettings/{federation_id}/connectedOrgs", json={"orgId": other["id"]}
    )
    assert connected.status_code == 200, connected.text

    async def setup(client: Client) -> None:
        fed = client.federated_authentication
        config = await ask(fed.get_connected_org_config(federation_id, org_id))
        config = config.model_copy(update={"identity_provider_id": saml["oktaIdpId"], "post_auth_role_grants": []})
        await ask(fed.update_connected_org_config(federation_id, org_id, config))
        await ask(
            fed.create_role_mapping(
                federation_id,
                org_id,
                AuthFederationRoleMapping(
                    external_group_name="eng",
                    role_assignments=[
                        ConnectedOrgConfigRoleAssignment(org_id=org_id, role="ORG_READ_ONLY"),
                        ConnectedOrgConfigRoleAssignment(group_id=group_id, role="GROUP_DATA_ACCESS_READ_WRITE"),
                    ],
                ),
            )
        )

    run(mode, server, setup)
    signed = server.admin().post(
        f"/api/local/v1/federationSettings/{federation_id}/signIn",
        json={"username": "ann@example.com", "groups": ["eng", "unmapped"]},
    )
    assert signed.status_code == 200, signed.text

    async def flow(client: Client) -> None:
        users = client.mongo_db_cloud_users
        ann = await ask(users.get_user_by_username("ann@example.com"))
        assert isinstance(ann, CloudAppUser)
        held = {(r.org_id or r.group_id, r.role_name) for r in ann.roles}
        assert held == {(org_id, "ORG_READ_ONLY"), (group_id, "GROUP_DATA_ACCESS_READ_WRITE")}
        assert await ask(users.get_user(ann.id)) == ann
        fed = client.federated_authentication
        # The federation goes once it has one organization left.
        with pytest.raises(BadRequest):
            await ask(fed.delete_federation_app(federation_id))

    def leave(other_client: Client) -> Awaitable[None]:
        async def go() -> None:
            fed = other_client.federated_authentication
            assert await ask(fed.remove_connected_org_config(federation_id, other["id"])) is None

        return go()

    async def finish(client: Client) -> None:
        fed = client.federated_authentication
        assert await ask(fed.delete_federation_app(federation_id)) is None
        with pytest.raises(NotFound):
            await ask(fed.get_federation_settings(org_id))

    called = run(mode, server, flow)
    called |= run(mode, server, leave, _keys(other))
    called |= run(mode, server, finish)

    _ran("sign-in and the federation removed", called)
    assert server.digest().get(f"/api/atlas/v2/orgs/{org_id}/federationSettings").status_code == 404
    # the user keeps the roles the sign-in gave
    ann = _get(server, "/users/byName/ann@example.com")
    assert {role["roleName"] for role in ann["roles"]} == {"ORG_READ_ONLY", "GROUP_DATA_ACCESS_READ_WRITE"}


@MODES
def test_an_identity_provider_deleted_is_gone(server: LocalServer, mode: str) -> None:
    federation_id, _ = _federation(server, server.org_id)
    made: dict[str, str] = {}

    async def flow(client: Client) -> None:
        fed = client.federated_authentication
        workload = await ask(
            fed.create_identity_provider(
                federation_id,
                {
                    "protocol": "OIDC",
                    "idpType": "WORKLOAD",
                    "displayName": "apps",
                    "issuerUri": "https://apps.example.com",
                    "audience": "atlas",
                    "authorizationType": "USER",
                    "userClaim": "sub",
                },
            )
        )
        made["id"] = workload.id
        assert (workload.idp_type, workload.client_id) == ("WORKLOAD", None)
        assert await ask(fed.delete_identity_provider(federation_id, workload.id)) is None
        with pytest.raises(NotFound):
            await ask(fed.get_identity_provider(federation_id, workload.id))

    called = run(mode, server, flow)

    _ran("identity provider deleted", called)
    gone = server.digest().get(f"/api/atlas/v2/federationSettings/{federation_id}/identityProviders/{made['id']}")
    assert gone.status_code == 404
    assert _event_names(server, f"/orgs/{server.org_id}")["IDENTITY_PROVIDER_DELETED"] == 1


# --- organization settings, delegation, roles ----------------------------------------------------------------------


@MODES
def test_organization_settings_and_delegation_settings(server: LocalServer, mode: str) -> None:
    org_id = server.org_id

    async def flow(client: Client) -> None:
        orgs = client.organizations
        before = await ask(orgs.get_organization_settings(org_id))
        assert isinstance(before, OrganizationSettings)
        assert before.api_access_list_required is False
        changed = await ask(
            orgs.update_organization_settings(
                org_id,
                OrganizationSettings(
                    security_contact="security@example.com",
                    gen_ai_features_enabled=not before.gen_ai_features_enabled,
                    max_service_account_secret_validity_in_hours=24,
                ),
            )
        )
        assert (changed.security_contact, changed.max_service_account_secret_validity_in_hours) == (
            "security@example.com",
            24,
        )
        assert changed.gen_ai_features_enabled is not before.gen_ai_features_enabled
        assert changed.multi_factor_auth_required == before.multi_factor_auth_required  # left out, so kept
        with pytest.raises(BadRequest) as too_long:
            await ask(orgs.update_org_settings(org_id, {"maxServiceAccountSecretValidityInHours": 100_000}))
        assert too_long.value.error_code == "INVALID_JSON_ATTRIBUTE"

        delegation = await ask(orgs.get_org_delegation_settings(org_id))
        assert isinstance(delegation, OrgDelegationSettingsResponse)
        updated = await ask(
            orgs.update_org_delegation_settings(
                org_id,
                OrgDelegationSettingsUpdateRequest(delegated_mcp_access="READ_ONLY", idle_refresh_token_lifetime=3600),
            )
        )
        assert (updated.delegated_mcp_access, updated.idle_refresh_token_lifetime) == ("READ_ONLY", 3600)
        assert updated.delegated_partner_access == delegation.delegated_partner_access
        with pytest.raises(BadRequest) as bad:
            await ask(orgs.update_org_delegation_settings(org_id, {"delegatedMcpAccess": "EVERYTHING"}))
        assert bad.value.error_code == "INVALID_ENUM_VALUE"

    called = run(mode, server, flow)

    _ran("organization settings", called)
    settings = _get(server, f"/orgs/{org_id}/settings")
    assert (settings["securityContact"], settings["maxServiceAccountSecretValidityInHours"]) == (
        "security@example.com",
        24,
    )
    assert _get(server, f"/orgs/{org_id}/delegationSettings")["delegatedMcpAccess"] == "READ_ONLY"
    written = _event_names(server, f"/orgs/{org_id}")
    assert written["SECURITY_CONTACT_MODIFIED"] == 1 and written["ORG_DELEGATION_SETTINGS_UPDATED"] == 1


@MODES
def test_roles_replaced_and_users_added_to_a_project(server: LocalServer, mode: str) -> None:
    org = _owner_org(
        server,
        "roles",
        users=[
            {"username": "bob@example.com", "orgRoles": ["ORG_MEMBER"], "projectRoles": {"web": ["GROUP_READ_ONLY"]}},
            {"username": "eve@example.com", "orgRoles": ["ORG_MEMBER"]},
        ],
    )
    org_id, group_id = org["id"], org["projects"][0]["id"]
    bob, eve = org["users"][0]["id"], org["users"][1]["id"]
    joined: dict[str, Any] = {}

    async def flow(client: Client) -> None:
        roles = await ask(
            client.organizations.update_organization_roles(
                org_id, bob, UpdateOrgRolesForUser(org_roles=["ORG_READ_ONLY", "ORG_BILLING_READ_ONLY"])
            )
        )
        assert isinstance(roles, UpdateOrgRolesForUser)
        assert sorted(roles.org_roles) == ["ORG_BILLING_READ_ONLY", "ORG_READ_ONLY"]
        with pytest.raises(BadRequest) as bad:
            await ask(client.organizations.update_org_user_roles(org_id, bob, {"orgRoles": ["GROUP_OWNER"]}))
        assert bad.value.error_code == "INVALID_ROLE_FOR_ORG"
        group_roles = await ask(
            client.projects.update_project_roles(
                group_id, bob, UpdateGroupRolesForUser(group_roles=["GROUP_DATA_ACCESS_READ_ONLY"])
            )
        )
        assert group_roles.group_roles == ["GROUP_DATA_ACCESS_READ_ONLY"]
        # A member of the organization gets project roles at once; anyone else is invited to the organization.
        member = await ask(
            client.projects.add_user_to_project(
                group_id, GroupInvitationRequest(username="eve@example.com", roles=["GROUP_DATA_ACCESS_ADMIN"])
            )
        )
        assert member is None
        with pytest.raises(Conflict) as there:
            await ask(
                client.projects.add_group_user(group_id, {"username": "bob@example.com", "roles": ["GROUP_OWNER"]})
            )
        assert there.value.error_code == "USER_ALREADY_EXISTS"
        invited = await ask(
            client.projects.add_group_access_user(
                group_id, {"username": "cy@example.com", "roles": ["GROUP_READ_ONLY"]}
            )
        )
        assert isinstance(invited, OrganizationInvitation)
        assert (invited.username, invited.org_id) == ("cy@example.com", org_id)
        assert [(g.group_id, g.group_role) for g in invited.group_role_assignments] == [(group_id, "GROUP_READ_ONLY")]
        joined["invitation"] = invited.id

    called = run(mode, server, flow, _keys(org))

    _ran("roles", called)
    key = (org["apiKeys"][0]["publicKey"], org["apiKeys"][0]["privateKey"])
    user = _get(server, f"/orgs/{org_id}/users/{bob}", *key)
    assert sorted(user["roles"]["orgRoles"]) == ["ORG_BILLING_READ_ONLY", "ORG_READ_ONLY"]
    assert _get(server, f"/groups/{group_id}/users/{bob}", *key)["roles"] == ["GROUP_DATA_ACCESS_READ_ONLY"]
    assert _get(server, f"/groups/{group_id}/users/{eve}", *key)["roles"] == ["GROUP_DATA_ACCESS_ADMIN"]
    assert _get(server, f"/orgs/{org_id}/invites/{joined['invitation']}", *key)["username"] == "cy@example.com"


@MODES
def test_a_project_moves_to_another_organization(server: LocalServer, mode: str) -> None:
    destination = _owner_org(server, "destination")
    public, private = destination["apiKeys"][0]["publicKey"], destination["apiKeys"][0]["privateKey"]
    group_id = server.project_id

    async def flow(client: Client) -> None:
        request = GroupMigrationRequest(
            destination_org_id=destination["id"],
            destination_org_public_api_key=public,
            destination_org_private_api_key=private,
        )
        assert private not in repr(request)
        moved = await ask(client.projects.migrate_project_to_another_org(group_id, request))
        assert isinstance(moved, Group)
        assert (moved.id, moved.org_id) == (group_id, destination["id"])

    called = run(mode, server, flow)

    _ran("migration", called)
    assert _get(server, f"/groups/{group_id}", public, private)["orgId"] == destination["id"]


# --- limits, the legacy users API, the root -----------------------------------------------------------------------


@MODES
def test_project_limits_default_limits_and_ip_addresses(server: LocalServer, mode: str) -> None:
    group_id = server.project_id

    async def flow(client: Client) -> None:
        projects = client.projects
        limits = await ask(projects.list_project_limits(group_id))
        assert all(isinstance(limit, DataFederationLimit) for limit in limits)
        users = next(limit for limit in limits if limit.name == USERS_LIMIT)
        assert await ask(projects.get_project_limit(USERS_LIMIT, group_id)) == users
        lowered = await ask(projects.set_project_limit(USERS_LIMIT, group_id, DataFederationLimit(value=5)))
        assert (lowered.name, lowered.value, lowered.default_limit) == (USERS_LIMIT, 5, users.default_limit)
        with pytest.raises(BadRequest) as over:
            await ask(projects.set_group_limit(USERS_LIMIT, group_id, {"value": 100_000}))
        assert over.value.error_code == "LIMIT_EXCEEDS_MAXIMUM"
        with pytest.raises(NotFound) as unknown:
            await ask(projects.get_group_limit("atlas.project.nothing", group_id))
        assert unknown.value.error_code == "LIMIT_NOT_FOUND"
        # a limit read and sent back as it is
        assert (await ask(projects.set_project_limit(USERS_LIMIT, group_id, lowered))).value == 5
        addresses = await ask(projects.return_all_ip_addresses(group_id))
        assert isinstance(addresses, GroupIPAddresses) and addresses.group_id == group_id

        defaults = client.limit_description
        page = await ask(defaults.list_default_group_limits(items_per_page=2))
        assert isinstance(page, Paginated) and len(page.results) == 2
        every_default = await every(defaults.iter_default_group_limits(items_per_page=2))
        assert len(every_default) == page.total_count
        assert all(isinstance(one, DefaultGroupLimitResponse) for one in every_default)
        first = await ask(defaults.get_default_group_limit(every_default[0].name))
        assert first == every_default[0]

    called = run(mode, server, flow)

    _ran("limits", called)
    assert _get(server, f"/groups/{group_id}/limits/{USERS_LIMIT}")["value"] == 5


@MODES
def test_a_project_limit_deleted_is_back_to_its_default(server: LocalServer, mode: str) -> None:
    group_id = server.project_id
    lowered = server.digest().patch(f"/api/atlas/v2/groups/{group_id}/limits/{USERS_LIMIT}", json={"value": 7})
    assert lowered.status_code == 200, lowered.text

    async def flow(client: Client) -> None:
        assert await ask(client.projects.delete_project_limit(USERS_LIMIT, group_id)) is None

    called = run(mode, server, flow)

    _ran("limit deleted", called)
    limit = _get(server, f"/groups/{group_id}/limits/{USERS_LIMIT}")
    assert limit["value"] == limit["defaultLimit"] != 7


@MODES
def test_the_legacy_users_api(server: LocalServer, mode: str) -> None:
    org_id = server.org_id
    made: dict[str, str] = {}

    async def flow(client: Client) -> None:
        users = client.mongo_db_cloud_users
        request = CloudAppUserRequest(
            username="dee@example.com",
            password="a-Long-enough-Passw0rd",
            first_name="Dee",
            last_name="Example",
            country="US",
            roles=[CloudAccessRoleAssignment(org_id=org_id, role_name="ORG_MEMBER")],
        )
        assert "Passw0rd" not in repr(request)
        dee = await ask(users.create_user(request))
        assert isinstance(dee, CloudAppUser)
        assert (dee.username, dee.email_address, dee.first_name, dee.country) == (
            "dee@example.com",
            "dee@example.com",
            "Dee",
            "US",
        )
        assert [(r.org_id, r.role_name) for r in dee.roles] == [(org_id, "ORG_MEMBER")]
        assert "password" not in (dee.model_extra or {})
        with pytest.raises(Conflict) as taken:
            await ask(users.create_user(request))
        assert taken.value.error_code == "USER_ALREADY_EXISTS"
        # the new user is invited to the organization: its roles are held once it accepts
        read = await ask(users.get_user(dee.id))
        assert read.model_copy(update={"roles": dee.roles}) == dee and read.roles == []
        assert await ask(users.get_user_by_name("dee@example.com")) == read
        with pytest.raises(NotFound) as missing:
            await ask(users.get_user("0" * 24))
        assert missing.value.error_code == "USER_NOT_FOUND"
        made["id"] = dee.id

    called = run(mode, server, flow)

    _ran("legacy users", called)
    assert _get(server, f"/users/{made['id']}")["username"] == "dee@example.com"
    listed = _get(server, f"/orgs/{org_id}/users?username=dee@example.com")["results"]
    assert [(user["orgMembershipStatus"], user["roles"]["orgRoles"]) for user in listed] == [
        ("PENDING", ["ORG_MEMBER"])
    ]


@MODES
def test_the_root_status_event_types_and_rate_limits(server: LocalServer, mode: str) -> None:
    org_id = server.org_id

    async def flow(client: Client) -> None:
        status = await ask(client.root.get_system_status())
        assert isinstance(status, SystemStatus)
        assert (status.app_name, status.throttling) == ("MongoDB Atlas", False)
        assert status.api_key is not None and status.api_key.public_key == server.bootstrap["publicKey"]
        assert (org_id, "ORG_OWNER") in {(r.org_id, r.role_name) for r in status.api_key.roles}
        addresses = await ask(client.root.return_all_control_plane_ip_addresses())
        assert isinstance(addresses, ControlPlaneIPAddresses)
        assert await ask(client.root.list_control_plane_addresses()) == addresses

        types = await ask(client.events.list_event_types(items_per_page=50))
        assert isinstance(types.results[0], EventTypeDetails) and types.total_count is not None
        names = [one.event_type for one in await every(client.events.iter_event_types(items_per_page=500))]
        assert len(names) == types.total_count and names == sorted(names)
        assert {"INVITED_TO_ORG", "ROLE_MAPPING_CREATED", "IDENTITY_PROVIDER_CREATED"} <= set(names)

        limits = await ask(client.rate_limiting.list_rate_limits(org_id=org_id))
        assert limits.results and all(isinstance(one, RateLimitEndpointSetResponse) for one in limits.results)
        walked = await every(client.rate_limiting.iter_rate_limits(org_id=org_id, items_per_page=3))
        assert [one.endpoint_set_id for one in walked] == [one.endpoint_set_id for one in limits.results]
        first = limits.results[0]
        assert await ask(client.rate_limiting.get_rate_limit(first.endpoint_set_id, org_id=org_id)) == first
        assert first.capacity is not None and first.capacity.value and first.endpoints
        with pytest.raises(NotFound) as unknown:
            await ask(client.rate_limiting.get_rate_limit("no-such-set"))
        assert unknown.value.error_code == "ENDPOINT_SET_NOT_FOUND"

    called = run(mode, server, flow)

    _ran("root", called)


# --- the names and versions ---------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_flows_above_run_every_new_call() -> None:
    # each flow checks that it ran what RUNS says (``_ran``); together they run every new operation
    source = Path(__file__).read_text()
    assert all(f'_ran("{flow}", called)' in source for flow in RUNS)
    declared = {operation for operations in RUNS.values() for operation in operations}
    assert declared == _new_operations(), sorted(declared ^ _new_operations())
    assert len(declared) == 18 + 5 + 8 + 3 + 1 + 2 + 2 + 2


@pytest.mark.parametrize("table", [*NEW_TABLES, *NEW_ENTRIES], ids=lambda t: t.__name__)
def test_methods_carry_the_go_sdks_pre_2026_names(table: type[Any]) -> None:
    from atlas_access.client import api

    group = getattr(api, table.__name__ + "Api")
    names = NEW_ENTRIES.get(table) or [name for name in vars(table) if not name.startswith("_")]
    for name in names:
        operation = spec.operation(getattr(table, name).operation_id)
        go_names = {_snake(legacy) for legacy in operation.legacy_ids} or {_snake(operation.operation_id)}
        assert name in go_names, (name, operation.operation_id)
        # the Go SDK's 2025 name (the spec's short name), when it has one, is the same method
        if operation.short_name:
            assert getattr(group, _snake(operation.short_name)) is getattr(group, name), operation.short_name


def test_the_new_operations_pin_their_versions() -> None:
    pinned = {operation_id: spec.operation(operation_id) for operation_id in _new_operations()}
    versions = {
        entry.operation_id: entry.version
        for table in [*NEW_TABLES, *NEW_ENTRIES]
        for name, entry in vars(table).items()
        if not name.startswith("_") and entry.operation_id in pinned
    }
    # the newest version of each (the identity providers' 2023-11-15 answers every protocol), preview only where
    # the operation has nothing else
    for operation_id, operation in pinned.items():
        assert versions[operation_id] == operation.versions[-1].version or (
            versions[operation_id] == "2025-03-12" and operation.versions[-1].version == "preview"
        ), operation_id
    assert versions["listFederationSettingIdentityProviders"] == "2023-01-01"
    assert versions["getFederationSettingIdentityProvider"] == "2023-11-15"
    assert versions["listDefaultGroupLimits"] == "preview"


def test_secrets_stay_out_of_reprs() -> None:
    assert "hunter2" not in repr(
        CloudAppUserRequest(username="a@example.com", password="hunter2", first_name="A", last_name="B", country="US")
    )
    assert "s3cret" not in repr(
        GroupMigrationRequest(destination_org_id="a" * 24, destination_org_private_api_key="s3cret")
    )
