"""The rate limits this server enforces, as the rate-limit API describes them: one endpoint set per bucket rule and
scope of the Atlas v2 route table (``routes.atlas_v2.table``), with the endpoints that take from it.

The scope is where the bucket is kept: the organization or project the path names, else the caller (``USER``)
(``wire.endpoint._bucket_key``). An endpoint set's id is its name with ``/`` as ``.`` and its scope after a colon
(``api.atlas.v2.orgs:ORGANIZATION``; ours: MongoDB's ids are not published). This server keeps no per-entity
overrides, so the filters ``orgId``, ``groupId``, ``userId`` and ``ipAddress`` are checked and change nothing;
``name`` keeps the sets of that name and ``endpointPath`` the sets one of whose paths it is (ours).
"""

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.core.ratelimit import BucketRule

_IP = re.compile(r"((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}")  # the spec's


@dataclass(frozen=True, slots=True)
class EndpointSet:
    id: str
    name: str
    scope: str  # GROUP | ORGANIZATION | USER
    rule: BucketRule
    endpoints: tuple[tuple[str, str], ...]  # (method, path), in the route table's order


@dataclass(frozen=True, slots=True)
class Filters:
    name: str | None
    endpoint_path: str | None


def _scope(path: str) -> str:
    if "{orgId}" in path:
        return "ORGANIZATION"
    if "{groupId}" in path:
        return "GROUP"
    return "USER"


@functools.cache
def _all() -> tuple[EndpointSet, ...]:
    from atlas_access.server.routes.atlas_v2.table import ENDPOINTS  # the table imports the routes that use this

    grouped: dict[tuple[BucketRule, str], list[tuple[str, str]]] = {}
    for endpoint in ENDPOINTS:
        if endpoint.rate_rule is not None:
            key = (endpoint.rate_rule, _scope(endpoint.path))
            grouped.setdefault(key, []).append((endpoint.method, endpoint.path.replace(":path}", "}")))
    found = [
        EndpointSet(f"{rule.endpoint_set.replace('/', '.')}:{scope}", rule.endpoint_set, scope, rule, tuple(paths))
        for (rule, scope), paths in grouped.items()
    ]
    return tuple(sorted(found, key=lambda one: one.id))


def filters(query: Mapping[str, str]) -> Filters:
    """The query's filters, each checked (400 ``INVALID_QUERY_PARAMETER``)."""
    for name in ("orgId", "groupId"):
        value = query.get(name)
        if value is not None and not is_object_id(value):
            raise ApiError("INVALID_QUERY_PARAMETER", name)
    address = query.get("ipAddress")
    if address is not None and not _IP.fullmatch(address):
        raise ApiError("INVALID_QUERY_PARAMETER", "ipAddress")
    return Filters(query.get("name") or None, query.get("endpointPath") or None)


def endpoint_sets(given: Filters) -> list[EndpointSet]:
    found = list(_all())
    if given.name is not None:
        found = [one for one in found if one.name == given.name]
    if given.endpoint_path is not None:
        found = [one for one in found if any(path == given.endpoint_path for _method, path in one.endpoints)]
    return found


def endpoint_set(set_id: str) -> EndpointSet:
    for one in _all():
        if one.id == set_id:
            return one
    raise ApiError("ENDPOINT_SET_NOT_FOUND", set_id)
