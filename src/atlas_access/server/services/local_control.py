"""The local control API's work (``/api/local/v1``, docs/wire.md §10): the admin token, the server's clock, the
outbox, reset and fixtures. Nothing here knows about HTTP."""

import hmac
from typing import Any

from atlas_access.core.clock import check_server_time, parse_duration, parse_iso, real_now, server_now
from atlas_access.core.errors import ApiError
from atlas_access.core.events import SYSTEM, Actor
from atlas_access.core.outbox import Mail
from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.server.services import bootstrap, fixtures
from atlas_access.server.services.context import Context
from atlas_access.store import outbox, settings
from atlas_access.store import reset as reset_store
from atlas_access.store.database import Transaction


def admin_token_ok(conn: Transaction, header: str | None) -> bool:
    """Whether an ``Authorization`` header carries the admin token of ``bootstrap.json`` as a Bearer token."""
    scheme, _, token = (header or "").partition(" ")
    stored = settings.get(conn, bootstrap.ADMIN_TOKEN_HASH)
    if scheme.lower() != "bearer" or not token.strip() or stored is None:
        return False
    return hmac.compare_digest(stored, bootstrap.hash_admin_token(token.strip()))


def clock_offset(conn: Transaction) -> int:
    """How far the server's clock is from the real one, in seconds."""
    return settings.clock_offset(conn)


def set_clock(conn: Transaction, *, advance: str | None, now: str | None) -> int:
    """Move the server's clock ``advance`` (``90s``, ``31d``) forward, or to ``now`` (ISO 8601); its new offset.
    400 ``INVALID_JSON_ATTRIBUTE`` for a duration or time that cannot be read or leaves 1970..9000."""
    offset = settings.clock_offset(conn)
    try:
        if advance is not None:
            offset += parse_duration(advance)
        else:
            assert now is not None
            offset = parse_iso(now) - int(real_now())
        check_server_time(int(real_now()) + offset)
    except ValueError as problem:
        raise ApiError("INVALID_JSON_ATTRIBUTE", "advance" if advance else "now", detail=str(problem)) from None
    settings.put(conn, settings.CLOCK_OFFSET, str(offset))
    return offset


def real_clock(conn: Transaction) -> int:
    """The server's clock back at real time; its offset (0). Moving it back revives nothing (docs/wire.md §10)."""
    settings.put(conn, settings.CLOCK_OFFSET, "0")
    return 0


def mails(conn: Transaction) -> list[Mail]:
    """Every mail of the outbox, sent or not."""
    return outbox.listing(conn)


def first_state(
    conn: Transaction,
    base_url: str,
    ha1_seal: Ha1Seal,
    identity: bootstrap.Identity,
    seed: fixtures.FixturesIn | None,
) -> dict[str, Any] | None:
    """Bootstrap an empty database with ``identity`` and apply the seed document in the same transaction: what
    was made (``bootstrap.json``'s content, the seed's answer under ``seeded``), or None if it was not empty."""
    now = server_now(settings.clock_offset(conn))
    made = bootstrap.bootstrap(conn, now, base_url, ha1_seal, identity)
    if made is not None and seed is not None:
        made["seeded"] = fixtures.build(Context(conn, now, SYSTEM, ha1_seal=ha1_seal), seed)
    return made


def reset(
    conn: Transaction,
    base_url: str,
    ha1_seal: Ha1Seal,
    identity: bootstrap.Identity,
    seed: fixtures.FixturesIn | None,
) -> dict[str, Any]:
    """Empty every table, the clock back at real time, and bootstrap again with the same ``identity`` (the
    credentials a test suite or CI file holds stay good), then the seed. The keys are not in the database, so
    tokens and nonces made before stay valid."""
    reset_store.empty(conn)
    made = first_state(conn, base_url, ha1_seal, identity, seed)
    assert made is not None
    return made


def load_fixtures(conn: Transaction, actor: Actor, ha1_seal: Ha1Seal, document: fixtures.FixturesIn) -> Any:
    """Build what a fixture document describes, at the server's time (docs/fixtures.md)."""
    return fixtures.build(Context(conn, server_now(settings.clock_offset(conn)), actor, ha1_seal=ha1_seal), document)
