"""The SDK against a real ``atlas-access serve`` process, sync and async, with the bootstrap service account."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from atlas_access.client import AsyncAtlasClient, AtlasClient, AtlasError
from support.process import V2_ACCEPT, ServerProcess


@pytest.fixture(autouse=True)
def no_atlas_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_sync_and_async_clients_against_a_server_process(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "data") as server:
        credentials = {"client_id": server.bootstrap["clientId"], "client_secret": server.bootstrap["clientSecret"]}
        with AtlasClient(server.base_url, **credentials) as client:
            made = client.call(
                "createOrgInvite", org_id=server.org_id, body={"username": "e2e@example.com", "roles": ["ORG_MEMBER"]}
            )
            client.organizations.delete_org_invite(server.org_id, made["id"])
            with pytest.raises(AtlasError) as raised:
                client.organizations.delete_org_invite(server.org_id, made["id"])
        assert raised.value.error_code == "INVALID_INVITATION_ID"

        async def project_flow() -> str | None:
            async with AsyncAtlasClient(server.base_url, **credentials) as client:
                made = await client.call(
                    "createGroupInvite",
                    group_id=server.project_id,
                    body={"username": "async@example.com", "roles": ["GROUP_READ_ONLY"]},
                )
                await client.projects.delete_project_invitation(server.project_id, made["id"])
                try:
                    await client.projects.delete_project_invitation(server.project_id, made["id"])
                except AtlasError as problem:
                    return problem.error_code
                return None

        assert asyncio.run(project_flow()) == "INVALID_INVITATION_ID"
        left = server.digest().get(f"/api/atlas/v2/groups/{server.project_id}/invites", headers={"Accept": V2_ACCEPT})
        assert left.json() == []
