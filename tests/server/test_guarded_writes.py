"""On PostgreSQL, cancelling an invitation is first tried as one statement on the event loop, guarded by the access
generation (server/wire/guarded.py, store/guarded_writes.py). What a client sees must not depend on it.

Each scenario runs on two servers over PostgreSQL, one with the guarded statement and one without it (its units
of work only): the answers (status, errorCode, parameters, headers the wire promises), the invitation afterwards
and the events written must be the same. A spy on the guarded statement shows which requests it answered, so that
a test cannot pass because the statement was never tried.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from atlas_access.core.invitations import Kind, State
from atlas_access.store import members
from atlas_access.store.database import Database
from atlas_access.store.guarded_writes import Cancellation, GuardedWrites
from support import invitation_twins as scenarios
from support.answers import comparable, masked
from support.invitation_twins import OTHER_ORG, Scenario, Twin, service_account_id
from support.postgres import PostgresCluster
from support.server import LocalServer

pytestmark = pytest.mark.postgres


@dataclass
class Served(Twin):
    """A server, its Bearer client, and what its guarded statement answered (True: made the change)."""

    outcomes: list[bool] = field(default_factory=list)

    def state(self, invitation_id: str) -> str | None:
        """The stored state of an invitation (any state, unlike the API, which shows only visible ones)."""
        db = self.server.opened.state.db
        found = db.run_sync(lambda conn: _stored_state(conn, invitation_id))
        return found

    def events(self, scope_path: str, event_type: str) -> list[dict[str, Any]]:
        reader = self.server.digest()  # whatever the clock did to the caller's token
        feed = reader.get(f"{scope_path}/events", params={"eventType": event_type})
        assert feed.status_code == 200, feed.text
        return list(feed.json()["results"])


def _stored_state(conn: Any, invitation_id: str) -> str | None:
    from atlas_access.store import invitations

    found = invitations.get(conn, invitation_id)
    return None if found is None else found.state.value


def _spied(server: LocalServer, outcomes: list[bool]) -> None:
    writes = server.opened.state.db.guarded
    assert writes is not None, "PostgreSQL has guarded writes by default"
    real = writes.cancel

    async def cancel(generation: int, change: Cancellation) -> bool:
        done = await real(generation, change)
        outcomes.append(done)
        return done

    writes.cancel = cancel  # type: ignore[method-assign]


@pytest.fixture
def twins(tmp_path: Path, postgres_cluster: PostgresCluster, postgres_url: str) -> Iterator[tuple[Served, Served]]:
    """(guarded, plain): the same server twice over PostgreSQL, the second without its guarded statement."""
    yield from _twins(tmp_path, postgres_cluster, postgres_url, rate_limits=False)


@pytest.fixture
def limited_twins(
    tmp_path: Path, postgres_cluster: PostgresCluster, postgres_url: str
) -> Iterator[tuple[Served, Served]]:
    """``twins`` with MongoDB Cloud's rate limits, their buckets in PostgreSQL."""
    yield from _twins(tmp_path, postgres_cluster, postgres_url, rate_limits=True)


def _twins(
    tmp_path: Path, postgres_cluster: PostgresCluster, postgres_url: str, *, rate_limits: bool
) -> Iterator[tuple[Served, Served]]:
    plain_name = f"t_plain_{uuid.uuid4().hex[:8]}"
    plain_url = postgres_cluster.create_database(plain_name)
    guarded = LocalServer(tmp_path / "guarded", database_url=postgres_url, rate_limits=rate_limits)
    plain = LocalServer(tmp_path / "plain", database_url=plain_url, rate_limits=rate_limits)
    plain.opened.state.db.guarded = None  # units of work only
    outcomes: list[bool] = []
    _spied(guarded, outcomes)
    guarded.start()
    plain.start()
    try:
        yield Served(guarded, guarded.bearer(), outcomes), Served(plain, plain.bearer())
    finally:
        guarded.stop()
        plain.stop()
        postgres_cluster.drop_database(plain_name)


SCENARIOS: dict[str, tuple[Scenario, bool]] = {
    # name: (scenario, answered by the guarded statement)
    "pending": (scenarios.pending, True),
    "pending past its expiry": (scenarios.expired, True),
    "declined": (scenarios.declined, True),
    "project invitation": (scenarios.project_invitation, True),
    "on the Cloud Manager API": (scenarios.cloud_manager, True),
    "accepted": (scenarios.accepted, False),
    "cancelled already": (scenarios.cancelled, False),
    "unknown invitation": (scenarios.unknown, False),
    "malformed invitation id": (scenarios.malformed, False),
    "project invitation on the organization's path": (scenarios.project_invitation_on_org_path, False),
    "organization invitation on the project's path": (scenarios.org_invitation_on_project_path, False),
    "unknown organization": (scenarios.unknown_org, False),
    "malformed organization id": (scenarios.malformed_org, False),
    "unknown project": (scenarios.unknown_project, False),
    "unknown version": (scenarios.unknown_version, False),
    "no credentials": (scenarios.no_credentials, False),
    "a token that is not one": (scenarios.bad_token, False),
    "Digest": (scenarios.digest, False),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_answer_is_the_unit_of_works_answer(twins: tuple[Served, Served], name: str) -> None:
    guarded, _plain = twins
    scenario, by_statement = SCENARIOS[name]
    for served in twins:  # the kept answers the guarded statement uses exist once a request has been served
        assert served.caller.get(served.org_path).status_code == 200
    answers = []
    for served in twins:
        path, client = scenario(served)
        started = len(guarded.outcomes)
        answer = (client or served.caller).delete(path)
        answers.append(comparable(answer, served.server))
        if served is guarded:
            tried = guarded.outcomes[started:]
            assert (True in tried) == by_statement, f"{name}: the guarded statement answered {tried}"
    assert answers[0] == answers[1]
    for kind, scope in (("ORG", "orgs/{org}"), ("GROUP", "groups/{group}")):
        for_each = [
            served.events(
                "/api/atlas/v2/" + scope.format(org=served.server.org_id, group=served.server.project_id),
                f"{kind}_INVITATION_DELETED",
            )
            for served in twins
        ]
        masked = [
            [_masked_event(event, served.server) for event in events]
            for events, served in zip(for_each, twins, strict=True)
        ]
        assert masked[0] == masked[1], kind


def _masked_event(event: dict[str, Any], server: LocalServer) -> dict[str, Any]:
    return {"event": masked(str(event), server)}


def test_the_change_and_its_event_are_stored_as_by_the_unit(twins: tuple[Served, Served]) -> None:
    guarded, _plain = twins
    states = []
    for served in twins:
        assert served.caller.get(served.org_path).status_code == 200
        invitation = served.invite_org("stored@example.com")
        assert served.caller.delete(f"{served.org_path}/{invitation}").status_code == 204
        states.append(served.state(invitation))
        feed = served.events(f"/api/atlas/v2/orgs/{served.server.org_id}", "ORG_INVITATION_DELETED")
        assert [event["targetUsername"] for event in feed] == ["stored@example.com"]
        assert feed[0]["orgId"] == served.server.org_id
    assert guarded.outcomes == [True]
    assert states == ["CANCELLED", "CANCELLED"]
    # The invitation is gone from the API, and the username can be invited again at once.
    for served in twins:
        assert served.caller.get(served.org_path, params={"username": "stored@example.com"}).json() == []
        served.invite_org("stored@example.com")


def test_a_role_taken_away_elsewhere_stops_the_statement(twins: tuple[Served, Served]) -> None:
    """The kept answers said ORG_OWNER; another process made the caller read-only since. The guard sees the
    generation moved: nothing is written, and the unit of work refuses the request."""
    guarded, _plain = twins
    server = guarded.server
    invitation = guarded.invite_org("kept@example.com")  # the owner's answers are kept
    other = Database(server.config.resolved_database_url())
    try:
        account = service_account_id(other, server)
        other.run_sync(lambda conn: members.set_org_roles(conn, server.org_id, account, ["ORG_READ_ONLY"]))
    finally:
        other.dispose()
    refused = guarded.caller.delete(f"{guarded.org_path}/{invitation}")
    assert refused.status_code == 401, refused.text
    assert refused.json()["errorCode"] == "USER_UNAUTHORIZED"
    assert guarded.outcomes == [False]
    assert guarded.state(invitation) == "PENDING"
    assert guarded.events(f"/api/atlas/v2/orgs/{server.org_id}", "ORG_INVITATION_DELETED") == []


def test_a_revoked_token_is_refused_without_a_write(twins: tuple[Served, Served]) -> None:
    guarded, _plain = twins
    server = guarded.server
    token = server.token()
    caller = server.bearer(token=token)
    invitation = guarded.invite_org("revoked@example.com")
    assert caller.get(guarded.org_path).status_code == 200  # this token's answers are kept
    revoked = server.revoke(token)
    assert revoked.status_code == 200, revoked.text
    assert caller.delete(f"{guarded.org_path}/{invitation}").status_code == 401
    assert guarded.state(invitation) == "PENDING"


def test_a_fault_rule_leaves_it_to_the_unit(twins: tuple[Served, Served]) -> None:
    guarded, _plain = twins
    server = guarded.server
    rule = server.admin().post(
        "/api/local/v1/faults", json={"operationId": "getOrg", "status": 503, "errorCode": "SERVICE_UNAVAILABLE"}
    )
    assert rule.status_code in (200, 201), rule.text
    invitation = guarded.invite_org("faulty@example.com")
    assert guarded.caller.delete(f"{guarded.org_path}/{invitation}").status_code == 204
    assert guarded.outcomes == []  # a fault rule is active: the unit answered
    assert server.admin().delete("/api/local/v1/faults").status_code == 200
    invitation = guarded.invite_org("faultless@example.com")
    assert guarded.caller.delete(f"{guarded.org_path}/{invitation}").status_code == 204
    assert guarded.outcomes == [True]


def _remaining(answer: httpx.Response) -> int:
    return int(answer.headers["ratelimit-remaining"])


def test_with_rate_limits_each_request_takes_one_token(limited_twins: tuple[Served, Served]) -> None:
    """The bucket in PostgreSQL is taken from once per request, whether the statement answers it or leaves it to
    the unit of work after taking the token (an accepted invitation: the statement changes nothing)."""
    guarded, _plain = limited_twins
    seen = []
    for served in limited_twins:
        pending = served.invite_org("pending@example.com")
        accepted = served.invite_org("accepted@example.com")
        assert served.server.accept(accepted).status_code == 200  # a new member: the access generation moves
        assert served.caller.get(served.org_path).status_code == 200  # kept again
        first = served.caller.delete(f"{served.org_path}/{pending}")
        second = served.caller.delete(f"{served.org_path}/{accepted}")
        third = served.caller.get(served.org_path)
        assert (first.status_code, second.status_code, third.status_code) == (204, 400, 200)
        seen.append(
            (
                comparable(first, served.server),
                comparable(second, served.server),
                _remaining(first) - _remaining(second),
                _remaining(second) - _remaining(third),
            )
        )
        assert served.state(pending) == "CANCELLED"
    assert guarded.outcomes == [True, False]
    assert seen[0] == seen[1]
    assert seen[0][2:] == (1, 1)


def test_past_the_rate_limit_the_answer_is_the_units_429(limited_twins: tuple[Served, Served]) -> None:
    guarded, _plain = limited_twins
    answers = []
    for served in limited_twins:
        invitation = served.invite_org("limited@example.com")
        _empty_bucket(served, "api/atlas/v2/orgs", served.server.org_id)
        answer = served.caller.delete(f"{served.org_path}/{invitation}")
        assert answer.status_code == 429, answer.text
        assert 1 <= int(answer.headers["retry-after"]) <= 60
        answers.append((comparable(answer, served.server), answer.headers["ratelimit-remaining"]))
        assert served.state(invitation) == "PENDING"
        assert served.events(f"/api/atlas/v2/orgs/{served.server.org_id}", "ORG_INVITATION_DELETED") == []
    assert answers[0] == answers[1]
    assert guarded.outcomes == []  # refused before the statement


def _empty_bucket(served: Served, endpoint_set: str, scope_key: str) -> None:
    """No token left in the bucket until its interval ends, a minute from now."""
    import time

    from atlas_access.store.tables import rate_buckets

    db = served.server.opened.state.db

    def empty(conn: Any) -> None:
        conn.execute(
            rate_buckets.update()
            .where(rate_buckets.c.endpoint_set == endpoint_set, rate_buckets.c.scope_key == scope_key)
            .values(tokens=0, interval_start=time.time())
        )

    db.run_sync(empty)


def test_a_connection_the_server_closed_is_given_up(
    twins: tuple[Served, Served], postgres_cluster: PostgresCluster
) -> None:
    """PostgreSQL restarted, or an administrator ended the server's sessions: the next request is answered."""
    guarded, _plain = twins
    first = guarded.invite_org("before@example.com")
    assert guarded.caller.delete(f"{guarded.org_path}/{first}").status_code == 204
    database = guarded.server.config.resolved_database_url().rsplit("/", 1)[1]
    with postgres_cluster.admin_connection() as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )
    second = guarded.invite_org("after@example.com")
    assert guarded.caller.delete(f"{guarded.org_path}/{second}").status_code == 204
    assert guarded.state(second) == "CANCELLED"
    assert guarded.outcomes[0] is True and guarded.outcomes[-1] is True


def test_the_statement_writes_nothing_unless_its_guard_holds(postgres_url: str, tmp_path: Path) -> None:
    """The store's statement alone: a generation that is not the current one, or a scope that does not exist,
    and it changes nothing; else the invitation moves and its event is written, in one statement."""
    server = LocalServer(tmp_path / "data", database_url=postgres_url, rate_limits=False).start()
    try:
        served = Served(server, server.bearer())
        invitation = served.invite_org("guard@example.com")
        db = server.opened.state.db
        writes = db.guarded
        assert isinstance(writes, GuardedWrites)
        generation = db.run_sync(_generation)
        account = service_account_id(db, server)
        from atlas_access.core.events import Actor

        def change(scope_id: str, event_id: str) -> Cancellation:
            return Cancellation(
                invitation_id=invitation,
                kind=Kind.ORG,
                scope_id=scope_id,
                from_states=(State.EXPIRED, State.PENDING, State.REJECTED),
                to_state=State.CANCELLED,
                org_id=scope_id,
                event_type="ORG_INVITATION_DELETED",
                event_id=event_id,
                actor=Actor("SERVICE_ACCOUNT", account, "the caller", "127.0.0.1"),
                now=1_800_000_000,
            )

        import asyncio

        async def attempts() -> list[bool]:
            return [
                await writes.cancel(generation + 1, change(server.org_id, "5f0000000000000000000001")),
                await writes.cancel(generation, change(OTHER_ORG, "5f0000000000000000000002")),
                await writes.cancel(generation, change(server.org_id, "5f0000000000000000000003")),
                await writes.cancel(generation, change(server.org_id, "5f0000000000000000000004")),
            ]

        assert asyncio.run(attempts()) == [False, False, True, False]
        assert served.state(invitation) == "CANCELLED"
        from atlas_access.store import events

        assert db.run_sync(lambda conn: events.get(conn, "5f0000000000000000000001")) is None
        assert db.run_sync(lambda conn: events.get(conn, "5f0000000000000000000002")) is None
        assert db.run_sync(lambda conn: events.get(conn, "5f0000000000000000000004")) is None
        written = db.run_sync(lambda conn: events.get(conn, "5f0000000000000000000003"))
        assert written is not None
        assert (written.event_type, written.org_id, written.group_id, written.target_username) == (
            "ORG_INVITATION_DELETED",
            server.org_id,
            None,
            "guard@example.com",
        )
        assert (written.created_at, written.actor.kind, written.actor.id, written.actor.name) == (
            1_800_000_000,
            "SERVICE_ACCOUNT",
            account,
            "the caller",
        )
        assert written.actor.remote_address == "127.0.0.1"
    finally:
        server.stop()


def _generation(conn: Any) -> int:
    from atlas_access.store import access_generation

    found = access_generation.current(conn)
    assert found is not None
    return found
