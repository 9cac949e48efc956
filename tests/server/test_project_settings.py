"""A project's settings (``/groups/{groupId}/settings``, 2023-01-01): ``getGroupSettings`` and
``updateGroupSettings``.

As recorded (``reference/recordings/projectsettings``): twelve booleans with the recorded defaults; the update
answers 200 with every setting afterwards. An update changes the settings it gives and no other; the four settings
the spec names project events for write them.
"""

from __future__ import annotations

import json
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
RECORDED_DEFAULTS = (
    '{"isAtlasHomePageAiAssistantEnabled":true,"isClusterAiAssistantEnabled":true,'
    '"isCollectDatabaseSpecificsStatisticsEnabled":true,"isDataExplorerEnabled":true,'
    '"isDataExplorerGenAIFeaturesEnabled":true,"isDataExplorerGenAISampleDocumentPassingEnabled":false,'
    '"isDataValidationEnabled":true,"isExtendedStorageSizesEnabled":false,"isNativeRerankingEnabled":false,'
    '"isPerformanceAdvisorEnabled":true,"isRealtimePerformancePanelEnabled":true,"isSchemaAdvisorEnabled":true}'
)


class World(ProjectWorld):
    def __init__(self, server: LocalServer) -> None:
        super().__init__(
            server,
            org="Settings Home",
            project="Set",
            project_keys={"reader": ["GROUP_READ_ONLY"]},
            accept=ACCEPT,
            prefix="set",
        )
        self.reader = self.keys["reader"]

    def update(self, group_id: str, body: Any, client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.owner).patch(path(group_id), json=body)

    def events(self, group_id: str) -> list[str]:
        response = self.owner.get(f"/api/atlas/v2/groups/{group_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        made = ("GROUP_CREATED",)
        return [e["eventTypeName"] for e in reversed(response.json()["results"]) if e["eventTypeName"] not in made]


def path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/settings"


def defaults() -> dict[str, bool]:
    found: dict[str, bool] = json.loads(RECORDED_DEFAULTS)
    return found


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("settings")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_a_new_project_has_the_recorded_defaults(world: World) -> None:
    response = world.owner.get(path(world.project()))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.text == RECORDED_DEFAULTS


def test_update_changes_what_it_gives_as_recorded(world: World) -> None:
    group = world.project()
    response = world.update(group, {"isCollectDatabaseSpecificsStatisticsEnabled": False})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    expected = {**defaults(), "isCollectDatabaseSpecificsStatisticsEnabled": False}
    assert response.json() == expected and list(response.json()) == list(expected)
    assert world.owner.get(path(group)).json() == expected
    response = world.update(group, {"isSchemaAdvisorEnabled": False, "isNativeRerankingEnabled": True})
    expected |= {"isSchemaAdvisorEnabled": False, "isNativeRerankingEnabled": True}
    assert response.json() == expected
    assert world.update(group, {}).json() == expected
    assert world.update(group, {"isSchemaAdvisorEnabled": None}).json() == expected
    assert world.owner.get(path(group)).json() == expected
    assert world.owner.get(path(world.project())).text == RECORDED_DEFAULTS  # another project keeps its own


def test_the_settings_the_spec_names_events_for_write_them(world: World) -> None:
    group = world.project()
    world.update(group, {"isDataExplorerEnabled": False, "isPerformanceAdvisorEnabled": False})
    world.update(group, {"isDataExplorerEnabled": False})  # no change, no event
    world.update(group, {"isDataExplorerEnabled": True, "isDataValidationEnabled": False})
    world.update(
        group,
        {"isExtendedStorageSizesEnabled": True, "isCollectDatabaseSpecificsStatisticsEnabled": False},
    )
    assert world.events(group) == [
        "DATA_EXPLORER_DISABLED",
        "DATA_EXPLORER_ENABLED",
        "PROJECT_ENABLE_DATA_VALIDATION_UPDATED",
        "PROJECT_COLLECT_DATABASE_STATISTICS_UPDATED",
        "PROJECT_ENABLE_EXTENDED_STORAGE_SIZES_UPDATED",
    ]


BAD_BODIES = [
    ("a-string", {"isDataExplorerEnabled": "false"}, "INVALID_JSON_ATTRIBUTE", ["isDataExplorerEnabled"]),
    ("a-number", {"isSchemaAdvisorEnabled": 0}, "INVALID_JSON_ATTRIBUTE", ["isSchemaAdvisorEnabled"]),
    (
        "unknown",
        {"isDataExplorerEnabled": False, "isEverythingEnabled": True},
        "INVALID_ATTRIBUTE",
        ["isEverythingEnabled"],
    ),
    ("an-array", [{"isDataExplorerEnabled": False}], "INVALID_JSON", []),
]


@pytest.mark.parametrize(("body", "code", "parameters"), [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_400_and_change_nothing(world: World, body: Any, code: str, parameters: list[str]) -> None:
    group = world.project()
    found = expect_error(world.update(group, body), 400, code)
    assert found["parameters"] == parameters
    assert world.owner.get(path(group)).text == RECORDED_DEFAULTS
    assert world.events(group) == []


def test_body_that_is_not_json_is_400(world: World) -> None:
    response = world.owner.patch(path(world.project()), content=b"nope", headers={"Content-Type": "application/json"})
    expect_error(response, 400, "MALFORMED_JSON")


def test_readers_read_and_owners_change(world: World) -> None:
    assert world.reader.get(path(world.roles_group)).status_code == 200
    expect_error(
        world.update(world.roles_group, {"isDataExplorerEnabled": False}, world.reader), 401, "USER_UNAUTHORIZED"
    )
    assert world.owner.get(path(world.roles_group)).text == RECORDED_DEFAULTS


def test_deleting_the_project_deletes_its_settings(world: World) -> None:
    group = world.project()
    assert world.update(group, {"isDataExplorerEnabled": False}).status_code == 200
    assert world.owner.delete(f"/api/atlas/v2/groups/{group}").status_code == 202
    rows = world.server.admin().get("/api/local/v1/export").json()["tables"]["project_settings"]
    assert all(row["group_id"] != group for row in rows)
    expect_error(world.owner.get(path(group)), 404, "GROUP_NOT_FOUND")
