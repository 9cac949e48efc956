"""The RBAC matrix's world: who holds which role where, and the shape of one valid request.

Used by ``tests/server/test_rbac_matrix.py`` and by the per-area request modules next to this one, each of which
knows one valid request for each of its operations (``request(world, operation) -> Request | None``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from atlas_access.core.roles import CLOUD_MANAGER_ORG_ROLES, GROUP_ROLES, Scope, Surface
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
    return ORG_HOLDERS if scope in (Scope.ORG, Scope.HOME, Scope.FEDERATION) else PROJECT_HOLDERS + ORG_HOLDERS


def sees_project(holder: Holder) -> bool:
    return bool(holder.group_roles) or any(r in IMPLIED_GROUP_ROLES for r in holder.org_roles)


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
        # Active members of the organization, for the team operations (only active users join teams).
        "users": [
            {"username": f"matrix-member-{n}-{name.lower()}@example.com", "orgRoles": ["ORG_MEMBER"]} for n in range(4)
        ],
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
                "users": org["users"],
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
        # What the per-area request modules made once and share between cases (a team, a key...), by their names.
        self.shared: dict[str, Any] = {}

    def call(self, method: str, path: str, body: Any = None, accept: str = ACCEPTS[Surface.ATLAS_V2]) -> httpx.Response:
        """A request as the home organization's owner (an API key), for setting up or checking a case."""
        return self.owner.request(method, path, json=body, headers={"Accept": accept})

    def made(self, method: str, path: str, body: Any = None, accept: str = ACCEPTS[Surface.ATLAS_V2]) -> Any:
        """``call``, which must succeed (2xx); its JSON body (None when empty)."""
        response = self.call(method, path, body, accept)
        assert response.is_success, response.text
        return response.json() if response.content else None

    def exists(self, path: str, accept: str = ACCEPTS[Surface.ATLAS_V2]) -> bool:
        """Whether a GET of ``path`` as the owner finds it (200)."""
        return self.call("GET", path, accept=accept).status_code == 200

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


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: Any  # a JSON object, a JSON array (access lists, team assignments) or None
    success: int
    consumes: str | None = (
        None  # what a DELETE would remove: "org:<id>", "group:<id>", "orguser:<id>", "groupuser:<id>", "project:<id>"
    )
    accept: str | None = None  # when the operation needs another version than the surface's usual one
    # For a DELETE of something ``consumes`` cannot name: whether it is still there, and the success body.
    still_there: Callable[[], bool] | None = None
    answer: bytes = b""
