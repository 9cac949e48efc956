"""Long lists without holding them (docs/memory.md): the bare invitation arrays are written as they are read, byte
for byte as the whole list was rendered before, and the users API reads only the page it shows."""

from __future__ import annotations

import asyncio
import gc
import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access.core.ids import new_id
from atlas_access.core.invitations import LIFETIME_SECONDS, GroupRoleAssignment, Invitation, Kind, State
from atlas_access.server.runtime import OpenedServer, ServerConfig, open_server
from atlas_access.server.wire import respond
from atlas_access.store import invitations as store
from atlas_access.store import streamed_reads
from atlas_access.store.database import Database
from support.server import LocalServer
from support.users import fixture_org

V2 = "/api/atlas/v2"
CM = "/api/public/v1.0"
V2_ACCEPT = "application/vnd.atlas.2023-01-01+json"
V2_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
USERS_ACCEPT = "application/vnd.atlas.2025-02-19+json"
LONG = 1_234  # more than two batches, the last one partial
SHAPES = ("", "pretty=true", "envelope=true", "envelope=true&pretty=true")


def add_org_invitations(
    db: Database, org_id: str, count: int, *, prefix: str = "user", expired: int = 0, username: str | None = None
) -> None:
    """``count`` pending invitations to the organization, oldest first, written as the store writes any; every
    third assigns a project role, every fifth username is not ASCII. The first ``expired`` are past their expiry."""
    now = int(time.time())

    def work(conn: Any) -> None:
        for number in range(count):
            created = now - (40 if number < expired else 1) * 86_400 + number
            assignments = (GroupRoleAssignment(new_id(), ("GROUP_READ_ONLY",)),) if number % 3 == 0 else ()
            name = username or f"{prefix}-{number:05d}{'-zoë' if number % 5 == 0 else ''}@example.com"
            invitation = Invitation(
                new_id(), Kind.ORG, org_id, "", None, None, name, ("ORG_MEMBER",), (), assignments,
                "inviter@example.com", State.PENDING, created, created + LIFETIME_SECONDS, new_id(),
            )  # fmt: skip
            assert store.insert(conn, invitation)

    db.run_sync(work)


def former_rendering(views: Any, query: str, media_type: str) -> bytes:
    """What the server answered for the whole list before lists were streamed: ``respond.success`` of the list."""
    pretty, envelope = "pretty=true" in query, "envelope=true" in query
    return bytes(respond.success(views, 200, media_type=media_type, headers={}, pretty=pretty, envelope=envelope).body)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    running = LocalServer(tmp_path_factory.mktemp("streamed") / "data", rate_limits=False).start()
    add_org_invitations(running.opened.state.db, running.bootstrap["orgId"], LONG)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def projects(server: LocalServer) -> dict[str, str]:
    """Two projects: ``empty`` without invitations, ``one`` with one."""
    client = server.digest(accept=V2_ACCEPT)
    made = {}
    for name in ("empty", "one"):
        response = client.post(f"{V2}/groups", json={"name": f"streamed-{name}", "orgId": server.bootstrap["orgId"]})
        assert response.status_code == 201, response.text
        made[name] = response.json()["id"]
    invitation = {"username": "solo@example.com", "roles": ["GROUP_READ_ONLY"]}
    invited = client.post(f"{V2}/groups/{made['one']}/invites", json=invitation)
    assert invited.status_code == 200, invited.text
    return made


@pytest.mark.parametrize("query", SHAPES)
@pytest.mark.parametrize("surface", ["v2", "cloud-manager"])
def test_a_long_list_is_written_as_it_is_read_with_the_same_bytes(
    server: LocalServer, surface: str, query: str
) -> None:
    org = server.bootstrap["orgId"]
    if surface == "v2":
        client, path, media_type = server.digest(accept=V2_ACCEPT), f"{V2}/orgs/{org}/invites", V2_TYPE
    else:
        client, path, media_type = server.digest(accept=None), f"{CM}/orgs/{org}/invites", respond.JSON
    whole = client.get(path)
    assert whole.status_code == 200
    views = whole.json()
    assert len(views) == LONG
    assert [view["username"] for view in views] == sorted(view["username"] for view in views)  # oldest first
    assert any(view.get("groupRoleAssignments") for view in views) == (surface == "v2")

    response = client.get(f"{path}?{query}" if query else path)

    assert response.status_code == 200
    assert response.content == former_rendering(views, query, media_type)
    assert response.headers["content-type"] == media_type
    assert response.headers["transfer-encoding"] == "chunked"  # (ours): the length is not known beforehand
    assert "content-length" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    if surface == "v2":
        assert response.headers["deprecation"] == "Wed, 19 Feb 2025 00:00:00 GMT"
        assert response.headers["sunset"] == "Thu, 1 Jul 2027 00:00:00 GMT"
    assert streamed_reads.open_reads() == 0  # the snapshot ended with the answer


@pytest.mark.parametrize("query", SHAPES)
@pytest.mark.parametrize("which", ["empty", "one"])
def test_short_lists_answer_as_before_with_their_length(
    server: LocalServer, projects: dict[str, str], which: str, query: str
) -> None:
    client = server.digest(accept=V2_ACCEPT)
    views = client.get(f"{V2}/groups/{projects[which]}/invites").json()
    assert [view["username"] for view in views] == ([] if which == "empty" else ["solo@example.com"])

    path = f"{V2}/groups/{projects[which]}/invites"
    response = client.get(f"{path}?{query}" if query else path)

    assert response.status_code == 200
    assert response.content == former_rendering(views, query, V2_TYPE)
    assert response.headers["content-length"] == str(len(response.content))
    assert "transfer-encoding" not in response.headers
    assert response.headers["content-type"] == V2_TYPE


def test_errors_before_the_list_still_answer_as_errors(server: LocalServer) -> None:
    unknown = "a" * 24
    response = server.digest(accept=V2_ACCEPT).get(f"{V2}/orgs/{unknown}/invites?pretty=true")
    assert response.status_code == 404
    assert response.headers["x-error-code"] == "ORG_NOT_FOUND"
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.content)["detail"] == f"No organization with ID {unknown} exists."


def test_a_username_filter_still_answers_its_invitations(server: LocalServer) -> None:
    client = server.digest(accept=V2_ACCEPT)
    response = client.get(
        f"{V2}/orgs/{server.bootstrap['orgId']}/invites", params={"username": "user-00007@example.com"}
    )
    assert response.status_code == 200
    assert [view["username"] for view in response.json()] == ["user-00007@example.com"]
    assert response.headers["content-length"] == str(len(response.content))


# In process: the application called directly, the answer's pace set by the test.


@pytest.fixture
def in_process(tmp_path: Path) -> Iterator[OpenedServer]:
    opened = open_server(ServerConfig(data_dir=tmp_path / "data", rate_limits=False, local_api=False))
    yield opened
    opened.state.db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def on_each_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenedServer]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    config = ServerConfig(data_dir=tmp_path / "data", database_url=url, rate_limits=False, local_api=False)
    opened = open_server(config)
    yield opened
    opened.state.db.dispose()


def _token(opened: OpenedServer) -> str:
    bootstrap = json.loads((opened.state.data_dir / "bootstrap.json").read_text())

    async def fetch() -> str:
        transport = httpx.ASGITransport(app=opened.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            response = await client.post(
                "/api/oauth/token",
                auth=(bootstrap["clientId"], bootstrap["clientSecret"]),
                data={"grant_type": "client_credentials"},
            )
            return str(response.json()["access_token"])

    return asyncio.run(fetch())


def _scope(method: str, path: str, token: str, accept: str = V2_ACCEPT, query: str = "") -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"authorization", f"Bearer {token}".encode()), (b"accept", accept.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


async def _never_disconnects() -> dict[str, Any]:
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


def test_a_streamed_list_shows_the_state_of_its_start(on_each_engine: OpenedServer) -> None:
    """Cancelled while the list is written, an invitation the list has not reached yet is still in it (a snapshot,
    as when the list was read whole); the next list no longer shows it. Its bytes are the whole list's."""
    in_process = on_each_engine
    org = json.loads((in_process.state.data_dir / "bootstrap.json").read_text())["orgId"]
    add_org_invitations(in_process.state.db, org, LONG)
    token = _token(in_process)
    path = f"{V2}/orgs/{org}/invites"

    async def scenario() -> tuple[list[bytes], int, list[Any]]:
        first_sent, go_on = asyncio.Event(), asyncio.Event()
        chunks: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message["body"])
                if len(chunks) == 1:
                    first_sent.set()
                    await go_on.wait()

        listing = asyncio.create_task(in_process.app(_scope("GET", path, token), _never_disconnects, send))
        await first_sent.wait()
        transport = httpx.ASGITransport(app=in_process.app)
        headers = {"Authorization": f"Bearer {token}", "Accept": V2_ACCEPT}
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", headers=headers) as client:
            first_item = json.loads(chunks[0] + b"]")[0]  # the first chunk opens the array with its first items
            everything = (await client.get(path, params={"username": "user-01201@example.com"})).json()
            cancelled = await client.delete(f"{path}/{everything[0]['id']}")
            go_on.set()
            await listing
            after = (await client.get(path)).json()
        assert first_item["username"] == "user-00000-zoë@example.com"
        return chunks, cancelled.status_code, after

    chunks, cancelled, after = asyncio.run(scenario())

    assert cancelled == 204
    during = json.loads(b"".join(chunks))
    assert b"".join(chunks) == former_rendering(during, "", V2_TYPE)
    assert len(during) == LONG
    assert "user-01201@example.com" in {view["username"] for view in during}
    assert len(after) == LONG - 1
    assert "user-01201@example.com" not in {view["username"] for view in after}
    assert streamed_reads.open_reads() == 0


def _peak_while_answering(opened: OpenedServer, path: str, token: str, accept: str, query: str = "") -> tuple[int, int]:
    """Peak bytes allocated (tracemalloc) while the application answers, and the answer's size (its bytes are
    counted and dropped as they are sent, as a socket would take them)."""
    sent = 0

    async def send(message: dict[str, Any]) -> None:
        nonlocal sent
        if message["type"] == "http.response.start":
            assert message["status"] == 200
        if message["type"] == "http.response.body":
            sent += len(message["body"])

    async def answer() -> None:
        await opened.app(_scope("GET", path, token, accept, query), _never_disconnects, send)

    asyncio.run(answer())  # once untraced: imports, statements compiled, the pool's connections
    sent = 0
    gc.collect()
    tracemalloc.start()
    try:
        asyncio.run(answer())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sent


def test_a_long_list_is_never_held_whole(in_process: OpenedServer) -> None:
    """10,000 invitations, 3.3 MB of JSON: while answering, the server never holds as much as the answer (read
    whole, the list took about 22 MB here; streamed, about 1.5 MB, whatever the list's length)."""
    org = json.loads((in_process.state.data_dir / "bootstrap.json").read_text())["orgId"]
    add_org_invitations(in_process.state.db, org, 10_000)
    token = _token(in_process)

    peak, size = _peak_while_answering(in_process, f"{V2}/orgs/{org}/invites", token, V2_ACCEPT)

    assert size > 3_000_000
    assert peak < size, f"peak {peak:,} bytes for an answer of {size:,}"


def test_a_page_of_users_reads_only_the_page(in_process: OpenedServer) -> None:
    """A page of 500 among 10,000 pending users: about 1.8 MB at the peak (reading all of them for the page took
    about 14 MB here)."""
    org = json.loads((in_process.state.data_dir / "bootstrap.json").read_text())["orgId"]
    add_org_invitations(in_process.state.db, org, 10_000)
    token = _token(in_process)
    query = "itemsPerPage=500&pageNum=3&includeCount=true"

    peak, size = _peak_while_answering(in_process, f"{V2}/orgs/{org}/users", token, USERS_ACCEPT, query)

    assert size > 100_000
    assert peak < 5_000_000, f"peak {peak:,} bytes for an answer of {size:,}"


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_pages_of_users_merge_members_and_pending_users_in_order(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str
) -> None:
    """Across pages: active members and pending users by username then id, each once; an invitation of a member
    is not a second user; expired invitations show under their own status; the counts and links follow."""
    url = request.getfixturevalue("postgres_url") if engine == "postgresql" else None
    server = LocalServer(tmp_path / "data", database_url=url, rate_limits=False).start()
    try:
        member_names = ("aaa-member@example.com", "user-00500-member@example.com", "zzz-member@example.com")
        org = fixture_org(server, users=tuple({"username": name, "orgRoles": ["ORG_MEMBER"]} for name in member_names))
        add_org_invitations(server.opened.state.db, org.id, 1_100, expired=40)
        add_org_invitations(server.opened.state.db, org.id, 1, username="zzz-member@example.com")
        everyone = []
        for number in (1, 2, 3):
            page = org.client.get(f"{V2}/orgs/{org.id}/users", params={"itemsPerPage": 500, "pageNum": number})
            assert page.status_code == 200, page.text
            body = page.json()
            everyone += body["results"]
            rels = {"self", *(["next"] if number < 3 else []), *(["previous"] if number > 1 else [])}
            assert {link["rel"] for link in body["links"]} == rels
        assert body["totalCount"] == len(everyone) == 3 + 1_100 - 40  # by default: active and pending
        keys = [(user["username"], user["id"]) for user in everyone]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        active = [user["username"] for user in everyone if user["orgMembershipStatus"] == "ACTIVE"]
        assert active == list(member_names)
        assert everyone[0]["username"] == "aaa-member@example.com"
        # after aaa-member and the pending user-00040 to user-00499, before user-00500-zoë
        assert everyone[461]["username"] == "user-00500-member@example.com"
        assert everyone[462]["username"] == "user-00500-zoë@example.com"

        expired = org.client.get(
            f"{V2}/orgs/{org.id}/users",
            params={"orgMembershipStatuses": "INVITATION_EXPIRED", "itemsPerPage": 7, "pageNum": 2},
        ).json()
        assert expired["totalCount"] == 40
        names = [f"user-{n:05d}{'-zoë' if n % 5 == 0 else ''}@example.com" for n in range(7, 14)]
        assert [(user["username"], user["orgMembershipStatus"]) for user in expired["results"]] == [
            (name, "INVITATION_EXPIRED") for name in names
        ]

        one = org.client.get(f"{V2}/orgs/{org.id}/users", params={"username": "zzz-member@example.com"}).json()
        assert [(user["username"], user["orgMembershipStatus"]) for user in one["results"]] == [
            ("zzz-member@example.com", "ACTIVE")
        ]
        assert one["totalCount"] == 1
    finally:
        server.stop()
