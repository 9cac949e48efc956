"""Conformance of organization settings, delegation settings, the deprecated role replacements,
``addGroupAccessUser`` and ``migrateGroup`` (eight operations) with the official Atlas Admin API v2 spec, by
schemathesis (docs/org-settings.md).

The machinery is test_schemathesis.py's (no 5xx, a documented status and Content-Type, a body that matches the
spec's schema, errors in the catalog's form; deliberate deviations allowed by name only) with
test_schemathesis_users.py's version negotiation and seeded steering. Each operation is asked for at its own newest
version. Steering: ``orgId`` and ``groupId`` mostly the caller's; ``userId`` mostly a pending user made here; a
positive settings update never turns ``apiAccessListRequired`` on (the caller has no access list and would lock
itself out); ``destinationOrgId`` is the caller's own organization, another one or anything, so that no project
ever moves. Examples are bounded (``MAX_EXAMPLES``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from conformance_run import assert_conforms
from test_schemathesis import SPEC_PATCHES, StatusAllowance, allowed_operations, patched
from test_schemathesis_users import Steering

from support.server import LocalServer

VERSIONS = {
    "getOrgSettings": "2023-01-01",
    "updateOrgSettings": "2023-01-01",
    "getOrgDelegationSettings": "2025-03-12",
    "updateOrgDelegationSettings": "2025-03-12",
    "updateOrgUserRoles": "2023-01-01",
    "updateGroupUserRoles": "2023-01-01",
    "addGroupAccessUser": "2023-02-01",
    "migrateGroup": "2024-05-30",
}
OPERATION_IDS = tuple(VERSIONS)
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 10, schemathesis.GenerationMode.NEGATIVE: 6}

BODY_CODES = frozenset(
    {"MALFORMED_JSON", "INVALID_JSON", "INVALID_JSON_ATTRIBUTE", "INVALID_ATTRIBUTE", "MISSING_ATTRIBUTE"}
)
STATUS_ALLOWANCES: tuple[StatusAllowance, ...] = (
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty or envelope not a boolean) is a 400 "
        "INVALID_QUERY_PARAMETER; the spec lists no 400 for these operations.",
        frozenset({"getOrgSettings", "getOrgDelegationSettings"}),
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
    StatusAllowance(
        "bodies-are-validated",
        "WIRE.md section 4: a body of the wrong shape, a role that is not one, a username that is no email address "
        "or a destination the project is in already is a 400; the spec lists no 400 for these operations.",
        frozenset({"updateOrgUserRoles", "updateGroupUserRoles", "addGroupAccessUser", "migrateGroup"}),
        400,
        BODY_CODES
        | {
            "INVALID_QUERY_PARAMETER",
            "INVALID_ROLE_FOR_ORG",
            "INVALID_ROLE_FOR_GROUP",
            "INVALID_USERNAME",
            "GROUP_ALREADY_IN_ORG",
        },
    ),
    StatusAllowance(
        "conflicts",
        "A user already in the project (addGroupAccessUser, as addGroupUsers) or a project of that name in the "
        "destination (migrateGroup) is a 409; the spec lists none.",
        frozenset({"addGroupAccessUser", "migrateGroup"}),
        409,
        frozenset({"USER_ALREADY_EXISTS", "GROUP_ALREADY_EXISTS"}),
    ),
)


@dataclass
class World:
    server: LocalServer
    token: str
    org_id: str
    project_id: str
    foreign_org_id: str
    foreign_project_id: str
    org_user: str
    group_user: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("conformance-org-settings") / "data", rate_limits=False).start()
    try:
        (foreign,) = server.fixtures({"orgs": [{"name": "Foreign settings", "projects": [{"name": "Elsewhere"}]}]})[
            "orgs"
        ]
        token = server.token()
        users = server.bearer(token=token, accept="application/vnd.atlas.2025-02-19+json")
        org_user = users.post(
            f"/api/atlas/v2/orgs/{server.org_id}/users",
            json={"username": "conformance-org@example.com", "roles": {"orgRoles": ["ORG_MEMBER"]}},
        )
        assert org_user.status_code == 201, org_user.text
        group_user = users.post(
            f"/api/atlas/v2/groups/{server.project_id}/users",
            json={"username": "conformance-group@example.com", "roles": ["GROUP_READ_ONLY"]},
        )
        assert group_user.status_code == 201, group_user.text
        yield World(
            server,
            token,
            server.org_id,
            server.project_id,
            foreign["id"],
            foreign["projects"][0]["id"],
            org_user.json()["id"],
            group_user.json()["id"],
        )
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    document = patched(openapi_document, SPEC_PATCHES)
    return schemathesis.openapi.from_dict(document).include(operation_id=list(OPERATION_IDS))


def steer(case: schemathesis.Case, steering: Steering, world: World, operation_id: str) -> None:
    path = case.path_parameters
    if path and "orgId" in path:
        path["orgId"] = steering.pick([world.org_id] * 6 + [world.foreign_org_id, path["orgId"]])
    if path and "groupId" in path:
        path["groupId"] = steering.pick([world.project_id] * 6 + [world.foreign_project_id, path["groupId"]])
    if path and "userId" in path:
        own = world.org_user if operation_id == "updateOrgUserRoles" else world.group_user
        path["userId"] = steering.pick([own] * 4 + [path["userId"]])
    body = case.body
    if not isinstance(body, dict):
        return
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if operation_id == "updateOrgSettings" and (positive or body.get("apiAccessListRequired") is True):
        body.pop("apiAccessListRequired", None)  # never lock the caller out
    if operation_id == "migrateGroup":
        # Never a successful move: the caller's own organization, one it is not in, or what was generated.
        body["destinationOrgId"] = steering.pick(
            [world.org_id, world.foreign_org_id, body.get("destinationOrgId", world.org_id)]
        )
    if positive and operation_id == "addGroupAccessUser" and steering.often():
        body["username"] = f"conformance-{steering.rng.randrange(10**6)}@example.com"
        body["roles"] = [steering.pick(["GROUP_READ_ONLY", "GROUP_OWNER", "GROUP_DATA_ACCESS_ADMIN"])]


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_conforms_to_official_spec(
    api_schema: schemathesis.BaseSchema, world: World, operation_id: str, mode: schemathesis.GenerationMode
) -> None:
    assert_conforms(
        api_schema.find_operation_by_id(operation_id),
        mode,
        max_examples=MAX_EXAMPLES,
        seed="org-settings",
        steer=lambda case, steering: steer(case, steering, world, operation_id),
        token=world.token,
        base_url=world.server.base_url,
        version=VERSIONS[operation_id],
        allowances=STATUS_ALLOWANCES,
    )
    if operation_id == "migrateGroup":  # steering kept every project where it was
        client = world.server.bearer(token=world.token)
        assert client.get(f"/api/atlas/v2/groups/{world.project_id}").json()["orgId"] == world.org_id


def test_allow_lists_name_real_operations(openapi_document: dict[str, Any]) -> None:
    """Every allowance names these operations and a status the spec really leaves undocumented."""
    allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
