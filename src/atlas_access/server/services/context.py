"""What a service call runs with: the transaction, the server time and who acts."""

from dataclasses import dataclass
from typing import Unpack

from atlas_access.core.clock import server_now
from atlas_access.core.events import Actor, Where
from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.server.auth.sealing import Seal
from atlas_access.server.mail.post import Post
from atlas_access.store import events, settings
from atlas_access.store.database import Transaction


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Context:
    conn: Transaction
    now: int
    actor: Actor
    post: Post | None = None  # None where no mail is written (bootstrap, fixtures)
    ha1_seal: Ha1Seal | None = None  # seals new API keys' HA1; None where no API key is made

    @property
    def secrets(self) -> Seal:
        """Seals secrets the database keeps (LDAP bind passwords, a project CA's key) with the server's credential
        keys, which live outside it."""
        if self.ha1_seal is None:
            raise RuntimeError("secrets are sealed only with the server's credential key (Context.ha1_seal)")
        return self.ha1_seal.secrets

    def record(self, event_type: str, **where: Unpack[Where]) -> None:
        """Write the event of a change, by this context's actor at its time, in its transaction: the
        organization's feed, or the project's when ``group_id`` is given."""
        events.record(self.conn, event_type, actor=self.actor, now=self.now, **where)

    def record_about_invitation(self, event_type: str, org_id: str, invitation_id: str) -> None:
        """``record`` the change of an invitation this transaction made: its project and invitee from its row."""
        events.record_about_invitation(
            self.conn, event_type, actor=self.actor, now=self.now, org_id=org_id, invitation_id=invitation_id
        )


def at_server_time(conn: Transaction, actor: Actor, post: Post | None = None) -> Context:
    """A context at the server's clock (its offset is kept in the database), for the calls that do not come
    through the API pipeline: the local control API and the invitee's page."""
    return Context(conn, server_now(settings.clock_offset(conn)), actor, post)
