"""The SDK's typed organization and project reads against our server: ``client.organizations.list_orgs`` /
``iter_orgs`` / ``get_org`` and ``client.projects.list_projects`` / ``iter_projects`` / ``get_project``, with an API
key (Digest) and a service account (Bearer), sync and async."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from atlas_access.client import AsyncAtlasClient, AtlasClient, NotFound, Unauthorized
from atlas_access.client.models import AtlasOrganization, Group, Paginated
from support.server import LocalServer


@pytest.fixture
def no_atlas_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return monkeypatch


def test_an_api_key_reads_its_organization_and_project(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    server.set_time("2026-08-10T03:05:16Z")
    other = server.fixtures({"orgs": [{"name": "Elsewhere", "projects": [{"name": "Hidden"}]}]})["orgs"][0]
    keys = {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}
    with AtlasClient(server.base_url, **keys) as client:
        page = client.organizations.list_orgs()
        assert isinstance(page, Paginated)
        assert [org.id for org in page.results] == [server.org_id]
        assert page.total_count == 1
        assert [org.id for org in client.organizations.iter_orgs(items_per_page=1)] == [server.org_id]
        assert client.organizations.list_orgs(name="no such prefix").results == []

        org = client.organizations.get_org(server.org_id)
        assert isinstance(org, AtlasOrganization)
        assert (org.id, org.is_deleted, org.skip_default_alerts_settings) == (server.org_id, False, False)
        assert org.links[0].rel == "self"

        projects = client.projects.list_projects()
        assert [project.id for project in projects.results] == [server.project_id]
        project = client.projects.get_project(server.project_id)
        assert isinstance(project, Group)
        assert (project.org_id, project.cluster_count, project.tags) == (server.org_id, 0, [])
        assert isinstance(project.created, datetime) and project.created.tzinfo is not None
        assert client.projects.get_group(server.project_id) == project
        assert [p.id for p in client.projects.iter_projects()] == [server.project_id]

        with pytest.raises(Unauthorized) as refused:
            client.organizations.get_org(other["id"])
        assert refused.value.error_code == "USER_CANNOT_ACCESS_ORG"
        with pytest.raises(Unauthorized):
            client.projects.get_project(other["projects"][0]["id"])
        with pytest.raises(NotFound) as missing:
            client.projects.get_project("5f0000000000000000000000")
        assert missing.value.error_code == "GROUP_NOT_FOUND"


def test_a_fixture_project_made_at_a_known_time(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    server.set_time("2026-08-10T03:05:16Z")
    org = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Typed",
                    "projects": [{"name": "one"}, {"name": "two"}],
                    "serviceAccounts": [{"orgRoles": ["ORG_READ_ONLY"]}],
                }
            ]
        }
    )["orgs"][0]
    account = org["serviceAccounts"][0]
    with AtlasClient(server.base_url, client_id=account["clientId"], client_secret=account["clientSecret"]) as client:
        assert [o.name for o in client.organizations.list_orgs().results] == ["Typed"]
        page = client.projects.list_projects(items_per_page=1, page_num=2)
        assert [p.name for p in page.results] == ["two"]
        assert page.total_count == 2
        assert [link.rel for link in page.links] == ["self", "previous"]
        two = client.projects.get_project(page.results[0].id)
        assert two.created is not None  # the server clock runs on from the time set: a second may pass
        assert timedelta(0) <= two.created - datetime(2026, 8, 10, 3, 5, 16, tzinfo=UTC) <= timedelta(seconds=1)


def test_the_async_client_in_process(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    async def main() -> tuple[list[str], str, list[str], str]:
        async with AsyncAtlasClient(
            "http://testserver",
            client_id=server.bootstrap["clientId"],
            client_secret=server.bootstrap["clientSecret"],
            transport=httpx.ASGITransport(app=server.opened.app),
        ) as client:
            orgs = [org.id async for org in client.organizations.iter_orgs()]
            org = await client.organizations.get_org(server.org_id)
            projects = [p.id for p in (await client.projects.list_projects()).results]
            project = await client.projects.get_project(server.project_id)
            return orgs, org.name, projects, project.org_id

    orgs, name, projects, project_org = asyncio.run(main())
    assert orgs == [server.org_id]
    assert name
    assert projects == [server.project_id]
    assert project_org == server.org_id
