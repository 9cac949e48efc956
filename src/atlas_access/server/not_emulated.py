"""The 404 of a path no route serves: ``OPERATION_NOT_EMULATED`` when the official spec has the operation (the
client is right, this server leaves that part of MongoDB Cloud out), else ``RESOURCE_NOT_FOUND`` (docs/wire.md §4).

Only error answers come here, so the spec index's templates are matched (``spec.by_request``) on the 404 path
alone and never slow down a served request.
"""

import re
from collections.abc import Iterable

from atlas_access import spec
from atlas_access.core.errors import ApiError

_CONVERTER = re.compile(r"\{(\w+):\w+\}")  # Starlette's ``{ipAddress:path}`` is the spec's ``{ipAddress}``


def served_routes(routes: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """``(method, path template)`` of every endpoint the server serves, in the spec's spelling."""
    return frozenset((method, _CONVERTER.sub(r"{\1}", path)) for method, path in routes)


def unserved_operation(method: str, path: str, served: frozenset[tuple[str, str]]) -> ApiError | None:
    """``OPERATION_NOT_EMULATED`` for a request that names an operation of the spec this server does not serve."""
    operation = spec.by_request(method, path)
    if operation is None or (operation.method, operation.path) in served:
        return None
    return ApiError("OPERATION_NOT_EMULATED", operation.operation_id, operation.method, operation.path)


def not_found(method: str, path: str, served: frozenset[tuple[str, str]]) -> ApiError:
    """The error for a request no route matched."""
    return unserved_operation(method, path, served) or ApiError("RESOURCE_NOT_FOUND", path)
