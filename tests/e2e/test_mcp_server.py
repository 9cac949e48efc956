"""MongoDB's MCP server (npm package mongodb-mcp-server), run as a real process, against a real
``atlas-access serve`` over HTTPS with the bootstrap service account.

The package is installed, pinned, by ``scripts/install-mcp-server`` into ``.cache/mcp-server/`` (this test
runs the script when it is missing). The MCP server speaks MCP over stdio (``tests/support/mcp_client.py``)
and the Atlas Admin API v2 to our server: client credentials at ``POST /api/oauth/token``, then Bearer.
Its tools list organizations, list projects and create a project; each answer is checked against our
server's state, read back with the bootstrap API key (Digest).

How it is configured, as a user would (environment variables, read by the package's config parser):
``MDB_MCP_API_BASE_URL`` (the base URL; the package's default is https://cloud.mongodb.com/),
``MDB_MCP_API_CLIENT_ID`` and ``MDB_MCP_API_CLIENT_SECRET`` (the service account), telemetry off. It insists
on HTTPS (oauth4webapi refuses an http token endpoint), so our server serves a self-signed certificate
(``--tls-self-signed``), and Node trusts that certificate in two ways because the package uses two HTTP
stacks: its Atlas API client (a proxy-aware fetch that builds its own CA list from the system's files) reads
``SSL_CERT_FILE``, and ignores ``NODE_EXTRA_CA_CERTS``; Node's own fetch (used for the ipinfo and telemetry
calls) reads ``NODE_EXTRA_CA_CERTS``. Verification stays on.

Skipped only where Node.js (node and npm) is not installed; everything else that goes wrong fails, in CI too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access.server.tls import CERT_FILE
from support.mcp_client import McpStdioClient
from support.process import HOST, STOP_TIMEOUT, V2_ACCEPT, ServerProcess
from support.scripts import run_script

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = REPO / "scripts" / "install-mcp-server"
INSTALL_TIMEOUT = 480
TOOL_TIMEOUT = 60.0


def pinned_version() -> str:
    """The version ``scripts/install-mcp-server`` installs (its ``VERSION=`` line): one place for the pin."""
    found = re.search(r"^VERSION=(\S+)$", INSTALL_SCRIPT.read_text(), re.MULTILINE)
    assert found, f"no VERSION= line in {INSTALL_SCRIPT}"
    return found.group(1)


# --- the MCP server package -----------------------------------------------------------------------


def _node_version(node: str) -> tuple[int, int]:
    done = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30, check=True)
    major, minor = done.stdout.strip().lstrip("v").split(".")[:2]
    return int(major), int(minor)


@dataclass(frozen=True)
class McpPackage:
    node: str
    entry: Path
    """``dist/esm/index.js`` of the package (its ``bin``)."""


@pytest.fixture(scope="module")
def mcp_package() -> McpPackage:
    """The pinned mongodb-mcp-server, installed by the script if it is not yet, and the node to run it."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if path is None)
        pytest.skip(f"Node.js is not installed ({missing} not found): mongodb-mcp-server runs on Node.js")
    major, minor = _node_version(node)
    if not ((major == 20 and minor >= 19) or (major == 22 and minor >= 13) or major >= 24):
        pytest.fail(f"node {major}.{minor} cannot run mongodb-mcp-server, which needs ^20.19, ^22.13 or >= 24")
    printed = run_script(INSTALL_SCRIPT, timeout=INSTALL_TIMEOUT)
    entry = Path(printed.strip().splitlines()[-1])
    assert entry.is_file(), f"{INSTALL_SCRIPT} printed {entry}, which does not exist"
    return McpPackage(node, entry)


# --- our server over HTTPS ------------------------------------------------------------------------


class HttpsServerProcess(ServerProcess):
    """``atlas-access serve --tls-self-signed``: HTTPS with the certificate it writes to its data dir."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir, extra_args=("--tls-self-signed", "--access-log"))

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server has not been started")
        return f"https://{HOST}:{self.port}"

    @property
    def cert_file(self) -> Path:
        return self.data_dir / CERT_FILE

    def ssl_context(self) -> ssl.SSLContext:
        """Trusts our certificate only; verifies the chain and the host name as every client should."""
        return ssl.create_default_context(cafile=str(self.cert_file))

    def client(self, auth: httpx.Auth | None = None, accept: str | None = V2_ACCEPT) -> httpx.Client:
        headers = {"Accept": accept} if accept else {}
        client = httpx.Client(
            base_url=self.base_url, auth=auth, headers=headers, timeout=30, trust_env=False, verify=self.ssl_context()
        )
        self._clients.append(client)
        return client

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        # Our clients' idle keep-alive connections first: over TLS, uvicorn's graceful shutdown waits for
        # them (over plain HTTP it closes them), so the parent's order (stop, then close) costs a SIGKILL.
        self.close_clients()
        return super().stop(timeout)

    def _wait_until_answering(self, port: int, deadline: float) -> bool:
        """As the parent's, over HTTPS: True once ``GET /api/private/ipinfo`` answers 401."""
        url = f"https://{HOST}:{port}/api/private/ipinfo"
        while self.running and time.monotonic() < deadline:
            try:  # the certificate is written before the server listens
                response = httpx.get(url, timeout=2, trust_env=False, verify=self.ssl_context())
            except (OSError, ssl.SSLError, httpx.TransportError):  # no (whole) certificate yet, or not listening
                time.sleep(0.05)
                continue
            if response.status_code == 401:
                return True
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:500]}\n{self.output()}")
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpsServerProcess]:
    with HttpsServerProcess(tmp_path_factory.mktemp("server") / "data") as running:
        assert running.bootstrap["baseUrl"] == running.base_url
        yield running


def mcp_environment(server: HttpsServerProcess, home: Path) -> dict[str, str]:
    """Only what the MCP server needs: none of the test environment's proxies or MDB_MCP_ settings."""
    cert = str(server.cert_file)
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "MDB_MCP_API_BASE_URL": f"{server.base_url}/",
        "MDB_MCP_API_CLIENT_ID": server.bootstrap["clientId"],
        "MDB_MCP_API_CLIENT_SECRET": server.bootstrap["clientSecret"],
        "MDB_MCP_TELEMETRY": "disabled",  # else POST /api/private/v1.0/telemetry/events (which we do not serve)
        "DO_NOT_TRACK": "1",
        "MDB_MCP_LOGGERS": "stderr",  # no log files under HOME, nothing but MCP on stdout
        "SSL_CERT_FILE": cert,  # the Atlas API client's CA list
        "NODE_EXTRA_CA_CERTS": cert,  # Node's own fetch
    }


# --- reading the answers --------------------------------------------------------------------------

_UNTRUSTED = re.compile(r"<untrusted-user-data-([0-9a-f-]+)>\n(.*)\n</untrusted-user-data-\1>", re.DOTALL)


def text_of(result: dict[str, Any]) -> str:
    return "\n".join(part["text"] for part in result.get("content", []) if part.get("type") == "text")


def printed_data(result: dict[str, Any]) -> Any:
    """The JSON the tool prints for the model, inside its untrusted-user-data tags."""
    found = _UNTRUSTED.search(text_of(result))
    assert found, f"no untrusted-user-data section in {text_of(result)!r}"
    return json.loads(found.group(2))


def succeeded(result: dict[str, Any]) -> dict[str, Any]:
    assert not result.get("isError"), text_of(result)
    return result


_ACCESS_LINE = re.compile(r'"(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP/[\d.]+" (\d{3})')


def calls_in(log: str, org_id: str) -> list[tuple[str, str, int]]:
    """(method, path without its query, status) of each request in uvicorn's access log, in order."""
    return [
        (method, target.split("?")[0].replace(org_id, "{orgId}"), int(status))
        for method, target, status in _ACCESS_LINE.findall(log)
    ]


# --- the test -------------------------------------------------------------------------------------


def test_lists_orgs_and_projects_then_creates_a_project(
    mcp_package: McpPackage, server: HttpsServerProcess, tmp_path: Path
) -> None:
    org_id, project_id, client_id = server.org_id, server.project_id, server.bootstrap["clientId"]
    api = server.digest()
    our_orgs = api.get("/api/atlas/v2/orgs").json()["results"]
    our_projects = api.get("/api/atlas/v2/groups").json()["results"]
    assert org_id in {org["id"] for org in our_orgs}
    assert project_id in {project["id"] for project in our_projects}
    name = f"mcp e2e {uuid.uuid4().hex[:8]}"
    assert api.get(f"/api/atlas/v2/groups/byName/{name}").status_code == 404

    log_start = server.log_file.stat().st_size  # from here to the MCP server's end, only its calls
    mcp = McpStdioClient(
        [mcp_package.node, str(mcp_package.entry)],
        env=mcp_environment(server, tmp_path / "home"),
        stderr_path=tmp_path / "mcp-server.stderr",
        cwd=tmp_path,
        timeout=TOOL_TIMEOUT,
    )
    (tmp_path / "home").mkdir()
    with mcp:
        initialized = mcp.initialize()
        assert initialized["serverInfo"] == {"name": "MongoDB MCP Server", "version": pinned_version()}
        assert "tools" in initialized["capabilities"]
        tools = {tool["name"] for tool in mcp.list_tools()}
        assert {"atlas-list-orgs", "atlas-list-projects", "atlas-create-project"} <= tools, mcp.stderr()

        # (1) organizations: the ones our server shows the service account, as the tool prints them
        orgs = succeeded(mcp.call_tool("atlas-list-orgs"))
        expected_orgs = [{"name": org["name"], "id": org["id"]} for org in our_orgs]
        assert orgs["structuredContent"] == {"organizations": expected_orgs, "totalCount": len(expected_orgs)}
        assert printed_data(orgs) == expected_orgs
        assert text_of(orgs).startswith(f"Found {len(expected_orgs)} organizations in your MongoDB Atlas account.")

        # (2) projects: all of them, then the bootstrap org's
        projects = succeeded(mcp.call_tool("atlas-list-projects"))
        listed = {(p["id"], p["name"], p["orgId"]) for p in projects["structuredContent"]["projects"]}
        assert listed == {(p["id"], p["name"], p["orgId"]) for p in our_projects}
        assert (project_id, org_id) in {(listed_id, listed_org) for listed_id, _, listed_org in listed}
        assert [(p["id"], p["name"], p["orgId"]) for p in printed_data(projects)] == [
            (p["id"], p["name"], p["orgId"]) for p in projects["structuredContent"]["projects"]
        ]
        in_org = succeeded(mcp.call_tool("atlas-list-projects", {"orgId": org_id}))
        assert in_org["structuredContent"]["orgId"] == org_id
        assert project_id in {p["id"] for p in in_org["structuredContent"]["projects"]}

        # (3) a new project in the bootstrap org
        created = succeeded(mcp.call_tool("atlas-create-project", {"projectName": name, "orgId": org_id}))
        assert created["structuredContent"] == {"projectName": name, "orgId": org_id}
        assert text_of(created) == f'Project "{name}" created successfully.'
        after = succeeded(mcp.call_tool("atlas-list-projects", {"orgId": org_id, "limit": 500}))
        new_ids = {p["id"] for p in after["structuredContent"]["projects"] if p["name"] == name}
        assert len(new_ids) == 1, after["structuredContent"]
    assert mcp.closed_by_itself, f"the MCP server had to be killed; stderr:\n{mcp.stderr()}"
    with open(server.log_file, "rb") as log:
        log.seek(log_start)
        mcp_log = log.read().decode("utf-8", "replace")

    # Every HTTP call the MCP server made, in order: nothing we do not serve, Bearer after one token.
    assert calls_in(mcp_log, org_id) == [
        ("POST", "/api/oauth/token", 200),
        ("GET", "/api/atlas/v2/orgs", 200),
        ("GET", "/api/atlas/v2/groups", 200),
        ("GET", "/api/atlas/v2/orgs/{orgId}/groups", 200),
        ("POST", "/api/atlas/v2/groups", 201),
        ("GET", "/api/atlas/v2/orgs/{orgId}/groups", 200),
        ("POST", "/api/oauth/revoke", 200),  # on closing, the token is revoked
    ], f"server log:\n{mcp_log}\nMCP server stderr:\n{mcp.stderr()}"

    # The project exists in our server, in the right org, with the id the tool listed.
    found = api.get(f"/api/atlas/v2/groups/byName/{name}")
    assert found.status_code == 200, found.text
    project = found.json()
    assert (project["name"], project["orgId"], {project["id"]}) == (name, org_id, new_ids)

    # It was created by the service account (so with its Bearer token): the event names its client id.
    events = api.get(f"/api/atlas/v2/groups/{project['id']}/events", params={"eventType": "GROUP_CREATED"})
    assert events.status_code == 200, events.text
    [event] = events.json()["results"]
    assert (event["eventTypeName"], event["orgId"], event["groupId"]) == ("GROUP_CREATED", org_id, project["id"])
    assert event["publicKey"] == client_id
    assert "username" not in event


# --- a project's database users and IP access list ------------------------------------------------------------------

DEFAULT_ACCESS_LIST_COMMENT = "Added by MongoDB MCP Server to enable tool access"  # the package's own words


def test_creates_and_lists_database_users_and_access_list_entries(
    mcp_package: McpPackage, server: HttpsServerProcess, tmp_path: Path
) -> None:
    api = server.digest()
    made = api.post("/api/atlas/v2/groups", json={"name": f"mcp access {uuid.uuid4().hex[:8]}", "orgId": server.org_id})
    assert made.status_code == 201, made.text
    project = made.json()["id"]
    base = f"/api/atlas/v2/groups/{project}"
    username = f"mcp-user-{uuid.uuid4().hex[:6]}"

    log_start = server.log_file.stat().st_size
    (tmp_path / "home").mkdir()
    mcp = McpStdioClient(
        [mcp_package.node, str(mcp_package.entry)],
        env=mcp_environment(server, tmp_path / "home"),
        stderr_path=tmp_path / "mcp-server.stderr",
        cwd=tmp_path,
        timeout=TOOL_TIMEOUT,
    )
    with mcp:
        mcp.initialize()
        tools = {tool["name"]: tool for tool in mcp.list_tools()}
        wanted = {
            "atlas-create-db-user",
            "atlas-list-db-users",
            "atlas-create-access-list",
            "atlas-inspect-access-list",
        }
        assert wanted <= set(tools), mcp.stderr()
        # our server answers GET /api/private/ipinfo, so the package offers the current-IP option
        assert "currentIpAddress" in tools["atlas-create-access-list"]["inputSchema"]["properties"]

        # (1) an address and a CIDR block, then the caller's own address
        listed = succeeded(
            mcp.call_tool(
                "atlas-create-access-list",
                {
                    "projectId": project,
                    "ipAddresses": ["192.0.2.50"],
                    "cidrBlocks": ["198.51.100.0/24"],
                    "comment": "mcp e2e",
                },
            )
        )
        assert text_of(listed) == f"IP/CIDR ranges added to access list for project {project}."
        succeeded(mcp.call_tool("atlas-create-access-list", {"projectId": project, "currentIpAddress": True}))
        inspected = succeeded(mcp.call_tool("atlas-inspect-access-list", {"projectId": project}))
        entries = {(e.get("cidrBlock"), e.get("ipAddress"), e.get("comment")) for e in printed_data(inspected)}
        assert entries == {
            ("192.0.2.50/32", "192.0.2.50", "mcp e2e"),
            ("198.51.100.0/24", None, "mcp e2e"),
            (f"{HOST}/32", HOST, DEFAULT_ACCESS_LIST_COMMENT),
        }
        assert inspected["structuredContent"]["totalCount"] == 3

        # (2) a database user with a password the package generates
        created = succeeded(
            mcp.call_tool(
                "atlas-create-db-user",
                {
                    "projectId": project,
                    "username": username,
                    "roles": [{"roleName": "readWrite", "databaseName": "sales"}],
                },
            )
        )
        password = created["structuredContent"]["password"]
        assert created["structuredContent"] == {"username": username, "password": password}
        assert len(password) >= 12
        assert text_of(created).startswith(f'User "{username}" created successfully with password: `{password}`.')
        assert "Your current IP address has been added to the Atlas project's IP access list" in text_of(created)
        users = succeeded(mcp.call_tool("atlas-list-db-users", {"projectId": project}))
        assert users["structuredContent"]["users"] == [
            {"username": username, "roles": [{"roleName": "readWrite", "databaseName": "sales"}], "scopes": []}
        ]
        assert printed_data(users) == users["structuredContent"]["users"]
    assert mcp.closed_by_itself, f"the MCP server had to be killed; stderr:\n{mcp.stderr()}"
    with open(server.log_file, "rb") as log:
        log.seek(log_start)
        mcp_log = log.read().decode("utf-8", "replace")
    calls = [
        (method, path.replace(project, "{groupId}"), status)
        for method, path, status in calls_in(mcp_log, server.org_id)
    ]
    # creating the user first puts the caller's address on the access list again: adding an entry that is there
    # already is no error (201), so the tool reports it as added
    assert calls == [
        ("POST", "/api/oauth/token", 200),
        ("POST", "/api/atlas/v2/groups/{groupId}/accessList", 201),
        ("GET", "/api/private/ipinfo", 200),
        ("POST", "/api/atlas/v2/groups/{groupId}/accessList", 201),
        ("GET", "/api/atlas/v2/groups/{groupId}/accessList", 200),
        ("GET", "/api/private/ipinfo", 200),
        ("POST", "/api/atlas/v2/groups/{groupId}/accessList", 201),
        ("POST", "/api/atlas/v2/groups/{groupId}/databaseUsers", 201),
        ("GET", "/api/atlas/v2/groups/{groupId}/databaseUsers", 200),
        ("POST", "/api/oauth/revoke", 200),
    ], f"server log:\n{mcp_log}\nMCP server stderr:\n{mcp.stderr()}"

    # What our server holds afterwards: the user as the tool made it, never its password, and the three entries.
    user = api.get(f"{base}/databaseUsers/admin/{username}")
    assert user.status_code == 200, user.text
    shown = user.json()
    assert (shown["username"], shown["databaseName"], shown["groupId"]) == (username, "admin", project)
    assert shown["roles"] == [{"databaseName": "sales", "roleName": "readWrite"}]
    assert {shown[kind] for kind in ("awsIAMType", "ldapAuthType", "oidcAuthType", "x509Type")} == {"NONE"}
    assert "deleteAfterDate" not in shown  # atlas-create-db-user makes a permanent user (only connect-cluster's expire)
    assert password not in user.text and "password" not in shown
    access = api.get(f"{base}/accessList").json()
    assert sorted(e["cidrBlock"] for e in access["results"]) == sorted(
        ["192.0.2.50/32", "198.51.100.0/24", f"{HOST}/32"]
    )
    # Each write was done by the service account: its client id is on the events.
    events = api.get(f"{base}/events", params={"itemsPerPage": 500}).json()["results"]
    writes = [event for event in events if event["eventTypeName"] != "GROUP_CREATED"]  # made with the API key
    assert writes and {event.get("publicKey") for event in writes} == {server.bootstrap["clientId"]}
