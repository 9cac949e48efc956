"""Conformance of a project's database users and custom database roles (ten operations) with the official Atlas
Admin API v2 spec, by schemathesis.

The machinery is test_schemathesis.py's (every answer checked for no 5xx, a documented status and Content-Type, a
body that matches the spec's schema, errors in the catalog's form; deliberate deviations allowed by name only) with
test_schemathesis_users.py's version negotiation and seeded steering.

Steering: ``groupId`` is mostly the caller's project, sometimes another organization's, sometimes whatever was
generated; ``databaseName``/``username`` mostly a user of the project (its username escaped, as an ARN's slash must
be), ``roleName`` mostly a role of the project; positive create bodies are mostly made valid (a fresh X.509 or
password user, a fresh role), so that successes are checked against the spec's schemas too. Users and roles are
refilled when the generated deletes consume them. Examples are bounded (``MAX_EXAMPLES``): the suite must stay fast.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from conformance_run import assert_conforms
from test_schemathesis import (
    REMOVE,
    SPEC_PATCHES,
    SpecPatch,
    StatusAllowance,
    allowed_operations,
    patched,
)
from test_schemathesis_users import Steering, versions_of

from support.server import LocalServer

OPERATION_IDS = (
    "listGroupDatabaseUsers",
    "createGroupDatabaseUser",
    "getGroupDatabaseUser",
    "updateGroupDatabaseUser",
    "deleteGroupDatabaseUser",
    "listGroupCustomDbRoleRoles",
    "createGroupCustomDbRoleRole",
    "getGroupCustomDbRoleRole",
    "updateGroupCustomDbRoleRole",
    "deleteGroupCustomDbRoleRole",
)
VERSION = "2023-01-01"
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 12, schemathesis.GenerationMode.NEGATIVE: 8}

# --- Deliberate deviations -----------------------------------------------------------------------

DATABASE_USER_PATCHES = (
    SpecPatch(
        "database-user-answers-carry-group-id",
        "The spec marks CloudDatabaseUser.groupId writeOnly, but every recorded answer carries it "
        "(reference/recordings/dbusers: Create, List, Describe, Update).",
        "CloudDatabaseUser",
        ("properties", "groupId", "writeOnly"),
        REMOVE,
    ),
    SpecPatch(
        "resources-name-only-what-they-are",
        "The spec requires cluster, collection and db in every resource, but the real answers give {cluster: true} "
        "for the cluster and {collection?, db} otherwise (reference/recordings/customdbroles: Create, List, "
        "Update).",
        "DatabasePermittedNamespaceResource",
        ("required",),
        REMOVE,
    ),
)

WITHOUT_400 = frozenset(
    {
        "listGroupDatabaseUsers",
        "getGroupDatabaseUser",
        "deleteGroupDatabaseUser",
        "listGroupCustomDbRoleRoles",
        "getGroupCustomDbRoleRole",
    }
)
STATUS_ALLOWANCES: tuple[StatusAllowance, ...] = (
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty, envelope or includeCount not a boolean, itemsPerPage "
        "or pageNum out of range) is a 400 INVALID_QUERY_PARAMETER; the spec lists no 400 for these operations, "
        "though it does for the creates and updates, which take the same parameters.",
        WITHOUT_400,
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
)

# --- The server and the world it holds ------------------------------------------------------------

_fresh = itertools.count()


@dataclass
class World:
    server: LocalServer
    token: str
    project_id: str
    foreign_project_id: str

    def client_get(self, path: str) -> Any:
        client = self.server.bearer(token=self.token, accept=f"application/vnd.atlas.{VERSION}+json")
        response = client.get(path, params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict[str, Any]) -> None:
        client = self.server.bearer(token=self.token, accept=f"application/vnd.atlas.{VERSION}+json")
        response = client.post(path, json=body)
        assert response.status_code in (201, 202), response.text

    def users(self) -> list[dict[str, Any]]:
        path = f"/api/atlas/v2/groups/{self.project_id}/databaseUsers"
        found = list(self.client_get(path)["results"])
        if len(found) < 2:
            self.post(path, new_user())
            self.post(path, new_user(kind="aws"))
            found = list(self.client_get(path)["results"])
        return found

    def roles(self) -> list[dict[str, Any]]:
        path = f"/api/atlas/v2/groups/{self.project_id}/customDBRoles/roles"
        found = list(self.client_get(path))
        if len(found) < 2:
            self.post(path, new_role())
            self.post(path, new_role())
            found = list(self.client_get(path))
        return found


def new_user(kind: str = "x509") -> dict[str, Any]:
    n = next(_fresh)
    roles = [{"databaseName": "admin", "roleName": "readAnyDatabase"}]
    if kind == "aws":
        username = f"arn:aws:iam::123456789012:role/conformance-{n}"
        return {"databaseName": "$external", "username": username, "awsIAMType": "ROLE", "roles": roles}
    if kind == "password":
        return {"databaseName": "admin", "username": f"conf-{n}", "password": "conformance-pw", "roles": roles}
    return {"databaseName": "$external", "username": f"CN=conformance-{n}", "x509Type": "MANAGED", "roles": roles}


def new_role() -> dict[str, Any]:
    return {"roleName": f"conformance-{next(_fresh)}", "actions": [{"action": "FIND", "resources": [{"db": "c"}]}]}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("conformance-dbusers") / "data", rate_limits=False).start()
    try:
        (foreign,) = server.fixtures({"orgs": [{"name": "Foreign users", "projects": [{"name": "Elsewhere"}]}]})["orgs"]
        yield World(server, server.token(), server.project_id, foreign["projects"][0]["id"])
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    document = patched(openapi_document, (*SPEC_PATCHES, *DATABASE_USER_PATCHES))
    return schemathesis.openapi.from_dict(document).include(operation_id=list(OPERATION_IDS))


# --- Steering generated cases to real resources --------------------------------------------------


def steer(case: schemathesis.Case, steering: Steering, world: World, operation_id: str) -> None:
    path = case.path_parameters
    if path and "groupId" in path:
        path["groupId"] = steering.pick([world.project_id] * 6 + [world.foreign_project_id, path["groupId"]])
    if path and "username" in path and steering.often():
        user = steering.pick(world.users())
        path["databaseName"], path["username"] = quote(user["databaseName"]), quote(user["username"], safe="")
    if path and "roleName" in path and steering.often():
        path["roleName"] = steering.pick(world.roles())["roleName"]
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if not positive or not isinstance(case.body, dict) or not steering.often():
        return
    if operation_id == "createGroupDatabaseUser":
        case.body = new_user(steering.pick(["x509", "aws", "password"]))
    elif operation_id == "createGroupCustomDbRoleRole":
        case.body = new_role()
    elif operation_id == "updateGroupDatabaseUser":
        case.body = {"description": "conformance", "roles": [{"databaseName": "admin", "roleName": "readAnyDatabase"}]}
    elif operation_id == "updateGroupCustomDbRoleRole":
        case.body = {"actions": [{"action": "FIND", "resources": [{"db": "d"}]}]}


# --- The test ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_conforms_to_official_spec(
    api_schema: schemathesis.BaseSchema, world: World, operation_id: str, mode: schemathesis.GenerationMode
) -> None:
    assert_conforms(
        api_schema.find_operation_by_id(operation_id),
        mode,
        max_examples=MAX_EXAMPLES,
        seed="dbusers",
        steer=lambda case, steering: steer(case, steering, world, operation_id),
        token=world.token,
        base_url=world.server.base_url,
        version=VERSION,
        allowances=STATUS_ALLOWANCES,
    )


def test_allow_lists_name_real_operations(
    openapi_document: dict[str, Any], api_schema: schemathesis.BaseSchema
) -> None:
    """Every allowance names these operations and a status the spec really leaves undocumented; the version is the
    one we serve."""
    allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
    for op in OPERATION_IDS:
        assert tuple(versions_of(api_schema.find_operation_by_id(op))) == (VERSION,), op
