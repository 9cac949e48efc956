"""Service accounts as the API manages them: the account, its secrets, its organization roles and the projects
it is assigned to.

An account belongs to one organization (``service_accounts.org_id``); its organization roles are its row in
``org_members`` and its project roles its rows in ``project_members`` (``member_kind`` SERVICE_ACCOUNT). Secrets
are kept only as hashes (``server.services.credentials`` creates them). Authentication reads the same tables
through ``store.credentials``: an account removed here can neither use its tokens nor mint new ones.
"""

from collections.abc import Iterable

from sqlalchemy import Connection, delete, select, update

from atlas_access.core.members import SERVICE_ACCOUNT
from atlas_access.core.service_accounts import Account, Secret
from atlas_access.store import json_columns, members
from atlas_access.store.prepared import Prepared, Row, as_record, param, param_list
from atlas_access.store.row_locks import Lock, RowLock
from atlas_access.store.tables import (
    access_list_entries,
    org_members,
    project_members,
    projects,
    service_account_secrets,
    service_accounts,
)
from atlas_access.store.upsert import insert, insert_if_absent

__all__ = ["SERVICE_ACCOUNT", "Account", "Secret"]

_SECRETS = service_account_secrets
_ACCOUNTS = (
    select(
        service_accounts.c.id,
        service_accounts.c.org_id,
        service_accounts.c.client_id,
        service_accounts.c.name,
        service_accounts.c.description,
        service_accounts.c.created_at,
        org_members.c.roles,
    )
    .select_from(
        service_accounts.outerjoin(
            org_members,
            (org_members.c.member_id == service_accounts.c.id) & (org_members.c.org_id == service_accounts.c.org_id),
        )
    )
    .order_by(service_accounts.c.created_at, service_accounts.c.id)
)
_OF_ORG = Prepared(_ACCOUNTS.where(service_accounts.c.org_id == param("org")))
_IN_ORG = Prepared(
    _ACCOUNTS.where(service_accounts.c.org_id == param("org"), service_accounts.c.client_id == param("client_id"))
)
_BY_IDS = Prepared(_ACCOUNTS.where(service_accounts.c.id.in_(param_list("ids"))))
_SECRETS_OF = Prepared(
    select(
        _SECRETS.c.service_account_id,
        _SECRETS.c.id,
        _SECRETS.c.masked_value,
        _SECRETS.c.created_at,
        _SECRETS.c.expires_at,
        _SECRETS.c.last_used_at,
    )
    .where(_SECRETS.c.service_account_id.in_(param_list("ids")))
    .order_by(_SECRETS.c.created_at, _SECRETS.c.id)
)
_LOCK = RowLock(service_accounts)
_SET_DETAILS = Prepared(
    update(service_accounts)
    .where(service_accounts.c.id == param("account"))
    .values(name=param("name"), description=param("description"))
)
_PROJECT_ROLES = Prepared(
    select(project_members.c.roles).where(
        project_members.c.group_id == param("group"), project_members.c.member_id == param("account")
    )
)
_ASSIGNED = Prepared(
    select(project_members.c.member_id, project_members.c.roles).where(
        project_members.c.group_id == param("group"), project_members.c.member_kind == SERVICE_ACCOUNT
    )
)
_PROJECTS_OF = Prepared(
    select(project_members.c.group_id, project_members.c.roles)
    .join(projects, projects.c.id == project_members.c.group_id)
    .where(projects.c.org_id == param("org"), project_members.c.member_id == param("account"))
    .order_by(project_members.c.created_at, project_members.c.group_id)
)
_REMOVE_SECRET = Prepared(
    delete(_SECRETS).where(_SECRETS.c.service_account_id == param("account"), _SECRETS.c.id == param("secret"))
)
_REMOVE_PARTS = (
    Prepared(delete(_SECRETS).where(_SECRETS.c.service_account_id == param("account"))),
    Prepared(delete(access_list_entries).where(access_list_entries.c.owner_id == param("account"))),
    Prepared(delete(project_members).where(project_members.c.member_id == param("account"))),
    Prepared(delete(org_members).where(org_members.c.member_id == param("account"))),
)
_REMOVE = Prepared(delete(service_accounts).where(service_accounts.c.id == param("account")))


def _accounts(conn: Connection, rows: list[Row]) -> list[Account]:
    """The accounts of ``rows`` (in creation order), with their organization roles and secrets."""
    if not rows:
        return []
    secrets = _secrets_of(conn, [row["id"] for row in rows])
    return [
        as_record(
            Account, row, roles=json_columns.load_strings(row["roles"]), secrets=tuple(secrets.get(row["id"], ()))
        )
        for row in rows
    ]


def _secrets_of(conn: Connection, account_ids: list[str]) -> dict[str, list[Secret]]:
    found: dict[str, list[Secret]] = {}
    for row in _SECRETS_OF.rows(conn, ids=account_ids):
        secret = Secret(row["id"], row["masked_value"], row["created_at"], row["expires_at"], row["last_used_at"])
        found.setdefault(row["service_account_id"], []).append(secret)
    return found


def of_org(conn: Connection, org_id: str) -> list[Account]:
    """The organization's accounts, oldest first."""
    return _accounts(conn, _OF_ORG.rows(conn, org=org_id))


def in_org(conn: Connection, org_id: str, client_id: str) -> Account | None:
    """The organization's account with this client id; None if there is none (or it is another org's)."""
    found = _accounts(conn, _IN_ORG.rows(conn, org=org_id, client_id=client_id))
    return found[0] if found else None


def by_id(conn: Connection, account_id: str) -> Account | None:
    found = _accounts(conn, _BY_IDS.rows(conn, ids=[account_id]))
    return found[0] if found else None


def add(conn: Connection, account: Account) -> None:
    """Store a new account (without roles or secrets: ``join_org`` and ``add_secret`` give them)."""
    values = {
        "id": account.id,
        "org_id": account.org_id,
        "client_id": account.client_id,
        "name": account.name,
        "description": account.description,
        "created_at": account.created_at,
    }
    insert(conn, service_accounts, values)


def add_secret(conn: Connection, account_id: str, secret: Secret, secret_hash: str) -> None:
    """Store a new secret of the account: its SHA-256 and its mask, never the secret itself."""
    values = {
        "id": secret.id,
        "service_account_id": account_id,
        "secret_hash": secret_hash,
        "masked_value": secret.masked_value,
        "created_at": secret.created_at,
        "expires_at": secret.expires_at,
        "last_used_at": secret.last_used_at,
    }
    insert(conn, _SECRETS, values)


def lock(conn: Connection, account_id: str, mode: Lock) -> bool:
    """Take the account's row lock (PostgreSQL; SQLite writes are serial); False if the account is gone.

    ``Lock.KEEP`` for a change that only needs the account to stay (assigning it to a project); a change of the
    account itself, or its removal, takes ``Lock.DELETE``.
    """
    return _LOCK.take(conn, account_id, mode)


def set_details(conn: Connection, account_id: str, name: str, description: str) -> None:
    _SET_DETAILS.count(conn, account=account_id, name=name, description=description)


def join_org(conn: Connection, org_id: str, account_id: str, roles: Iterable[str], now: int) -> None:
    """Make the account a member of its organization with exactly ``roles``."""
    members.put_org_member(conn, org_id, account_id, roles, now, kind=SERVICE_ACCOUNT)


set_org_roles = members.set_org_roles


# --- projects -----------------------------------------------------------------------------------------------------


def project_roles(conn: Connection, group_id: str, account_id: str) -> tuple[str, ...] | None:
    """The account's roles in the project, in the order given; None when it is not assigned to it."""
    value = _PROJECT_ROLES.scalar(conn, group=group_id, account=account_id)
    return None if value is None else json_columns.load_strings(value)


def of_project(conn: Connection, group_id: str) -> list[tuple[Account, tuple[str, ...]]]:
    """The accounts assigned to the project with their roles there, oldest account first."""
    roles = {row["member_id"]: json_columns.load_strings(row["roles"]) for row in _ASSIGNED.rows(conn, group=group_id)}
    if not roles:
        return []
    return [(account, roles[account.id]) for account in _accounts(conn, _BY_IDS.rows(conn, ids=list(roles)))]


def projects_of(conn: Connection, org_id: str, account_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """(project id, roles) of every project of the organization the account is assigned to, in assignment order."""
    rows = _PROJECTS_OF.rows(conn, org=org_id, account=account_id)
    return [(row["group_id"], json_columns.load_strings(row["roles"])) for row in rows]


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
    return members.replace_project_roles(conn, group_id, account_id, roles)


unassign = members.remove_from_project


# --- secrets and removal ------------------------------------------------------------------------------------------


def secret(conn: Connection, account_id: str, secret_id: str) -> Secret | None:
    found = _secrets_of(conn, [account_id]).get(account_id, [])
    return next((one for one in found if one.id == secret_id), None)


def remove_secret(conn: Connection, account_id: str, secret_id: str) -> bool:
    """Forget one secret of the account (it can mint no token from now on); False if it has no such secret."""
    return _REMOVE_SECRET.count(conn, account=account_id, secret=secret_id) == 1


def remove(conn: Connection, account_id: str) -> bool:
    """Remove the account with its secrets, access list and memberships; False if it was already gone.

    Its tokens die with it: authentication finds no account for them. The caller holds the account's lock."""
    for statement in _REMOVE_PARTS:
        statement.count(conn, account=account_id)
    return _REMOVE.count(conn, account=account_id) == 1
