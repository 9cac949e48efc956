"""On SQLite, reading one invitation is first tried as one statement outside a transaction, guarded by the access
generation, and its answer is kept until something is committed (server/wire/guarded.py, store/kept_reads.py).
What a client sees must not depend on either.

Each scenario runs on two servers, one with the guarded read and one without it (its units of work only): the
answers (status, body, the headers the wire promises) must be the same. A spy on the guarded read shows which
requests it answered, so that a test cannot pass because it was never tried.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from atlas_access.core.clock import real_now
from atlas_access.core.invitations import Invitation, Kind, State
from atlas_access.server.auth import authenticate
from atlas_access.server.services import memberships
from atlas_access.server.wire import guarded as guarded_wire
from atlas_access.store import invitations, members
from atlas_access.store.database import Autocommit, Database
from support import invitation_twins as scenarios
from support.answers import comparable
from support.invitation_twins import Scenario, Twin, service_account_id
from support.server import LocalServer

Outcomes = list[bool]


@pytest.fixture
def outcomes(monkeypatch: pytest.MonkeyPatch) -> Outcomes:
    """What each guarded read came to (True: it found the answer), on whichever server tried it."""
    seen: Outcomes = []
    real = memberships.get_visible_guarded

    def spy(conn: Autocommit, generation: int, scope: Any, invitation_id: str, shaped: Any, shape: Any) -> Any:
        found = real(conn, generation, scope, invitation_id, shaped, shape)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(memberships, "get_visible_guarded", spy)
    return seen


@pytest.fixture
def twins(tmp_path: Path, outcomes: Outcomes) -> Iterator[tuple[Twin, Twin]]:
    """(guarded, plain): the same server twice on SQLite, the second without its guarded read."""
    guarded = LocalServer(tmp_path / "guarded", rate_limits=False)
    plain = LocalServer(tmp_path / "plain", rate_limits=False)
    plain.opened.state.db.autocommit_reader = lambda: None  # type: ignore[method-assign]  # units of work only
    guarded.start()
    plain.start()
    try:
        yield Twin(guarded, guarded.bearer()), Twin(plain, plain.bearer())
    finally:
        guarded.stop()
        plain.stop()


def _cloud_manager_project(served: Twin) -> tuple[str, None]:
    invitation = served.invite_group("cloud-manager-project@example.com")
    return f"/api/public/v1.0/groups/{served.server.project_id}/invites/{invitation}", None


def _pretty(served: Twin) -> tuple[str, None]:
    return f"{served.org_path}/{served.invite_org('pretty@example.com')}?pretty=true", None


def _bad_flag(served: Twin) -> tuple[str, None]:
    return f"{served.org_path}/{served.invite_org('flagged@example.com')}?envelope=maybe", None


SCENARIOS: dict[str, tuple[Scenario, bool | None]] = {
    # name: (scenario, whether the guarded read found the answer; None: it was not tried)
    "pending": (scenarios.pending, True),
    "pending past its expiry": (scenarios.expired, True),
    "declined": (scenarios.declined, True),
    "project invitation": (scenarios.project_invitation, True),
    "on the Cloud Manager API": (scenarios.cloud_manager, True),
    "project invitation on the Cloud Manager API": (_cloud_manager_project, True),
    "accepted": (scenarios.accepted, False),
    "cancelled": (scenarios.cancelled, False),
    "unknown invitation": (scenarios.unknown, False),
    "malformed invitation id": (scenarios.malformed, False),
    "project invitation on the organization's path": (scenarios.project_invitation_on_org_path, False),
    "organization invitation on the project's path": (scenarios.org_invitation_on_project_path, False),
    "with a query string": (_pretty, None),
    "with a flag that is not one": (_bad_flag, None),
    "unknown organization": (scenarios.unknown_org, None),
    "malformed organization id": (scenarios.malformed_org, None),
    "unknown project": (scenarios.unknown_project, None),
    "unknown version": (scenarios.unknown_version, None),
    "no credentials": (scenarios.no_credentials, None),
    "a token that is not one": (scenarios.bad_token, None),
    "Digest": (scenarios.digest, None),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_answer_is_the_unit_of_works_answer(twins: tuple[Twin, Twin], outcomes: Outcomes, name: str) -> None:
    scenario, found = SCENARIOS[name]
    for served in twins:  # the kept answers the guarded read uses exist once a request has been served
        assert served.caller.get(served.org_path).status_code == 200
    answers = []
    for served in twins:
        path, client = scenario(served)
        started = len(outcomes)
        answers.append(comparable((client or served.caller).get(path), served.server))
        tried = outcomes[started:]
        if served is twins[0]:
            assert tried == ([] if found is None else [found]), f"{name}: the guarded read came to {tried}"
        else:
            assert tried == [], "the plain twin has no guarded read"
    assert answers[0] == answers[1]


def test_a_change_committed_by_another_process_is_seen_at_once(twins: tuple[Twin, Twin], outcomes: Outcomes) -> None:
    """The invitations table is not one the access generation follows: only SQLite's data_version tells the kept
    answer is stale."""
    guarded, _plain = twins
    invitation = guarded.invite_org("elsewhere@example.com")
    path = f"{guarded.org_path}/{invitation}"
    assert guarded.caller.get(path).status_code == 200
    assert guarded.caller.get(path).status_code == 200  # kept
    other = Database(guarded.server.config.resolved_database_url())
    try:
        moved = other.run_sync(
            lambda conn: invitations.transition(
                conn, invitation, to=State.CANCELLED, now=0, from_states=(State.PENDING,), kind=Kind.ORG,
                scope_id=guarded.server.org_id,
            )
        )  # fmt: skip
        assert moved
    finally:
        other.dispose()
    gone = guarded.caller.get(path)
    assert gone.status_code == 404, gone.text
    assert gone.json()["errorCode"] == "RESOURCE_NOT_FOUND"
    assert outcomes == [True, True, False]


def test_a_change_made_through_the_api_is_seen_at_once(twins: tuple[Twin, Twin]) -> None:
    guarded, _plain = twins
    invitation = guarded.invite_org("changing@example.com")
    path = f"{guarded.org_path}/{invitation}"
    assert guarded.caller.get(path).json()["roles"] == ["ORG_MEMBER"]
    changed = guarded.caller.patch(path, json={"roles": ["ORG_BILLING_ADMIN"]})
    assert changed.status_code == 200, changed.text
    assert guarded.caller.get(path).json()["roles"] == ["ORG_BILLING_ADMIN"]
    assert guarded.caller.delete(path).status_code == 204
    assert guarded.caller.get(path).status_code == 404


def test_a_role_taken_away_elsewhere_is_seen(twins: tuple[Twin, Twin], outcomes: Outcomes) -> None:
    """The kept answers said ORG_OWNER; another process took the caller out of the organization since. The guard
    sees the generation moved: the unit of work answers, and refuses."""
    guarded, _plain = twins
    server = guarded.server
    invitation = guarded.invite_org("kept@example.com")
    path = f"{guarded.org_path}/{invitation}"
    assert guarded.caller.get(path).status_code == 200
    other = Database(server.config.resolved_database_url())
    try:
        account = service_account_id(other, server)
        other.run_sync(lambda conn: members.remove_from_org(conn, server.org_id, account))
    finally:
        other.dispose()
    refused = guarded.caller.get(path)
    assert refused.status_code in (401, 403), refused.text
    assert outcomes == [True, False]


def test_a_revoked_token_is_refused(twins: tuple[Twin, Twin]) -> None:
    guarded, _plain = twins
    server = guarded.server
    token = server.token()
    caller = server.bearer(token=token)
    path = f"{guarded.org_path}/{guarded.invite_org('revoked@example.com')}"
    assert caller.get(path).status_code == 200  # this token's answers are kept
    assert server.revoke(token).status_code == 200
    assert caller.get(path).status_code == 401


def test_a_token_that_ends_while_its_checks_are_kept_is_refused_as_the_unit_refuses_it(
    twins: tuple[Twin, Twin], outcomes: Outcomes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the checks concluded of a token is kept with the access generation's answers; its end by the clock is
    checked at each request. Two hours on (a token lives one), nothing in the database moved, the read refuses it
    as the unit does."""
    answers = []
    for served in twins:
        path = f"{served.org_path}/{served.invite_org('late@example.com')}"
        assert served.caller.get(path).status_code == 200
        assert served.caller.get(path).status_code == 200  # the checks' conclusion is kept now
        later = real_now() + 2 * 3600
        with monkeypatch.context() as patched:
            patched.setattr(guarded_wire, "real_now", lambda at=later: at)
            patched.setattr(authenticate, "real_now", lambda at=later: at)
            refused = served.caller.get(path)
        assert refused.status_code == 401, refused.text
        answers.append(comparable(refused, served.server))
    assert answers[0] == answers[1]
    assert outcomes == [True, True], "the guarded read answered until the token ended, and not after"


def test_a_fault_rule_leaves_it_to_the_unit(twins: tuple[Twin, Twin], outcomes: Outcomes) -> None:
    guarded, _plain = twins
    admin = guarded.server.admin()
    rule = admin.post(
        "/api/local/v1/faults", json={"operationId": "getOrg", "status": 503, "errorCode": "SERVICE_UNAVAILABLE"}
    )
    assert rule.status_code in (200, 201), rule.text
    path = f"{guarded.org_path}/{guarded.invite_org('faulty@example.com')}"
    assert guarded.caller.get(path).status_code == 200
    assert outcomes == []
    assert admin.delete("/api/local/v1/faults").status_code == 200
    assert guarded.caller.get(path).status_code == 200
    assert outcomes == [True]


def test_with_rate_limits_each_read_takes_one_token(tmp_path: Path, outcomes: Outcomes) -> None:
    """The buckets in memory are taken from once per request, whether the guarded read answers it or leaves it to
    the unit of work (an accepted invitation: the read finds nothing to answer)."""
    seen = []
    for name, guarded in (("guarded", True), ("plain", False)):
        server = LocalServer(tmp_path / name, rate_limits=True)
        if not guarded:
            server.opened.state.db.autocommit_reader = lambda: None  # type: ignore[method-assign]
        server.start()
        try:
            served = Twin(server, server.bearer())
            pending = served.invite_org("pending@example.com")
            accepted = served.invite_org("accepted@example.com")
            assert server.accept(accepted).status_code == 200
            assert served.caller.get(served.org_path).status_code == 200  # kept again
            answers = [served.caller.get(f"{served.org_path}/{one}") for one in (pending, accepted, pending)]
            assert [answer.status_code for answer in answers] == [200, 404, 200]
            remaining = [int(answer.headers["ratelimit-remaining"]) for answer in answers]
            seen.append(([comparable(answer, server) for answer in answers], remaining))
        finally:
            server.stop()
    assert outcomes == [True, False, True]
    assert seen[0] == seen[1]
    remaining = seen[0][1]
    assert remaining[0] - remaining[1] == remaining[1] - remaining[2] == 1


def test_a_read_sqlite_refuses_is_left_to_the_unit(
    twins: tuple[Twin, Twin], outcomes: Outcomes, monkeypatch: pytest.MonkeyPatch
) -> None:
    guarded, _plain = twins
    path = f"{guarded.org_path}/{guarded.invite_org('busy@example.com')}"

    def busy(*_args: Any) -> Invitation | None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(invitations, "_guarded", busy)
    answer = guarded.caller.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.json()["username"] == "busy@example.com"
    assert outcomes == [False]
