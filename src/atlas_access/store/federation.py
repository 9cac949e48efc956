"""Federations, their identity providers, connected organizations and role mappings (docs/federation.md).

An organization is in one federation at most: ``federation_orgs`` is keyed by the organization, so a second
connection is refused by the database (``connect`` answers False). A role mapping's external group name is unique
within its organization (a unique index; ``add_mapping`` and ``replace_mapping`` answer ``Change.TAKEN``). Writes
under a federation take its row lock first (``lock``), and its deletion takes it outright.
"""

import json
from typing import Any

from sqlalchemy import Connection, delete, select, update

from atlas_access.core.federation import (
    ConnectedOrg,
    Federation,
    IdentityProvider,
    IdpType,
    Protocol,
    RoleAssignment,
    RoleMapping,
)
from atlas_access.store import json_columns
from atlas_access.store.changes import Change, guarded
from atlas_access.store.prepared import Prepared, Row, param
from atlas_access.store.row_locks import Lock, RowLock
from atlas_access.store.tables import (
    federation_idps,
    federation_orgs,
    federations,
    org_members,
    projects,
    role_mapping_grants,
    role_mappings,
)
from atlas_access.store.upsert import insert, insert_if_absent

__all__ = ["ConnectedOrg", "Federation", "IdentityProvider", "RoleMapping"]

_FEDERATION = Prepared(select(federations).where(federations.c.id == param("federation")))
_LOCK = RowLock(federations)

_CONFIG_COLUMNS = tuple(federation_orgs.c)
_CONFIGS = Prepared(
    select(*_CONFIG_COLUMNS)
    .where(federation_orgs.c.federation_id == param("federation"))
    .order_by(federation_orgs.c.created_at, federation_orgs.c.org_id)
)
_CONFIG_OF_ORG = Prepared(select(*_CONFIG_COLUMNS).where(federation_orgs.c.org_id == param("org")))
_UPDATE_CONFIG = Prepared(
    update(federation_orgs)
    .where(federation_orgs.c.org_id == param("org"))
    .values(
        identity_provider_id=param("identity_provider_id"),
        data_access_identity_provider_ids=param("data_access_identity_provider_ids"),
        domain_allow_list=param("domain_allow_list"),
        domain_restriction_enabled=param("domain_restriction_enabled"),
        post_auth_role_grants=param("post_auth_role_grants"),
    )
)
_MEMBER_ROLES = Prepared(
    select(org_members.c.roles)
    .join(federation_orgs, federation_orgs.c.org_id == org_members.c.org_id)
    .where(federation_orgs.c.federation_id == param("federation"), org_members.c.member_id == param("member"))
)

_IDPS = Prepared(
    select(federation_idps)
    .where(federation_idps.c.federation_id == param("federation"))
    .order_by(federation_idps.c.created_at, federation_idps.c.id)
)
_IDP = Prepared(select(federation_idps).where(federation_idps.c.id == param("idp")))
_UPDATE_IDP = Prepared(
    update(federation_idps)
    .where(federation_idps.c.id == param("idp"))
    .values(
        idp_type=param("idp_type"),
        attributes=param("attributes"),
        updated_at=param("updated_at"),
        jwks_revoked_at=param("jwks_revoked_at"),
    )
)
_DELETE_IDP = Prepared(delete(federation_idps).where(federation_idps.c.id == param("idp")))

_MAPPINGS = Prepared(
    select(role_mappings)
    .where(role_mappings.c.org_id == param("org"))
    .order_by(role_mappings.c.created_at, role_mappings.c.id)
)
_GRANTS_OF_ORG = Prepared(
    select(role_mapping_grants)
    .join(role_mappings, role_mappings.c.id == role_mapping_grants.c.mapping_id)
    .where(role_mappings.c.org_id == param("org"))
    .order_by(role_mapping_grants.c.mapping_id, role_mapping_grants.c.position)
)
_RENAME_MAPPING = Prepared(
    update(role_mappings).where(role_mappings.c.id == param("mapping")).values(external_group_name=param("name"))
)
_DELETE_GRANTS = Prepared(delete(role_mapping_grants).where(role_mapping_grants.c.mapping_id == param("mapping")))
_DELETE_MAPPING = Prepared(delete(role_mappings).where(role_mappings.c.id == param("mapping")))
_ORG_MAPPINGS = select(role_mappings.c.id).where(role_mappings.c.org_id == param("org"))
_DELETE_ORG_GRANTS = Prepared(delete(role_mapping_grants).where(role_mapping_grants.c.mapping_id.in_(_ORG_MAPPINGS)))
_DELETE_ORG_MAPPINGS = Prepared(delete(role_mappings).where(role_mappings.c.org_id == param("org")))
_DELETE_CONFIG = Prepared(delete(federation_orgs).where(federation_orgs.c.org_id == param("org")))
_DELETE_IDPS = Prepared(delete(federation_idps).where(federation_idps.c.federation_id == param("federation")))
_DELETE_FEDERATION = Prepared(delete(federations).where(federations.c.id == param("federation")))
_PROJECTS_OF_ORG = Prepared(select(projects.c.id).where(projects.c.org_id == param("org")))


# --- federations ----------------------------------------------------------------------------------------------------


def get(conn: Connection, federation_id: str) -> Federation | None:
    row = _FEDERATION.first(conn, federation=federation_id)
    return None if row is None else Federation(row["id"], row["owner_org_id"], row["created_at"])


def lock(conn: Connection, federation_id: str, mode: Lock) -> bool:
    """Hold the federation's row until the transaction ends (PostgreSQL); False if it is gone."""
    return _LOCK.take(conn, federation_id, mode)


def create(conn: Connection, federation: Federation, owner: ConnectedOrg) -> bool:
    """A new federation connected to its owner; False (and nothing written) if the owner is in one already."""
    values = {"id": federation.id, "owner_org_id": federation.owner_org_id, "created_at": federation.created_at}
    insert(conn, federations, values)
    if not connect(conn, owner):
        _DELETE_FEDERATION.count(conn, federation=federation.id)
        return False
    return True


def delete_federation(conn: Connection, federation_id: str) -> None:
    """Remove the federation with its connected organizations' configurations and role mappings and its identity
    providers."""
    for config in connected(conn, federation_id):
        disconnect(conn, config.org_id)
    _DELETE_IDPS.count(conn, federation=federation_id)
    _DELETE_FEDERATION.count(conn, federation=federation_id)


def member_roles(conn: Connection, federation_id: str, member_id: str) -> frozenset[str] | None:
    """The member's roles in the federation's connected organizations, together; None if it is in none."""
    found = _MEMBER_ROLES.rows(conn, federation=federation_id, member=member_id)
    if not found:
        return None
    return frozenset(role for row in found for role in json_columns.load_strings(row["roles"]))


def project_ids(conn: Connection, org_id: str) -> list[str]:
    return [row["id"] for row in _PROJECTS_OF_ORG.rows(conn, org=org_id)]


# --- connected organizations ----------------------------------------------------------------------------------------


def _config(row: Row) -> ConnectedOrg:
    return ConnectedOrg(
        org_id=row["org_id"],
        federation_id=row["federation_id"],
        identity_provider_id=row["identity_provider_id"],
        data_access_identity_provider_ids=json_columns.load_strings(row["data_access_identity_provider_ids"]),
        domain_allow_list=json_columns.load_strings(row["domain_allow_list"]),
        domain_restriction_enabled=bool(row["domain_restriction_enabled"]),
        post_auth_role_grants=json_columns.load_strings(row["post_auth_role_grants"]),
        created_at=row["created_at"],
    )


def _config_values(config: ConnectedOrg) -> dict[str, Any]:
    return {
        "identity_provider_id": config.identity_provider_id,
        "data_access_identity_provider_ids": json_columns.dump(config.data_access_identity_provider_ids),
        "domain_allow_list": json_columns.dump(config.domain_allow_list),
        "domain_restriction_enabled": int(config.domain_restriction_enabled),
        "post_auth_role_grants": json_columns.dump(config.post_auth_role_grants),
    }


def connected(conn: Connection, federation_id: str) -> list[ConnectedOrg]:
    """The federation's connected organizations, in the order they were connected."""
    return [_config(row) for row in _CONFIGS.rows(conn, federation=federation_id)]


def config_of_org(conn: Connection, org_id: str) -> ConnectedOrg | None:
    """The organization's configuration in the federation it is connected to, if any."""
    row = _CONFIG_OF_ORG.first(conn, org=org_id)
    return None if row is None else _config(row)


def connect(conn: Connection, config: ConnectedOrg) -> bool:
    """Connect the organization; False if it is connected to a federation already."""
    values = {"org_id": config.org_id, "federation_id": config.federation_id, "created_at": config.created_at}
    return insert_if_absent(conn, federation_orgs, {**values, **_config_values(config)})


def update_config(conn: Connection, config: ConnectedOrg) -> bool:
    return _UPDATE_CONFIG.count(conn, org=config.org_id, **_config_values(config)) == 1


def disconnect(conn: Connection, org_id: str) -> bool:
    """Remove the organization's configuration and its role mappings; False if it was not connected."""
    _DELETE_ORG_GRANTS.count(conn, org=org_id)
    _DELETE_ORG_MAPPINGS.count(conn, org=org_id)
    return _DELETE_CONFIG.count(conn, org=org_id) == 1


# --- identity providers ---------------------------------------------------------------------------------------------


def _idp(row: Row) -> IdentityProvider:
    return IdentityProvider(
        id=row["id"],
        federation_id=row["federation_id"],
        protocol=Protocol(row["protocol"]),
        idp_type=IdpType(row["idp_type"]),
        legacy_id=row["legacy_id"],
        attributes=json.loads(row["attributes"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        jwks_revoked_at=row["jwks_revoked_at"],
    )


def identity_providers(conn: Connection, federation_id: str) -> list[IdentityProvider]:
    """The federation's identity providers, in the order they were made."""
    return [_idp(row) for row in _IDPS.rows(conn, federation=federation_id)]


def identity_provider(conn: Connection, idp_id: str) -> IdentityProvider | None:
    row = _IDP.first(conn, idp=idp_id)
    return None if row is None else _idp(row)


def add_identity_provider(conn: Connection, idp: IdentityProvider) -> None:
    values = {
        "id": idp.id,
        "federation_id": idp.federation_id,
        "protocol": idp.protocol.value,
        "idp_type": idp.idp_type.value,
        "legacy_id": idp.legacy_id,
        "attributes": json.dumps(dict(idp.attributes), sort_keys=True),
        "created_at": idp.created_at,
        "updated_at": idp.updated_at,
        "jwks_revoked_at": idp.jwks_revoked_at,
    }
    insert(conn, federation_idps, values)


def change_identity_provider(conn: Connection, idp: IdentityProvider) -> bool:
    return (
        _UPDATE_IDP.count(
            conn,
            idp=idp.id,
            idp_type=idp.idp_type.value,
            attributes=json.dumps(dict(idp.attributes), sort_keys=True),
            updated_at=idp.updated_at,
            jwks_revoked_at=idp.jwks_revoked_at,
        )
        == 1
    )


def delete_identity_provider(conn: Connection, idp_id: str) -> bool:
    """Remove the identity provider; no organization may name it any more (the caller disconnects them first)."""
    return _DELETE_IDP.count(conn, idp=idp_id) == 1


# --- role mappings --------------------------------------------------------------------------------------------------


def mappings(conn: Connection, org_id: str) -> list[RoleMapping]:
    """The organization's role mappings, in the order they were made, each with its grants in order."""
    grants: dict[str, list[RoleAssignment]] = {}
    for row in _GRANTS_OF_ORG.rows(conn, org=org_id):
        grants.setdefault(row["mapping_id"], []).append(RoleAssignment(row["role"], row["org_id"], row["group_id"]))
    return [
        RoleMapping(
            row["id"], row["org_id"], row["external_group_name"], tuple(grants.get(row["id"], ())), row["created_at"]
        )
        for row in _MAPPINGS.rows(conn, org=org_id)
    ]


def mapping(conn: Connection, org_id: str, mapping_id: str) -> RoleMapping | None:
    return next((found for found in mappings(conn, org_id) if found.id == mapping_id), None)


def _write_grants(conn: Connection, found: RoleMapping) -> None:
    for position, grant in enumerate(found.assignments):
        values = {
            "mapping_id": found.id,
            "position": position,
            "org_id": grant.org_id,
            "group_id": grant.group_id,
            "role": grant.role,
        }
        insert(conn, role_mapping_grants, values)


def add_mapping(conn: Connection, new: RoleMapping) -> bool:
    """Store the mapping unless the organization has one for its external group already; True when stored."""
    values = {
        "id": new.id,
        "org_id": new.org_id,
        "external_group_name": new.external_group_name,
        "created_at": new.created_at,
    }
    if not insert_if_absent(conn, role_mappings, values):
        return False
    _write_grants(conn, new)
    return True


def replace_mapping(conn: Connection, changed: RoleMapping) -> Change:
    """Give the mapping its new group name and grants: TAKEN (nothing changes) if another mapping of the
    organization has that name, GONE if the mapping is gone."""
    renamed = guarded(conn, _RENAME_MAPPING, mapping=changed.id, name=changed.external_group_name)
    if renamed is Change.DONE:
        _DELETE_GRANTS.count(conn, mapping=changed.id)
        _write_grants(conn, changed)
    return renamed


def delete_mapping(conn: Connection, mapping_id: str) -> bool:
    _DELETE_GRANTS.count(conn, mapping=mapping_id)
    return _DELETE_MAPPING.count(conn, mapping=mapping_id) == 1
