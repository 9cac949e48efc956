"""Federations through the local control API (ours, docs/federation.md): what MongoDB Cloud's UI and an identity
provider do, for tests and development.

- ``POST /api/local/v1/orgs/{orgId}/federationSettings``: set up a federation for the organization (connected to
  it); answers ``{"id", "orgId"}``.
- ``POST /api/local/v1/federationSettings/{id}/connectedOrgs`` ``{"orgId"}``: connect another organization.
- ``POST /api/local/v1/federationSettings/{id}/identityProviders``: a SAML identity provider (the API makes OIDC
  ones only), with the fields of ``FederationSamlIdentityProviderUpdate``; answered in the 2023-11-15 shape.
- ``POST /api/local/v1/federationSettings/{id}/signIn`` ``{"username", "groups", "identityProviderId"?,
  "firstName"?, "lastName"?}``: a user signs in through a SAML identity provider (``services.federated_sign_in``);
  answers ``{"userId", "username", "identityProviderId", "orgIds"}``.
"""

from typing import Any

from starlette.requests import Request

from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.federation import IdpType, Protocol, new_legacy_id
from atlas_access.core.ids import is_object_id
from atlas_access.server.routes.atlas_v2 import federation as views
from atlas_access.server.routes.atlas_v2 import federation_shapes as wire
from atlas_access.server.services import federated_sign_in, identity_providers
from atlas_access.server.services import federation as service
from atlas_access.server.services.context import at_server_time
from atlas_access.server.state import ServerState
from atlas_access.server.wire.body import WireModel, email, require, validate
from atlas_access.server.wire.endpoint import client_address
from atlas_access.store.database import Transaction


class ConnectIn(WireModel):
    orgId: str | None = None


class SignInIn(WireModel):
    username: str | None = None
    groups: list[str] | None = None
    identityProviderId: str | None = None
    firstName: str = ""
    lastName: str = ""


def _actor(request: Request) -> Actor:
    return Actor("SYSTEM", None, None, client_address(request))


def _org_id(value: str | None) -> str:
    org_id: str = require(value, "orgId")
    if not is_object_id(org_id):
        raise ApiError("INVALID_ORG_ID", org_id)
    return org_id


def _federation_id(request: Request) -> str:
    federation_id: str = request.path_params["federationSettingsId"]
    if not is_object_id(federation_id):
        raise ApiError("INVALID_PATH_PARAMETER", "federationSettingsId")
    return federation_id


async def create_federation(state: ServerState, request: Request, raw: bytes) -> Any:
    org_id = _org_id(request.path_params["orgId"])

    def work(conn: Transaction) -> dict[str, Any]:
        ctx = at_server_time(conn, _actor(request))
        federation = service.create(ctx, service.org_named(ctx, org_id))
        return {"id": federation.id, "orgId": federation.owner_org_id}

    return await state.db.run(work)


async def connect_org(state: ServerState, request: Request, raw: bytes) -> Any:
    federation_id = _federation_id(request)
    org_id = _org_id(validate(ConnectIn, raw, request.headers.get("content-type")).orgId)

    def work(conn: Transaction) -> dict[str, Any]:
        ctx = at_server_time(conn, _actor(request))
        config = service.connect_org(ctx, service.held(ctx, federation_id), service.org_named(ctx, org_id))
        return views.connected_view(ctx, config)

    return await state.db.run(work)


async def create_saml_provider(state: ServerState, request: Request, raw: bytes) -> Any:
    federation_id = _federation_id(request)
    body = validate(wire.IdentityProviderIn, raw, request.headers.get("content-type"))
    if body.protocol not in (None, Protocol.SAML.value):
        raise ApiError("IDENTITY_PROVIDER_PROTOCOL_MISMATCH", "(new)", Protocol.SAML.value)
    legacy_id = new_legacy_id()
    attributes = wire.new_saml(body, state.base_url, legacy_id)
    idp_type = IdpType(body.idpType or IdpType.WORKFORCE.value)

    def work(conn: Transaction) -> dict[str, Any]:
        ctx = at_server_time(conn, _actor(request))
        created = identity_providers.create(ctx, federation_id, Protocol.SAML, idp_type, attributes, legacy_id)
        return views.idp_view(ctx, created)

    return await state.db.run(work)


async def sign_in(state: ServerState, request: Request, raw: bytes) -> Any:
    federation_id = _federation_id(request)
    body = validate(SignInIn, raw, request.headers.get("content-type"))
    username = email(require(body.username, "username"))
    groups = tuple(body.groups or ())

    def work(conn: Transaction) -> dict[str, Any]:
        ctx = at_server_time(conn, _actor(request), state.post)
        done = federated_sign_in.sign_in(
            ctx, federation_id, username, groups, body.identityProviderId, body.firstName, body.lastName
        )
        return {
            "identityProviderId": done.identity_provider.id,
            "orgIds": list(done.org_ids),
            "userId": done.user_id,
            "username": done.username,
        }

    return await state.db.run(work)


ROUTES = (
    ("POST", "/api/local/v1/orgs/{orgId}/federationSettings", create_federation),
    ("POST", "/api/local/v1/federationSettings/{federationSettingsId}/connectedOrgs", connect_org),
    ("POST", "/api/local/v1/federationSettings/{federationSettingsId}/identityProviders", create_saml_provider),
    ("POST", "/api/local/v1/federationSettings/{federationSettingsId}/signIn", sign_in),
)
