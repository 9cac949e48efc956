"""Help text for ``atlas api`` commands and flags, in this project's own words.

The official spec's prose is CC BY-NC-SA and is never copied: the access-management slice gets short
descriptions written here; every other operation is described by its method and path, and every flag
by its location, type and constraints from the index. Each command links to the official page.
"""

from __future__ import annotations

from atlas_access.spec import Operation, Parameter

__all__ = ["describe_operation", "describe_parameter"]

DOCS_OPERATION = "https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-"
DOCS_COMMAND = "https://www.mongodb.com/docs/atlas/cli/current/command/atlas-api-"

_INVITES = "Invitation management is deprecated upstream; the users API manages pending users."

# operation id -> what it does (ours)
_OPERATIONS = {
    "createOrgInvite": "Invites one user to an organization, by email address and organization roles.",
    "deleteOrgInvite": (
        "Cancels one pending invitation to join an organization. An invitation that was already accepted "
        "cannot be cancelled; the caller needs the Organization Owner role."
    ),
    "getOrgInvite": "Returns one pending invitation to an organization.",
    "listOrgInvites": "Returns the pending invitations to an organization, optionally for one username.",
    "updateOrgInviteById": "Changes the roles or teams of one pending organization invitation.",
    "updateOrgInvites": "Changes the roles of the pending organization invitation for one username.",
    "createGroupInvite": "Invites one user to a project, by email address and project roles.",
    "deleteGroupInvite": (
        "Cancels one pending invitation to join a project. An invitation that was already accepted "
        "cannot be cancelled; the caller needs the Project Owner role."
    ),
    "getGroupInvite": "Returns one pending invitation to a project.",
    "listGroupInvites": "Returns the pending invitations to a project, optionally for one username.",
    "updateGroupInviteById": "Changes the roles of one pending project invitation.",
    "updateGroupInvites": "Changes the roles of the pending project invitation for one username.",
    "listOrgUsers": "Returns the active and pending users of an organization.",
    "createOrgUser": "Invites a user to an organization; the user is pending until they accept.",
    "getOrgUser": "Returns one active or pending user of an organization.",
    "updateOrgUser": "Changes the organization roles, project roles or teams of one organization user.",
    "removeOrgUser": "Removes one user from an organization, or cancels a pending user's invitation.",
    "addOrgUserRole": "Grants one organization role to one organization user.",
    "removeOrgUserRole": "Revokes one organization role from one organization user.",
    "listGroupUsers": "Returns the users of a project.",
    "addGroupUsers": "Adds a user to a project, inviting them to the organization if needed.",
    "getGroupUser": "Returns one user of a project.",
    "removeGroupUser": "Removes one user from a project.",
    "addGroupUserRole": "Grants one project role to one project user.",
    "removeGroupUserRole": "Revokes one project role from one project user.",
    "listOrgEvents": "Returns the events of an organization, newest first.",
    "getOrgEvent": "Returns one event of an organization.",
    "listGroupEvents": "Returns the events of a project, newest first.",
    "getGroupEvent": "Returns one event of a project.",
    "listOrgs": "Returns the organizations the caller can see.",
    "getOrg": "Returns one organization.",
    "listGroups": "Returns the projects the caller can see.",
    "getGroup": "Returns one project.",
}
_DEPRECATED_INVITES = {k for k in _OPERATIONS if "Invite" in k}

# parameter name -> what it is (ours)
_PARAMETERS = {
    "envelope": "Wrap the response in a JSON envelope with the HTTP status, for clients that cannot read headers.",
    "pretty": "Ask the server for an indented response body.",
    "orgId": "24-hexadecimal-digit id of the organization.",
    "groupId": "24-hexadecimal-digit id of the project (projects are called groups in the API).",
    "invitationId": "24-hexadecimal-digit id of the invitation.",
    "userId": "24-hexadecimal-digit id of the user.",
    "teamId": "24-hexadecimal-digit id of the team.",
    "eventId": "24-hexadecimal-digit id of the event.",
    "apiUserId": "24-hexadecimal-digit id of the API key.",
    "clientId": "Client id of the service account.",
    "itemsPerPage": "Number of items per page.",
    "pageNum": "Page number, starting at 1.",
    "includeCount": "Include totalCount in the response.",
    "username": "Email address of the user.",
}


def describe_operation(operation: Operation, group: str, command: str) -> str:
    """Long help: what it does (ours, or its route), and where the official documentation is."""
    summary = _OPERATIONS.get(operation.operation_id, f"Calls {operation.method} {operation.path}.")
    if operation.operation_id in _DEPRECATED_INVITES:
        summary += f"\n\nNote: {_INVITES}"
    return (
        f"{summary}\n\nThis command is autogenerated and corresponds 1:1 with the Atlas API endpoint "
        f"{DOCS_OPERATION}{operation.operation_id.lower()}.\n\nFor more information and examples, see: "
        f"{DOCS_COMMAND}{group}-{command}/"
    )


def describe_parameter(parameter: Parameter) -> str:
    """One line from the name (ours) or the schema facts: type, pattern, enum, bounds, default."""
    known = _PARAMETERS.get(parameter.name)
    if known is not None:
        return known
    schema = parameter.schema
    facts: list[str] = [f"{parameter.location} parameter {parameter.name}"]
    if schema.get("pattern") == "^([a-f0-9]{24})$":
        facts.append("a 24-hexadecimal-digit id")
    if "enum" in schema:
        facts.append("one of " + ", ".join(str(v) for v in schema["enum"]))
    items = schema.get("items")
    if items is not None and "enum" in items:
        facts.append("each one of " + ", ".join(str(v) for v in items["enum"]))
    for key, word in (("minimum", "at least"), ("maximum", "at most")):
        if key in schema:
            facts.append(f"{word} {schema[key]}")
    return "; ".join(facts) + "."
