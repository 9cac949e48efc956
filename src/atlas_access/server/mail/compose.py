"""The invitation mail: what, from whom, which roles, until when, and the link (docs/wire.md §9).

A new invitation's mail is stored as what its letter says (``facts``), sealed; the letter is written from them
when the mail is shown or sent (``opened``). Writing it costs a request nothing, and a mail reads the same
whenever it is written: the facts are those of the moment the invitation was made. Mails stored before keep
their letter whole, and open as they were.
"""

import html
from dataclasses import dataclass
from typing import Any

from atlas_access.core.clock import iso
from atlas_access.core.invitations import Invitation, Kind


@dataclass(frozen=True, slots=True)
class Letter:
    """What a mail says, as text and as HTML, and its link."""

    text: str
    html: str
    link: str


# What ``opened`` gives for a mail sealed with a key this server does not have: shown, never sent.
UNREADABLE = Letter("(sealed with another key)", "", "")


def scope_name(invitation: Invitation) -> str:
    if invitation.kind is Kind.GROUP:
        return f'the project "{invitation.group_name}" of the organization "{invitation.org_name}"'
    return f'the organization "{invitation.org_name}"'


def granted_roles(invitation: Invitation) -> list[str]:
    """Every role the invitation grants, project roles named with their project id."""
    granted = list(invitation.roles)
    for assignment in invitation.group_role_assignments:
        granted.extend(f"{role} (project {assignment.group_id})" for role in assignment.roles)
    return granted


def subject(invitation: Invitation) -> str:
    where = invitation.group_name if invitation.kind is Kind.GROUP else invitation.org_name
    return f"Invitation to join {where} on MongoDB Cloud"[:250]


def facts(invitation: Invitation, link: str) -> dict[str, Any]:
    """What the letter of ``invitation`` says, as the outbox seals it (``written`` writes the letter)."""
    return {
        "inviter": invitation.inviter_username,
        "to": scope_name(invitation),
        "roles": granted_roles(invitation),
        "expires": invitation.expires_at,
        "link": link,
    }


def written(said: dict[str, Any]) -> Letter:
    """The letter that says ``said`` (``facts``)."""
    inviter, to, link = str(said["inviter"]), str(said["to"]), str(said["link"])
    roles = ", ".join(str(role) for role in said["roles"]) or "(none)"
    expires = iso(int(said["expires"]))
    text = (
        f"Hello,\n\n{inviter} invited you to join {to}.\n\n"
        f"Roles: {roles}\n"
        f"The invitation expires at {expires}.\n\n"
        f"Accept or decline it here:\n{link}\n\n"
        "If you did not expect this invitation, you can ignore this mail.\n"
    )
    e = html.escape
    body = (
        "<!doctype html><html><body>"
        f"<p>{e(inviter)} invited you to join {e(to)}.</p>"
        f"<p>Roles: {e(roles)}<br>The invitation expires at {e(expires)}.</p>"
        f'<p><a href="{e(link)}">Accept or decline the invitation</a></p>'
        "</body></html>"
    )
    return Letter(text, body, link)


def whole(letter: Letter) -> dict[str, Any]:
    """A letter kept whole, as mails were sealed before their facts were (``opened`` reads both)."""
    return {"text": letter.text, "html": letter.html, "link": letter.link}


def opened(sealed: dict[str, Any] | None) -> Letter:
    """The letter of a mail's opened seal (``Seal.open``): written from its facts, or kept whole; ``UNREADABLE``
    when the seal did not open, or holds neither."""
    try:
        if sealed is None:
            return UNREADABLE
        if "text" in sealed:
            return Letter(str(sealed["text"]), str(sealed["html"]), str(sealed["link"]))
        return written(sealed)
    except (KeyError, TypeError, ValueError):
        return UNREADABLE
