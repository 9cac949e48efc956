"""Valid requests for the RBAC matrix: filled in with this area's operations."""

from __future__ import annotations

from support.matrix.world import Request, World


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    return None
