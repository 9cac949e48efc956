"""What a service call runs with: the transaction, the server time and who acts."""

from dataclasses import dataclass

from atlas_access.core.events import Actor
from atlas_access.server.mail.post import Post
from atlas_access.store.database import Transaction


@dataclass(frozen=True, slots=True)
class Context:
    conn: Transaction
    now: int
    actor: Actor
    post: Post | None = None  # None where no mail is written (bootstrap, fixtures)
