"""What the running server shares between requests."""

from dataclasses import dataclass
from pathlib import Path

from atlas_access.core.ratelimit import TokenBuckets
from atlas_access.server.auth.authenticate import ServerKeys
from atlas_access.server.mail.post import Post
from atlas_access.store.database import Database


@dataclass(slots=True)
class ServerState:
    db: Database
    keys: ServerKeys
    buckets: TokenBuckets | None  # None when rate limits are off
    base_url: str
    data_dir: Path
    local_api: bool = True
    post: Post | None = None  # where invitation mails go
