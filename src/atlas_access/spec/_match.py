"""Which operation of the spec index a concrete request names: ``GET /api/atlas/v2/groups/5f…/clusters/c0``
is ``getGroupCluster``.

The templates are compiled once, on first use, into one pattern per template, bucketed by method and number of
segments; within a bucket the most literal template is tried first, so ``/groups/byName/{groupName}`` wins over
``/groups/{groupId}/{…}`` as a router would decide.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType

from atlas_access.spec._index import Operation, operations

_PARAMETER = re.compile(r"\{[^/{}]+\}")
Bucket = tuple[tuple[re.Pattern[str], Operation], ...]


def _pattern(template: str) -> re.Pattern[str]:
    """``/orgs/{orgId}/users/{userId}:addRole`` -> a pattern where each parameter is one non-empty segment part."""
    parts = _PARAMETER.split(template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


def _specificity(template: str) -> tuple[int, ...]:
    """Sorts literal segments before partly literal ones (``{id}:accept``) before parameters, left to right."""
    return tuple(
        0 if not _PARAMETER.search(segment) else 1 if _PARAMETER.sub("", segment) else 2
        for segment in template.split("/")
    )


def _key(method: str, path: str) -> tuple[str, int]:
    return method, path.count("/")


@functools.cache
def _buckets() -> Mapping[tuple[str, int], Bucket]:
    grouped: dict[tuple[str, int], list[Operation]] = defaultdict(list)
    for op in operations().values():
        grouped[_key(op.method, op.path)].append(op)
    return MappingProxyType(
        {
            key: tuple((_pattern(op.path), op) for op in sorted(ops, key=lambda op: _specificity(op.path)))
            for key, ops in grouped.items()
        }
    )


def by_request(method: str, path: str) -> Operation | None:
    """The operation whose path template the request path ``path`` fits, for this method; None if no operation
    of the spec has it (the path is matched as given: already percent-decoded, without the query)."""
    for pattern, op in _buckets().get(_key(method.upper(), path), ()):
        if pattern.fullmatch(path):
            return op
    return None
