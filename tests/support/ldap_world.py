"""What the LDAP and X.509 tests share: a server whose verifications may reach this machine's loopback only, a
project with an owner's and a read-only member's clients, and waiting for a verification to end."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from support.server import LocalServer

V1 = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"


def loopback_server(data_dir: Path, **policy: Any) -> LocalServer:
    """A started server whose LDAP verifications contact nothing beyond 127.0.0.1, with ``policy`` changes."""
    server = LocalServer(data_dir, rate_limits=False)
    state = server.opened.state
    state.ldap_verify = replace(state.ldap_verify, loopback_only=True, poll_seconds=0.05, **policy)
    return server.start()


class Project:
    """A fresh organization with a project, an owner key and a read-only key on it."""

    def __init__(self, server: LocalServer, name: str) -> None:
        self.server = server
        made = server.fixtures(
            {
                "orgs": [
                    {
                        "name": name,
                        "projects": [{"name": f"{name} project"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {
                                "description": "reader",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {f"{name} project": ["GROUP_READ_ONLY"]},
                            },
                        ],
                    }
                ]
            }
        )["orgs"][0]
        self.org_id = made["id"]
        self.group_id = made["projects"][0]["id"]
        owner, reader = made["apiKeys"]
        self.owner_key = owner
        self.owner = server.digest(owner["publicKey"], owner["privateKey"], accept=V1)
        self.reader = server.digest(reader["publicKey"], reader["privateKey"], accept=V1)

    @property
    def security(self) -> str:
        return f"/api/atlas/v2/groups/{self.group_id}/userSecurity"

    def events(self, event_type: str) -> list[dict[str, Any]]:
        response = self.owner.get(
            f"/api/atlas/v2/groups/{self.group_id}/events", params={"eventType": event_type, "itemsPerPage": 500}
        )
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def verify(self, **body: Any) -> dict[str, Any]:
        response = self.owner.post(f"{self.security}/ldap/verify", json=body)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def verification(self, request_id: str, client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.owner).get(f"{self.security}/ldap/verify/{request_id}")

    def finished(self, request_id: str, timeout: float = 20.0) -> dict[str, Any]:
        """The verification once it is no longer PENDING."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.verification(request_id)
            assert response.status_code == 200, response.text
            body = dict(response.json())
            if body["status"] != "PENDING":
                return body
            assert time.monotonic() < deadline, f"still PENDING after {timeout} s: {body}"
            time.sleep(0.05)
