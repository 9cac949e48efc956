"""What the federated authentication commands send, byte for byte, and what they print and refuse, against a
recording server answering with the real answers recorded by the real CLI's e2e test
(``reference/recordings/federationsettings``); the real CLI's sources are
``internal/cli/federatedauthentication/federationsettings``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import AtlasRunner, Recording

RECORDED = Path(__file__).parents[3] / "shared/reference/recordings/federationsettings/TestIdentityProviders"
ORG = "a0123456789abcdef012345a"
FED = "656e4d8e91cb7d26db1bc9c6"
WORKLOAD_IDP = "6a79407ac0eb9e7a1771bce8"
WORKFORCE_IDP = "6a794085c0eb9e7a1771c19a"
IDP = ("federatedAuthentication", "federationSettings", "identityProvider")
CONFIGS = ("federatedAuthentication", "federationSettings", "connectedOrgConfigs")
V20231115 = "application/vnd.atlas.2023-11-15+json"
V20230101 = "application/vnd.atlas.2023-01-01+json"


def _recorded(name: str) -> Any:
    """The body of a recorded answer (status line and headers, a blank line, the body)."""
    text = (RECORDED / name).read_text().replace("\r\n", "\n")
    return json.loads(text.split("\n\n", 1)[1])


ORG_SETTINGS = "Describe_an_org_federation_settings/GET_api_atlas_v2_orgs_a0123456789abcdef012345a_federationSettings_1"
CREATED_WORKLOAD = (
    "Create_OIDC_IdP_WORKLOAD/POST_api_atlas_v2_federationSettings_656e4d8e91cb7d26db1bc9c6_identityProviders_1"
)
WORKFORCE = (
    "Describe_OIDC_IdP_WORKFORCE/GET_api_atlas_v2_federationSettings_656e4d8e91cb7d26db1bc9c6_identityProviders_"
    "6a794085c0eb9e7a1771c19a_1"
)
SAML_LIST = "GET_api_atlas_v2_federationSettings_656e4d8e91cb7d26db1bc9c6_identityProviders_3"
CONFIG = (
    "Connect_OIDC_IdP_WORKLOAD/GET_api_atlas_v2_federationSettings_656e4d8e91cb7d26db1bc9c6_connectedOrgConfigs_"
    "a0123456789abcdef012345a_1"
)
CONFIG_LIST = (
    "List_connectedOrgsConfig/GET_api_atlas_v2_federationSettings_656e4d8e91cb7d26db1bc9c6_connectedOrgConfigs_1"
)


@pytest.fixture
def on_org(recording: Recording, atlas_env: pytest.MonkeyPatch) -> Recording:
    atlas_env.setenv("MONGODB_ATLAS_ORG_ID", ORG)
    return recording


def test_federation_settings_describe_prints_the_real_table_and_json(atlas: AtlasRunner, on_org: Recording) -> None:
    on_org.body = _recorded(ORG_SETTINGS + ".snaphost")
    table = atlas("federatedAuthentication", "federationSettings", "describe")
    assert table == (
        0,
        "ID                         IDENTITY PROVIDER ID   IDENTITY PROVIDER STATUS\n"
        "656e4d8e91cb7d26db1bc9c6   <nil>                  INACTIVE\n",
        "",
    )
    sent = on_org.only
    assert (sent.method, sent.path, sent.headers["accept"]) == (
        "GET",
        f"/api/atlas/v2/orgs/{ORG}/federationSettings",
        V20230101,
    )
    shown = atlas("federated-authentication", "federation-settings", "get", "-o=json")
    assert json.loads(shown.out) == {
        "federatedDomains": [],
        "hasRoleMappings": False,
        "id": FED,
        "identityProviderStatus": "INACTIVE",
    }


def test_create_oidc_sends_every_field_as_the_real_cli_does(atlas: AtlasRunner, on_org: Recording) -> None:
    on_org.body = _recorded(CREATED_WORKLOAD + ".snaphost")
    result = atlas(
        *IDP, "create", "oidc", "idp-646", "--federationSettingsId", FED, "--audience", "idp-646",
        "--authorizationType", "GROUP", "--desc", "CLI TEST Provider", "--groupsClaim", "groups",
        "--idpType", "WORKLOAD", "--issuerUri", "https://accounts.google.com", "--userClaim", "user",
    )  # fmt: skip
    assert result == (0, f"Identity provider '{WORKLOAD_IDP}' created.\n", "")
    sent = on_org.only
    assert (sent.method, sent.path) == ("POST", f"/api/atlas/v2/federationSettings/{FED}/identityProviders")
    assert sent.headers["accept"] == V20231115
    assert sent.headers["content-type"] == V20231115
    # Empty values included: the SDK struct holds a pointer to each flag's value.
    assert sent.body == (
        b'{"audience":"idp-646","authorizationType":"GROUP","description":"CLI TEST Provider","displayName":"idp-646",'
        b'"groupsClaim":"groups","idpType":"WORKLOAD","issuerUri":"https://accounts.google.com","protocol":"OIDC",'
        b'"userClaim":"user","associatedDomains":[],"clientId":"","requestedScopes":[]}\n'
    )


def test_create_oidc_refuses_what_the_real_cli_refuses(atlas: AtlasRunner, on_org: Recording) -> None:
    assert atlas(*IDP, "create", "oidc", "name", "--federationSettingsId", FED, "--idpType", "WORKFORCE") == (
        1,
        "",
        'Error: required flag(s) "audience", "authorizationType", "desc", "groupsClaim", "issuerUri", "userClaim" '
        "not set\n",
    )
    assert atlas(*IDP, "create", "oidc", "--federationSettingsId", FED).err == "Error: accepts 1 arg(s), received 0\n"
    flags = ["--federationSettingsId", FED, "--audience", "a", "--desc", "d", "--groupsClaim", "g",
             "--issuerUri", "https://idp.example", "--userClaim", "u"]  # fmt: skip
    bad_type = atlas(*IDP, "create", "oidc", "n", *flags, "--authorizationType", "JWT", "--idpType", "WORKLOAD")
    assert bad_type.err == 'Error: invalid value for "authorizationType", allowed values: "GROUP", "USER"\n'
    bad_idp = atlas(*IDP, "create", "oidc", "n", *flags, "--authorizationType", "USER", "--idpType", "BOTH")
    assert bad_idp.err == 'Error: invalid value for "idpType", allowed values: "WORKFORCE", "WORKLOAD"\n'
    assert on_org.requests == []


def test_update_oidc_sends_only_what_was_given(atlas: AtlasRunner, on_org: Recording) -> None:
    on_org.body = _recorded(WORKFORCE + ".snaphost")
    result = atlas(
        *IDP, "update", "oidc", WORKFORCE_IDP, "--federationSettingsId", FED, "--idpType", "WORKFORCE",
        "--desc", "new", "--associatedDomain", "a.example,b.example",
    )  # fmt: skip
    assert result == (0, f"Identity provider '{WORKFORCE_IDP}' updated.\n", "")
    sent = on_org.only
    assert (sent.method, sent.path) == (
        "PATCH",
        f"/api/atlas/v2/federationSettings/{FED}/identityProviders/{WORKFORCE_IDP}",
    )
    assert sent.headers["accept"] == V20231115
    assert sent.body == (
        b'{"description":"new","idpType":"WORKFORCE","protocol":"OIDC","associatedDomains":["a.example","b.example"]}\n'
    )
    refused = atlas(*IDP, "update", "oidc", WORKLOAD_IDP, "--federationSettingsId", FED, "--idpType", "WORKLOAD",
                    "--clientId", "c")  # fmt: skip
    assert refused.err == (
        'Error: invalid flag "clientId" in combination with "idpType=WORKLOAD", not allowed values: '
        '"associatedDomain", "clientId", "requestedScope"\n'
    )
    assert len(on_org.requests) == 1


def test_describe_and_list_print_the_real_tables(atlas: AtlasRunner, on_org: Recording) -> None:
    on_org.body = _recorded(WORKFORCE + ".snaphost")
    described = atlas(*IDP, "describe", WORKFORCE_IDP, "--federationSettingsId", FED)
    assert described.out == (
        "ID                         DISPLAY NAME   ISSUER URI                    CLIENT ID    IDP TYPE\n"
        "6a794085c0eb9e7a1771c19a   idp-254        https://accounts.google.com   cliClients   WORKFORCE\n"
    )
    assert on_org.last.headers["accept"] == V20231115
    on_org.body = _recorded(SAML_LIST + ".snaphost")
    listed = atlas(*IDP, "list", "--federationSettingsId", FED, "--protocol", "SAML")
    assert listed.out == (
        "ID                         DISPLAY NAME   ISSUER URI        CLIENT ID   IDP TYPE\n"
        "66a902c08811d46a1db437ca   FedTest        urn:idp:default   <nil>       WORKFORCE\n"
    )
    sent = on_org.last
    assert sent.query == "idpType=WORKFORCE&itemsPerPage=100&pageNum=1&protocol=SAML"
    assert sent.headers["accept"] == V20230101
    assert atlas(*IDP, "list", "--federationSettingsId", FED, "--protocol", "LDAP").err == (
        'Error: invalid value for "protocol", allowed values: "OIDC", "SAML"\n'
    )
    assert atlas(*IDP, "describe", "--federationSettingsId", FED).code == 1


def test_connect_reads_the_config_and_sends_it_back_with_the_provider(atlas: AtlasRunner, on_org: Recording) -> None:
    on_org.body = _recorded(CONFIG + ".snaphost")
    result = atlas(*CONFIGS, "connect", "--identityProviderId", WORKLOAD_IDP, "--federationSettingsId", FED)
    # The recording server answers the PATCH with the configuration it was read with: no provider yet.
    assert result == (0, "Connected Org Config with .", "")
    read, written = on_org.requests
    path = f"/api/atlas/v2/federationSettings/{FED}/connectedOrgConfigs/{ORG}"
    assert (read.method, read.path, written.method, written.path) == ("GET", path, "PATCH", path)
    # null fields and the empty role mappings are left out, as json.Marshal and the real command leave them.
    assert written.body == (
        b'{"dataAccessIdentityProviderIds":["6a79407ac0eb9e7a1771bce8"],"domainAllowList":[],'
        b'"domainRestrictionEnabled":false,"instantUserProvisioningDisabled":false,"orgId":"a0123456789abcdef012345a",'
        b'"postAuthRoleGrants":["ORG_OWNER"]}\n'
    )


def test_disconnect_removes_the_provider_and_saml_clears_the_sign_in_one(atlas: AtlasRunner, on_org: Recording) -> None:
    config = _recorded(CONFIG + ".snaphost")
    on_org.body = {**config, "dataAccessIdentityProviderIds": [WORKLOAD_IDP, WORKFORCE_IDP]}
    result = atlas(*CONFIGS, "disconnect", "--identityProviderId", WORKLOAD_IDP, "--federationSettingsId", FED)
    assert result == (0, "Org Configs disconnected.", "")
    assert on_org.last.json()["dataAccessIdentityProviderIds"] == [WORKFORCE_IDP]
    on_org.requests.clear()
    on_org.body = {**config, "identityProviderId": "0oa17ziag59V93JYS358"}
    saml = atlas(*CONFIGS, "disconnect", "--identityProviderId", "0oa17ziag59V93JYS358", "--protocol", "SAML",
                 "--federationSettingsId", FED, "--orgId", ORG)  # fmt: skip
    assert saml.code == 0, saml.err
    assert on_org.last.json()["identityProviderId"] == ""


def test_connected_configs_describe_and_list_print_the_real_tables(atlas: AtlasRunner, on_org: Recording) -> None:
    on_org.body = {**_recorded(CONFIG + ".snaphost"), "dataAccessIdentityProviderIds": [WORKLOAD_IDP, WORKFORCE_IDP]}
    described = atlas(*CONFIGS, "describe", "--federationSettingsId", FED)
    # The real template's typos and its missing final newline.
    assert described.out == (
        "ORG ID                     DENTITY PROVIDER ID   DATA ACCESS IDENTITY PRODIVER IDs\n"
        "a0123456789abcdef012345a   N/A                   6a79407ac0eb9e7a1771bce8, 6a794085c0eb9e7a1771c19a"
    )
    on_org.body = _recorded(CONFIG_LIST + ".snaphost")
    listed = atlas(*CONFIGS, "list", "--federationSettingsId", FED, "--limit", "5", "--page", "2")
    assert listed.out == (
        "ORG ID                     IDENTITY PROVIDER ID   DATA ACCESS IDENTITY PRODIVER IDs\n"
        "a0123456789abcdef012345a   N/A                    N/A"
    )
    assert on_org.last.query == "itemsPerPage=5&pageNum=2"


def test_connected_configs_check_the_organization_first(atlas: AtlasRunner, recording: Recording) -> None:
    assert atlas(*CONFIGS, "describe", "--federationSettingsId", FED).err == 'Error: required flag(s) "orgId" not set\n'
    assert atlas(*CONFIGS, "list", "--federationSettingsId", FED, "--orgId", "nope").err == (
        "Error: the provided value 'nope' is not a valid ID\n"
    )
    assert atlas(*CONFIGS, "connect", "--federationSettingsId", FED).err == (
        'Error: required flag(s) "identityProviderId" not set\n'
    )
    assert atlas(*CONFIGS, "list", "extra", "--federationSettingsId", FED, "--orgId", ORG).err == (
        'Error: unknown command "extra" for "atlas federatedAuthentication federationSettings connectedOrgConfigs '
        'list"\n'
    )
    assert recording.requests == []


def test_update_sends_the_file_with_the_organization(atlas: AtlasRunner, on_org: Recording, tmp_path: Path) -> None:
    on_org.body = _recorded(CONFIG + ".snaphost")
    config = tmp_path / "config.json"
    config.write_text('{"domainAllowList": ["example.com"], "domainRestrictionEnabled": true, "unknown": 1}')
    result = atlas(*CONFIGS, "update", "--federationSettingsId", FED, "--file", str(config))
    assert result == (0, "Connected Org Config updated.", "")
    assert on_org.only.method == "PATCH"
    assert on_org.only.body == (
        b'{"domainAllowList":["example.com"],"domainRestrictionEnabled":true,"orgId":"a0123456789abcdef012345a"}\n'
    )
    missing = atlas(*CONFIGS, "update", "--federationSettingsId", FED, "--file", str(tmp_path / "none.json"))
    assert missing.err == f"Error: file not found: {tmp_path / 'none.json'}\n"
    config.write_text('{"domainAllowList": "example.com"}')
    wrong = atlas(*CONFIGS, "update", "--federationSettingsId", FED, "--file", str(config))
    assert wrong.code == 1 and "ConnectedOrgConfig" in wrong.err
    assert len(on_org.requests) == 1


def test_deletes_ask_first_and_revoke_does_not(
    atlas: AtlasRunner, on_org: Recording, atlas_env: pytest.MonkeyPatch
) -> None:
    on_org.status, on_org.body = 204, b""
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", "b0123456789abcdef012345b")
    kept = atlas(*IDP, "delete", WORKLOAD_IDP, "--federationSettingsId", FED, stdin="n\n")
    assert kept == (0, f"? Are you sure you want to delete: {WORKLOAD_IDP} (y/N) \nIdentity provider not deleted\n", "")
    assert on_org.requests == []
    deleted = atlas(*IDP, "delete", WORKLOAD_IDP, "--federationSettingsId", FED, stdin="y\n")
    assert deleted.out.endswith(f"Identity provider '{WORKLOAD_IDP}' deleted\n")
    assert (on_org.only.method, on_org.only.headers["accept"]) == ("DELETE", V20231115)
    on_org.requests.clear()
    revoked = atlas(*IDP, "revokeJwk", WORKLOAD_IDP, "--federationSettingsId", FED)
    assert revoked == (0, f"Identity Provider {WORKLOAD_IDP} JWK token revoked.\n", "")
    assert on_org.only.path == f"/api/atlas/v2/federationSettings/{FED}/identityProviders/{WORKLOAD_IDP}/jwks"
    on_org.requests.clear()
    removed = atlas(*CONFIGS, "delete", "--federationSettingsId", FED, "--force")
    assert removed == (0, f"Connected Org Config with OrgID {ORG} deleted.\n", "")
    assert on_org.only.path == f"/api/atlas/v2/federationSettings/{FED}/connectedOrgConfigs/{ORG}"


def test_identity_provider_delete_wants_a_project_it_never_uses(atlas: AtlasRunner, on_org: Recording) -> None:
    result = atlas(*IDP, "delete", WORKLOAD_IDP, "--federationSettingsId", FED, "--force")
    assert result == (1, "", 'Error: required flag(s) "projectId" not set\n')
    assert on_org.requests == []
