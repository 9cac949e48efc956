"""The access generation: a counter that moves, in the same transaction, with every change to a table that
authenticating or authorising a request reads (triggers of migration 0015, whoever writes). Reading it in a unit
of work tells whether anything those lookups could answer has changed since another unit read the same number."""

from sqlalchemy import BigInteger, ColumnElement, Connection, bindparam, select

from atlas_access.store.prepared import Prepared
from atlas_access.store.tables import access_generation

TRACKED = (
    "service_accounts",
    "api_keys",
    "access_list_entries",
    "org_settings",
    "revoked_tokens",
    "settings",
    "organizations",
    "org_members",
    "projects",
    "project_members",
)
"""The tables whose changes move the generation (the triggers of migration 0015; a test holds the two equal)."""

_CURRENT = Prepared(select(access_generation.c.value).where(access_generation.c.id == 1))


def current(conn: Connection) -> int | None:
    """The generation as this transaction sees it; None if the row is missing (then nothing may be kept)."""
    value = _CURRENT.scalar(conn)
    return None if value is None else int(value)


def holds(parameter: str = "generation") -> ColumnElement[bool]:
    """A statement's guard: true only while the generation still has the value of the bound ``parameter``, the one
    the request's kept answers were read under (``server.access_cache``). A statement that holds it saw the same
    roles, tokens and clock as those answers (``store.guarded_writes``, ``store.invitations.get_guarded``)."""
    now = select(access_generation.c.value).where(access_generation.c.id == 1).scalar_subquery()
    return now == bindparam(parameter, type_=BigInteger)
