"""A project's database auditing configuration (``/groups/{groupId}/auditLog``, 2023-01-01): ``getGroupAuditLog``
and ``updateGroupAuditLog``.

As recorded (``reference/recordings/auditing``): a new project answers ``{auditAuthorizationSuccess: false,
configurationType: "NONE", enabled: false}``; the update answers 202 with the configuration afterwards, the filter
as given and ``configurationType`` ``FILTER_JSON``. Only a project owner reads or changes it (the spec).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.project_world import ProjectWorld
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
DEFAULT = {"auditAuthorizationSuccess": False, "configurationType": "NONE", "enabled": False}
FILE_FILTER = (
    '{\n  "atype": "authCheck",\n  "param.command": {\n    "$in": [\n      "insert",\n      "update",\n'
    '      "delete"\n    ]\n  }\n}'
)


class World(ProjectWorld):
    def __init__(self, server: LocalServer) -> None:
        super().__init__(
            server,
            org="Auditing Home",
            project="Audited",
            project_keys={"admin": ["GROUP_DATABASE_ACCESS_ADMIN", "GROUP_READ_ONLY"]},
            accept=ACCEPT,
            prefix="audit",
        )
        self.admin = self.keys["admin"]

    def update(self, group_id: str, body: Any, client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.owner).patch(path(group_id), json=body)

    def events(self, group_id: str) -> list[str]:
        response = self.owner.get(f"/api/atlas/v2/groups/{group_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return [e["eventTypeName"] for e in reversed(response.json()["results"]) if "AUDIT" in e["eventTypeName"]]


def path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/auditLog"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("auditing")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_a_new_project_has_auditing_off(world: World) -> None:
    response = world.owner.get(path(world.project()))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.text == ('{"auditAuthorizationSuccess":false,"configurationType":"NONE","enabled":false}')


def test_update_answers_202_with_the_filter_as_given_as_recorded(world: World) -> None:
    group = world.project()
    body = {"auditAuthorizationSuccess": True, "auditFilter": '{"atype": "authenticate"}', "enabled": True}
    response = world.update(group, body)
    assert response.status_code == 202, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    expected = {**body, "configurationType": "FILTER_JSON"}
    assert response.json() == expected
    assert list(response.json()) == ["auditAuthorizationSuccess", "auditFilter", "configurationType", "enabled"]
    assert world.owner.get(path(group)).json() == expected
    assert world.events(group) == ["AUDIT_LOG_CONFIGURATION_UPDATED"]
    # From a file: the text is kept as given, its spacing and line breaks included.
    response = world.update(group, {"auditFilter": FILE_FILTER})
    assert response.status_code == 202, response.text
    assert response.json() == {**expected, "auditFilter": FILE_FILTER}
    assert world.owner.get(path(group)).json()["auditFilter"] == FILE_FILTER
    assert world.events(group) == ["AUDIT_LOG_CONFIGURATION_UPDATED"] * 2


def test_an_update_changes_what_it_gives_and_nothing_writes_nothing(world: World) -> None:
    group = world.project()
    response = world.update(group, {"enabled": True})
    assert response.status_code == 202, response.text
    assert response.json() == {**DEFAULT, "enabled": True}
    response = world.update(group, {"auditAuthorizationSuccess": True})
    assert response.json() == {**DEFAULT, "enabled": True, "auditAuthorizationSuccess": True}
    assert world.update(group, {}).json() == response.json()
    assert world.update(group, {"enabled": True, "auditAuthorizationSuccess": None}).json() == response.json()
    response = world.update(group, {"enabled": False})
    assert response.json() == {**DEFAULT, "auditAuthorizationSuccess": True}
    assert world.events(group) == ["AUDIT_LOG_CONFIGURATION_UPDATED"] * 3


def test_configuration_type_is_read_only(world: World) -> None:
    group = world.project()
    response = world.update(group, {"configurationType": "FILTER_BUILDER", "enabled": True})
    assert response.status_code == 202, response.text
    assert response.json()["configurationType"] == "NONE"


BAD_BODIES = [
    ("filter-not-json", {"auditFilter": "{atype: authenticate"}, "INVALID_JSON_ATTRIBUTE", ["auditFilter"]),
    ("filter-not-a-document", {"auditFilter": '["authenticate"]'}, "INVALID_JSON_ATTRIBUTE", ["auditFilter"]),
    ("filter-empty", {"auditFilter": ""}, "INVALID_JSON_ATTRIBUTE", ["auditFilter"]),
    ("filter-an-object", {"auditFilter": {"atype": "authenticate"}}, "INVALID_JSON_ATTRIBUTE", ["auditFilter"]),
    ("enabled-a-string", {"enabled": "true"}, "INVALID_JSON_ATTRIBUTE", ["enabled"]),
    ("unknown", {"enabled": True, "auditEverything": True}, "INVALID_ATTRIBUTE", ["auditEverything"]),
    ("an-array", [{"enabled": True}], "INVALID_JSON", []),
]


@pytest.mark.parametrize(("body", "code", "parameters"), [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_400_and_change_nothing(world: World, body: Any, code: str, parameters: list[str]) -> None:
    group = world.project()
    found = expect_error(world.update(group, body), 400, code)
    assert found["parameters"] == parameters
    assert world.owner.get(path(group)).json() == DEFAULT
    assert world.events(group) == []


def test_body_that_is_not_json_is_400(world: World) -> None:
    response = world.owner.patch(path(world.project()), content=b"{", headers={"Content-Type": "application/json"})
    expect_error(response, 400, "MALFORMED_JSON")


def test_only_a_project_owner_reads_or_changes_it(world: World) -> None:
    expect_error(world.admin.get(path(world.roles_group)), 401, "USER_UNAUTHORIZED")
    expect_error(world.update(world.roles_group, {"enabled": True}, world.admin), 401, "USER_UNAUTHORIZED")
    assert world.owner.get(path(world.roles_group)).json() == DEFAULT


def test_deleting_the_project_deletes_its_configuration(world: World) -> None:
    group = world.project()
    assert world.update(group, {"enabled": True}).status_code == 202
    assert world.owner.delete(f"/api/atlas/v2/groups/{group}").status_code == 202
    rows = world.server.admin().get("/api/local/v1/export").json()["tables"]["project_audit_logs"]
    assert all(row["group_id"] != group for row in rows)
    expect_error(world.owner.get(path(group)), 404, "GROUP_NOT_FOUND")
