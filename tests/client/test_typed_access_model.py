"""The SDK's typed calls for the rest of the access model against the real server, each flow run twice: with
``AtlasClient`` and with ``AsyncAtlasClient`` (``client.teams``, ``client.programmatic_api_keys``,
``client.service_accounts``, the team-member calls of ``client.mongo_db_cloud_users``, and creating, updating and
deleting organizations and projects).

A flow is written once, as a coroutine: ``ask`` passes a synchronous answer through and awaits an asynchronous one,
``every`` collects an iterator of either kind.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access import spec
from atlas_access.client import AsyncAtlasClient, AtlasClient, BadRequest, Conflict, NotFound, Unauthorized
from atlas_access.client.api import _typed_calls
from atlas_access.client.models import (
    AddOrRemoveUserFromTeam,
    AddUserToTeam,
    ApiKeyUserDetails,
    CloudAppUser,
    CreateAtlasOrganizationApiKey,
    CreateAtlasProjectApiKey,
    CreateOrganizationRequest,
    CreateOrganizationResponse,
    Group,
    GroupServiceAccount,
    GroupServiceAccountRoleAssignment,
    GroupUpdate,
    OrgServiceAccount,
    OrgServiceAccountRequest,
    OrgServiceAccountUpdateRequest,
    OrgUserResponse,
    Paginated,
    ResourceTag,
    ServiceAccountGroup,
    ServiceAccountIPAccessListEntry,
    ServiceAccountSecret,
    ServiceAccountSecretRequest,
    Team,
    TeamResponse,
    TeamRole,
    TeamUpdate,
    UpdateAtlasOrganizationApiKey,
    UpdateAtlasProjectApiKey,
    UserAccessListRequest,
    UserAccessListResponse,
    UserAccessRoleAssignment,
)
from support.server import LocalServer

MISSING = "5f0000000000000000000000"
MASK = "********-****-****-"
Client = AtlasClient | AsyncAtlasClient
Flow = Callable[..., Awaitable[None]]


@pytest.fixture(autouse=True)
def no_atlas_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


async def ask(answer: Any) -> Any:
    """The answer of a typed call, sync or async."""
    return await answer if isinstance(answer, Awaitable) else answer


async def every(items: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    if isinstance(items, AsyncIterator):
        return [item async for item in items]
    return list(items)


def run(mode: str, server: LocalServer, flow: Flow, *, seen: list[str] | None = None, **credentials: str) -> None:
    """Run ``flow(client)`` with a client of ``mode`` holding ``credentials`` (the bootstrap API key by default);
    ``seen`` collects the raw path and query of every request sent."""
    if not credentials:
        credentials = {
            "public_api_key": server.bootstrap["publicKey"],
            "private_api_key": server.bootstrap["privateKey"],
        }

    async def main() -> None:
        if mode == "sync":

            def record(request: httpx.Request) -> None:
                if seen is not None:
                    seen.append(request.url.raw_path.decode())

            with AtlasClient(server.base_url, event_hooks={"request": [record]}, **credentials) as client:
                await flow(client)
        else:

            async def record_async(request: httpx.Request) -> None:
                if seen is not None:
                    seen.append(request.url.raw_path.decode())

            async with AsyncAtlasClient(
                server.base_url, event_hooks={"request": [record_async]}, **credentials
            ) as client:
                await flow(client)

    asyncio.run(main())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


def _owned_org(server: LocalServer, name: str) -> dict[str, Any]:
    """A fixture organization with a project (Apps), two active users (ann, bob) and an owner API key."""
    [org] = server.fixtures(
        {
            "orgs": [
                {
                    "name": name,
                    "projects": [{"name": "Apps"}],
                    "users": [
                        {"username": "ann@example.com", "orgRoles": ["ORG_MEMBER"], "firstName": "Ann"},
                        {"username": "bob@example.com", "orgRoles": ["ORG_MEMBER"], "firstName": "Bob"},
                    ],
                    "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"]
    return org


# --- teams --------------------------------------------------------------------------------------------------------


@MODES
def test_a_team_with_a_user_assigned_to_a_project(server: LocalServer, mode: str) -> None:
    org = _owned_org(server, f"Teams {mode}")
    org_id, project_id = org["id"], org["projects"][0]["id"]
    users = {user["username"]: user["id"] for user in org["users"]}
    key = org["apiKeys"][0]

    async def flow(client: Client) -> None:
        teams = client.teams
        made = await ask(teams.create_team(org_id, {"name": "Platform", "usernames": ["ann@example.com"]}))
        assert isinstance(made, Team)
        assert (made.name, made.usernames) == ("Platform", ["ann@example.com"])
        assert made.links[0].rel == "self"
        with pytest.raises(Conflict) as duplicate:
            await ask(teams.create_org_team(org_id, {"name": "Platform", "usernames": ["bob@example.com"]}))
        assert duplicate.value.error_code == "DUPLICATE_TEAM_NAME"

        page = await ask(teams.list_organization_teams(org_id))
        assert isinstance(page, Paginated) and page.total_count == 1
        assert [(t.id, t.name) for t in page.results] == [(made.id, "Platform")]
        assert [t.id for t in await every(teams.iter_organization_teams(org_id, items_per_page=1))] == [made.id]
        found = await ask(teams.get_team_by_id(org_id, made.id))
        assert isinstance(found, TeamResponse) and found.name == "Platform"
        assert await ask(teams.get_team_by_name(org_id, "Platform")) == found
        assert await ask(teams.get_org_team(org_id, made.id)) == found

        # the 2025-02-19 members: in client.mongo_db_cloud_users, as in the Go SDK
        users_api = client.mongo_db_cloud_users
        bob = await ask(
            users_api.add_user_to_team(org_id, made.id, AddOrRemoveUserFromTeam(id=users["bob@example.com"]))
        )
        assert isinstance(bob, OrgUserResponse) and made.id in bob.team_ids
        members = await ask(users_api.list_team_users(org_id, made.id))
        assert [u.username for u in members.results] == ["ann@example.com", "bob@example.com"]
        assert [u.username for u in await every(users_api.iter_team_users(org_id, made.id, items_per_page=1))] == [
            "ann@example.com",
            "bob@example.com",
        ]
        left = await ask(users_api.remove_org_team_user(org_id, made.id, {"id": users["bob@example.com"]}))
        assert made.id not in left.team_ids

        # the deprecated members calls, active users only
        added = await ask(teams.add_team_user(org_id, made.id, [AddUserToTeam(id=users["bob@example.com"])]))
        assert all(isinstance(u, CloudAppUser) for u in added.results)
        assert [u.username for u in added.results] == ["bob@example.com", "ann@example.com"]  # the added first
        assert {r.role_name for r in added.results[0].roles} == {"ORG_MEMBER"}
        assert await ask(teams.remove_team_user(org_id, made.id, users["bob@example.com"])) is None
        left_page = await ask(users_api.list_org_team_users(org_id, made.id, username="bob@example.com"))
        assert left_page.results == []

        # the team in a project
        assigned = await ask(
            teams.add_all_teams_to_project(project_id, [TeamRole(team_id=made.id, role_names=["GROUP_READ_ONLY"])])
        )
        assert [(r.team_id, r.role_names) for r in assigned.results] == [(made.id, ["GROUP_READ_ONLY"])]
        one = await ask(teams.get_group_team(project_id, made.id))
        assert isinstance(one, TeamRole) and one.role_names == ["GROUP_READ_ONLY"]
        changed = await ask(teams.update_team_roles(project_id, made.id, {"roleNames": ["GROUP_OWNER"]}))
        assert [r.role_names for r in changed.results] == [["GROUP_OWNER"]]
        listed = await ask(teams.list_project_teams(project_id))
        assert [(r.team_id, r.role_names) for r in listed.results] == [(made.id, ["GROUP_OWNER"])]
        assert await every(teams.iter_project_teams(project_id)) == listed.results
        with pytest.raises(Conflict) as assigned_still:
            await ask(teams.delete_team(org_id, made.id))
        assert assigned_still.value.error_code == "CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT"

        renamed = await ask(teams.rename_team(org_id, made.id, TeamUpdate(name="Platform team")))
        assert (renamed.id, renamed.name) == (made.id, "Platform team")
        assert await ask(teams.remove_group_team(project_id, made.id)) is None
        assert (await ask(teams.list_group_teams(project_id))).results == []
        assert await ask(teams.delete_team(org_id, made.id)) is None
        with pytest.raises(NotFound) as gone:
            await ask(teams.get_team_by_id(org_id, made.id))
        assert gone.value.error_code == "TEAM_NOT_FOUND"

    run(mode, server, flow, public_api_key=key["publicKey"], private_api_key=key["privateKey"])


# --- programmatic API keys ----------------------------------------------------------------------------------------


@MODES
def test_an_org_api_key_and_its_access_list_by_address_and_by_cidr(server: LocalServer, mode: str) -> None:
    org_id, project_id = server.org_id, server.project_id
    seen: list[str] = []

    async def flow(client: Client) -> None:
        keys = client.programmatic_api_keys
        made = await ask(keys.create_api_key(org_id, CreateAtlasOrganizationApiKey(desc="ci", roles=["ORG_MEMBER"])))
        assert isinstance(made, ApiKeyUserDetails)
        assert made.private_key and not made.private_key.startswith(MASK)  # whole, this once
        assert [(r.org_id, r.role_name) for r in made.roles] == [(org_id, "ORG_MEMBER")]
        shown = await ask(keys.get_api_key(org_id, made.id))
        assert shown.private_key is not None and shown.private_key.startswith(MASK)
        assert shown.private_key != made.private_key and (shown.public_key, shown.desc) == (made.public_key, "ci")
        assert made.id in {k.id for k in await every(keys.iter_api_keys(org_id, items_per_page=1))}
        assert made.id in {k.id for k in (await ask(keys.list_org_api_keys(org_id))).results}
        updated = await ask(keys.update_api_key(org_id, made.id, UpdateAtlasOrganizationApiKey(desc="ci runner")))
        assert updated.desc == "ci runner"

        entries = await ask(
            keys.create_api_key_access_list(
                org_id, made.id, [UserAccessListRequest(ip_address="192.0.2.7"), {"cidrBlock": "10.0.0.0/24"}]
            )
        )
        assert all(isinstance(e, UserAccessListResponse) for e in entries.results)
        assert {(e.cidr_block, e.ip_address) for e in entries.results} == {
            ("192.0.2.7/32", "192.0.2.7"),
            ("10.0.0.0/24", None),
        }
        cidr = await ask(keys.get_api_key_access_list(org_id, made.id, "10.0.0.0/24"))
        assert (cidr.cidr_block, cidr.ip_address) == ("10.0.0.0/24", None)
        assert isinstance(cidr.created, datetime) and cidr.links[0].href.endswith("/accessList/10.0.0.0%2F24")
        address = await ask(keys.get_org_api_key_access_list_entry(org_id, made.id, "192.0.2.7"))
        assert address.ip_address == "192.0.2.7"
        assert await ask(keys.delete_api_key_access_list_entry(org_id, made.id, "10.0.0.0/24")) is None
        with pytest.raises(NotFound) as gone:
            await ask(keys.get_api_key_access_list(org_id, made.id, "10.0.0.0/24"))
        assert gone.value.error_code == "ACCESS_LIST_ENTRY_NOT_FOUND"
        left = await every(keys.iter_api_key_access_lists_entries(org_id, made.id))
        assert [e.cidr_block for e in left] == ["192.0.2.7/32"]
        assert (await ask(keys.list_api_key_access_lists_entries(org_id, made.id))).total_count == 1

        # in a project
        assert (
            await ask(keys.add_project_api_key(project_id, made.id, [UserAccessRoleAssignment(roles=["GROUP_OWNER"])]))
            is None
        )
        in_project = await ask(keys.list_project_api_keys(project_id))
        assert made.id in {k.id for k in in_project.results}
        roles = await ask(
            keys.update_api_key_roles(project_id, made.id, UpdateAtlasProjectApiKey(roles=["GROUP_READ_ONLY"]))
        )
        assert [(r.group_id, r.role_name) for r in roles.roles if r.group_id] == [(project_id, "GROUP_READ_ONLY")]
        assert await ask(keys.remove_project_api_key(project_id, made.id)) is None
        assert made.id not in {k.id for k in await every(keys.iter_project_api_keys(project_id))}
        project_key = await ask(
            keys.create_project_api_key(project_id, CreateAtlasProjectApiKey(desc="deploy", roles=["GROUP_READ_ONLY"]))
        )
        assert project_key.private_key and not project_key.private_key.startswith(MASK)
        assert {(r.group_id, r.role_name) for r in project_key.roles if r.group_id} == {(project_id, "GROUP_READ_ONLY")}

        for key_id in (made.id, project_key.id):
            assert await ask(keys.delete_api_key(org_id, key_id)) is None
        with pytest.raises(BadRequest) as deleted:
            await ask(keys.get_api_key(org_id, made.id))
        assert deleted.value.error_code == "API_KEY_NOT_FOUND"

    run(mode, server, flow, seen=seen)
    # the CIDR reaches the server with its slash escaped, as the spec asks
    entry_paths = [path for path in seen if "/accessList/" in path]
    assert entry_paths and all(
        path.endswith(("/accessList/10.0.0.0%2F24", "/accessList/192.0.2.7")) for path in entry_paths
    )


# --- service accounts ---------------------------------------------------------------------------------------------


@MODES
def test_a_service_account_mints_a_token_and_gets_a_second_secret(server: LocalServer, mode: str) -> None:
    org_id, project_id = server.org_id, server.project_id
    tokens: list[str] = []

    async def flow(client: Client) -> None:
        accounts = client.service_accounts
        request = OrgServiceAccountRequest(
            name="ci bot", description="CI", roles=["ORG_MEMBER"], secret_expires_after_hours=24
        )
        made = await ask(accounts.create_service_account(org_id, request))
        assert isinstance(made, OrgServiceAccount)
        assert made.client_id.startswith("mdb_sa_id_") and made.roles == ["ORG_MEMBER"]
        [first] = made.secrets
        assert isinstance(first, ServiceAccountSecret) and first.secret and first.masked_secret_value
        assert first.expires_at - first.created_at == timedelta(hours=24)
        tokens.append(server.token(made.client_id, first.secret))  # the secret works
        with AtlasClient(server.base_url, access_token=tokens[0]) as as_account:
            assert as_account.organizations.get_org(org_id).id == org_id

        shown = await ask(accounts.get_service_account(org_id, made.client_id))
        assert shown.secrets[0].secret is None and shown.secrets[0].masked_secret_value == first.masked_secret_value
        assert made.client_id in {a.client_id for a in await every(accounts.iter_service_accounts(org_id))}
        assert made.client_id in {a.client_id for a in (await ask(accounts.list_org_service_accounts(org_id))).results}
        second = await ask(
            accounts.create_service_account_secret(
                org_id, made.client_id, ServiceAccountSecretRequest(secret_expires_after_hours=48)
            )
        )
        assert second.secret and second.id != first.id
        tokens.append(server.token(made.client_id, second.secret))
        assert len((await ask(accounts.get_service_account(org_id, made.client_id))).secrets) == 2
        assert await ask(accounts.delete_service_account_secret(org_id, made.client_id, first.id)) is None
        assert [s.id for s in (await ask(accounts.get_org_service_account(org_id, made.client_id))).secrets] == [
            second.id
        ]
        renamed = await ask(
            accounts.update_service_account(org_id, made.client_id, OrgServiceAccountUpdateRequest(name="ci robot"))
        )
        assert (renamed.name, renamed.description) == ("ci robot", "CI")

        # its access list, by address and by CIDR block (127.0.0.1 stays: the tests reach the server from there)
        entries = await ask(
            accounts.create_service_account_access_list(
                org_id,
                made.client_id,
                [ServiceAccountIPAccessListEntry(ip_address="127.0.0.1"), {"cidrBlock": "10.1.0.0/16"}],
            )
        )
        assert {e.cidr_block for e in entries.results} == {"127.0.0.1/32", "10.1.0.0/16"}
        assert all(isinstance(e.created_at, datetime) for e in entries.results)
        assert (
            await ask(accounts.delete_service_account_access_list_entry(org_id, made.client_id, "10.1.0.0/16")) is None
        )
        left = await every(accounts.iter_service_account_access_list(org_id, made.client_id))
        assert [e.ip_address for e in left] == ["127.0.0.1"]

        # in a project
        invited = await ask(
            accounts.add_project_service_account(
                project_id, made.client_id, GroupServiceAccountRoleAssignment(roles=["GROUP_READ_ONLY"])
            )
        )
        assert isinstance(invited, GroupServiceAccount) and invited.roles == ["GROUP_READ_ONLY"]
        projects = await ask(accounts.list_service_account_projects(org_id, made.client_id))
        assert [(p.group_id, p.roles) for p in projects.results] == [(project_id, ["GROUP_READ_ONLY"])]
        assert all(
            isinstance(p, ServiceAccountGroup)
            for p in await every(accounts.iter_service_account_projects(org_id, made.client_id))
        )
        here = await ask(accounts.get_project_service_account(project_id, made.client_id))
        assert here.roles == ["GROUP_READ_ONLY"]
        updated = await ask(
            accounts.update_project_service_account(project_id, made.client_id, {"roles": ["GROUP_OWNER"]})
        )
        assert updated.roles == ["GROUP_OWNER"]
        listed = await every(accounts.iter_project_service_accounts(project_id))
        assert made.client_id in {a.client_id for a in listed}
        assert await ask(accounts.delete_project_service_account(project_id, made.client_id)) is None
        with pytest.raises(NotFound) as out:
            await ask(accounts.get_group_service_account(project_id, made.client_id))
        assert out.value.error_code == "SERVICE_ACCOUNT_NOT_FOUND"
        assert await ask(accounts.delete_service_account(org_id, made.client_id)) is None
        with pytest.raises(NotFound):
            await ask(accounts.get_service_account(org_id, made.client_id))

    run(mode, server, flow)
    assert len(tokens) == 2 and all(tokens)


@MODES
def test_a_project_service_account_and_its_secrets_from_the_project(server: LocalServer, mode: str) -> None:
    project_id = server.project_id

    async def flow(client: Client) -> None:
        accounts = client.service_accounts
        made = await ask(
            accounts.create_project_service_account(
                project_id,
                {"name": "deployer", "description": "CD", "roles": ["GROUP_READ_ONLY"], "secretExpiresAfterHours": 8},
            )
        )
        assert isinstance(made, GroupServiceAccount) and made.roles == ["GROUP_READ_ONLY"]
        extra = await ask(
            accounts.create_project_service_account_secret(project_id, made.client_id, {"secretExpiresAfterHours": 12})
        )
        assert extra.secret
        assert await ask(accounts.delete_project_service_account_secret(project_id, made.client_id, extra.id)) is None
        page = await ask(
            accounts.create_project_service_account_access_list(
                project_id, made.client_id, [{"cidrBlock": "192.0.2.0/24"}]
            )
        )
        assert [e.cidr_block for e in page.results] == ["192.0.2.0/24"]
        assert (
            await ask(accounts.list_project_service_account_access_list(project_id, made.client_id))
        ).total_count == 1
        assert (
            await ask(
                accounts.delete_project_service_account_access_list_entry(project_id, made.client_id, "192.0.2.0/24")
            )
            is None
        )
        assert await every(accounts.iter_project_service_account_access_list(project_id, made.client_id)) == []
        assert made.client_id in {
            a.client_id for a in (await ask(accounts.list_project_service_accounts(project_id))).results
        }

    run(mode, server, flow)


# --- organizations and projects -----------------------------------------------------------------------------------


@MODES
def test_an_organization_with_a_first_api_key_is_created_renamed_and_deleted(server: LocalServer, mode: str) -> None:
    created: list[CreateOrganizationResponse] = []

    async def create(client: Client) -> None:
        request = CreateOrganizationRequest(
            name=f"Typed org {mode}", api_key=CreateAtlasOrganizationApiKey(desc="first", roles=["ORG_OWNER"])
        )
        made = await ask(client.organizations.create_organization(request))
        assert isinstance(made, CreateOrganizationResponse)
        assert made.organization.name == f"Typed org {mode}" and made.service_account is None
        assert made.api_key is not None and made.api_key.private_key and not made.api_key.private_key.startswith(MASK)
        assert [(r.org_id, r.role_name) for r in made.api_key.roles] == [(made.organization.id, "ORG_OWNER")]
        created.append(made)

    run(mode, server, create)
    [made] = created
    assert made.api_key is not None and made.api_key.private_key is not None
    org_id = made.organization.id

    async def as_its_key(client: Client) -> None:
        orgs = client.organizations
        renamed = await ask(orgs.update_organization(org_id, {"name": f"Renamed {mode}"}))
        assert (renamed.id, renamed.name) == (org_id, f"Renamed {mode}")
        assert (await ask(orgs.get_org(org_id))).name == f"Renamed {mode}"
        with pytest.raises(BadRequest) as bad:
            await ask(orgs.update_org(org_id, {"name": "slash/not allowed"}))
        assert bad.value.error_code == "INVALID_ATTRIBUTE"
        project = await ask(client.projects.create_project({"name": "blocker", "orgId": org_id}))
        with pytest.raises(Conflict) as not_empty:
            await ask(orgs.delete_organization(org_id))
        assert not_empty.value.error_code == "ORG_NOT_EMPTY"
        assert await ask(client.projects.delete_project(project.id)) is None
        assert await ask(orgs.delete_org(org_id)) is None

    key = {"public_api_key": made.api_key.public_key, "private_api_key": made.api_key.private_key}
    run(mode, server, as_its_key, **key)

    async def afterwards(client: Client) -> None:
        with pytest.raises(NotFound) as gone:
            await ask(client.organizations.get_org(org_id))
        assert gone.value.error_code == "ORG_NOT_FOUND"

    run(mode, server, afterwards)

    async def with_the_deleted_key(client: Client) -> None:
        with pytest.raises(Unauthorized):  # the organization's key went with it
            await ask(client.organizations.list_orgs())

    run(mode, server, with_the_deleted_key, **key)


@MODES
def test_a_project_is_created_updated_and_deleted(server: LocalServer, mode: str) -> None:
    async def flow(client: Client) -> None:
        projects = client.projects
        made = await ask(projects.create_project({"name": f"Typed {mode}", "orgId": server.org_id}))
        assert isinstance(made, Group) and (made.name, made.org_id, made.cluster_count) == (
            f"Typed {mode}",
            server.org_id,
            0,
        )
        with pytest.raises(Conflict) as duplicate:
            await ask(projects.create_group({"name": f"Typed {mode}", "orgId": server.org_id}))
        assert duplicate.value.error_code == "GROUP_ALREADY_EXISTS"
        update = GroupUpdate(name=f"Renamed {mode}", tags=[ResourceTag(key="env", value="test")])
        updated = await ask(projects.update_project(made.id, update))
        assert (updated.id, updated.name, [(t.key, t.value) for t in updated.tags]) == (
            made.id,
            f"Renamed {mode}",
            [("env", "test")],
        )
        assert await ask(projects.update_group(made.id, {"tags": []})) == (await ask(projects.get_project(made.id)))
        assert await ask(projects.delete_project(made.id)) is None
        with pytest.raises(NotFound) as gone:
            await ask(projects.get_project(made.id))
        assert gone.value.error_code == "GROUP_NOT_FOUND"
        with pytest.raises(NotFound):
            await ask(projects.delete_group(MISSING))

    run(mode, server, flow)


# --- what goes on the wire ----------------------------------------------------------------------------------------


def test_request_models_send_only_what_was_given_and_arrays_go_as_arrays() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "GET":
            return httpx.Response(200, json={"cidrBlock": "fe80::/10", "count": 0})
        return httpx.Response(200, json={"results": [], "totalCount": 0})

    with AtlasClient("http://atlas.test", access_token="t", transport=httpx.MockTransport(answer)) as client:
        role = TeamRole.model_validate({"teamId": MISSING, "roleNames": ["GROUP_OWNER"]})  # links: [] not given
        client.teams.add_all_teams_to_project(MISSING, [role, {"teamId": MISSING, "roleNames": ["GROUP_READ_ONLY"]}])
        client.service_accounts.create_service_account_access_list(
            MISSING, "mdb_sa_id_" + MISSING, (ServiceAccountIPAccessListEntry(cidr_block="10.0.0.0/8"),)
        )
        entry = client.programmatic_api_keys.get_api_key_access_list(MISSING, MISSING, "fe80::/10")
    assert entry.cidr_block == "fe80::/10"
    teams, entries, read = sent
    assert json.loads(teams.content) == [
        {"roleNames": ["GROUP_OWNER"], "teamId": MISSING},
        {"roleNames": ["GROUP_READ_ONLY"], "teamId": MISSING},
    ]
    assert json.loads(entries.content) == [{"cidrBlock": "10.0.0.0/8"}]
    assert entries.headers["Accept"] == entries.headers["Content-Type"] == "application/vnd.atlas.2024-08-05+json"
    assert teams.headers["Accept"] == "application/vnd.atlas.2023-01-01+json"
    assert read.url.raw_path.decode() == f"/api/atlas/v2/orgs/{MISSING}/apiKeys/{MISSING}/accessList/fe80::%2F10"


# --- the names ----------------------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize("table", [_typed_calls.Teams, _typed_calls.ProgrammaticApiKeys, _typed_calls.ServiceAccounts])
def test_methods_carry_the_go_sdks_pre_2026_names(table: type[Any]) -> None:
    for name, entry in vars(table).items():
        if name.startswith("_"):
            continue
        operation = spec.operation(entry.operation_id)
        go_names = {_snake(legacy) for legacy in operation.legacy_ids} or {_snake(operation.operation_id)}
        assert name in go_names, (name, entry.operation_id)


def test_the_new_operations_pin_their_versions() -> None:
    pinned = {
        entry.operation_id: entry.version
        for table in (_typed_calls.Teams, _typed_calls.ProgrammaticApiKeys, _typed_calls.ServiceAccounts)
        for name, entry in vars(table).items()
        if not name.startswith("_")
    }
    assert len(pinned) == 13 + 14 + 22
    by_tag: dict[str, set[str]] = {}
    for operation_id, version in pinned.items():
        by_tag.setdefault(spec.operation(operation_id).tag, set()).add(version)
    assert by_tag == {
        "Teams": {"2023-01-01"},
        "Programmatic API Keys": {"2023-01-01"},
        "Service Accounts": {"2024-08-05"},
    }
    users = _typed_calls.MongoDbCloudUsers
    assert {users.list_team_users.version, users.add_user_to_team.version, users.remove_user_from_team.version} == {
        "2025-02-19"
    }
