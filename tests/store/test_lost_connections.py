"""A PostgreSQL unit of work whose connection breaks (store/database.py ``Database.run_sync``): broken before its
COMMIT was sent, nothing was committed and the unit runs once more on a new connection; broken at the COMMIT,
whether it committed is unknown and the error stands; any other error is the unit's own and stands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, event, exc, text

from atlas_access.store.database import Database
from support.postgres import PostgresCluster

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    database = Database(postgres_url)
    database.run_sync(lambda conn: conn.execute(text("CREATE TABLE lost_rows (n integer)")))
    try:
        yield database
    finally:
        database.dispose()


def _end(cluster: PostgresCluster, pid: int) -> None:
    """End a server process as an administrator would, and wait until it is gone."""
    with cluster.admin_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))


def _pid(conn: Connection) -> int:
    return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _rows(db: Database) -> int:
    return int(db.run_sync(lambda conn: conn.execute(text("SELECT count(*) FROM lost_rows")).scalar_one()))


def _through_sqlalchemy(conn: Connection) -> None:
    conn.execute(text("SELECT 1"))


def _through_the_driver(conn: Connection) -> None:  # as store/prepared.py runs its statements
    cursor: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SELECT 1")


@pytest.mark.parametrize("statement", [_through_sqlalchemy, _through_the_driver], ids=["sqlalchemy", "driver"])
def test_a_connection_lost_inside_the_unit_runs_it_again_on_a_new_one(
    db: Database, postgres_cluster: PostgresCluster, statement: Callable[[Connection], None]
) -> None:
    pids: list[int] = []

    def work(conn: Connection) -> int:
        pid = _pid(conn)
        pids.append(pid)
        conn.execute(text("INSERT INTO lost_rows VALUES (1)"))
        if len(pids) == 1:
            _end(postgres_cluster, pid)
            statement(conn)  # the server is gone: this raises
        return pid

    answered = db.run_sync(work)
    assert len(pids) == 2 and pids[0] != pids[1] and answered == pids[1]
    assert _rows(db) == 1  # the first attempt's row was never committed
    assert _rows(db) == 1  # and the pool serves on


def test_a_connection_lost_at_the_commit_is_not_run_again(db: Database, postgres_cluster: PostgresCluster) -> None:
    pids: list[int] = []

    def work(conn: Connection) -> None:
        pids.append(_pid(conn))
        conn.execute(text("INSERT INTO lost_rows VALUES (1)"))

    def end_before_commit(conn: Connection) -> None:
        _end(postgres_cluster, pids[-1])

    event.listen(db.engine, "commit", end_before_commit)
    try:
        with pytest.raises((exc.DBAPIError, psycopg.Error)):
            db.run_sync(work)
    finally:
        event.remove(db.engine, "commit", end_before_commit)
    assert len(pids) == 1  # whether it committed is unknown to the server: never written twice
    assert _rows(db) == 0  # (here the server was gone before the COMMIT was sent)


def test_the_units_own_error_stands(db: Database) -> None:
    calls: list[int] = []

    def work(conn: Connection) -> None:
        calls.append(_pid(conn))
        conn.execute(text("INSERT INTO lost_rows VALUES (1)"))
        raise LookupError("the unit's own refusal")

    with pytest.raises(LookupError):
        db.run_sync(work)
    assert len(calls) == 1 and _rows(db) == 0
