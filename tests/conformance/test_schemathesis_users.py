"""Conformance of the 13 users-API operations with the official Atlas Admin API v2 spec, by schemathesis.

The machinery is test_schemathesis.py's (the invitation operations): requests generated from the official spec,
sent over HTTP to a real server with an organization owner's Bearer token, every answer checked for no 5xx, a
documented status, a documented Content-Type, a body that matches the spec's schema, and errors in the catalog's
form; deliberate deviations are allowed by name (``SPEC_PATCHES``, ``STATUS_ALLOWANCES``), nothing else.

What differs here:

* Versions. These operations exist at 2025-02-19, the list and remove operations also at 2023-01-01 (deprecated,
  another response shape for the lists). Each request names a version date: mostly the newest, sometimes the
  older version, a later date (which resolves to the newest version dated on or before it), or a date between
  2023-01-01 and 2025-02-19 (which the 2025-only operations refuse with 406). ``negotiated`` checks that a
  success names the resolved version in its Content-Type, so that the body is validated against that version's
  schema (schemathesis picks the schema by the answer's Content-Type), and its ``Sunset`` (the spec's
  ``x-sunset`` of that version: 2023-01-01 has one, 2025-02-19 none).
* Path ids. ``userId`` mostly names a real user of the organization or project: active, pending, with an expired
  or rejected invitation; sometimes a user of another organization, an organization user outside the project,
  or whatever was generated. The world replenishes its users as the generated requests remove them.
* Bodies (positive mode) mostly name new or existing usernames, valid roles, the real project and team.
* The steering's choices come from a generator seeded per test, not from Hypothesis (see ``Steering``).
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import given
from test_schemathesis import (
    REMOVE,
    SPEC_PATCHES,
    Findings,
    SpecPatch,
    StatusAllowance,
    Without,
    _body_properties,
    _describe,
    _error,
    _error_code,
    allowed_operations,
    assert_patch_changes_the_spec,
    check,
    patched,
    run_settings,
)

from support.server import LocalServer

OPERATION_IDS = (
    "listOrgUsers",
    "createOrgUser",
    "getOrgUser",
    "updateOrgUser",
    "removeOrgUser",
    "addOrgUserRole",
    "removeOrgUserRole",
    "listGroupUsers",
    "addGroupUsers",
    "getGroupUser",
    "removeGroupUser",
    "addGroupUserRole",
    "removeGroupUserRole",
)
NEW = "2025-02-19"
OLD = "2023-01-01"
LATER = "2025-03-12"  # a date after every version: resolves to the newest (WIRE.md section 2)
BETWEEN = "2024-08-05"  # after 2023-01-01, before 2025-02-19
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 40, schemathesis.GenerationMode.NEGATIVE: 25}
ORG_ROLES = ("ORG_OWNER", "ORG_MEMBER", "ORG_READ_ONLY", "ORG_GROUP_CREATOR", "ORG_BILLING_ADMIN")
GROUP_ROLES = ("GROUP_OWNER", "GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_CLUSTER_MANAGER")
STATUSES = ("ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED")
# How many users of each status the world keeps (generated requests remove and change them).
KEEP = {"ACTIVE": 3, "PENDING": 3, "INVITATION_REJECTED": 1}


# --- Deliberate deviations -----------------------------------------------------------------------

USERS_SPEC_PATCHES = (
    *SPEC_PATCHES,  # the invitations' (ApiError.parameters is for every operation)
    SpecPatch(
        "org-pending-inviter-username-is-not-an-email",
        "A pending user's inviterUsername is its invitation's: a username, an API key's public key (real: the "
        "recording of listOrgUsers shows 'nmtxqlkl' on a PENDING user) or a service account's clientId (ours, "
        "WIRE.md section 6); the spec says format: email.",
        "OrgPendingUserResponse",
        ("allOf", 1, "properties", "inviterUsername", "format"),
        REMOVE,
    ),
    SpecPatch(
        "group-pending-inviter-username-is-not-an-email",
        "Same as org-pending-inviter-username-is-not-an-email, for a project's pending users.",
        "GroupPendingUserResponse",
        ("allOf", 1, "properties", "inviterUsername", "format"),
        REMOVE,
    ),
    SpecPatch(
        "org-active-mobile-number-may-be-null",
        'The real cloud answers "mobileNumber":null for every active user (recordings of listOrgUsers, '
        "reference/atlas-semantics.md section 5); the spec types it as a string only.",
        "OrgActiveUserResponse",
        ("allOf", 1, "properties", "mobileNumber", "type"),
        ["string", "null"],
    ),
    SpecPatch(
        "group-active-mobile-number-may-be-null",
        "Same as org-active-mobile-number-may-be-null (recordings of listGroupUsers).",
        "GroupActiveUserResponse",
        ("allOf", 1, "properties", "mobileNumber", "type"),
        ["string", "null"],
    ),
    SpecPatch(
        "cloud-app-user-has-no-password-and-mobile-number",
        "CloudAppUser (the 2023-01-01 lists) requires password and mobileNumber, but the real cloud's 2023-01-01 "
        "user (recording atlasusers/Describe_by_ID) has neither: a password is never shown, and a mobile "
        "number that was never given is left out.",
        "CloudAppUser",
        ("required",),
        Without(("password", "mobileNumber")),
    ),
    SpecPatch(
        "cloud-app-user-without-country",
        "Ours, deliberate: CloudAppUser (the 2023-01-01 lists of listOrgUsers and listGroupUsers) requires "
        "country, which the real cloud asks at sign-up. Users who joined here by accepting an invitation never "
        "gave one, and we leave the key out rather than invent a country (the 2025-02-19 shape has it optional).",
        "CloudAppUser",
        ("required",),
        Without(("country",)),
    ),
)

# The operations that exist only at 2025-02-19: a date before it has no version to resolve to.
NEW_ONLY = frozenset(
    {
        "createOrgUser",
        "getOrgUser",
        "updateOrgUser",
        "addOrgUserRole",
        "removeOrgUserRole",
        "addGroupUsers",
        "getGroupUser",
        "addGroupUserRole",
        "removeGroupUserRole",
    }
)

STATUS_ALLOWANCES = (
    StatusAllowance(
        "version-before-the-first-is-406",
        "WIRE.md section 2 (reference/atlas-semantics.md section 2): a version date earlier than the "
        "operation's first version answers 406 INVALID_VERSION_DATE, the body real clients get; the spec lists "
        "406 for no operation.",
        NEW_ONLY,
        406,
        frozenset({"INVALID_VERSION_DATE"}),
    ),
    StatusAllowance(
        "project-users-query-is-validated",
        "WIRE.md section 4: a bad query parameter (pretty, envelope, includeCount, flattenTeams or includeOrgUsers "
        "not a boolean, itemsPerPage or pageNum out of range, username not an email, both orgMembershipStatus and "
        "orgMembershipStatuses) is a 400 INVALID_QUERY_PARAMETER, an unknown status 400 INVALID_ENUM_VALUE (the "
        "catalog's code, as listOrgUsers answers it); the spec lists 400 for listOrgUsers but not for "
        "listGroupUsers.",
        frozenset({"listGroupUsers"}),
        400,
        frozenset({"INVALID_QUERY_PARAMETER", "INVALID_ENUM_VALUE"}),
    ),
)


# --- Versions ------------------------------------------------------------------------------------


def versions_of(operation: schemathesis.APIOperation) -> dict[str, str | None]:
    """The operation's version dates, oldest first, each with its sunset date (``x-sunset``) or None, from its
    success responses' media types; any success response naming a sunset counts (``addGroupAccessUser``'s 204 entry
    repeats its version without the ``x-sunset`` its 200 entry gives)."""
    found: dict[str, str | None] = {}
    for status, response in operation.definition.raw["responses"].items():
        if status.startswith("2"):
            for media_type, media in response.get("content", {}).items():
                version = media_type.removeprefix("application/vnd.atlas.").removesuffix("+json")
                found[version] = found.get(version) or media.get("x-sunset")
    return dict(sorted(found.items()))


def resolved(wanted: str, versions: dict[str, str | None]) -> str | None:
    """The newest version dated on or before ``wanted``; None if the operation is younger than that date."""
    return max((version for version in versions if version <= wanted), default=None)


def http_date(day: str) -> str:
    """``2027-07-01`` as MongoDB Cloud writes it in ``Sunset``: ``Thu, 1 Jul 2027 00:00:00 GMT`` (WIRE.md section 2)."""
    parsed = date.fromisoformat(day)
    return f"{parsed:%a}, {parsed.day} {parsed:%b %Y} 00:00:00 GMT"


def negotiated(response: schemathesis.Response, wanted: str, versions: dict[str, str | None]) -> str | None:
    """Why the answer to a request for version date ``wanted`` is not the resolved version's, or None.

    A success names the resolved version in its Content-Type (WIRE.md section 2), which is also what makes
    schemathesis validate the body against that version's schema; a version with a sunset date says it in
    ``Sunset``, one without sends none.
    """
    version = resolved(wanted, versions)
    if version is None:
        if response.status_code == 406 and _error_code(response) == "INVALID_VERSION_DATE":
            return None
        return f"{wanted} is before the first version {min(versions)}: expected 406 INVALID_VERSION_DATE"
    if response.status_code >= 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    expected = f"application/vnd.atlas.{version}+json;charset=utf-8"
    if content_type != expected:
        return f"Accept {wanted} resolves to {version}: Content-Type must be {expected!r}, not {content_type!r}"
    sunset = response.headers.get("sunset", [None])[0]
    expected_sunset = None if versions[version] is None else http_date(str(versions[version]))
    if sunset != expected_sunset:
        return f"version {version}: Sunset must be {expected_sunset!r}, not {sunset!r}"
    return None


def judge(
    case: schemathesis.Case,
    response: schemathesis.Response,
    operation_id: str,
    wanted: str,
    versions: dict[str, str | None],
    findings: Findings,
) -> None:
    """Every check of test_schemathesis.py, with this file's allowances, and the version negotiation."""
    target = check(case, response, operation_id, findings, STATUS_ALLOWANCES)
    wrong = None if target is None else negotiated(target, wanted, versions)
    if target is not None and wrong is not None:
        findings.add(("version", wanted, target.status_code), _describe(target, f"Version: {wrong}"))


# --- The server and the world it holds ------------------------------------------------------------


@dataclass
class World:
    server: LocalServer
    client: httpx.Client  # Bearer, org owner of ``org_id``, version 2025-02-19
    token: str
    org_id: str
    project_id: str
    team_id: str
    org_only_id: str  # an organization member without roles in the project (until a request gives some)
    foreign_org_id: str  # exists, the caller is not a member
    foreign_project_id: str
    outsider_id: str  # a user of the foreign organization only
    numbers: Iterator[int] = field(default_factory=itertools.count)

    @property
    def org_path(self) -> str:
        return f"/api/atlas/v2/orgs/{self.org_id}/users"

    @property
    def project_path(self) -> str:
        return f"/api/atlas/v2/groups/{self.project_id}/users"

    def username(self, label: str = "user") -> str:
        return f"{label}-{next(self.numbers)}@example.com"

    def invite(self) -> dict[str, Any]:
        """A new pending user of the organization, with a role in the project."""
        roles = {"orgRoles": ["ORG_MEMBER"], "groupRoleAssignments": [self.assignment(["GROUP_READ_ONLY"])]}
        created = self.client.post(self.org_path, json={"username": self.username(), "roles": roles})
        assert created.status_code == 201, created.text
        return dict(created.json())

    def assignment(self, roles: list[str]) -> dict[str, Any]:
        return {"groupId": self.project_id, "groupRoles": roles}

    def invitation_of(self, username: str) -> str:
        found = self.client.get(
            f"/api/atlas/v2/orgs/{self.org_id}/invites",
            params={"username": username},
            headers={"Accept": f"application/vnd.atlas.{OLD}+json"},
        )
        assert found.status_code == 200 and len(found.json()) == 1, found.text
        return str(found.json()[0]["id"])

    def users(self, scope: str) -> list[dict[str, Any]]:
        """The users of our organization (scope "org") or project ("group") in every status, at least ``KEEP``."""
        path = self.org_path if scope == "org" else self.project_path
        params = [("itemsPerPage", "500"), *(("orgMembershipStatuses", status) for status in STATUSES)]
        for _ in range(2 * sum(KEEP.values()) + 1):
            found = self.client.get(path, params=params)
            assert found.status_code == 200, found.text
            users: list[dict[str, Any]] = found.json()["results"]
            have = Counter(user["orgMembershipStatus"] for user in users)
            missing = [status for status, count in KEEP.items() if have[status] < count]
            if not missing:
                return users
            invited = self.invite()
            if missing[0] == "ACTIVE":
                assert self.server.accept(self.invitation_of(invited["username"])).status_code == 200
            elif missing[0] == "INVITATION_REJECTED":
                assert self.server.decline(self.invitation_of(invited["username"])).status_code == 200
        raise AssertionError(f"could not replenish the {scope} users: {have}")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    # Rate limits off, as for the invitations: hundreds of requests to one organization.
    server = LocalServer(tmp_path_factory.mktemp("conformance-users") / "data", rate_limits=False).start()
    try:
        project = "conformance-project"
        orgs = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Conformance Users Org",
                        "projects": [{"name": project}],
                        "teams": [{"name": "conformance-team"}],
                        "users": [
                            {
                                "username": "owner@example.com",
                                "firstName": "Olive",
                                "lastName": "Owner",
                                "country": "IE",
                                "signedIn": True,
                                "orgRoles": ["ORG_OWNER"],
                                "projectRoles": {project: ["GROUP_OWNER"]},
                                "teams": ["conformance-team"],
                            },
                            {
                                "username": "member@example.com",
                                "firstName": "Max",
                                "lastName": "Member",
                                "country": "US",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {project: ["GROUP_READ_ONLY"]},
                            },
                            {
                                "username": "org-only@example.com",
                                "firstName": "Otto",
                                "lastName": "Only",
                                "orgRoles": ["ORG_MEMBER"],
                            },
                        ],
                        "serviceAccounts": [{"name": "conformance", "orgRoles": ["ORG_OWNER"]}],
                    },
                    {
                        "name": "Foreign Org",
                        "projects": [{"name": "foreign-project"}],
                        "users": [{"username": "outsider@example.com", "orgRoles": ["ORG_OWNER"]}],
                    },
                ]
            }
        )["orgs"]
        org, foreign = orgs
        account = org["serviceAccounts"][0]
        accept = f"application/vnd.atlas.{NEW}+json"
        world = World(
            server,
            server.bearer(account["clientId"], account["clientSecret"], accept=accept),
            "",
            org["id"],
            org["projects"][0]["id"],
            org["teams"][0]["id"],
            next(u["id"] for u in org["users"] if u["username"] == "org-only@example.com"),
            foreign["id"],
            foreign["projects"][0]["id"],
            foreign["users"][0]["id"],
        )
        # One invitation expires: made now, then the clock moves past its 30 days (and past the token's life).
        expired = world.invite()
        server.advance("31d")
        world.client = server.bearer(account["clientId"], account["clientSecret"], accept=accept)
        world.token = world.client.headers["Authorization"].removeprefix("Bearer ")
        assert world.client.get(f"{world.org_path}/{expired['id']}").json()["orgMembershipStatus"] == (
            "INVITATION_EXPIRED"
        )
        yield world
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(patched(openapi_document, USERS_SPEC_PATCHES))
    return schema.include(operation_id=list(OPERATION_IDS))


# --- Steering generated cases to real resources --------------------------------------------------


@dataclass
class Steering:
    """The steering's own choices, from a generator seeded per test (so each run is the same run).

    Not Hypothesis draws: Hypothesis favours the simplest choice, which sent nearly every request to the first
    user of the list with the first role of the enum, so that conflicts and most users' states went untried.
    """

    rng: random.Random

    def often(self) -> bool:
        """True three times in four."""
        return self.rng.random() < 0.75

    def pick(self, choices: list[Any] | tuple[Any, ...]) -> Any:
        return self.rng.choice(choices)

    def roles(self, choices: tuple[str, ...]) -> list[str]:
        return self.rng.sample(choices, self.rng.choice((1, 1, 2)))


ROLES_KEYS = {"orgRoles", "groupRoleAssignments"}
ASSIGNMENT_KEYS = {"groupId", "groupRoles"}


def _drop_unknown(body: dict[str, Any], known: set[str]) -> None:
    """Remove the attributes the spec does not have, at every level of the users API's bodies."""
    for key in set(body) - known:
        del body[key]
    roles = body.get("roles")
    if isinstance(roles, dict):
        for key in set(roles) - ROLES_KEYS:
            del roles[key]
        for item in roles.get("groupRoleAssignments") or ():
            if isinstance(item, dict):
                for key in set(item) - ASSIGNMENT_KEYS:
                    del item[key]


def steer(case: schemathesis.Case, steering: Steering, world: World, operation_id: str, known: set[str]) -> None:
    """Point path ids mostly at real users; make positive bodies and queries mostly able to succeed."""
    scope = "group" if "Group" in operation_id else "org"
    pick, often = steering.pick, steering.often
    path = case.path_parameters
    if path is not None:
        if "orgId" in path:
            path["orgId"] = pick([world.org_id] * 6 + [world.foreign_org_id, path["orgId"]])
        if "groupId" in path:
            path["groupId"] = pick([world.project_id] * 6 + [world.foreign_project_id, path["groupId"]])
        if "userId" in path:
            source = pick(["ACTIVE"] * 3 + ["PENDING"] * 3 + ["past", "other", "generated"])
            if source == "other":
                path["userId"] = pick([world.outsider_id] + ([world.org_only_id] if scope == "group" else []))
            elif source != "generated":
                wanted = ("INVITATION_EXPIRED", "INVITATION_REJECTED") if source == "past" else (source,)
                pool = [u["id"] for u in world.users(scope) if u["orgMembershipStatus"] in wanted]
                path["userId"] = pick(pool) if pool else path["userId"]
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if not positive:
        return
    query = case.query
    if query:
        if "username" in query and often():
            query["username"] = pick([u["username"] for u in world.users(scope)])
        if "orgMembershipStatus" in query and often():
            if "orgMembershipStatuses" in query:
                del query["orgMembershipStatus"]
            else:
                query["orgMembershipStatus"] = pick(STATUSES)
    body = case.body
    if not isinstance(body, dict):
        return
    if often():
        _drop_unknown(body, known)
    if "username" in body:
        # New, or someone already there: active or pending (409; addGroupUsers adds an org member to the
        # project), or whose invitation expired or was rejected (replaced).
        body["username"] = world.username(scope) if often() else pick([u["username"] for u in world.users("org")])
    if scope == "group":
        if "roles" in body and often():
            body["roles"] = steering.roles(GROUP_ROLES)
        if "groupRole" in body and often():
            body["groupRole"] = pick(GROUP_ROLES)
    else:
        roles = body.get("roles")
        if isinstance(roles, dict) and often():
            roles["orgRoles"] = steering.roles(ORG_ROLES)
            if "groupRoleAssignments" in roles or often():
                roles["groupRoleAssignments"] = pick([[], [world.assignment(steering.roles(GROUP_ROLES))]])
        if "teamIds" in body and often():
            body["teamIds"] = pick([[], [world.team_id]])


# --- The test ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_conforms_to_official_spec(
    api_schema: schemathesis.BaseSchema,
    openapi_document: dict[str, Any],
    world: World,
    operation_id: str,
    mode: schemathesis.GenerationMode,
) -> None:
    operation = api_schema.find_operation_by_id(operation_id)
    known = _body_properties(openapi_document, operation)
    versions = versions_of(operation)
    *older, newest = versions
    dates = [newest] * 4 + older * 2 + [LATER, BETWEEN]
    findings = Findings()
    steering = Steering(random.Random(f"{operation_id}-{mode.value}"))

    @given(case=operation.as_strategy(generation_mode=mode))
    @run_settings(MAX_EXAMPLES[mode])
    def run(case: schemathesis.Case) -> None:
        steer(case, steering, world, operation_id, known)
        wanted = steering.pick(dates)
        accept = f"application/vnd.atlas.{wanted}+json"
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.token}", "Accept": accept}
        response = case.call(base_url=world.server.base_url, timeout=30)
        judge(case, response, operation_id, wanted, versions, findings)

    run()
    assert not findings.samples, (
        f"{operation_id} ({mode.value}): {len(findings.samples)} kind(s) of nonconformance\n\n"
        + "\n\n".join(findings.samples.values())
        + f"\n\nstatuses seen: {findings.statuses}\nallowed by name: {findings.allowed}"
    )


def test_allow_lists_name_real_operations(
    openapi_document: dict[str, Any], api_schema: schemathesis.BaseSchema
) -> None:
    """Every allow-list entry names one of these operations and a status the spec really leaves undocumented;
    every spec patch of this file changes something that is in the spec; the versions are the ones we serve."""
    allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
    for patch in USERS_SPEC_PATCHES[len(SPEC_PATCHES) :]:
        assert_patch_changes_the_spec(openapi_document, patch)
    versions = {op: versions_of(api_schema.find_operation_by_id(op)) for op in OPERATION_IDS}
    assert {op for op, found in versions.items() if min(found) > BETWEEN} == NEW_ONLY
    for op, found in versions.items():
        assert list(found) == ([OLD, NEW] if op.startswith(("list", "remove")) and "Role" not in op else [NEW]), op


# --- The checks themselves: they must catch what they are here to catch (no server needed) --------

ORG_ID, GROUP_ID, USER_ID = "a0123456789abcdef012345a", "b0123456789abcdef012345b", "6a793f8ec0eb9e7a17716c2e"
# The shapes of reference/recordings (atlasorgs/List_Org_Users, atlasusers/List, atlasusers/Describe_by_ID).
ACTIVE_USER = {
    "country": "IE",
    "createdAt": "2020-02-18T10:58:47Z",
    "firstName": "Andrea",
    "id": USER_ID,
    "lastAuth": "2026-08-08T18:15:51Z",
    "lastName": "Angiolillo",
    "mobileNumber": None,
    "orgMembershipStatus": "ACTIVE",
    "roles": {
        "groupRoleAssignments": [{"groupId": GROUP_ID, "groupRoles": ["GROUP_OWNER"]}],
        "orgRoles": ["ORG_OWNER"],
    },
    "teamIds": [],
    "username": "andrea@example.com",
}
PENDING_USER = {
    "id": USER_ID,
    "invitationCreatedAt": "2026-08-10T03:03:42Z",
    "invitationExpiresAt": "2026-09-09T03:03:42Z",
    "inviterUsername": "nmtxqlkl",
    "orgMembershipStatus": "PENDING",
    "roles": {"groupRoleAssignments": [], "orgRoles": ["ORG_READ_ONLY"]},
    "teamIds": [],
    "username": "test-1@example.com",
}
GROUP_USER = {**{k: v for k, v in ACTIVE_USER.items() if k != "teamIds"}, "roles": ["GROUP_OWNER"]}
CLOUD_APP_USER = {
    "country": "IE",
    "createdAt": "2020-02-18T10:58:47Z",
    "emailAddress": "andrea@example.com",
    "firstName": "Andrea",
    "id": USER_ID,
    "lastAuth": "2026-08-08T18:15:51Z",
    "lastName": "Angiolillo",
    "links": [{"href": f"http://127.0.0.1/api/atlas/v2/users/{USER_ID}", "rel": "self"}],
    "roles": [{"orgId": ORG_ID, "roleName": "ORG_OWNER"}, {"groupId": GROUP_ID, "roleName": "GROUP_OWNER"}],
    "teamIds": [],
    "username": "andrea@example.com",
}
SUNSET = {"sunset": "Thu, 1 Jul 2027 00:00:00 GMT"}


def _page(*results: dict[str, Any]) -> dict[str, Any]:
    links = [{"href": f"http://127.0.0.1/api/atlas/v2/orgs/{ORG_ID}/users?pageNum=1&itemsPerPage=100", "rel": "self"}]
    return {"links": links, "results": list(results), "totalCount": len(results)}


def _vnd(version: str) -> str:
    return f"application/vnd.atlas.{version}+json;charset=utf-8"


JSON = "application/json"
# (name, operation, version asked, query, status, content type, body, more headers, expected: "" = conforms)
SYNTHETIC = [
    ("active-user", "getOrgUser", NEW, {}, 200, _vnd(NEW), ACTIVE_USER, {}, ""),
    ("pending-user-invited-by-a-key", "getOrgUser", NEW, {}, 200, _vnd(NEW), PENDING_USER, {}, ""),
    (
        "active-user-without-first-name",
        "getOrgUser",
        NEW,
        {},
        200,
        _vnd(NEW),
        {k: v for k, v in ACTIVE_USER.items() if k != "firstName"},
        {},
        "violates schema",
    ),
    (
        "pending-user-roles-as-a-list",
        "getOrgUser",
        NEW,
        {},
        200,
        _vnd(NEW),
        {**PENDING_USER, "roles": ["ORG_READ_ONLY"]},
        {},
        "violates schema",
    ),
    ("group-user", "getGroupUser", NEW, {}, 200, _vnd(NEW), GROUP_USER, {}, ""),
    ("group-user-in-org-shape", "getGroupUser", NEW, {}, 200, _vnd(NEW), ACTIVE_USER, {}, "violates schema"),
    ("old-list", "listOrgUsers", OLD, {}, 200, _vnd(OLD), _page(CLOUD_APP_USER), SUNSET, ""),
    ("old-list-without-sunset", "listOrgUsers", OLD, {}, 200, _vnd(OLD), _page(CLOUD_APP_USER), {}, "Sunset"),
    ("new-list-with-sunset", "listOrgUsers", NEW, {}, 200, _vnd(NEW), _page(ACTIVE_USER), SUNSET, "Sunset"),
    ("old-asked-new-answered", "listOrgUsers", OLD, {}, 200, _vnd(NEW), _page(ACTIVE_USER), {}, "resolves to"),
    ("new-shape-as-old", "listOrgUsers", OLD, {}, 200, _vnd(OLD), _page(ACTIVE_USER), SUNSET, "violates schema"),
    ("later-date-is-newest", "listOrgUsers", LATER, {}, 200, _vnd(NEW), _page(ACTIVE_USER, PENDING_USER), {}, ""),
    ("later-date-echoed", "listOrgUsers", LATER, {}, 200, _vnd(LATER), _page(ACTIVE_USER), {}, "resolves to"),
    ("between-is-old", "listGroupUsers", BETWEEN, {}, 200, _vnd(OLD), _page(CLOUD_APP_USER), SUNSET, ""),
    ("too-early-is-406", "getOrgUser", BETWEEN, {}, 406, JSON, _error(406, "INVALID_VERSION_DATE"), {}, ""),
    ("too-early-answered", "getOrgUser", BETWEEN, {}, 200, _vnd(NEW), ACTIVE_USER, {}, "expected 406"),
    (
        "406-where-a-version-resolves",
        "listOrgUsers",
        BETWEEN,
        {},
        406,
        JSON,
        _error(406, "INVALID_VERSION_DATE"),
        {},
        "Undocumented",
    ),
    (
        "group-list-query-400",
        "listGroupUsers",
        NEW,
        {},
        400,
        JSON,
        _error(400, "INVALID_QUERY_PARAMETER"),
        {},
        "",
    ),
    ("group-list-other-400", "listGroupUsers", NEW, {}, 400, JSON, _error(400, "MALFORMED_JSON"), {}, "Undocumented"),
    ("conflict", "createOrgUser", NEW, {}, 409, JSON, _error(409, "USER_ALREADY_EXISTS"), {}, ""),
    ("conflict-off-catalog", "createOrgUser", NEW, {}, 409, JSON, _error(409, "CONFLICT"), {}, "not a catalog code"),
    (
        "enveloped-list",
        "listOrgUsers",
        NEW,
        {"envelope": "true"},
        200,
        _vnd(NEW),
        {**_page(ACTIVE_USER), "status": 200},
        {},
        "",
    ),
    (
        "enveloped-list-checked",
        "listOrgUsers",
        NEW,
        {"envelope": "true"},
        200,
        _vnd(NEW),
        {**_page({"id": "nope"}), "status": 200},
        {},
        "violates schema",
    ),
    ("old-remove", "removeOrgUser", OLD, {}, 204, _vnd(OLD), None, SUNSET, ""),
    ("new-remove-as-old", "removeOrgUser", NEW, {}, 204, _vnd(OLD), None, SUNSET, "resolves to"),
]


def synthetic_answer(
    operation: schemathesis.APIOperation,
    ids: dict[str, str],
    status: int,
    content_type: str,
    body: Any,
    headers: dict[str, str],
    query: dict[str, str] | None = None,
) -> tuple[schemathesis.Case, schemathesis.Response]:
    """A case of ``operation`` (its path named by ``ids``) and an answer made up for it, to show what the checks
    say of it; an error body's errorCode goes into ``X-Error-Code`` as the server sends it."""
    path = {name: value for name, value in ids.items() if "{" + name + "}" in operation.path}
    case = operation.Case(path_parameters=path, query=query or {})
    url = "http://127.0.0.1" + operation.path.format(**path) + ("?envelope=true" if query else "")
    all_headers = {"content-type": [content_type], **{k: [v] for k, v in headers.items()}}
    if isinstance(body, dict) and "errorCode" in body:
        all_headers["x-error-code"] = [body["errorCode"]]
    response = schemathesis.Response(
        status_code=status,
        headers=all_headers,
        content=b"" if body is None else json.dumps(body).encode(),
        request=requests.Request(operation.method.upper(), url).prepare(),
        elapsed=0.0,
        verify=True,
    )
    return case, response


@pytest.mark.parametrize(
    ("operation_id", "wanted", "query", "status", "content_type", "body", "headers", "expected"),
    [item[1:] for item in SYNTHETIC],
    ids=[item[0] for item in SYNTHETIC],
)
def test_checks_catch_nonconformance(
    api_schema: schemathesis.BaseSchema,
    operation_id: str,
    wanted: str,
    query: dict[str, str],
    status: int,
    content_type: str,
    body: Any,
    headers: dict[str, str],
    expected: str,
) -> None:
    operation = api_schema.find_operation_by_id(operation_id)
    ids = {"orgId": ORG_ID, "groupId": GROUP_ID, "userId": USER_ID}
    case, response = synthetic_answer(operation, ids, status, content_type, body, headers, query)
    findings = Findings()
    judge(case, response, operation_id, wanted, versions_of(operation), findings)
    reports = "\n".join(findings.samples.values())
    if expected:
        assert expected in reports, reports or "no failure reported"
    else:
        assert not reports
