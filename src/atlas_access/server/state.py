"""What the running server shares between requests."""

from dataclasses import dataclass, field
from pathlib import Path

from atlas_access.core.ratelimit import Buckets
from atlas_access.server.access_cache import AccessCache
from atlas_access.server.auth.authenticate import ServerKeys
from atlas_access.server.faults import Faults
from atlas_access.server.journal import Journal
from atlas_access.server.ldap_verify.policy import VerifyPolicy
from atlas_access.server.mail.post import Post
from atlas_access.server.services.bootstrap import Identity
from atlas_access.server.services.fixtures import FixturesIn
from atlas_access.server.services.snapshots import Snapshot
from atlas_access.store.database import Database


@dataclass(slots=True)
class ServerState:
    db: Database
    keys: ServerKeys
    buckets: Buckets | None  # None when rate limits are off; in the database on PostgreSQL (every process's)
    base_url: str
    data_dir: Path
    local_api: bool = True
    post: Post | None = None  # where invitation mails go
    bootstrap: Identity = field(default_factory=Identity)  # what a reset bootstraps again (the first start's values)
    seed: FixturesIn | None = None  # applied after every reset (serve --seed)
    journal: Journal = field(default_factory=Journal)  # the requests answered (docs/journal.md)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)  # saved by name, this process only (docs/snapshots.md)
    faults: Faults = field(default_factory=Faults)  # fault rules, this process only (docs/faults.md)
    ldap_verify: VerifyPolicy = field(default_factory=VerifyPolicy)  # docs/ldap-and-x509.md
    # lookups kept per access generation (docs/access-cache.md)
    access: AccessCache = field(default_factory=AccessCache)
