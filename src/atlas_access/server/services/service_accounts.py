"""Service accounts: creating, changing and removing them, their project assignments, secrets and access lists.

Every change writes its event in the same transaction (docs/wire.md §7): changes made through an organization's
endpoints go to the organization's feed, changes made through a project's endpoints to that project's feed; every
event names the account (``clientId``). Nothing here knows about HTTP.

What MongoDB Cloud publishes (the spec): an account belongs to one organization; creating one through a project
also makes it an Organization Member; removing it from a project leaves it in the organization with its
credentials; a secret is shown once, and lives no longer than the organization's
``maxServiceAccountSecretValidityInHours`` (docs/org-settings.md). Ours: the limits of a secret's lifetime (8 to 8760
hours, the bounds the spec gives that setting), that assigning an account to a project it is
already in is a conflict (``SERVICE_ACCOUNT_ALREADY_IN_GROUP``; ``updateGroupServiceAccount`` changes the roles),
and that adding an access-list entry the account already has is a conflict (``ACCESS_LIST_ENTRY_ALREADY_EXISTS``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from atlas_access.core import access_list as access_list_rules
from atlas_access.core.access_list import Entry
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import client_id_key
from atlas_access.core.roles import valid_group_roles, valid_org_roles
from atlas_access.core.service_accounts import Account, Secret
from atlas_access.server.services import credentials, org_settings
from atlas_access.server.services.context import Context
from atlas_access.store import access_lists
from atlas_access.store import service_accounts as store
from atlas_access.store.row_locks import Lock

MIN_SECRET_HOURS = 8
MAX_SECRET_HOURS = 8760
ORG_MEMBER = ("ORG_MEMBER",)  # what an account created through a project holds in the organization


@dataclass(frozen=True, slots=True)
class NewSecret:
    id: str
    secret: str  # shown once, in the answer that creates it


@dataclass(frozen=True, slots=True)
class Created:
    account: Account
    secret: NewSecret


# --- rules --------------------------------------------------------------------------------------------------------


def check_secret_hours(hours: int) -> int:
    """A secret lives 8 to 8760 hours (ours: the spec's bounds of an organization's maximum)."""
    if not MIN_SECRET_HOURS <= hours <= MAX_SECRET_HOURS:
        field = "secretExpiresAfterHours"
        text = f"Must be between {MIN_SECRET_HOURS} and {MAX_SECRET_HOURS} hours."
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, text)])
    return hours


def _at_least_one(roles: Iterable[str]) -> tuple[str, ...]:
    given = tuple(roles)
    if not given:
        raise ApiError("MISSING_ATTRIBUTE", "roles", fields=[("roles", "At least one role is required.")])
    return given


def check_org_roles(roles: Iterable[str], org_id: str) -> tuple[str, ...]:
    """One organization role or more, each one of Atlas's (``INVALID_ROLE_FOR_ORG`` otherwise)."""
    return valid_org_roles(_at_least_one(roles), org_id)


def check_group_roles(roles: Iterable[str], group_id: str) -> tuple[str, ...]:
    """One project role or more, each one of Atlas's (``INVALID_ROLE_FOR_GROUP`` otherwise)."""
    return valid_group_roles(_at_least_one(roles), group_id)


# --- finding ------------------------------------------------------------------------------------------------------


def find(ctx: Context, org: Org, client_id: str) -> Account:
    """The organization's account with this client id. A malformed client id, an unknown one and another
    organization's all answer 404 ``SERVICE_ACCOUNT_NOT_FOUND`` (ours: the spec declares no 400 for these
    operations, and another organization's accounts are not to be told apart from missing ones)."""
    found = store.in_org(ctx.conn, org.id, client_id_key(client_id))
    if found is None:
        raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", client_id)
    return found


def listing(ctx: Context, org: Org) -> list[Account]:
    """The organization's accounts."""
    return store.of_org(ctx.conn, org.id)


def of_project(ctx: Context, project: Project) -> list[tuple[Account, tuple[str, ...]]]:
    """The accounts assigned to the project, each with its roles there."""
    return store.of_project(ctx.conn, project.id)


def project_roles(ctx: Context, project: Project, account: Account) -> tuple[str, ...]:
    """The account's roles in the project (none if it is not assigned to it)."""
    return store.project_roles(ctx.conn, project.id, account.id) or ()


def find_in_project(ctx: Context, project: Project, client_id: str) -> tuple[Account, tuple[str, ...]]:
    """The account and its roles in the project; 404 ``SERVICE_ACCOUNT_NOT_FOUND`` also when it is an account of
    the organization that is not assigned to the project."""
    account = find(ctx, Org(project.org_id, project.org_name), client_id)
    roles = store.project_roles(ctx.conn, project.id, account.id)
    if roles is None:
        raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", client_id)
    return account, roles


def _refreshed(ctx: Context, account: Account) -> Account:
    found = store.by_id(ctx.conn, account.id)
    if found is None:
        raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", account.client_id)
    return found


def _hold(ctx: Context, account: Account, mode: Lock = Lock.KEEP) -> None:
    """Lock the account for a change (``Lock.KEEP``: it only has to stay); 404 if a removal committed meanwhile."""
    if not store.lock(ctx.conn, account.id, mode):
        raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", account.client_id)


def _record(ctx: Context, event_type: str, account: Account, group_id: str | None) -> None:
    ctx.record(event_type, org_id=account.org_id, group_id=group_id, targets={"clientId": account.client_id})


# --- the account --------------------------------------------------------------------------------------------------


def create(
    ctx: Context,
    org_id: str,
    name: str,
    description: str,
    org_roles: tuple[str, ...],
    secret_hours: int,
    *,
    project: Project | None = None,
    project_roles: tuple[str, ...] = (),
) -> Created:
    """A new account of the organization with one secret. Through a project (``project``), the account is an
    Organization Member holding ``project_roles`` in that project, and the event goes to the project's feed."""
    org_settings.check_secret_lifetime(ctx, org_id, secret_hours)
    new = credentials.create_service_account(ctx.conn, org_id, name, description, secret_hours, ctx.now)
    store.join_org(ctx.conn, org_id, new.id, org_roles, ctx.now)
    if project is not None:
        store.assign(ctx.conn, project.id, new.id, project_roles, ctx.now)
    account = store.by_id(ctx.conn, new.id)
    assert account is not None
    _record(ctx, "SERVICE_ACCOUNT_CREATED", account, None if project is None else project.id)
    return Created(account, NewSecret(new.secret_id, new.secret))


def update(
    ctx: Context,
    account: Account,
    *,
    name: str | None = None,
    description: str | None = None,
    org_roles: tuple[str, ...] | None = None,
    project: Project | None = None,
    project_roles: tuple[str, ...] | None = None,
) -> Account:
    """Change what is given: name and description (``SERVICE_ACCOUNT_DETAILS_CHANGED``), the organization roles
    or, through a project, the roles there (``SERVICE_ACCOUNT_ROLES_CHANGED``). Giving what the account already
    has changes (and writes) nothing; roles compare as sets."""
    _hold(ctx, account, Lock.DELETE)
    current = _refreshed(ctx, account)
    group_id = None if project is None else project.id
    new_name = current.name if name is None else name
    new_description = current.description if description is None else description
    if (new_name, new_description) != (current.name, current.description):
        store.set_details(ctx.conn, current.id, new_name, new_description)
        _record(ctx, "SERVICE_ACCOUNT_DETAILS_CHANGED", current, group_id)
    if org_roles is not None and set(org_roles) != set(current.roles):
        store.set_org_roles(ctx.conn, current.org_id, current.id, org_roles)
        _record(ctx, "SERVICE_ACCOUNT_ROLES_CHANGED", current, group_id)
    if project is not None and project_roles is not None:
        held = store.project_roles(ctx.conn, project.id, current.id)
        if held is None:
            raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", current.client_id)
        if set(held) != set(project_roles):
            store.set_project_roles(ctx.conn, project.id, current.id, project_roles)
            _record(ctx, "SERVICE_ACCOUNT_ROLES_CHANGED", current, group_id)
    return _refreshed(ctx, current)


def delete(ctx: Context, account: Account) -> None:
    """Remove the account from its organization and every project, with its secrets and access list: its tokens
    are refused from now on and its secrets mint no more."""
    _hold(ctx, account, Lock.DELETE)
    if not store.remove(ctx.conn, account.id):
        raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", account.client_id)
    _record(ctx, "SERVICE_ACCOUNT_DELETED", account, None)


# --- projects -----------------------------------------------------------------------------------------------------


def invite(ctx: Context, project: Project, account: Account, roles: tuple[str, ...]) -> None:
    """Assign an account of the project's organization to the project with ``roles``; 409
    ``SERVICE_ACCOUNT_ALREADY_IN_GROUP`` if it is assigned already (ours)."""
    _hold(ctx, account)
    if not store.assign(ctx.conn, project.id, account.id, roles, ctx.now):
        raise ApiError("SERVICE_ACCOUNT_ALREADY_IN_GROUP", account.client_id, project.id)
    _record(ctx, "SERVICE_ACCOUNT_ADDED_TO_GROUP", account, project.id)


def unassign(ctx: Context, project: Project, account: Account) -> None:
    """Take the account out of the project; it stays in the organization, its secrets keep working (the spec)."""
    if not store.unassign(ctx.conn, project.id, account.id):
        raise ApiError("SERVICE_ACCOUNT_NOT_FOUND", account.client_id)
    _record(ctx, "SERVICE_ACCOUNT_REMOVED_FROM_GROUP", account, project.id)


def projects_of(ctx: Context, account: Account) -> list[tuple[str, tuple[str, ...]]]:
    """(project id, roles) for each project of its organization the account is assigned to."""
    return store.projects_of(ctx.conn, account.org_id, account.id)


# --- secrets ------------------------------------------------------------------------------------------------------


def add_secret(ctx: Context, account: Account, hours: int, *, group_id: str | None = None) -> tuple[Secret, NewSecret]:
    """A new secret, valid ``hours`` from now (what is kept of it, and the secret to show this once); the
    account's other secrets keep working."""
    _hold(ctx, account)
    org_settings.check_secret_lifetime(ctx, account.org_id, hours)
    secret_id, secret, _ = credentials.add_secret(ctx.conn, account.id, hours, ctx.now)
    kept = store.secret(ctx.conn, account.id, secret_id)
    assert kept is not None
    _record(ctx, "SERVICE_ACCOUNT_SECRET_ADDED", account, group_id)
    return kept, NewSecret(secret_id, secret)


def remove_secret(ctx: Context, account: Account, secret_id: str, *, group_id: str | None = None) -> None:
    """Forget one secret: it mints no token from now on (tokens it minted before live out their hour)."""
    if not store.remove_secret(ctx.conn, account.id, secret_id):
        raise ApiError("SERVICE_ACCOUNT_SECRET_NOT_FOUND", secret_id, account.client_id)
    _record(ctx, "SERVICE_ACCOUNT_SECRET_DELETED", account, group_id)


# --- access list --------------------------------------------------------------------------------------------------


def access_list(ctx: Context, account: Account) -> list[Entry]:
    return access_lists.entries(ctx.conn, account.id)


def add_to_access_list(
    ctx: Context, account: Account, cidrs: Iterable[str], *, group_id: str | None = None
) -> list[Entry]:
    """Add canonical CIDR blocks (one event each); 409 ``ACCESS_LIST_ENTRY_ALREADY_EXISTS`` for one the account
    already has, and then nothing of the request is added. The whole list afterwards."""
    _hold(ctx, account)
    for cidr in dict.fromkeys(cidrs):
        _, added = access_lists.add(ctx.conn, account.id, cidr, "", ctx.now)
        if not added:
            raise ApiError("ACCESS_LIST_ENTRY_ALREADY_EXISTS", cidr, account.client_id)
        _record(ctx, "SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED", account, group_id)
    return access_list(ctx, account)


def remove_from_access_list(ctx: Context, account: Account, cidr: str, *, group_id: str | None = None) -> None:
    """Remove one entry (an address or a CIDR block); 404 ``ACCESS_LIST_ENTRY_NOT_FOUND`` if the list lacks it."""
    if not access_lists.remove(ctx.conn, account.id, cidr):
        raise ApiError("ACCESS_LIST_ENTRY_NOT_FOUND", access_list_rules.shown(cidr), account.client_id)
    _record(ctx, "SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_DELETED", account, group_id)
