"""What differs between organization and project invitations: paths, the ID flag, validation, a few flags, and
the words of the help. Everything else is one implementation (``_commands.py``, ``_invocation.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from atlas_access.cli._gostruct import Model
from atlas_access.cli.invitations._models import (
    GROUP_INVITATION,
    GROUP_INVITATION_REQUEST,
    GROUP_INVITATION_UPDATE_REQUEST,
    ORG_INVITATION,
    ORG_INVITATION_REQUEST,
    ORG_INVITATION_UPDATE_REQUEST,
)

__all__ = ["ORGANIZATION", "PROJECT", "InvitationKind"]

ORG_ROLE_HELP = (
    "User's roles for the associated organization. Valid values include ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, "
    "ORG_BILLING_ADMIN, and ORG_READ_ONLY."
)
PROJECT_ROLE_HELP = (
    "User's roles for the associated project. Valid values include GROUP_CLUSTER_MANAGER, GROUP_DATA_ACCESS_ADMIN, "
    "GROUP_DATA_ACCESS_READ_ONLY, GROUP_DATA_ACCESS_READ_WRITE, GROUP_OWNER, and GROUP_READ_ONLY."
)
UPDATE_WARNING = " Passing this flag replaces preexisting data."


@dataclass(frozen=True)
class InvitationKind:
    """One kind of invitation, with the real CLI's differences between the two written down as data."""

    noun: str
    """``organization`` or ``project``, as the help words it."""
    id_flag: str
    """``orgId`` or ``projectId``."""
    id_help: str
    profile_key: str
    """The profile property the ID comes from when the flag is not given: ``org_id`` or ``project_id``."""
    path_param: str
    """The path parameter the ID fills: ``orgId`` or ``groupId``."""
    operation_noun: str
    """``Org`` or ``Group``: the spec's operation IDs are ``list<noun>Invites``, ``get<noun>Invite`` ..."""
    model: Model
    invite_request: Model
    update_request: Model
    user_admin_role: str
    owner_role: str
    role_help: str
    update_role_help: str
    id_checked_by: frozenset[str]
    """The commands that validate the ID (cobra's ``ValidateOrgID``/``ValidateProjectID``) before anything else."""
    role_required: bool
    """``--role`` is a required flag of ``invite`` and ``update``."""
    invite_takes_file: bool
    """``invite`` and ``update`` accept ``-f/--file``; ``invite``'s ``<email>`` is then optional."""
    sends_team_ids: bool
    """``invite --teamId`` reaches the request body (projects accept the flag and drop it)."""
    update_checks_project_id: bool
    """The real CLI's ``organizations invitations update`` also validates a project ID it never uses."""
    group_long: str
    deprecated: str | None = None

    def operation_id(self, verb: str) -> str:
        """``listOrgInvites``, ``updateGroupInviteById`` ...: ``verb`` is ``list``, ``get``, ``create``, ``update``,
        ``updateById`` or ``delete``."""
        plural = verb in ("list", "update")
        suffix = "ById" if verb == "updateById" else ""
        base = "update" if verb == "updateById" else verb
        return f"{base}{self.operation_noun}Invite{'s' if plural else ''}{suffix}"


ORGANIZATION = InvitationKind(
    noun="organization",
    id_flag="orgId",
    id_help=(
        "Organization ID to use. This option overrides the settings in the configuration file or environment variable."
    ),
    profile_key="org_id",
    path_param="orgId",
    operation_noun="Org",
    model=ORG_INVITATION,
    invite_request=ORG_INVITATION_REQUEST,
    update_request=ORG_INVITATION_UPDATE_REQUEST,
    user_admin_role="Organization User Admin",
    owner_role="Organization Owner",
    role_help=ORG_ROLE_HELP,
    update_role_help=ORG_ROLE_HELP + UPDATE_WARNING,
    id_checked_by=frozenset({"list", "describe", "invite", "update", "delete"}),
    role_required=False,
    invite_takes_file=True,
    sends_team_ids=True,
    update_checks_project_id=True,
    group_long="Create, list and manage your MongoDB organization invites.",
)

PROJECT = InvitationKind(
    noun="project",
    id_flag="projectId",
    id_help=(
        "Hexadecimal string that identifies the project to use. This option overrides the settings in the "
        "configuration file or environment variable."
    ),
    profile_key="project_id",
    path_param="groupId",
    operation_noun="Group",
    model=GROUP_INVITATION,
    invite_request=GROUP_INVITATION_REQUEST,
    update_request=GROUP_INVITATION_UPDATE_REQUEST,
    user_admin_role="Project User Admin",
    owner_role="Project Owner",
    role_help=PROJECT_ROLE_HELP,
    # The real CLI shows the organization wording here too.
    update_role_help=ORG_ROLE_HELP + UPDATE_WARNING,
    id_checked_by=frozenset({"update"}),
    role_required=True,
    invite_takes_file=False,
    sends_team_ids=False,
    update_checks_project_id=False,
    group_long="Create, list and manage your MongoDB project invites.",
    deprecated="Project invitations are deprecated",
)
