"""The SDK's federation models read every recorded real MongoDB Cloud answer of the federated-authentication
operations, and know each of its fields: nothing lands in ``model_extra``, so a field the cloud sends is an
attribute of the model, under the right wire name.

The answers are those of the real Atlas CLI's end-to-end tests (``../shared/reference/recordings/
federationsettings``): the organization's federation settings, OIDC identity providers (WORKFORCE and WORKLOAD)
created, read and listed, the connected organization's configuration read, listed and updated; the deletes and the
JWKS revocations answer 204 with no body, which the SDK reads as ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from snaphost import SUFFIX, Recording, load
from test_recordings import RECORDINGS

from atlas_access.client.api._typed_calls import CallSpec, FederatedAuthentication, Pages
from atlas_access.client.models import ConnectedOrgConfig, FederationIdentityProvider, OrgFederationSettings

SUITE = "federationsettings"
_ID = "[0-9a-f]{24}"
_FEDERATION = f"/api/atlas/v2/federationSettings/{_ID}"
# (method, path, the typed call that reads the answer)
CALLS: tuple[tuple[str, str, Any], ...] = (
    ("GET", f"/api/atlas/v2/orgs/{_ID}/federationSettings", FederatedAuthentication.get_federation_settings),
    ("DELETE", _FEDERATION, FederatedAuthentication.delete_federation_app),
    ("GET", f"{_FEDERATION}/identityProviders", FederatedAuthentication.list_identity_providers),
    ("POST", f"{_FEDERATION}/identityProviders", FederatedAuthentication.create_identity_provider),
    ("GET", f"{_FEDERATION}/identityProviders/{_ID}", FederatedAuthentication.get_identity_provider),
    ("PATCH", f"{_FEDERATION}/identityProviders/{_ID}", FederatedAuthentication.update_identity_provider),
    ("DELETE", f"{_FEDERATION}/identityProviders/{_ID}", FederatedAuthentication.delete_identity_provider),
    (
        "DELETE",
        f"{_FEDERATION}/identityProviders/{_ID}/jwks",
        FederatedAuthentication.revoke_jwks_from_identity_provider,
    ),
    ("GET", f"{_FEDERATION}/connectedOrgConfigs", FederatedAuthentication.list_connected_org_configs),
    ("GET", f"{_FEDERATION}/connectedOrgConfigs/{_ID}", FederatedAuthentication.get_connected_org_config),
    ("PATCH", f"{_FEDERATION}/connectedOrgConfigs/{_ID}", FederatedAuthentication.update_connected_org_config),
    ("DELETE", f"{_FEDERATION}/connectedOrgConfigs/{_ID}", FederatedAuthentication.remove_connected_org_config),
    ("GET", f"{_FEDERATION}/connectedOrgConfigs/{_ID}/roleMappings", FederatedAuthentication.list_role_mappings),
    ("POST", f"{_FEDERATION}/connectedOrgConfigs/{_ID}/roleMappings", FederatedAuthentication.create_role_mapping),
    ("GET", f"{_FEDERATION}/connectedOrgConfigs/{_ID}/roleMappings/{_ID}", FederatedAuthentication.get_role_mapping),
)


def _typed_call(recording: Recording) -> Any:
    for method, pattern, call in CALLS:
        if method == recording.method and re.fullmatch(pattern, recording.path):
            return call
    return None


def _recordings() -> list[Recording]:
    if not (RECORDINGS / SUITE).is_dir():
        return []
    return [load(file) for file in sorted((RECORDINGS / SUITE).rglob(f"*{SUFFIX}"))]


RECORDED = _recordings()
ANSWERED = [recording for recording in RECORDED if recording.status < 300 and recording.body.strip()]


def _models(value: Any) -> Iterator[BaseModel]:
    """Every model in an answer as the SDK reads it, nested ones included."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _models(item)


def _label(recording: Recording) -> str:
    return str(Path(recording.file).relative_to(RECORDINGS))


def test_every_recording_of_the_suite_is_an_operation_of_the_sdk() -> None:
    if not RECORDED:
        pytest.skip(f"no recordings at {RECORDINGS / SUITE}; set ATLAS_RECORDINGS to the recordings folder")
    assert len(RECORDED) == 24
    unread = [_label(recording) for recording in RECORDED if _typed_call(recording) is None]
    assert unread == []
    # the answers with a body: settings, identity providers created, read and listed, configurations
    assert len(ANSWERED) == 20
    assert {_typed_call(recording) for recording in RECORDED if not recording.body.strip()} == {
        FederatedAuthentication.delete_identity_provider,
        FederatedAuthentication.revoke_jwks_from_identity_provider,
    }


@pytest.mark.parametrize("recording", ANSWERED, ids=[_label(r) for r in ANSWERED])
def test_the_sdk_knows_every_field_of_a_recorded_answer(recording: Recording) -> None:
    call = _typed_call(recording)
    assert isinstance(call, CallSpec | Pages)
    read = call.read(recording.json())
    unknown = {(type(model).__name__, key) for model in _models(read) for key in (model.model_extra or {})}
    assert unknown == set()


@pytest.mark.parametrize(
    "recording",
    [r for r in RECORDED if not r.body.strip()],
    ids=[_label(r) for r in RECORDED if not r.body.strip()],
)
def test_a_recorded_empty_answer_reads_as_none(recording: Recording) -> None:
    assert recording.status == 204
    assert _typed_call(recording).read(None) is None


def test_the_recorded_values_land_in_their_attributes() -> None:
    if not RECORDED:
        pytest.skip(f"no recordings at {RECORDINGS / SUITE}")
    by_step = {_label(r).split("/")[2]: r for r in ANSWERED}
    settings = FederatedAuthentication.get_federation_settings.read(
        by_step["Describe_an_org_federation_settings"].json()
    )
    assert isinstance(settings, OrgFederationSettings)
    assert (settings.id, settings.identity_provider_status, settings.has_role_mappings) == (
        "656e4d8e91cb7d26db1bc9c6",
        "INACTIVE",
        False,
    )
    workforce = FederatedAuthentication.create_identity_provider.read(by_step["Create_OIDC_IdP_WORKFORCE"].json())
    assert isinstance(workforce, FederationIdentityProvider)
    assert (workforce.protocol, workforce.idp_type, workforce.client_id, workforce.okta_idp_id) == (
        "OIDC",
        "WORKFORCE",
        "cliClients",
        None,
    )
    assert workforce.associated_domains == ["iam-test-domain-dev.com"] and workforce.requested_scopes == []
    assert workforce.created_at is not None and workforce.created_at.isoformat() == "2026-08-10T03:07:49+00:00"
    workload = FederatedAuthentication.create_identity_provider.read(by_step["Create_OIDC_IdP_WORKLOAD"].json())
    assert (workload.idp_type, workload.client_id, workload.associated_domains) == ("WORKLOAD", None, None)
    config = FederatedAuthentication.get_connected_org_config.read(by_step["Describe_connectedOrgsConfig"].json())
    assert isinstance(config, ConnectedOrgConfig)
    assert config.data_access_identity_provider_ids == ["6a79407ac0eb9e7a1771bce8", "6a794085c0eb9e7a1771c19a"]
    assert (config.post_auth_role_grants, config.user_conflicts, config.role_mappings) == (["ORG_OWNER"], None, [])
    updated = FederatedAuthentication.update_connected_org_config.read(by_step["Update_connected_org_config"].json())
    assert updated.domain_allow_list == ["https://accounts.google.com"]
