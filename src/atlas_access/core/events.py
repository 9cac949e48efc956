"""The audit trail's records: who acted, what happened, and which part of a feed to show."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict


class Where(TypedDict):
    """What an event is about: its organization (``None`` for none), the project when it is a project's event,
    the user it names and its other targets (``teamId``, ``apiKeyId`` ...)."""

    org_id: str | None
    group_id: NotRequired[str | None]
    target_username: NotRequired[str | None]
    targets: NotRequired[Mapping[str, str] | None]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it: an API key (``name`` = public key), a service account (client id), a user or the system."""

    kind: str
    id: str | None
    name: str | None
    remote_address: str | None = None


SYSTEM = Actor("SYSTEM", None, None)


@dataclass(frozen=True, slots=True)
class Event:
    """One state change. ``targets`` are what it is about besides a user (``targetPublicKey``, ``teamId``...)."""

    id: str
    org_id: str | None
    group_id: str | None
    event_type: str
    created_at: int
    actor: Actor
    target_username: str | None
    targets: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events of an organization's (``group_id`` None) or a project's feed to show."""

    org_id: str | None = None
    group_id: str | None = None
    types: tuple[str, ...] = ()
    min_date: int | None = None
    max_date: int | None = None
