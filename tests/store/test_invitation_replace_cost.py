"""A new invitation retires what it replaces (``invitations.replace_for_new``) without walking its scope: the work
SQLite does for it is the same with ten expired or rejected invitations in the organization as with thousands.
Before migration 0016 gave invitations an index by scope and username, SQLite read every expired and rejected
invitation of the organization for each new one (counted here in the steps of SQLite's virtual machine, which do
not depend on the machine's speed)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection

from atlas_access.core.ids import new_id
from atlas_access.core.invitations import Invitation, Kind, State
from atlas_access.store import directory
from atlas_access.store import invitations as store
from atlas_access.store.database import Database

NOW = 1_800_000_000
STEP = 1  # SQLite calls the progress handler at every instruction of its virtual machine


def _invitation(org_id: str, username: str) -> Invitation:
    return Invitation(
        id=new_id(),
        kind=Kind.ORG,
        org_id=org_id,
        org_name="org",
        group_id=None,
        group_name=None,
        username=username,
        roles=("ORG_MEMBER",),
        team_ids=(),
        group_role_assignments=(),
        inviter_username="owner@example.com",
        state=State.PENDING,
        created_at=NOW,
        expires_at=NOW + 30 * 86400,
        pending_user_id=new_id(),
    )


def _steps_to_replace(db: Database, org_id: str, username: str) -> int:
    steps = 0

    def counted() -> int:
        nonlocal steps
        steps += 1
        return 0

    def work(conn: Connection) -> None:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.set_progress_handler(counted, STEP)
        try:
            store.replace_for_new(conn, org_id, username, NOW)
        finally:
            raw.set_progress_handler(None, STEP)

    db.run_sync(work)
    return steps


def test_replacing_costs_the_same_however_many_invitations_the_scope_has(db: Database) -> None:
    org_id = new_id()

    def setup(conn: Connection, count: int, start: int) -> None:
        if start == 0:
            directory.create_org(conn, org_id, "org", NOW)
        for number in range(start, start + count):
            pending = _invitation(org_id, f"user{number}@example.com")
            state = State.EXPIRED if number % 2 else State.REJECTED
            finished = replace(_invitation(org_id, f"gone{number}@example.com"), state=state, pending_user_id=None)
            assert store.insert(conn, pending) and store.insert(conn, finished)

    db.run_sync(lambda conn: setup(conn, 10, 0))
    few = _steps_to_replace(db, org_id, "new@example.com")
    db.run_sync(lambda conn: setup(conn, 3_000, 10))
    many = _steps_to_replace(db, org_id, "new@example.com")
    assert many == few  # before the index: about 18,000 steps more


def test_what_a_new_invitation_replaces_is_still_retired(db: Database) -> None:
    org_id = new_id()

    def setup(conn: Connection) -> tuple[str, str, str]:
        directory.create_org(conn, org_id, "org", NOW)
        lapsed = replace(_invitation(org_id, "a@example.com"), expires_at=NOW - 1)
        rejected = replace(_invitation(org_id, "a@example.com"), state=State.REJECTED, pending_user_id=None)
        kept = _invitation(org_id, "b@example.com")
        for one in (lapsed, rejected, kept):
            assert store.insert(conn, one)
        return lapsed.id, rejected.id, kept.id

    lapsed, rejected, kept = db.run_sync(setup)
    assert db.run_sync(lambda conn: store.replace_for_new(conn, org_id, "a@example.com", NOW)) == 2

    def states(conn: Connection) -> list[State]:
        return [store.get(conn, one).state for one in (lapsed, rejected, kept)]  # type: ignore[union-attr]

    assert db.run_sync(states) == [State.REPLACED, State.REPLACED, State.PENDING]


def test_one_statement_retires_every_kind_it_should_and_nothing_else(db: Database) -> None:
    """A lapsed pending, an expired and a rejected invitation of the username are retired together; a cancelled one
    and another username's stay as they are, and a pending one still within its lifetime is never retired."""
    org_id = new_id()

    def setup(conn: Connection) -> dict[str, str]:
        directory.create_org(conn, org_id, "org", NOW)
        made = {
            "lapsed": replace(_invitation(org_id, "a@example.com"), expires_at=NOW),  # expires at NOW: lapsed
            "expired": replace(_invitation(org_id, "a@example.com"), state=State.EXPIRED, pending_user_id=None),
            "rejected": replace(_invitation(org_id, "a@example.com"), state=State.REJECTED, pending_user_id=None),
            "cancelled": replace(_invitation(org_id, "a@example.com"), state=State.CANCELLED, pending_user_id=None),
            "other": replace(_invitation(org_id, "b@example.com"), state=State.EXPIRED, pending_user_id=None),
            "current": replace(_invitation(org_id, "c@example.com"), expires_at=NOW + 1),
        }
        for one in made.values():
            assert store.insert(conn, one)
        return {name: one.id for name, one in made.items()}

    ids = db.run_sync(setup)
    assert db.run_sync(lambda conn: store.replace_for_new(conn, org_id, "a@example.com", NOW)) == 3
    assert db.run_sync(lambda conn: store.replace_for_new(conn, org_id, "c@example.com", NOW)) == 0

    def states(conn: Connection) -> dict[str, State]:
        return {name: store.get(conn, one).state for name, one in ids.items()}  # type: ignore[union-attr]

    assert db.run_sync(states) == {
        "lapsed": State.REPLACED,
        "expired": State.REPLACED,
        "rejected": State.REPLACED,
        "cancelled": State.CANCELLED,
        "other": State.EXPIRED,
        "current": State.PENDING,
    }
