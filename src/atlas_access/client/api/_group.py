"""What every API group shares: run one typed operation through the client, or walk all its pages.

The endpoint table (``_endpoints``) is imported at the first typed call, not with the client: it builds
pydantic models, which the ``atlas`` command and untyped ``call``s never need.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from atlas_access.client._clients import AsyncAtlasClient, AtlasClient
    from atlas_access.client.api import _endpoints as endpoints
    from atlas_access.client.api._endpoints import Operation, Pages
else:

    class _Endpoints:
        def __getattr__(self, name: str) -> Any:
            from atlas_access.client.api import _endpoints

            return getattr(_endpoints, name)

    endpoints = _Endpoints()

__all__ = ["AsyncGroup", "Body", "SyncGroup", "endpoints", "wire_time"]

Body = Mapping[str, Any]  # a request body as a plain dict, in the wire's names

R = TypeVar("R")
M = TypeVar("M", bound="BaseModel")


def wire_time(moment: datetime | str | None) -> str | None:
    """A query timestamp: ISO 8601 in UTC (a naive ``datetime`` is taken as UTC); a string goes as it is."""
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


class SyncGroup:
    """An API group of ``AtlasClient``."""

    def __init__(self, client: AtlasClient) -> None:
        self._client = client

    def _run(self, endpoint: Operation[R], /, body: Any = None, **params: Any) -> R:
        answer = self._client.call(endpoint.operation_id, version=endpoint.version, body=_json(body), **params)
        return endpoint.read(answer)

    def _iterate(self, endpoint: Pages[M], /, items_per_page: int, **params: Any) -> Iterator[M]:
        pages = self._client.paginate(
            endpoint.operation_id, version=endpoint.version, items_per_page=items_per_page, **params
        )
        for item in pages:
            yield endpoint.model.model_validate(item)


class AsyncGroup:
    """An API group of ``AsyncAtlasClient``."""

    def __init__(self, client: AsyncAtlasClient) -> None:
        self._client = client

    async def _run(self, endpoint: Operation[R], /, body: Any = None, **params: Any) -> R:
        answer = await self._client.call(endpoint.operation_id, version=endpoint.version, body=_json(body), **params)
        return endpoint.read(answer)

    async def _iterate(self, endpoint: Pages[M], /, items_per_page: int, **params: Any) -> AsyncIterator[M]:
        pages = self._client.paginate(
            endpoint.operation_id, version=endpoint.version, items_per_page=items_per_page, **params
        )
        async for item in pages:
            yield endpoint.model.model_validate(item)
