"""``spec.by_request``: the operation a concrete request path names, matched against the index's templates."""

from __future__ import annotations

import pytest

from atlas_access import spec


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("GET", "/api/atlas/v2/groups/5f1a2b3c4d5e6f7a8b9c0d1e/clusters/c0", "getGroupCluster"),
        ("get", "/api/atlas/v2/groups/5f1a2b3c4d5e6f7a8b9c0d1e/clusters/c0", "getGroupCluster"),
        ("GET", "/api/atlas/v2/groups/byName/web", "getGroupByName"),  # the literal beats {groupId}
        ("POST", "/api/atlas/v2/groups/g1/users/u1:addRole", "addGroupUserRole"),
        ("POST", "/api/atlas/v2/groups/g1:migrate", "migrateGroup"),
        ("GET", "/api/atlas/v2/groups/g1/clusters/host/logs/mongodb.gz", "downloadGroupClusterLog"),
        ("DELETE", "/api/atlas/v2/orgs/o1/invites/i1", "deleteOrgInvite"),
    ],
)
def test_a_request_names_its_operation(method: str, path: str, operation_id: str) -> None:
    found = spec.by_request(method, path)
    assert found is not None and found.operation_id == operation_id


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/atlas/v2/unknown"),
        ("GET", "/api/atlas/v2/orgs/o1/invites/"),  # an empty id is no id
        ("GET", "/api/atlas/v2/orgs/o1/invites/i1/extra"),
        ("PUT", "/api/atlas/v2/orgs/o1/invites/i1"),  # a method the template lacks
        ("GET", "/api/public/v1.0/orgs/o1/invites"),  # not the Admin API v2
        ("GET", "/"),
    ],
)
def test_a_path_no_operation_has(method: str, path: str) -> None:
    assert spec.by_request(method, path) is None


def test_every_template_names_its_own_operation_filled_in() -> None:
    for operation in spec.operations().values():
        filled = operation.path.replace("{", "x").replace("}", "")
        assert spec.by_request(operation.method, filled) == operation, operation.operation_id
