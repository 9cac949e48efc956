"""The store's one way to run SQL (``store.prepared``) on both engines: rows by column name, list parameters of
any length, and a unique index's refusal as a result that leaves the transaction usable (``store.changes``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from atlas_access.core.teams import Team
from atlas_access.store import directory, migrate, teams
from atlas_access.store.changes import Change
from atlas_access.store.database import Database, Transaction, sqlite_url
from atlas_access.store.prepared import Prepared, param, param_list
from atlas_access.store.tables import organizations

ORG = "a" * 24


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = sqlite_url(tmp_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    db = Database(url)
    migrate.upgrade(db)
    yield db
    db.dispose()


_NAMED = Prepared(
    select(organizations.c.id, organizations.c.name.label("org_name"))
    .where(organizations.c.id.in_(param_list("ids")), organizations.c.name != param("not_named"))
    .order_by(organizations.c.id)
)


def test_rows_come_by_name_and_list_parameters_take_any_length(database: Database) -> None:
    ids = [str(number) * 24 for number in range(1, 6)]
    database.run_sync(lambda conn: [directory.create_org(conn, one, f"org {one[0]}", 1) for one in ids])

    def names(chosen: list[str]) -> list[dict[str, str]]:
        return database.run_sync(lambda conn: _NAMED.rows(conn, ids=chosen, not_named="org 3"))

    assert names(ids[:2]) == [{"id": ids[0], "org_name": "org 1"}, {"id": ids[1], "org_name": "org 2"}]
    assert [row["id"] for row in names(ids)] == [ids[0], ids[1], ids[3], ids[4]]
    assert names([]) == []
    assert [row["id"] for row in names(ids[4:])] == [ids[4]]  # the SQL of each length is kept: lengths may vary
    assert names(ids[:2])[0]["org_name"] == "org 1"


def test_a_name_another_row_holds_is_a_result_and_the_transaction_goes_on(database: Database) -> None:
    def work(conn: Transaction) -> tuple[Change, Change, Change, list[str]]:
        directory.create_org(conn, ORG, "Org", 1)
        for team_id, name in (("1" * 24, "red"), ("2" * 24, "blue")):
            assert teams.insert(conn, Team(team_id, ORG, name, 1))
        taken = teams.rename(conn, "2" * 24, "red")
        gone = teams.rename(conn, "3" * 24, "green")
        done = teams.rename(conn, "2" * 24, "green")
        names = sorted(team.name for team in teams.of_org(conn, ORG))
        return taken, gone, done, names

    assert database.run_sync(work) == (Change.TAKEN, Change.GONE, Change.DONE, ["green", "red"])
    assert sorted(team.name for team in database.run_sync(lambda conn: teams.of_org(conn, ORG))) == ["green", "red"]


_LITERAL_LIST = Prepared(
    select(organizations.c.id).where(organizations.c.name.in_(["org 1", "org 3"])).order_by(organizations.c.id)
)
_BOTH_LISTS = Prepared(
    select(organizations.c.id)
    .where(organizations.c.name.in_(["org 1", "org 2", "org 3"]), organizations.c.id.in_(param_list("ids")))
    .order_by(organizations.c.id)
)


def test_a_literal_list_is_expanded_once_and_beside_a_list_parameter_still_works(database: Database) -> None:
    ids = [str(number) * 24 for number in range(1, 5)]
    database.run_sync(lambda conn: [directory.create_org(conn, one, f"org {one[0]}", 1) for one in ids])

    def literal() -> list[str]:
        return [row["id"] for row in database.run_sync(lambda conn: _LITERAL_LIST.rows(conn))]

    def both(chosen: list[str]) -> list[str]:
        return [row["id"] for row in database.run_sync(lambda conn: _BOTH_LISTS.rows(conn, ids=chosen))]

    assert literal() == [ids[0], ids[2]]
    assert literal() == [ids[0], ids[2]]  # the kept, expanded SQL
    assert both(ids) == ids[:3]
    assert both(ids[1:2]) == [ids[1]]
    assert both([]) == []
