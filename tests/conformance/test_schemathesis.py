"""Conformance of the 12 invitation operations and the 6 organization and project reads with the official Atlas
Admin API v2 spec, by schemathesis.

Requests are generated from the official spec (``ATLAS_OPENAPI_SPEC`` or ``../shared/openapi/v2.yaml``; see
conftest.py), sent over HTTP to a real server on 127.0.0.1 with the Bearer token of an organization owner's
service account and ``Accept: application/vnd.atlas.2023-01-01+json``, and every answer must pass:

* ``not_a_server_error``: no 5xx;
* ``status_code_conformance``: the status is one the spec documents for the operation;
* ``content_type_conformance``: the Content-Type is one the spec documents for that status;
* ``response_schema_conformance``: the body matches the spec's schema for that status;
* ``catalog_form`` (ours): an error body is in the catalog's form (WIRE.md section 4): exactly
  ``{detail, error, errorCode, parameters, reason}`` (plus ``badRequestDetail``), ``error`` the status, ``reason``
  its phrase, ``errorCode`` a catalog code of that status whose template ``detail`` follows, ``application/json``,
  and the same code in ``X-Error-Code``.

Path ids mostly name real resources (our organization and project, pending invitations, a team), sometimes
resources the caller cannot see, sometimes whatever was generated; positive request bodies are mostly steered to
values that can succeed, so that success answers get checked too. Both positive and negative (invalid) requests
are generated; the run is derandomized, so it is the same run every time.

Where our server deliberately differs from the spec (decided in WIRE.md, or because the real cloud does), the
difference is listed below by name with its reason: ``SPEC_PATCHES`` (the spec's schemas that the real cloud
contradicts) and ``STATUS_ALLOWANCES`` (undocumented statuses, per operation and errorCode). ``envelope=true``
answers are unwrapped before checking (see ``ENVELOPE``). Nothing else is tolerated.
"""

from __future__ import annotations

import http
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.openapi.checks import UndefinedStatusCode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from atlas_access.core.errors import CATALOG, reason_phrase
from support.server import LocalServer

OPERATION_IDS = (
    "listOrgInvites",
    "createOrgInvite",
    "updateOrgInvites",
    "getOrgInvite",
    "updateOrgInviteById",
    "deleteOrgInvite",
    "listGroupInvites",
    "createGroupInvite",
    "updateGroupInvites",
    "getGroupInvite",
    "updateGroupInviteById",
    "deleteGroupInvite",
    # Reading organizations and projects.
    "listOrgs",
    "getOrg",
    "getOrgGroups",
    "listGroups",
    "getGroup",
    "getGroupByName",
)
ACCEPT = "application/vnd.atlas.2023-01-01+json"
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 40, schemathesis.GenerationMode.NEGATIVE: 25}
# A few valid Atlas project roles (the spec types project roles as free strings).
GROUP_ROLES = ("GROUP_OWNER", "GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_CLUSTER_MANAGER")
# Attributes the spec leaves optional but an invitation cannot do without (WIRE.md section 4: MISSING_ATTRIBUTE).
REQUIRED_BY_SERVER = {
    "createOrgInvite": ("username", "roles"),
    "createGroupInvite": ("username", "roles"),
    "updateOrgInvites": ("username",),
    "updateGroupInvites": ("username",),
}
OTHER_KIND = {"org": "group", "group": "org"}
PROJECT_NAME = "conformance-project"  # the world's project
FOREIGN_PROJECT_NAME = "Foreign project"  # a project of another organization, under a name of its own


def run_settings(max_examples: int) -> settings:
    """How every conformance run drives hypothesis: the same examples on every run (derandomized, no example
    database), no deadline (a request's time is the server's, not the test's), only explicit and generated
    examples (no shrinking), and no health check that a slow server or a steered strategy would trip."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


# --- Deliberate deviations -----------------------------------------------------------------------


@dataclass(frozen=True)
class SpecPatch:
    """One place where the spec's response schema is replaced, because the real cloud answers otherwise."""

    name: str
    reason: str
    schema: str  # under components/schemas
    path: tuple[Any, ...]  # inside that schema: keys, and indexes into lists (allOf)
    value: Any  # the new value at ``path``; REMOVE to delete it; Without(...) to drop items of a list


REMOVE = object()


@dataclass(frozen=True)
class Without:
    """A SpecPatch value: the list found at the path, without these items."""

    items: tuple[Any, ...]

    def __call__(self, current: list[Any]) -> list[Any]:
        return [item for item in current if item not in self.items]


SPEC_PATCHES = (
    SpecPatch(
        "org-inviter-username-is-not-an-email",
        "inviterUsername is the inviter's username, or an API key's public key (real: the recording shows "
        "'nmtxqlkl'), or a service account's clientId (ours, WIRE.md section 6); the spec says format: email.",
        "OrganizationInvitation",
        ("properties", "inviterUsername", "format"),
        REMOVE,
    ),
    SpecPatch(
        "group-inviter-username-is-not-an-email",
        "Same as org-inviter-username-is-not-an-email, for project invitations.",
        "GroupInvitation",
        ("properties", "inviterUsername", "format"),
        REMOVE,
    ),
    SpecPatch(
        "org-name-may-contain-spaces",
        "The spec's orgName pattern has no space, but the real cloud answers orgName 'Atlas CLI E2E' "
        "(reference/recordings/atlasorginvitations); names are the user's, the server only echoes them. "
        "The pattern is kept otherwise and gains the space.",
        "OrganizationInvitation",
        ("properties", "orgName", "pattern"),
        "^[\\p{L}\\p{N}\\-_.(),:&@+' ]{1,64}$",
    ),
    SpecPatch(
        "organization-name-may-contain-spaces",
        "The spec's AtlasOrganization.name pattern has no space, but the real cloud answers 'Atlas CLI E2E' "
        "(reference/recordings/atlasorgs List and Describe). The pattern is kept otherwise and gains the space.",
        "AtlasOrganization",
        ("properties", "name", "pattern"),
        "^[\\p{L}\\p{N}\\-_.(),:&@+' ]{1,64}$",
    ),
    SpecPatch(
        "project-name-may-contain-spaces",
        "The spec's Group.name pattern has no space, but the real cloud answers the project 'Atlas CLI E2E' "
        "(reference/recordings/atlasprojects List). The pattern is kept otherwise and gains the space.",
        "Group",
        ("properties", "name", "pattern"),
        "^[\\p{L}\\p{N}\\-_.(),:&@+' ]{1,64}$",
    ),
    SpecPatch(
        "error-parameters-are-scalars",
        "ApiError.parameters declares items of type object, but real error bodies carry the detail's "
        "substitutions as strings and numbers, or null: GROUP_NOT_FOUND parameters ['111111111111111111111111'], "
        "RATE_LIMITED_TOKEN_BUCKET ['api/atlas/v2/orgs', 55, 10, 5, 60], parameters null "
        "(reference/atlas-semantics.md section 1.1). Any items, and null, are accepted.",
        "ApiError",
        ("properties", "parameters"),
        {"type": "array", "nullable": True, "items": {}},
    ),
)


@dataclass(frozen=True)
class StatusAllowance:
    """An undocumented status our server answers on purpose, for some operations and errorCodes only."""

    name: str
    reason: str
    operations: frozenset[str]
    status: int
    error_codes: frozenset[str]


STATUS_ALLOWANCES = (
    StatusAllowance(
        "delete-missing-invitation-is-400",
        "WIRE.md section 4: DELETE of a missing or accepted invitation answers 400 INVALID_INVITATION_ID, and "
        "of an organization invitation through the project path 400 CANNOT_DELETE_ORG_INVITATION; the spec "
        "lists no 400 for deleteGroupInvite (it does for deleteOrgInvite).",
        frozenset({"deleteGroupInvite"}),
        400,
        frozenset({"INVALID_INVITATION_ID", "CANNOT_DELETE_ORG_INVITATION"}),
    ),
    StatusAllowance(
        "create-project-invitation-body-is-validated",
        "WIRE.md section 4: a bad body is a 400 (MALFORMED_JSON, INVALID_JSON, INVALID_JSON_ATTRIBUTE, "
        "INVALID_ATTRIBUTE, MISSING_ATTRIBUTE, INVALID_USERNAME, INVALID_ROLE_FOR_GROUP); the spec lists 400 for "
        "updateGroupInvites, which takes the same body, but not for createGroupInvite.",
        frozenset({"createGroupInvite"}),
        400,
        frozenset(
            {
                "MALFORMED_JSON",
                "INVALID_JSON",
                "INVALID_JSON_ATTRIBUTE",
                "INVALID_ATTRIBUTE",
                "MISSING_ATTRIBUTE",
                "INVALID_USERNAME",
                "INVALID_ROLE_FOR_GROUP",
            }
        ),
    ),
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty or envelope not a boolean, username not an email) is "
        "a 400 INVALID_QUERY_PARAMETER; the spec lists no 400 for these project operations.",
        frozenset({"listGroupInvites", "getGroupInvite", "deleteGroupInvite", "createGroupInvite"}),
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
    StatusAllowance(
        "duplicate-invitation-is-409",
        "WIRE.md sections 4 and 6: a new invitation while a PENDING invitation or an ACTIVE membership exists "
        "for that username answers 409 USER_ALREADY_EXISTS; the spec lists no 409 for the deprecated create "
        "operations.",
        frozenset({"createOrgInvite", "createGroupInvite"}),
        409,
        frozenset({"USER_ALREADY_EXISTS"}),
    ),
)

ENVELOPE = (
    "envelope=true: the spec documents the parameter but its response schemas describe only the bare answer. "
    "The enveloped answer must be HTTP 200 with exactly {content, status} (WIRE.md section 3; invitation "
    "lists are bare arrays, so they are wrapped too), except that a paginated list {links, results, totalCount} "
    "instead gains a status field (real, WIRE.md section 3); its content and status are then checked as the answer."
)


def patched(document: dict[str, Any], patches: tuple[SpecPatch, ...] = SPEC_PATCHES) -> dict[str, Any]:
    """The spec with ``patches`` applied, leaving ``document`` (shared by the session) untouched."""
    schemas = dict(document["components"]["schemas"])
    for patch in patches:
        schema = schemas[patch.schema] = _copy_along(schemas[patch.schema], patch.path[:-1])
        parent = schema
        for key in patch.path[:-1]:
            parent = parent[key]
        assert patch.path[-1] in parent, f"spec patch {patch.name}: {patch.path} not in {patch.schema}"
        if patch.value is REMOVE:
            del parent[patch.path[-1]]
        elif isinstance(patch.value, Without):
            parent[patch.path[-1]] = patch.value(parent[patch.path[-1]])
        else:
            parent[patch.path[-1]] = patch.value
    return {**document, "components": {**document["components"], "schemas": schemas}}


def _copy_along(node: Any, path: tuple[Any, ...]) -> Any:
    """A copy of ``node`` and of every dict or list on ``path`` inside it (keys, or indexes into lists)."""
    copied = list(node) if isinstance(node, list) else dict(node)
    if path:
        copied[path[0]] = _copy_along(node[path[0]], path[1:])
    return copied


# --- The server and the world it holds ------------------------------------------------------------


@dataclass
class World:
    server: LocalServer
    client: httpx.Client  # Bearer, org owner of ``org_id``
    token: str
    org_id: str
    project_id: str
    team_id: str
    foreign_org_id: str  # exists, the caller is not a member
    foreign_project_id: str
    accepted: dict[str, str]  # kind -> an invitation the invitee accepted (gone from every invitation endpoint)
    numbers: Iterator[int] = field(default_factory=itertools.count)

    def pending(self, kind: str) -> list[dict[str, Any]]:
        """The pending invitations of our organization (kind "org") or project ("group"), at least three."""
        base = f"/api/atlas/v2/orgs/{self.org_id}" if kind == "org" else f"/api/atlas/v2/groups/{self.project_id}"
        found = self.client.get(f"{base}/invites")
        assert found.status_code == 200, found.text
        invitations: list[dict[str, Any]] = found.json()
        while len(invitations) < 3:
            roles = ["ORG_MEMBER"] if kind == "org" else ["GROUP_READ_ONLY"]
            username = f"{kind}-{next(self.numbers)}@example.com"
            created = self.client.post(f"{base}/invites", json={"username": username, "roles": roles})
            assert created.status_code == 200, created.text
            invitations.append(created.json())
        return invitations


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    # Rate limits off: hundreds of requests to one organization would otherwise end in 429s (documented, but
    # they would hide the answers we want to check).
    server = LocalServer(tmp_path_factory.mktemp("conformance") / "data", rate_limits=False).start()
    try:
        org = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Conformance Org",
                        "projects": [{"name": PROJECT_NAME}],
                        "teams": [{"name": "conformance-team"}],
                        "serviceAccounts": [{"name": "conformance", "orgRoles": ["ORG_OWNER"]}],
                    }
                ]
            }
        )["orgs"][0]
        server.fixtures({"orgs": [{"name": "Foreign Org", "projects": [{"name": FOREIGN_PROJECT_NAME}]}]})
        account = org["serviceAccounts"][0]
        client = server.bearer(account["clientId"], account["clientSecret"], accept=ACCEPT)
        accepted = {}
        for kind, base, roles in (
            ("org", f"/api/atlas/v2/orgs/{org['id']}", ["ORG_MEMBER"]),
            ("group", f"/api/atlas/v2/groups/{org['projects'][0]['id']}", ["GROUP_READ_ONLY"]),
        ):
            invited = client.post(f"{base}/invites", json={"username": f"accepted-{kind}@example.com", "roles": roles})
            assert invited.status_code == 200, invited.text
            accepted[kind] = invited.json()["id"]
            assert server.accept(accepted[kind]).status_code == 200
        yield World(
            server,
            client,
            client.headers["Authorization"].removeprefix("Bearer "),
            org["id"],
            org["projects"][0]["id"],
            org["teams"][0]["id"],
            server.org_id,
            server.project_id,
            accepted,
        )
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(patched(openapi_document))
    return schema.include(operation_id=list(OPERATION_IDS))


# --- Steering generated cases to real resources --------------------------------------------------


def _body_properties(document: dict[str, Any], operation: schemathesis.APIOperation) -> set[str]:
    body = operation.definition.raw.get("requestBody")
    if not body:
        return set()
    (media,) = body["content"].values()
    name = media["schema"]["$ref"].rsplit("/", 1)[-1]
    return set(document["components"]["schemas"][name].get("properties", {}))


def _pick(data: st.DataObject, choices: list[Any], label: str) -> Any:
    return data.draw(st.sampled_from(choices), label=label)


def _often(data: st.DataObject, label: str) -> bool:
    """True three times in four (Hypothesis favours small draws, so the common case is 0)."""
    return data.draw(st.integers(0, 3), label=label) < 3


def steer(case: schemathesis.Case, data: st.DataObject, world: World, operation_id: str, known: set[str]) -> None:
    """Point path ids mostly at real resources; make positive bodies mostly able to succeed."""
    kind = "org" if "Org" in operation_id else "group"
    path = case.path_parameters
    if path is not None:
        if "orgId" in path:
            path["orgId"] = _pick(data, [world.org_id] * 4 + [world.foreign_org_id, path["orgId"]], "orgId")
        if "groupId" in path:
            choices = [world.project_id] * 4 + [world.foreign_project_id, path["groupId"]]
            path["groupId"] = _pick(data, choices, "groupId")
        if "groupName" in path:
            choices = [PROJECT_NAME] * 3 + [FOREIGN_PROJECT_NAME, path["groupName"]]
            path["groupName"] = _pick(data, choices, "groupName")
        if "invitationId" in path:
            source = _pick(data, ["pending"] * 4 + ["other kind", "accepted", "generated"], "invitation")
            if source == "accepted":
                path["invitationId"] = world.accepted[kind]
            elif source != "generated":
                pool = world.pending(kind if source == "pending" else OTHER_KIND[kind])
                path["invitationId"] = _pick(data, [i["id"] for i in pool], "invitationId")
    body = case.body
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if not positive or not isinstance(body, dict):
        return
    if _often(data, "drop unknown attributes"):
        for key in set(body) - known:
            del body[key]
    if _often(data, "give what the server requires"):
        for key in REQUIRED_BY_SERVER.get(operation_id, ()):
            if key == "username" and "username" not in body:
                body["username"] = f"{kind}-{next(world.numbers)}@example.com"
            elif key == "roles" and not body.get("roles"):
                body["roles"] = ["ORG_MEMBER"] if kind == "org" else ["GROUP_READ_ONLY"]
    # Updates by username mostly name a pending invitation; creations sometimes do (a 409).
    if "username" in body and _often(data, "existing username") == operation_id.startswith("update"):
        body["username"] = _pick(data, [i["username"] for i in world.pending(kind)], "username")
    if kind == "group" and "roles" in body and _often(data, "valid roles"):
        body["roles"] = data.draw(st.lists(st.sampled_from(GROUP_ROLES), min_size=1, max_size=3, unique=True))
    if "teamIds" in body and _often(data, "real teams"):
        body["teamIds"] = _pick(data, [[], [world.team_id]], "teamIds")
    if "groupRoleAssignments" in body and _often(data, "real projects"):
        roles = data.draw(st.lists(st.sampled_from(GROUP_ROLES), min_size=1, max_size=2, unique=True))
        body["groupRoleAssignments"] = _pick(data, [[], [{"groupId": world.project_id, "roles": roles}]], "gra")


# --- Checking ------------------------------------------------------------------------------------


def _error_code(response: schemathesis.Response) -> str | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body.get("errorCode") if isinstance(body, dict) else None


def allowed_by(
    operation_id: str,
    failure: Failure,
    response: schemathesis.Response,
    allowances: tuple[StatusAllowance, ...] = STATUS_ALLOWANCES,
) -> StatusAllowance | None:
    if not isinstance(failure, UndefinedStatusCode):
        return None
    code = _error_code(response)
    for allowance in allowances:
        if (
            operation_id in allowance.operations
            and response.status_code == allowance.status
            and code in allowance.error_codes
        ):
            return allowance
    return None


def enveloped(response: schemathesis.Response) -> bool:
    values = [v for k, v in parse_qsl(urlsplit(response.request.url).query, keep_blank_values=True) if k == "envelope"]
    return bool(values) and values[-1].strip().lower() == "true"


def unwrap(response: schemathesis.Response) -> schemathesis.Response | str:
    """The answer inside an envelope, as if sent without one; or why the envelope is wrong (see ENVELOPE)."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"envelope=true answer is not JSON: {response.content[:200]!r}"
    if isinstance(body, dict) and "results" in body and "status" in body and "content" not in body:
        status, content = body["status"], {k: v for k, v in body.items() if k != "status"}  # a paginated list
    elif response.status_code != 200 or not isinstance(body, dict) or sorted(body) != ["content", "status"]:
        return f"envelope=true answer must be 200 with exactly {{content, status}}: [{response.status_code}] {body}"
    else:
        status, content = body["status"], body["content"]
    if response.status_code != 200:
        return f"envelope=true answer must be HTTP 200, not {response.status_code}"
    if not isinstance(status, int) or not 100 <= status <= 599:
        return f"envelope status is not an HTTP status: {status!r}"
    if status == 204 and content != {}:
        return f"a 204's envelope content must be {{}}: {content!r}"
    headers = {k: v for k, v in response.headers.items() if k != "content-length"}
    return schemathesis.Response(
        status_code=status,
        headers=headers,
        content=b"" if status == 204 else json.dumps(content).encode(),
        request=response.request,
        elapsed=response.elapsed,
        verify=response.verify,
        message=http.HTTPStatus(status).phrase,
        encoding="utf-8",
    )


@dataclass
class Findings:
    """Failures left after the allow-lists, one sample per distinct kind; and the statuses seen."""

    samples: dict[tuple[Any, ...], str] = field(default_factory=dict)
    statuses: dict[tuple[int, str | None], int] = field(default_factory=dict)
    allowed: dict[str, int] = field(default_factory=dict)

    def add(self, key: tuple[Any, ...], report: str) -> None:
        self.samples.setdefault(key, report)


def _describe(response: schemathesis.Response, text: str) -> str:
    request = response.request
    body = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else request.body
    return (
        f"{text}\n    request: {request.method} {request.url}"
        + (f"\n    body: {str(body)[:300]}" if body else "")
        + f"\n    answer: [{response.status_code}] {response.content[:300].decode('utf-8', 'replace')}"
    )


ERROR_KEYS = {"detail", "error", "errorCode", "parameters", "reason"}


def catalog_form(response: schemathesis.Response) -> str | None:
    """Why an error answer is not in the catalog's form (WIRE.md section 4), or None (also for successes)."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    if content_type != "application/json":
        return f"an error's Content-Type must be application/json, not {content_type!r}"
    try:
        body = json.loads(response.content)
    except ValueError:
        return "the error body is not JSON"
    if not isinstance(body, dict) or not ERROR_KEYS <= set(body) <= ERROR_KEYS | {"badRequestDetail"}:
        return f"the error body's keys must be {sorted(ERROR_KEYS)} (plus badRequestDetail)"
    code, status = body["errorCode"], response.status_code
    spec = CATALOG.get(code) if isinstance(code, str) else None
    if spec is None or spec.status != status:
        return f"errorCode {code!r} is not a catalog code of status {status}"
    if body["error"] != status or body["reason"] != reason_phrase(status):
        return f"error and reason must be {status} and {reason_phrase(status)!r}"
    prefix = re.escape(spec.template.rstrip(".")).replace("%s", ".*")
    if not isinstance(body["detail"], str) or not re.match(prefix, body["detail"], re.DOTALL):
        return f"detail must follow the catalog's {spec.template!r}"
    if response.headers.get("x-error-code", [None])[0] != code:
        return "X-Error-Code must repeat the errorCode"
    fields = body.get("badRequestDetail", {"fields": []})
    if (
        not isinstance(fields, dict)
        or list(fields) != ["fields"]
        or not all(isinstance(item, dict) and sorted(item) == ["description", "field"] for item in fields["fields"])
    ):
        return "badRequestDetail must be {fields: [{description, field}]}"
    return None


def check(
    case: schemathesis.Case,
    response: schemathesis.Response,
    operation_id: str,
    findings: Findings,
    allowances: tuple[StatusAllowance, ...] = STATUS_ALLOWANCES,
) -> schemathesis.Response | None:
    """Check one answer (unwrapped from its envelope); return what was checked, None if the envelope is wrong."""
    target = response
    if enveloped(response):
        inner = unwrap(response)
        if isinstance(inner, str):
            findings.add(("envelope", response.status_code), _describe(response, inner))
            return None
        target = inner
    key_status = (target.status_code, _error_code(target))
    findings.statuses[key_status] = findings.statuses.get(key_status, 0) + 1
    off_catalog = catalog_form(target)
    if off_catalog is not None:
        findings.add(("catalog", *key_status, off_catalog), _describe(target, f"Error off the catalog: {off_catalog}"))
    try:
        case.validate_response(target, checks=list(CHECKS))
    except FailureGroup as group:
        for failure in group.exceptions:
            allowance = allowed_by(operation_id, failure, target, allowances)
            if allowance is not None:
                findings.allowed[allowance.name] = findings.allowed.get(allowance.name, 0) + 1
                continue
            key = (type(failure).__name__, target.status_code, _error_code(target), failure.title)
            findings.add(key, _describe(target, f"{failure.title}: {failure.message}"))
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
    known = _body_properties(openapi_document, operation)
    findings = Findings()

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @run_settings(MAX_EXAMPLES[mode])
    def run(case: schemathesis.Case, data: st.DataObject) -> None:
        steer(case, data, world, operation_id, known)
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.token}", "Accept": ACCEPT}
        response = case.call(base_url=world.server.base_url, timeout=30)
        check(case, response, operation_id, findings)

    run()
    assert not findings.samples, (
        f"{operation_id} ({mode.value}): {len(findings.samples)} kind(s) of nonconformance\n\n"
        + "\n\n".join(findings.samples.values())
        + f"\n\nstatuses seen: {findings.statuses}\nallowed by name: {findings.allowed}"
    )


def allowed_operations(
    document: dict[str, Any], operation_ids: Iterable[str], allowances: Iterable[StatusAllowance]
) -> dict[str, Any]:
    """The spec's operations of ``operation_ids`` by id, once each allowance is checked: it names some of them, a
    status the spec really leaves undocumented there, and errorCodes the catalog answers with that status."""
    wanted = list(operation_ids)
    operations = {
        op["operationId"]: op
        for methods in document["paths"].values()
        for op in methods.values()
        if isinstance(op, dict) and op.get("operationId") in wanted
    }
    assert sorted(operations) == sorted(wanted)
    for allowance in allowances:
        for operation_id in allowance.operations:
            assert operation_id in wanted, allowance.name
            assert str(allowance.status) not in operations[operation_id]["responses"], (
                f"{allowance.name}: the spec now documents {allowance.status} for {operation_id}; drop it"
            )
        for code in allowance.error_codes:
            assert code in CATALOG and CATALOG[code].status == allowance.status, (allowance.name, code)
    return operations


def test_allow_lists_name_real_operations(openapi_document: dict[str, Any]) -> None:
    """Every allow-list entry names an implemented operation and a status the spec really leaves undocumented,
    and every spec patch changes something that is in the spec (so a fixed spec shows up as a failure here)."""
    allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
    for patch in SPEC_PATCHES:
        assert_patch_changes_the_spec(openapi_document, patch)


def assert_patch_changes_the_spec(document: dict[str, Any], patch: SpecPatch) -> None:
    """The patch's path is in the spec, and the patch changes what is there (a fixed spec shows up here)."""
    node = document["components"]["schemas"][patch.schema]
    for key in patch.path:
        present = 0 <= key < len(node) if isinstance(node, list) else key in node
        assert present, f"spec patch {patch.name}: {patch.path} is no longer in {patch.schema}"
        node = node[key]
    new = patch.value(node) if isinstance(patch.value, Without) else patch.value
    assert node != new, f"spec patch {patch.name} changes nothing any more; drop it"


# --- The checks themselves: they must catch what they are here to catch (no server needed) --------

GOOD_INVITATION = {
    "createdAt": "2026-08-10T03:03:37Z",
    "expiresAt": "2026-09-09T03:03:37Z",
    "groupRoleAssignments": [],
    "id": "6a793f89c0eb9e7a177165b6",
    "inviterUsername": "nmtxqlkl",
    "orgId": "a0123456789abcdef012345a",
    "orgName": "Atlas CLI E2E",
    "roles": ["ORG_MEMBER"],
    "teamIds": [],
    "username": "test-783@mongodb.com",
}
VND = "application/vnd.atlas.2023-01-01+json;charset=utf-8"


def _error(status: int, code: str, **changes: Any) -> dict[str, Any]:
    spec = CATALOG.get(code)
    detail = spec.template.replace("%s", "x") if spec else "x"
    body = {"detail": detail, "error": status, "errorCode": code, "parameters": ["x"], "reason": reason_phrase(status)}
    return {**body, **changes}


# (name, operation, query, answer status, content type, body, expected: "" = conforms, else a word of the report)
SYNTHETIC = [
    ("valid-invitation", "getOrgInvite", {}, 200, VND, GOOD_INVITATION, ""),
    ("documented-error", "getOrgInvite", {}, 404, "application/json", _error(404, "RESOURCE_NOT_FOUND"), ""),
    ("server-error", "getOrgInvite", {}, 500, "application/json", _error(500, "UNEXPECTED_ERROR"), "Server error"),
    ("undocumented-status", "getOrgInvite", {}, 418, "application/json", _error(418, "TEAPOT"), "Undocumented"),
    ("wrong-content-type", "getOrgInvite", {}, 200, "text/html", GOOD_INVITATION, "Content-Type"),
    (
        "body-off-schema",
        "getOrgInvite",
        {},
        200,
        VND,
        {k: v for k, v in GOOD_INVITATION.items() if k != "orgName"},
        "violates schema",
    ),
    ("allowed-400", "deleteGroupInvite", {}, 400, "application/json", _error(400, "INVALID_INVITATION_ID"), ""),
    (
        "allowance-is-per-operation",
        "getGroupInvite",
        {},
        400,
        "application/json",
        _error(400, "INVALID_INVITATION_ID"),
        "Undocumented",
    ),
    ("allowance-is-per-code", "deleteGroupInvite", {}, 400, "application/json", _error(400, "OTHER"), "Undocumented"),
    (
        "envelope-unwrapped",
        "getOrgInvite",
        {"envelope": "true"},
        200,
        "application/json",
        {"content": _error(404, "RESOURCE_NOT_FOUND"), "status": 404},
        "",
    ),
    (
        "envelope-content-checked",
        "getOrgInvite",
        {"envelope": "true"},
        200,
        VND,
        {"content": {"id": "nope"}, "status": 200},
        "violates schema",
    ),
    ("envelope-shape", "deleteOrgInvite", {"envelope": "true"}, 204, VND, None, "envelope"),
    (
        "envelope-list-with-status",
        "listOrgInvites",
        {"envelope": "true"},
        200,
        VND,
        {"links": [], "results": [], "status": 200, "totalCount": 0},
        "violates schema",  # invitation lists are bare arrays: the inner answer {links, results, totalCount} is not
    ),
    (
        "error-code-of-other-status",
        "getOrgInvite",
        {},
        404,
        "application/json",
        _error(404, "MALFORMED_JSON"),
        "not a catalog code",
    ),
    (
        "error-reason-wrong",
        "getOrgInvite",
        {},
        404,
        "application/json",
        _error(404, "RESOURCE_NOT_FOUND", reason="Not found"),
        "error and reason",
    ),
    (
        "error-detail-off-template",
        "getOrgInvite",
        {},
        404,
        "application/json",
        _error(404, "RESOURCE_NOT_FOUND", detail="Nope."),
        "detail must follow",
    ),
    (
        "error-extra-key",
        "getOrgInvite",
        {},
        404,
        "application/json",
        _error(404, "RESOURCE_NOT_FOUND", message="x"),
        "body's keys",
    ),
    (
        "error-fields-shape",
        "createOrgInvite",
        {},
        400,
        "application/json",
        _error(400, "MISSING_ATTRIBUTE", badRequestDetail={"fields": [{"name": "roles"}]}),
        "badRequestDetail must",
    ),
    (
        "error-field-detail-ok",
        "createOrgInvite",
        {},
        400,
        "application/json",
        _error(400, "MISSING_ATTRIBUTE", badRequestDetail={"fields": [{"description": "x", "field": "roles"}]}),
        "",
    ),
    ("error-as-vnd", "getOrgInvite", {}, 404, VND, _error(404, "RESOURCE_NOT_FOUND"), "must be application/json"),
]


@pytest.mark.parametrize(
    ("operation_id", "query", "status", "content_type", "body", "expected"),
    [item[1:] for item in SYNTHETIC],
    ids=[item[0] for item in SYNTHETIC],
)
def test_checks_catch_nonconformance(
    api_schema: schemathesis.BaseSchema,
    operation_id: str,
    query: dict[str, str],
    status: int,
    content_type: str,
    body: Any,
    expected: str,
) -> None:
    operation = api_schema.find_operation_by_id(operation_id)
    ids = {"orgId": "a0123456789abcdef012345a", "groupId": "b0123456789abcdef012345b"}
    path = {name: ids.get(name, "6a793f89c0eb9e7a177165b6") for name in ("orgId", "groupId", "invitationId")}
    path = {name: value for name, value in path.items() if "{" + name + "}" in operation.path}
    case = operation.Case(path_parameters=path, query=query)
    url = "http://127.0.0.1" + operation.path.format(**path) + ("?envelope=true" if query else "")
    headers = {"content-type": [content_type]}
    error = body.get("content", body) if isinstance(body, dict) else None  # the server sends it in envelopes too
    if isinstance(error, dict) and "errorCode" in error:
        headers["x-error-code"] = [error["errorCode"]]
    response = schemathesis.Response(
        status_code=status,
        headers=headers,
        content=b"" if body is None else json.dumps(body).encode(),
        request=requests.Request(operation.method.upper(), url).prepare(),
        elapsed=0.0,
        verify=True,
    )
    findings = Findings()
    check(case, response, operation_id, findings)
    reports = "\n".join(findings.samples.values())
    if expected:
        assert expected in reports, reports or "no failure reported"
    else:
        assert not reports


def test_catalog_form_needs_x_error_code() -> None:
    body = json.dumps(_error(404, "RESOURCE_NOT_FOUND")).encode()
    request = requests.Request("GET", "http://127.0.0.1/").prepare()

    def answer(headers: dict[str, list[str]]) -> schemathesis.Response:
        return schemathesis.Response(
            status_code=404, headers=headers, content=body, request=request, elapsed=0.0, verify=True
        )

    assert catalog_form(answer({"content-type": ["application/json"], "x-error-code": ["RESOURCE_NOT_FOUND"]})) is None
    assert "X-Error-Code" in str(catalog_form(answer({"content-type": ["application/json"]})))
    assert "X-Error-Code" in str(
        catalog_form(answer({"content-type": ["application/json"], "x-error-code": ["OTHER"]}))
    )
