"""Conformance of a project's limits and IP addresses, the default limits, the root, event types, rate limits and
the legacy users API with the official Atlas Admin API v2 spec, by schemathesis (docs/limits-and-root.md).

The machinery is test_schemathesis.py's, as test_schemathesis_user_security.py uses it; each operation is called at
its own first version. Examples are bounded (``MAX_EXAMPLES``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from conformance_run import assert_conforms
from test_schemathesis import SPEC_PATCHES, SpecPatch, StatusAllowance, patched
from test_schemathesis_users import USERS_SPEC_PATCHES, Steering

from atlas_access import spec
from atlas_access.core.project_limits import KINDS
from support.server import LocalServer

OPERATION_IDS = (
    "listGroupLimits",
    "getGroupLimit",
    "setGroupLimit",
    "deleteGroupLimit",
    "getGroupIpAddresses",
    "listDefaultGroupLimits",
    "getDefaultGroupLimit",
    "getSystemStatus",
    "listEventTypes",
    "listRateLimits",
    "getRateLimit",
    "createUser",
    "getUser",
    "getUserByName",
    "listControlPlaneIpAddresses",
)
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 8, schemathesis.GenerationMode.NEGATIVE: 5}
# The users API's deliberate deviations of CloudAppUser (no password, no mobile number or country never given).
CLOUD_APP_USER_PATCHES = tuple(patch for patch in USERS_SPEC_PATCHES if patch.schema == "CloudAppUser")
LIMITS_PATCHES = (
    SpecPatch(
        "every-limit-is-a-default-limit",
        "DataFederationLimit's discriminator maps seven of the thirteen names its limitName enum has; the other six "
        "(Data Federation's bytes processed, the Private Service Connect limits) are limits of the same shape.",
        "DataFederationLimit",
        ("discriminator", "mapping"),
        {kind.name: "#/components/schemas/DefaultLimit" for kind in KINDS},
    ),
)
STATUS_ALLOWANCES: tuple[StatusAllowance, ...] = (
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty or envelope not a boolean, a page out of range) is a 400 "
        "INVALID_QUERY_PARAMETER; the spec lists no 400 for these operations.",
        frozenset(
            {
                "getGroupIpAddresses",
                "getDefaultGroupLimit",
                "getSystemStatus",
                "listEventTypes",
                "getUser",
                "getUserByName",
                "listControlPlaneIpAddresses",
            }
        ),
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
    StatusAllowance(
        "create-user-validates-its-body",
        "WIRE.md section 4: a createUser body that is not JSON, has a field of the wrong type, an unknown field, a "
        "missing one or a bad value is a 400 with the catalog's code; the spec lists no 400 for createUser.",
        frozenset({"createUser"}),
        400,
        frozenset(
            {
                "MALFORMED_JSON",
                "INVALID_JSON_ATTRIBUTE",
                "INVALID_ATTRIBUTE",
                "MISSING_ATTRIBUTE",
                "INVALID_USERNAME",
                "INVALID_ROLE_FOR_ORG",
                "INVALID_ROLE_FOR_GROUP",
                "INVALID_QUERY_PARAMETER",
            }
        ),
    ),
    StatusAllowance(
        "create-user-of-a-taken-username-is-409",
        "WIRE.md section 4: a username already taken is 409 USER_ALREADY_EXISTS; the spec lists no 409 for it.",
        frozenset({"createUser"}),
        409,
        frozenset({"USER_ALREADY_EXISTS"}),
    ),
    StatusAllowance(
        "control-plane-version-is-negotiated",
        "WIRE.md section 2: an Accept header naming no version of the operation is a 406 INVALID_VERSION_DATE.",
        frozenset({"listControlPlaneIpAddresses"}),
        406,
        frozenset({"INVALID_VERSION_DATE"}),
    ),
)


@dataclass
class World:
    server: LocalServer
    token: str
    project_id: str
    user_id: str
    username: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("conformance-limits") / "data", rate_limits=False).start()
    try:
        (org,) = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Limits conformance",
                        "users": [{"username": "ann@example.com", "orgRoles": ["ORG_MEMBER"]}],
                    }
                ]
            }
        )["orgs"]
        user = org["users"][0]
        yield World(server, server.token(), server.project_id, user["id"], user["username"])
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_dict(
        patched(openapi_document, SPEC_PATCHES + CLOUD_APP_USER_PATCHES + LIMITS_PATCHES)
    ).include(operation_id=list(OPERATION_IDS))


def steer(case: schemathesis.Case, steering: Steering, world: World) -> None:
    path = case.path_parameters
    if path and "groupId" in path:
        path["groupId"] = steering.pick([world.project_id] * 6 + [path["groupId"]])
    if path and "userId" in path:
        path["userId"] = steering.pick([world.user_id] * 4 + [path["userId"]])
    if path and "userName" in path:
        path["userName"] = steering.pick([world.username] * 4 + [path["userName"]])
    if path and "endpointSetId" in path:
        path["endpointSetId"] = steering.pick(["api.atlas.v2.groups:GROUP"] * 4 + [path["endpointSetId"]])


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_conforms_to_official_spec(
    api_schema: schemathesis.BaseSchema, world: World, operation_id: str, mode: schemathesis.GenerationMode
) -> None:
    assert_conforms(
        api_schema.find_operation_by_id(operation_id),
        mode,
        max_examples=MAX_EXAMPLES,
        seed="limits",
        steer=lambda case, steering: steer(case, steering, world),
        token=world.token,
        base_url=world.server.base_url,
        version=spec.operation(operation_id).versions[0].version,
        allowances=STATUS_ALLOWANCES,
    )
