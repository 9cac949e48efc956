"""Opening a server: database, migrations, shared keys, first-start bootstrap, application."""

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from atlas_access.core.clock import real_now
from atlas_access.core.ratelimit import Buckets, TokenBuckets
from atlas_access.server.app import create_app
from atlas_access.server.auth.authenticate import ServerKeys
from atlas_access.server.journal import DEFAULT_CAPACITY, Journal
from atlas_access.server.keys import ENVIRONMENT, KeyStore
from atlas_access.server.ldap_verify import LdapVerifier
from atlas_access.server.mail.delivery import Delivery, DeliveryTiming
from atlas_access.server.mail.post import Post
from atlas_access.server.mail.seal import Seal
from atlas_access.server.mail.smtp import parse_smtp_url
from atlas_access.server.services import bootstrap
from atlas_access.server.services.fixtures import FixturesIn
from atlas_access.server.services.local_control import first_state
from atlas_access.server.state import ServerState
from atlas_access.store import credentials, migrate
from atlas_access.store.database import Database, Synchronous, SynchronousCommit, sqlite_url
from atlas_access.store.rate_buckets import SharedBuckets

log = logging.getLogger("atlas_access.server")
PRUNE_EVERY_SECONDS = 60.0
DELIVERY_STOP_SECONDS = 15.0  # on shutdown, how long mails being sent may take to finish


@dataclass(frozen=True)
class ServerConfig:
    data_dir: Path = Path(".atlas-access")
    database_url: str | None = None  # default: SQLite in data_dir
    base_url: str = "http://127.0.0.1:8080"
    rate_limits: bool = True
    local_api: bool = True
    sqlite_synchronous: Synchronous = "NORMAL"
    postgres_synchronous_commit: SynchronousCommit = "off"
    smtp_url: str | None = None  # None: mails stay in the outbox
    mail_timing: DeliveryTiming = field(default_factory=DeliveryTiming)  # polling and retry delays of SMTP delivery
    identity: bootstrap.Identity = field(default_factory=bootstrap.Identity)  # fixed in advance (ATLAS_ACCESS_...)
    seed: FixturesIn | None = None  # a fixture document applied on the first start and after every reset
    journal_size: int = DEFAULT_CAPACITY  # how many requests the request journal keeps (docs/journal.md)

    def resolved_database_url(self) -> str:
        return self.database_url or sqlite_url(self.data_dir.resolve())


@dataclass(frozen=True)
class OpenedServer:
    app: Starlette
    state: ServerState
    first_start: dict[str, Any] | None  # the credentials, only on the very first start

    def close(self) -> None:
        """Close every database connection (before forking workers: each opens its own)."""
        if isinstance(self.state.buckets, SharedBuckets):
            self.state.buckets.dispose()
        self.state.db.dispose()


def open_server(config: ServerConfig) -> OpenedServer:
    """Migrate, load keys (``server.keys``) and bootstrap; writes ``bootstrap.json`` on the first start only."""
    smtp = parse_smtp_url(config.smtp_url) if config.smtp_url is not None else None  # ValueError if malformed
    db = Database(
        config.resolved_database_url(),
        sqlite_synchronous=config.sqlite_synchronous,
        postgres_synchronous_commit=config.postgres_synchronous_commit,
    )
    key_store = KeyStore.of(config.data_dir)
    migrate.upgrade(db, adopt_keys=key_store.adopt, ha1_sealing=key_store.ha1_seal)
    key_set, made = key_store.load()
    keys = ServerKeys.of(key_set)
    first = db.run_sync(lambda conn: first_state(conn, config.base_url, keys.ha1_seal, config.identity, config.seed))
    if first is not None:
        bootstrap.write_file(config.data_dir, first)
    elif made:
        log.warning(
            "made new keys in %s for a database that already holds data: tokens, Digest nonces and mail links "
            "made with other keys are refused or unreadable. Several processes on one database need the same "
            "keys: the same data directory, or the same %s.",
            key_store.path,
            ENVIRONMENT,
        )
    state = ServerState(
        db=db,
        keys=keys,
        buckets=_buckets(config, db),
        base_url=config.base_url,
        data_dir=config.data_dir,
        local_api=config.local_api,
        post=Post(config.base_url, Seal.of(key_set.mail), smtp=smtp),
        bootstrap=_identity(config, first),
        journal=Journal(config.journal_size),
        seed=config.seed,
    )
    app = create_app(state)
    app.router.lifespan_context = _lifespan(state, config.mail_timing)
    return OpenedServer(app, state, first)


def _buckets(config: ServerConfig, db: Database) -> Buckets | None:
    """MongoDB Cloud's buckets are per organization, not per process: on PostgreSQL every process shares them
    through the database; on SQLite (one process) they stay in memory."""
    if not config.rate_limits:
        return None
    return TokenBuckets() if db.is_sqlite else SharedBuckets(db.url)


def _identity(config: ServerConfig, first: dict[str, Any] | None) -> bootstrap.Identity:
    """What a reset bootstraps again: this start's bootstrap, else the data directory's, else the values fixed in
    advance (a process that shares a database but not the data directory)."""
    made = first or bootstrap.read_file(config.data_dir)
    return bootstrap.Identity.of(made) if made is not None else config.identity


def _lifespan(state: ServerState, mail_timing: DeliveryTiming) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        gc.freeze()  # what start-up made lives as long as the process: keep it out of every collection
        state.db.start_checkpoints()
        task = asyncio.create_task(_prune_forever(state))
        post = state.post
        delivery = None if post is None or post.smtp is None else Delivery(state.db, post.seal, post.smtp, mail_timing)
        if delivery is not None:
            delivery.start()
        verifier = LdapVerifier(state.db, state.keys.ha1_seal.secrets, state.ldap_verify)
        verifier.start()
        try:
            yield
        finally:
            await verifier.close()
            if delivery is not None:
                await delivery.close(DELIVERY_STOP_SECONDS)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if isinstance(state.buckets, SharedBuckets):
                state.buckets.dispose()
            state.db.dispose()

    return lifespan


async def _prune_forever(state: ServerState) -> None:
    """Forget used Digest nonces and revoked tokens once they can no longer matter: by the real clock, so that
    moving the server clock can never make them matter again (``store.credentials``)."""
    while True:
        await asyncio.sleep(PRUNE_EVERY_SECONDS)
        try:
            await state.db.run(lambda conn: credentials.prune(conn, int(real_now())))
        except Exception:
            log.exception("pruning nonces and revoked tokens failed; will retry")
