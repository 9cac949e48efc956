"""The ids a path names, and the error each gets when malformed (WIRE.md §4).

An endpoint declares the ids of its path (``Endpoint(..., ids=(USER_ID,))``); the pipeline checks them after the
rate limit and before it looks up the organization or project, so that no service meets a malformed id. The
organization's and the project's own ids are checked the same way, first, for every path that names them.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id

_CLIENT_ID = re.compile(r"mdb_sa_id_[a-fA-F0-9]{24}")


def is_client_id(value: str) -> bool:
    """A service account's client id, ``mdb_sa_id_<24 hex>`` (the hex digits in either case)."""
    return _CLIENT_ID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class PathId:
    """A path parameter that names a record: its name, its form, and the error a value of another form gets."""

    name: str
    error: Callable[[str], ApiError]
    well_formed: Callable[[str], bool] = is_object_id

    def check(self, path: Mapping[str, str]) -> None:
        value = path[self.name]
        if not self.well_formed(value):
            raise self.error(value)


def _invitation_not_found(value: str) -> ApiError:
    return ApiError("RESOURCE_NOT_FOUND", f"invitation with ID {value}")


ORG_ID = PathId("orgId", lambda value: ApiError("INVALID_ORG_ID", value))
GROUP_ID = PathId("groupId", lambda value: ApiError("INVALID_GROUP_ID", value))
USER_ID = PathId("userId", lambda value: ApiError("INVALID_USER_ID", value))
TEAM_ID = PathId("teamId", lambda value: ApiError("INVALID_TEAM_ID", value))
API_KEY_ID = PathId("apiUserId", lambda _value: ApiError("INVALID_PATH_PARAMETER", "apiUserId"))  # ours: 400
# Ours: the spec declares no 400 for these operations; a malformed client id is one that names no account.
CLIENT_ID = PathId("clientId", lambda value: ApiError("SERVICE_ACCOUNT_NOT_FOUND", value), is_client_id)
# Reading or changing an invitation that cannot exist is 404 (ours); cancelling one is 400 (cloud).
INVITATION_ID = PathId("invitationId", _invitation_not_found)
INVITATION_ID_TO_CANCEL = PathId("invitationId", lambda value: ApiError("INVALID_INVITATION_ID", value))

SCOPE_IDS = (ORG_ID, GROUP_ID)


def check(ids: tuple[PathId, ...], path: Mapping[str, str]) -> None:
    """The organization's or project's id first, then the endpoint's own, in the order declared."""
    for path_id in SCOPE_IDS:
        if path_id.name in path:
            path_id.check(path)
    for path_id in ids:
        path_id.check(path)
