"""Requests encoded as the real Atlas CLI encodes them (reference §1.5, and its httprequest_test.go cases)."""

from __future__ import annotations

import pytest

from atlas_access import spec
from atlas_access.client import encode_query, media_type, prepare


def test_query_is_go_url_values_encode() -> None:
    # sorted keys, arrays repeated, '+' for spaces, everything but unreserved characters escaped
    assert encode_query({"metrics": ["a", "b"], "envelope": True}) == "envelope=true&metrics=a&metrics=b"
    assert encode_query({"name": "a b/c&d=é", "pretty": False}) == "name=a+b%2Fc%26d%3D%C3%A9&pretty=false"
    assert encode_query({"itemsPerPage": 5}) == "itemsPerPage=5"
    assert encode_query({}) == ""


def test_delete_org_invite_is_the_recorded_request() -> None:
    request = prepare(
        spec.operation("deleteOrgInvite"),
        version="2023-01-01",
        path_params={"orgId": "4888442a3354817a7320eb61", "invitationId": "6a793f89c0eb9e7a177165b6"},
        query={},
    )
    assert request.method == "DELETE"
    assert request.url == "/api/atlas/v2/orgs/4888442a3354817a7320eb61/invites/6a793f89c0eb9e7a177165b6"
    assert dict(request.headers) == {"Accept": "application/vnd.atlas.2023-01-01+json"}
    assert request.content is None


def test_a_body_goes_with_its_content_type_only_where_the_operation_takes_one() -> None:
    create = prepare(
        spec.operation("createOrgInvite"), version="2023-01-01", path_params={"orgId": "a" * 24}, query={}, body=b"{}"
    )
    assert create.headers["Content-Type"] == media_type("2023-01-01")
    assert create.content == b"{}"
    listed = prepare(spec.operation("listOrgInvites"), version="2023-01-01", path_params={"orgId": "a" * 24}, query={})
    assert "Content-Type" not in listed.headers


@pytest.mark.parametrize(
    ("value", "escaped"),
    [("a b", "a%20b"), ("a/b", "a%2Fb"), ("a;b,c?d", "a%3Bb%2Cc%3Fd"), ("$&+:=@", "$&+:=@"), ("x~_.-", "x~_.-")],
)
def test_path_values_are_escaped_like_go_path_escape(value: str, escaped: str) -> None:
    request = prepare(
        spec.operation("getGroupByName"), version="2023-01-01", path_params={"groupName": value}, query={}
    )
    assert request.url == f"/api/atlas/v2/groups/byName/{escaped}"


def test_a_missing_path_parameter_is_named() -> None:
    with pytest.raises(KeyError, match="invitationId"):
        prepare(spec.operation("deleteOrgInvite"), version="2023-01-01", path_params={"orgId": "a" * 24}, query={})


def test_gzip_is_asked_for_in_accept() -> None:
    request = prepare(
        spec.operation("downloadGroupClusterLog"),
        version="2023-02-01",
        path_params={"groupId": "a" * 24, "hostName": "h", "logName": "mongodb"},
        query={},
        fmt="gzip",
    )
    assert request.headers["Accept"] == "application/vnd.atlas.2023-02-01+gzip"
