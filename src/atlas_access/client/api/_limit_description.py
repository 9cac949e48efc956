"""``client.limit_description``: the spec's ``Limit Description`` (preview; the Go SDK has no such group yet): the
limits every project starts with, their defaults and maximums. A project's own limits are ``client.projects``
(``list_project_limits`` ...). Methods carry the spec's operation ids in snake case.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._methods import Methods, Page, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import DefaultGroupLimitResponse, Paginated

__all__ = ["LimitDescriptionApi"]


class LimitDescriptionApi(Methods, typed_calls="LimitDescription"):
    """The default limits of projects (``application/vnd.atlas.preview+json``)."""

    @typed
    def list_default_group_limits(**page: Unpack[Page]) -> Paginated[DefaultGroupLimitResponse]:
        """One page of the limits, each with its default, maximum and what it limits."""

    @walk
    def iter_default_group_limits(*, items_per_page: int = 100) -> Iterator[DefaultGroupLimitResponse]:
        """Every limit, page after page."""

    @typed
    def get_default_group_limit(limit_name: str) -> DefaultGroupLimitResponse:
        """One limit by its name (``MONGODB_USERS`` ...); ``NotFound`` for a name that is none."""
