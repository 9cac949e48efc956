"""Invitations as the wire shows them, shared by the Atlas v2 and Cloud Manager v1.0 surfaces (their request
bodies are in ``membership_bodies``)."""

from typing import Any

from atlas_access.core.clock import iso
from atlas_access.core.invitations import Invitation
from atlas_access.core.roles import Surface


def org_view(invitation: Invitation, surface: Surface) -> dict[str, Any]:
    """An organization invitation as the wire shows it (no ``links``, like the real API)."""
    view: dict[str, Any] = {
        "createdAt": iso(invitation.created_at),
        "expiresAt": iso(invitation.expires_at),
        "id": invitation.id,
        "inviterUsername": invitation.inviter_username,
        "orgId": invitation.org_id,
        "orgName": invitation.org_name,
        "roles": list(invitation.roles),
        "teamIds": list(invitation.team_ids),
        "username": invitation.username,
    }
    if surface is Surface.ATLAS_V2:
        view["groupRoleAssignments"] = [
            {"groupId": a.group_id, "groupRole": role} for a in invitation.group_role_assignments for role in a.roles
        ]
    return view


def group_view(invitation: Invitation) -> dict[str, Any]:
    """A project invitation as the wire shows it."""
    return {
        "createdAt": iso(invitation.created_at),
        "expiresAt": iso(invitation.expires_at),
        "groupId": invitation.group_id,
        "groupName": invitation.group_name,
        "id": invitation.id,
        "inviterUsername": invitation.inviter_username,
        "roles": list(invitation.roles),
        "username": invitation.username,
    }
