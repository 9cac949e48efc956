"""``client.rate_limiting``: the Go SDK's ``RateLimitingApi`` (2025-03-12): the rate limits the server enforces,
each a set of endpoints that share one token bucket per scope (IP address, project, organization or user).

The filters (``group_id``, ``org_id``, ``user_id``, ``ip_address``) name whose buckets to describe; ``name`` and
``endpoint_path`` narrow the list to sets of that name or holding that path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._methods import Methods, Page, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import Paginated, RateLimitEndpointSetResponse

__all__ = ["RateLimitingApi"]


class RateLimitingApi(Methods, typed_calls="RateLimiting"):
    """The rate limits."""

    @typed
    def list_rate_limits(
        *,
        group_id: str | None = None,
        org_id: str | None = None,
        user_id: str | None = None,
        ip_address: str | None = None,
        name: str | None = None,
        endpoint_path: str | None = None,
        **page: Unpack[Page],
    ) -> Paginated[RateLimitEndpointSetResponse]:
        """One page of the rate limits (filtered by ``name`` or by an ``endpoint_path`` they cover)."""

    @walk
    def iter_rate_limits(
        *,
        group_id: str | None = None,
        org_id: str | None = None,
        user_id: str | None = None,
        ip_address: str | None = None,
        name: str | None = None,
        endpoint_path: str | None = None,
        items_per_page: int = 100,
    ) -> Iterator[RateLimitEndpointSetResponse]:
        """Every rate limit, page after page."""

    @typed
    def get_rate_limit(
        endpoint_set_id: str,
        *,
        group_id: str | None = None,
        org_id: str | None = None,
        user_id: str | None = None,
        ip_address: str | None = None,
    ) -> RateLimitEndpointSetResponse:
        """One rate limit by its ``endpoint_set_id``; ``NotFound`` for an id that names none."""
