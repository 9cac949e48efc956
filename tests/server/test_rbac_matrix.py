"""The permission matrix, generated from ``atlas_access.core.roles.PERMISSIONS``: every (surface, operation) x
every role that can be held at the rule's scope x {own, foreign} organization or project, called over HTTP.

Who holds what (one server and one fixtures call for the module):
- organization scope: one principal per organization role (``CLOUD_MANAGER_ORG_ROLES``);
- project scope: one principal per project role (``GROUP_ROLES``) held in the project (plus ``ORG_MEMBER``, as
  every project member is in the organization), and the organization-role principals, which hold no role of
  their own in the project. WIRE.md section 5: ``ORG_OWNER`` implies ``GROUP_OWNER`` (and ``ORG_READ_ONLY``
  implies ``GROUP_READ_ONLY``) in every project of its organization.
Each role exists twice, as an API key (Digest) and as a service account (Bearer); the cases alternate.
"Foreign" calls come from the same role held in another organization.
Caller-scoped operations (``GET /orgs``, ``GET /groups``) succeed for everyone; what they must show is checked
instead: the caller's own organization, and its project only to those who may read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest

from atlas_access.core.roles import PERMISSIONS, Rule, Scope, Surface
from support.matrix import (
    api_keys,
    database_users,
    federation,
    limits_and_root,
    network_access,
    org_settings,
    orgs,
    service_accounts,
    teams,
    user_security,
)
from support.matrix.world import (
    ACCEPTS,
    BASES,
    IMPLIED_GROUP_ROLES,
    PROJECT,
    USERS_API,
    Holder,
    Request,
    World,
    holders_for,
    sees_project,
)
from support.server import LocalServer

# Per-area modules, asked in turn for operations the two functions below do not know.
PROVIDERS = (
    orgs.request,
    teams.request,
    api_keys.request,
    service_accounts.request,
    network_access.request,
    database_users.request,
    user_security.request,
    org_settings.request,
    limits_and_root.request,
    federation.request,
)
# Caller-scoped operations whose handler decides who may act from the body (createUser grants roles only where the
# caller owns them): their permissions are tested with the operation (tests/server/test_legacy_users.py).
DECIDED_BY_HANDLER = frozenset({"createUser"})


def expected_error(rule: Rule, holder: Holder, own: bool) -> str | None:
    """The errorCode the call must fail with, or None when it must succeed."""
    if rule.scope is Scope.CALLER:
        return None
    # A HOME operation acts in the caller's own organization; a FEDERATION one in the home organization's federation,
    # where another organization's principal holds no role (USER_CANNOT_ACCESS_ORG, as for an organization).
    by_org = (Scope.ORG, Scope.HOME, Scope.FEDERATION)
    if not own and rule.scope is not Scope.HOME:
        return "USER_CANNOT_ACCESS_ORG" if rule.scope in by_org else "NOT_IN_GROUP"
    if rule.scope in by_org:
        held = set(holder.org_roles)
    else:
        held = set(holder.group_roles) | {IMPLIED_GROUP_ROLES[r] for r in holder.org_roles if r in IMPLIED_GROUP_ROLES}
        if not held:
            return "NOT_IN_GROUP"
        held |= set(holder.org_roles)  # a project operation may ask for an organization role
    return None if held & rule.roles else rule.denied_code


@dataclass(frozen=True)
class Case:
    surface: Surface
    operation: str
    holder: Holder
    own: bool
    kind: str  # "digest" (API key) or "bearer" (service account)

    @property
    def rule(self) -> Rule:
        return PERMISSIONS[(self.surface, self.operation)]

    @property
    def id(self) -> str:
        where = "own" if self.own else "foreign"
        return f"{self.surface.value}-{self.operation}-{self.holder.label}-{where}-{self.kind}"


def _cases() -> list[Case]:
    cases = []
    for n, ((surface, operation), rule) in enumerate(sorted(PERMISSIONS.items())):
        for m, holder in enumerate(holders_for(rule.scope)):
            for own in (True, False):
                kind = "digest" if (n + m + own) % 2 == 0 else "bearer"
                cases.append(Case(surface, operation, holder, own, kind))
    return cases


CASES = _cases()


def test_the_matrix_covers_every_operation_and_both_principal_kinds() -> None:
    assert {(c.surface, c.operation) for c in CASES} == set(PERMISSIONS)
    for key in PERMISSIONS:
        kinds = {c.kind for c in CASES if (c.surface, c.operation) == key}
        assert kinds == {"digest", "bearer"}
    allowed = [c for c in CASES if expected_error(c.rule, c.holder, c.own) is None]
    assert allowed, "some role must be allowed somewhere"
    assert all(c.own for c in allowed if c.rule.scope not in (Scope.CALLER, Scope.HOME))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("rbac") / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def valid_request(world: World, surface: Surface, operation: str) -> Request:
    """A request that is valid in every respect but the caller's permission (always on the home scope)."""
    base = BASES[surface]
    org = f"{base}/orgs/{world.home_org}/invites"
    group = f"{base}/groups/{world.home_group}/invites"
    created = 200 if surface is Surface.ATLAS_V2 else 201
    shared_org, shared_group = world.org_invitation, world.group_invitation
    match operation:
        case "listOrgInvites":
            return Request("GET", org, None, 200)
        case "createOrgInvite":
            return Request("POST", org, {"username": world.username(), "roles": ["ORG_MEMBER"]}, created)
        case "updateOrgInvites":
            return Request("PATCH", org, {"username": shared_org["username"], "roles": ["ORG_MEMBER"]}, 200)
        case "getOrgInvite":
            return Request("GET", f"{org}/{shared_org['id']}", None, 200)
        case "updateOrgInviteById":
            return Request("PATCH", f"{org}/{shared_org['id']}", {"roles": ["ORG_MEMBER"]}, 200)
        case "deleteOrgInvite":
            fresh = world.invite("org")["id"]
            return Request("DELETE", f"{org}/{fresh}", None, 204, f"org:{fresh}")
        case "listGroupInvites":
            return Request("GET", group, None, 200)
        case "createGroupInvite":
            return Request("POST", group, {"username": world.username(), "roles": ["GROUP_READ_ONLY"]}, created)
        case "updateGroupInvites":
            return Request("PATCH", group, {"username": shared_group["username"], "roles": ["GROUP_READ_ONLY"]}, 200)
        case "getGroupInvite":
            return Request("GET", f"{group}/{shared_group['id']}", None, 200)
        case "updateGroupInviteById":
            return Request("PATCH", f"{group}/{shared_group['id']}", {"roles": ["GROUP_READ_ONLY"]}, 200)
        case "deleteGroupInvite":
            fresh = world.invite("group")["id"]
            return Request("DELETE", f"{group}/{fresh}", None, 204, f"group:{fresh}")
        case "listOrgEvents":
            return Request("GET", f"{base}/orgs/{world.home_org}/events", None, 200)
        case "getOrgEvent":
            return Request("GET", f"{base}/orgs/{world.home_org}/events/{world.org_event}", None, 200)
        case "listGroupEvents":
            return Request("GET", f"{base}/groups/{world.home_group}/events", None, 200)
        case "getGroupEvent":
            return Request("GET", f"{base}/groups/{world.home_group}/events/{world.group_event}", None, 200)
        case "listOrgs":
            return Request("GET", f"{base}/orgs", None, 200)
        case "getOrg":
            return Request("GET", f"{base}/orgs/{world.home_org}", None, 200)
        case "getOrgGroups":
            return Request("GET", f"{base}/orgs/{world.home_org}/groups", None, 200)
        case "listGroups":
            return Request("GET", f"{base}/groups", None, 200)
        case "getGroup":
            return Request("GET", f"{base}/groups/{world.home_group}", None, 200)
        case "getGroupByName":
            return Request("GET", f"{base}/groups/byName/{quote(f'{PROJECT} Home')}", None, 200)
        case "createGroup":
            name = f"matrix-created-{next(world._names)}"
            return Request("POST", f"{base}/groups", {"name": name, "orgId": world.home_org}, 201)
        case "updateGroup":
            return Request("PATCH", f"{base}/groups/{world.home_group}", {"tags": []}, 200)
        case "deleteGroup":
            victim = world.victim()
            return Request("DELETE", f"{base}/groups/{victim}", None, 202, f"project:{victim}")
    return users_request(world, operation)


def users_request(world: World, operation: str) -> Request:
    """Valid requests for the users API (2025-02-19); role changes that change nothing keep the shared users."""
    org = f"/api/atlas/v2/orgs/{world.home_org}/users"
    group = f"/api/atlas/v2/groups/{world.home_group}/users"
    v = USERS_API
    match operation:
        case "listOrgUsers":
            return Request("GET", org, None, 200, accept=v)
        case "getOrgUser":
            return Request("GET", f"{org}/{world.org_user}", None, 200, accept=v)
        case "createOrgUser":
            return Request(
                "POST", org, {"username": world.username(), "roles": {"orgRoles": ["ORG_MEMBER"]}}, 201, accept=v
            )
        case "updateOrgUser":
            return Request("PATCH", f"{org}/{world.org_user}", {"roles": {"orgRoles": ["ORG_MEMBER"]}}, 200, accept=v)
        case "removeOrgUser":
            fresh = world.add_user("org")
            return Request("DELETE", f"{org}/{fresh}", None, 204, f"orguser:{fresh}", accept=v)
        case "addOrgUserRole":
            return Request("POST", f"{org}/{world.org_user}:addRole", {"orgRole": "ORG_MEMBER"}, 200, accept=v)
        case "removeOrgUserRole":
            return Request("POST", f"{org}/{world.org_user}:removeRole", {"orgRole": "ORG_READ_ONLY"}, 200, accept=v)
        case "listGroupUsers":
            return Request("GET", group, None, 200, accept=v)
        case "getGroupUser":
            return Request("GET", f"{group}/{world.group_user}", None, 200, accept=v)
        case "addGroupUsers":
            return Request("POST", group, {"username": world.username(), "roles": ["GROUP_READ_ONLY"]}, 201, accept=v)
        case "removeGroupUser":
            fresh = world.add_user("group")
            return Request("DELETE", f"{group}/{fresh}", None, 204, f"groupuser:{fresh}", accept=v)
        case "addGroupUserRole":
            return Request(
                "POST", f"{group}/{world.group_user}:addRole", {"groupRole": "GROUP_READ_ONLY"}, 200, accept=v
            )
        case "removeGroupUserRole":
            return Request(
                "POST", f"{group}/{world.group_user}:removeRole", {"groupRole": "GROUP_OWNER"}, 200, accept=v
            )
    for provider in PROVIDERS:
        found = provider(world, operation)
        if found is not None:
            return found
    raise AssertionError(f"no valid request known for {operation}: add one")


# --- the matrix ---------------------------------------------------------------------------------------------------


def _check_shown(world: World, case: Case, body: dict[str, Any]) -> None:
    """A caller-scoped list shows the caller's own organization, and its project only to who may read it."""
    mine = world.orgs["home" if case.own else "away"]
    # Projects the matrix itself makes (deleteGroup's victims, createGroup's) are left out of the comparison.
    shown = [item["id"] for item in body["results"] if not item["name"].startswith(("Matrix victim", "matrix-"))]
    if case.operation == "listOrgs":
        assert shown == [mine["id"]]
    else:
        assert shown == ([mine["group"]] if sees_project(case.holder) else [])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permission(world: World, case: Case) -> None:
    if case.operation in DECIDED_BY_HANDLER:
        pytest.skip("the handler decides from the body: see DECIDED_BY_HANDLER")
    request = valid_request(world, case.surface, case.operation)
    client = world.client("home" if case.own else "away", case.kind, case.holder.label)
    response = client.request(
        request.method, request.path, json=request.body, headers={"Accept": request.accept or ACCEPTS[case.surface]}
    )
    expected = expected_error(case.rule, case.holder, case.own)
    if expected is None:
        assert response.status_code == request.success, response.text
        if case.operation in ("listOrgs", "listGroups"):
            _check_shown(world, case, response.json())
        if request.consumes is not None:
            kind, invitation_id = request.consumes.split(":")
            assert response.content == (b"{}" if kind == "project" else b"")
            assert not world.still_there(kind, invitation_id)
        if request.still_there is not None:
            assert response.content == request.answer
            assert not request.still_there()
        return
    assert response.status_code == 401, response.text
    assert response.headers["x-error-code"] == expected
    body = response.json()
    assert body["errorCode"] == expected
    assert body["error"] == 401
    assert body["reason"] == "Unauthorized"
    if request.consumes is not None:
        kind, invitation_id = request.consumes.split(":")
        assert world.still_there(kind, invitation_id), "a refused DELETE must leave the invitation alone"
    if request.still_there is not None:
        assert request.still_there(), "a refused DELETE must leave its target alone"
