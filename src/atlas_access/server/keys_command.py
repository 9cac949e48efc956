"""``atlas-access keys``: make and rotate the server's signing and sealing keys (``server.keys``)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from atlas_access.server.command_options import data_dir_option, database_url_option

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from atlas_access.server.auth.ha1_seal import Ha1Seal
    from atlas_access.server.keys import KeySet, KeyStore
    from atlas_access.store.database import Database


@click.group()
def keys() -> None:
    """The keys that sign access tokens and Digest nonces and seal invitation mails and API keys' Digest HA1.

    They live in DATA_DIR/keys.json (mode 0600, made on the first start), or in the ATLAS_ACCESS_KEYS environment
    variable when it is set (one JSON document, the same for every process on one database). They are never
    kept in the database, so a copy of it alone forges no token, opens no invitation link and answers no Digest
    challenge."""


_DATA_DIR = data_dir_option("The server's data directory, where keys.json lives.")


@keys.command()
@_DATA_DIR
@database_url_option(
    "With --forget-previous: the server's database, whose API keys are sealed again (default: the SQLite database "
    "of DATA_DIR)."
)
@click.option(
    "--forget-previous",
    is_flag=True,
    help="Keep only the new keys: tokens, Digest nonces and mail links made before stop working at once. API keys "
    "keep working: their HA1 are sealed again with the new credential key first, in the database.",
)
@click.option(
    "--print",
    "print_only",
    is_flag=True,
    help="Print the rotated document instead of writing keys.json (to put in ATLAS_ACCESS_KEYS).",
)
def rotate(data_dir: Path, database_url: str | None, forget_previous: bool, print_only: bool) -> None:
    """Put a new key of each kind first. The older keys are kept after it, so that tokens, nonces and mail links
    made with them keep working, and so do API keys (their HA1 stay sealed with the older credential key, which
    still opens them); the server processes use the new keys once restarted.

    With --forget-previous, the API keys' HA1 are first sealed again with the new credential key, in one
    transaction of the server's database (--database-url), and only then are the older keys forgotten: keys.json
    lists the new keys with the older ones while the database changes, and only the new ones after. From then
    on, processes that still run with the older keys refuse API keys until they are restarted, and an API key
    such a process makes meanwhile is sealed with a forgotten key: run it with the server processes stopped, or
    restart them at once. With --print, the database is changed before the document is printed: put the printed
    document in ATLAS_ACCESS_KEYS, or the API keys stop working."""
    from atlas_access.server.keys import ENVIRONMENT, KeysError, KeyStore

    store = KeyStore.of(data_dir)
    try:
        current = store.read()
    except KeysError as problem:
        raise click.ClickException(str(problem)) from None
    if current is None:
        raise click.ClickException(f"no keys at {store.path} yet: `atlas-access serve` makes them on its first start")
    if store.environment is not None and not print_only:
        raise click.UsageError(f"the keys come from {ENVIRONMENT}: use --print and put its output there")
    rotated = current.rotated()
    if forget_previous:
        _rotate_forgetting(store, rotated, _database(data_dir, database_url), print_only)
        return
    if print_only:
        click.echo(json.dumps(rotated.document(), indent=2))
        return
    store.write(rotated)
    kept = len(rotated.token) - 1
    click.echo(
        f"Rotated the keys in {store.path}: new tokens, Digest nonces and mail links use the new keys"
        + (f", and {kept} older key{'s' if kept != 1 else ''} of each kind still verify and unseal." if kept else ".")
        + " Restart the server processes to use them."
    )


def _database(data_dir: Path, database_url: str | None) -> "Database":
    from atlas_access.store.database import Database, sqlite_file, sqlite_url

    url = database_url or sqlite_url(data_dir.resolve())
    on_file = sqlite_file(url)
    if on_file is not None and not on_file.is_file():
        raise click.ClickException(
            f"no database at {on_file}: give the server's --database-url (or ATLAS_ACCESS_DATABASE_URL), whose API "
            "keys are sealed again before the previous keys are forgotten"
        )
    try:
        return Database(url)
    except ValueError as problem:
        raise click.ClickException(str(problem)) from None


def _rotate_forgetting(store: "KeyStore", rotated: "KeySet", database: "Database", print_only: bool) -> None:
    """Seal every API key's HA1 with the new credential key, then keep only the new keys. At every moment, the key
    file lists a key that opens each HA1: a run cut short leaves a rotation that kept the previous keys."""
    from sqlalchemy.exc import SQLAlchemyError

    from atlas_access.server.keys import ENVIRONMENT
    from atlas_access.store import credentials

    final = rotated.current_only()
    seal = rotated.ha1_seal()  # seals with the new key, opens with any
    try:
        try:
            database.run_sync(credentials.sealed_ha1)  # the database is the server's, migrated: before any change
            if print_only:
                resealed, lost = reseal_ha1(database, seal)
            else:
                store.write(rotated)
                resealed, lost = reseal_ha1(database, seal)
                store.write(final)
                # API keys a process on the previous keys made in the meantime (it is to be restarted now).
                more, lost = reseal_ha1(database, seal)
                resealed += more
        except SQLAlchemyError as problem:
            raise click.ClickException(
                f"cannot seal the API keys again in the database: {problem}. Is it the server's, started once with "
                "this version (`atlas-access serve`)? The previous keys were not forgotten."
            ) from None
    finally:
        database.dispose()
    sealed = (
        f"the HA1 of {resealed} API key{'s were' if resealed != 1 else ' was'} sealed again with the new credential key"
    )
    if lost:
        click.echo(
            f"The HA1 of {lost} API key{'s open' if lost != 1 else ' opens'} with none of the keys (sealed with a key "
            "forgotten before): those API keys cannot authenticate.",
            err=True,
        )
    if print_only:
        click.echo(json.dumps(final.document(), indent=2))
        click.echo(
            f"{sealed[0].upper()}{sealed[1:]}: API keys work only with the printed keys from now on. Put them "
            f"in {ENVIRONMENT} and restart every server process.",
            err=True,
        )
        return
    click.echo(
        f"Rotated the keys in {store.path} and forgot the previous ones: tokens, Digest nonces and mail links made "
        f"before stop working; {sealed}, so API keys keep working. Restart the server processes to use the new "
        "keys (until then, they refuse API keys)."
    )


def reseal_ha1(database: "Database", seal: "Ha1Seal") -> tuple[int, int]:
    """Seal with ``seal``'s current key every API key's HA1 sealed with another of its keys, in one transaction;
    how many were sealed again, and how many open with none of its keys."""
    from atlas_access.store import credentials

    def work(conn: "Connection") -> tuple[int, int]:
        resealed = lost = 0
        for key_id, public_key, sealed in credentials.sealed_ha1(conn):
            if seal.is_current(sealed):
                continue
            ha1 = seal.open(public_key, sealed)
            if ha1 is None:
                lost += 1
            elif credentials.reseal_ha1(conn, key_id, sealed, seal.close(public_key, ha1)):
                resealed += 1
        return resealed, lost

    return database.run_sync(work)


@keys.command()
def new() -> None:
    """Print a new key document, for ATLAS_ACCESS_KEYS (give every process on one database the same)."""
    from atlas_access.server.keys import KeySet

    click.echo(json.dumps(KeySet.fresh().document(), indent=2))
