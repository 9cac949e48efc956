"""``GET /api/atlas/v2/unauth/controlPlaneIPAddresses`` (``listControlPlaneIpAddresses``, 2023-11-15): the addresses
MongoDB Cloud's control plane calls from and is called at. It takes no credentials, in MongoDB Cloud as here, so
it is served beside the API pipeline (as ``/api/private/ipinfo`` and the health probe are), with the pipeline's
version check, envelope and pretty printing and no authentication, access list or rate limit (ours: the real set is
IP-scoped; nothing here is worth a bucket).

The shape is ``ControlPlaneIPAddresses`` ``{gateways, inbound, outbound}``, each provider's map empty: this server
has no control plane in any cloud region (ours).
"""

from starlette.requests import Request
from starlette.responses import Response

from atlas_access import spec
from atlas_access.core.errors import ApiError
from atlas_access.server.journal import note
from atlas_access.server.state import ServerState
from atlas_access.server.wire import query, respond, versioning
from atlas_access.server.wire.endpoint import lenient_flag

OPERATION_ID = "listControlPlaneIpAddresses"
PATH = "/api/atlas/v2/unauth/controlPlaneIPAddresses"
# What the coverage table (scripts/gen_coverage.py) counts as served beside the route table.
SERVED: tuple[tuple[str, str, str], ...] = (("GET", PATH, OPERATION_ID),)


def _addresses() -> dict[str, object]:
    return {"aws": {}, "azure": {}, "gcp": {}}


async def control_plane_addresses(state: ServerState, request: Request) -> Response:
    """The addresses, to anyone: no credentials asked for, none checked."""
    pretty, envelope = lenient_flag(request, "pretty"), lenient_flag(request, "envelope")
    note(request.scope).operation_id = OPERATION_ID
    try:
        operation = spec.operation(OPERATION_ID)
        version = versioning.negotiate(operation, request.headers.get("accept"))
        query.flag(request.query_params, "envelope")
    except ApiError as problem:
        return respond.error(problem, pretty=pretty, envelope=envelope)
    body = {"gateways": [], "inbound": _addresses(), "outbound": _addresses()}
    headers = dict(versioning.lifecycle_headers(operation, version))
    return respond.success(
        body, 200, media_type=versioning.media_type(version), headers=headers, pretty=pretty, envelope=envelope
    )
