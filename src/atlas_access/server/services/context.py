"""What a service call runs with: the transaction, the server time and who acts."""

from dataclasses import dataclass

from sqlalchemy import Connection

from atlas_access.server.mail.post import Post
from atlas_access.store.events import Actor


@dataclass(frozen=True, slots=True)
class Context:
    conn: Connection
    now: int
    actor: Actor
    post: Post | None = None  # None where no mail is written (bootstrap, fixtures)
