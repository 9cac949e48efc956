"""``/api/atlas/v2/groups/{groupId}/serviceAccounts``: the service accounts assigned to a project (2024-08-05).

The spec: creating one here makes a new account of the project's organization, an Organization Member there;
removing one from the project leaves it in the organization with its credentials. ``:invite`` assigns an existing
account of the organization. Ours: ``:invite`` of an account the project already has answers 409
``SERVICE_ACCOUNT_ALREADY_IN_GROUP`` (change its roles with ``updateGroupServiceAccount``); an account of the
organization that is not assigned to the project is 404 ``SERVICE_ACCOUNT_NOT_FOUND`` here.
"""

from atlas_access.server.routes.atlas_v2 import service_account_shapes as wire
from atlas_access.server.services import service_accounts
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Reply


def list_accounts(call: Call) -> Reply:
    project = call.the_project()
    wire.include_system_managed(call)
    found = service_accounts.of_project(call.ctx, project)
    path = f"/api/atlas/v2/groups/{project.id}/serviceAccounts"
    return Reply(200, paging.page_body(call.query, call.base_url, path, found, lambda one: wire.account_view(*one)))


def create_account(call: Call) -> Reply:
    """``createGroupServiceAccount``: 201 with the account (its roles in the project) and its first secret."""
    project = call.the_project()
    body = call.body(wire.GroupServiceAccountIn)
    created = service_accounts.create(
        call.ctx,
        project.org_id,
        wire.name_given(body.name),
        wire.description_given(body.description),
        service_accounts.ORG_MEMBER,
        service_accounts.check_secret_hours(body.secretExpiresAfterHours),
        project=project,
        project_roles=service_accounts.check_group_roles(body.roles, project.id),
    )
    roles = service_accounts.project_roles(call.ctx, project, created.account)
    return Reply(201, wire.account_view(created.account, roles, new_secret=created.secret))


def get_account(call: Call) -> Reply:
    account, roles = wire.account_in_scope(call)
    return Reply(200, wire.account_view(account, roles))


def update_account(call: Call) -> Reply:
    """``updateGroupServiceAccount``: name and description (the account's own), and its roles in the project."""
    project = call.the_project()
    account, _ = wire.account_in_scope(call)
    body = call.body(wire.ServiceAccountUpdateIn)
    name, description = wire.details_changed(body)
    roles = None if body.roles is None else service_accounts.check_group_roles(body.roles, project.id)
    updated = service_accounts.update(
        call.ctx, account, name=name, description=description, project=project, project_roles=roles
    )
    return Reply(200, wire.account_view(updated, service_accounts.project_roles(call.ctx, project, updated)))


def remove_account(call: Call) -> Reply:
    """``deleteGroupServiceAccount``: out of the project only; the account stays in the organization."""
    account, _ = wire.account_in_scope(call)
    service_accounts.unassign(call.ctx, call.the_project(), account)
    return Reply(204)


def invite_account(call: Call) -> Reply:
    """``inviteGroupServiceAccount``: 200 with the account and its roles in the project."""
    project = call.the_project()
    account = service_accounts.find(call.ctx, call.the_org(), call.path["clientId"])
    roles = service_accounts.check_group_roles(call.body(wire.RoleAssignmentIn).roles, project.id)
    service_accounts.invite(call.ctx, project, account, roles)
    return Reply(200, wire.account_view(account, roles))
