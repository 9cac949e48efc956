"""Changing and removing organizations (``updateOrg``, ``deleteOrg``); reading them is in ``directory``."""

from sqlalchemy import Connection, delete, exists, select, update

from atlas_access.store.tables import (
    access_list_entries,
    api_keys,
    invitations,
    org_members,
    organizations,
    projects,
    service_account_secrets,
    service_accounts,
    team_members,
    teams,
)


def has_projects(conn: Connection, org_id: str) -> bool:
    return bool(conn.execute(select(exists().where(projects.c.org_id == org_id))).scalar())


def change(conn: Connection, org_id: str, name: str, skip_default_alerts: bool) -> bool:
    """Write the name and the alerts flag; False if the organization is gone."""
    values = {"name": name, "skip_default_alerts": int(skip_default_alerts)}
    return conn.execute(update(organizations).where(organizations.c.id == org_id).values(values)).rowcount == 1


def delete_org(conn: Connection, org_id: str) -> bool:
    """Remove an organization that has no projects, with everything that belongs to it: its API keys and service
    accounts (with their secrets and access lists), teams, memberships and invitations. Events stay (they name
    the organization by id only). False if it was already gone."""
    keys = select(api_keys.c.id).where(api_keys.c.org_id == org_id)
    accounts = select(service_accounts.c.id).where(service_accounts.c.org_id == org_id)
    org_teams = select(teams.c.id).where(teams.c.org_id == org_id)
    conn.execute(delete(access_list_entries).where(access_list_entries.c.owner_id.in_(keys.union(accounts))))
    conn.execute(delete(service_account_secrets).where(service_account_secrets.c.service_account_id.in_(accounts)))
    conn.execute(delete(org_members).where(org_members.c.org_id == org_id))
    conn.execute(delete(team_members).where(team_members.c.team_id.in_(org_teams)))
    conn.execute(delete(teams).where(teams.c.org_id == org_id))
    conn.execute(delete(invitations).where(invitations.c.org_id == org_id))
    conn.execute(delete(api_keys).where(api_keys.c.org_id == org_id))
    conn.execute(delete(service_accounts).where(service_accounts.c.org_id == org_id))
    return conn.execute(delete(organizations).where(organizations.c.id == org_id)).rowcount == 1
