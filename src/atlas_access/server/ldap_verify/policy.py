"""How LDAP verifications run."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VerifyPolicy:
    """How verifications run: their time bounds, how often pending ones are looked for, and whether only hosts on
    this machine's loopback may be contacted (for tests, which must reach no other network)."""

    connect_seconds: float = 5.0
    overall_seconds: float = 10.0
    poll_seconds: float = 0.25
    loopback_only: bool = False
    concurrent: int = 4  # verifications one process runs at once

    @property
    def lease_seconds(self) -> int:
        """How long a process holds a request it runs: longer than the work can take."""
        return int(self.overall_seconds) + 5
