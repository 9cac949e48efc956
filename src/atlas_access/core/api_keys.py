"""Programmatic API keys as the Admin API shows them: the key plus the roles its memberships hold."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An organization's API key; the private key itself is never kept, only its mask."""

    id: str
    org_id: str
    public_key: str
    private_key_mask: str
    description: str
    created_at: int
    org_roles: tuple[str, ...] = ()
    group_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # project id -> roles, oldest first
