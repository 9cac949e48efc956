"""``/api/atlas/v2/orgs/{orgId}/serviceAccounts``: an organization's service accounts and their secrets (2024-08-05),
plus the secrets of a project's accounts; the project operations and the access lists are in
``project_service_accounts`` and ``service_account_access_list``, the paths of all three in ``table``.

Statuses are the spec's (nothing of this is recorded): creates 201, deletes 204, reads and updates 200. A path's
``clientId`` that is malformed, unknown, or another organization's answers 404 ``SERVICE_ACCOUNT_NOT_FOUND``; an
unknown ``secretId`` 404 ``SERVICE_ACCOUNT_SECRET_NOT_FOUND`` (ours: codes of our catalog).
"""

from typing import Any

from atlas_access.server.routes.atlas_v2 import service_account_shapes as wire
from atlas_access.server.services import service_accounts
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Reply


def list_accounts(call: Call) -> Reply:
    org = call.the_org()
    wire.include_system_managed(call)
    found = service_accounts.listing(call.ctx, org)
    path = f"/api/atlas/v2/orgs/{org.id}/serviceAccounts"
    return Reply(200, paging.page_body(call.query, call.base_url, path, found, wire.org_account_view))


def new_org_account(call: Call, org_id: str, body: wire.OrgServiceAccountIn) -> dict[str, Any]:
    """A new account of the organization as ``body`` describes it, shown with its first secret in full this once:
    ``createOrgServiceAccount``, and the first account of ``createOrg``."""
    created = service_accounts.create(
        call.ctx,
        org_id,
        wire.name_given(body.name),
        wire.description_given(body.description),
        service_accounts.check_org_roles(body.roles, org_id),
        service_accounts.check_secret_hours(body.secretExpiresAfterHours),
    )
    return wire.org_account_view(created.account, new_secret=created.secret)


def create_account(call: Call) -> Reply:
    """``createOrgServiceAccount``: 201 with the account and its first secret, shown in full this once."""
    org = call.the_org()
    return Reply(201, new_org_account(call, org.id, call.body(wire.OrgServiceAccountIn)))


def get_account(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    return Reply(200, wire.org_account_view(account))


def update_account(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    body = call.body(wire.ServiceAccountUpdateIn)
    name, description = wire.details_changed(body)
    roles = None if body.roles is None else service_accounts.check_org_roles(body.roles, account.org_id)
    updated = service_accounts.update(call.ctx, account, name=name, description=description, org_roles=roles)
    return Reply(200, wire.org_account_view(updated))


def delete_account(call: Call) -> Reply:
    """``deleteOrgServiceAccount``: the account leaves the organization and all its projects; its tokens and
    secrets stop working at once."""
    account, _ = wire.account_in_scope(call)
    service_accounts.delete(call.ctx, account)
    return Reply(204)


def list_projects(call: Call) -> Reply:
    """``getOrgServiceAccountGroups``: the projects the account is assigned to, with its roles in each."""
    account, _ = wire.account_in_scope(call)
    found = service_accounts.projects_of(call.ctx, account)
    path = wire.scope_path(call, account, "/groups")
    return Reply(200, paging.page_body(call.query, call.base_url, path, found, lambda one: wire.project_view(*one)))


def create_secret(call: Call) -> Reply:
    """``create{Org,Group}ServiceAccountSecret``: 201 with the new secret, shown in full this once."""
    account, _ = wire.account_in_scope(call)
    hours = service_accounts.check_secret_hours(call.body(wire.SecretIn).secretExpiresAfterHours)
    kept, new = service_accounts.add_secret(call.ctx, account, hours, group_id=wire.group_id_of(call))
    return Reply(201, wire.secret_view(kept, new.secret))


def delete_secret(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    service_accounts.remove_secret(call.ctx, account, call.path["secretId"], group_id=wire.group_id_of(call))
    return Reply(204)
