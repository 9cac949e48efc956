"""Service accounts as the API manages them: the account, its secrets, its organization roles and the projects
it is assigned to.

An account belongs to one organization (``service_accounts.org_id``); its organization roles are its row in
``org_members`` and its project roles its rows in ``project_members`` (``member_kind`` SERVICE_ACCOUNT). Secrets
are kept only as hashes (``server.services.credentials`` creates them). Authentication reads the same tables
through ``store.credentials``: an account removed here can neither use its tokens nor mint new ones.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, delete, select, update

from atlas_access.store import json_columns, members
from atlas_access.store.row_locks import RowLock
from atlas_access.store.tables import (
    access_list_entries,
    org_members,
    project_members,
    projects,
    service_account_secrets,
    service_accounts,
)
from atlas_access.store.upsert import insert_if_absent

SERVICE_ACCOUNT = "SERVICE_ACCOUNT"


@dataclass(frozen=True, slots=True)
class Secret:
    """What is known of a secret after its creation: never the secret itself."""

    id: str
    masked_value: str
    created_at: int
    expires_at: int
    last_used_at: int | None


@dataclass(frozen=True, slots=True)
class Account:
    """A service account with its organization roles and its secrets (oldest first)."""

    id: str
    org_id: str
    client_id: str
    name: str
    description: str
    created_at: int
    roles: tuple[str, ...]
    secrets: tuple[Secret, ...]


_ACCOUNT_COLUMNS = (
    service_accounts.c.id,
    service_accounts.c.org_id,
    service_accounts.c.client_id,
    service_accounts.c.name,
    service_accounts.c.description,
    service_accounts.c.created_at,
    org_members.c.roles,
)


def _accounts(conn: Connection, *conditions: ColumnElement[bool]) -> list[Account]:
    """Accounts matching ``conditions`` (in creation order), with their organization roles and secrets."""
    rows = conn.execute(
        select(*_ACCOUNT_COLUMNS)
        .select_from(
            service_accounts.outerjoin(
                org_members,
                (org_members.c.member_id == service_accounts.c.id)
                & (org_members.c.org_id == service_accounts.c.org_id),
            )
        )
        .where(*conditions)
        .order_by(service_accounts.c.created_at, service_accounts.c.id)
    ).all()
    if not rows:
        return []
    secrets = _secrets_of(conn, [row[0] for row in rows])
    return [
        Account(*row[:6], roles=json_columns.load_strings(row[6]), secrets=tuple(secrets.get(row[0], ())))
        for row in rows
    ]


def _secrets_of(conn: Connection, account_ids: list[str]) -> dict[str, list[Secret]]:
    table = service_account_secrets
    found: dict[str, list[Secret]] = {}
    for row in conn.execute(
        select(
            table.c.service_account_id,
            table.c.id,
            table.c.masked_value,
            table.c.created_at,
            table.c.expires_at,
            table.c.last_used_at,
        )
        .where(table.c.service_account_id.in_(account_ids))
        .order_by(table.c.created_at, table.c.id)
    ):
        found.setdefault(row[0], []).append(Secret(*row[1:]))
    return found


def of_org(conn: Connection, org_id: str) -> list[Account]:
    """The organization's accounts, oldest first."""
    return _accounts(conn, service_accounts.c.org_id == org_id)


def in_org(conn: Connection, org_id: str, client_id: str) -> Account | None:
    """The organization's account with this client id; None if there is none (or it is another org's)."""
    found = _accounts(conn, service_accounts.c.org_id == org_id, service_accounts.c.client_id == client_id)
    return found[0] if found else None


def by_id(conn: Connection, account_id: str) -> Account | None:
    found = _accounts(conn, service_accounts.c.id == account_id)
    return found[0] if found else None


_LOCK = RowLock(service_accounts)


def lock(conn: Connection, account_id: str, *, shared: bool = False) -> bool:
    """Take the account's row lock (PostgreSQL; SQLite writes are serial); False if the account is gone.

    ``shared``: a key-share lock, for a change that only needs the account to stay (assigning it to a
    project); a change of the account itself, or its removal, takes the full lock.
    """
    return _LOCK.take(conn, account_id, shared=shared)


def set_details(conn: Connection, account_id: str, name: str, description: str) -> None:
    conn.execute(
        update(service_accounts).where(service_accounts.c.id == account_id).values(name=name, description=description)
    )


def join_org(conn: Connection, org_id: str, account_id: str, roles: Iterable[str], now: int) -> None:
    """Make the account a member of its organization with exactly ``roles``."""
    members.put_org_member(conn, org_id, account_id, roles, now, kind=SERVICE_ACCOUNT)


set_org_roles = members.set_org_roles


# --- projects -----------------------------------------------------------------------------------------------------


def project_roles(conn: Connection, group_id: str, account_id: str) -> tuple[str, ...] | None:
    """The account's roles in the project, in the order given; None when it is not assigned to it."""
    value = conn.execute(
        select(project_members.c.roles).where(
            project_members.c.group_id == group_id, project_members.c.member_id == account_id
        )
    ).scalar()
    return None if value is None else json_columns.load_strings(value)


def of_project(conn: Connection, group_id: str) -> list[tuple[Account, tuple[str, ...]]]:
    """The accounts assigned to the project with their roles there, oldest account first."""
    roles = {
        row[0]: json_columns.load_strings(row[1])
        for row in conn.execute(
            select(project_members.c.member_id, project_members.c.roles).where(
                project_members.c.group_id == group_id, project_members.c.member_kind == SERVICE_ACCOUNT
            )
        )
    }
    if not roles:
        return []
    return [(account, roles[account.id]) for account in _accounts(conn, service_accounts.c.id.in_(list(roles)))]


def projects_of(conn: Connection, org_id: str, account_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """(project id, roles) of every project of the organization the account is assigned to, in assignment order."""
    rows = conn.execute(
        select(project_members.c.group_id, project_members.c.roles)
        .join(projects, projects.c.id == project_members.c.group_id)
        .where(projects.c.org_id == org_id, project_members.c.member_id == account_id)
        .order_by(project_members.c.created_at, project_members.c.group_id)
    )
    return [(row[0], json_columns.load_strings(row[1])) for row in rows]


def assign(conn: Connection, group_id: str, account_id: str, roles: Iterable[str], now: int) -> bool:
    """Assign the account to the project with ``roles``; False (and nothing changes) if it already is."""
    values = {
        "group_id": group_id,
        "member_id": account_id,
        "member_kind": SERVICE_ACCOUNT,
        "roles": json_columns.dump(list(roles)),
        "created_at": now,
    }
    return insert_if_absent(conn, project_members, values)


def set_project_roles(conn: Connection, group_id: str, account_id: str, roles: Iterable[str]) -> bool:
    """Replace the account's roles in the project; False if it is not assigned to it."""
    result = conn.execute(
        update(project_members)
        .where(project_members.c.group_id == group_id, project_members.c.member_id == account_id)
        .values(roles=json_columns.dump(list(roles)))
    )
    return result.rowcount == 1


unassign = members.remove_from_project


# --- secrets and removal ------------------------------------------------------------------------------------------


def secret(conn: Connection, account_id: str, secret_id: str) -> Secret | None:
    found = _secrets_of(conn, [account_id]).get(account_id, [])
    return next((one for one in found if one.id == secret_id), None)


def remove_secret(conn: Connection, account_id: str, secret_id: str) -> bool:
    """Forget one secret of the account (it can mint no token from now on); False if it has no such secret."""
    table = service_account_secrets
    result = conn.execute(delete(table).where(table.c.service_account_id == account_id, table.c.id == secret_id))
    return result.rowcount == 1


def remove(conn: Connection, account_id: str) -> bool:
    """Remove the account with its secrets, access list and memberships; False if it was already gone.

    Its tokens die with it: authentication finds no account for them. The caller holds the account's lock."""
    conn.execute(delete(service_account_secrets).where(service_account_secrets.c.service_account_id == account_id))
    conn.execute(delete(access_list_entries).where(access_list_entries.c.owner_id == account_id))
    conn.execute(delete(project_members).where(project_members.c.member_id == account_id))
    conn.execute(delete(org_members).where(org_members.c.member_id == account_id))
    return conn.execute(delete(service_accounts).where(service_accounts.c.id == account_id)).rowcount == 1
