"""``atlas-access export`` and ``atlas-access import``: the whole state as one state document (docs/snapshots.md),
read from or written into the server's database directly, so the server need not run."""

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from atlas_access.server.command_options import data_dir_option, database_url_option

if TYPE_CHECKING:
    from atlas_access.store.database import Database
    from atlas_access.store.snapshot import Progress

_DATA_DIR = data_dir_option("The server's data directory: its SQLite database (unless --database-url) and keys.json.")
_DATABASE_URL = database_url_option()


@click.command("export")
@_DATA_DIR
@_DATABASE_URL
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    metavar="FILE|-",
    help="Where to write the document (created readable by its owner only); - for standard output.",
)
def export_state(data_dir: Path, database_url: str | None, output: str) -> None:
    """Write the whole state as one JSON state document: organizations, projects, users, teams, invitations, API
    keys, service accounts, access lists, events, mails, settings and the server clock, one row per line.

    It reads the database directly (the server need not run; a running one goes on answering). Secrets are in it
    as the database keeps them: hashes, and API keys' HA1 and mails sealed with the keys of DATA_DIR/keys.json,
    which it never holds. Like a copy of the database, it lets no one in without that key file. Load it with
    `atlas-access import` or POST /api/local/v1/import."""
    from atlas_access.core.errors import ApiError
    from atlas_access.server.services import snapshots

    database = _database(data_dir, database_url, create=False)
    try:
        with _progress("Reading the state") as progress:
            document = database.run_sync(lambda conn: snapshots.export_state(conn, progress))
    except ApiError as problem:
        raise click.ClickException(problem.detail) from None
    except Exception as problem:  # an unreachable database, say
        raise click.ClickException(f"cannot read the database: {_first_line(problem)}") from None
    finally:
        database.dispose()
    text = snapshots.as_text(document)
    if output == "-":
        click.echo(text, nl=False)
        where = "standard output"
    else:
        _write_private(Path(output), text)
        where = output
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(
        f"Exported {rows:,} rows of {len(document['tables'])} tables (schema revision {document['schemaRevision']}) "
        f"to {where}.",
        err=True,
    )


@click.command("import")
@click.argument("file", metavar="FILE|-")
@_DATA_DIR
@_DATABASE_URL
@click.option("--yes", "-y", is_flag=True, help="Replace the state without asking first (needed with FILE -).")
def import_state(file: str, data_dir: Path, database_url: str | None, yes: bool) -> None:
    """Replace the whole state of the server's database with FILE's, a state document from `atlas-access export`
    or GET /api/local/v1/export (- reads standard input).

    Everything is replaced in one transaction, or nothing is: a document this version cannot read, or whose rows
    break the database's rules, is refused and changes nothing. A document of an earlier version is migrated on
    the way. The local admin token stays as the database has it (the data directory's bootstrap.json keeps
    working), and revoked tokens and used Digest nonces stay revoked and used. A database that does not exist yet
    is made. A running server may use the database meanwhile: it sees the old state until the import commits and
    the new one after (on PostgreSQL, its writes wait for the import).

    API keys authenticate, and mails open, only with the keys that sealed them: copy the exporting server's
    keys.json (or ATLAS_ACCESS_KEYS) along."""
    from atlas_access.core.errors import ApiError
    from atlas_access.server.keys import KeysError, KeyStore
    from atlas_access.server.services import snapshots
    from atlas_access.store import migrate
    from atlas_access.store.database import redacted

    if file == "-" and not yes:
        raise click.UsageError("the document comes from standard input, so there is no asking: give --yes")
    document = _read_document(file)
    shown = redacted(_url(data_dir, database_url))
    if not yes:
        click.confirm(f"Replace everything in {shown} with the state in {file}?", abort=True, err=True)
    database = _database(data_dir, database_url, create=True)
    keys = KeyStore.of(data_dir)
    try:
        try:
            migrate.upgrade(database, adopt_keys=keys.adopt, ha1_sealing=keys.ha1_seal)
        except KeysError as problem:
            raise click.ClickException(f"cannot load the keys: {problem}") from None
        except Exception as problem:
            raise click.ClickException(f"cannot open the database: {_first_line(problem)}") from None
        try:
            with _progress("Writing the state") as progress:
                loaded = database.run_sync(lambda conn: snapshots.import_state(conn, document, keys.ha1_seal, progress))
        except ApiError as problem:
            raise click.ClickException(f"{problem.detail} Nothing was changed.") from None
        except KeysError as problem:
            raise click.ClickException(f"cannot load the keys: {problem}. Nothing was changed.") from None
        except Exception as problem:
            raise click.ClickException(f"cannot write the database: {_first_line(problem)}") from None
    finally:
        database.dispose()
    migrated = f", migrated from schema revision {loaded['schemaRevision']}" if loaded["migrated"] else ""
    click.echo(f"Imported {loaded['rows']:,} rows of {len(loaded['tables'])} tables into {shown}{migrated}.")
    for note in loaded["notes"]:
        click.echo(f"Note: {note}.", err=True)


def _database(data_dir: Path, database_url: str | None, *, create: bool) -> "Database":
    from atlas_access.store.database import Database, sqlite_file

    url = _url(data_dir, database_url)
    try:
        on_file = sqlite_file(url)
        if on_file is not None and not on_file.is_file() and not create:
            raise click.ClickException(
                f"no database at {on_file}: give the server's --data-dir or --database-url (or start "
                f"`atlas-access serve --data-dir {data_dir}` once)"
            )
        return Database(url)
    except click.ClickException:
        raise
    except Exception as problem:  # not a database URL
        raise click.ClickException(f"cannot open the database: {_first_line(problem)}") from None


def _url(data_dir: Path, database_url: str | None) -> str:
    from atlas_access.store.database import normalise_url, sqlite_url

    return normalise_url(database_url or sqlite_url(data_dir.resolve()))


def _read_document(file: str) -> Any:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        reason = problem.strerror if isinstance(problem, OSError) and problem.strerror else str(problem)
        raise click.ClickException(f"cannot read {file}: {reason}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        raise click.ClickException(f"{file} is not JSON: {problem}") from None


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by its owner only (it holds what the database holds)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as problem:
        raise click.ClickException(f"cannot write {path}: {problem.strerror or problem}") from None


@contextlib.contextmanager
def _progress(label: str) -> Iterator["Progress"]:
    """A progress bar on standard error, one step per table (shown on a terminal only)."""
    from atlas_access.store.snapshot import TRAVELLING

    def shown(item: str | None) -> str | None:
        return item

    with click.progressbar(None, len(TRAVELLING), label, item_show_func=shown, file=sys.stderr) as bar:

        def progress(table: str, rows: int) -> None:
            bar.update(1, f"{table}: {rows:,} rows")

        yield progress


def _first_line(problem: Exception) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__
