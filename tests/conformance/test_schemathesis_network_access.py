"""Conformance of a project's IP access list, auditing and settings (nine operations) with the official Atlas Admin
API v2 spec, by schemathesis.

The machinery is test_schemathesis.py's (every answer checked for no 5xx, a documented status and Content-Type, a
body that matches the spec's schema, errors in the catalog's form; deliberate deviations allowed by name only) with
test_schemathesis_users.py's version negotiation and seeded steering, and test_schemathesis_access_model.py's
response patches for successes the real cloud answers with another status (recorded).

Steering: ``groupId`` is mostly the caller's project, sometimes another organization's, sometimes whatever was
generated; ``entryValue`` mostly an entry on the list (an address, or a block with its slash escaped as the spec
asks), sometimes an absent, a malformed one or an AWS security group, then mostly asked in an envelope; positive
create bodies mostly fresh addresses and blocks (some temporary, within the week), sometimes one on the list
already (an update in place). The list is refilled when the generated deletes empty it. Examples are bounded
(``MAX_EXAMPLES``): the suite must stay fast.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from conformance_run import assert_conforms
from test_schemathesis import SPEC_PATCHES, StatusAllowance, allowed_operations, patched
from test_schemathesis_access_model import ResponsePatch, patched_responses
from test_schemathesis_users import Steering, versions_of

from support.server import LocalServer

OPERATION_IDS = (
    "listGroupAccessListEntries",
    "createGroupAccessListEntry",
    "getGroupAccessListEntry",
    "getGroupAccessListStatus",
    "deleteGroupAccessListEntry",
    "getGroupAuditLog",
    "updateGroupAuditLog",
    "getGroupSettings",
    "updateGroupSettings",
)
VERSION = "2023-01-01"
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 12, schemathesis.GenerationMode.NEGATIVE: 8}
ENTRY_PATHS = ("getGroupAccessListEntry", "getGroupAccessListStatus", "deleteGroupAccessListEntry")
# Path entries that name nothing on the list: absent, malformed (control characters too), a security group.
ABSENT_ENTRIES = ("203.0.113.250", "192.0.2.0%2F28", "2001:db8:ffff::%2F48")
MALFORMED_ENTRIES = ("not-an-address", "10.0.0.0%2F99", "192.0.2.1%0A%0A", "sg-0026348e")


# --- Deliberate deviations -----------------------------------------------------------------------

RESPONSE_PATCHES = (
    ResponsePatch(
        "create-access-list-entry-is-201",
        "The real cloud answers createGroupAccessListEntry 201 Created with the whole list (recording "
        "accesslists/TestAccessList Create_Forever, Create_Delete_After, Create_with_CurrentIp); the spec "
        "documents 200.",
        "createGroupAccessListEntry",
        "200",
        "201",
    ),
    ResponsePatch(
        "update-audit-log-is-202",
        "The real cloud answers updateGroupAuditLog 202 Accepted with the configuration (recording "
        "auditing/TestAuditing Update, Update_via_file); the spec documents 200.",
        "updateGroupAuditLog",
        "200",
        "202",
    ),
)
BODY_CODES = frozenset(
    {"MALFORMED_JSON", "INVALID_JSON", "INVALID_JSON_ATTRIBUTE", "INVALID_ATTRIBUTE", "MISSING_ATTRIBUTE"}
)
WITHOUT_400 = frozenset(
    {
        "listGroupAccessListEntries",
        "getGroupAccessListEntry",
        "deleteGroupAccessListEntry",
        "getGroupAuditLog",
        "getGroupSettings",
        "updateGroupSettings",
    }
)
STATUS_ALLOWANCES: tuple[StatusAllowance, ...] = (
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty, envelope or includeCount not a boolean, itemsPerPage "
        "or pageNum out of range) is a 400 INVALID_QUERY_PARAMETER; the spec lists no 400 for these operations, "
        "though it does for createGroupAccessListEntry, which takes the same parameters.",
        WITHOUT_400,
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
    StatusAllowance(
        "settings-body-is-validated",
        "WIRE.md section 4: a bad body is a 400 (MALFORMED_JSON, INVALID_JSON, INVALID_JSON_ATTRIBUTE: a value "
        "that is no boolean, INVALID_ATTRIBUTE: no such setting); the spec lists no 400 for updateGroupSettings.",
        frozenset({"updateGroupSettings"}),
        400,
        BODY_CODES,
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
    entries: list[dict[str, Any]] = field(default_factory=list)

    def new_entry(self, steering: Steering) -> dict[str, Any]:
        """A fresh address or block, in the forms the spec's request patterns accept, sometimes temporary."""
        n = next(_fresh)
        kind = steering.pick(["ipv4", "ipv4", "block", "ipv6"])
        if kind == "ipv4":
            entry: dict[str, Any] = {"ipAddress": f"100.64.{n // 250}.{n % 250 + 1}"}
        elif kind == "block":
            entry = {"cidrBlock": f"100.{65 + n // 250}.{n % 250}.0/24"}
        else:
            entry = {"ipAddress": f"2001:db8:{n:x}:0:0:0:0:1"}
        if steering.often():
            entry["comment"] = f"conformance {n}"
        if not steering.often():
            entry["deleteAfterDate"] = (self.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return entry

    def now(self) -> datetime:
        found = self.server.admin().get("/api/local/v1/clock").json()["now"]
        return datetime.fromisoformat(found.replace("Z", "+00:00")).astimezone(UTC)

    def listed(self) -> list[dict[str, Any]]:
        client = self.server.bearer(token=self.token, accept=f"application/vnd.atlas.{VERSION}+json")
        response = client.get(f"/api/atlas/v2/groups/{self.project_id}/accessList", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def refill(self, steering: Steering) -> list[dict[str, Any]]:
        """The list, with a few entries added when the generated deletes have left it short."""
        found = self.listed()
        if len(found) < 3:
            client = self.server.bearer(token=self.token, accept=f"application/vnd.atlas.{VERSION}+json")
            body = [self.new_entry(steering) for _ in range(3)]
            response = client.post(f"/api/atlas/v2/groups/{self.project_id}/accessList", json=body)
            assert response.status_code == 201, response.text
            found = list(response.json()["results"])
        return found


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("conformance-network") / "data", rate_limits=False).start()
    try:
        (foreign,) = server.fixtures({"orgs": [{"name": "Foreign network", "projects": [{"name": "Elsewhere"}]}]})[
            "orgs"
        ]
        yield World(server, server.token(), server.project_id, foreign["projects"][0]["id"])
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    document = patched_responses(patched(openapi_document, SPEC_PATCHES), RESPONSE_PATCHES)
    return schemathesis.openapi.from_dict(document).include(operation_id=list(OPERATION_IDS))


# --- Steering generated cases to real resources --------------------------------------------------


def _segment(entry: dict[str, Any]) -> str:
    """How a path names an entry: its address, or its block with the slash escaped (the spec)."""
    return str(entry.get("ipAddress") or entry["cidrBlock"].replace("/", "%2F"))


def steer(case: schemathesis.Case, steering: Steering, world: World, operation_id: str) -> None:
    path = case.path_parameters
    if path and "groupId" in path:
        path["groupId"] = steering.pick([world.project_id] * 6 + [world.foreign_project_id, path["groupId"]])
    if path and "entryValue" in path:
        source = steering.pick(["entry"] * 5 + ["absent", "malformed", "generated"])
        if source == "entry":
            path["entryValue"] = _segment(steering.pick(world.refill(steering)))
        elif source == "absent":
            path["entryValue"] = steering.pick(ABSENT_ENTRIES)
        elif source == "malformed":
            path["entryValue"] = steering.pick(MALFORMED_ENTRIES)
            if steering.often():
                case.query = {**(case.query or {}), "envelope": "true"}
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if not positive:
        return
    body = case.body
    if operation_id == "createGroupAccessListEntry" and isinstance(body, list) and steering.often():
        if steering.often():
            body[:] = [world.new_entry(steering) for _ in range(steering.pick((1, 1, 2)))]
        else:  # one on the list already: updated in place
            entry = steering.pick(world.refill(steering))
            given = {"cidrBlock": entry["cidrBlock"]} if "ipAddress" not in entry else {"ipAddress": entry["ipAddress"]}
            body[:] = [{**given, "comment": "given again"}]
    elif operation_id == "updateGroupAuditLog" and isinstance(body, dict) and steering.often():
        if "auditFilter" in body:
            body["auditFilter"] = steering.pick(['{"atype": "authenticate"}', '{"users": []}'])
        body.pop("configurationType", None)
    elif operation_id == "updateGroupSettings" and isinstance(body, dict) and steering.often():
        for key in list(body):
            if not isinstance(body[key], bool):
                del body[key]


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
        seed="network",
        steer=lambda case, steering: steer(case, steering, world, operation_id),
        token=world.token,
        base_url=world.server.base_url,
        version=VERSION,
        allowances=STATUS_ALLOWANCES,
    )


def test_allow_lists_name_real_operations(
    openapi_document: dict[str, Any], api_schema: schemathesis.BaseSchema
) -> None:
    """Every allowance names these operations and a status the spec really leaves undocumented; every response
    patch moves a status the spec documents to one it does not; the version is the one we serve."""
    operations = allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
    for patch in RESPONSE_PATCHES:
        responses = operations[patch.operation_id]["responses"]
        assert patch.documented in responses and patch.answered not in responses, patch.name
    for op in OPERATION_IDS:
        assert tuple(versions_of(api_schema.find_operation_by_id(op))) == (VERSION,), op
