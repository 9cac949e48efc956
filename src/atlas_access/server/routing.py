"""Starlette's router, made to try only the routes a path could match.

Starlette matches a request against its routes one by one, about 0.8 µs each here; behind the seventy paths
the server serves, a request for one of the last cost some 50 µs before any work began. ``IndexedRouter`` buckets the
Atlas v2 templates by their collection (``orgs``/``groups``) and by their sixth segment (``invites``, ``teams``,
``apiKeys``...), and tries for a request only its bucket and the templates that fit no bucket, in their original
order, so that which route wins never changes. The request chain (``server.chain``) asks ``candidates`` and
matches them; the router itself serves the lifespan.
"""

from collections.abc import Sequence

from starlette.routing import BaseRoute, Route, Router

_API = ["", "api", "atlas", "v2"]
_API_PREFIX = "/".join(_API) + "/"  # what every path with a key begins with
_ROOT = "/"  # the key of a collection's own path (``/api/atlas/v2/orgs``)
_ONE = ""  # the key of one resource's path (``/api/atlas/v2/orgs/{orgId}``)
Key = tuple[str, str]


def _literal(segment: str) -> bool:
    return "{" not in segment


def _may_match(route: BaseRoute, key: Key) -> bool:
    """Whether a route that fits no bucket could match some path of bucket ``key``, which begins with
    ``/api/atlas/v2/``: a template without parameters matches only itself, so it must have that key; one with
    parameters, its literal beginning (up to the first) and ``/api/atlas/v2/`` must agree as far as the shorter
    goes. A route of another kind might: kept."""
    if not isinstance(route, Route):
        return True
    literal, parameters, _ = route.path.partition("{")
    if not parameters:
        return request_key(literal) == key
    return literal.startswith(_API_PREFIX) or _API_PREFIX.startswith(literal)


def template_key(path: str) -> Key | None:
    """The bucket of a route's template, or None when it fits none (checked for every request)."""
    segments = path.split("/")
    if segments[:4] != _API or len(segments) < 5 or not _literal(segments[4]):
        return None
    if len(segments) == 5:
        return segments[4], _ROOT
    if _literal(segments[5]):  # ``/groups/byName/{groupName}``: a literal where an id would be
        return None
    if len(segments) == 6:
        return segments[4], _ONE
    return (segments[4], segments[6]) if _literal(segments[6]) else None


def request_key(path: str) -> Key | None:
    """The bucket a request's path belongs to, if it is an Atlas v2 path."""
    segments = path.split("/", 7)
    if segments[:4] != _API or len(segments) < 5:
        return None
    if len(segments) == 5:
        return segments[4], _ROOT
    if len(segments) == 6:
        return segments[4], _ONE
    return segments[4], segments[6]


class IndexedRouter(Router):
    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        super().__init__(routes=list(routes), redirect_slashes=False)
        unbucketed: list[tuple[int, BaseRoute]] = []
        buckets: dict[Key, list[tuple[int, BaseRoute]]] = {}
        for position, route in enumerate(self.routes):
            key = template_key(route.path) if isinstance(route, Route) else None
            if key is None:
                unbucketed.append((position, route))
            else:
                buckets.setdefault(key, []).append((position, route))
        self._others = [route for _, route in unbucketed]
        # Of the routes that fit no bucket, each bucket keeps those that could match one of its paths (never
        # ``/api/oauth/token`` or ``/api/local/v1/...``: its paths begin with ``/api/atlas/v2/``).
        self._buckets = {
            key: [
                route
                for _, route in sorted(
                    [*((position, route) for position, route in unbucketed if _may_match(route, key)), *bucket],
                    key=lambda item: item[0],
                )
            ]
            for key, bucket in buckets.items()
        }

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes a request for ``path`` could match, in their original order."""
        key = request_key(path)
        return self._buckets.get(key, self._others) if key is not None else self._others
