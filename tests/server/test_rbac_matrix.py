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

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from atlas_access.core.roles import CLOUD_MANAGER_ORG_ROLES, GROUP_ROLES, PERMISSIONS, Rule, Scope, Surface
from support.server import LocalServer

BASES = {Surface.ATLAS_V2: "/api/atlas/v2", Surface.CLOUD_MANAGER_V1: "/api/public/v1.0"}
ACCEPTS = {Surface.ATLAS_V2: "application/vnd.atlas.2023-01-01+json", Surface.CLOUD_MANAGER_V1: "application/json"}
USERS_API = "application/vnd.atlas.2025-02-19+json"  # the users API's operations exist only in this version
# WIRE.md section 5 (and the brief): organization roles that carry a project role into every project.
IMPLIED_GROUP_ROLES = {"ORG_OWNER": "GROUP_OWNER", "ORG_READ_ONLY": "GROUP_READ_ONLY"}
PROJECT = "Matrix project"  # plus the organization's name: getGroupByName must not find the other one's
# Projects for deleteGroup, each with the holders' roles of the main project; a successful case takes one.
VICTIMS = ("Matrix victim 1", "Matrix victim 2", "Matrix victim 3")


@dataclass(frozen=True)
class Holder:
    """A position in an organization: the roles a principal holds there and in its project."""

    label: str
    org_roles: tuple[str, ...]
    group_roles: tuple[str, ...]


ORG_HOLDERS = [Holder(f"org:{role}", (role,), ()) for role in CLOUD_MANAGER_ORG_ROLES]
PROJECT_HOLDERS = [Holder(f"project:{role}", ("ORG_MEMBER",), (role,)) for role in GROUP_ROLES]
HOLDERS = {holder.label: holder for holder in ORG_HOLDERS + PROJECT_HOLDERS}


def holders_for(scope: Scope) -> list[Holder]:
    return ORG_HOLDERS if scope is Scope.ORG else PROJECT_HOLDERS + ORG_HOLDERS


def sees_project(holder: Holder) -> bool:
    return bool(holder.group_roles) or any(r in IMPLIED_GROUP_ROLES for r in holder.org_roles)


def expected_error(rule: Rule, holder: Holder, own: bool) -> str | None:
    """The errorCode the call must fail with, or None when it must succeed."""
    if rule.scope is Scope.CALLER:
        return None
    if not own:
        return "USER_CANNOT_ACCESS_ORG" if rule.scope is Scope.ORG else "NOT_IN_GROUP"
    if rule.scope is Scope.ORG:
        held = set(holder.org_roles)
    else:
        held = set(holder.group_roles) | {IMPLIED_GROUP_ROLES[r] for r in holder.org_roles if r in IMPLIED_GROUP_ROLES}
        if not held:
            return "NOT_IN_GROUP"
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
    assert all(c.own for c in allowed if c.rule.scope is not Scope.CALLER)


# --- the world: two organizations with one principal of each kind per holder ------------------------------------


def _org_document(name: str) -> dict[str, Any]:
    project = f"{PROJECT} {name}"

    holders = list(HOLDERS.values())

    def member(holder: Holder) -> dict[str, Any]:
        roles: dict[str, Any] = {"orgRoles": list(holder.org_roles)}
        if holder.group_roles:
            roles["projectRoles"] = {one: list(holder.group_roles) for one in (project, *victims)}
        return roles

    victims = [f"{victim} {name}" for victim in VICTIMS]
    return {
        "name": name,
        "projects": [{"name": project}, *({"name": victim} for victim in victims)],
        "apiKeys": [{"description": h.label, **member(h)} for h in holders],
        "serviceAccounts": [{"name": h.label, **member(h)} for h in holders],
    }


class World:
    """The module's server, the two organizations and lazily made clients."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        built = server.fixtures({"orgs": [_org_document("Home"), _org_document("Away")]})["orgs"]
        self.orgs = {
            where: {
                "id": org["id"],
                "group": org["projects"][0]["id"],
                "victims": [project["id"] for project in org["projects"][1:]],
                "digest": dict(zip(HOLDERS, org["apiKeys"], strict=True)),
                "bearer": dict(zip(HOLDERS, org["serviceAccounts"], strict=True)),
            }
            for where, org in zip(("home", "away"), built, strict=True)
        }
        self._clients: dict[tuple[str, str, str], httpx.Client] = {}
        self._names = itertools.count()
        home = self.orgs["home"]
        self.owner = self.client("home", "digest", "org:ORG_OWNER")
        self.org_invitation = self.invite("org")  # read and updated by many cases, stays pending
        self.group_invitation = self.invite("group")
        self.home_org, self.home_group = home["id"], home["group"]
        # The invitations above wrote one event in each feed.
        self.org_event = self._first_event(f"/api/atlas/v2/orgs/{self.home_org}/events")
        self.group_event = self._first_event(f"/api/atlas/v2/groups/{self.home_group}/events")
        self.org_user = self.add_user("org")  # pending users read and updated by many cases
        self.group_user = self.add_user("group")

    def _first_event(self, path: str) -> str:
        response = self.owner.get(path, headers={"Accept": ACCEPTS[Surface.ATLAS_V2]})
        assert response.status_code == 200, response.text
        return str(response.json()["results"][0]["id"])

    def client(self, where: str, kind: str, label: str) -> httpx.Client:
        key = (where, kind, label)
        if key not in self._clients:
            credential = self.orgs[where][kind][label]
            if kind == "digest":
                self._clients[key] = self.server.digest(credential["publicKey"], credential["privateKey"], accept=None)
            else:
                self._clients[key] = self.server.bearer(credential["clientId"], credential["clientSecret"], accept=None)
        return self._clients[key]

    def username(self) -> str:
        return f"matrix-{next(self._names)}@example.com"

    def invite(self, kind: str) -> dict[str, Any]:
        home = self.orgs["home"]
        if kind == "org":
            url, role = f"/api/atlas/v2/orgs/{home['id']}/invites", "ORG_MEMBER"
        else:
            url, role = f"/api/atlas/v2/groups/{home['group']}/invites", "GROUP_READ_ONLY"
        response = self.owner.post(
            url,
            json={"username": self.username(), "roles": [role]},
            headers={"Accept": ACCEPTS[Surface.ATLAS_V2]},
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def add_user(self, kind: str) -> str:
        """A new pending user through the users API (of the organization, or of its project); its id."""
        if kind == "org":
            url = f"/api/atlas/v2/orgs/{self.home_org}/users"
            body: dict[str, Any] = {"username": self.username(), "roles": {"orgRoles": ["ORG_MEMBER"]}}
        else:
            url = f"/api/atlas/v2/groups/{self.home_group}/users"
            body = {"username": self.username(), "roles": ["GROUP_READ_ONLY"]}
        response = self.owner.post(url, json=body, headers={"Accept": USERS_API})
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def victim(self) -> str:
        """A project of the home organization that deleteGroup may remove: the first one still there."""
        victims = self.orgs["home"]["victims"]
        while not self.still_there("project", victims[0]):
            victims.pop(0)
        return str(victims[0])

    def still_there(self, kind: str, found_id: str) -> bool:
        if kind == "project":
            response = self.owner.get(f"/api/atlas/v2/groups/{found_id}", headers={"Accept": ACCEPTS[Surface.ATLAS_V2]})
            return response.status_code == 200
        home = self.orgs["home"]
        scope = f"orgs/{home['id']}" if kind.startswith("org") else f"groups/{home['group']}"
        collection, accept = ("users", USERS_API) if kind.endswith("user") else ("invites", ACCEPTS[Surface.ATLAS_V2])
        response = self.owner.get(f"/api/atlas/v2/{scope}/{collection}/{found_id}", headers={"Accept": accept})
        return response.status_code == 200


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("rbac") / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- one valid request per operation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: dict[str, Any] | None
    success: int
    consumes: str | None = (
        None  # what a DELETE would remove: "org:<id>", "group:<id>", "orguser:<id>", "groupuser:<id>", "project:<id>"
    )
    accept: str | None = None  # when the operation needs another version than the surface's usual one


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
    request = valid_request(world, case.surface, case.operation)
    client = world.client("home" if case.own else "away", case.kind, case.holder.label)
    response = client.request(
        request.method, request.path, json=request.body, headers={"Accept": request.accept or ACCEPTS[case.surface]}
    )
    expected = expected_error(case.rule, case.holder, case.own)
    if expected is None:
        assert response.status_code == request.success, response.text
        if case.rule.scope is Scope.CALLER:
            _check_shown(world, case, response.json())
        if request.consumes is not None:
            kind, invitation_id = request.consumes.split(":")
            assert response.content == (b"{}" if kind == "project" else b"")
            assert not world.still_there(kind, invitation_id)
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
