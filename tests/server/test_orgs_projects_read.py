"""Reading organizations and projects (Atlas v2, 2023-01-01): ``listOrgs``, ``getOrg``, ``getOrgGroups``,
``listGroups``, ``getGroup``, ``getGroupByName``.

Who sees what: an organization is seen by whoever holds a role in it; a project by whoever may read it, a member
of the project or an ``ORG_OWNER`` / ``ORG_READ_ONLY`` of its organization (WIRE.md section 5). A caller of another
organization gets the wire's 401s (``USER_CANNOT_ACCESS_ORG``, ``NOT_IN_GROUP``), never a body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
ORG_KEYS = ["id", "isDeleted", "links", "name", "skipDefaultAlertsSettings"]
GROUP_KEYS = ["clusterCount", "created", "id", "links", "name", "orgId", "tags", "withDefaultAlertsSettings"]
MISSING = "5f0000000000000000000000"
CREATED = "2026-08-10T03:05:16Z"


def _client(server: LocalServer, key: dict[str, Any]) -> httpx.Client:
    return server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["results"]]


# --- The bootstrap credentials ------------------------------------------------------------------------------------


def test_bootstrap_key_lists_and_reads_its_organization(server: LocalServer) -> None:
    client = server.digest(accept=ACCEPT)
    listed = client.get("/api/atlas/v2/orgs")
    assert listed.status_code == 200, listed.text
    assert listed.headers["content-type"] == CONTENT_TYPE
    assert listed.headers["ratelimit-limit"] == "300"  # USER-scoped set, as recorded
    body = listed.json()
    assert list(body) == ["links", "results", "totalCount"]
    assert body["totalCount"] == 1
    assert body["links"] == [
        {
            "href": f"{server.base_url}/api/atlas/v2/orgs?includeCount=true&name=&pageNum=1&itemsPerPage=100",
            "rel": "self",
        }
    ]
    [org] = body["results"]
    assert list(org) == ORG_KEYS
    assert org["id"] == server.org_id
    assert (org["isDeleted"], org["skipDefaultAlertsSettings"]) == (False, False)
    assert org["links"] == [{"href": f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}", "rel": "self"}]

    one = client.get(f"/api/atlas/v2/orgs/{server.org_id}")
    assert one.status_code == 200, one.text
    assert one.headers["ratelimit-limit"] == "500"
    described = one.json()
    assert list(described) == ORG_KEYS
    assert {k: v for k, v in described.items() if k != "links"} == {k: v for k, v in org.items() if k != "links"}
    base = f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}"
    assert described["links"] == [
        {"href": base, "rel": "self"},
        {"href": f"{base}/groups", "rel": "https://cloud.mongodb.com/groups"},
        {"href": f"{base}/teams", "rel": "https://cloud.mongodb.com/teams"},
        {"href": f"{base}/users", "rel": "https://cloud.mongodb.com/users"},
    ]


def test_bootstrap_service_account_reads_its_project_every_way(server: LocalServer) -> None:
    client = server.bearer(accept=ACCEPT)
    listed = client.get("/api/atlas/v2/groups")
    assert _ids(listed) == [server.project_id]
    assert listed.headers["ratelimit-limit"] == "1200"
    [project] = listed.json()["results"]
    assert list(project) == GROUP_KEYS
    assert project["orgId"] == server.org_id
    assert (project["clusterCount"], project["tags"], project["withDefaultAlertsSettings"]) == (0, [], True)
    assert project["links"] == [{"href": f"{server.base_url}/api/atlas/v2/groups/{server.project_id}", "rel": "self"}]
    self_link = listed.json()["links"][0]["href"]
    assert self_link == f"{server.base_url}/api/atlas/v2/groups?includeCount=true&pageNum=1&itemsPerPage=100"

    assert _ids(client.get(f"/api/atlas/v2/orgs/{server.org_id}/groups")) == [server.project_id]

    one = client.get(f"/api/atlas/v2/groups/{server.project_id}")
    assert one.status_code == 200, one.text
    assert one.headers["content-type"] == CONTENT_TYPE
    described = one.json()
    assert list(described) == GROUP_KEYS
    base = f"{server.base_url}/api/atlas/v2/groups/{server.project_id}"
    assert [link["rel"] for link in described["links"]] == [
        "self",
        *(f"https://cloud.mongodb.com/{name}" for name in ("containers", "clusters", "databaseUsers")),
        *(f"https://cloud.mongodb.com/{name}" for name in ("peers", "processes", "whitelist")),
    ]
    assert all(link["href"] == base or link["href"].startswith(base + "/") for link in described["links"])

    by_name = client.get(f"/api/atlas/v2/groups/byName/{quote(project['name'])}")
    assert by_name.status_code == 200, by_name.text
    assert by_name.json() == described


# --- A world of two organizations ---------------------------------------------------------------------------------


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        server.set_time(CREATED)

        def key(label: str, org_roles: list[str], project_roles: dict[str, list[str]] | None = None) -> dict[str, Any]:
            return {"description": label, "orgRoles": org_roles, "projectRoles": project_roles or {}}

        alpha, beta = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Alpha Org",
                        "projects": [{"name": "P1"}, {"name": "p2"}, {"name": "Q3"}, {"name": "events"}],
                        "apiKeys": [
                            key("owner", ["ORG_OWNER"]),
                            key("member", ["ORG_MEMBER"], {"P1": ["GROUP_READ_ONLY"]}),
                            key("read-only", ["ORG_READ_ONLY"]),
                            key("creator", ["ORG_GROUP_CREATOR"]),
                        ],
                    },
                    {"name": "Beta Org", "projects": [{"name": "P1"}], "apiKeys": [key("owner", ["ORG_OWNER"])]},
                ]
            }
        )["orgs"]
        self.alpha, self.beta = alpha["id"], beta["id"]
        self.projects = {p["name"]: p["id"] for p in alpha["projects"]}
        self.beta_p1 = beta["projects"][0]["id"]
        self.owner, self.member, self.read_only, self.creator = (_client(server, k) for k in alpha["apiKeys"])
        self.beta_owner = _client(server, beta["apiKeys"][0])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("orgs-projects")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_each_key_lists_only_its_own_organization(world: World) -> None:
    assert _ids(world.owner.get("/api/atlas/v2/orgs")) == [world.alpha]
    assert _ids(world.creator.get("/api/atlas/v2/orgs")) == [world.alpha]
    assert _ids(world.beta_owner.get("/api/atlas/v2/orgs")) == [world.beta]


def test_another_organization_is_refused(world: World) -> None:
    expect_error(world.owner.get(f"/api/atlas/v2/orgs/{world.beta}"), 401, "USER_CANNOT_ACCESS_ORG")
    expect_error(world.owner.get(f"/api/atlas/v2/orgs/{world.beta}/groups"), 401, "USER_CANNOT_ACCESS_ORG")
    body = expect_error(world.owner.get(f"/api/atlas/v2/groups/{world.beta_p1}"), 401, "NOT_IN_GROUP")
    assert body["detail"] == "The current user is not in the group, or the group does not exist."
    expect_error(world.beta_owner.get(f"/api/atlas/v2/groups/{world.projects['P1']}"), 401, "NOT_IN_GROUP")


def test_projects_are_listed_for_who_may_read_them(world: World) -> None:
    # By name in code-point order (upper case first), as the recorded project list is.
    everything = [world.projects[name] for name in ("P1", "Q3", "events", "p2")]
    assert _ids(world.owner.get("/api/atlas/v2/groups")) == everything
    assert _ids(world.read_only.get("/api/atlas/v2/groups")) == everything
    assert _ids(world.member.get("/api/atlas/v2/groups")) == [world.projects["P1"]]
    assert _ids(world.creator.get("/api/atlas/v2/groups")) == []  # may create projects, sees none it is not in
    assert _ids(world.beta_owner.get("/api/atlas/v2/groups")) == [world.beta_p1]
    # The organization's project list shows the same, for any org role.
    assert _ids(world.member.get(f"/api/atlas/v2/orgs/{world.alpha}/groups")) == [world.projects["P1"]]
    assert _ids(world.creator.get(f"/api/atlas/v2/orgs/{world.alpha}/groups")) == []
    assert _ids(world.read_only.get(f"/api/atlas/v2/orgs/{world.alpha}/groups")) == everything


def test_a_project_is_read_by_its_members_and_implied_roles_only(world: World) -> None:
    p1, p2 = world.projects["P1"], world.projects["p2"]
    assert world.member.get(f"/api/atlas/v2/groups/{p1}").status_code == 200
    assert world.read_only.get(f"/api/atlas/v2/groups/{p2}").status_code == 200
    expect_error(world.member.get(f"/api/atlas/v2/groups/{p2}"), 401, "NOT_IN_GROUP")
    expect_error(world.creator.get(f"/api/atlas/v2/groups/{p1}"), 401, "NOT_IN_GROUP")
    assert world.creator.get(f"/api/atlas/v2/orgs/{world.alpha}").status_code == 200


def test_created_is_the_server_time_of_creation(world: World) -> None:
    project = world.owner.get(f"/api/atlas/v2/groups/{world.projects['P1']}").json()
    # The clock runs on from the time set before the fixtures: a second may have passed.
    assert project["created"] in (CREATED, CREATED.replace(":16Z", ":17Z"))
    assert (project["name"], project["orgId"]) == ("P1", world.alpha)


def test_by_name_finds_the_callers_own_project(world: World) -> None:
    """Project names are unique within an organization only: both organizations have a ``P1``."""
    assert world.owner.get("/api/atlas/v2/groups/byName/P1").json()["id"] == world.projects["P1"]
    assert world.beta_owner.get("/api/atlas/v2/groups/byName/P1").json()["id"] == world.beta_p1
    assert world.owner.get("/api/atlas/v2/groups/byName/events").json()["id"] == world.projects["events"]
    expect_error(world.member.get("/api/atlas/v2/groups/byName/p2"), 401, "NOT_IN_GROUP")
    expect_error(world.beta_owner.get("/api/atlas/v2/groups/byName/Q3"), 401, "NOT_IN_GROUP")
    body = expect_error(world.owner.get("/api/atlas/v2/groups/byName/nothing-here"), 404, "GROUP_NAME_NOT_FOUND")
    assert body["detail"] == "No group with name nothing-here exists."
    assert body["parameters"] == ["nothing-here"]
    body = expect_error(world.owner.get("/api/atlas/v2/groups/byName/" + "x" * 65), 400, "INVALID_PATH_PARAMETER")
    assert body["parameters"] == ["groupName"]


def test_name_filters_are_case_insensitive_prefixes(world: World) -> None:
    assert _ids(world.owner.get("/api/atlas/v2/orgs?name=alp")) == [world.alpha]
    assert _ids(world.owner.get("/api/atlas/v2/orgs?name=Org")) == []
    assert _ids(world.owner.get("/api/atlas/v2/orgs?name=")) == [world.alpha]
    response = world.owner.get(f"/api/atlas/v2/orgs/{world.alpha}/groups?name=p")
    assert _ids(response) == [world.projects["P1"], world.projects["p2"]]
    assert response.json()["totalCount"] == 2
    assert urlsplit(response.json()["links"][0]["href"]).query == "includeCount=true&name=p&pageNum=1&itemsPerPage=100"


def test_pages_and_their_links(world: World) -> None:
    path = f"/api/atlas/v2/orgs/{world.alpha}/groups"
    first = world.owner.get(f"{path}?itemsPerPage=2").json()
    second = world.owner.get(f"{path}?itemsPerPage=2&pageNum=2").json()
    assert [r["name"] for r in first["results"] + second["results"]] == ["P1", "Q3", "events", "p2"]
    assert (first["totalCount"], second["totalCount"]) == (4, 4)
    base = f"{world.server.base_url}{path}?includeCount=true&name="
    assert first["links"] == [
        {"href": f"{base}&pageNum=1&itemsPerPage=2", "rel": "self"},
        {"href": f"{base}&itemsPerPage=2&pageNum=2", "rel": "next"},
    ]
    assert [link["rel"] for link in second["links"]] == ["self", "previous"]
    middle = world.owner.get("/api/atlas/v2/groups?itemsPerPage=1&pageNum=2").json()
    assert [link["rel"] for link in middle["links"]] == ["self", "next", "previous"]
    assert middle["links"][1]["href"] == (
        f"{world.server.base_url}/api/atlas/v2/groups?includeCount=true&itemsPerPage=1&pageNum=3"
    )
    assert world.owner.get("/api/atlas/v2/groups?includeCount=false").json()["totalCount"] == 0
    assert world.owner.get("/api/atlas/v2/orgs?pageNum=2").json()["results"] == []


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        (f"/api/atlas/v2/orgs/{MISSING}", 404, "ORG_NOT_FOUND"),
        (f"/api/atlas/v2/orgs/{MISSING}/groups", 404, "ORG_NOT_FOUND"),
        (f"/api/atlas/v2/groups/{MISSING}", 404, "GROUP_NOT_FOUND"),
        ("/api/atlas/v2/orgs/not-an-id", 404, "INVALID_ORG_ID"),
        ("/api/atlas/v2/orgs/5F0000000000000000000000/groups", 404, "INVALID_ORG_ID"),
        ("/api/atlas/v2/groups/not-an-id", 404, "INVALID_GROUP_ID"),
        ("/api/atlas/v2/orgs?itemsPerPage=0", 400, "INVALID_QUERY_PARAMETER"),
        ("/api/atlas/v2/groups?pageNum=x", 400, "INVALID_QUERY_PARAMETER"),
        ("/api/atlas/v2/groups?includeCount=maybe", 400, "INVALID_QUERY_PARAMETER"),
    ],
)
def test_unknown_and_malformed(world: World, path: str, status: int, code: str) -> None:
    body = expect_error(world.owner.get(path), status, code)
    if code in ("ORG_NOT_FOUND", "GROUP_NOT_FOUND"):
        assert body["parameters"] == [MISSING]
        assert MISSING in body["detail"]


def test_reads_need_credentials_and_a_version(world: World) -> None:
    anonymous = world.server.client(accept=ACCEPT)
    for path in ("/api/atlas/v2/orgs", "/api/atlas/v2/groups", f"/api/atlas/v2/orgs/{world.alpha}"):
        assert anonymous.get(path).status_code == 401
    response = world.owner.get("/api/atlas/v2/groups", headers={"Accept": "application/json"})
    expect_error(response, 406, "INVALID_VERSION_DATE")
    newer = world.owner.get("/api/atlas/v2/orgs", headers={"Accept": "application/vnd.atlas.2025-03-12+json"})
    assert newer.headers["content-type"] == CONTENT_TYPE


def test_writes_are_not_served_yet(world: World) -> None:
    """Only the reads exist: other methods on these paths answer 405 with the paths' Allow list."""
    response = world.owner.delete("/api/atlas/v2/groups/byName/P1")
    expect_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "GET"
