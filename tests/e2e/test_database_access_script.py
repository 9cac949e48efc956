"""Issue 15's done-means: ``examples/database_access.py``, a script that speaks only HTTP, starts from the bootstrap
credentials of a real ``atlas-access serve`` process and gives a new project a team, a custom role, a database user
holding it, a temporary user and access-list entry, and a managed X.509 user whose certificate it checks against
the project's CA; every step is refused to the roles that may not take it, and the temporary user and entry are gone
once the server clock passes their date. This test runs it as a user would, then reads the result back."""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from support.process import V2_ACCEPT, ServerProcess

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "database_access.py"
DATABASE_ACCESS_EVENTS = ("MONGODB_", "NETWORK_PERMISSION_")


def _project(api: httpx.Client, org_id: str) -> dict[str, Any]:
    projects = api.get(f"/api/atlas/v2/orgs/{org_id}/groups").json()["results"]
    found = [project for project in projects if project["name"].startswith("Ledger ")]
    assert len(found) == 1, projects
    return dict(found[0])


def _event_types(api: httpx.Client, group_id: str) -> list[str]:
    events = api.get(f"/api/atlas/v2/groups/{group_id}/events", params={"itemsPerPage": 500}).json()["results"]
    return sorted(event["eventTypeName"] for event in events)


def test_the_script_gives_a_project_its_database_and_network_access(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "data") as server, ExitStack() as closing:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), str(server.data_dir / "bootstrap.json")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={"PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
        out = done.stdout
        assert out.rstrip().endswith("every role did only what it may.")
        assert out.count("refused (USER_UNAUTHORIZED)") == 7
        for line in (
            "refused (ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS)",
            "refused (USERNAME_NOT_FOUND)",
            "refused (ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND)",
            "the certificate of CN=ledger-batch verifies against the project's CA",
        ):
            assert line in out, out

        boot = server.bootstrap
        api = httpx.Client(
            base_url=server.base_url,
            auth=httpx.DigestAuth(boot["publicKey"], boot["privateKey"]),
            headers={"Accept": V2_ACCEPT},
            timeout=30,
            trust_env=False,
        )
        closing.callback(api.close)
        project = _project(api, boot["orgId"])
        groups = f"/api/atlas/v2/groups/{project['id']}"
        # The clock is back at real time: the temporary user and entry are not yet past their date, and nothing
        # was purged (no write came after the clock passed them).
        users = api.get(f"{groups}/databaseUsers").json()["results"]
        assert sorted(user["username"] for user in users) == ["auditor-for-a-day", "ledger-app", "ledger-batch"]
        app = next(user for user in users if user["username"] == "ledger-app")
        assert app["roles"] == [{"databaseName": "admin", "roleName": "ledgerReader"}]
        entries = api.get(f"{groups}/accessList").json()["results"]
        assert sorted(entry["cidrBlock"] for entry in entries) == ["10.20.0.0/16", "203.0.113.7/32"]
        teams = api.get(f"{groups}/teams").json()["results"]
        assert [team["roleNames"] for team in teams] == [["GROUP_READ_ONLY"]]
        written = [kind for kind in _event_types(api, project["id"]) if kind.startswith(DATABASE_ACCESS_EVENTS)]
        assert written == [
            "MONGODB_ROLE_ADDED",
            "MONGODB_USER_ADDED",
            "MONGODB_USER_ADDED",
            "MONGODB_USER_ADDED",
            "MONGODB_USER_X509_CERT_CREATED",
            "NETWORK_PERMISSION_ENTRY_ADDED",
            "NETWORK_PERMISSION_ENTRY_ADDED",
        ]
        # Past their date again, the next writes of the project remove them, each with its event by the system.
        admin = httpx.Client(base_url=server.base_url, timeout=30, trust_env=False)
        closing.callback(admin.close)
        admin.headers["Authorization"] = f"Bearer {boot['adminToken']}"
        assert admin.post("/api/local/v1/clock", json={"advance": "2d"}).status_code == 200
        made = api.post(
            f"{groups}/databaseUsers",
            json={
                "databaseName": "admin",
                "username": "later",
                "password": "a-long-enough-password",
                "roles": [{"databaseName": "admin", "roleName": "read"}],
            },
        )
        assert made.status_code == 201, made.text
        added = api.post(f"{groups}/accessList", json=[{"ipAddress": "198.51.100.1"}])
        assert added.status_code == 201, added.text
        assert admin.delete("/api/local/v1/clock").status_code == 200
        users = api.get(f"{groups}/databaseUsers").json()["results"]
        assert "auditor-for-a-day" not in [user["username"] for user in users]
        events = api.get(f"{groups}/events", params={"itemsPerPage": 500}).json()["results"]
        removed = [
            e for e in events if e["eventTypeName"] in ("MONGODB_USER_DELETED", "NETWORK_PERMISSION_ENTRY_REMOVED")
        ]
        assert sorted(e["eventTypeName"] for e in removed) == [
            "MONGODB_USER_DELETED",
            "NETWORK_PERMISSION_ENTRY_REMOVED",
        ]
        assert all("apiKeyId" not in e and "userId" not in e for e in removed)  # the system removed them
