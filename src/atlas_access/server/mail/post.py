"""Writing the invitee's mail in the transaction that creates the invitation."""

import hashlib
import secrets
from dataclasses import dataclass

from atlas_access.core.clock import real_now
from atlas_access.core.ids import new_id
from atlas_access.core.invitations import Invitation
from atlas_access.server.mail import compose
from atlas_access.server.mail.seal import Seal
from atlas_access.server.mail.smtp import SmtpSettings
from atlas_access.store import invitations, outbox
from atlas_access.store.database import Transaction

LINK_PATH = "/account/invitations/"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Post:
    """Where invitation mails go: an SMTP queue when ``smtp`` is set, else the outbox only."""

    base_url: str
    seal: Seal
    smtp: SmtpSettings | None = None  # where queued mails are sent

    def invitation(self, conn: Transaction, invitation: Invitation, now: int) -> str:
        """Give the invitation a fresh single-use token and write its mail; the mail's id."""
        token = secrets.token_urlsafe(32)  # 32 random bytes; only its SHA-256 is kept with the invitation
        invitations.set_token_hash(conn, invitation.id, hash_token(token))
        letter = compose.letter(invitation, self.base_url.rstrip("/") + LINK_PATH + token)
        mail = outbox.Mail(
            id=new_id(),
            invitation_id=invitation.id,
            recipient=invitation.username,
            subject=compose.subject(invitation),
            sealed=self.seal.close(letter),
            created_at=now,
            state=outbox.QUEUED if self.smtp is not None else outbox.STORED,
            attempts=0,
            next_attempt_at=real_now() if self.smtp is not None else None,
            last_error=None,
            sent_at=None,
        )
        outbox.add(conn, mail)
        return mail.id
