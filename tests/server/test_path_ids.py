"""Every endpoint declares the ids of its path that have an error of their own (``server.wire.path_ids``)."""

import re

from atlas_access.server.app import API_ENDPOINTS
from atlas_access.server.wire import path_ids

DECLARED = {
    path_id.name
    for path_id in (
        path_ids.USER_ID,
        path_ids.TEAM_ID,
        path_ids.API_KEY_ID,
        path_ids.FEDERATION_ID,
        path_ids.ROLE_MAPPING_ID,
    )
}


def test_every_endpoint_declares_its_checked_path_ids() -> None:
    for endpoint in API_ENDPOINTS:
        named = set(re.findall(r"\{(\w+)[}:]", endpoint.path)) & DECLARED
        assert {path_id.name for path_id in endpoint.ids} == named, endpoint.operation_id
