"""``POST /api/atlas/v2/groups/{groupId}:migrate`` (``migrateGroup``, 2024-05-30): move a project to another
organization, answering 200 with the project (``Group``) as it is afterwards. The rules: ``services.project_moves``.

The body names the destination (``destinationOrgId``, required) and, for a caller that is no owner there, an
Organization Owner API key of it (``destinationOrgPublicApiKey`` and ``destinationOrgPrivateApiKey``, both or
neither). The private key is only checked, never kept or shown.
"""

from atlas_access.core.errors import ApiError
from atlas_access.server.routes.atlas_v2.projects import group_view
from atlas_access.server.services import project_moves
from atlas_access.server.wire.body import WireModel, require
from atlas_access.server.wire.endpoint import Call, Reply


class GroupMigrationIn(WireModel):
    """``GroupMigrationRequest``."""

    destinationOrgId: str | None = None
    destinationOrgPrivateApiKey: str | None = None
    destinationOrgPublicApiKey: str | None = None


def _key(body: GroupMigrationIn) -> project_moves.DestinationKey | None:
    public, private = body.destinationOrgPublicApiKey, body.destinationOrgPrivateApiKey
    if public is None and private is None:
        return None
    if public is None or private is None:
        missing = "destinationOrgPublicApiKey" if public is None else "destinationOrgPrivateApiKey"
        text = "The destination organization's API key takes both its public and its private key."
        raise ApiError("MISSING_ATTRIBUTE", missing, fields=[(missing, text)])
    return project_moves.DestinationKey(public, private)


def migrate_group(call: Call) -> Reply:
    project = call.the_project()
    body = call.body(GroupMigrationIn)
    org_id = require(body.destinationOrgId, "destinationOrgId")
    to = project_moves.destination(call.ctx, call.principal, project, org_id, _key(body))
    return Reply(200, group_view(project_moves.migrate(call.ctx, project, to), call.base_url, related=True))
