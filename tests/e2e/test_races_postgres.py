"""Races between two server processes sharing one PostgreSQL database (WIRE.md section 6, "Races").

Process A starts first and bootstraps the database; process B starts on the same database afterwards
(both run the migrations on start). Each round fires two requests at the same moment, one at each
process, from two threads released by a barrier:

- accept (local control API) against cancel (Atlas DELETE): exactly one wins, the other gets the
  error of the new state, and the database agrees with the winner;
- two invitations of one fresh username: one 200, one 409 ``USER_ALREADY_EXISTS``, one row.

Rounds: ``ATLAS_RACE_ROUNDS`` (200 by default) per organization race; a quarter of that for projects.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from support.postgres import HOST, PostgresCluster
from support.process import ServerProcess

pytestmark = pytest.mark.postgres

ROUNDS = max(1, int(os.environ.get("ATLAS_RACE_ROUNDS", "200")))
PROJECT_ROUNDS = max(1, ROUNDS // 4)
BARRIER_TIMEOUT = 10.0
CALL_TIMEOUT = 60.0

Call = Callable[[], httpx.Response]


# --- two processes, one database ------------------------------------------------------------------


@dataclass
class Side:
    """One server process and the clients the test uses with it (one client per thread of use)."""

    server: ServerProcess
    api: httpx.Client  # Bearer, for setting up and checking, from the test's own thread
    racer: httpx.Client  # Bearer, used by one racing thread at a time
    admin: httpx.Client  # local control API, used by one racing thread at a time


@dataclass
class Pair:
    a: Side
    b: Side
    cluster: PostgresCluster
    dbname: str
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def org_id(self) -> str:
        return self.a.server.org_id

    @property
    def project_id(self) -> str:
        return self.a.server.project_id

    def sides(self, round_number: int) -> tuple[Side, Side]:
        """(A, B) on even rounds, (B, A) on odd ones: each process plays each part."""
        return (self.a, self.b) if round_number % 2 == 0 else (self.b, self.a)

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.cluster.admin_connection(self.dbname) as conn:
            return conn.execute(query, params).fetchall()


def _side(server: ServerProcess, token: str) -> Side:
    return Side(server, server.bearer(token=token), server.bearer(token=token), server.admin())


@pytest.fixture(scope="module")
def pair(postgres_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    dbname = f"races_{uuid.uuid4().hex[:12]}"
    url = postgres_cluster.create_database(dbname)
    root = tmp_path_factory.mktemp("races")
    try:
        with (
            ServerProcess(root / "a", database_url=url, rate_limits="off") as first,
            ServerProcess(root / "b", database_url=url, rate_limits="off", bootstrap=first.bootstrap) as second,
        ):
            # A token is fetched once per process; each process verifies the other's tokens.
            pair = Pair(_side(first, first.token()), _side(second, second.token()), postgres_cluster, dbname)
            pair.timings = {"start A": first.timings["start"], "start B": second.timings["start"]}
            yield pair
    finally:
        postgres_cluster.drop_database(dbname)


class Race:
    """Two calls released at the same moment by a barrier, each in its own long-lived thread."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="race")
        self._barrier = threading.Barrier(2, timeout=BARRIER_TIMEOUT)

    def __call__(self, first: Call, second: Call) -> tuple[httpx.Response, httpx.Response]:
        futures = [self._pool.submit(self._at_once, call) for call in (first, second)]
        return futures[0].result(CALL_TIMEOUT), futures[1].result(CALL_TIMEOUT)

    def _at_once(self, call: Call) -> httpx.Response:
        self._barrier.wait()
        return call()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
def race() -> Iterator[Race]:
    racing = Race()
    yield racing
    racing.close()


# --- helpers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    rounds: int
    invited: str  # event types
    joined: str
    deleted: str
    member_table: str
    member_scope_column: str
    body_roles: tuple[str, ...]

    def invites_path(self, pair: Pair) -> str:
        if self.name == "org":
            return f"/api/atlas/v2/orgs/{pair.org_id}/invites"
        return f"/api/atlas/v2/groups/{pair.project_id}/invites"

    def scope_id(self, pair: Pair) -> str:
        return pair.org_id if self.name == "org" else pair.project_id

    def body(self, username: str) -> dict[str, Any]:
        return {"username": username, "roles": list(self.body_roles)}


ORG = Kind(
    "org", ROUNDS, "INVITED_TO_ORG", "JOINED_ORG", "ORG_INVITATION_DELETED", "org_members", "org_id", ("ORG_MEMBER",)
)
GROUP = Kind(
    "project",
    PROJECT_ROUNDS,
    "INVITED_TO_GROUP",
    "JOINED_GROUP",
    "GROUP_INVITATION_DELETED",
    "project_members",
    "group_id",
    ("GROUP_READ_ONLY",),
)
KINDS = [pytest.param(ORG, id="org"), pytest.param(GROUP, id="project")]


def _error_code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except json.JSONDecodeError:
        return None
    return body.get("errorCode") if isinstance(body, dict) else None


def _show(response: httpx.Response) -> str:
    return f"{response.request.method} {response.request.url.path} -> {response.status_code} {response.text[:300]}"


def _invite(side: Side, kind: Kind, pair: Pair, username: str) -> str:
    response = side.api.post(kind.invites_path(pair), json=kind.body(username))
    assert response.status_code == 200, _show(response)
    return str(response.json()["id"])


def _members(pair: Pair, kind: Kind, usernames: list[str]) -> set[str]:
    rows = pair.sql(
        f"SELECT u.username FROM {kind.member_table} m JOIN users u ON u.id = m.member_id "
        f"WHERE m.{kind.member_scope_column} = %s AND m.member_kind = 'USER' AND u.username = ANY(%s)",
        kind.scope_id(pair),
        usernames,
    )
    return {row[0] for row in rows}


def _events(pair: Pair, usernames: list[str]) -> dict[str, Counter[str]]:
    rows = pair.sql(
        "SELECT target_username, event_type, count(*) FROM events WHERE target_username = ANY(%s) GROUP BY 1, 2",
        usernames,
    )
    found: dict[str, Counter[str]] = {username: Counter() for username in usernames}
    for username, event_type, count in rows:
        found[username][event_type] = count
    return found


def _report(pair: Pair, what: str, rounds: int, began: float, outcome: Counter[str]) -> None:
    elapsed = time.monotonic() - began
    print(f"\n{what}: {rounds} rounds in {elapsed:.2f} s ({elapsed / rounds * 1000:.1f} ms/round); {dict(outcome)}")
    print(f"server starts: {', '.join(f'{name} {seconds:.2f} s' for name, seconds in pair.timings.items())}")


# --- the tests -------------------------------------------------------------------------------------


def test_second_process_finds_the_schema_migrated_and_shares_everything(pair: Pair) -> None:
    assert "Running upgrade" in pair.a.server.output()
    assert "Running upgrade" not in pair.b.server.output()
    assert pair.sql("SELECT count(*) FROM alembic_version") == [(1,)]
    assert pair.sql("SELECT count(*) FROM organizations") == [(1,)]
    # Only the first start writes bootstrap.json.
    assert (pair.a.server.data_dir / "bootstrap.json").exists()
    assert not (pair.b.server.data_dir / "bootstrap.json").exists()
    # Tokens of one process are accepted by the other (the clients were made with their own process's
    # token); and an invitation made through one is seen by the other.
    invitation = _invite(pair.a, ORG, pair, "shared@example.com")
    for side in (pair.a, pair.b):
        other_token = (pair.b if side is pair.a else pair.a).api.headers["Authorization"]
        response = side.api.get(f"{ORG.invites_path(pair)}/{invitation}", headers={"Authorization": other_token})
        assert response.status_code == 200, _show(response)
        assert response.json()["username"] == "shared@example.com"


@pytest.mark.parametrize("kind", KINDS)
def test_accept_against_cancel_exactly_one_wins(pair: Pair, race: Race, kind: Kind) -> None:
    run = uuid.uuid4().hex[:6]
    winners: dict[str, str] = {}  # username -> "accept" | "cancel"
    ids: dict[str, str] = {}
    anomalies: list[str] = []
    began = time.monotonic()
    for number in range(kind.rounds):
        acceptor, canceller = pair.sides(number)
        username = f"{kind.name}-race-{run}-{number}@example.com"
        invitation = _invite(canceller if number % 4 < 2 else acceptor, kind, pair, username)
        ids[username] = invitation
        accepted, deleted = race(
            partial(acceptor.admin.post, f"/api/local/v1/invitations/{invitation}:accept"),
            partial(canceller.racer.delete, f"{kind.invites_path(pair)}/{invitation}"),
        )
        if accepted.status_code == 200 and deleted.status_code == 400:
            ok = _error_code(deleted) == "INVALID_INVITATION_ID" and accepted.json()["state"] == "ACCEPTED"
            winners[username] = "accept"
        elif deleted.status_code == 204 and accepted.status_code == 409:
            ok = _error_code(accepted) == "INVITATION_NOT_PENDING" and accepted.json()["parameters"] == [
                invitation,
                "CANCELLED",
            ]
            winners[username] = "cancel"
        else:
            ok = False
        if not ok:
            anomalies.append(f"round {number}: {_show(accepted)} | {_show(deleted)}")
    outcome = Counter(winners.values())
    _report(pair, f"accept against cancel ({kind.name})", kind.rounds, began, outcome)
    assert anomalies == [], "\n".join(anomalies[:20])

    # The database agrees with the winner of every round...
    usernames = list(ids)
    states = dict(pair.sql("SELECT id, state FROM invitations WHERE id = ANY(%s)", list(ids.values())))
    members = _members(pair, kind, usernames)
    events = _events(pair, usernames)
    disagreements = []
    for username, winner in winners.items():
        expected_state = "ACCEPTED" if winner == "accept" else "CANCELLED"
        expected_events = Counter({kind.invited: 1, kind.joined if winner == "accept" else kind.deleted: 1})
        if states.get(ids[username]) != expected_state:
            disagreements.append(f"{username}: {winner} won, stored state {states.get(ids[username])}")
        if (username in members) != (winner == "accept"):
            disagreements.append(f"{username}: {winner} won, member: {username in members}")
        if events[username] != expected_events:
            disagreements.append(f"{username}: {winner} won, events {dict(events[username])}")
    assert disagreements == [], "\n".join(disagreements[:20])

    # ...and so does the API of both processes: the invitation is gone from every list, and a new
    # invitation of the same username conflicts exactly when the user became a member.
    listed = {item["id"] for item in pair.a.api.get(kind.invites_path(pair)).json()}
    assert listed.isdisjoint(ids.values())
    for number, (username, winner) in enumerate(winners.items()):
        side = pair.sides(number)[1]
        assert side.api.get(kind.invites_path(pair), params={"username": username}).json() == []
        again = side.api.post(kind.invites_path(pair), json=kind.body(username))
        if winner == "accept":
            assert (again.status_code, _error_code(again)) == (409, "USER_ALREADY_EXISTS"), _show(again)
            assert again.json()["parameters"] == [username]
        else:
            assert again.status_code == 200, _show(again)


@pytest.mark.parametrize("kind", KINDS)
def test_two_cancels_of_one_invitation_one_wins(pair: Pair, race: Race, kind: Kind) -> None:
    """Both processes cancel the same invitation at once (each by its guarded statement, server/wire/guarded.py, or
    its unit of work): one 204, one 400 INVALID_INVITATION_ID, and one event."""
    run = uuid.uuid4().hex[:6]
    anomalies: list[str] = []
    usernames: list[str] = []
    began = time.monotonic()
    for number in range(kind.rounds):
        first, second = pair.sides(number)
        username = f"{kind.name}-cancel-{run}-{number}@example.com"
        usernames.append(username)
        invitation = _invite(first, kind, pair, username)
        path = f"{kind.invites_path(pair)}/{invitation}"
        answers = race(partial(first.racer.delete, path), partial(second.racer.delete, path))
        statuses = sorted(answer.status_code for answer in answers)
        codes = [_error_code(answer) for answer in answers if answer.status_code == 400]
        if statuses != [204, 400] or codes != ["INVALID_INVITATION_ID"]:
            anomalies.append(f"round {number}: {' | '.join(_show(answer) for answer in answers)}")
    _report(pair, f"cancel against cancel ({kind.name})", kind.rounds, began, Counter({"one wins": kind.rounds}))
    assert anomalies == [], "\n".join(anomalies[:20])
    events = _events(pair, usernames)
    wrong = {
        name: dict(found) for name, found in events.items() if found != Counter({kind.invited: 1, kind.deleted: 1})
    }
    assert wrong == {}


@pytest.mark.parametrize("kind", KINDS)
def test_concurrent_invitations_of_one_username_one_wins(pair: Pair, race: Race, kind: Kind) -> None:
    run = uuid.uuid4().hex[:6]
    created: dict[str, str] = {}
    anomalies: list[str] = []
    outcome: Counter[str] = Counter()
    began = time.monotonic()
    for number in range(kind.rounds):
        first, second = pair.sides(number)
        username = f"{kind.name}-twice-{run}-{number}@example.com"
        responses = race(
            partial(first.racer.post, kind.invites_path(pair), json=kind.body(username)),
            partial(second.racer.post, kind.invites_path(pair), json=kind.body(username)),
        )
        statuses = sorted(response.status_code for response in responses)
        winner = next((response for response in responses if response.status_code == 200), None)
        loser = next((response for response in responses if response.status_code == 409), None)
        if statuses != [200, 409] or winner is None or loser is None or _error_code(loser) != "USER_ALREADY_EXISTS":
            anomalies.append(f"round {number}: {' | '.join(_show(response) for response in responses)}")
            continue
        outcome["first" if winner is responses[0] else "second"] += 1
        created[username] = str(winner.json()["id"])
        listed = second.api.get(kind.invites_path(pair), params={"username": username}).json()
        if [item["id"] for item in listed] != [created[username]]:
            anomalies.append(f"round {number}: listed {listed}, created {created[username]}")
    _report(pair, f"duplicate invitations ({kind.name})", kind.rounds, began, outcome)
    assert anomalies == [], "\n".join(anomalies[:20])

    # One row and one INVITED_TO_* event per username: the loser left nothing behind.
    usernames = list(created)
    rows = pair.sql(
        "SELECT username, id, state FROM invitations WHERE scope_id = %s AND username = ANY(%s)",
        kind.scope_id(pair),
        usernames,
    )
    assert sorted(rows) == sorted((username, created[username], "PENDING") for username in usernames)
    events = _events(pair, usernames)
    assert {username: dict(counts) for username, counts in events.items()} == {
        username: {kind.invited: 1} for username in usernames
    }


def _pending_user(side: Side, pair: Pair, username: str, roles: list[str]) -> tuple[str, str]:
    """A pending user made through the users API: (its id, its invitation's id)."""
    users = f"/api/atlas/v2/orgs/{pair.org_id}/users"
    response = side.api.post(users, json={"username": username, "roles": {"orgRoles": roles}})
    assert response.status_code == 201, _show(response)
    listed = side.api.get(ORG.invites_path(pair), params={"username": username}).json()
    return str(response.json()["id"]), str(listed[0]["id"])


def test_accept_against_removing_the_pending_user(pair: Pair, race: Race) -> None:
    """The invitee accepts while an owner removes the pending user (``DELETE /orgs/{orgId}/users/{userId}``).

    Either the removal cancels the invitation first (the accept then gets 409 for a CANCELLED invitation), or
    the accept comes first and the removal then ends the new membership (the user keeps the pending user's
    id). Both ways the user is not a member afterwards, and the events tell which way it went."""
    run = uuid.uuid4().hex[:6]
    rounds = max(1, ROUNDS // 2)
    winners: dict[str, str] = {}
    ids: dict[str, str] = {}
    anomalies: list[str] = []
    began = time.monotonic()
    for number in range(rounds):
        acceptor, remover = pair.sides(number)
        username = f"user-race-{run}-{number}@example.com"
        user_id, invitation = _pending_user(acceptor, pair, username, ["ORG_MEMBER"])
        ids[username] = invitation
        accepted, removed = race(
            partial(acceptor.admin.post, f"/api/local/v1/invitations/{invitation}:accept"),
            partial(remover.racer.delete, f"/api/atlas/v2/orgs/{pair.org_id}/users/{user_id}"),
        )
        if removed.status_code == 204 and accepted.status_code == 200:
            winners[username] = "accept"
        elif removed.status_code == 204 and accepted.status_code == 409:
            winners[username] = "remove"
            if accepted.json()["parameters"] != [invitation, "CANCELLED"]:
                anomalies.append(f"round {number}: {_show(accepted)}")
        else:
            anomalies.append(f"round {number}: {_show(accepted)} | {_show(removed)}")
    _report(pair, "accept against removing the pending user", rounds, began, Counter(winners.values()))
    assert anomalies == [], "\n".join(anomalies[:20])

    usernames = list(winners)
    states = dict(pair.sql("SELECT id, state FROM invitations WHERE id = ANY(%s)", list(ids.values())))
    assert _members(pair, ORG, usernames) == set(), "nobody may stay a member"
    events = _events(pair, usernames)
    disagreements = []
    for username, winner in winners.items():
        if winner == "accept":
            expected_state = "ACCEPTED"
            expected = Counter({"INVITED_TO_ORG": 1, "JOINED_ORG": 1, "REMOVED_FROM_ORG": 1})
        else:
            expected_state, expected = "CANCELLED", Counter({"INVITED_TO_ORG": 1, "ORG_INVITATION_DELETED": 1})
        if states.get(ids[username]) != expected_state or events[username] != expected:
            disagreements.append(f"{username}: {winner}, state {states.get(ids[username])}, {dict(events[username])}")
    assert disagreements == [], "\n".join(disagreements[:20])


def test_removing_two_owners_at_once_keeps_one(pair: Pair, race: Race) -> None:
    """Two processes each remove one of an organization's two user owners at the same moment: the organization
    row lock makes the second see that it would remove the last owner (403 ``CANNOT_DELETE_LAST_ADMIN``)."""
    run = uuid.uuid4().hex[:6]
    rounds = max(1, ROUNDS // 10)
    anomalies: list[str] = []
    began = time.monotonic()
    users = f"/api/atlas/v2/orgs/{pair.org_id}/users"
    left: str | None = None  # the owner the previous round kept
    for number in range(rounds):
        first, second = pair.sides(number)
        owners = []
        for which in ("x", "y"):
            username = f"owner-{which}-{run}-{number}@example.com"
            user_id, invitation = _pending_user(first, pair, username, ["ORG_OWNER"])
            assert first.admin.post(f"/api/local/v1/invitations/{invitation}:accept").status_code == 200
            owners.append(user_id)
        if left is not None:  # exactly two user owners before the race
            assert first.api.delete(f"{users}/{left}").status_code == 204
        responses = race(
            partial(first.racer.delete, f"{users}/{owners[0]}"), partial(second.racer.delete, f"{users}/{owners[1]}")
        )
        codes = sorted((r.status_code, _error_code(r)) for r in responses)
        if codes != [(204, None), (403, "CANNOT_DELETE_LAST_ADMIN")]:
            anomalies.append(f"round {number}: {' | '.join(_show(r) for r in responses)}")
            break
        left = next(o for o, r in zip(owners, responses, strict=True) if r.status_code == 403)
        remaining = [o for o in owners if first.api.get(f"{users}/{o}").status_code == 200]
        if remaining != [left]:
            anomalies.append(f"round {number}: user owners left {remaining}, expected [{left}]")
    _report(pair, "removing two owners at once", rounds, began, Counter())
    assert anomalies == [], "\n".join(anomalies[:20])


def test_two_processes_starting_at_once_on_a_fresh_database(
    postgres_cluster: PostgresCluster, postgres_url: str, tmp_path: Path
) -> None:
    """A deployment starts its replicas together: both migrate and bootstrap the same empty database.

    To make both reach the migration at the same moment every time, the test holds an uncommitted
    ``CREATE TABLE alembic_version`` until both processes are waiting behind it, then rolls it back.
    """
    dbname = postgres_url.rsplit("/", 1)[1]
    servers = [ServerProcess(tmp_path / name, database_url=postgres_url, bootstrap={}) for name in ("a", "b")]
    try:
        with psycopg.connect(host=HOST, port=postgres_cluster.port, user="postgres", dbname=dbname) as gate:
            gate.execute(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
            for server in servers:
                server.spawn()
            deadline = time.monotonic() + 30
            while _waiting_for_locks(postgres_cluster, dbname) < len(servers):
                assert time.monotonic() < deadline, "the servers never reached their migration"
                assert all(server.running for server in servers), [server.output() for server in servers]
                time.sleep(0.05)
            gate.rollback()
        problems = []
        for server in servers:
            try:
                server.wait_until_ready()
            except RuntimeError as problem:
                problems.append(str(problem))
        assert problems == [], "\n\n".join(problems)
        written = [server for server in servers if (server.data_dir / "bootstrap.json").exists()]
        assert len(written) == 1, "exactly one process bootstraps"
        bootstrap = json.loads((written[0].data_dir / "bootstrap.json").read_text())
        for server in servers:
            server.bootstrap = bootstrap
            response = server.bearer().get(f"/api/atlas/v2/orgs/{bootstrap['orgId']}/invites")
            assert response.status_code == 200, _show(response)
    finally:
        for server in servers:
            server.stop()


def _waiting_for_locks(cluster: PostgresCluster, dbname: str) -> int:
    with cluster.admin_connection() as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (dbname,)
        ).fetchone()
    return int(row[0]) if row else 0


def test_concurrent_projects_of_one_name_one_wins(pair: Pair, race: Race) -> None:
    """createGroup from both processes with one name: exactly one 201, one 409 GROUP_ALREADY_EXISTS, one row and
    one GROUP_CREATED event (the unique index decides, not a check in Python)."""
    run = uuid.uuid4().hex[:6]
    anomalies: list[str] = []
    outcome: Counter[str] = Counter()
    created: dict[str, str] = {}
    began = time.monotonic()
    for number in range(PROJECT_ROUNDS):
        first, second = pair.sides(number)
        body = {"name": f"race-{run}-{number}", "orgId": pair.org_id}
        responses = race(
            partial(first.racer.post, "/api/atlas/v2/groups", json=body),
            partial(second.racer.post, "/api/atlas/v2/groups", json=body),
        )
        winner = next((response for response in responses if response.status_code == 201), None)
        loser = next((response for response in responses if response.status_code == 409), None)
        if winner is None or loser is None or _error_code(loser) != "GROUP_ALREADY_EXISTS":
            anomalies.append(f"round {number}: {' | '.join(_show(response) for response in responses)}")
            continue
        outcome["first" if winner is responses[0] else "second"] += 1
        created[body["name"]] = str(winner.json()["id"])
    _report(pair, "duplicate project names", PROJECT_ROUNDS, began, outcome)
    assert anomalies == [], "\n".join(anomalies[:20])
    rows = pair.sql("SELECT name, id FROM projects WHERE org_id = %s AND name LIKE %s", pair.org_id, f"race-{run}-%")
    assert sorted(rows) == sorted(created.items())
    events = pair.sql(
        "SELECT group_id, count(*) FROM events WHERE event_type = 'GROUP_CREATED' AND group_id = ANY(%s) "
        "GROUP BY group_id",
        list(created.values()),
    )
    assert sorted(events) == sorted((group_id, 1) for group_id in created.values())


def test_writes_under_a_project_meet_its_deletion_cleanly(pair: Pair, race: Race) -> None:
    """An invitation to a project and the project's deletion at once, from two processes: never a 500. Either the
    invitation is made first and goes with the project (200, then 202), or the project is gone first (202, and
    404 GROUP_NOT_FOUND); no invitation is left pointing at a deleted project. Two deletes at once: one 202, one
    404 (no deadlock from shared locks)."""
    run = uuid.uuid4().hex[:6]
    anomalies: list[str] = []
    outcome: Counter[str] = Counter()
    began = time.monotonic()
    deleted: list[str] = []
    for number in range(PROJECT_ROUNDS):
        first, second = pair.sides(number)
        made = first.api.post("/api/atlas/v2/groups", json={"name": f"gone-{run}-{number}", "orgId": pair.org_id})
        assert made.status_code == 201, made.text
        group_id = str(made.json()["id"])
        deleted.append(group_id)
        invite = {"username": f"late-{run}-{number}@example.com", "roles": ["GROUP_READ_ONLY"]}
        if number % 2 == 0:
            calls = (
                partial(first.racer.post, f"/api/atlas/v2/groups/{group_id}/invites", json=invite),
                partial(second.racer.delete, f"/api/atlas/v2/groups/{group_id}"),
            )
        else:
            calls = (
                partial(first.racer.delete, f"/api/atlas/v2/groups/{group_id}"),
                partial(second.racer.delete, f"/api/atlas/v2/groups/{group_id}"),
            )
        responses = race(*calls)
        statuses = sorted(response.status_code for response in responses)
        codes = {_error_code(response) for response in responses if response.status_code == 404}
        if number % 2 == 0:
            fine = statuses in ([200, 202], [202, 404]) and codes <= {"GROUP_NOT_FOUND"}
            outcome["invitation first" if statuses == [200, 202] else "deletion first"] += 1
        else:
            fine = statuses == [202, 404] and codes == {"GROUP_NOT_FOUND"}
            outcome["two deletes"] += 1
        if not fine:
            anomalies.append(f"round {number}: {' | '.join(_show(response) for response in responses)}")
    _report(pair, "writes against a project's deletion", PROJECT_ROUNDS, began, outcome)
    assert anomalies == [], "\n".join(anomalies[:20])
    assert pair.sql("SELECT count(*) FROM projects WHERE id = ANY(%s)", deleted) == [(0,)]
    assert pair.sql("SELECT count(*) FROM invitations WHERE group_id = ANY(%s)", deleted) == [(0,)]


def test_a_project_created_while_its_organization_is_deleted(pair: Pair, race: Race) -> None:
    """createGroup in an organization and deleteOrg of it at once, from two processes: never a 500, never a
    project left in a deleted organization. Either the project comes first (201, then 409 ORG_NOT_EMPTY), or the
    deletion does (204, then the creator is gone with its organization: 401, or 404 ORG_NOT_FOUND when it was
    already past authentication)."""
    run = uuid.uuid4().hex[:6]
    anomalies: list[str] = []
    outcome: Counter[str] = Counter()
    began = time.monotonic()
    made_orgs: list[str] = []
    owner = {"name": "owner", "description": "races", "roles": ["ORG_OWNER"], "secretExpiresAfterHours": 24}
    for number in range(PROJECT_ROUNDS):
        first, second = pair.sides(number)
        made = first.api.post("/api/atlas/v2/orgs", json={"name": f"doomed-{run}-{number}", "serviceAccount": owner})
        assert made.status_code == 201, made.text
        org_id, account = made.json()["organization"]["id"], made.json()["serviceAccount"]
        made_orgs.append(org_id)
        token = first.server.token(account["clientId"], account["secrets"][0]["secret"])
        creator, deleter = first.server.bearer(token=token), second.server.bearer(token=token)
        responses = race(
            partial(creator.post, "/api/atlas/v2/groups", json={"name": f"late-{number}", "orgId": org_id}),
            partial(deleter.delete, f"/api/atlas/v2/orgs/{org_id}"),
        )
        created, deleted = responses
        pair_of = (created.status_code, deleted.status_code)
        if pair_of == (201, 409) and _error_code(deleted) == "ORG_NOT_EMPTY":
            outcome["project first"] += 1
        elif deleted.status_code == 204 and (
            created.status_code == 401 or (created.status_code == 404 and _error_code(created) == "ORG_NOT_FOUND")
        ):
            outcome["deletion first"] += 1
        else:
            anomalies.append(f"round {number}: {' | '.join(_show(response) for response in responses)}")
    _report(pair, "a project against its organization's deletion", PROJECT_ROUNDS, began, outcome)
    assert anomalies == [], "\n".join(anomalies[:20])
    assert pair.sql(
        "SELECT count(*) FROM projects p LEFT JOIN organizations o ON o.id = p.org_id WHERE o.id IS NULL"
    ) == [(0,)]
    left = pair.sql("SELECT count(*) FROM org_members WHERE org_id = ANY(%s)", made_orgs)
    gone = pair.sql("SELECT count(*) FROM organizations WHERE id = ANY(%s)", made_orgs)[0][0]
    assert left[0][0] <= gone  # a surviving organization keeps its one owner account; a deleted one keeps none
