"""``IndexedRouter`` tries fewer routes than Starlette's walk, and must pick the very route that walk would pick:
for a sample path of every template the server has, for paths that look like one template but are another
(``/groups/byName`` is a project id there, ``/teams/{id}:addUser`` is not ``/teams/{id}``), and for paths no
route has."""

from __future__ import annotations

import re

import pytest
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route

from atlas_access.server.app import routes
from atlas_access.server.chain import RequestChain
from atlas_access.server.journal import Journal
from atlas_access.server.routing import IndexedRouter, request_key, template_key


class _State:
    local_api = True


ROUTER = IndexedRouter(routes(_State()))  # type: ignore[arg-type]
CHAIN = RequestChain(ROUTER, Journal(), lambda _request: Response(status_code=404))
_PARAM = re.compile(r"\{([A-Za-z]+)(:path)?\}")


def _sample(template: str) -> str:
    """A path of the template: ids of 24 hex digits, names, an address, a CIDR for ``{...:path}``."""

    def value(found: re.Match[str]) -> str:
        if found.group(2):
            return "10.0.0.0/24"
        return {"groupName": "byName", "teamName": "team one", "secretId": "s1"}.get(found.group(1), "a" * 24)

    return _PARAM.sub(value, template)


def _walk(path: str, method: str = "GET") -> BaseRoute | None:
    scope = {"type": "http", "path": path, "method": method, "root_path": ""}
    return next((route for route in ROUTER.routes if route.matches(scope)[0] is Match.FULL), None)


def _indexed(path: str, method: str = "GET") -> BaseRoute | None:
    scope = {"type": "http", "path": path, "method": method, "root_path": ""}
    return next((route for route in ROUTER.candidates(path) if route.matches(scope)[0] is Match.FULL), None)


TEMPLATES = [route.path for route in ROUTER.routes if isinstance(route, Route)]
ODD_PATHS = [
    "/api/atlas/v2/groups/byName",
    "/api/atlas/v2/groups/byName/",
    "/api/atlas/v2/orgs/x/teams/y:addUser",
    "/api/atlas/v2/orgs/x/teams/y:nothing",
    "/api/atlas/v2/orgs/x/apiKeys/y/accessList/2001:db8::%2F32",
    "/api/atlas/v2",
    "/api/atlas/v2/",
    "/api/atlas/v2/nothing/x/y/z",
    "/api/atlas/v2/orgs/x/unknown",
    "/api/atlas/v2/orgs/x/invites/",
    "/",
    "/nothing",
]


def test_every_template_is_indexed_or_kept_for_every_request() -> None:
    assert len(TEMPLATES) > 60  # one route per path
    bucketed = [path for path in TEMPLATES if template_key(path) is not None]
    assert len(bucketed) >= 50, "the index should take the Atlas v2 paths"


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_sample_of_each_template_finds_the_same_route(template: str) -> None:
    path = _sample(template)
    found = _indexed(path)
    assert found is not None and found is _walk(path)
    assert isinstance(found, Route)


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_find_what_the_walk_finds(path: str) -> None:
    assert _indexed(path) is _walk(path)


def test_the_keys_of_a_template_and_of_its_paths_agree() -> None:
    for template in TEMPLATES:
        key = template_key(template)
        if key is not None:
            assert request_key(_sample(template)) == key, template


@pytest.mark.parametrize("path", [*(_sample(template) for template in TEMPLATES), *ODD_PATHS])
def test_the_request_chain_finds_the_route_and_parameters_the_walk_finds(path: str) -> None:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    walked = _walk(path)
    found = CHAIN.match(scope)
    if walked is None:
        assert found is None
        return
    assert found is not None
    target, params = found
    assert target.route is walked
    assert params == walked.matches(scope)[1]["path_params"]


def test_a_path_of_a_bucket_is_tried_only_against_routes_that_could_match_it() -> None:
    """An invitation's path is tried against its own templates and the few Atlas v2 ones that fit no bucket (with
    a parameter), never the OAuth, local API, v1.0 or page routes: each failed match costs the request."""
    path = "/api/atlas/v2/orgs/" + "a" * 24 + "/invites/" + "b" * 24
    tried = [route.path for route in ROUTER.candidates(path) if isinstance(route, Route)]
    assert "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}" in tried
    assert all(template.startswith("/api/atlas/v2/") for template in tried), tried
    assert all("{" in template for template in tried), tried  # a template without one has a key of its own
    assert len(tried) <= 5, tried
