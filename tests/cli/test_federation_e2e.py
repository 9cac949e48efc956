"""The real Atlas CLI's e2e test for federated authentication, replayed with our ``atlas`` against a real
atlas-access server process: mongodb/mongodb-atlas-cli ``test/e2e/atlas/iam/federationsettings``
(``TestIdentityProviders``; its recordings are in ``reference/recordings/federationsettings``).

The Go test's steps run in its order, each keeping every assertion it makes: the exit code, and the printed JSON
decoded into the atlas-sdk-go struct the Go test unmarshals it into (``json.Unmarshal`` refuses a field of the wrong
type; ``cli/_gostruct.decode`` refuses it the same way), then the fields it checks. Differences, each said where it
happens: the Go tests pass ``-P <profile>``; here the environment carries the same credentials (``on_server``), so the
flag is left out. The Go test's organization already has a federation (set up in MongoDB Cloud's UI); here the local
control API creates one first, as the UI would. What a user would notice afterwards is read back at the end.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from atlas_access.cli._gostruct import Decoded, Model, decode
from atlas_access.cli.federation._shapes import (
    CONNECTED_ORG_CONFIG,
    CONNECTED_ORG_CONFIGS,
    IDENTITY_PROVIDER,
    ORG_FEDERATION_SETTINGS,
)
from support.server import LocalServer

if TYPE_CHECKING:
    from conftest import AtlasRunner, Outcome

FED = ("federatedAuthentication", "federationSettings")
IDP = (*FED, "identityProvider")
ORG_CONFIGS = (*FED, "connectedOrgConfigs")

# test/e2e/atlas/iam/federationsettings/testdata: the second file as stored in the repository; the first is not
# stored with the recordings, and its content is what the recorded answer shows it set.
CONNECTED_ORG_CONFIG_JSON = {"domainAllowList": ["https://accounts.google.com"], "domainRestrictionEnabled": False}
CONNECTED_ORG_CONFIG_UPDATE_JSON = {"domainAllowList": [], "domainRestrictionEnabled": False}


def _unmarshal(result: Outcome, model: Model) -> Decoded:
    """``req.NoError(err)`` then ``json.Unmarshal(resp, &v)`` into the SDK struct."""
    assert result.code == 0, result.err
    return decode(model, json.loads(result.out))


def _idp_name() -> str:
    """internal.RandIdentityProviderName."""
    return f"idp-{random.randint(0, 999)}"


def _federation(server: LocalServer) -> str:
    """What MongoDB Cloud's UI did for the Go test's organization: a federation connected to it."""
    response = server.admin().post(f"/api/local/v1/orgs/{server.org_id}/federationSettings", json={})
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def _create_oidc(atlas: AtlasRunner, settings_id: str, idp_type: str, *extra: str) -> str:
    name = _idp_name()
    args = (
        *IDP, "create", "oidc", name, "--federationSettingsId", settings_id, "--audience", name,
        "--authorizationType", "GROUP", *extra, "--desc", "CLI TEST Provider", "--groupsClaim", "groups",
        "--idpType", idp_type, "--issuerUri", "https://accounts.google.com", "--userClaim", "user", "-o=json",
    )  # fmt: skip
    provider = _unmarshal(atlas(*args), IDENTITY_PROVIDER)
    assert provider.get("id")
    return str(provider["id"])


def _connect(atlas: AtlasRunner, verb: str, settings_id: str, idp_id: str) -> list[str]:
    config = _unmarshal(
        atlas(*ORG_CONFIGS, verb, "--identityProviderId", idp_id, "--federationSettingsId", settings_id, "-o=json"),
        CONNECTED_ORG_CONFIG,
    )
    return list(config.get("dataAccessIdentityProviderIds") or [])


def _update(atlas: AtlasRunner, settings_id: str, path: Path, content: dict[str, Any]) -> Decoded:
    path.write_text(json.dumps(content, indent=2))
    return _unmarshal(
        atlas(*ORG_CONFIGS, "update", "--federationSettingsId", settings_id, "--file", str(path), "-o=json"),
        CONNECTED_ORG_CONFIG,
    )


def test_identity_providers(atlas: AtlasRunner, on_server: LocalServer, tmp_path: Path) -> None:
    _federation(on_server)

    # Describe an org federation settings
    settings = _unmarshal(atlas(*FED, "describe", "-o=json"), ORG_FEDERATION_SETTINGS)
    assert settings.get("id")
    assert settings.get("identityProviderStatus")
    settings_id = str(settings["id"])

    # Create OIDC IdP WORKLOAD, then connect it
    workload_id = _create_oidc(atlas, settings_id, "WORKLOAD")
    connected = _connect(atlas, "connect", settings_id, workload_id)
    assert connected and workload_id in connected

    # Create OIDC IdP WORKFORCE, describe it, connect it
    workforce_id = _create_oidc(
        atlas, settings_id, "WORKFORCE", "--clientId", "cliClients", "--associatedDomain", "iam-test-domain-dev.com"
    )
    described = _unmarshal(
        atlas(*IDP, "describe", workforce_id, "--federationSettingsId", settings_id, "-o=json"), IDENTITY_PROVIDER
    )
    assert described.get("id")
    connected = _connect(atlas, "connect", settings_id, workforce_id)
    assert connected and workforce_id in connected

    # Describe connectedOrgsConfig: both are there
    config = _unmarshal(
        atlas(*ORG_CONFIGS, "describe", "--federationSettingsId", settings_id, "-o=json"), CONNECTED_ORG_CONFIG
    )
    assert workforce_id in config.get("dataAccessIdentityProviderIds", [])
    assert workload_id in config.get("dataAccessIdentityProviderIds", [])

    # Disconnect OIDC IdP WORKLOAD, then WORKFORCE
    assert workload_id not in _connect(atlas, "disconnect", settings_id, workload_id)
    assert workforce_id not in _connect(atlas, "disconnect", settings_id, workforce_id)

    # Update connected org config, and back
    assert _update(atlas, settings_id, tmp_path / "connected_org_config.json", CONNECTED_ORG_CONFIG_JSON).get(
        "domainAllowList"
    )
    assert not _update(
        atlas, settings_id, tmp_path / "connected_org_config_update.json", CONNECTED_ORG_CONFIG_UPDATE_JSON
    ).get("domainAllowList")

    # List OIDC IdPs WORKFORCE / WORKLOAD, and SAML IdPs: each answer unmarshals into FederationIdentityProvider
    for filters in (("--protocol", "OIDC", "--idpType", "WORKFORCE"), ("--protocol", "OIDC", "--idpType", "WORKLOAD"),
                    ("--protocol", "SAML")):  # fmt: skip
        _unmarshal(atlas(*IDP, "list", "--federationSettingsId", settings_id, *filters, "-o=json"), IDENTITY_PROVIDER)

    # List connectedOrgsConfig: one, connected to neither provider
    listed = _unmarshal(
        atlas(*ORG_CONFIGS, "list", "--federationSettingsId", settings_id, "-o=json"), CONNECTED_ORG_CONFIGS
    )
    results = listed.get("results") or []
    assert len(results) == 1
    assert workforce_id not in results[0].get("dataAccessIdentityProviderIds", [])
    assert workload_id not in results[0].get("dataAccessIdentityProviderIds", [])

    # Describe OIDC IdP WORKFORCE again
    again = _unmarshal(
        atlas(*IDP, "describe", workforce_id, "--federationSettingsId", settings_id, "-o=json"), IDENTITY_PROVIDER
    )
    assert again.get("id")

    # Revoke JWK from, then delete, each provider
    for idp_id in (workforce_id, workload_id):
        revoked = atlas(*IDP, "revokeJwk", idp_id, "--federationSettingsId", settings_id, "-o=json")
        assert revoked == (0, f"Identity Provider {idp_id} JWK token revoked.\n", ""), revoked
        deleted = atlas(*IDP, "delete", idp_id, "--federationSettingsId", settings_id, "--force", "-o=json")
        assert deleted == (0, f"Identity provider '{idp_id}' deleted\n", ""), deleted

    # Beyond the Go test, what a user notices afterwards: both providers are gone.
    for idp_id in (workforce_id, workload_id):
        gone = atlas(*IDP, "describe", idp_id, "--federationSettingsId", settings_id)
        assert gone.code == 1
        assert "HTTP 404 Not Found" in gone.err, gone.err
