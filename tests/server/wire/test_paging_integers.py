"""``pageNum`` and ``itemsPerPage`` beyond 64 bits are 400 ``INVALID_QUERY_PARAMETER`` on every list (the one
query-integer parser, ``wire/query.py``), never a 500; a page far past the end within 64 bits is an empty page."""

from __future__ import annotations

import pytest

from support.answers import expect_error
from support.server import LocalServer

LISTS = [
    "/api/atlas/v2/orgs",
    "/api/atlas/v2/orgs/{org}/events",  # paged in the store: its OFFSET is a 64-bit integer
    "/api/atlas/v2/groups/{group}/events",
    "/api/atlas/v2/orgs/{org}/apiKeys",
    "/api/atlas/v2/orgs/{org}/users",
    "/api/atlas/v2/groups/{group}/users",
    "/api/atlas/v2/orgs/{org}/teams",
]
BEYOND = ["9223372036854775808", "-9223372036854775809", "9" * 30, "9" * 5000]


def _path(server: LocalServer, template: str) -> str:
    return template.format(org=server.org_id, group=server.project_id)


@pytest.mark.parametrize("template", LISTS)
def test_beyond_64_bits_is_an_invalid_query_parameter(server: LocalServer, template: str) -> None:
    client = server.digest()
    for name in ("pageNum", "itemsPerPage"):
        for value in BEYOND:
            response = client.get(_path(server, template), params={name: value})
            body = expect_error(response, 400, "INVALID_QUERY_PARAMETER")
            assert body["parameters"] == [name]
            assert body["detail"] == f"Invalid query parameter {name} specified."
            assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("template", LISTS)
def test_the_last_64_bit_page_is_empty(server: LocalServer, template: str) -> None:
    path = _path(server, template)
    response = server.digest().get(path, params={"pageNum": str(2**63 - 1), "itemsPerPage": "500"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["results"] == []
    assert [link["rel"] for link in body["links"]] == ["self", "previous"]
    assert f"pageNum={2**63 - 1}" in body["links"][0]["href"]
