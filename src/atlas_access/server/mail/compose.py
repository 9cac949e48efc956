"""The invitation mail: what, from whom, which roles, until when, and the link (docs/wire.md §9)."""

import html

from atlas_access.core.clock import iso
from atlas_access.core.invitations import Invitation, Kind
from atlas_access.server.mail.seal import Letter


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


def letter(invitation: Invitation, link: str) -> Letter:
    roles = ", ".join(granted_roles(invitation)) or "(none)"
    expires = iso(invitation.expires_at)
    text = (
        f"Hello,\n\n{invitation.inviter_username} invited you to join {scope_name(invitation)}.\n\n"
        f"Roles: {roles}\n"
        f"The invitation expires at {expires}.\n\n"
        f"Accept or decline it here:\n{link}\n\n"
        "If you did not expect this invitation, you can ignore this mail.\n"
    )
    e = html.escape
    body = (
        "<!doctype html><html><body>"
        f"<p>{e(invitation.inviter_username)} invited you to join {e(scope_name(invitation))}.</p>"
        f"<p>Roles: {e(roles)}<br>The invitation expires at {e(expires)}.</p>"
        f'<p><a href="{e(link)}">Accept or decline the invitation</a></p>'
        "</body></html>"
    )
    return Letter(text, body, link)
