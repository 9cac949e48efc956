"""A test file to copy: off-boarding code tested against atlas-access with its pytest plugin.

With atlas-access installed (``pip install atlas-access`` or this repository's ``make``), pytest finds the
plugin by itself; no conftest is needed. Every test starts from the server's start-up state: one organization,
one project and an org-owner API key (``atlas_access.bootstrap``), whatever the previous test did.

    pytest examples/pytest
"""

from __future__ import annotations

import asyncio

from atlas_access.client import AsyncAtlasClient, AtlasClient, BadRequest
from atlas_access.testing import Server


def cancel_pending_invitations(client: AtlasClient, org_id: str, username: str) -> int:
    """The code under test: cancel every pending invitation of ``username``; how many there were."""
    pending = client.organizations.list_org_invites(org_id, username=username)
    for invitation in pending:
        client.organizations.delete_org_invite(org_id, invitation.id)
    return len(pending)


def test_offboarding_cancels_the_pending_invitation(atlas_access: Server, atlas_client: AtlasClient) -> None:
    org_id = atlas_access.bootstrap["orgId"]
    atlas_client.organizations.create_org_invite(org_id, {"username": "leaver@example.com", "roles": ["ORG_MEMBER"]})

    assert cancel_pending_invitations(atlas_client, org_id, "leaver@example.com") == 1
    assert atlas_client.organizations.list_org_invites(org_id) == []


def test_each_test_starts_from_a_fresh_state(atlas_access: Server, atlas_client: AtlasClient) -> None:
    org_id = atlas_access.bootstrap["orgId"]
    # the invitation the previous test made and cancelled, or any other, is not here
    assert atlas_client.organizations.list_org_invites(org_id) == []
    atlas_client.organizations.create_org_invite(org_id, {"username": "stays@example.com", "roles": ["ORG_MEMBER"]})

    assert cancel_pending_invitations(atlas_client, org_id, "someone-else@example.com") == 0
    assert len(atlas_client.organizations.list_org_invites(org_id)) == 1


def test_cancelling_twice_is_the_clouds_400(atlas_access: Server, atlas_client: AtlasClient) -> None:
    org_id = atlas_access.bootstrap["orgId"]
    assert atlas_client.organizations.list_org_invites(org_id) == []
    made = atlas_client.organizations.create_org_invite(org_id, {"username": "x@example.com", "roles": ["ORG_MEMBER"]})
    atlas_client.organizations.delete_org_invite(org_id, made.id)
    try:
        atlas_client.organizations.delete_org_invite(org_id, made.id)
    except BadRequest as refused:
        assert refused.error_code == "INVALID_INVITATION_ID"
    else:
        raise AssertionError("the second cancellation was accepted")


def test_in_process_without_a_port(atlas_access_app: object, atlas_async_client: AsyncAtlasClient) -> None:
    async def run() -> list[str]:
        async with atlas_async_client as client:
            orgs = await client.organizations.list_orgs()
            return [org.name for org in orgs.results]

    assert asyncio.run(run()) == ["Atlas Access Local"]
