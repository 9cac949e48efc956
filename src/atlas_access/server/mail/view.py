"""How the outbox shows a mail (local control API and ``atlas-access outbox``)."""

from typing import Any

from atlas_access.core.clock import iso
from atlas_access.core.outbox import Mail
from atlas_access.server.mail.compose import opened
from atlas_access.server.mail.seal import Seal


def mail_view(mail: Mail, seal: Seal) -> dict[str, Any]:
    letter = opened(seal.open(mail.sealed))
    return {
        "id": mail.id,
        "to": mail.recipient,
        "subject": mail.subject,
        "text": letter.text,
        "html": letter.html,
        "link": letter.link,
        "createdAt": iso(mail.created_at),
        "invitationId": mail.invitation_id,
        "delivery": mail.state,
        "attempts": mail.attempts,
        "lastError": mail.last_error,
        "sentAt": None if mail.sent_at is None else iso(mail.sent_at),
    }
