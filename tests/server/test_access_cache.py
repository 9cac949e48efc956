"""What a request's authentication and authorisation looked up is kept per process (server/access_cache.py), yet
every change to it is seen by the very next request, whoever made the change: this server, another process
writing the same database (another worker, the ``atlas-access`` commands), the local control API.

Each test first makes the server keep the lookup (a request that succeeds), then changes what it depends on,
then checks the next request sees the change. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from atlas_access.store import credentials, members, organizations, settings
from atlas_access.store.database import Database, sqlite_url
from support.answers import expect_error
from support.server import LocalServer


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def running(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[LocalServer, Database]]:
    """A server and another "process" on its database (its own engine and connections)."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    server = LocalServer(tmp_path / "data", database_url=url, rate_limits=False).start()
    other = Database(url or sqlite_url(tmp_path / "data"))
    yield server, other
    other.dispose()
    server.stop()


def _account_id(server: LocalServer, other: Database) -> str:
    found = other.run_sync(lambda conn: credentials.service_account_by_client_id(conn, server.bootstrap["clientId"]))
    assert found is not None
    return found.id


def _invite(client: httpx.Client, server: LocalServer, username: str) -> httpx.Response:
    body = {"username": username, "roles": ["ORG_MEMBER"]}
    return client.post(f"/api/atlas/v2/orgs/{server.org_id}/invites", json=body)


def test_a_role_another_process_takes_away_is_gone_at_the_next_request(
    running: tuple[LocalServer, Database],
) -> None:
    server, other = running
    account = _account_id(server, other)
    caller = server.bearer()
    assert _invite(caller, server, "first@example.com").status_code == 200  # the owner's lookups are kept
    other.run_sync(lambda conn: members.set_org_roles(conn, server.org_id, account, ["ORG_READ_ONLY"]))
    expect_error(_invite(caller, server, "second@example.com"), 401, "USER_UNAUTHORIZED")
    assert caller.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200  # read-only still reads the org
    other.run_sync(lambda conn: members.set_org_roles(conn, server.org_id, account, ["ORG_OWNER"]))
    assert _invite(caller, server, "second@example.com").status_code == 200


def test_a_digest_key_losing_its_roles_elsewhere_is_refused_at_once(running: tuple[LocalServer, Database]) -> None:
    server, other = running
    caller = server.digest()
    assert caller.get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code == 200
    key_id = str(server.bootstrap["apiKeyId"])
    other.run_sync(lambda conn: members.set_org_roles(conn, server.org_id, key_id, []))
    expect_error(caller.get(f"/api/atlas/v2/orgs/{server.org_id}/invites"), 401, "USER_UNAUTHORIZED")


def test_a_token_revoked_after_its_use_is_refused_at_the_next_request(running: tuple[LocalServer, Database]) -> None:
    server, _other = running
    token = server.token()
    caller = server.bearer(token=token)
    assert caller.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    revoked = server.revoke(token)
    assert revoked.status_code == 200, revoked.text
    assert caller.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 401


def test_the_clock_moved_after_a_token_was_used_ends_it_at_once(running: tuple[LocalServer, Database]) -> None:
    server, other = running
    caller = server.bearer()
    assert caller.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    server.advance("2h")  # past the token's hour, by the local control API
    assert caller.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 401
    fresh = server.bearer()
    assert fresh.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    other.run_sync(lambda conn: settings.put(conn, settings.CLOCK_OFFSET, str(3 * 3600 + 7200)))  # by another process
    assert fresh.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 401


def test_an_organization_renamed_elsewhere_is_seen_at_once(running: tuple[LocalServer, Database]) -> None:
    server, other = running
    caller = server.bearer()
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    assert caller.get(path).status_code == 200
    assert other.run_sync(lambda conn: organizations.change(conn, server.org_id, "Renamed Org", False))
    invited = _invite(caller, server, "third@example.com")
    assert invited.status_code == 200, invited.text
    assert invited.json()["orgName"] == "Renamed Org"  # the organization the pipeline looked up, not a kept one


def test_a_conclusion_is_kept_with_its_generations_answers_and_dropped_with_them() -> None:
    """``KeptOnly.concluded`` (the guarded statements' checks): worked out once per generation; nothing concluded is
    worked out again each time; no more than ``LIMIT`` are kept."""
    from atlas_access.server import access_cache

    worked: list[str] = []

    def conclude(key: str) -> str:
        worked.append(key)
        return f"concluded {key}"

    generation = access_cache._Kept(7)
    assert access_cache.KeptOnly(generation).concluded("a", lambda: conclude("a")) == "concluded a"
    assert access_cache.KeptOnly(generation).concluded("a", lambda: conclude("a")) == "concluded a"
    assert worked == ["a"]
    next_generation = access_cache._Kept(8)  # what a unit of work keeps once the generation has moved
    assert access_cache.KeptOnly(next_generation).concluded("a", lambda: conclude("a")) == "concluded a"
    assert worked == ["a", "a"]
    nothing: list[None] = []
    for _ in range(2):
        assert access_cache.KeptOnly(generation).concluded("b", lambda: nothing.append(None)) is None
    assert len(nothing) == 2
    for number in range(access_cache.LIMIT + 1):
        access_cache.KeptOnly(generation).concluded(number, lambda: "x")
    assert len(generation.concluded) <= access_cache.LIMIT
