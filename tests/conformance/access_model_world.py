"""The world test_schemathesis_access_model.py's generated requests act on, kept replenished.

One server, one organization whose owner (a service account, ``World.caller``) sends every request, with a project,
teams with active and pending users (one active user joined by accepting an invitation, so has no country), API
keys with access lists and project roles, and service accounts with secrets, access lists and project assignments;
a foreign organization with one of each (resources the caller may not reach); and throwaway organizations for
``deleteOrg``, each with an owner of its own.

Generated requests delete, rename and reassign these resources: each accessor reads the server's state and, when
fewer than it keeps remain, makes new ones with the caller's own requests before answering. The caller's own
service account is never offered to the steering (an access list or a role change on it would lock the caller
out), and the home organization keeps its project, so a ``deleteOrg`` of it can only be refused.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from support.server import LocalServer

PROJECT_NAME = "conformance-project"
ACTIVE_USERNAMES = tuple(
    f"{name}@example.com" for name in ("owner", "member", "alice", "bob", "carol", "dave", "erin", "frank")
)
KEEP_TEAMS = 4  # teams of the home organization, at least
KEEP_ASSIGNED = 2  # teams, keys and service accounts in the project, at least
KEEP_UNASSIGNED = 2  # teams, keys and service accounts of the organization outside the project, at least
KEEP_PENDING = 2  # pending users of the organization
KEEP_IN_TEAM = 2  # active users of a team the steering names
KEEP_KEYS = 4  # API keys of the organization
KEEP_ACCOUNTS = 4  # service accounts of the organization, the caller's not counted
KEEP_SECRETS = 2  # secrets of an account the steering names
KEEP_ENTRIES = 2  # access-list entries of a key or account the steering names


def _accept(version: str) -> dict[str, str]:
    return {"Accept": f"application/vnd.atlas.{version}+json"}


@dataclass
class Foreign:
    """Another organization's resources: they exist, the caller is not in that organization."""

    org_id: str
    project_id: str
    team_id: str
    team_name: str
    user_id: str
    key_id: str
    client_id: str


@dataclass
class World:
    server: LocalServer
    client: httpx.Client  # Bearer, the caller (no Accept: each request names its version)
    token: str
    caller: str  # the caller's clientId: never steered to
    org_id: str
    project_id: str
    user_ids: dict[str, str]  # username -> id, the active users of the organization
    foreign: Foreign
    numbers: Iterator[int] = field(default_factory=itertools.count)
    disposable: list[tuple[str, str]] = field(default_factory=list)  # (orgId, token of its owner)

    # --- requests ---------------------------------------------------------------------------------

    def _call(self, method: str, path: str, version: str, expect: int, **kwargs: Any) -> Any:
        answer = self.client.request(method, path, headers=_accept(version), **kwargs)
        assert answer.status_code == expect, f"{method} {path}: [{answer.status_code}] {answer.text}"
        return answer.json() if answer.content else None

    def _results(self, path: str, version: str, **params: Any) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._call("GET", path, version, 200, params={"itemsPerPage": 500, **params})[
            "results"
        ]
        return found

    def number(self) -> int:
        return next(self.numbers)

    @property
    def org(self) -> str:
        return f"/api/atlas/v2/orgs/{self.org_id}"

    @property
    def project(self) -> str:
        return f"/api/atlas/v2/groups/{self.project_id}"

    # --- users and teams --------------------------------------------------------------------------

    def users(self) -> list[dict[str, Any]]:
        """The organization's active and pending users (``OrgUserResponse``), at least ``KEEP_PENDING`` pending."""
        params = {"orgMembershipStatuses": ["ACTIVE", "PENDING"]}
        while True:
            users = self._results(f"{self.org}/users", "2025-02-19", **params)
            if sum(user["orgMembershipStatus"] == "PENDING" for user in users) >= KEEP_PENDING:
                return users
            username = f"pending-{self.number()}@example.com"
            body = {"username": username, "roles": {"orgRoles": ["ORG_MEMBER"]}, "teamIds": [self.teams()[0]["id"]]}
            self._call("POST", f"{self.org}/users", "2025-02-19", 201, json=body)

    def teams(self) -> list[dict[str, Any]]:
        """The organization's teams, at least ``KEEP_TEAMS``; new ones start with two active users."""
        while True:
            teams = self._results(f"{self.org}/teams", "2023-01-01")
            if len(teams) >= KEEP_TEAMS:
                return teams
            self.new_team()

    def new_team(self) -> dict[str, Any]:
        body = {"name": f"team-{self.number()}", "usernames": list(ACTIVE_USERNAMES[:KEEP_IN_TEAM])}
        team: dict[str, Any] = self._call("POST", f"{self.org}/teams", "2023-01-01", 201, json=body)
        return team

    def team_users(self, team_id: str) -> list[dict[str, Any]]:
        """The organization's users, active and pending, that ``team_id`` (a team of the organization) has; at
        least ``KEEP_IN_TEAM`` active ones."""
        while True:
            users = self.users()
            members = [user for user in users if team_id in user.get("teamIds", ())]
            if sum(user["orgMembershipStatus"] == "ACTIVE" for user in members) >= KEEP_IN_TEAM:
                return members
            joining = next(u for u in users if u["orgMembershipStatus"] == "ACTIVE" and u not in members)
            path = f"{self.org}/teams/{team_id}:addUser"
            self._call("POST", path, "2025-02-19", 200, json={"id": joining["id"]})

    def outsiders(self, team_id: str) -> list[dict[str, Any]]:
        """The organization's active users outside ``team_id`` (who may join it), most recent first."""
        members = {user["id"] for user in self.team_users(team_id)}
        users = [u for u in self.users() if u["orgMembershipStatus"] == "ACTIVE" and u["id"] not in members]
        return users[::-1]

    def assigned_teams(self) -> list[dict[str, Any]]:
        """The project's teams (``TeamRole``), at least ``KEEP_ASSIGNED``, with ``KEEP_UNASSIGNED`` teams of the
        organization left outside the project."""
        while True:
            assigned = self._results(f"{self.project}/teams", "2023-01-01")
            ids = {team["teamId"] for team in assigned}
            outside = [team for team in self.teams() if team["id"] not in ids]
            if len(assigned) >= KEEP_ASSIGNED and len(outside) >= KEEP_UNASSIGNED:
                return assigned
            if len(assigned) < KEEP_ASSIGNED and outside:
                body = [{"teamId": outside[0]["id"], "roleNames": ["GROUP_READ_ONLY"]}]
                self._call("POST", f"{self.project}/teams", "2023-01-01", 200, json=body)
            else:
                self.new_team()

    def unassigned_teams(self) -> list[dict[str, Any]]:
        ids = {team["teamId"] for team in self.assigned_teams()}
        return [team for team in self.teams() if team["id"] not in ids]

    # --- API keys ---------------------------------------------------------------------------------

    def keys(self) -> list[dict[str, Any]]:
        """The organization's API keys, at least ``KEEP_KEYS``."""
        while True:
            keys = self._results(f"{self.org}/apiKeys", "2023-01-01")
            if len(keys) >= KEEP_KEYS:
                return keys
            body = {"desc": f"key {self.number()}", "roles": ["ORG_MEMBER"]}
            self._call("POST", f"{self.org}/apiKeys", "2023-01-01", 200, json=body)

    def project_keys(self) -> list[dict[str, Any]]:
        """The project's keys, at least ``KEEP_ASSIGNED``, with ``KEEP_UNASSIGNED`` organization keys outside."""
        while True:
            inside = self._results(f"{self.project}/apiKeys", "2023-01-01")
            ids = {key["id"] for key in inside}
            outside = [key for key in self.keys() if key["id"] not in ids]
            if len(inside) >= KEEP_ASSIGNED and len(outside) >= KEEP_UNASSIGNED:
                return inside
            if len(inside) < KEEP_ASSIGNED:
                body = {"desc": f"project key {self.number()}", "roles": ["GROUP_READ_ONLY"]}
                self._call("POST", f"{self.project}/apiKeys", "2023-01-01", 200, json=body)
            else:
                body = {"desc": f"key {self.number()}", "roles": ["ORG_MEMBER"]}
                self._call("POST", f"{self.org}/apiKeys", "2023-01-01", 200, json=body)

    def unassigned_keys(self) -> list[dict[str, Any]]:
        ids = {key["id"] for key in self.project_keys()}
        return [key for key in self.keys() if key["id"] not in ids]

    def key_entries(self, key_id: str) -> list[dict[str, Any]]:
        """The access list of one of the organization's keys, at least ``KEEP_ENTRIES`` entries (one address,
        one CIDR block, alternately)."""
        path = f"{self.org}/apiKeys/{key_id}/accessList"
        while True:
            entries = self._results(path, "2023-01-01")
            if len(entries) >= KEEP_ENTRIES:
                return entries
            self._call("POST", path, "2023-01-01", 200, json=[self.new_entry()])

    def new_entry(self) -> dict[str, str]:
        """An address or a CIDR block that no list has yet: IPv4 mostly, sometimes IPv6 (an address in the full
        form the spec's ``ipAddress`` pattern asks for, or a /32 block); documentation and private ranges."""
        n = self.number()
        kind = n % 6
        if kind == 2:
            return {"ipAddress": f"2001:0db8:0000:0000:0000:0000:{n // 65536 % 65536:04x}:{n % 65536:04x}"}
        if kind == 5:
            return {"cidrBlock": f"2001:{0xDB8 + n % 4096:x}::/32"}
        if kind % 2:
            return {"ipAddress": f"198.51.{n // 250 % 250}.{n % 250 + 1}"}
        return {"cidrBlock": f"10.{n // 250 % 250}.{n % 250}.0/24"}

    # --- service accounts -------------------------------------------------------------------------

    def accounts(self) -> list[dict[str, Any]]:
        """The organization's service accounts but the caller's, at least ``KEEP_ACCOUNTS``."""
        while True:
            found = self._results(f"{self.org}/serviceAccounts", "2024-08-05")
            accounts = [account for account in found if account["clientId"] != self.caller]
            if len(accounts) >= KEEP_ACCOUNTS:
                return accounts
            body = {
                "name": f"account {self.number()}",
                "description": "made by the world",
                "roles": ["ORG_MEMBER"],
                "secretExpiresAfterHours": 24,
            }
            self._call("POST", f"{self.org}/serviceAccounts", "2024-08-05", 201, json=body)

    def project_accounts(self) -> list[dict[str, Any]]:
        """The project's service accounts (never the caller's), at least ``KEEP_ASSIGNED``, with
        ``KEEP_UNASSIGNED`` accounts of the organization outside the project."""
        while True:
            found = self._results(f"{self.project}/serviceAccounts", "2024-08-05")
            inside = [account for account in found if account["clientId"] != self.caller]
            ids = {account["clientId"] for account in inside}
            outside = [account for account in self.accounts() if account["clientId"] not in ids]
            if len(inside) >= KEEP_ASSIGNED and len(outside) >= KEEP_UNASSIGNED:
                return inside
            if len(inside) < KEEP_ASSIGNED and len(outside) > KEEP_UNASSIGNED:
                path = f"{self.project}/serviceAccounts/{outside[0]['clientId']}:invite"
                self._call("POST", path, "2024-08-05", 200, json={"roles": ["GROUP_READ_ONLY"]})
            else:
                body = {
                    "name": f"account {self.number()}",
                    "description": "made by the world",
                    "roles": ["ORG_MEMBER"],
                    "secretExpiresAfterHours": 24,
                }
                self._call("POST", f"{self.org}/serviceAccounts", "2024-08-05", 201, json=body)

    def unassigned_accounts(self) -> list[dict[str, Any]]:
        ids = {account["clientId"] for account in self.project_accounts()}
        return [account for account in self.accounts() if account["clientId"] not in ids]

    def secrets(self, client_id: str) -> list[dict[str, Any]]:
        """The secrets of one of the organization's accounts, at least ``KEEP_SECRETS``."""
        path = f"{self.org}/serviceAccounts/{client_id}"
        while True:
            secrets: list[dict[str, Any]] = self._call("GET", path, "2024-08-05", 200)["secrets"]
            if len(secrets) >= KEEP_SECRETS:
                return secrets
            self._call("POST", f"{path}/secrets", "2024-08-05", 201, json={"secretExpiresAfterHours": 24})

    def account_entries(self, client_id: str) -> list[dict[str, Any]]:
        """The access list of one of the organization's accounts, at least ``KEEP_ENTRIES`` entries."""
        assert client_id != self.caller, "an access list on the caller would lock it out"
        path = f"{self.org}/serviceAccounts/{client_id}/accessList"
        while True:
            entries = self._results(path, "2024-08-05")
            if len(entries) >= KEEP_ENTRIES:
                return entries
            self._call("POST", path, "2024-08-05", 200, json=[self.new_entry()])

    # --- organizations ----------------------------------------------------------------------------

    def disposable_org(self) -> tuple[str, str]:
        """An organization without projects that may be deleted, and its owner's token (the caller belongs to
        one organization only, so deleting another takes that organization's owner)."""
        if not self.disposable:
            name = f"Disposable {self.number()}"
            org = self.server.fixtures(
                {"orgs": [{"name": name, "serviceAccounts": [{"name": "owner", "orgRoles": ["ORG_OWNER"]}]}]}
            )["orgs"][0]
            account = org["serviceAccounts"][0]
            self.disposable.append((org["id"], self.server.token(account["clientId"], account["clientSecret"])))
        return self.disposable[-1]

    def deleted(self, org_id: str) -> None:
        self.disposable = [(one, token) for one, token in self.disposable if one != org_id]


def build_world(server: LocalServer) -> World:
    """The fixtures, and the first of everything the accessors keep."""
    users = [{"username": name, "firstName": "First", "lastName": "Last", "country": "IE"} for name in ACTIVE_USERNAMES]
    users[0].update(orgRoles=["ORG_OWNER"], projectRoles={PROJECT_NAME: ["GROUP_OWNER"]}, signedIn=True)
    for user in users[1:]:
        user["orgRoles"] = ["ORG_MEMBER"]
    for user in users[: KEEP_IN_TEAM + 1]:
        user["teams"] = ["conformance-team"]
    orgs = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Conformance Access Org",
                    "projects": [{"name": PROJECT_NAME}],
                    "teams": [{"name": "conformance-team"}],
                    "users": users,
                    "serviceAccounts": [{"name": "conformance", "orgRoles": ["ORG_OWNER"]}],
                },
                {
                    "name": "Foreign Org",
                    "projects": [{"name": "foreign-project"}],
                    "teams": [{"name": "foreign-team"}],
                    "users": [{"username": "outsider@example.com", "orgRoles": ["ORG_OWNER"]}],
                    "apiKeys": [{"orgRoles": ["ORG_MEMBER"], "accessList": ["203.0.113.7"]}],
                    "serviceAccounts": [{"name": "foreign", "orgRoles": ["ORG_MEMBER"]}],
                },
            ]
        }
    )["orgs"]
    home, other = orgs
    account = home["serviceAccounts"][0]
    client = server.bearer(account["clientId"], account["clientSecret"], accept=None)
    foreign = Foreign(
        other["id"],
        other["projects"][0]["id"],
        other["teams"][0]["id"],
        other["teams"][0]["name"],
        other["users"][0]["id"],
        other["apiKeys"][0]["id"],
        other["serviceAccounts"][0]["clientId"],
    )
    world = World(
        server,
        client,
        client.headers["Authorization"].removeprefix("Bearer "),
        account["clientId"],
        home["id"],
        home["projects"][0]["id"],
        {user["username"]: user["id"] for user in home["users"]},
        foreign,
    )
    # A member of the first team who joined by accepting an invitation (no country, no sign-in yet).
    invited = f"joined-{world.number()}@example.com"
    body = {"username": invited, "roles": {"orgRoles": ["ORG_MEMBER"]}, "teamIds": [home["teams"][0]["id"]]}
    world._call("POST", f"{world.org}/users", "2025-02-19", 201, json=body)
    found = world._call("GET", f"{world.org}/invites", "2023-01-01", 200, params={"username": invited})
    assert server.accept(found[0]["id"]).status_code == 200
    # Everything the accessors keep, made now rather than in the first test that asks.
    world.assigned_teams()
    for key in world.project_keys()[:1] + world.unassigned_keys()[:1]:
        world.key_entries(key["id"])
    for account_view in world.project_accounts()[:1] + world.unassigned_accounts()[:1]:
        world.secrets(account_view["clientId"])
        world.account_entries(account_view["clientId"])
    world.team_users(world.teams()[0]["id"])
    return world
