"""Service accounts as the API manages them: the account, its organization roles and its secrets."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Secret:
    """What is known of a secret after its creation: never the secret itself."""

    id: str
    masked_value: str
    created_at: int
    expires_at: int
    last_used_at: int | None


@dataclass(frozen=True, slots=True)
class Account:
    """A service account with its organization roles and its secrets (oldest first)."""

    id: str
    org_id: str
    client_id: str
    name: str
    description: str
    created_at: int
    roles: tuple[str, ...]
    secrets: tuple[Secret, ...]
