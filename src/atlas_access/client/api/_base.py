"""What every API group shares: what it needs from a client (``Caller``, ``AsyncCaller``), and running one typed
call through it, or walking all its pages.

An API group is one of the Go SDK's ``...Api`` classes (``OrganizationsApi``), not a project (which the wire calls
a group). Its methods are written once (``_methods``) and run here. The typed-call table (``_typed_calls``) is
imported at the first typed call, not with the client: it builds pydantic models, which the ``atlas`` command and
untyped ``call``s never need.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from atlas_access.client.api._typed_calls import Pages, TypedCall

__all__ = ["ApiGroup", "AsyncApiGroup", "AsyncCaller", "Body", "Caller", "wire_time"]

Body = Mapping[str, Any]  # a request body as a plain dict, in the wire's names

R = TypeVar("R")
M = TypeVar("M", bound="BaseModel")


class Caller(Protocol):
    """What an API group needs from ``AtlasClient``: run an operation of the spec index, walk a paginated one."""

    def call(self, operation_id: str, /, *, body: Any = None, version: str | None = None, **params: Any) -> Any: ...

    def paginate(
        self, operation_id: str, /, *, items_per_page: int = 100, version: str | None = None, **params: Any
    ) -> Iterator[Any]: ...


class AsyncCaller(Protocol):
    """What an API group needs from ``AsyncAtlasClient``: ``Caller``'s calls, awaited."""

    async def call(
        self, operation_id: str, /, *, body: Any = None, version: str | None = None, **params: Any
    ) -> Any: ...

    def paginate(
        self, operation_id: str, /, *, items_per_page: int = 100, version: str | None = None, **params: Any
    ) -> AsyncIterator[Any]: ...


def wire_time(moment: Any) -> Any:
    """A query timestamp: ISO 8601 in UTC (a naive ``datetime`` is taken as UTC); anything else goes as it is."""
    if not isinstance(moment, datetime):
        return moment
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _wire(value: Any) -> Any:
    """A request model in the wire's names, only the fields it was given (a ``TeamRole`` read from an answer and
    sent back carries its links, one built with ``team_id`` and ``role_names`` does not); a mapping as a dict."""
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return dict(value) if isinstance(value, Mapping) else value


def _json(body: Any) -> Any:
    """A body: one object, or an array of them (``addGroupTeams``, access-list entries ...)."""
    if isinstance(body, Sequence) and not isinstance(body, str | bytes):
        return [_wire(item) for item in body]
    return _wire(body)


class ApiGroup:
    """An API group of ``AtlasClient``: ``OrganizationsApi(organizations.OrganizationsApi, ApiGroup)`` runs the
    methods written in ``_organizations.py`` (see ``_methods``) through the client."""

    def __init__(self, client: Caller) -> None:
        self._client = client

    def _run(self, typed_call: TypedCall[R], /, body: Any = None, **params: Any) -> R:
        answer = self._client.call(typed_call.operation_id, version=typed_call.version, body=_json(body), **params)
        return typed_call.read(answer)

    def _iterate(self, pages: Pages[M], /, items_per_page: int, **params: Any) -> Iterator[M]:
        items = self._client.paginate(
            pages.operation_id, version=pages.version, items_per_page=items_per_page, **params
        )
        for item in items:
            yield pages.model.model_validate(item)


class AsyncApiGroup:
    """An API group of ``AsyncAtlasClient``: the same methods, awaited."""

    def __init__(self, client: AsyncCaller) -> None:
        self._client = client

    async def _run(self, typed_call: TypedCall[R], /, body: Any = None, **params: Any) -> R:
        answer = await self._client.call(
            typed_call.operation_id, version=typed_call.version, body=_json(body), **params
        )
        return typed_call.read(answer)

    async def _iterate(self, pages: Pages[M], /, items_per_page: int, **params: Any) -> AsyncIterator[M]:
        items = self._client.paginate(
            pages.operation_id, version=pages.version, items_per_page=items_per_page, **params
        )
        async for item in items:
            yield pages.model.model_validate(item)
