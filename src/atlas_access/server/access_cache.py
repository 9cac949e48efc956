"""What authenticating and authorising a request looks up, kept per process while nothing it depends on changed.

Every request reads the credential that signs it (the service account a token names, or the API key of a Digest
response, with the clock offset and its access-list flags) and its roles in the organization or project the path
names: two statements, more than a third of a simple request's database work. ``AccessCache`` keeps their answers.
What makes that safe is the database's access generation (``store.access_generation``): triggers move it in the
same transaction as any change to a table those lookups read, whoever makes the change (this process, another
worker, the ``atlas-access`` commands, a snapshot's load). Each unit of work reads the generation first, in its
own transaction, and uses only answers kept under that same generation: a revoked token, a removed role or a
moved clock is seen by the very next request, in every process. Nothing here decides anything: a kept answer is
exactly what the store would answer in that transaction.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from atlas_access.core.credentials import ApiKeyCredential, TokenHolder
from atlas_access.core.directory import Org, ProjectWithRoles
from atlas_access.store import access_generation, credentials, directory
from atlas_access.store.database import Transaction

V = TypeVar("V")
LIMIT = 4096
"""Answers kept per kind and generation; past it the kind starts over (a bound on memory, not a policy)."""


@dataclass(slots=True)
class _Kept:
    generation: int
    answers: dict[Hashable, Any] = field(default_factory=dict)
    concluded: dict[Hashable, Any] = field(default_factory=dict)  # worked out from ``answers`` alone (``KeptOnly``)


class AccessLookups:
    """One unit of work's lookups: kept answers of its generation, else the store's (then kept)."""

    __slots__ = ("_conn", "_kept")

    def __init__(self, conn: Transaction | None, kept: _Kept | None) -> None:
        self._conn = conn
        self._kept = kept

    @property
    def _store(self) -> Transaction:
        assert self._conn is not None, "only KeptOnly has no transaction, and it never asks the store"
        return self._conn

    def _answer(self, key: Hashable, look_up: Callable[[], V | None]) -> V | None:
        kept = self._kept
        if kept is None:
            return look_up()
        return _kept_in(kept.answers, key, look_up)  # an unknown credential or organization is looked up each time

    def token_holder(self, account_id: str, jti: str) -> TokenHolder | None:
        return self._answer(("token", account_id, jti), lambda: credentials.token_holder(self._store, account_id, jti))

    def api_key(self, public_key: str) -> tuple[ApiKeyCredential | None, int | None]:
        found = self._answer(("key", public_key), lambda: _found_key(credentials.api_key(self._store, public_key)))
        return found if found is not None else (None, None)

    def org_with_roles(self, org_id: str, member_id: str) -> tuple[Org, frozenset[str] | None] | None:
        return self._answer(
            ("org", org_id, member_id), lambda: directory.org_with_roles(self._store, org_id, member_id)
        )

    def project_with_roles(self, group_id: str, member_id: str) -> ProjectWithRoles | None:
        return self._answer(
            ("project", group_id, member_id), lambda: directory.project_with_roles(self._store, group_id, member_id)
        )


class NotKept(Exception):
    """``KeptOnly`` has no answer for a lookup: the request needs its unit of work."""


class KeptOnly(AccessLookups):
    """The kept answers of one generation and nothing else: no transaction, ``NotKept`` for any other lookup (a
    request's guarded write, ``server.wire.guarded``)."""

    __slots__ = ()

    def __init__(self, kept: _Kept) -> None:
        super().__init__(None, kept)

    def _answer(self, key: Hashable, look_up: Callable[[], V | None]) -> V | None:
        assert self._kept is not None
        found: V | None = self._kept.answers.get(key)
        if found is None:
            raise NotKept()
        return found

    def concluded(self, key: Hashable, conclude: Callable[[], V | None]) -> V | None:
        """``conclude()``, kept with this generation's answers and dropped with them: it must depend on nothing but
        these lookups and what ``key`` holds. Nothing concluded (None) is not kept: it is worked out again."""
        assert self._kept is not None
        return _kept_in(self._kept.concluded, key, conclude)


def _kept_in(kept: dict[Hashable, Any], key: Hashable, work: Callable[[], V | None]) -> V | None:
    """What ``kept`` holds under ``key``, else ``work()``, kept unless it is None; past ``LIMIT`` ``kept`` starts
    over."""
    found: V | None = kept.get(key)
    if found is None:
        found = work()
        if found is not None:
            if len(kept) >= LIMIT:
                kept.clear()
            kept[key] = found
    return found


def _found_key(
    answer: tuple[ApiKeyCredential | None, int | None],
) -> tuple[ApiKeyCredential, int] | None:
    key, offset = answer
    return None if key is None or offset is None else (key, offset)


def uncached(conn: Transaction) -> AccessLookups:
    """Lookups that ask the store every time (a unit of work outside the request pipeline, or after its writes)."""
    return AccessLookups(conn, None)


class AccessCache:
    """The answers of one process, under the last generation a unit of work read."""

    def __init__(self) -> None:
        self._kept: _Kept | None = None

    def lookups(self, conn: Transaction) -> AccessLookups:
        """The lookups of a unit of work on ``conn`` (reads the access generation: one statement)."""
        generation = access_generation.current(conn)
        if generation is None:
            return uncached(conn)
        kept = self._kept
        if kept is None or kept.generation != generation:
            kept = self._kept = _Kept(generation)  # older ones are left to the units still using them
        return AccessLookups(conn, kept)

    def kept(self) -> tuple[int, KeptOnly] | None:
        """The last generation a unit of work read, and its kept answers alone; None before any."""
        kept = self._kept
        return None if kept is None else (kept.generation, KeptOnly(kept))
