"""Programmatic API keys: creating, describing, granting and removing them, and their IP access lists.

What is real (recorded in ``reference/recordings/atlasorgapikeys``, ``atlasprojectapikeys``,
``atlasorgapikeyaccesslist``, or published in the spec):
- the private key is shown whole only in the create answer; afterwards it reads ``********-****-****-`` plus its
  last twelve characters (recorded). Only Digest's HA1 and that mask are stored (``services.credentials``);
- a key made under a project is an Organization Member of the project's organization with its project roles
  (recorded: ``ORG_MEMBER`` + ``GROUP_READ_ONLY``); removing it from the project leaves it in the organization, and
  deleting it removes it from every project (the spec);
- project roles are replaced whole by an update (the spec: "removes any roles that you do not include").

Ours: which event each change writes (one per change, in the same transaction): API_KEY_CREATED, API_KEY_DELETED,
API_KEY_DESCRIPTION_CHANGED, API_KEY_ROLES_CHANGED (organization roles) and API_KEY_ACCESS_LIST_ENTRY_ADDED /
_DELETED in the organization's feed; API_KEY_ADDED_TO_GROUP, API_KEY_REMOVED_FROM_GROUP and API_KEY_ROLES_CHANGED
(project roles) in the project's feed. Each names the key as ``targetPublicKey``; access-list events also the entry
as ``whitelistEntry``. Giving a key what it already has changes (and writes) nothing.
"""

from collections.abc import Iterable

from atlas_access.core import access_list as access_list_rules
from atlas_access.core.errors import ApiError
from atlas_access.server.services import credentials
from atlas_access.server.services.context import Context
from atlas_access.store import access_lists
from atlas_access.store import api_keys as store
from atlas_access.store.access_lists import Entry
from atlas_access.store.api_keys import ApiKey
from atlas_access.store.directory import Org, Project

NEW_PROJECT_KEY_ORG_ROLES = ("ORG_MEMBER",)


def shown_entry(entry: Entry) -> str:
    """An entry as the wire names it: the address of a single host, else the CIDR block."""
    return access_list_rules.shown(entry.cidr)


def _record(ctx: Context, event_type: str, key: ApiKey, group_id: str | None = None, entry: str | None = None) -> None:
    targets = {"targetPublicKey": key.public_key}
    if entry is not None:
        targets["whitelistEntry"] = entry
    ctx.record(event_type, org_id=key.org_id, group_id=group_id, targets=targets)


def find(ctx: Context, org_id: str, key_id: str) -> ApiKey:
    """The organization's key with this id; 400 ``API_KEY_NOT_FOUND`` (the real catalog's status) if there is none
    or it belongs to another organization."""
    key = store.find(ctx.conn, org_id, key_id)
    if key is None:
        raise ApiError("API_KEY_NOT_FOUND", key_id)
    return key


def _locked(ctx: Context, key: ApiKey) -> None:
    """Hold the key's row for the change; a key deleted meanwhile is not found."""
    if not store.lock(ctx.conn, key.id):  # a key never changes organization: found by ``find``, it is this one
        raise ApiError("API_KEY_NOT_FOUND", key.id)


def listing(ctx: Context, org: Org) -> list[ApiKey]:
    return store.of_org(ctx.conn, org.id)


def project_listing(ctx: Context, project: Project) -> list[ApiKey]:
    return store.of_project(ctx.conn, project.org_id, project.id)


def create(
    ctx: Context,
    org_id: str,
    description: str,
    org_roles: tuple[str, ...],
    *,
    project: Project | None = None,
    project_roles: tuple[str, ...] = (),
) -> tuple[ApiKey, str]:
    """A new key of the organization with these roles (and these roles in ``project``); the key and its private
    key, which is never shown again."""
    new = credentials.create_api_key(ctx, org_id, description)
    store.set_org_roles(ctx.conn, org_id, new.id, org_roles, ctx.now)
    key = find(ctx, org_id, new.id)
    _record(ctx, "API_KEY_CREATED", key)
    if project is not None:
        store.set_project_roles(ctx.conn, project.id, new.id, project_roles, ctx.now)
        _record(ctx, "API_KEY_ADDED_TO_GROUP", key, project.id)
        key = find(ctx, org_id, new.id)
    return key, new.private_key


def _describe(ctx: Context, key: ApiKey, description: str | None) -> None:
    if description is not None and description != key.description:
        store.set_description(ctx.conn, key.id, description)
        _record(ctx, "API_KEY_DESCRIPTION_CHANGED", key)


def update(ctx: Context, key: ApiKey, *, description: str | None, org_roles: tuple[str, ...] | None) -> ApiKey:
    """``updateOrgApiKey``: a new description, organization roles replaced whole (the project roles stay)."""
    _locked(ctx, key)
    _describe(ctx, key, description)
    if org_roles is not None and set(org_roles) != set(key.org_roles):
        store.set_org_roles(ctx.conn, key.org_id, key.id, org_roles, ctx.now)
        _record(ctx, "API_KEY_ROLES_CHANGED", key)
    return find(ctx, key.org_id, key.id)


def delete(ctx: Context, key: ApiKey) -> None:
    """The key is gone with its memberships and its access list; requests signed with it get 401 from now on."""
    _locked(ctx, key)
    if not store.delete_key(ctx.conn, key.org_id, key.id):
        raise ApiError("API_KEY_NOT_FOUND", key.id)
    _record(ctx, "API_KEY_DELETED", key)


def assign(
    ctx: Context, project: Project, key: ApiKey, roles: tuple[str, ...] | None, description: str | None = None
) -> ApiKey:
    """Give the key exactly ``roles`` in the project (None: keep them), assigning it if it was not in it."""
    _locked(ctx, key)
    _describe(ctx, key, description)
    held = key.group_roles.get(project.id)
    if roles is not None and (held is None or set(roles) != set(held)):
        added = store.set_project_roles(ctx.conn, project.id, key.id, roles, ctx.now)
        _record(ctx, "API_KEY_ADDED_TO_GROUP" if added else "API_KEY_ROLES_CHANGED", key, project.id)
    return find(ctx, key.org_id, key.id)


def update_project_roles(
    ctx: Context, project: Project, key: ApiKey, roles: tuple[str, ...] | None, description: str | None = None
) -> ApiKey:
    """``updateGroupApiKeyRoles``: new project roles (None: keep them) for a key that is in the project; 404
    ``USER_NOT_IN_GROUP`` if it is not, as for removing it: assigning a key takes ``addGroupApiKey`` (Project
    Owner), a stronger role than this operation's Project Access Manager."""
    _locked(ctx, key)
    held = find(ctx, key.org_id, key.id)  # as it is now that its row is held
    if not in_project(held, project):
        raise ApiError("USER_NOT_IN_GROUP", key.id, project.id)
    return assign(ctx, project, held, roles, description)


def in_project(key: ApiKey, project: Project) -> bool:
    return project.id in key.group_roles


def remove_from_project(ctx: Context, project: Project, key: ApiKey) -> None:
    """The key leaves the project and stays in its organization; 404 ``USER_NOT_IN_GROUP`` if it was not in it."""
    _locked(ctx, key)
    if not store.remove_from_project(ctx.conn, project.id, key.id):
        raise ApiError("USER_NOT_IN_GROUP", key.id, project.id)
    _record(ctx, "API_KEY_REMOVED_FROM_GROUP", key, project.id)


# --- access lists -------------------------------------------------------------------------------------------------


def access_list(ctx: Context, key: ApiKey) -> list[Entry]:
    return access_lists.entries(ctx.conn, key.id)


def entry(ctx: Context, key: ApiKey, address_or_cidr: str) -> Entry:
    """One entry; 404 ``ACCESS_LIST_ENTRY_NOT_FOUND`` if the key's list has none such."""
    found = access_lists.entry(ctx.conn, key.id, address_or_cidr)
    if found is None:
        raise ApiError("ACCESS_LIST_ENTRY_NOT_FOUND", access_list_rules.shown(address_or_cidr), key.id)
    return found


def add_entries(ctx: Context, key: ApiKey, given: Iterable[str]) -> list[Entry]:
    """Add addresses or CIDR blocks (already checked by the wire layer); the whole list afterwards. An entry the list
    already holds is 409 ``ACCESS_LIST_ENTRY_ALREADY_EXISTS`` and nothing of the request is kept."""
    _locked(ctx, key)
    for text in given:
        added, new = access_lists.add(ctx.conn, key.id, text, "", ctx.now)
        if not new:
            raise ApiError("ACCESS_LIST_ENTRY_ALREADY_EXISTS", shown_entry(added), key.id)
        _record(ctx, "API_KEY_ACCESS_LIST_ENTRY_ADDED", key, entry=shown_entry(added))
    return access_list(ctx, key)


def remove_entry(ctx: Context, key: ApiKey, address_or_cidr: str) -> None:
    _locked(ctx, key)
    found = entry(ctx, key, address_or_cidr)
    if not access_lists.remove(ctx.conn, key.id, found.cidr):
        raise ApiError("ACCESS_LIST_ENTRY_NOT_FOUND", access_list_rules.shown(address_or_cidr), key.id)
    _record(ctx, "API_KEY_ACCESS_LIST_ENTRY_DELETED", key, entry=shown_entry(found))
