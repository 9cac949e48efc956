"""Version negotiation for ``/api/atlas/v2``: the Accept header names a date; the operation answers with
its newest version dated on or before it. Versions and sunsets come from the spec index."""

import functools
import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from atlas_access.core.clock import day_start, http_date
from atlas_access.core.errors import ApiError
from atlas_access.spec import Operation, Version

_VND = re.compile(r"application/vnd\.atlas\.(\d{4}-\d{2}-\d{2}|preview)\+json", re.IGNORECASE)

# When MongoDB Cloud deprecated each resource: not in the spec, so taken from recorded responses
# (reference/recordings). Keyed by path prefix under /api/atlas/v2.
DEPRECATION_DATES: tuple[tuple[str, date], ...] = (
    ("/api/atlas/v2/orgs/{orgId}/invites", date(2025, 2, 19)),
    ("/api/atlas/v2/groups/{groupId}/invites", date(2023, 10, 4)),
    # addOrgTeamUsers, removeOrgTeamUserFromTeam (recorded); listOrgTeamUsers, not deprecated, has none.
    ("/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users", date(2025, 2, 19)),
)


def requested_version(accept: str | None) -> str | None:
    """The version date (or ``preview``) named by an Accept header, or None."""
    if not accept:
        return None
    for media_range in accept.split(","):
        match = _VND.fullmatch(media_range.split(";", 1)[0].strip())
        if match:
            return match.group(1).lower()
    return None


_NEGOTIATED: dict[tuple[str, str | None], Version | None] = {}
_NEGOTIATED_LIMIT = 1024  # (operation, Accept header) pairs remembered; clients send a handful of Accept headers


def negotiate(operation: Operation, accept: str | None) -> Version:
    """The version that answers, or 406 ``INVALID_VERSION_DATE``. The answer depends on nothing else, so it is
    remembered per operation and Accept header (a bounded memo: past its limit it starts over)."""
    key = (operation.operation_id, accept)
    try:
        version = _NEGOTIATED[key]
    except KeyError:
        requested = requested_version(accept)
        version = operation.resolve_version(requested) if requested else None
        if len(_NEGOTIATED) >= _NEGOTIATED_LIMIT:
            _NEGOTIATED.clear()
        _NEGOTIATED[key] = version
    if version is None:
        raise ApiError("INVALID_VERSION_DATE")
    return version


def admit(operation: Operation, version: Version, now: int, headers: dict[str, str], media: dict[str, str]) -> None:
    """Answer a request in ``version``: refused past its sunset; its media type goes to ``media["type"]``, its
    lifecycle headers to ``headers``."""
    check_sunset(version, now)
    media["type"] = media_type(version)
    headers.update(lifecycle_headers(operation, version))


def check_sunset(version: Version, now: int) -> None:
    """410 ``VERSION_GONE`` once the server clock reaches the version's sunset date."""
    if version.sunset is not None and now >= day_start(version.sunset):
        raise ApiError("VERSION_GONE", version.version, version.sunset.isoformat())


@functools.cache  # one per version date the spec has
def media_type(version: Version) -> str:
    return f"application/vnd.atlas.{version.version}+json;charset=utf-8"


_LIFECYCLE: dict[tuple[str, str], Mapping[str, str]] = {}


def lifecycle_headers(operation: Operation, version: Version) -> Mapping[str, str]:
    """``Deprecation`` for deprecated operations, ``Sunset`` for versions with a sunset, as MongoDB Cloud sends them."""
    key = (operation.operation_id, version.version)
    found = _LIFECYCLE.get(key)
    if found is None:
        found = _LIFECYCLE[key] = _lifecycle_headers(operation, version)
    return found


def _lifecycle_headers(operation: Operation, version: Version) -> Mapping[str, str]:
    headers: dict[str, str] = {}
    if operation.deprecated:
        for prefix, day in DEPRECATION_DATES:
            if operation.path.startswith(prefix):
                headers["Deprecation"] = http_date(day)
                break
    if version.sunset is not None:
        headers["Sunset"] = http_date(version.sunset)
    return MappingProxyType(headers)
