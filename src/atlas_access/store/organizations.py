"""Changing and removing organizations (``updateOrg``, ``deleteOrg``); reading them is in ``directory``."""

from sqlalchemy import Connection, delete, exists, select, update

from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import (
    access_list_entries,
    api_keys,
    federation_orgs,
    invitations,
    org_members,
    org_settings,
    organizations,
    projects,
    role_mapping_grants,
    role_mappings,
    service_account_secrets,
    service_accounts,
    team_members,
    teams,
)

_HAS_PROJECTS = Prepared(select(exists().where(projects.c.org_id == param("org"))))
_CHANGE = Prepared(
    update(organizations)
    .where(organizations.c.id == param("org"))
    .values(name=param("name"), skip_default_alerts=param("skip_default_alerts"))
)
_KEYS = select(api_keys.c.id).where(api_keys.c.org_id == param("org"))
_ACCOUNTS = select(service_accounts.c.id).where(service_accounts.c.org_id == param("org"))
_TEAMS = select(teams.c.id).where(teams.c.org_id == param("org"))
# What belongs to an organization, in an order the foreign keys allow. Events stay (they name it by id only).
_MAPPINGS = select(role_mappings.c.id).where(role_mappings.c.org_id == param("org"))
_DELETE_CONTENTS = (
    # Its federation configuration and role mappings (docs/federation.md), the mappings' grants first.
    Prepared(delete(role_mapping_grants).where(role_mapping_grants.c.mapping_id.in_(_MAPPINGS))),
    Prepared(delete(role_mapping_grants).where(role_mapping_grants.c.org_id == param("org"))),
    Prepared(delete(role_mappings).where(role_mappings.c.org_id == param("org"))),
    Prepared(delete(federation_orgs).where(federation_orgs.c.org_id == param("org"))),
    Prepared(delete(access_list_entries).where(access_list_entries.c.owner_id.in_(_KEYS.union(_ACCOUNTS)))),
    Prepared(delete(service_account_secrets).where(service_account_secrets.c.service_account_id.in_(_ACCOUNTS))),
    Prepared(delete(org_members).where(org_members.c.org_id == param("org"))),
    Prepared(delete(team_members).where(team_members.c.team_id.in_(_TEAMS))),
    Prepared(delete(teams).where(teams.c.org_id == param("org"))),
    Prepared(delete(invitations).where(invitations.c.org_id == param("org"))),
    Prepared(delete(api_keys).where(api_keys.c.org_id == param("org"))),
    Prepared(delete(service_accounts).where(service_accounts.c.org_id == param("org"))),
    Prepared(delete(org_settings).where(org_settings.c.org_id == param("org"))),
)
_DELETE_ORG = Prepared(delete(organizations).where(organizations.c.id == param("org")))


def has_projects(conn: Connection, org_id: str) -> bool:
    return bool(_HAS_PROJECTS.scalar(conn, org=org_id))


def change(conn: Connection, org_id: str, name: str, skip_default_alerts: bool) -> bool:
    """Write the name and the alerts flag; False if the organization is gone."""
    return _CHANGE.count(conn, org=org_id, name=name, skip_default_alerts=int(skip_default_alerts)) == 1


def delete_org(conn: Connection, org_id: str) -> bool:
    """Remove an organization that has no projects, with everything that belongs to it: its API keys and service
    accounts (with their secrets and access lists), teams, memberships and invitations. Events stay (they name
    the organization by id only). False if it was already gone."""
    for statement in _DELETE_CONTENTS:
        statement.count(conn, org=org_id)
    return _DELETE_ORG.count(conn, org=org_id) == 1
