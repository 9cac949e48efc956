"""An operation of the official spec that this server leaves out answers 404 ``OPERATION_NOT_EMULATED`` saying
so, with the operation's id and template; a path no operation has stays 404 ``RESOURCE_NOT_FOUND``. Either way
the status is 404, so clients (the SDK, the ``atlas`` command, the Go SDK) still see an error."""

from __future__ import annotations

import httpx
import pytest

from atlas_access.client import AtlasClient, NotFound
from atlas_access.server.app import API_ENDPOINTS
from atlas_access.server.not_emulated import served_routes, unserved_operation
from support.server import V2_ACCEPT, LocalServer

CLUSTER = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}"
SERVES = (
    "it serves organizations, projects, users, teams, API keys, service accounts, invitations, events, and a "
    "project's database users, custom roles, X.509, LDAP, IP access list, auditing and settings"
)


def test_an_operation_not_emulated_says_so(server: LocalServer) -> None:
    path = f"/api/atlas/v2/groups/{server.project_id}/clusters/c0"
    response = server.digest().get(path, headers={"Accept": V2_ACCEPT})
    assert response.status_code == 404
    assert response.headers["x-error-code"] == "OPERATION_NOT_EMULATED"
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "detail": f"atlas-access does not emulate getGroupCluster (GET {CLUSTER}); {SERVES}: see docs/wire.md.",
        "error": 404,
        "errorCode": "OPERATION_NOT_EMULATED",
        "parameters": ["getGroupCluster", "GET", CLUSTER],
        "reason": "Not Found",
    }


def test_it_needs_no_credentials_and_keeps_pretty_and_envelope(server: LocalServer) -> None:
    path = "/api/atlas/v2/groups/5f1a2b3c4d5e6f7a8b9c0d1e/clusters/c0"
    bare = httpx.get(server.base_url + path)
    assert (bare.status_code, bare.headers["x-error-code"]) == (404, "OPERATION_NOT_EMULATED")
    wrapped = httpx.get(server.base_url + path, params={"envelope": "true"})
    assert wrapped.status_code == 200
    assert wrapped.json()["status"] == 404
    assert wrapped.json()["content"]["errorCode"] == "OPERATION_NOT_EMULATED"
    pretty = httpx.get(server.base_url + path, params={"pretty": "true"})
    assert '"errorCode" : "OPERATION_NOT_EMULATED"' in pretty.text


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("POST", "/api/atlas/v2/groups/{group}/clusters", "createGroupCluster"),
        ("GET", "/api/atlas/v2/groups/{group}/alerts", "listGroupAlerts"),
        ("GET", "/api/atlas/v2/groups/{group}/mongoDBVersions", "getGroupMongoDbVersions"),
        ("GET", "/api/atlas/v2/orgs/{org}/invoices", "listOrgInvoices"),
    ],
)
def test_other_operations_not_emulated(server: LocalServer, method: str, path: str, operation_id: str) -> None:
    target = path.format(org=server.org_id, group=server.project_id)
    response = server.digest().request(method, target, headers={"Accept": V2_ACCEPT}, json={})
    assert (response.status_code, response.headers["x-error-code"]) == (404, "OPERATION_NOT_EMULATED")
    assert response.json()["parameters"][0] == operation_id


@pytest.mark.parametrize(
    "path",
    [
        "/api/atlas/v2/unknown",
        "/api/atlas/v2/groups/{group}/clusters/c0/extra/nothing",
        "/nowhere",
        "/api/public/v1.0/x",
    ],
)
def test_a_path_no_operation_has_stays_resource_not_found(server: LocalServer, path: str) -> None:
    target = path.format(group=server.project_id)
    response = server.digest().get(target, headers={"Accept": V2_ACCEPT})
    assert (response.status_code, response.headers["x-error-code"]) == (404, "RESOURCE_NOT_FOUND")
    assert response.json()["detail"] == f"Cannot find resource {target}."


def test_served_operations_are_untouched(server: LocalServer) -> None:
    listed = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites", headers={"Accept": V2_ACCEPT})
    assert listed.status_code == 200
    missing = server.digest().get(
        f"/api/atlas/v2/orgs/{server.org_id}/invites/5f1a2b3c4d5e6f7a8b9c0d1e", headers={"Accept": V2_ACCEPT}
    )
    assert (missing.status_code, missing.headers["x-error-code"]) == (404, "RESOURCE_NOT_FOUND")


def test_no_served_endpoint_is_ever_called_not_emulated() -> None:
    served = served_routes((endpoint.method, endpoint.path) for endpoint in API_ENDPOINTS)
    for method, template in served:
        filled = template.replace("{", "x").replace("}", "")
        assert unserved_operation(method, filled, served) is None, (method, template)


def test_a_method_the_spec_has_on_a_served_path_is_not_emulated_rather_than_405() -> None:
    # Were PATCH /orgs/{orgId} not served, its path (served for GET) would answer this, not 405 with Allow.
    served = frozenset({("GET", "/api/atlas/v2/orgs/{orgId}")})
    problem = unserved_operation("PATCH", "/api/atlas/v2/orgs/o1", served)
    assert problem is not None
    assert (problem.status, problem.code, problem.parameters[0]) == (404, "OPERATION_NOT_EMULATED", "updateOrg")


def test_the_sdk_raises_not_found_with_the_code(server: LocalServer) -> None:
    with (
        AtlasClient(
            server.base_url,
            public_api_key=server.bootstrap["publicKey"],
            private_api_key=server.bootstrap["privateKey"],
        ) as client,
        pytest.raises(NotFound) as raised,
    ):
        client.call("getGroupCluster", group_id=server.project_id, cluster_name="c0")
    assert raised.value.status == 404
    assert raised.value.error_code == "OPERATION_NOT_EMULATED"
    assert raised.value.detail is not None and "getGroupCluster" in raised.value.detail
