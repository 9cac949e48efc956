"""Conformance of the 55 access-model operations (organizations, teams, programmatic API keys, service accounts)
with the official Atlas Admin API v2 spec, by schemathesis.

The machinery is test_schemathesis.py's: requests generated from the official spec, sent over HTTP to a real server
on 127.0.0.1 with an organization owner's Bearer token, every answer checked for no 5xx, a documented status, a
documented Content-Type, a body that matches the spec's schema, and errors in the catalog's form; deliberate
deviations are allowed by name (``ACCESS_SPEC_PATCHES``, ``RESPONSE_PATCHES``, ``STATUS_ALLOWANCES``), nothing
else.

What differs here:

* Versions. Each request names the operation's newest version (2023-01-01 for most, 2024-08-05 for service
  accounts, 2025-02-19 for ``:addUser`` and ``:removeUser``); ``listOrgTeamUsers`` alternates between its two.
  A success must name that version in its Content-Type and carry the version's ``Sunset`` if it has one
  (``negotiated``, test_schemathesis_users.py's check).
* ``RESPONSE_PATCHES``: where the real cloud answers a success with another status than the spec's (recorded), the
  spec's response is moved to that status, so that the body is still checked against the spec's schema.
* Path ids mostly name real resources of the caller's organization (the world of access_model_world.py: teams with
  active and pending users, API keys and service accounts in and out of the project, their access lists and
  secrets), sometimes another organization's, sometimes whatever was generated; the world replenishes what the
  generated DELETEs consume. ``deleteOrg`` mostly names a throwaway organization and then speaks with that
  organization's owner's token (the caller is in one organization only, which keeps a project and so cannot be
  deleted). ``createOrg`` makes at most ``MAX_EXAMPLES`` organizations per mode (``ceiling``).
* Access lists. The world's fresh entries are IPv4 and IPv6 addresses and CIDR blocks, in the forms the spec's
  request patterns accept; an entry in a path is mostly a real one (a block with its slash escaped, as the spec
  asks), sometimes an absent or a malformed one (control characters too), then mostly asked in an envelope.
* Positive bodies are mostly steered to values that can succeed (new names, valid roles, real users and teams,
  fresh access-list entries), sometimes to conflicts; the steering's choices come from a generator seeded per
  test (test_schemathesis_users.py's ``Steering``), so each run is the same run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from access_model_world import World, build_world
from hypothesis import given
from test_schemathesis import (
    REMOVE,
    SPEC_PATCHES,
    Findings,
    SpecPatch,
    StatusAllowance,
    _describe,
    _error,
    allowed_operations,
    assert_patch_changes_the_spec,
    check,
    patched,
    run_settings,
)
from test_schemathesis_users import USERS_SPEC_PATCHES, Steering, negotiated, synthetic_answer, versions_of

from atlas_access.core.errors import CATALOG
from atlas_access.core.roles import ATLAS_GROUP_ROLES, ATLAS_ORG_ROLES
from support.server import LocalServer

ORG_OPERATIONS = ("createOrg", "updateOrg", "deleteOrg")
TEAM_OPERATIONS = (
    "listOrgTeams",
    "createOrgTeam",
    "getOrgTeam",
    "getOrgTeamByName",
    "renameOrgTeam",
    "deleteOrgTeam",
    "listOrgTeamUsers",
    "addOrgTeamUsers",
    "removeOrgTeamUserFromTeam",
    "addOrgTeamUser",
    "removeOrgTeamUser",
    "listGroupTeams",
    "addGroupTeams",
    "getGroupTeam",
    "updateGroupTeam",
    "removeGroupTeam",
)
API_KEY_OPERATIONS = (
    "listOrgApiKeys",
    "createOrgApiKey",
    "getOrgApiKey",
    "updateOrgApiKey",
    "deleteOrgApiKey",
    "listOrgApiKeyAccessListEntries",
    "createOrgApiKeyAccessListEntry",
    "getOrgApiKeyAccessListEntry",
    "deleteOrgApiKeyAccessListEntry",
    "listGroupApiKeys",
    "createGroupApiKey",
    "addGroupApiKey",
    "updateGroupApiKeyRoles",
    "removeGroupApiKey",
)
SERVICE_ACCOUNT_OPERATIONS = (
    "listOrgServiceAccounts",
    "createOrgServiceAccount",
    "getOrgServiceAccount",
    "updateOrgServiceAccount",
    "deleteOrgServiceAccount",
    "createOrgServiceAccountSecret",
    "deleteOrgServiceAccountSecret",
    "listOrgServiceAccountAccessList",
    "createOrgServiceAccountAccessList",
    "deleteOrgServiceAccountAccessListEntry",
    "getOrgServiceAccountGroups",
    "listGroupServiceAccounts",
    "createGroupServiceAccount",
    "getGroupServiceAccount",
    "updateGroupServiceAccount",
    "deleteGroupServiceAccount",
    "createGroupServiceAccountSecret",
    "deleteGroupServiceAccountSecret",
    "listGroupServiceAccountAccessList",
    "createGroupServiceAccountAccessList",
    "deleteGroupServiceAccountAccessListEntry",
    "inviteGroupServiceAccount",
)
OPERATION_IDS = (*ORG_OPERATIONS, *TEAM_OPERATIONS, *API_KEY_OPERATIONS, *SERVICE_ACCOUNT_OPERATIONS)
# The versions we serve, as the spec has them (checked by test_allow_lists_name_real_operations).
VERSIONS = {
    **{op: ("2023-01-01",) for op in OPERATION_IDS},
    **{op: ("2024-08-05",) for op in SERVICE_ACCOUNT_OPERATIONS},
    "addOrgTeamUser": ("2025-02-19",),
    "removeOrgTeamUser": ("2025-02-19",),
    "listOrgTeamUsers": ("2023-01-01", "2025-02-19"),
}
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 15, schemathesis.GenerationMode.NEGATIVE: 10}
SECRET_HOURS = (8, 24, 720, 8760)
# Access-list path segments that name no entry: not an address, a prefix too long, control characters.
MALFORMED_ENTRIES = ("not-an-address", "10.0.0.0%2F99", "192.0.2.1%0A%0A")


# --- Deliberate deviations -----------------------------------------------------------------------

# The users API's patches of the schemas these operations answer with too (see test_schemathesis_users.py).
SHARED_USERS_PATCHES = frozenset(
    {
        "cloud-app-user-has-no-password-and-mobile-number",  # listOrgTeamUsers 2023-01-01, addOrgTeamUsers
        "org-active-mobile-number-may-be-null",  # listOrgTeamUsers 2025-02-19, :addUser, :removeUser
        "org-pending-inviter-username-is-not-an-email",  # the same, for pending users
        "cloud-app-user-without-country",  # listOrgTeamUsers 2023-01-01, addOrgTeamUsers
    }
)
ACCESS_SPEC_PATCHES: tuple[SpecPatch, ...] = (
    *SPEC_PATCHES,  # the invitations' (ApiError.parameters and the organization's name are for every operation)
    *(patch for patch in USERS_SPEC_PATCHES if patch.name in SHARED_USERS_PATCHES),
    SpecPatch(
        "api-key-access-list-count-may-be-0",
        'UserAccessListResponse.count has minimum 1, but the real cloud answers a new entry with "count":0 '
        "(recording atlasorgapikeyaccesslist/TestAtlasOrgAPIKeyAccessList/Create), and api_key_shapes shows "
        "count 0 always (ours: uses are not counted). The minimum is dropped.",
        "UserAccessListResponse",
        ("properties", "count", "minimum"),
        REMOVE,
    ),
)


@dataclass(frozen=True)
class ResponsePatch:
    """A success the real cloud answers with another status than the spec's: the spec's response (schema and
    media types) is moved from ``documented`` to ``answered``."""

    name: str
    reason: str
    operation_id: str
    documented: str
    answered: str


RESPONSE_PATCHES = (
    ResponsePatch(
        "create-team-is-201",
        "The real cloud answers createOrgTeam 201 Created with the Team (recording "
        "atlasteams/TestAtlasTeams/Create, and the teams route's docstring); the spec documents 200.",
        "createOrgTeam",
        "200",
        "201",
    ),
)

# The operations for which the spec documents no 400 at all.
WITHOUT_400 = frozenset(
    {
        "listOrgApiKeys",
        "createOrgApiKey",
        "getOrgApiKey",
        "deleteOrgApiKey",
        "listOrgApiKeyAccessListEntries",
        "getOrgApiKeyAccessListEntry",
        "listGroupApiKeys",
        "createGroupApiKey",
        "addGroupApiKey",
        "listOrgServiceAccounts",
        "getOrgServiceAccount",
        "deleteOrgServiceAccount",
        "deleteOrgServiceAccountSecret",
        "listOrgServiceAccountAccessList",
        "getOrgServiceAccountGroups",
        "listGroupServiceAccounts",
        "getGroupServiceAccount",
        "deleteGroupServiceAccount",
        "deleteGroupServiceAccountSecret",
        "listGroupServiceAccountAccessList",
        "inviteGroupServiceAccount",
    }
)
# The API-key operations whose path names a key and that the spec documents no 400 for.
KEY_PATH_WITHOUT_400 = frozenset(
    {
        "getOrgApiKey",
        "deleteOrgApiKey",
        "listOrgApiKeyAccessListEntries",
        "getOrgApiKeyAccessListEntry",
        "addGroupApiKey",
    }
)
BODY_CODES = frozenset(
    {"MALFORMED_JSON", "INVALID_JSON", "INVALID_JSON_ATTRIBUTE", "INVALID_ATTRIBUTE", "MISSING_ATTRIBUTE"}
)

STATUS_ALLOWANCES: tuple[StatusAllowance, ...] = (
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty, envelope, includeCount or includeSystemManaged not a "
        "boolean, itemsPerPage or pageNum out of range) is a 400 INVALID_QUERY_PARAMETER "
        "(service_account_shapes.include_system_managed: 400 if not a boolean); the spec lists no 400 for these "
        "operations, though it does for others that take the same parameters.",
        WITHOUT_400,
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
    StatusAllowance(
        "org-key-body-is-validated",
        "WIRE.md section 4: a bad body is a 400 (MALFORMED_JSON, INVALID_JSON, INVALID_JSON_ATTRIBUTE, "
        "INVALID_ATTRIBUTE, MISSING_ATTRIBUTE); api_key_shapes.org_roles: no role is 400 MISSING_API_KEY_ROLES, a "
        "role that is not an organization role 400 INVALID_ROLE_FOR_ORG. The spec lists 400 for updateOrgApiKey, "
        "which takes the same body, but not for createOrgApiKey.",
        frozenset({"createOrgApiKey"}),
        400,
        BODY_CODES | {"MISSING_API_KEY_ROLES", "INVALID_ROLE_FOR_ORG"},
    ),
    StatusAllowance(
        "project-key-body-is-validated",
        "WIRE.md section 4: a bad body is a 400 (MALFORMED_JSON, INVALID_JSON, INVALID_JSON_ATTRIBUTE, "
        "INVALID_ATTRIBUTE, MISSING_ATTRIBUTE); api_key_shapes.project_roles: no role is 400 "
        "MISSING_API_KEY_ROLES, a role that is not a project role 400 INVALID_ROLE_FOR_GROUP; project_api_keys: "
        "a userId other than the path's key is 400 INVALID_ATTRIBUTE. The spec lists 400 for "
        "updateGroupApiKeyRoles, which takes the same roles, but not for these two.",
        frozenset({"createGroupApiKey", "addGroupApiKey"}),
        400,
        BODY_CODES | {"MISSING_API_KEY_ROLES", "INVALID_ROLE_FOR_GROUP"},
    ),
    StatusAllowance(
        "account-invitation-body-is-validated",
        "WIRE.md section 4: a bad body is a 400 (MALFORMED_JSON, INVALID_JSON, INVALID_JSON_ATTRIBUTE, "
        "INVALID_ATTRIBUTE, MISSING_ATTRIBUTE: no role at all); a role that is not a project role is 400 "
        "INVALID_ROLE_FOR_GROUP (services.service_accounts.check_group_roles), as createGroupServiceAccount and "
        "updateGroupServiceAccount answer it, for which the spec lists 400; it lists none for :invite.",
        frozenset({"inviteGroupServiceAccount"}),
        400,
        BODY_CODES | {"INVALID_ROLE_FOR_GROUP"},
    ),
    StatusAllowance(
        "unknown-api-key-is-400",
        "The api_keys and project_api_keys routes: an unknown key, or another organization's, is 400 "
        "API_KEY_NOT_FOUND, the status of that code in MongoDB's published catalog; the spec lists no 400 for "
        "these operations (it does for updateOrgApiKey, updateGroupApiKeyRoles and removeGroupApiKey, which "
        "answer the same).",
        KEY_PATH_WITHOUT_400,
        400,
        frozenset({"API_KEY_NOT_FOUND"}),
    ),
    StatusAllowance(
        "malformed-key-path-is-400",
        "Ours (the api_keys and api_key_access_list routes): an apiUserId that is not 24 hexadecimal digits, or "
        "an ipAddress path segment that is neither an address nor a CIDR block, is 400 INVALID_PATH_PARAMETER; "
        "the spec lists no 400 for these operations.",
        KEY_PATH_WITHOUT_400,
        400,
        frozenset({"INVALID_PATH_PARAMETER"}),
    ),
    StatusAllowance(
        "user-already-in-team-is-409",
        "services.teams (the rules the teams route follows): adding a user who is already in the team is 409 "
        "USER_ALREADY_IN_TEAM (a code MongoDB publishes), as addOrgTeamUsers answers it, for which the spec lists "
        "409; it lists none for :addUser.",
        frozenset({"addOrgTeamUser"}),
        409,
        frozenset({"USER_ALREADY_IN_TEAM"}),
    ),
    StatusAllowance(
        "team-in-a-project-is-not-deleted",
        "services.teams (the rules the teams route follows): a team assigned to a project cannot be deleted, "
        "409 CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT (MongoDB's code; Terraform then removes the assignment and "
        "retries); the spec lists no 409 for deleteOrgTeam.",
        frozenset({"deleteOrgTeam"}),
        409,
        frozenset({"CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT"}),
    ),
    StatusAllowance(
        "team-already-in-project-is-409",
        "services.teams (the rules the project_teams route follows): assigning a team the project already has is "
        "409 TEAM_ALREADY_IN_GROUP and assigns nothing (MongoDB publishes TEAM_EXISTS_IN_GROUP for it); the "
        "spec lists no 409 for addGroupTeams.",
        frozenset({"addGroupTeams"}),
        409,
        frozenset({"TEAM_ALREADY_IN_GROUP"}),
    ),
    StatusAllowance(
        "account-already-in-project-is-409",
        "Ours (the project_service_accounts route): :invite of an account the project already has is 409 "
        "SERVICE_ACCOUNT_ALREADY_IN_GROUP (its roles change through updateGroupServiceAccount); the spec lists "
        "no 409 for inviteGroupServiceAccount.",
        frozenset({"inviteGroupServiceAccount"}),
        409,
        frozenset({"SERVICE_ACCOUNT_ALREADY_IN_GROUP"}),
    ),
)


def patched_responses(document: dict[str, Any], patches: tuple[ResponsePatch, ...]) -> dict[str, Any]:
    """``document`` with each patch's response moved, leaving ``document`` (shared by the session) untouched."""
    paths = dict(document["paths"])
    for patch in patches:
        (path, method) = _find(document, patch.operation_id)
        methods = paths[path] = dict(paths[path])
        operation = methods[method] = dict(methods[method])
        responses = operation["responses"] = dict(operation["responses"])
        assert patch.documented in responses and patch.answered not in responses, patch.name
        responses[patch.answered] = responses.pop(patch.documented)
    return {**document, "paths": paths}


def _find(document: dict[str, Any], operation_id: str) -> tuple[str, str]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return path, method
    raise AssertionError(f"{operation_id} is not in the spec")


# --- The server and the world it holds ------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    # Rate limits off: well over a thousand requests to one organization.
    server = LocalServer(tmp_path_factory.mktemp("conformance-access-model") / "data", rate_limits=False).start()
    try:
        yield build_world(server)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    document = patched_responses(patched(openapi_document, ACCESS_SPEC_PATCHES), RESPONSE_PATCHES)
    return schemathesis.openapi.from_dict(document).include(operation_id=list(OPERATION_IDS))


# --- Steering generated cases to real resources --------------------------------------------------


def body_properties(document: dict[str, Any], operation: schemathesis.APIOperation) -> set[str]:
    """The attributes the spec gives the request body, or its array's items."""
    body = operation.definition.raw.get("requestBody")
    if not body:
        return set()
    (media,) = body["content"].values()
    schema = media["schema"]
    schema = schema.get("items", schema)
    name = schema["$ref"].rsplit("/", 1)[-1]
    return set(document["components"]["schemas"][name].get("properties", {}))


def _entry_segment(entry: dict[str, Any]) -> str:
    """How a path names an access-list entry: its address, or its CIDR block with the slash escaped (the spec)."""
    return str(entry.get("ipAddress") or entry["cidrBlock"].replace("/", "%2F"))


def _entry_body(entry: dict[str, Any]) -> dict[str, str]:
    if entry.get("ipAddress"):
        return {"ipAddress": entry["ipAddress"]}
    return {"cidrBlock": entry["cidrBlock"]}


@dataclass
class Steered:
    """What the steering chose beyond the case itself."""

    token: str
    team: dict[str, Any] | None = None  # a team of the home organization the path names
    key: dict[str, Any] | None = None  # a key of the home organization the path names
    account: dict[str, Any] | None = None  # a service account of the home organization the path names
    disposable: str | None = None  # the throwaway organization deleteOrg names


def steer(case: schemathesis.Case, steering: Steering, world: World, operation_id: str, known: set[str]) -> Steered:
    """Point path ids mostly at real resources; make positive bodies and queries mostly able to succeed."""
    steered = Steered(world.token)
    path = case.path_parameters
    if path:
        _steer_scope(path, steering, world, operation_id, steered)
        if "teamId" in path:
            _steer_team(path, steering, world, operation_id, steered)
        if "teamName" in path:
            names = [team["name"] for team in world.teams()]
            path["teamName"] = steering.pick([*names, *names, world.foreign.team_name, path["teamName"]])
        if "userId" in path:
            path["userId"] = _user_for(steering, world, steered.team, removing=True, given=path["userId"])
        if "apiUserId" in path:
            _steer_key(path, steering, world, operation_id, steered)
        if "clientId" in path:
            _steer_account(path, steering, world, operation_id, steered)
        if "secretId" in path and steered.account is not None:
            source = steering.pick(["secret"] * 4 + ["other account", "generated"])
            if source == "secret":
                path["secretId"] = steering.pick(world.secrets(steered.account["clientId"]))["id"]
            elif source == "other account":
                others = [a for a in world.accounts() if a["clientId"] != steered.account["clientId"]]
                path["secretId"] = steering.pick(world.secrets(steering.pick(others)["clientId"]))["id"]
        if "ipAddress" in path and (steered.key or steered.account) is not None:
            source = steering.pick(["entry"] * 4 + ["absent", "malformed", "generated"])
            if source == "entry":
                if steered.key is not None:
                    entries = world.key_entries(steered.key["id"])
                else:
                    assert steered.account is not None
                    entries = world.account_entries(steered.account["clientId"])
                path["ipAddress"] = _entry_segment(steering.pick(entries))
            elif source == "absent":
                path["ipAddress"] = steering.pick(["203.0.113.250", "192.0.2.0%2F28", "2001:db8:ffff::%2F48"])
            elif source == "malformed":  # neither an address nor a block; the error mostly asked in an envelope
                path["ipAddress"] = steering.pick(MALFORMED_ENTRIES)
                if steering.often():
                    case.query = {**(case.query or {}), "envelope": "true"}
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if not positive:
        return steered
    if case.query:
        _steer_query(case.query, steering, world, steered)
    body = case.body
    if isinstance(body, dict) and steering.often():
        for key in set(body) - known:
            del body[key]
    elif isinstance(body, list) and steering.often():
        for item in body:
            if isinstance(item, dict):
                for key in set(item) - known:
                    del item[key]
    if body is not None:
        _steer_body(body, steering, world, operation_id, steered)
    return steered


def _steer_scope(path: dict[str, Any], steering: Steering, world: World, operation_id: str, steered: Steered) -> None:
    pick = steering.pick
    if "orgId" in path:
        if operation_id == "deleteOrg":
            source = pick(["disposable"] * 4 + ["home", "foreign", "generated"])
            if source == "disposable":
                path["orgId"], steered.token = world.disposable_org()
                steered.disposable = path["orgId"]
            elif source != "generated":
                path["orgId"] = world.org_id if source == "home" else world.foreign.org_id
        else:
            path["orgId"] = pick([world.org_id] * 6 + [world.foreign.org_id, path["orgId"]])
    if "groupId" in path:
        path["groupId"] = pick([world.project_id] * 6 + [world.foreign.project_id, path["groupId"]])


def _steer_team(path: dict[str, Any], steering: Steering, world: World, operation_id: str, steered: Steered) -> None:
    if "Group" in operation_id:
        choices = ["assigned"] * 5 + ["unassigned", "foreign", "generated"]
    elif operation_id == "deleteOrgTeam":
        choices = ["unassigned"] * 4 + ["assigned", "foreign", "generated"]
    else:
        choices = ["team"] * 6 + ["foreign", "generated"]
    source = steering.pick(choices)
    if source == "foreign":
        path["teamId"] = world.foreign.team_id
    elif source == "assigned":
        path["teamId"] = steering.pick(world.assigned_teams())["teamId"]
    elif source != "generated":
        team = steering.pick(world.unassigned_teams() if source == "unassigned" else world.teams())
        path["teamId"] = team["id"]
        steered.team = team


def _user_for(steering: Steering, world: World, team: dict[str, Any] | None, *, removing: bool, given: Any) -> Any:
    """A user id for a team's users: mostly one that can succeed (a member to remove, an outsider to add)."""
    if team is None:
        users = world.users()
        return steering.pick([*(user["id"] for user in users), world.foreign.user_id, given])
    members = world.team_users(team["id"])
    if removing:
        choices = ["member"] * 4 + ["pending member", "outside", "foreign", "generated"]
    else:
        choices = ["outside"] * 3 + ["pending"] * 2 + ["member", "foreign", "generated"]
    source = steering.pick(choices)
    if source == "foreign":
        return world.foreign.user_id
    if source == "generated":
        return given
    member_ids = {user["id"] for user in members}
    users = world.users()
    pools = {
        "member": [u for u in members if u["orgMembershipStatus"] == "ACTIVE"],
        "pending member": [u for u in members if u["orgMembershipStatus"] == "PENDING"],
        "outside": [u for u in users if u["orgMembershipStatus"] == "ACTIVE" and u["id"] not in member_ids],
        "pending": [u for u in users if u["orgMembershipStatus"] == "PENDING" and u["id"] not in member_ids],
    }
    pool = pools[source] or users
    return steering.pick(pool)["id"]


def _steer_key(path: dict[str, Any], steering: Steering, world: World, operation_id: str, steered: Steered) -> None:
    if operation_id == "addGroupApiKey":
        choices = ["outside"] * 3 + ["inside", "foreign", "generated"]
    elif operation_id == "updateGroupApiKeyRoles":
        choices = ["inside"] * 3 + ["outside"] * 2 + ["foreign", "generated"]
    elif "Group" in operation_id:
        choices = ["inside"] * 4 + ["outside", "foreign", "generated"]
    else:
        choices = ["key"] * 6 + ["foreign", "generated"]
    source = steering.pick(choices)
    if source == "foreign":
        path["apiUserId"] = world.foreign.key_id
    elif source != "generated":
        pools = {"outside": world.unassigned_keys, "inside": world.project_keys, "key": world.keys}
        steered.key = steering.pick(pools[source]())
        path["apiUserId"] = steered.key["id"]


def _steer_account(path: dict[str, Any], steering: Steering, world: World, operation_id: str, steered: Steered) -> None:
    if operation_id == "inviteGroupServiceAccount":
        choices = ["outside"] * 4 + ["inside", "foreign", "generated"]
    elif "Group" in operation_id:
        choices = ["inside"] * 5 + ["outside", "foreign", "generated"]
    else:
        choices = ["account"] * 6 + ["foreign", "generated"]
    source = steering.pick(choices)
    if source == "foreign":
        path["clientId"] = world.foreign.client_id
    elif source != "generated":
        pools = {"outside": world.unassigned_accounts, "inside": world.project_accounts, "account": world.accounts}
        steered.account = steering.pick(pools[source]())
        path["clientId"] = steered.account["clientId"]
    assert path["clientId"] != world.caller, "the caller's own account is never steered to"


def _steer_query(query: dict[str, Any], steering: Steering, world: World, steered: Steered) -> None:
    """``listOrgTeamUsers``' filters: mostly a member of the team, one status or the other parameter."""
    members = world.team_users(steered.team["id"]) if steered.team is not None else world.users()
    if "username" in query and steering.often():
        query["username"] = steering.pick(members)["username"]
    if "userId" in query and steering.often():
        query["userId"] = steering.pick(members)["id"]
    if "orgMembershipStatus" in query and "orgMembershipStatuses" in query and steering.often():
        del query[steering.pick(["orgMembershipStatus", "orgMembershipStatuses"])]


def _roles(steering: Steering, choices: tuple[str, ...]) -> list[str]:
    return list(steering.roles(choices))


def _new_entries(steering: Steering, world: World, existing: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Mostly fresh entries; sometimes one the list has already (a conflict)."""
    if existing and not steering.often():
        return [_entry_body(steering.pick(existing))]
    return [world.new_entry() for _ in range(steering.pick((1, 1, 2)))]


def _steer_body(body: Any, steering: Steering, world: World, operation_id: str, steered: Steered) -> None:
    pick, often, n = steering.pick, steering.often, world.number

    def rarely_not() -> bool:
        """True nine times in ten."""
        return steering.rng.random() < 0.9

    if operation_id == "createOrg" and isinstance(body, dict):
        body["name"] = f"created-org-{n()}"
        if often():
            body.pop("federationSettingsId", None)
        if "orgOwnerId" in body or often():
            body["orgOwnerId"] = pick(list(world.user_ids.values()))
        if isinstance(body.get("apiKey"), dict) and often():
            body["apiKey"] = {"desc": f"first key {n()}", "roles": _roles(steering, ATLAS_ORG_ROLES)}
        if isinstance(body.get("serviceAccount"), dict) and often():
            body["serviceAccount"] = {
                "name": f"first account {n()}",
                "description": "the first",
                "roles": _roles(steering, ATLAS_ORG_ROLES),
                "secretExpiresAfterHours": pick(SECRET_HOURS),
            }
    elif operation_id == "updateOrg" and isinstance(body, dict):
        if often():
            body["name"] = f"Conformance Access Org {n()}"
    elif operation_id in ("createOrgTeam", "renameOrgTeam") and isinstance(body, dict):
        # A new name, or one the organization has (409), or the generated one; active users, or a pending
        # one (404).
        body["name"] = pick([f"team-{n()}"] * 8 + [pick(world.teams())["name"], body.get("name")])
        if operation_id == "createOrgTeam":
            users = world.users()
            active = [u["username"] for u in users if u["orgMembershipStatus"] == "ACTIVE"]
            pending = [u["username"] for u in users if u["orgMembershipStatus"] == "PENDING"]
            body["usernames"] = steering.roles(tuple(active)) if rarely_not() else [pick(pending)]
    elif operation_id == "addOrgTeamUsers" and isinstance(body, list):
        outsiders = world.outsiders(steered.team["id"]) if steered.team is not None else []
        if outsiders and often():  # users who can join: active, outside the team
            body[:] = [{"id": user["id"]} for user in outsiders[: pick((1, 1, 2))]]
        else:  # the items, each mostly steered
            for item in body:
                if isinstance(item, dict) and often():
                    item["id"] = _user_for(steering, world, steered.team, removing=False, given=item.get("id"))
    elif operation_id in ("addOrgTeamUser", "removeOrgTeamUser") and isinstance(body, dict) and often():
        removing = operation_id == "removeOrgTeamUser"
        body["id"] = _user_for(steering, world, steered.team, removing=removing, given=body.get("id"))
    elif operation_id == "addGroupTeams" and isinstance(body, list):
        outside = [team["id"] for team in world.unassigned_teams()]
        inside = [team["teamId"] for team in world.assigned_teams()]
        if often():  # teams outside the project with valid roles
            body[:] = [
                {"teamId": outside.pop(0), "roleNames": _roles(steering, ATLAS_GROUP_ROLES)}
                for _ in range(min(len(outside), pick((1, 1, 2))))
            ]
        else:  # the items, each mostly steered: a team outside the project, sometimes one inside (409)
            for item in body:
                if isinstance(item, dict) and often():
                    item["teamId"] = outside.pop(0) if outside and rarely_not() else pick(inside)
                if isinstance(item, dict) and often():
                    item["roleNames"] = _roles(steering, ATLAS_GROUP_ROLES)
    elif operation_id == "updateGroupTeam" and isinstance(body, dict):
        if often():
            body["roleNames"] = _roles(steering, ATLAS_GROUP_ROLES)
        if "teamId" in body and often():
            del body["teamId"]
    elif operation_id in ("createOrgApiKey", "updateOrgApiKey", "createGroupApiKey", "updateGroupApiKeyRoles"):
        if isinstance(body, dict):
            if "desc" in body and often():
                body["desc"] = f"key {n()}"
            if "roles" in body and often():
                choices = ATLAS_GROUP_ROLES if "Group" in operation_id else ATLAS_ORG_ROLES
                body["roles"] = _roles(steering, choices)
    elif operation_id == "addGroupApiKey" and isinstance(body, list):
        for item in body:
            if isinstance(item, dict):
                if often():
                    item["roles"] = _roles(steering, ATLAS_GROUP_ROLES)
                if often():
                    item.pop("userId", None)
    elif operation_id == "createOrgApiKeyAccessListEntry" and isinstance(body, list) and often():
        existing = world.key_entries(steered.key["id"]) if steered.key is not None else []
        body[:] = _new_entries(steering, world, existing)
    elif operation_id.endswith("ServiceAccountAccessList") and isinstance(body, list) and often():
        existing = world.account_entries(steered.account["clientId"]) if steered.account is not None else []
        body[:] = _new_entries(steering, world, existing)
    elif "ServiceAccount" in operation_id and isinstance(body, dict):
        choices = ATLAS_GROUP_ROLES if "Group" in operation_id else ATLAS_ORG_ROLES
        if "name" in body and often():
            body["name"] = f"account {n()}"
        if "description" in body and often():
            body["description"] = "made by schemathesis"
        if "roles" in body and often():
            body["roles"] = _roles(steering, choices)
        if "secretExpiresAfterHours" in body and often():
            body["secretExpiresAfterHours"] = pick(SECRET_HOURS)


# --- Checking ------------------------------------------------------------------------------------


def judge(
    case: schemathesis.Case,
    response: schemathesis.Response,
    operation_id: str,
    wanted: str,
    versions: dict[str, str | None],
    findings: Findings,
) -> schemathesis.Response | None:
    """Every check of test_schemathesis.py with this file's allowances, and the version negotiation; the answer
    checked (unwrapped from its envelope), None if the envelope was wrong."""
    target = check(case, response, operation_id, findings, STATUS_ALLOWANCES)
    wrong = None if target is None else negotiated(target, wanted, versions)
    if target is not None and wrong is not None:
        findings.add(("version", wanted, target.status_code), _describe(target, f"Version: {wrong}"))
    return target


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
    known = body_properties(openapi_document, operation)
    versions = versions_of(operation)
    findings = Findings()
    steering = Steering(random.Random(f"{operation_id}-{mode.value}"))
    ceiling = MAX_EXAMPLES[mode]  # requests sent by this test, at most (createOrg makes an organization each)
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @run_settings(MAX_EXAMPLES[mode])
    def run(case: schemathesis.Case) -> None:
        nonlocal sent
        if sent >= ceiling:
            return
        sent += 1
        steered = steer(case, steering, world, operation_id, known)
        wanted = steering.pick(list(versions))
        accept = f"application/vnd.atlas.{wanted}+json"
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {steered.token}", "Accept": accept}
        response = case.call(base_url=world.server.base_url, timeout=30)
        target = judge(case, response, operation_id, wanted, versions, findings)
        if steered.disposable is not None and target is not None and target.status_code == 204:
            world.deleted(steered.disposable)

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
    every patch of this file changes something that is in the spec; the versions are the ones we serve."""
    operations = allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
    assert len(set(OPERATION_IDS)) == len(OPERATION_IDS)
    for allowance in STATUS_ALLOWANCES:
        assert allowance.operations, allowance.name
    assert {patch.name for patch in ACCESS_SPEC_PATCHES} >= SHARED_USERS_PATCHES, "a shared patch was renamed"
    for patch in ACCESS_SPEC_PATCHES[len(SPEC_PATCHES) :]:
        assert_patch_changes_the_spec(openapi_document, patch)
    for response_patch in RESPONSE_PATCHES:
        responses = operations[response_patch.operation_id]["responses"]
        assert response_patch.documented in responses, f"{response_patch.name}: the spec changed; review it"
        assert response_patch.answered not in responses, f"{response_patch.name}: the spec documents it now; drop it"
    names = [a.name for a in STATUS_ALLOWANCES] + [p.name for p in ACCESS_SPEC_PATCHES + RESPONSE_PATCHES]
    assert len(set(names)) == len(names), "names are unique"
    for op in OPERATION_IDS:
        assert tuple(versions_of(api_schema.find_operation_by_id(op))) == VERSIONS[op], op


# --- The checks themselves: they must catch what they are here to catch (no server needed) --------

ORG_ID, GROUP_ID, TEAM_ID = "a0123456789abcdef012345a", "b0123456789abcdef012345b", "6a794032c0eb9e7a1771a2dd"
# The shape of reference/recordings/atlasteams/TestAtlasTeams/Create.
CREATED_TEAM = {
    "id": TEAM_ID,
    "links": [{"href": f"http://127.0.0.1/api/atlas/v2/orgs/{ORG_ID}/teams/{TEAM_ID}", "rel": "self"}],
    "name": "teams643",
    "usernames": ["andrea@example.com"],
}
# The shape of reference/recordings/atlasorgapikeyaccesslist/TestAtlasOrgAPIKeyAccessList/Create.
KEY_ENTRY = {
    "cidrBlock": "192.168.0.229/32",
    "count": 0,
    "created": "2026-08-10T03:02:57Z",
    "ipAddress": "192.168.0.229",
    "links": [{"href": f"http://127.0.0.1/api/atlas/v2/orgs/{ORG_ID}/apiKeys/{TEAM_ID}/accessList/x", "rel": "self"}],
}
ACCOUNT = {
    "clientId": "mdb_sa_id_6b02b44469871f283c9001f9",
    "createdAt": "2026-11-22T09:22:12Z",
    "description": "d",
    "name": "n",
    "roles": ["ORG_MEMBER"],
    "secrets": [],
}
JSON = "application/json"
OLD = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
SA = "application/vnd.atlas.2024-08-05+json;charset=utf-8"
SUNSET = {"sunset": "Thu, 1 Jul 2027 00:00:00 GMT"}
# (name, operation, version asked, status, content type, body, more headers, expected: "" = conforms)
SYNTHETIC = [
    ("created-team-201", "createOrgTeam", "2023-01-01", 201, OLD, CREATED_TEAM, {}, ""),
    ("created-team-200", "createOrgTeam", "2023-01-01", 200, OLD, CREATED_TEAM, {}, "Undocumented"),
    (
        "created-team-201-checked",
        "createOrgTeam",
        "2023-01-01",
        201,
        OLD,
        {**CREATED_TEAM, "id": "not an id"},
        {},
        "violates schema",
    ),
    ("deprecated-delete-with-sunset", "removeOrgTeamUserFromTeam", "2023-01-01", 204, OLD, None, SUNSET, ""),
    ("deprecated-delete-without-sunset", "removeOrgTeamUserFromTeam", "2023-01-01", 204, OLD, None, {}, "Sunset"),
    (
        "team-not-found",
        "getOrgTeam",
        "2023-01-01",
        404,
        JSON,
        _error(404, "TEAM_NOT_FOUND"),
        {},
        "",
    ),
    (
        "service-account-not-found",
        "getOrgServiceAccount",
        "2024-08-05",
        404,
        JSON,
        _error(404, "SERVICE_ACCOUNT_NOT_FOUND"),
        {},
        "",
    ),
    ("key-entry-count-0", "getOrgApiKeyAccessListEntry", "2023-01-01", 200, OLD, KEY_ENTRY, {}, ""),
    (
        "ipv6-block-shown-as-address",
        "getOrgApiKeyAccessListEntry",
        "2023-01-01",
        200,
        OLD,
        {**KEY_ENTRY, "cidrBlock": "2001:db8::/32", "ipAddress": "2001:db8::"},
        {},
        "violates schema",
    ),
    ("unknown-key-400", "getOrgApiKey", "2023-01-01", 400, JSON, _error(400, "API_KEY_NOT_FOUND"), {}, ""),
    (
        "unknown-key-400-is-per-operation",
        "listOrgApiKeys",
        "2023-01-01",
        400,
        JSON,
        _error(400, "API_KEY_NOT_FOUND"),
        {},
        "Undocumented",
    ),
    ("already-in-team-409", "addOrgTeamUser", "2025-02-19", 409, JSON, _error(409, "USER_ALREADY_IN_TEAM"), {}, ""),
    (
        "already-in-team-409-is-per-code",
        "addOrgTeamUser",
        "2025-02-19",
        409,
        JSON,
        _error(409, "DUPLICATE_TEAM_NAME"),
        {},
        "Undocumented",
    ),
    ("service-account", "getOrgServiceAccount", "2024-08-05", 200, SA, ACCOUNT, {}, ""),
    ("service-account-as-2023", "getOrgServiceAccount", "2024-08-05", 200, OLD, ACCOUNT, {}, "resolves to"),
    (
        "undocumented-400",
        "getOrgServiceAccount",
        "2024-08-05",
        400,
        JSON,
        _error(400, "INVALID_PATH_PARAMETER"),
        {},
        "Undocumented",
    ),
]


@pytest.mark.parametrize(
    ("operation_id", "wanted", "status", "content_type", "body", "headers", "expected"),
    [item[1:] for item in SYNTHETIC],
    ids=[item[0] for item in SYNTHETIC],
)
def test_checks_catch_nonconformance(
    api_schema: schemathesis.BaseSchema,
    operation_id: str,
    wanted: str,
    status: int,
    content_type: str,
    body: Any,
    headers: dict[str, str],
    expected: str,
) -> None:
    operation = api_schema.find_operation_by_id(operation_id)
    ids = {
        "orgId": ORG_ID,
        "groupId": GROUP_ID,
        "teamId": TEAM_ID,
        "userId": TEAM_ID,
        "apiUserId": TEAM_ID,
        "ipAddress": "192.168.0.229",
        "clientId": ACCOUNT["clientId"],
    }
    case, response = synthetic_answer(operation, ids, status, content_type, body, headers)
    findings = Findings()
    judge(case, response, operation_id, wanted, versions_of(operation), findings)
    reports = "\n".join(findings.samples.values())
    if expected:
        assert expected in reports, reports or "no failure reported"
    else:
        assert not reports


def test_error_codes_of_allowances_are_in_the_catalog() -> None:
    for allowance in STATUS_ALLOWANCES:
        for code in allowance.error_codes:
            assert code in CATALOG and CATALOG[code].status == allowance.status, (allowance.name, code)
