"""SQLite's group commit (``store.group_commit``): units of work from async code that run in one turn of the event
loop share one COMMIT, each is answered only once that COMMIT is done, and a failing unit takes only itself back."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, event

from atlas_access.store import settings
from atlas_access.store.database import Database, sqlite_url
from atlas_access.store.group_commit import GroupCommitFailed


def _commits(db: Database) -> list[int]:
    seen: list[int] = []
    event.listen(db.engine, "commit", lambda _conn: seen.append(1))
    return seen


def _stored(path: Path, key: str) -> str | None:
    """A setting as another connection (another process) reads it: only what was committed."""
    with sqlite3.connect(path / "atlas-access.db") as other:
        row = other.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def test_units_of_one_turn_share_one_commit_and_answer_after_it(db: Database, tmp_path: Path) -> None:
    commits = _commits(db)

    async def put(number: int) -> str | None:
        await db.run(lambda conn: settings.put(conn, f"k{number}", f"v{number}"))
        return _stored(tmp_path, f"k{number}")  # durable by the time the unit answers

    async def main() -> list[str | None]:
        return await asyncio.gather(*(put(number) for number in range(50)))

    assert asyncio.run(main()) == [f"v{number}" for number in range(50)]
    assert len(commits) == 1


def test_a_failing_unit_is_undone_alone(db: Database, tmp_path: Path) -> None:
    def fails(conn: Connection) -> None:
        settings.put(conn, "bad", "written, then undone")
        raise ValueError("refused")

    async def main() -> list[object]:
        return await asyncio.gather(
            db.run(lambda conn: settings.put(conn, "before", "1")),
            db.run(fails),
            db.run(lambda conn: settings.put(conn, "after", settings.get(conn, "before") or "")),
            return_exceptions=True,
        )

    results = asyncio.run(main())
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], ValueError) and str(results[1]) == "refused"
    assert (_stored(tmp_path, "before"), _stored(tmp_path, "bad"), _stored(tmp_path, "after")) == ("1", None, "1")


def test_a_failed_commit_fails_every_unit_of_the_group(db: Database, tmp_path: Path) -> None:
    def orphan(conn: Connection) -> None:
        # A foreign key checked at COMMIT only: the group's COMMIT fails.
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        _insert_orphan_invitation(conn)

    async def main() -> list[object]:
        return await asyncio.gather(
            db.run(lambda conn: settings.put(conn, "innocent", "1")), db.run(orphan), return_exceptions=True
        )

    results = asyncio.run(main())
    assert all(isinstance(result, GroupCommitFailed) for result in results), results
    assert _stored(tmp_path, "innocent") is None
    # The connection is usable again afterwards.
    asyncio.run(db.run(lambda conn: settings.put(conn, "later", "2")))
    assert _stored(tmp_path, "later") == "2"


def _insert_orphan_invitation(conn: Connection) -> None:
    conn.exec_driver_sql(
        "INSERT INTO invitations (id, kind, org_id, scope_id, username, roles, team_ids, group_role_assignments,"
        " inviter_username, state, created_at, expires_at, state_changed_at)"
        " VALUES ('0123456789abcdef01234567', 'ORG', 'ffffffffffffffffffffffff', 'ffffffffffffffffffffffff',"
        " 'a@example.com', '[]', '[]', '[]', 'b@example.com', 'PENDING', 0, 1, 0)"
    )


def test_a_synchronous_unit_on_the_loop_thread_commits_the_open_group_first(db: Database, tmp_path: Path) -> None:
    async def main() -> str | None:
        pending = asyncio.ensure_future(db.run(lambda conn: settings.put(conn, "grouped", "1")))
        await asyncio.sleep(0)  # the unit ran; its group is open, not committed yet
        seen = db.run_sync(lambda conn: settings.get(conn, "grouped"))
        await pending
        return seen

    assert asyncio.run(main()) == "1"
    assert _stored(tmp_path, "grouped") == "1"


def test_two_databases_on_one_file_and_one_loop_take_turns(db: Database, tmp_path: Path) -> None:
    # Two "processes" in one test: the second's BEGIN IMMEDIATE must not wait for a lock the first's open group
    # holds on the same thread (it would wait out the busy timeout, then fail).
    other = Database(sqlite_url(tmp_path))
    try:

        async def main() -> list[None]:
            return await asyncio.gather(
                db.run(lambda conn: settings.put(conn, "one", "1")),
                other.run(lambda conn: settings.put(conn, "two", "2")),
                db.run(lambda conn: settings.put(conn, "three", "3")),
            )

        asyncio.run(asyncio.wait_for(main(), 5))
    finally:
        other.dispose()
    assert [_stored(tmp_path, key) for key in ("one", "two", "three")] == ["1", "2", "3"]


def test_a_failing_first_unit_is_undone_and_the_next_unit_opens_a_group_of_its_own(
    db: Database, tmp_path: Path
) -> None:
    commits = _commits(db)

    def fails(conn: Connection) -> None:
        settings.put(conn, "bad", "written, then undone")
        raise ValueError("refused")

    async def main() -> list[object]:
        return await asyncio.gather(
            db.run(fails),
            db.run(lambda conn: settings.put(conn, "after", settings.get(conn, "bad") or "nothing seen")),
            db.run(lambda conn: settings.put(conn, "last", "3")),
            return_exceptions=True,
        )

    results = asyncio.run(main())
    assert isinstance(results[0], ValueError) and results[1:] == [None, None]
    assert (_stored(tmp_path, "bad"), _stored(tmp_path, "after"), _stored(tmp_path, "last")) == (
        None,
        "nothing seen",
        "3",
    )
    assert len(commits) == 1  # the failed unit's transaction was rolled back; the other two shared one commit


def test_a_unit_that_changed_many_pages_the_group_had_changed_is_undone_alone(db: Database, tmp_path: Path) -> None:
    """The savepoint of each unit keeps, in memory, every page it changes that the group had changed before: here
    far more than the 64 KiB SQLite would otherwise have written to a temporary file. The failing unit's changes,
    to those very pages, are undone; the others' stay."""
    big = "x" * 3000

    def rewrite(conn: Connection, tag: str, fail: bool = False) -> None:
        for number in range(60):  # about 45 pages, each changed already by the unit before
            settings.put(conn, f"page-{number}", f"{tag}:{big}")
        if fail:
            raise ValueError("refused")

    async def main() -> list[object]:
        return await asyncio.gather(
            db.run(lambda conn: rewrite(conn, "first")),
            db.run(lambda conn: rewrite(conn, "second")),
            db.run(lambda conn: rewrite(conn, "failed", fail=True)),
            db.run(lambda conn: settings.put(conn, "last", "kept")),
            return_exceptions=True,
        )

    results = asyncio.run(main())
    assert results[0] is None and results[1] is None and results[3] is None
    assert isinstance(results[2], ValueError)
    assert {(_stored(tmp_path, f"page-{number}") or "").split(":")[0] for number in range(60)} == {"second"}
    assert _stored(tmp_path, "last") == "kept"


def test_the_group_journals_in_memory_and_other_connections_keep_sqlites_default(db: Database) -> None:
    """The write connection keeps savepoint journals (and its temporary tables) in memory; the read connection
    keeps SQLite's default (temporary files), as do the connections that sort long lists."""

    async def main() -> tuple[int, int]:
        written = await db.run(lambda conn: conn.exec_driver_sql("PRAGMA temp_store").scalar_one())
        read = await db.read(lambda conn: conn.exec_driver_sql("PRAGMA temp_store").scalar_one())
        return written, read

    assert asyncio.run(main()) == (2, 0)  # MEMORY, DEFAULT
