"""The ids a path names, and the error each gets when malformed (docs/wire.md §4).

An endpoint declares the ids of its path (``Endpoint(..., ids=(USER_ID,))``); the pipeline checks them after the
rate limit and before it looks up the organization or project, so that no service meets a malformed id. The
organization's and the project's own ids are checked the same way, first, for every path that names them.

Only ids with an error of their own are declared. Where a malformed id is just one that names nothing (an
invitation, a service account's client id, an event, a secret), the lookup answers it at the state step, after
the role check, as it answers an unknown id.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id


@dataclass(frozen=True, slots=True)
class PathId:
    """A path parameter that names a record by its ObjectId, and the error a value of another form gets."""

    name: str
    error: Callable[[str], ApiError]

    def check(self, path: Mapping[str, str]) -> None:
        value = path[self.name]
        if not is_object_id(value):
            raise self.error(value)


ORG_ID = PathId("orgId", lambda value: ApiError("INVALID_ORG_ID", value))
GROUP_ID = PathId("groupId", lambda value: ApiError("INVALID_GROUP_ID", value))
USER_ID = PathId("userId", lambda value: ApiError("INVALID_USER_ID", value))
TEAM_ID = PathId("teamId", lambda value: ApiError("INVALID_TEAM_ID", value))
API_KEY_ID = PathId("apiUserId", lambda _value: ApiError("INVALID_PATH_PARAMETER", "apiUserId"))  # ours: 400
# Federated authentication (docs/federation.md); both ours: 400, as for apiUserId.
FEDERATION_ID = PathId(
    "federationSettingsId", lambda _value: ApiError("INVALID_PATH_PARAMETER", "federationSettingsId")
)
ROLE_MAPPING_ID = PathId("id", lambda _value: ApiError("INVALID_PATH_PARAMETER", "id"))

SCOPE_IDS = (ORG_ID, GROUP_ID)


def check(ids: tuple[PathId, ...], path: Mapping[str, str]) -> None:
    """The organization's or project's id first, then the endpoint's own, in the order declared."""
    for path_id in SCOPE_IDS:
        if path_id.name in path:
            path_id.check(path)
    for path_id in ids:
        path_id.check(path)
