"""A server killed with SIGKILL in the middle of a write load loses nothing it acknowledged.

Four threads create organization invitations for distinct usernames (bounded: ``LOAD_SECONDS`` or
``LOAD_LIMIT`` requests in all); the server is killed mid-load; the database is inspected as the kill
left it, then a new process on the same data serves every acknowledged invitation unchanged.
Invitations whose request failed or got no answer may exist or not, but never half: a row exists
exactly when its ``INVITED_TO_ORG`` event does (both are written in one transaction).

SQLite runs with the default ``synchronous=NORMAL``, which survives a killed process (not a power cut),
and must pass ``PRAGMA integrity_check`` after the kill. On PostgreSQL the server is killed, not the
database.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.postgres import PostgresCluster
from support.process import V2_ACCEPT, ServerProcess

THREADS = 4
LOAD_SECONDS = 3.0
LOAD_LIMIT = 2000
KILL_AT_SECONDS = 1.5
KILL_AT_ACKS = 800
INVITATION_KEYS = {
    "createdAt",
    "expiresAt",
    "groupRoleAssignments",
    "id",
    "inviterUsername",
    "orgId",
    "orgName",
    "roles",
    "teamIds",
    "username",
}

Query = Callable[[str], list[tuple[Any, ...]]]


@dataclass
class Load:
    """The bounded write load and what became of each request."""

    prefix: str
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)  # invitation id -> 200 body
    attempted: set[str] = field(default_factory=set)  # usernames sent
    unanswered: list[str] = field(default_factory=list)  # usernames whose request got no response
    unexpected: list[str] = field(default_factory=list)  # answers other than 200
    running: int = 0
    _sent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, server: ServerProcess) -> None:
        """Run the load, SIGKILL the server mid-way, wait for the threads to end."""
        headers = {"Accept": V2_ACCEPT, "Authorization": f"Bearer {server.token()}"}
        clients = [
            httpx.Client(base_url=server.base_url, headers=headers, timeout=30, trust_env=False) for _ in range(THREADS)
        ]
        path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
        deadline = time.monotonic() + LOAD_SECONDS
        threads = [
            threading.Thread(target=self._work, args=(number, client, path, deadline), name=f"load-{number}")
            for number, client in enumerate(clients)
        ]
        self.running = THREADS
        for thread in threads:
            thread.start()
        kill_at = time.monotonic() + KILL_AT_SECONDS
        while time.monotonic() < kill_at and len(self.acknowledged) < KILL_AT_ACKS and self.running:
            time.sleep(0.01)
        still_loading = self.running
        server.kill()
        for thread in threads:
            thread.join(timeout=LOAD_SECONDS + 30)
        for client in clients:
            client.close()
        assert not any(thread.is_alive() for thread in threads), "load threads did not stop"
        assert still_loading, "the load ended before the kill: raise LOAD_SECONDS or LOAD_LIMIT"

    def _work(self, number: int, client: httpx.Client, path: str, deadline: float) -> None:
        try:
            for sequence in range(LOAD_LIMIT):
                with self._lock:
                    if self._sent >= LOAD_LIMIT or time.monotonic() >= deadline:
                        return
                    self._sent += 1
                username = f"{self.prefix}-{number}-{sequence}@example.com"
                with self._lock:
                    self.attempted.add(username)
                try:
                    response = client.post(path, json={"username": username, "roles": ["ORG_MEMBER"]})
                except httpx.TransportError:
                    with self._lock:
                        self.unanswered.append(username)
                    return  # the server is gone
                with self._lock:
                    if response.status_code == 200:
                        body = response.json()
                        self.acknowledged[body["id"]] = body
                    else:
                        self.unexpected.append(f"{username}: {response.status_code} {response.text[:200]}")
        finally:
            with self._lock:
                self.running -= 1


def _check_database(load: Load, query: Query) -> dict[str, str]:
    """The database as the kill left it; returns the stored load invitations as id -> username."""
    like = f"'{load.prefix}-%'"
    rows = query(f"SELECT id, username, state, kind FROM invitations WHERE username LIKE {like}")
    stored = {row[0]: row[1] for row in rows}
    events = query(
        f"SELECT target_username, count(*) FROM events WHERE event_type = 'INVITED_TO_ORG' "
        f"AND target_username LIKE {like} GROUP BY target_username"
    )
    assert {row[2:] for row in rows} <= {("PENDING", "ORG")}
    missing = {id_: body["username"] for id_, body in load.acknowledged.items() if stored.get(id_) != body["username"]}
    assert missing == {}, f"{len(missing)} acknowledged invitations lost or changed by the kill"
    assert set(stored.values()) <= load.attempted
    assert len(set(stored.values())) == len(stored), "one row per username"
    # Never half there: a row exactly when its event, each once.
    assert dict(events) == dict.fromkeys(stored.values(), 1)
    return stored


def _check_restarted(load: Load, server: ServerProcess, stored: dict[str, str]) -> None:
    """A new process serves every acknowledged invitation exactly as it was acknowledged."""
    client = server.bearer()
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    listed = {item["id"]: item for item in client.get(path).json() if item["username"].startswith(load.prefix)}
    assert {id_: item["username"] for id_, item in listed.items()} == stored
    changed = [id_ for id_, body in load.acknowledged.items() if listed.get(id_) != body]
    assert changed == [], f"{len(changed)} acknowledged invitations differ after the restart, e.g. {changed[:3]}"
    incomplete = [item for item in listed.values() if set(item) != INVITATION_KEYS]
    assert incomplete == []
    for id_ in list(load.acknowledged)[:: max(1, len(load.acknowledged) // 20)]:  # a sample, one by one
        response = client.get(f"{path}/{id_}")
        assert response.status_code == 200, response.text
        assert response.json() == load.acknowledged[id_]
    # It still writes: nothing is left locked or half-migrated.
    response = client.post(path, json={"username": f"{load.prefix}-after@example.com", "roles": ["ORG_MEMBER"]})
    assert response.status_code == 200, response.text


def _summary(engine: str, load: Load, stored: dict[str, str], began: float, server: ServerProcess) -> None:
    unacknowledged_stored = len(set(stored) - set(load.acknowledged))
    print(
        f"\n{engine}: {len(load.attempted)} sent, {len(load.acknowledged)} acknowledged, "
        f"{len(load.unanswered)} unanswered, {unacknowledged_stored} stored without acknowledgement; "
        f"kill took {server.timings['kill']:.3f} s; whole test {time.monotonic() - began:.2f} s"
    )


def _assert_load_was_clean(load: Load) -> None:
    assert load.unexpected == [], "\n".join(load.unexpected[:20])
    assert len(load.acknowledged) > 0


@pytest.fixture
def prefix() -> str:
    return f"load-{uuid.uuid4().hex[:8]}"


def test_sqlite_keeps_every_acknowledged_write_through_a_kill(tmp_path: Path, prefix: str) -> None:
    began = time.monotonic()
    data_dir = tmp_path / "data"
    load = Load(prefix)
    with ServerProcess(data_dir, rate_limits="off") as server:
        load.run(server)
        assert server.returncode == -9
    _assert_load_was_clean(load)

    database = data_dir / "atlas-access.db"
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        stored = _check_database(load, lambda sql: conn.execute(sql).fetchall())

    with ServerProcess(data_dir, rate_limits="off") as restarted:
        _check_restarted(load, restarted, stored)
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    _summary("sqlite", load, stored, began, server)


@pytest.mark.postgres
def test_postgres_keeps_every_acknowledged_write_through_a_kill(
    tmp_path: Path, prefix: str, postgres_cluster: PostgresCluster, postgres_url: str
) -> None:
    began = time.monotonic()
    data_dir = tmp_path / "data"
    load = Load(prefix)
    with ServerProcess(data_dir, database_url=postgres_url, rate_limits="off") as server:
        load.run(server)
        assert server.returncode == -9
    _assert_load_was_clean(load)

    dbname = postgres_url.rsplit("/", 1)[1]
    with postgres_cluster.admin_connection(dbname) as conn:
        stored = _check_database(load, lambda sql: conn.execute(sql).fetchall())

    with ServerProcess(data_dir, database_url=postgres_url, rate_limits="off") as restarted:
        _check_restarted(load, restarted, stored)
    _summary("postgresql", load, stored, began, server)
