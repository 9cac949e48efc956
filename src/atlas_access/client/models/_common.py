"""The base of every model, links, and the paginated list that most list operations answer with."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

__all__ = ["AtlasModel", "Link", "Paginated"]

T = TypeVar("T")


class AtlasModel(BaseModel):
    """A JSON object of the Admin API: snake_case attributes for the wire's camelCase names (``org_id`` for
    ``orgId``; either name is accepted on input), and fields this version of the SDK does not know kept in
    ``model_extra`` under their wire names, so that a newer server's answers still parse."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, alias_generator=to_camel)


class Link(AtlasModel):
    """A related resource (RFC 5988): ``rel`` is ``self``, ``next``, ``previous`` or a URL naming the relation."""

    href: str
    rel: str


class Paginated(AtlasModel, Generic[T]):
    """One page of a list: ``results``, ``total_count`` (absent when ``include_count=False``) and the links to
    this page and its neighbours. The ``iter_*`` methods walk every page."""

    results: list[T]
    total_count: int | None = None
    links: list[Link] = Field(default_factory=list)
