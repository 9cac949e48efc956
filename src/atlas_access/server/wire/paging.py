"""Paginated lists: ``{links, results, totalCount}`` with absolute ``self``/``next``/``previous`` links."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from atlas_access.server.wire import query

_PAGING = ("pageNum", "itemsPerPage", "includeCount")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    size: int
    include_count: bool

    @property
    def offset(self) -> int:
        """Items before the page; past 64 bits it stays there (no list is that long, and a store's OFFSET is 64-bit)."""
        return min((self.number - 1) * self.size, query.INT64_MAX)


def page_of(params: Mapping[str, str]) -> Page:
    """``pageNum`` >= 1 (default 1), ``itemsPerPage`` 1-500 (default 100), ``includeCount`` (default true)."""
    return Page(
        query.integer(params, "pageNum", 1, 1),
        query.integer(params, "itemsPerPage", 100, 1, 500),
        query.flag(params, "includeCount", True),
    )


def paginated(
    results: Sequence[Any], total: int, page: Page, base_url: str, path: str, params: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """The list body. Links keep the request's other parameters, as MongoDB Cloud's do."""
    kept = [(name, value) for name, value in params if name not in _PAGING]
    count = "true" if page.include_count else "false"

    # As recorded: the filters and includeCount by name, then the page (self: pageNum first; others: last).
    leading = sorted([*kept, ("includeCount", count)], key=lambda item: item[0])

    def link(rel: str, number: int, self_order: bool) -> dict[str, str]:
        paging = (
            [("pageNum", str(number)), ("itemsPerPage", str(page.size))]
            if self_order
            else [("itemsPerPage", str(page.size)), ("pageNum", str(number))]
        )
        return {"href": f"{base_url}{path}?{urlencode(leading + paging)}", "rel": rel}

    links = [link("self", page.number, True)]
    if page.offset + len(results) < total:
        links.append(link("next", page.number + 1, False))
    if page.number > 1:
        links.append(link("previous", page.number - 1, False))
    body: dict[str, Any] = {"links": links, "results": list(results)}
    body["totalCount"] = total if page.include_count else 0
    return body


def page_body(
    params: QueryParams, base_url: str, path: str, found: Sequence[T], view: Callable[[T], Any]
) -> dict[str, Any]:
    """The requested page of ``found`` (the whole list, in order), each item shown by ``view``."""
    page = page_of(params)
    results = [view(item) for item in found[page.offset : page.offset + page.size]]
    return paginated(results, len(found), page, base_url, path, params.multi_items())
