"""The atlas-sdk-go models the real Atlas CLI decodes invitations into (``cli/_gostruct.py`` does the decoding).

A ``--file`` is decoded into the request model the same way as an answer, so fields the model does not have are
ignored, as the real CLI ignores them.
"""

from __future__ import annotations

from atlas_access.cli._gostruct import Field, Model

__all__ = [
    "GROUP_INVITATION",
    "GROUP_INVITATION_REQUEST",
    "GROUP_INVITATION_UPDATE_REQUEST",
    "ORG_INVITATION",
    "ORG_INVITATION_REQUEST",
    "ORG_INVITATION_UPDATE_REQUEST",
]

GROUP_ROLE = Model("GroupRole", (Field("groupId", "GroupId"), Field("groupRole", "GroupRole")))
LINK = Model("Link", (Field("href", "Href"), Field("rel", "Rel")))

ORG_INVITATION = Model(
    "OrganizationInvitation",
    (
        Field("createdAt", "CreatedAt", "time"),
        Field("expiresAt", "ExpiresAt", "time"),
        Field("groupRoleAssignments", "GroupRoleAssignments", "objects", item=GROUP_ROLE),
        Field("id", "Id"),
        Field("inviterUsername", "InviterUsername"),
        Field("links", "Links", "objects", item=LINK),
        Field("orgId", "OrgId"),
        Field("orgName", "OrgName", pointer=False),
        Field("roles", "Roles", "strings"),
        Field("teamIds", "TeamIds", "strings"),
        Field("username", "Username"),
    ),
)
GROUP_INVITATION = Model(
    "GroupInvitation",
    (
        Field("createdAt", "CreatedAt", "time"),
        Field("expiresAt", "ExpiresAt", "time"),
        Field("groupId", "GroupId"),
        Field("groupName", "GroupName"),
        Field("id", "Id"),
        Field("inviterUsername", "InviterUsername"),
        Field("links", "Links", "objects", item=LINK),
        Field("roles", "Roles", "strings"),
        Field("username", "Username"),
    ),
)
ORG_INVITATION_REQUEST = Model(
    "OrganizationInvitationRequest",
    (
        Field("groupRoleAssignments", "GroupRoleAssignments", "objects", item=GROUP_ROLE),
        Field("roles", "Roles", "strings"),
        Field("teamIds", "TeamIds", "strings"),
        Field("username", "Username"),
    ),
)
ORG_INVITATION_UPDATE_REQUEST = Model(
    "OrganizationInvitationUpdateRequest",
    (
        Field("groupRoleAssignments", "GroupRoleAssignments", "objects", item=GROUP_ROLE),
        Field("roles", "Roles", "strings"),
        Field("teamIds", "TeamIds", "strings"),
    ),
)
GROUP_INVITATION_REQUEST = Model(
    "GroupInvitationRequest", (Field("roles", "Roles", "strings"), Field("username", "Username"))
)
GROUP_INVITATION_UPDATE_REQUEST = Model("GroupInvitationUpdateRequest", (Field("roles", "Roles", "strings"),))
