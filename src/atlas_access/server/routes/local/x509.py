"""``GET /api/local/v1/groups/{groupId}/x509/ca``: a project's own certificate authority (ours).

MongoDB Cloud's clusters trust the CA that signs an Atlas-managed X.509 user's certificate, and nobody needs to see
it. Here there are no clusters: a test or a local ``mongod`` that wants to check or accept those certificates needs
the CA certificate (its ``tlsCAFile``), so the local API shows it. Never its private key. Asking makes the CA if the
project has none yet, as issuing the first certificate would; every later answer is the same.
"""

from typing import Any

from starlette.requests import Request

from atlas_access.core.clock import iso, server_now
from atlas_access.core.errors import ApiError
from atlas_access.core.events import SYSTEM
from atlas_access.core.ids import is_object_id
from atlas_access.server.services import user_certificates
from atlas_access.server.services.context import Context
from atlas_access.server.state import ServerState
from atlas_access.store import directory, settings
from atlas_access.store.database import Transaction


async def project_ca(state: ServerState, request: Request, raw: bytes) -> Any:
    group_id = request.path_params["groupId"]
    if not is_object_id(group_id):
        raise ApiError("INVALID_GROUP_ID", group_id)

    def work(conn: Transaction) -> dict[str, Any]:
        found = directory.project_with_roles(conn, group_id, "")
        if found is None:
            raise ApiError("GROUP_NOT_FOUND", group_id)
        ctx = Context(conn, server_now(settings.clock_offset(conn)), SYSTEM, ha1_seal=state.keys.ha1_seal)
        ca = user_certificates.authority(ctx, found[0])
        return {"certificate": ca.certificate, "createdAt": iso(ca.created_at), "groupId": ca.group_id}

    return await state.db.run(work)


ROUTES = (("GET", "/api/local/v1/groups/{groupId}/x509/ca", project_ca),)
