"""Federated authentication (Atlas v2, docs/federation.md): an organization's federation settings, the federation's
scope errors, identity providers (SAML from the local API, OIDC from the API), connected organizations, role
mappings, and the simulated sign-in with its invitations and domain restriction."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

OLD = "application/vnd.atlas.2023-01-01+json"
NEW = "application/vnd.atlas.2023-11-15+json"
USERS_API = "application/vnd.atlas.2025-02-19+json"
MISSING = "5f0000000000000000000000"
_names = itertools.count()


class World:
    """Home (owner key, member key, two projects, an owner user), Away (owner key) and Other (no federation)."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away, other = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Fed Home",
                        "projects": [{"name": "Fed P1"}, {"name": "Fed P2"}],
                        "users": [{"username": "boss@home.example.com", "orgRoles": ["ORG_OWNER"]}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                        ],
                    },
                    {"name": "Fed Away", "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}]},
                    {"name": "Fed Other", "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}]},
                ]
            }
        )["orgs"]
        self.org_id, self.away_id, self.other_id = home["id"], away["id"], other["id"]
        self.p1, self.p2 = (project["id"] for project in home["projects"])
        keys = home["apiKeys"]
        self.owner = server.digest(keys[0]["publicKey"], keys[0]["privateKey"], accept=OLD)
        self.member = server.digest(keys[1]["publicKey"], keys[1]["privateKey"], accept=OLD)
        away_key, other_key = away["apiKeys"][0], other["apiKeys"][0]
        self.away = server.digest(away_key["publicKey"], away_key["privateKey"], accept=OLD)
        self.other = server.digest(other_key["publicKey"], other_key["privateKey"], accept=OLD)
        self.admin = server.admin()
        made = self.admin.post(f"/api/local/v1/orgs/{self.org_id}/federationSettings")
        assert made.status_code == 200, made.text
        self.federation_id = made.json()["id"]
        self.base = f"/api/atlas/v2/federationSettings/{self.federation_id}"
        self.config_path = f"{self.base}/connectedOrgConfigs/{self.org_id}"

    def saml(self, **fields: Any) -> dict[str, Any]:
        body = {"displayName": f"saml-{next(_names)}", "issuerUri": "urn:idp:test", "ssoUrl": "https://idp.example"}
        response = self.admin.post(
            f"/api/local/v1/federationSettings/{self.federation_id}/identityProviders", json={**body, **fields}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def oidc(self, idp_type: str = "WORKFORCE", **fields: Any) -> dict[str, Any]:
        body = {
            "displayName": f"oidc-{next(_names)}",
            "issuerUri": "https://accounts.google.com",
            "audience": "aud",
            "groupsClaim": "groups",
            "userClaim": "user",
            "protocol": "OIDC",
            "idpType": idp_type,
            **fields,
        }
        response = self.owner.post(f"{self.base}/identityProviders", json=body, headers={"Accept": NEW})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def config(self) -> dict[str, Any]:
        response = self.owner.get(self.config_path)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def patch_config(self, **changes: Any) -> httpx.Response:
        return self.owner.patch(self.config_path, json={**self.config(), **changes})

    def sign_in(self, username: str, groups: list[str], **extra: Any) -> httpx.Response:
        body = {"username": username, "groups": groups, **extra}
        return self.admin.post(f"/api/local/v1/federationSettings/{self.federation_id}/signIn", json=body)

    def org_user(self, username: str) -> dict[str, Any] | None:
        response = self.owner.get(
            f"/api/atlas/v2/orgs/{self.org_id}/users", params={"username": username}, headers={"Accept": USERS_API}
        )
        assert response.status_code == 200, response.text
        found = response.json()["results"]
        return dict(found[0]) if found else None

    def events(self, org_id: str | None = None) -> list[str]:
        response = self.owner.get(f"/api/atlas/v2/orgs/{org_id or self.org_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return [event["eventTypeName"] for event in reversed(response.json()["results"])]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("federation")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- federation settings and the scope -------------------------------------------------------------------------------


def test_an_organization_reads_its_federation_settings(world: World) -> None:
    response = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/federationSettings")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    assert list(response.json()) == [
        "federatedDomains",
        "hasRoleMappings",
        "id",
        "identityProviderId",
        "identityProviderStatus",
    ]
    assert response.json()["id"] == world.federation_id
    assert "FEDERATION_SETTINGS_CREATED" in world.events()


def test_an_organization_without_a_federation_gets_a_404(world: World) -> None:
    response = world.other.get(f"/api/atlas/v2/orgs/{world.other_id}/federationSettings")
    expect_error(response, 404, "ORG_NOT_IN_FEDERATION")
    expect_error(world.member.get(f"/api/atlas/v2/orgs/{world.org_id}/federationSettings"), 401, "USER_UNAUTHORIZED")


def test_a_second_federation_for_one_organization_is_refused(world: World) -> None:
    response = world.admin.post(f"/api/local/v1/orgs/{world.org_id}/federationSettings")
    expect_error(response, 409, "ORG_ALREADY_IN_FEDERATION")


def test_the_federation_scope_errors(world: World) -> None:
    expect_error(
        world.owner.get("/api/atlas/v2/federationSettings/nope/identityProviders"), 400, "INVALID_PATH_PARAMETER"
    )
    expect_error(
        world.owner.get(f"/api/atlas/v2/federationSettings/{MISSING}/identityProviders"),
        404,
        "FEDERATION_SETTINGS_NOT_FOUND",
    )
    expect_error(world.away.get(f"{world.base}/identityProviders"), 401, "USER_CANNOT_ACCESS_ORG")
    expect_error(world.member.get(f"{world.base}/identityProviders"), 401, "USER_UNAUTHORIZED")
    expect_error(world.away.get(world.config_path), 401, "USER_CANNOT_ACCESS_ORG")
    expect_error(world.owner.get(f"{world.base}/connectedOrgConfigs/xyz"), 404, "INVALID_ORG_ID")
    expect_error(world.owner.get(f"{world.base}/connectedOrgConfigs/{MISSING}"), 404, "ORG_NOT_FOUND")
    expect_error(
        world.other.get(f"{world.base}/connectedOrgConfigs/{world.other_id}"), 404, "CONNECTED_ORG_CONFIG_NOT_FOUND"
    )


# --- identity providers ----------------------------------------------------------------------------------------------


def test_oidc_identity_providers_are_created_read_listed_and_updated(world: World) -> None:
    workforce = world.oidc("WORKFORCE", clientId="cli", associatedDomains=["home.example.com"])
    assert list(workforce) == [
        "associatedDomains",
        "associatedOrgs",
        "audience",
        "authorizationType",
        "clientId",
        "createdAt",
        "description",
        "displayName",
        "groupsClaim",
        "id",
        "idpType",
        "issuerUri",
        "oktaIdpId",
        "protocol",
        "requestedScopes",
        "updatedAt",
        "userClaim",
    ]
    assert workforce["oktaIdpId"] is None and workforce["updatedAt"] is None and workforce["requestedScopes"] == []
    workload = world.oidc("WORKLOAD")
    assert "clientId" not in workload and "associatedDomains" not in workload
    got = world.owner.get(f"{world.base}/identityProviders/{workforce['id']}", headers={"Accept": NEW})
    assert got.json() == workforce
    listed = world.owner.get(f"{world.base}/identityProviders", params={"protocol": "OIDC", "idpType": "WORKLOAD"})
    assert [idp["id"] for idp in listed.json()["results"]] == [workload["id"]]
    assert listed.json()["links"][0]["href"].endswith(
        "/identityProviders?idpType=WORKLOAD&protocol=OIDC&pageNum=1&itemsPerPage=100"
    )
    changed = world.owner.patch(
        f"{world.base}/identityProviders/{workload['id']}",
        json={"description": "new", "protocol": "OIDC"},
        headers={"Accept": NEW},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["description"] == "new" and changed.json()["updatedAt"] is not None
    refused = world.owner.patch(
        f"{world.base}/identityProviders/{workload['id']}", json={"clientId": "x"}, headers={"Accept": NEW}
    )
    expect_error(refused, 400, "INVALID_ATTRIBUTE")
    assert "OIDC_IDENTITY_PROVIDER_UPDATED" in world.events()


def test_creating_validates_the_body(world: World) -> None:
    path = f"{world.base}/identityProviders"
    saml = world.owner.post(
        path, json={"protocol": "SAML", "displayName": "x", "issuerUri": "u"}, headers={"Accept": NEW}
    )
    expect_error(saml, 400, "VALIDATION_ERROR")
    missing = world.owner.post(path, json={"protocol": "OIDC", "issuerUri": "u"}, headers={"Accept": NEW})
    expect_error(missing, 400, "MISSING_ATTRIBUTE")
    long = world.owner.post(
        path, json={"protocol": "OIDC", "issuerUri": "u", "displayName": "x" * 51}, headers={"Accept": NEW}
    )
    expect_error(long, 400, "INVALID_ATTRIBUTE")
    typed = world.owner.post(path, json={"protocol": "OIDC", "idpType": "OTHER"}, headers={"Accept": NEW})
    expect_error(typed, 400, "INVALID_JSON_ATTRIBUTE")
    expect_error(world.owner.get(f"{path}/{MISSING}", headers={"Accept": NEW}), 404, "IDENTITY_PROVIDER_NOT_FOUND")


def test_saml_identity_providers_metadata_and_both_versions(world: World) -> None:
    saml = world.saml(associatedDomains=["home.example.com"], status="ACTIVE")
    assert len(saml["oktaIdpId"]) == 20 and saml["protocol"] == "SAML"
    path = f"{world.base}/identityProviders/{saml['id']}"
    expect_error(world.owner.get(path, headers={"Accept": OLD}), 410, "VERSION_GONE")  # sunset 2025-01-01
    world.server.set_time("2024-12-01T00:00:00Z")
    try:
        old = world.owner.get(path, headers={"Accept": OLD})
        assert old.status_code == 200 and old.headers["sunset"]
        assert old.json() == world.owner.get(path, headers={"Accept": NEW}).json()
        expect_error(world.owner.patch(path, json={"slug": "s"}, headers={"Accept": OLD}), 400, "MISSING_ATTRIBUTE")
        updated = world.owner.patch(path, json={"ssoDebugEnabled": True, "slug": "s"}, headers={"Accept": OLD})
        assert updated.status_code == 200 and updated.json()["slug"] == "s"
    finally:
        assert world.admin.delete("/api/local/v1/clock").status_code == 200
    metadata = world.owner.get(f"{world.base}/identityProviders/{saml['id']}/metadata.xml")
    assert metadata.status_code == 200
    assert metadata.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f'entityID="{saml["audienceUri"]}"' in metadata.text and saml["acsUrl"] in metadata.text
    oidc = world.oidc()
    expect_error(
        world.owner.get(f"{world.base}/identityProviders/{oidc['id']}/metadata.xml"),
        400,
        "IDENTITY_PROVIDER_PROTOCOL_MISMATCH",
    )
    expect_error(
        world.owner.delete(f"{world.base}/identityProviders/{saml['id']}/jwks", headers={"Accept": NEW}),
        400,
        "IDENTITY_PROVIDER_PROTOCOL_MISMATCH",
    )
    revoked = world.owner.delete(f"{world.base}/identityProviders/{oidc['id']}/jwks", headers={"Accept": NEW})
    assert revoked.status_code == 204 and revoked.content == b""
    assert "IDENTITY_PROVIDER_JWKS_REVOKED" in world.events()


def test_deleting_an_identity_provider_disconnects_it(world: World) -> None:
    oidc = world.oidc("WORKLOAD")
    connected = world.patch_config(dataAccessIdentityProviderIds=[oidc["id"]])
    assert connected.status_code == 200, connected.text
    deleted = world.owner.delete(f"{world.base}/identityProviders/{oidc['id']}", headers={"Accept": NEW})
    assert deleted.status_code == 204
    assert oidc["id"] not in world.config()["dataAccessIdentityProviderIds"]
    gone = world.owner.get(f"{world.base}/identityProviders/{oidc['id']}", headers={"Accept": NEW})
    expect_error(gone, 404, "IDENTITY_PROVIDER_NOT_FOUND")


# --- connected organizations and role mappings -----------------------------------------------------------------------


def test_connected_organizations_are_listed_updated_and_validated(world: World) -> None:
    listed = world.owner.get(f"{world.base}/connectedOrgConfigs")
    assert listed.status_code == 200
    assert [config["orgId"] for config in listed.json()["results"]] == [world.org_id]
    assert listed.json()["links"][0]["href"].endswith("/connectedOrgConfigs?pageNum=1&itemsPerPage=100")
    config = world.config()
    assert config["postAuthRoleGrants"] == ["ORG_OWNER"] and config["userConflicts"] is None
    expect_error(world.patch_config(identityProviderId=""), 400, "VALIDATION_ERROR")
    expect_error(world.patch_config(postAuthRoleGrants=["ORG_MEMBER"]), 400, "VALIDATION_ERROR")
    expect_error(world.patch_config(postAuthRoleGrants=["GROUP_OWNER"]), 400, "INVALID_ROLE_FOR_ORG")
    expect_error(world.patch_config(identityProviderId="0" * 20), 404, "IDENTITY_PROVIDER_NOT_FOUND")
    allowed = world.patch_config(domainAllowList=["https://accounts.google.com"])
    assert allowed.status_code == 200 and allowed.json()["domainAllowList"] == ["https://accounts.google.com"]
    back = world.patch_config(domainAllowList=[])
    assert back.json()["domainAllowList"] == []
    expect_error(world.owner.delete(world.config_path), 400, "CANNOT_REMOVE_LAST_CONNECTED_ORG")
    assert "FEDERATION_SETTINGS_UPDATED" in world.events()


def test_role_mappings_are_checked_and_unique(world: World) -> None:
    path = f"{world.config_path}/roleMappings"
    body = {
        "externalGroupName": f"g-{next(_names)}",
        "roleAssignments": [
            {"orgId": world.org_id, "role": "ORG_MEMBER"},
            {"groupId": world.p1, "role": "GROUP_READ_ONLY"},
        ],
    }
    created = world.owner.post(path, json=body)
    assert created.status_code == 200, created.text
    mapping = created.json()
    assert mapping["roleAssignments"] == body["roleAssignments"]
    expect_error(world.owner.post(path, json=body), 409, "DUPLICATE_ROLE_MAPPING")
    bad_org_role = {**body, "externalGroupName": "x", "roleAssignments": [{"orgId": world.org_id, "role": "NOPE"}]}
    expect_error(world.owner.post(path, json=bad_org_role), 400, "INVALID_ROLE_FOR_ORG")
    bad_group_role = {
        **body,
        "externalGroupName": "x",
        "roleAssignments": [{"orgId": world.org_id, "role": "ORG_MEMBER"}, {"groupId": world.p1, "role": "ORG_OWNER"}],
    }
    expect_error(world.owner.post(path, json=bad_group_role), 400, "INVALID_ROLE_FOR_GROUP")
    no_org = {"externalGroupName": "x", "roleAssignments": [{"groupId": world.p1, "role": "GROUP_OWNER"}]}
    expect_error(world.owner.post(path, json=no_org), 400, "VALIDATION_ERROR")
    foreign = {
        "externalGroupName": "x",
        "roleAssignments": [{"orgId": world.org_id, "role": "ORG_MEMBER"}, {"groupId": MISSING, "role": "GROUP_OWNER"}],
    }
    expect_error(world.owner.post(path, json=foreign), 404, "GROUP_NOT_FOUND")
    expect_error(
        world.owner.post(path, json={"externalGroupName": "x", "roleAssignments": [{"orgId": world.org_id}]}),
        400,
        "MISSING_ATTRIBUTE",
    )
    expect_error(
        world.owner.post(path, json={"externalGroupName": "x", "roleAssignments": [], "extra": 1}),
        400,
        "INVALID_ATTRIBUTE",
    )
    assert world.owner.get(f"{path}/{mapping['id']}").json() == mapping
    put = world.owner.put(f"{path}/{mapping['id']}", json={**body, "roleAssignments": body["roleAssignments"][:1]})
    assert put.status_code == 200 and len(put.json()["roleAssignments"]) == 1
    listed = world.owner.get(path).json()
    assert mapping["id"] in [one["id"] for one in listed["results"]]
    expect_error(world.owner.get(f"{path}/bad"), 400, "INVALID_PATH_PARAMETER")
    expect_error(world.owner.get(f"{path}/{MISSING}"), 404, "ROLE_MAPPING_NOT_FOUND")
    assert world.owner.delete(f"{path}/{mapping['id']}").status_code == 204
    expect_error(world.owner.get(f"{path}/{mapping['id']}"), 404, "ROLE_MAPPING_NOT_FOUND")
    assert [one for one in world.events() if one.startswith("ROLE_MAPPING")][-3:] == [
        "ROLE_MAPPING_CREATED",
        "ROLE_MAPPING_UPDATED",
        "ROLE_MAPPING_DELETED",
    ]


# --- the simulated sign-in -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sso(world: World) -> dict[str, Any]:
    """An active SAML identity provider for home.example.com, Home signing in with it, and role mappings."""
    saml = world.saml(associatedDomains=["home.example.com"], status="ACTIVE")
    assert world.patch_config(identityProviderId=saml["oktaIdpId"]).status_code == 200
    assert world.patch_config(postAuthRoleGrants=["ORG_MEMBER"]).status_code == 200
    path = f"{world.config_path}/roleMappings"
    for name, assignments in (
        (
            "admins",
            [{"orgId": world.org_id, "role": "ORG_GROUP_CREATOR"}, {"groupId": world.p1, "role": "GROUP_OWNER"}],
        ),
        (
            "readers",
            [{"orgId": world.org_id, "role": "ORG_READ_ONLY"}, {"groupId": world.p2, "role": "GROUP_READ_ONLY"}],
        ),
    ):
        response = world.owner.post(path, json={"externalGroupName": name, "roleAssignments": assignments})
        assert response.status_code == 200, response.text
    return saml


def test_signing_in_gives_exactly_the_mapped_roles(world: World, sso: dict[str, Any]) -> None:
    settings = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/federationSettings").json()
    assert settings == {
        "federatedDomains": ["home.example.com"],
        "hasRoleMappings": True,
        "id": world.federation_id,
        "identityProviderId": sso["oktaIdpId"],
        "identityProviderStatus": "ACTIVE",
    }
    response = world.sign_in("ada@home.example.com", ["admins", "unmapped"], firstName="Ada")
    assert response.status_code == 200, response.text
    assert response.json()["orgIds"] == [world.org_id]
    user = world.org_user("ada@home.example.com")
    assert user is not None and user["orgMembershipStatus"] == "ACTIVE"
    assert sorted(user["roles"]["orgRoles"]) == ["ORG_GROUP_CREATOR", "ORG_MEMBER"]
    assert user["roles"]["groupRoleAssignments"] == [{"groupId": world.p1, "groupRoles": ["GROUP_OWNER"]}]
    # Signing in again with other groups re-applies the mappings: exactly the new roles.
    assert world.sign_in("ada@home.example.com", ["readers"]).status_code == 200
    user = world.org_user("ada@home.example.com")
    assert user is not None
    assert sorted(user["roles"]["orgRoles"]) == ["ORG_MEMBER", "ORG_READ_ONLY"]
    assert user["roles"]["groupRoleAssignments"] == [{"groupId": world.p2, "groupRoles": ["GROUP_READ_ONLY"]}]
    assert "JOINED_ORG" in world.events()


def test_signing_in_settles_a_pending_invitation(world: World, sso: dict[str, Any]) -> None:
    invited = world.owner.post(
        f"/api/atlas/v2/orgs/{world.org_id}/invites",
        json={"username": "bea@home.example.com", "roles": ["ORG_BILLING_ADMIN"]},
    )
    assert invited.status_code == 200, invited.text
    assert world.sign_in("bea@home.example.com", ["readers"]).status_code == 200
    gone = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/invites/{invited.json()['id']}")
    expect_error(gone, 404, "RESOURCE_NOT_FOUND")
    user = world.org_user("bea@home.example.com")
    assert user is not None and user["orgMembershipStatus"] == "ACTIVE"
    assert sorted(user["roles"]["orgRoles"]) == ["ORG_MEMBER", "ORG_READ_ONLY"]


def test_sign_in_errors(world: World, sso: dict[str, Any]) -> None:
    expect_error(world.sign_in("zed@elsewhere.example.com", []), 400, "NO_IDENTITY_PROVIDER_FOR_USERNAME")
    expect_error(world.sign_in("not-an-email", []), 400, "INVALID_USERNAME")
    expect_error(
        world.sign_in("a@home.example.com", [], identityProviderId=MISSING), 404, "IDENTITY_PROVIDER_NOT_FOUND"
    )


def test_domain_restriction_refuses_sign_in_and_invitations(world: World, sso: dict[str, Any]) -> None:
    restricted = world.patch_config(
        identityProviderId=sso["oktaIdpId"],
        postAuthRoleGrants=["ORG_MEMBER"],
        domainRestrictionEnabled=True,
        domainAllowList=["home.example.com"],
    )
    assert restricted.status_code == 200, restricted.text
    try:
        conflicts = world.config()["userConflicts"]
        assert conflicts == []  # every member so far is of home.example.com
        # The SAML identity provider also claims another domain: its users may not join Home.
        world.owner.patch(
            f"{world.base}/identityProviders/{sso['id']}",
            json={"associatedDomains": ["home.example.com", "else.example.org"]},
            headers={"Accept": NEW},
        )
        expect_error(world.sign_in("cy@else.example.org", []), 400, "USERNAME_NOT_IN_ALLOWED_DOMAINS")
        assert world.org_user("cy@else.example.org") is None
        expect_error(
            world.owner.post(
                f"/api/atlas/v2/orgs/{world.org_id}/invites",
                json={"username": "cy@else.example.org", "roles": ["ORG_MEMBER"]},
            ),
            400,
            "USERNAME_NOT_IN_ALLOWED_DOMAINS",
        )
        expect_error(
            world.owner.post(
                f"/api/atlas/v2/orgs/{world.org_id}/users",
                json={"username": "cy@else.example.org", "roles": {"orgRoles": ["ORG_MEMBER"]}},
                headers={"Accept": USERS_API},
            ),
            400,
            "USERNAME_NOT_IN_ALLOWED_DOMAINS",
        )
        expect_error(
            world.owner.post(
                f"/api/atlas/v2/groups/{world.p1}/invites",
                json={"username": "cy@else.example.org", "roles": ["GROUP_READ_ONLY"]},
            ),
            400,
            "USERNAME_NOT_IN_ALLOWED_DOMAINS",
        )
        ok = world.owner.post(
            f"/api/atlas/v2/orgs/{world.org_id}/invites",
            json={"username": "dee@home.example.com", "roles": ["ORG_MEMBER"]},
        )
        assert ok.status_code == 200, ok.text
    finally:
        world.patch_config(
            identityProviderId=sso["oktaIdpId"],
            postAuthRoleGrants=["ORG_MEMBER"],
            domainRestrictionEnabled=False,
            domainAllowList=[],
        )


# --- several organizations and deleting the federation ---------------------------------------------------------------


def test_connecting_removing_and_deleting(world: World) -> None:
    connected = world.admin.post(
        f"/api/local/v1/federationSettings/{world.federation_id}/connectedOrgs", json={"orgId": world.away_id}
    )
    assert connected.status_code == 200, connected.text
    assert world.away.get(f"{world.base}/connectedOrgConfigs").status_code == 200
    expect_error(world.owner.delete(world.base), 400, "FEDERATION_HAS_CONNECTED_ORGS")
    away_config = f"{world.base}/connectedOrgConfigs/{world.away_id}"
    expect_error(world.owner.delete(away_config), 401, "USER_CANNOT_ACCESS_ORG")
    assert world.away.delete(away_config).status_code == 204
    expect_error(world.away.get(f"{world.base}/connectedOrgConfigs"), 401, "USER_CANNOT_ACCESS_ORG")


def test_the_fixture_document_sets_up_a_federation(world: World) -> None:
    (made,) = world.server.fixtures(
        {
            "orgs": [
                {
                    "name": "Fed Fixture",
                    "federation": True,
                    "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"]
    key = made["apiKeys"][0]
    owner = world.server.digest(key["publicKey"], key["privateKey"], accept=OLD)
    settings = owner.get(f"/api/atlas/v2/orgs/{made['id']}/federationSettings")
    assert settings.status_code == 200 and settings.json()["id"] == made["federationSettingsId"]
    configs = owner.get(f"/api/atlas/v2/federationSettings/{made['federationSettingsId']}/connectedOrgConfigs")
    assert [config["orgId"] for config in configs.json()["results"]] == [made["id"]]
