"""``atlas api`` for an operation the server does not emulate fails as for any error answer: exit 1, the server's
``OPERATION_NOT_EMULATED`` body on stdout as received, and the real CLI's ``Error: …`` line on stderr."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from support.server import LocalServer

if TYPE_CHECKING:
    from conftest import AtlasRunner


def test_get_cluster_fails_with_the_servers_answer(atlas: AtlasRunner, on_server: LocalServer) -> None:
    outcome = atlas("api", "clusters", "getCluster", "--clusterName", "c0", "--version", "2024-08-05")
    assert outcome.code == 1
    body = json.loads(outcome.out)
    assert (body["error"], body["errorCode"]) == (404, "OPERATION_NOT_EMULATED")
    assert body["detail"].startswith("atlas-access does not emulate getGroupCluster (GET ")
    assert outcome.err.endswith("Error: server returned an error response code\n")
