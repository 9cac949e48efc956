"""The ``atlas-access`` command: run the server, read its outbox."""

import logging
import sys
from pathlib import Path

import click

from atlas_access import __version__
from atlas_access.server.command_options import data_dir_option, database_url_option, option


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="atlas-access")
def main() -> None:
    """A MongoDB Cloud-compatible access-management server (Atlas Admin API v2, Cloud Manager v1.0)."""


DATA_DIR_OPTION = data_dir_option(
    "Where bootstrap.json, keys.json (the signing and sealing keys), TLS files and the default SQLite database live."
)
DATABASE_URL_OPTION = database_url_option()


@main.command()
@option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one (the banner, bootstrap.json and links show it).",
)
@DATA_DIR_OPTION
@DATABASE_URL_OPTION
@option("--tls-self-signed", is_flag=True, help="Serve HTTPS with a self-signed localhost certificate.")
@option("--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="PEM certificate.")
@option("--tls-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="PEM private key.")
@option(
    "--rate-limits",
    type=click.Choice(["atlas", "off"]),
    default="atlas",
    show_default=True,
    help="MongoDB Cloud's token buckets, or none (for load tests). On PostgreSQL every process shares them.",
)
@option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    metavar="N",
    help="Serve from N processes sharing the listening socket (PostgreSQL only: SQLite serves from one).",
)
@option(
    "--sqlite-synchronous",
    type=click.Choice(["NORMAL", "FULL"]),
    default="NORMAL",
    show_default=True,
    help="SQLite durability: NORMAL survives a killed process, FULL also a power cut (slower commits).",
)
@option(
    "--postgres-synchronous-commit",
    type=click.Choice(["off", "on"]),
    default="off",
    show_default=True,
    help="PostgreSQL durability: off survives a killed server process, on also a crash of PostgreSQL or of "
    "the machine (slower commits).",
)
@option("--public-url", help="Base URL that links and the banner show (default: from host and port).")
@option("--no-local-api", is_flag=True, help="Turn off the /api/local/v1 control API.")
@option(
    "--smtp-url",
    help="Send invitation mails through this SMTP server: smtp://[USER[:PASSWORD]@]HOST[:PORT] (port 25), "
    "smtp+starttls://... (587) or smtps://... (465), optionally ?from=ADDRESS. Without it, mails stay in the "
    "outbox (atlas-access outbox).",
)
@option("--access-log", is_flag=True, help="Log every request (invitation tokens and secret parameters redacted).")
@option(
    "--header-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Close a connection whose next request's headers are not complete this long after it opened or after "
    "the previous answer.",
)
@option(
    "--journal-size",
    type=click.IntRange(1, 1_000_000),
    default=1000,
    show_default=True,
    metavar="N",
    help="How many requests the request journal keeps in memory (GET /api/local/v1/requests, atlas-access requests).",
)
@option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A fixture document (JSON or YAML, docs/fixtures.md) applied on the first start and after every reset.",
)
@option(
    "--write-profile",
    metavar="NAME",
    help="Write an atlas CLI profile NAME for this server (its URL, the bootstrap API key, organization and "
    "project) to the CLI's config.toml without asking. On a terminal in the foreground, serve otherwise offers "
    "to write 'local'.",
)
def serve(
    host: str,
    port: int,
    data_dir: Path,
    database_url: str | None,
    tls_self_signed: bool,
    tls_cert: Path | None,
    tls_key: Path | None,
    rate_limits: str,
    workers: int,
    sqlite_synchronous: str,
    postgres_synchronous_commit: str,
    public_url: str | None,
    no_local_api: bool,
    smtp_url: str | None,
    access_log: bool,
    header_timeout: float,
    journal_size: int,
    seed: Path | None,
    write_profile: str | None,
) -> None:
    """Serve the API. The first start on an empty database creates an organization, a project, an
    org-owner API key and service account, and writes them to DATA_DIR/bootstrap.json; ATLAS_ACCESS_ORG_ID,
    _PROJECT_ID, _PUBLIC_KEY, _PRIVATE_KEY, _CLIENT_ID, _CLIENT_SECRET and _ADMIN_TOKEN fix any of them in advance
    (a reset keeps them). Every option can be set by its ATLAS_ACCESS_* variable instead (docs/configuration.md).

    The keys that sign tokens and Digest nonces and seal invitation mails and API keys' Digest secrets (HA1) are
    never kept in the database: they live in DATA_DIR/keys.json (mode 0600, made on the first start), or in
    ATLAS_ACCESS_KEYS when it is set (give several processes on one PostgreSQL the same keys: one data directory,
    or the same ATLAS_ACCESS_KEYS, from `atlas-access keys new`). Rotate them with `atlas-access keys rotate`,
    then restart."""
    import os

    import uvicorn

    from atlas_access.server import access_log as access_logging
    from atlas_access.server import tls
    from atlas_access.server.banner import banner
    from atlas_access.server.bootstrap_env import identity_from
    from atlas_access.server.http_protocol import protocol_class
    from atlas_access.server.listen import PortUnavailable, bind, bound_port
    from atlas_access.server.mail.smtp import parse_smtp_url
    from atlas_access.server.runtime import ServerConfig, open_server
    from atlas_access.server.seed import SeedError, read_seed
    from atlas_access.store.database import check_url, normalise_url

    if (tls_cert is None) != (tls_key is None):
        raise click.UsageError("--tls-cert and --tls-key go together")
    if tls_self_signed and tls_cert:
        raise click.UsageError("use either --tls-self-signed or --tls-cert/--tls-key")
    try:
        smtp = parse_smtp_url(smtp_url) if smtp_url else None
    except ValueError as problem:
        raise click.UsageError(f"--smtp-url: {problem}") from None
    try:
        identity = identity_from(os.environ)
        seed_document = read_seed(seed) if seed is not None else None
    except SeedError as problem:
        raise click.UsageError(f"--seed: {problem}") from None
    except ValueError as problem:  # a malformed ATLAS_ACCESS_PUBLIC_KEY ... (the message names it)
        raise click.UsageError(str(problem)) from None
    if database_url:
        try:
            check_url(database_url)
        except ValueError as problem:
            raise click.ClickException(f"cannot open the database: {problem}") from None
    if workers > 1 and not (database_url and normalise_url(database_url).startswith("postgresql")):
        raise click.UsageError(
            f"--workers {workers} needs PostgreSQL (--database-url postgresql://...): SQLite is served by one process"
        )
    try:
        sock = bind(host, port)
    except PortUnavailable as problem:
        raise click.ClickException(str(problem)) from None
    port = bound_port(sock)
    if tls_self_signed:
        tls_cert, tls_key = tls.self_signed(data_dir)
    scheme = "https" if tls_cert else "http"
    shown_host = f"[{host}]" if ":" in host else host
    base_url = (public_url or f"{scheme}://{shown_host}:{port}").rstrip("/")
    config = ServerConfig(
        data_dir=data_dir,
        database_url=database_url,
        base_url=base_url,
        rate_limits=rate_limits == "atlas",
        local_api=not no_local_api,
        sqlite_synchronous="FULL" if sqlite_synchronous == "FULL" else "NORMAL",
        postgres_synchronous_commit="on" if postgres_synchronous_commit == "on" else "off",
        smtp_url=smtp_url or None,
        identity=identity,
        seed=seed_document,
        journal_size=journal_size,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from atlas_access.server.keys import KeysError

    try:
        opened = open_server(config)
    except KeysError as problem:  # a malformed key file or ATLAS_ACCESS_KEYS
        raise click.ClickException(f"cannot load the keys: {problem}") from None
    except Exception as problem:  # a bad URL, an unreachable database, a migration failure
        raise click.ClickException(f"cannot open the database: {problem}") from None
    database = config.database_url or config.resolved_database_url()
    mail = f"SMTP {smtp.shown()}" if smtp else "kept in the outbox (atlas-access outbox)"
    click.echo(banner(base_url, _redact(database), data_dir / "bootstrap.json", opened.first_start, mail))
    if tls_cert:
        click.echo(
            f"  TLS certificate: {tls_cert} (trust it, e.g. NODE_EXTRA_CA_CERTS={tls_cert}; "
            f"for MongoDB's MCP server also SSL_CERT_FILE={tls_cert})"
        )
    from atlas_access.server.cli_profile import offer_profile

    offer_profile(base_url, data_dir / "bootstrap.json", write_profile)
    if workers > 1:
        click.echo(f"  Workers: {workers} processes on one socket (rate-limit buckets shared through the database)")
    sys.stdout.flush()
    access_logging.install()

    def new_server() -> uvicorn.Server:
        return uvicorn.Server(
            uvicorn.Config(
                opened.app,
                loop="uvloop",
                http=protocol_class(header_timeout),
                ssl_certfile=str(tls_cert) if tls_cert else None,
                ssl_keyfile=str(tls_key) if tls_key else None,
                access_log=access_log,
                log_level="info",
                server_header=False,
                # A client's idle keep-alive connection over TLS would otherwise hold a stop until it closes itself.
                timeout_graceful_shutdown=5,
            )
        )

    try:
        if workers == 1:
            new_server().run(sockets=[sock])
        else:
            from atlas_access.server.workers import supervise

            opened.close()  # each worker opens its own database connections
            status = supervise(workers, lambda: new_server().run(sockets=[sock]))
            if status:
                sys.exit(status)
    finally:
        sock.close()


@main.command()
@DATA_DIR_OPTION
@DATABASE_URL_OPTION
@click.option("--json", "as_json", is_flag=True, help="The same JSON as GET /api/local/v1/outbox.")
@click.option("--last", type=click.IntRange(min=1), metavar="N", help="Only the N newest mails.")
@click.option("--to", "to", metavar="ADDRESS", help="Only mails to this address.")
def outbox(data_dir: Path, database_url: str | None, as_json: bool, last: int | None, to: str | None) -> None:
    """Show the invitation mails the server wrote, newest last: recipient, subject, delivery state, link
    and text. Reads the database directly; the server need not be running."""
    from atlas_access.server import outbox_command
    from atlas_access.server.wire import render

    try:
        mails = outbox_command.read_mails(data_dir, database_url)
    except outbox_command.OutboxUnavailable as problem:
        raise click.ClickException(str(problem)) from None
    except Exception as problem:  # a bad URL, an unreachable database
        raise click.ClickException(f"cannot read the database: {problem}") from None
    chosen = outbox_command.choose(mails, to=to, last=last)
    if as_json:
        click.echo(render.to_json({"results": chosen}, pretty=True).decode())
    else:
        click.echo(outbox_command.as_text(chosen), nl=False)


def _add_keys_command() -> None:
    from atlas_access.server.keys_command import keys

    main.add_command(keys)


def _add_requests_command() -> None:
    from atlas_access.server.requests_command import requests

    main.add_command(requests)


def _add_state_commands() -> None:
    from atlas_access.server.state_command import export_state, import_state

    main.add_command(export_state)
    main.add_command(import_state)


_add_keys_command()
_add_requests_command()
_add_state_commands()


def _redact(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    from atlas_access.store.database import redacted

    return redacted(url)
