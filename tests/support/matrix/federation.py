"""Valid requests for the RBAC matrix: federated authentication in the home organization's federation.

The federation is made through the local API the first time it is needed, and again after a case deleted it (or
took the home organization out of it); identity providers and role mappings to change or delete are made per case.
"""

from __future__ import annotations

import itertools
from typing import Any

from support.matrix.world import Request, World

NEW = "application/vnd.atlas.2023-11-15+json"
_names = itertools.count()


def _federation(world: World) -> str:
    """The home organization's federation, made if it has none (any more)."""
    response = world.call("GET", f"/api/atlas/v2/orgs/{world.home_org}/federationSettings")
    if response.status_code == 200:
        return str(response.json()["id"])
    made = world.server.admin().post(f"/api/local/v1/orgs/{world.home_org}/federationSettings")
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


def _oidc(world: World, base: str) -> dict[str, Any]:
    body = {"displayName": f"matrix-{next(_names)}", "issuerUri": "https://issuer.example", "protocol": "OIDC"}
    made: dict[str, Any] = world.made("POST", f"{base}/identityProviders", body, accept=NEW)
    return made


def _saml(world: World, federation_id: str) -> dict[str, Any]:
    body = {"displayName": f"matrix-{next(_names)}", "issuerUri": "urn:idp", "ssoUrl": "https://idp.example"}
    response = world.server.admin().post(
        f"/api/local/v1/federationSettings/{federation_id}/identityProviders", json=body
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def _mapping(world: World, path: str) -> dict[str, Any]:
    body = {
        "externalGroupName": f"matrix-{next(_names)}",
        "roleAssignments": [{"orgId": world.home_org, "role": "ORG_MEMBER"}],
    }
    made: dict[str, Any] = world.made("POST", path, body)
    return made


def _second_org(world: World, federation_id: str) -> None:
    """Connect a new organization, so that the home organization may leave the federation."""
    made = world.server.fixtures({"orgs": [{"name": f"matrix-fed-{next(_names)}"}]})["orgs"][0]
    response = world.server.admin().post(
        f"/api/local/v1/federationSettings/{federation_id}/connectedOrgs", json={"orgId": made["id"]}
    )
    assert response.status_code == 200, response.text


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    if "Federation" not in operation:
        return None
    federation_id = _federation(world)
    base = f"/api/atlas/v2/federationSettings/{federation_id}"
    config = f"{base}/connectedOrgConfigs/{world.home_org}"
    mappings = f"{config}/roleMappings"
    match operation:
        case "getOrgFederationSettings":
            return Request("GET", f"/api/atlas/v2/orgs/{world.home_org}/federationSettings", None, 200)
        case "deleteFederationSetting":
            settings = f"/api/atlas/v2/orgs/{world.home_org}/federationSettings"
            return Request("DELETE", base, None, 204, still_there=lambda: world.exists(settings))
        case "listFederationSettingConnectedOrgConfigs":
            return Request("GET", f"{base}/connectedOrgConfigs", None, 200)
        case "getFederationSettingConnectedOrgConfig":
            return Request("GET", config, None, 200)
        case "updateFederationSettingConnectedOrgConfig":
            return Request("PATCH", config, world.made("GET", config), 200)
        case "removeFederationSettingConnectedOrgConfig":
            _second_org(world, federation_id)
            return Request("DELETE", config, None, 204, still_there=lambda: world.exists(config))
        case "listFederationSettingConnectedOrgConfigRoleMappings":
            return Request("GET", mappings, None, 200)
        case "createFederationSettingConnectedOrgConfigRoleMapping":
            body = {
                "externalGroupName": f"matrix-{next(_names)}",
                "roleAssignments": [{"orgId": world.home_org, "role": "ORG_MEMBER"}],
            }
            return Request("POST", mappings, body, 200)
        case "getFederationSettingConnectedOrgConfigRoleMapping":
            return Request("GET", f"{mappings}/{_mapping(world, mappings)['id']}", None, 200)
        case "updateFederationSettingConnectedOrgConfigRoleMapping":
            found = _mapping(world, mappings)
            body = {"externalGroupName": found["externalGroupName"], "roleAssignments": found["roleAssignments"]}
            return Request("PUT", f"{mappings}/{found['id']}", body, 200)
        case "deleteFederationSettingConnectedOrgConfigRoleMapping":
            path = f"{mappings}/{_mapping(world, mappings)['id']}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
        case "listFederationSettingIdentityProviders":
            return Request("GET", f"{base}/identityProviders", None, 200)
        case "createFederationSettingIdentityProvider":
            body = {"displayName": f"matrix-{next(_names)}", "issuerUri": "https://issuer.example", "protocol": "OIDC"}
            return Request("POST", f"{base}/identityProviders", body, 200, accept=NEW)
        case "getFederationSettingIdentityProvider":
            return Request("GET", f"{base}/identityProviders/{_oidc(world, base)['id']}", None, 200, accept=NEW)
        case "updateFederationSettingIdentityProvider":
            path = f"{base}/identityProviders/{_oidc(world, base)['id']}"
            return Request("PATCH", path, {"description": "matrix"}, 200, accept=NEW)
        case "deleteFederationSettingIdentityProvider":
            path = f"{base}/identityProviders/{_oidc(world, base)['id']}"
            return Request("DELETE", path, None, 204, accept=NEW, still_there=lambda: world.exists(path, accept=NEW))
        case "getFederationSettingIdentityProviderMetadata":
            path = f"{base}/identityProviders/{_saml(world, federation_id)['id']}/metadata.xml"
            return Request("GET", path, None, 200)
        case "revokeFederationSettingIdentityProviderJwks":
            return Request("DELETE", f"{base}/identityProviders/{_oidc(world, base)['id']}/jwks", None, 204, accept=NEW)
    return None
