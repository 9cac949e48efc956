"""``atlas-access keys``: make and rotate the server's signing and sealing keys (``server.keys``)."""

import json
from pathlib import Path

import click


@click.group()
def keys() -> None:
    """The keys that sign access tokens and Digest nonces and seal invitation mails.

    They live in DATA_DIR/keys.json (mode 0600, made on the first start), or in the ATLAS_ACCESS_KEYS environment
    variable when it is set (one JSON document, the same for every process on one database). They are never
    kept in the database, so a copy of it alone forges no token and opens no invitation link."""


_DATA_DIR = click.option(
    "--data-dir",
    default=Path(".atlas-access"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The server's data directory, where keys.json lives.",
)


@keys.command()
@_DATA_DIR
@click.option(
    "--forget-previous",
    is_flag=True,
    help="Keep only the new keys: tokens, Digest nonces and mail links made before stop working at once.",
)
@click.option(
    "--print",
    "print_only",
    is_flag=True,
    help="Print the rotated document instead of writing keys.json (to put in ATLAS_ACCESS_KEYS).",
)
def rotate(data_dir: Path, forget_previous: bool, print_only: bool) -> None:
    """Put a new key of each kind first. The older keys are kept after it, so that tokens, nonces and mail links
    made with them keep working; the server processes use the new keys once restarted."""
    from atlas_access.server.keys import ENVIRONMENT, KeysError, KeyStore

    store = KeyStore.of(data_dir)
    try:
        current = store.read()
    except KeysError as problem:
        raise click.ClickException(str(problem)) from None
    if current is None:
        raise click.ClickException(f"no keys at {store.path} yet: `atlas-access serve` makes them on its first start")
    rotated = current.rotated(keep_previous=not forget_previous)
    if print_only:
        click.echo(json.dumps(rotated.document(), indent=2))
        return
    if store.environment is not None:
        raise click.UsageError(f"the keys come from {ENVIRONMENT}: use --print and put its output there")
    store.write(rotated)
    kept = len(rotated.token) - 1
    click.echo(
        f"Rotated the keys in {store.path}: new tokens, Digest nonces and mail links use the new keys"
        + (f", and {kept} older key{'s' if kept != 1 else ''} of each kind still verify and unseal." if kept else ".")
        + " Restart the server processes to use them."
    )


@keys.command()
def new() -> None:
    """Print a new key document, for ATLAS_ACCESS_KEYS (give every process on one database the same)."""
    from atlas_access.server.keys import KeySet

    click.echo(json.dumps(KeySet.fresh().document(), indent=2))
