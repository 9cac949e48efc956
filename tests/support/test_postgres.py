"""The throwaway PostgreSQL cluster of tests/support/postgres.py."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from support.postgres import PostgresCluster

pytestmark = pytest.mark.postgres


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    engine = sa.create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def make_items_table(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL)"))


def item_names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT name FROM items ORDER BY id")))


def port_accepts_connections(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_create_insert_read(postgres_cluster: PostgresCluster, postgres_url: str) -> None:
    assert postgres_url.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{postgres_cluster.port}/t_")
    with engine_for(postgres_url) as engine:
        make_items_table(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO items VALUES (1, 'a'), (2, 'ö')"))
        assert item_names(engine) == ["a", "ö"]
        with engine.connect() as conn:
            assert int(conn.scalar(sa.text("SHOW server_version_num"))) >= 150000
            assert conn.scalar(sa.text("SHOW server_encoding")) == "UTF8"
            assert conn.scalar(sa.text("SHOW fsync")) == "off"  # the session cluster is fast=True
            assert conn.scalar(sa.text("SHOW max_connections")) == "200"


def test_databases_are_isolated(postgres_cluster: PostgresCluster) -> None:
    first = postgres_cluster.create_database("isolation_first")
    second = postgres_cluster.create_database("isolation_second")
    try:
        with engine_for(first) as one, engine_for(second) as two:
            make_items_table(one)
            with one.begin() as conn:
                conn.execute(sa.text("INSERT INTO items VALUES (1, 'only in first')"))
            with pytest.raises(sa.exc.ProgrammingError, match="items"):
                item_names(two)
            make_items_table(two)
            assert item_names(two) == []
            assert item_names(one) == ["only in first"]
    finally:
        postgres_cluster.drop_database("isolation_first")
        postgres_cluster.drop_database("isolation_second")
    with postgres_cluster.admin_connection() as conn:
        names = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
    assert not names & {"isolation_first", "isolation_second"}


def test_drop_database_terminates_open_connections(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.create_database("dropped_while_open")
    with engine_for(url) as engine, engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
        postgres_cluster.drop_database("dropped_while_open")
        with pytest.raises(sa.exc.OperationalError):
            conn.execute(sa.text("SELECT 1"))


def test_invalid_database_name_is_rejected(postgres_cluster: PostgresCluster) -> None:
    with pytest.raises(ValueError, match="database name"):
        postgres_cluster.create_database("x" * 64)  # PostgreSQL would silently truncate it


def test_kill_and_restart_keep_committed_data(postgres_cluster: PostgresCluster, postgres_url: str) -> None:
    port = postgres_cluster.port
    with engine_for(postgres_url) as engine:
        make_items_table(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO items VALUES (1, 'committed')"))
        with engine.connect() as open_conn:
            open_conn.execute(sa.text("INSERT INTO items VALUES (2, 'uncommitted')"))

            postgres_cluster.kill()  # right after the commit: no time for background writers

            assert not postgres_cluster.running
            assert not port_accepts_connections(port)
            with pytest.raises(sa.exc.OperationalError):
                open_conn.execute(sa.text("SELECT 1"))
            with pytest.raises(psycopg.OperationalError):
                psycopg.connect(host="127.0.0.1", port=port, user="postgres", connect_timeout=2).close()

            postgres_cluster.restart()
        assert postgres_cluster.port == port
        assert postgres_cluster.running
        engine.dispose()  # the pooled connections died with the server
        assert item_names(engine) == ["committed"]
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO items VALUES (3, 'after restart')"))
        assert item_names(engine) == ["committed", "after restart"]


# The tests below start clusters of their own; the fixture makes them skip (or fail in CI) like the rest.


@pytest.mark.usefixtures("postgres_cluster")
def test_close_stops_the_server_and_removes_the_temp_dir() -> None:
    cluster = PostgresCluster()
    with pytest.raises(RuntimeError, match="not been started"):
        _ = cluster.port
    with cluster:
        assert cluster.running
        root, port = cluster.root_dir, cluster.port
        assert int((cluster.data_dir / "PG_VERSION").read_text()) >= 15
        with engine_for(cluster.create_database("app")) as engine, engine.connect() as conn:
            assert conn.scalar(sa.text("SHOW fsync")) == "on"  # not fast: durable defaults
        assert os.path.isdir(root)
    assert not os.path.exists(root)
    assert not cluster.running
    assert not port_accepts_connections(port)
    cluster.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        cluster.start()


@pytest.mark.usefixtures("postgres_cluster")
def test_start_failure_reports_the_server_log() -> None:
    cluster = PostgresCluster(settings={"max_connections": "not-a-number"})
    with pytest.raises(RuntimeError, match=r"(?s)exited with code 1.*max_connections") as failure:
        cluster.start()
    assert "server log" in str(failure.value)
    root = cluster.root_dir
    assert not os.path.exists(root)  # a failed start cleans up after itself


@pytest.mark.usefixtures("postgres_cluster")
def test_nothing_is_left_behind_when_the_test_process_is_killed() -> None:
    script = (
        "import os, signal, sys\n"
        "from support.postgres import PostgresCluster\n"
        "cluster = PostgresCluster(fast=True)\n"
        "cluster.start()\n"
        "print(cluster.root_dir, cluster.port, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)  # no atexit, no close()\n"
    )
    tests_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": tests_dir}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    root, port = result.stdout.split()
    deadline = time.monotonic() + 15
    while (os.path.exists(root) or port_accepts_connections(int(port))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(root)
    assert not port_accepts_connections(int(port))
