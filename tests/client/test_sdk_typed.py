"""The SDK's typed calls: ``client.organizations``, ``client.projects``, ``client.mongo_db_cloud_users`` and
``client.events``, against the real server, sync and async, and against a newer server's answers."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access import spec
from atlas_access.client import AsyncAtlasClient, AtlasClient, AtlasError, BadRequest, Conflict, NotFound, api
from atlas_access.client.api import (
    AsyncEventsApi,
    AsyncOrganizationsApi,
    EventsApi,
    MongoDbCloudUsersApi,
    OrganizationsApi,
    ProjectsApi,
    _typed_calls,
)
from atlas_access.client.api._base import ApiGroup, AsyncApiGroup
from atlas_access.client.models import (
    AddOrRemoveGroupRole,
    AddOrRemoveOrgRole,
    GroupInvitation,
    GroupInvitationRequest,
    GroupInvitationUpdateRequest,
    GroupUserRequest,
    OrganizationInvitation,
    OrganizationInvitationGroupRoleAssignmentsRequest,
    OrganizationInvitationRequest,
    OrganizationInvitationUpdateRequest,
    OrgUserRequest,
    OrgUserResponse,
    OrgUserRolesRequest,
    OrgUserUpdateRequest,
    Paginated,
)
from support.server import V2_ACCEPT, LocalServer

ORG = "4888442a3354817a7320eb61"
PROJECT = "b0123456789abcdef012345b"
INVITATION = "6a793f89c0eb9e7a177165b6"
# every API group of the package, its asyncio twin and its typed-call table: ``TeamsApi``, ``AsyncTeamsApi``,
# ``_typed_calls.Teams``
GROUPS = [
    (getattr(api, name), getattr(api, "Async" + name), getattr(_typed_calls, name.removesuffix("Api")))
    for name in api.__all__
    if not name.startswith("Async")
]


@pytest.fixture
def no_atlas_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return monkeypatch


def _keys(server: LocalServer) -> dict[str, str]:
    return {"public_api_key": server.bootstrap["publicKey"], "private_api_key": server.bootstrap["privateKey"]}


def _invite(server: LocalServer, username: str = "leaving@example.com") -> str:
    made = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites",
        json={"username": username, "roles": ["ORG_MEMBER"]},
        headers={"Accept": V2_ACCEPT, "Content-Type": V2_ACCEPT},
    )
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


# --- the seeds ---------------------------------------------------------------------------------------------------


def test_the_seeds_program_cancels_an_org_invitation_then_fails(
    server: LocalServer, no_atlas_env: pytest.MonkeyPatch
) -> None:
    no_atlas_env.setenv("MONGODB_ATLAS_CLIENT_ID", server.bootstrap["clientId"])
    no_atlas_env.setenv("MONGODB_ATLAS_CLIENT_SECRET", server.bootstrap["clientSecret"])
    invitation = _invite(server)
    with AtlasClient(server.base_url) as client:
        assert client.organizations.delete_org_invite(server.org_id, invitation) is None
        with pytest.raises(AtlasError) as raised:
            client.organizations.delete_org_invite(server.org_id, invitation)
        assert client.organizations.list_org_invites(server.org_id) == []
    assert isinstance(raised.value, BadRequest)
    assert raised.value.error_code == "INVALID_INVITATION_ID"


def test_seed_004_delete_project_invitation_by_either_name(
    server: LocalServer, no_atlas_env: pytest.MonkeyPatch
) -> None:
    assert ProjectsApi.delete_group_invite is ProjectsApi.delete_project_invitation
    with AtlasClient(server.base_url, **_keys(server)) as client:
        projects = client.projects
        ids = [
            projects.create_project_invitation(
                server.project_id, {"username": f"p{n}@example.com", "roles": ["GROUP_OWNER"]}
            ).id
            for n in range(2)
        ]
        assert projects.delete_project_invitation(server.project_id, ids[0]) is None
        assert projects.delete_group_invite(server.project_id, ids[1]) is None
        with pytest.raises(BadRequest) as raised:
            projects.delete_project_invitation(server.project_id, ids[0])
        assert raised.value.error_code == "INVALID_INVITATION_ID"
        assert projects.list_group_invites(server.project_id) == []


# --- invitations -------------------------------------------------------------------------------------------------


def test_org_invitations_create_list_get_update(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient(server.base_url, **_keys(server)) as client:
        orgs = client.organizations
        request = OrganizationInvitationRequest(
            username="new@example.com",
            roles=["ORG_MEMBER"],
            group_role_assignments=[
                OrganizationInvitationGroupRoleAssignmentsRequest(group_id=server.project_id, roles=["GROUP_READ_ONLY"])
            ],
        )
        created = orgs.create_org_invite(server.org_id, request)
        assert isinstance(created, OrganizationInvitation)
        assert (created.username, created.org_id, created.roles) == ("new@example.com", server.org_id, ["ORG_MEMBER"])
        assert created.org_name and created.inviter_username == server.bootstrap["publicKey"]
        assert [(a.group_id, a.group_role) for a in created.group_role_assignments] == [
            (server.project_id, "GROUP_READ_ONLY")
        ]
        assert isinstance(created.created_at, datetime) and created.created_at.tzinfo is not None
        assert created.expires_at - created.created_at == timedelta(days=30)

        assert orgs.list_org_invites(server.org_id) == [created]
        assert orgs.list_org_invites(server.org_id, username="new@example.com") == [created]
        assert orgs.list_org_invites(server.org_id, username="other@example.com") == []
        assert orgs.get_org_invite(server.org_id, created.id) == created

        by_name = orgs.update_org_invite(server.org_id, {"username": "new@example.com", "roles": ["ORG_READ_ONLY"]})
        assert (by_name.id, by_name.roles) == (created.id, ["ORG_READ_ONLY"])
        by_id = orgs.update_org_invite_by_id(
            server.org_id, created.id, OrganizationInvitationUpdateRequest(roles=["ORG_BILLING_ADMIN"])
        )
        assert by_id.roles == ["ORG_BILLING_ADMIN"] and by_id.expires_at == created.expires_at

        with pytest.raises(Conflict):
            orgs.create_org_invite(server.org_id, request)
        with pytest.raises(NotFound) as missing:
            orgs.get_org_invite(server.org_id, "0" * 24)
        assert missing.value.error_code == "RESOURCE_NOT_FOUND"


def test_project_invitations_create_list_get_update(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient(server.base_url, **_keys(server)) as client:
        projects = client.projects
        created = projects.create_project_invitation(
            server.project_id, GroupInvitationRequest(username="dev@example.com", roles=["GROUP_READ_ONLY"])
        )
        assert isinstance(created, GroupInvitation)
        assert (created.group_id, created.username, created.roles) == (
            server.project_id,
            "dev@example.com",
            ["GROUP_READ_ONLY"],
        )
        assert created.group_name and created.expires_at - created.created_at == timedelta(days=30)
        assert projects.list_project_invitations(server.project_id) == [created]
        assert projects.get_project_invitation(server.project_id, created.id) == created
        assert projects.get_group_invite(server.project_id, created.id) == created

        by_name = projects.update_project_invitation(
            server.project_id, GroupInvitationRequest(username="dev@example.com", roles=["GROUP_OWNER"])
        )
        assert by_name.roles == ["GROUP_OWNER"]
        by_id = projects.update_project_invitation_by_id(
            server.project_id, created.id, GroupInvitationUpdateRequest(roles=["GROUP_DATA_ACCESS_ADMIN"])
        )
        assert by_id.roles == ["GROUP_DATA_ACCESS_ADMIN"] and by_id.expires_at == created.expires_at


# --- users -------------------------------------------------------------------------------------------------------


def test_org_users_create_list_get_roles_remove(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient(server.base_url, **_keys(server)) as client:
        users = client.mongo_db_cloud_users
        request = OrgUserRequest(username="joiner@example.com", roles=OrgUserRolesRequest(org_roles=["ORG_MEMBER"]))
        pending = users.create_org_user(server.org_id, request)
        assert isinstance(pending, OrgUserResponse)
        assert (pending.username, pending.org_membership_status) == ("joiner@example.com", "PENDING")
        assert pending.roles.org_roles == ["ORG_MEMBER"]
        assert isinstance(pending.invitation_created_at, datetime) and pending.first_name is None

        page = users.list_org_users(server.org_id, org_membership_statuses=["PENDING"])
        assert isinstance(page, Paginated) and page.total_count == 1
        assert [u.id for u in page.results] == [pending.id]
        assert page.links[0].rel == "self"
        assert users.get_org_user(server.org_id, pending.id) == pending
        everyone = list(users.iter_org_users(server.org_id, items_per_page=1))
        assert pending.id in {u.id for u in everyone} and all(isinstance(u, OrgUserResponse) for u in everyone)

        added = users.add_org_role(server.org_id, pending.id, AddOrRemoveOrgRole(org_role="ORG_READ_ONLY"))
        assert sorted(added.roles.org_roles) == ["ORG_MEMBER", "ORG_READ_ONLY"]
        removed = users.remove_org_user_role(server.org_id, pending.id, {"orgRole": "ORG_MEMBER"})
        assert removed.roles.org_roles == ["ORG_READ_ONLY"]
        updated = users.update_org_user(
            server.org_id, pending.id, OrgUserUpdateRequest(roles=OrgUserRolesRequest(org_roles=["ORG_MEMBER"]))
        )
        assert updated.roles.org_roles == ["ORG_MEMBER"]

        with pytest.raises(Conflict):
            users.create_org_user(server.org_id, request)
        assert users.remove_org_user(server.org_id, pending.id) is None
        with pytest.raises(NotFound):
            users.get_org_user(server.org_id, pending.id)
        assert client.organizations.list_org_invites(server.org_id) == []  # removing a pending user cancels it


def test_project_users_add_get_roles_remove(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient(server.base_url, **_keys(server)) as client:
        users = client.mongo_db_cloud_users
        added = users.add_project_user(
            server.project_id, GroupUserRequest(username="analyst@example.com", roles=["GROUP_READ_ONLY"])
        )
        assert (added.username, added.roles, added.org_membership_status) == (
            "analyst@example.com",
            ["GROUP_READ_ONLY"],
            "PENDING",
        )
        assert users.get_project_user(server.project_id, added.id) == added
        assert users.get_group_user(server.project_id, added.id) == added
        more = users.add_project_role(server.project_id, added.id, AddOrRemoveGroupRole(group_role="GROUP_OWNER"))
        assert sorted(more.roles) == ["GROUP_OWNER", "GROUP_READ_ONLY"]
        fewer = users.remove_project_role(server.project_id, added.id, {"groupRole": "GROUP_READ_ONLY"})
        assert fewer.roles == ["GROUP_OWNER"]
        assert [u.id for u in users.list_project_users(server.project_id).results] == [added.id]
        assert [u.id for u in users.iter_project_users(server.project_id)] == [added.id]
        assert users.remove_project_user(server.project_id, added.id) is None
        assert users.list_group_users(server.project_id).results == []


# --- events ------------------------------------------------------------------------------------------------------


def test_events_of_an_invitation_and_its_cancellation(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    invitation = _invite(server, "evented@example.com")
    with AtlasClient(server.base_url, **_keys(server)) as client:
        client.organizations.delete_org_invite(server.org_id, invitation)
        client.projects.create_project_invitation(
            server.project_id, {"username": "p@example.com", "roles": ["GROUP_OWNER"]}
        )
        events = client.events
        page = events.list_org_events(server.org_id, event_type=["INVITED_TO_ORG", "ORG_INVITATION_DELETED"])
        kinds = {(e.event_type_name, e.target_username) for e in page.results}
        assert kinds == {("INVITED_TO_ORG", "evented@example.com"), ("ORG_INVITATION_DELETED", "evented@example.com")}
        first = page.results[0]
        assert isinstance(first.created, datetime) and first.org_id == server.org_id
        assert first.public_key == server.bootstrap["publicKey"] and first.is_global_admin is False
        assert events.get_org_event(server.org_id, first.id) == first
        assert len(list(events.iter_org_events(server.org_id, items_per_page=1))) == page.total_count

        future = datetime.now(UTC) + timedelta(days=1)
        assert events.list_org_events(server.org_id, min_date=future).results == []
        assert events.list_org_events(server.org_id, max_date=future).total_count == page.total_count

        project = events.list_project_events(server.project_id)
        assert [(e.event_type_name, e.group_id) for e in project.results] == [("INVITED_TO_GROUP", server.project_id)]
        assert events.get_group_event(server.project_id, project.results[0].id) == project.results[0]


# --- async -------------------------------------------------------------------------------------------------------


def test_the_async_client_in_process(server: LocalServer, no_atlas_env: pytest.MonkeyPatch) -> None:
    async def main() -> tuple[list[str], str | None, list[str]]:
        async with AsyncAtlasClient(
            "http://testserver",
            client_id=server.bootstrap["clientId"],
            client_secret=server.bootstrap["clientSecret"],
            transport=httpx.ASGITransport(app=server.opened.app),
        ) as client:
            made = await client.organizations.create_org_invite(
                server.org_id, OrganizationInvitationRequest(username="a@example.com", roles=["ORG_MEMBER"])
            )
            listed = [i.id for i in await client.organizations.list_org_invites(server.org_id)]
            users = [u.username async for u in client.mongo_db_cloud_users.iter_org_users(server.org_id)]
            assert await client.organizations.delete_org_invite(server.org_id, made.id) is None
            try:
                await client.organizations.delete_org_invite(server.org_id, made.id)
            except AtlasError as problem:
                return listed, problem.error_code, users
            return listed, None, users

    listed, code, users = asyncio.run(main())
    assert (len(listed), code) == (1, "INVALID_INVITATION_ID")
    assert "a@example.com" in users  # the pending user of the invitation


# --- a newer server, and what goes on the wire --------------------------------------------------------------------


class Recorder:
    """A mock server answering each request with the next scripted body, remembering the requests."""

    def __init__(self, *bodies: Any) -> None:
        self.bodies = list(bodies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = self.bodies.pop(0)
        return httpx.Response(204) if body is None else httpx.Response(200, json=body)


def _client(recorder: Recorder) -> AtlasClient:
    return AtlasClient("http://atlas.test", access_token="t", transport=httpx.MockTransport(recorder))


def test_answers_of_a_newer_server_keep_unknown_fields(no_atlas_env: pytest.MonkeyPatch) -> None:
    invitation = {
        "createdAt": "2026-08-10T03:03:37Z",
        "expiresAt": "2026-09-09T03:03:37Z",
        "groupRoleAssignments": [{"groupId": PROJECT, "groupRole": "GROUP_OWNER", "since": "2027"}],
        "id": INVITATION,
        "inviterUsername": "owner@example.com",
        "orgId": ORG,
        "orgName": "Atlas CLI E2E",
        "roles": ["ORG_MEMBER", "ORG_FUTURE_ROLE"],
        "teamIds": [],
        "username": "new@example.com",
        "invitationChannel": {"kind": "SLACK"},
    }
    recorder = Recorder(invitation)
    with _client(recorder) as client:
        got = client.organizations.get_org_invite(ORG, INVITATION)
    assert got.model_extra == {"invitationChannel": {"kind": "SLACK"}}
    assert got.group_role_assignments[0].model_extra == {"since": "2027"}
    assert got.roles == ["ORG_MEMBER", "ORG_FUTURE_ROLE"]
    assert got.created_at == datetime(2026, 8, 10, 3, 3, 37, tzinfo=UTC)
    assert got.model_dump(mode="json", by_alias=True) == invitation  # round trip in the wire's names
    assert recorder.requests[0].headers["Accept"] == "application/vnd.atlas.2023-01-01+json"


def test_organizations_and_projects_as_recorded_from_mongodb_cloud(no_atlas_env: pytest.MonkeyPatch) -> None:
    # bodies from reference/recordings (atlasorgs/List, atlasprojects/Describe), trimmed
    orgs = {
        "links": [{"href": "http://localhost:8080/api/atlas/v2/orgs?pageNum=1&itemsPerPage=100", "rel": "self"}],
        "results": [
            {"id": ORG, "isDeleted": False, "links": [], "name": "Atlas CLI E2E", "skipDefaultAlertsSettings": False}
        ],
        "totalCount": 1,
    }
    project = {
        "clusterCount": 0,
        "created": "2026-08-10T03:04:11Z",
        "id": PROJECT,
        "links": [],
        "name": "e2e-proj",
        "orgId": ORG,
        "tags": [{"key": "env", "value": "e2e"}],
        "withDefaultAlertsSettings": True,
    }
    recorder = Recorder(orgs, orgs["results"][0], {"results": [project], "totalCount": 1}, project)
    with _client(recorder) as client:
        page = client.organizations.list_orgs(name="Atlas", items_per_page=100)
        assert (page.total_count, page.results[0].name, page.results[0].is_deleted) == (1, "Atlas CLI E2E", False)
        assert client.organizations.get_org(ORG).skip_default_alerts_settings is False
        assert [p.id for p in client.projects.list_groups().results] == [PROJECT]
        got = client.projects.get_project(PROJECT)
    assert (got.org_id, got.cluster_count, got.tags[0].key) == (ORG, 0, "env")
    assert got.created == datetime(2026, 8, 10, 3, 4, 11, tzinfo=UTC)
    assert got.model_extra == {"withDefaultAlertsSettings": True}
    paths = [(r.method, r.url.path, r.url.query.decode()) for r in recorder.requests]
    assert paths == [
        ("GET", "/api/atlas/v2/orgs", "itemsPerPage=100&name=Atlas"),
        ("GET", f"/api/atlas/v2/orgs/{ORG}", ""),
        ("GET", "/api/atlas/v2/groups", ""),
        ("GET", f"/api/atlas/v2/groups/{PROJECT}", ""),
    ]


def test_requests_go_in_the_wire_names_at_the_pinned_version(no_atlas_env: pytest.MonkeyPatch) -> None:
    user = {
        "id": INVITATION,
        "orgMembershipStatus": "PENDING",
        "roles": {"orgRoles": ["ORG_MEMBER"]},
        "username": "u@x.io",
    }
    page = {"results": [], "totalCount": 0}
    recorder = Recorder(user, page, page)
    with _client(recorder) as client:
        request = OrgUserRequest(username="u@x.io", roles=OrgUserRolesRequest(org_roles=["ORG_MEMBER"]))
        client.mongo_db_cloud_users.create_org_user(ORG, request)
        client.mongo_db_cloud_users.list_project_users(
            PROJECT, include_org_users=True, org_membership_statuses=["ACTIVE"]
        )
        client.events.list_org_events(ORG, min_date=datetime(2026, 8, 10, 5, 0), max_date="2026-08-11T00:00:00Z")
    created, users, events = recorder.requests
    assert json.loads(created.content) == {"roles": {"orgRoles": ["ORG_MEMBER"]}, "username": "u@x.io"}
    assert created.headers["Accept"] == created.headers["Content-Type"] == "application/vnd.atlas.2025-02-19+json"
    assert users.url.query.decode() == "includeOrgUsers=true&orgMembershipStatuses=ACTIVE"
    assert users.headers["Accept"] == "application/vnd.atlas.2025-02-19+json"
    assert events.url.params["minDate"] == "2026-08-10T05:00:00.000Z"  # a naive datetime is UTC
    assert events.url.params["maxDate"] == "2026-08-11T00:00:00Z"
    assert events.headers["Accept"] == "application/vnd.atlas.2023-01-01+json"


def test_an_answer_that_does_not_fit_is_a_validation_error(no_atlas_env: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    with _client(Recorder({"id": INVITATION}, {"not": "a list"})) as client:
        with pytest.raises(ValidationError):
            client.organizations.get_org_invite(ORG, INVITATION)
        with pytest.raises(ValueError, match="expected a JSON array"):
            client.organizations.list_org_invites(ORG)


# --- the table and the twins -------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize(("sync", "async_", "table"), GROUPS)
def test_every_method_is_in_the_spec_at_its_version_and_has_an_async_twin(
    sync: type[Any], async_: type[Any], table: type[Any]
) -> None:
    entries = {name: value for name, value in vars(table).items() if not name.startswith("_")}
    for name, entry in entries.items():
        operation = spec.operation(entry.operation_id)
        assert entry.version in {v.version for v in operation.versions}, name
        assert operation.operation_id == entry.operation_id, name  # the current id, not an alias
        # the method, and the same method under the operation id in snake case
        assert getattr(sync, _snake(entry.operation_id)) is getattr(sync, name)
        assert getattr(async_, _snake(entry.operation_id)) is getattr(async_, name)
    public = {n for n in dir(sync) if not n.startswith("_")}
    assert public == {n for n in dir(async_) if not n.startswith("_")}
    for name in public:
        sync_method, async_method = getattr(sync, name), getattr(async_, name)
        assert sync_method.__doc__ and async_method.__doc__, name
        sync_params = list(inspect.signature(sync_method).parameters.items())
        assert sync_params == list(inspect.signature(async_method).parameters.items()), name
        iterates = name.startswith("iter_")
        assert inspect.iscoroutinefunction(async_method) is not iterates, name


def test_the_clients_carry_the_groups(no_atlas_env: pytest.MonkeyPatch) -> None:
    with AtlasClient("http://atlas.test", access_token="t") as client:
        assert isinstance(client.organizations, OrganizationsApi)
        assert isinstance(client.projects, ProjectsApi)
        assert isinstance(client.mongo_db_cloud_users, MongoDbCloudUsersApi)
        assert isinstance(client.events, EventsApi)
        carried = {name: type(value) for name, value in vars(client).items() if isinstance(value, ApiGroup)}
    client_async = AsyncAtlasClient("http://atlas.test", access_token="t")
    assert isinstance(client_async.organizations, AsyncOrganizationsApi)
    assert isinstance(client_async.events, AsyncEventsApi)
    carried_async = {
        name: type(value) for name, value in vars(client_async).items() if isinstance(value, AsyncApiGroup)
    }
    asyncio.run(client_async.aclose())
    # every group of the package, on both clients under the same name
    assert sorted(carried.values(), key=str) == sorted((sync for sync, _, _ in GROUPS), key=str)
    assert carried_async == {name: twin for name, sync in carried.items() for other, twin, _ in GROUPS if other is sync}


def test_every_endpoint_table_belongs_to_a_group() -> None:
    tables = {
        value
        for value in vars(_typed_calls).values()
        if isinstance(value, type)
        and value.__module__ == _typed_calls.__name__
        and any(isinstance(entry, _typed_calls.CallSpec | _typed_calls.Pages) for entry in vars(value).values())
    }
    assert tables == {table for _, _, table in GROUPS}


def test_a_client_without_typed_calls_does_not_load_pydantic() -> None:
    # the atlas command builds an AtlasClient for every request: pydantic's import and model building would cost
    # it about 150 ms of start-up
    code = (
        "import sys\nfrom atlas_access.client import AtlasClient\n"
        "AtlasClient('http://atlas.test', access_token='t').close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
