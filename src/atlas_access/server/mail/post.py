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
from atlas_access.store import outbox
from atlas_access.store.database import Transaction

LINK_PATH = "/account/invitations/"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Token:
    """An invitation link's token, and the hash the invitation keeps of it."""

    text: str
    hash: str


@dataclass(frozen=True, slots=True)
class Post:
    """Where invitation mails go: an SMTP queue when ``smtp`` is set, else the outbox only."""

    base_url: str
    seal: Seal
    smtp: SmtpSettings | None = None  # where queued mails are sent

    @staticmethod
    def new_token() -> Token:
        """A fresh single-use token for an invitation's link: 32 random bytes; only its SHA-256 is stored with the
        invitation (``store.invitations.insert``)."""
        token = secrets.token_urlsafe(32)
        return Token(token, hash_token(token))

    def invitation(self, conn: Transaction, invitation: Invitation, token: Token, now: int) -> str:
        """Write the mail of a new invitation, whose link carries ``token``; the mail's id."""
        said = compose.facts(invitation, self.base_url.rstrip("/") + LINK_PATH + token.text)
        mail = outbox.Mail(
            id=new_id(),
            invitation_id=invitation.id,
            recipient=invitation.username,
            subject=compose.subject(invitation),
            sealed=self.seal.close(said),  # the letter is written when it is shown or sent
            created_at=now,
            state=outbox.QUEUED if self.smtp is not None else outbox.STORED,
            attempts=0,
            next_attempt_at=real_now() if self.smtp is not None else None,
            last_error=None,
            sent_at=None,
        )
        outbox.add(conn, mail)
        return mail.id
