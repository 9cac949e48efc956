"""The error catalog and the one exception every layer raises.

Each ``errorCode`` has one HTTP status and one detail template (``%s`` = a parameter), taken from MongoDB
Cloud's published catalog where it has the code, and marked "ours" in docs/wire.md where it does not.
The SDK's exception classes use the same code names.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    code: str
    status: int
    template: str


def _catalog(*rows: tuple[str, int, str]) -> Mapping[str, ErrorSpec]:
    return {code: ErrorSpec(code, status, template) for code, status, template in rows}


CATALOG: Mapping[str, ErrorSpec] = _catalog(
    # 400
    ("VALIDATION_ERROR", 400, "The request content produced the validation error: %s."),
    ("INVALID_ATTRIBUTE", 400, "Invalid attribute %s specified."),
    ("MALFORMED_JSON", 400, "Received JSON is malformed."),
    ("INVALID_JSON", 400, "Received JSON does not match expected format."),
    ("INVALID_JSON_ATTRIBUTE", 400, "Received JSON for the %s attribute does not match expected format."),
    ("MISSING_ATTRIBUTE", 400, "The required attribute %s was not specified."),
    ("INVALID_QUERY_PARAMETER", 400, "Invalid query parameter %s specified."),
    ("INVALID_PATH_PARAMETER", 400, "Invalid path parameter %s specified."),
    ("INVALID_ENUM_VALUE", 400, "An invalid enumeration value %s was specified."),
    ("INVALID_USERNAME", 400, "The specified username is not a valid email address."),
    ("INVALID_STATE_DOCUMENT", 400, "The state document cannot be loaded: %s."),  # ours: docs/snapshots.md
    (
        "INVALID_INVITATION_ID",
        400,
        "The invitation you tried to delete does not exist or has already been accepted.",
    ),
    (
        "CANNOT_DELETE_GROUP_INVITATION",
        400,
        "You can't use the Cancel One Organization Invitation endpoint to delete an invitation to a group. "
        "Use Cancel One Project Invitation instead.",
    ),
    (
        "CANNOT_DELETE_ORG_INVITATION",
        400,
        "You can't use the Cancel One Project Invitation endpoint to delete an invitation to an organization. "
        "Use Cancel One Organization Invitation instead.",
    ),
    ("INVALID_ROLE_FOR_GROUP", 400, "Role %s is invalid for group %s."),
    ("INVALID_ROLE_FOR_ORG", 400, "Role %s invalid for organization %s."),
    # migrateGroup to the organization the project is in already (ours, docs/org-settings.md).
    ("GROUP_ALREADY_IN_ORG", 400, "The project %s already belongs to organization %s."),
    ("GROUP_MISMATCH", 400, "The specified group ID %s does not match the URL."),
    ("API_KEY_NOT_FOUND", 400, "No API key with ID %s exists."),
    ("MISSING_API_KEY_ROLES", 400, "API keys must have at least one role."),
    # A project's user security: LDAP and X.509 (docs/ldap-and-x509.md).
    (
        "CANNOT_GENERATE_CERT_IF_ADVANCED_X509",
        400,
        "The user cannot create managed X.509 certs if advanced mode is on.",
    ),
    (
        "NOT_ATLAS_MANAGED_X509_USER",  # ours
        400,
        "The database user %s does not authenticate with Atlas-managed X.509 certificates.",
    ),
    # A project's IP access list (docs/network-access.md); the expiration codes serve every temporary entry.
    ("INVALID_IP_ADDRESS_OR_CIDR_NOTATION", 400, "The address %s must be in valid IP address or CIDR notation."),
    (
        "MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY",
        400,
        "Should not specify both the IP address and the CIDR block.",
    ),
    ("INVALID_NETWORK_PERMISSION_COMMENT", 400, "The comment %s must be 80 characters or less."),
    (
        "DUPLICATE_ADDRESSES_IN_INPUT",
        400,
        "Two or more of the IP addresses being added to the whitelist are the same.",
    ),
    ("NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED", 400, "Expiration dates are only supported for IP addresses."),
    (
        "CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION",
        400,
        "Cannot use aws security groups as whitelist entries without a vpc peering connection.",
    ),
    ("EXPIRATION_DATE_IN_PAST", 400, "The specified expiration date must be in the future."),
    ("EXPIRATION_DATE_EXCEEDS_MAX", 400, "The specified expiration date can be at most %s days in the future."),
    ("PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY", 400, "A permanent entity cannot be made temporary."),
    # A project's database users and custom roles (docs/database-users.md): MongoDB's published codes and texts.
    ("DATABASE_NAME_INVALID_ADMIN", 400, "Database name invalid. %s can only be created on the admin database."),
    (
        "DATABASE_NAME_INVALID_EXTERNAL",
        400,
        "Database name invalid. Externally authenticated users can only be created on the $external database.",
    ),
    ("INVALID_DATABASE_NAME", 400, "Invalid database name specified: %s."),
    ("INVALID_COLLECTION_NAME", 400, "Invalid collection names specified: %s."),
    ("ATLAS_INVALID_ROLE", 400, "The specified role %s@%s does not exist."),
    ("ATLAS_INVALID_ROLE_DATABASE", 400, "The specified role %s only exists for database %s."),
    ("ATLAS_RESTRICTED_ROLE", 400, "The specified role %s@%s is restricted."),
    ("ATLAS_RESTRICTED_COLLECTION", 400, "The specified collection %s for the role %s@%s is restricted."),
    ("UNSUPPORTED_ROLE", 400, "The provided role is not supported."),
    ("DUPLICATE_DATABASE_ROLES", 400, "Duplicate database roles specified for user %s: %s."),
    ("ATLAS_INVALID_USERNAME", 400, "The specified username %s is not valid for an Atlas database user."),
    (
        "ATLAS_INVALID_LDAP_NAME",
        400,
        "The distinguished name specified in the username field, %s, is not valid according to RFC 2253.",
    ),
    (
        "ATLAS_MANAGED_X509_NAME_INVALID",
        400,
        "The username %s is invalid for Atlas-managed X.509 user auth. These usernames must take the form "
        "CN=<username> with no additional OIDs.",
    ),
    ("ATLAS_INVALID_AUTH_SETTINGS", 400, "Invalid authentication settings. %s."),
    ("ATLAS_X509_USER_CANNOT_BE_TEMPORARY", 400, "X.509 users cannot be temporary."),
    ("ATLAS_X509_USER_CANNOT_USE_LDAP", 400, "Users cannot be configured for X.509 and LDAP authentication."),
    ("ATLAS_X509_USER_CANNOT_USE_SCRAM", 400, "Users cannot be configured for SCRAM and X.509 authentication."),
    (
        "ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS",
        400,
        "Custom roles must have one or more user privilege actions or inherited roles.",
    ),
    (
        "ATLAS_CUSTOM_ROLE_INVALID_NAME",
        400,
        'The role name, "%s", is invalid. A custom role name must be a non-empty string made up of only ASCII '
        "letters, numbers, hyphens, and underscores, and should begin with a letter or number.",
    ),
    ("ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION", 400, "A custom role cannot have duplicate actions."),
    (
        "ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE",
        400,
        "A custom role cannot have duplicate resources applied to the same action.",
    ),
    (
        "ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY",
        400,
        "One or more of the specified inherited roles creates a circular dependency.",
    ),
    ("ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE", 400, "One or more of the specified inherited roles do not exist."),
    (
        "ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE",
        400,
        "One or more of the specified inherited roles have an invalid scope.",
    ),
    (
        "ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED",
        400,
        "Cannot create custom role %s because a built-in role with that name already exists.",
    ),
    ("ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL", 400, "A custom DB role cannot inherit from itself."),
    (
        "ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED",
        400,
        'Cannot create custom role %s because the prefix "xgen-" is reserved for built-in roles.',
    ),
    ("ATLAS_INVALID_RESOURCE", 400, "One or more of the selected actions was applied to an incorrect resource."),
    # 401
    ("USER_UNAUTHORIZED", 401, "Current user is not authorized to perform this action."),
    ("USER_CANNOT_ACCESS_ORG", 401, "User cannot access this organization."),
    ("NOT_IN_GROUP", 401, "The current user is not in the group, or the group does not exist."),
    (
        "NOT_ORG_USER_ADMIN",
        401,
        "The currently logged in user does not have the user administrator role in organization %s.",
    ),
    (
        "NOT_GROUP_USER_ADMIN",
        401,
        "The currently logged in user does not have the user administrator role in group %s.",
    ),
    (
        "NOT_ORG_GROUP_CREATOR",
        401,
        "The currently logged in user does not have the group creator role in organization %s.",
    ),
    # 403
    ("IP_ADDRESS_NOT_ON_ACCESS_LIST", 403, "IP address %s is not allowed to access this resource."),
    # Organization settings (docs/org-settings.md): a credential without an access list where one is required.
    ("ORG_REQUIRES_ACCESS_LIST", 403, "This organization requires access through an access list of ip ranges."),
    (
        "CANNOT_DELETE_LAST_ADMIN",
        403,
        "An organization needs to have at least one owner. You cannot demote or remove the last owner.",
    ),
    ("CANNOT_REMOVE_ALL_USER_ROLES", 403, "You cannot remove all roles from a user. Specify at least one role."),
    ("GROUP_USERS_LIMIT_EXCEEDED", 403, "Groups can contain at most %s database users."),
    (
        "ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED",
        403,
        "Too many network permission entries. Only %s entries are supported.",
    ),
    # Project limits, the legacy users API, the rate-limit API (issue 16, docs/limits-and-root.md); all codes ours
    # except where that page names them real.
    (
        "GROUP_CLOUD_USERS_LIMIT_EXCEEDED",
        403,
        "A project can have at most %s MongoDB Cloud users, pending invitations included.",
    ),
    ("LIMIT_NOT_FOUND", 404, "No limit named %s exists."),
    ("LIMIT_BELOW_MINIMUM", 400, "The value %s is below the minimum of %s for limit %s."),
    ("LIMIT_EXCEEDS_MAXIMUM", 400, "The value %s exceeds the maximum of %s for limit %s."),
    ("LIMIT_BELOW_CURRENT_USAGE", 409, "Limit %s cannot be set to %s, below its current usage of %s."),
    ("ENDPOINT_SET_NOT_FOUND", 404, "No rate limit endpoint set with ID %s exists."),
    # 404
    ("RESOURCE_NOT_FOUND", 404, "Cannot find resource %s."),
    (  # ours: an operation of the official spec that this server leaves out
        "OPERATION_NOT_EMULATED",
        404,
        "atlas-access does not emulate %s (%s %s); it serves organizations, projects, users, teams, API keys, "
        "service accounts, invitations, events, and a project's database users, custom roles, X.509, LDAP, IP "
        "access list, auditing and settings: see docs/wire.md.",
    ),
    ("INVALID_USER_ID", 404, "An invalid user ID %s was specified."),
    ("USER_NOT_FOUND", 404, "No user with ID %s exists."),
    ("USERNAME_NOT_FOUND", 404, "No user with username %s exists."),
    ("ATLAS_CUSTOM_ROLE_NOT_FOUND", 404, "The specified custom db role %s does not exist."),
    ("USER_NOT_IN_ORG", 404, "User %s is not in organization %s."),
    ("USER_NOT_IN_GROUP", 404, "User %s is not in group %s."),
    ("INVALID_ORG_ID", 404, "An invalid organization ID %s was specified."),
    ("INVALID_GROUP_ID", 404, "An invalid group ID %s was specified."),
    ("ORG_NOT_FOUND", 404, "No organization with ID %s exists."),
    ("GROUP_NOT_FOUND", 404, "No group with ID %s exists."),
    ("GROUP_NAME_NOT_FOUND", 404, "No group with name %s exists."),
    ("TEAM_NOT_FOUND", 404, "No team with ID %s exists."),
    ("INVALID_TEAM_ID", 404, "An invalid team ID %s was specified."),
    ("TEAM_NAME_NOT_FOUND", 404, "No team with name %s exists in organization %s."),
    ("TEAM_NOT_IN_GROUP", 404, "Team %s is not in group %s."),
    (
        "CANNOT_ADD_PENDING_USER",
        404,
        "The user cannot be added to any group or teams in this organization as it is a pending user/the user has "
        "not accepted the invite to this organization.",
    ),
    ("SERVICE_ACCOUNT_NOT_FOUND", 404, "No service account with client ID %s exists."),
    ("SERVICE_ACCOUNT_SECRET_NOT_FOUND", 404, "No secret with ID %s exists for service account %s."),
    ("ACCESS_LIST_ENTRY_NOT_FOUND", 404, "No access list entry %s exists for %s."),
    ("ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND", 404, "IP Address %s not on Atlas access list for group %s."),
    ("ORG_EVENT_NOT_FOUND", 404, "No event with ID %s exists for organization %s."),
    ("EVENT_NOT_FOUND", 404, "No event with ID %s exists for group %s."),
    ("SNAPSHOT_NOT_FOUND", 404, "No snapshot named %s exists in this server process."),  # ours: docs/snapshots.md
    # Federated authentication (issue 16, docs/federation.md): MongoDB publishes no codes for these; all ours.
    ("FEDERATION_SETTINGS_NOT_FOUND", 404, "No federation settings with ID %s exist."),
    ("ORG_NOT_IN_FEDERATION", 404, "Organization %s is not connected to any federation."),
    ("CONNECTED_ORG_CONFIG_NOT_FOUND", 404, "Organization %s is not connected to federation %s."),
    ("IDENTITY_PROVIDER_NOT_FOUND", 404, "No identity provider with ID %s exists in federation %s."),
    ("ROLE_MAPPING_NOT_FOUND", 404, "No role mapping with ID %s exists."),
    ("DUPLICATE_ROLE_MAPPING", 409, "A role mapping for the external group %s already exists."),
    ("IDENTITY_PROVIDER_PROTOCOL_MISMATCH", 400, "Identity provider %s does not use the %s protocol."),
    ("IDENTITY_PROVIDER_IN_USE", 400, "Identity provider %s is connected to more than one organization."),
    ("CANNOT_REMOVE_LAST_CONNECTED_ORG", 400, "Federation %s must keep at least one connected organization."),
    ("FEDERATION_HAS_CONNECTED_ORGS", 400, "Federation %s still has more than one connected organization."),
    ("ORG_ALREADY_IN_FEDERATION", 409, "Organization %s is already connected to a federation."),
    ("USERNAME_NOT_IN_ALLOWED_DOMAINS", 400, "The username %s is not in a domain organization %s allows."),
    ("NO_IDENTITY_PROVIDER_FOR_USERNAME", 400, "No identity provider of federation %s signs in username %s."),
    # 405, 406, 409, 410, 413, 415, 429, 500, 503
    ("METHOD_NOT_ALLOWED", 405, "Method %s is not allowed for %s."),
    ("INVALID_VERSION_DATE", 406, "Invalid accept header or version date."),
    ("GROUP_ALREADY_EXISTS", 409, 'A group with name "%s" already exists.'),
    ("USER_ALREADY_EXISTS", 409, "A user with username %s already exists."),
    ("DATABASE_USERNAME_CANNOT_BE_CHANGED", 409, "Cannot modify the username of an existing database user."),
    (
        "DATABASE_NAME_CANNOT_BE_CHANGED",
        409,
        "Cannot modify the authentication database of an existing database user.",
    ),
    ("AUTH_TYPE_CANNOT_BE_CHANGED", 409, "Cannot modify the authentication type of an existing database user."),
    ("ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS", 409, "A custom role with the name %s already exists."),
    (
        "ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS",
        409,
        "Deleting specified custom role would leave the following users without a role: %s.",
    ),
    (
        "ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES",
        409,
        "Deleting specified custom role would leave the following roles with no actions or inherited roles: %s.",
    ),
    ("USER_ALREADY_IN_TEAM", 409, "The user with ID %s in team %s already exists."),
    ("DUPLICATE_TEAM_NAME", 409, "A team with name %s already exists in organization %s."),
    ("TEAM_ALREADY_IN_GROUP", 409, "Team %s is already assigned to group %s."),
    ("CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT", 409, "Team %s is assigned to one or more projects; remove it first."),
    ("ORG_NOT_EMPTY", 409, "Organization cannot be deleted because it still contains active groups."),
    ("SERVICE_ACCOUNT_ALREADY_IN_GROUP", 409, "Service account %s is already assigned to group %s."),
    ("ACCESS_LIST_ENTRY_ALREADY_EXISTS", 409, "The access list entry %s already exists for %s."),
    ("FIXED_ID_TAKEN", 409, "The %s %s is already taken."),  # ours: a fixture's fixed id or credential
    ("INVITATION_NOT_PENDING", 409, "The invitation %s is %s and can no longer be answered."),
    ("VERSION_GONE", 410, "The API version %s of this resource was sunset on %s and is no longer available."),
    ("REQUEST_TOO_LARGE", 413, "The request body is larger than %s bytes."),
    ("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported content type %s."),
    (
        "RATE_LIMITED_TOKEN_BUCKET",
        429,
        "Rate limit exceeded for %s. Please retry after %s seconds. Request capacity: %s. "
        "Refill rate: %s per %s seconds.",
    ),
    ("UNEXPECTED_ERROR", 500, "Unexpected error."),
    ("SERVICE_UNAVAILABLE", 503, "The server's database does not answer."),  # ours: the health check
)


# Fixed here so the wire does not change with the Python version (http.HTTPStatus renamed some phrases).
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    410: "Gone",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def reason_phrase(status: int) -> str:
    """The HTTP reason phrase, e.g. ``Not Found``."""
    if status in _REASONS:
        return _REASONS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class ApiError(Exception):
    """An error the API answers with: ``{detail, error, errorCode, parameters, reason}``.

    Raise it from any layer with a catalog code and the template's parameters, e.g.
    ``ApiError("GROUP_NOT_FOUND", group_id)``. ``fields`` adds ``badRequestDetail.fields``.
    """

    def __init__(
        self,
        code: str,
        *parameters: object,
        detail: str | None = None,
        fields: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        spec = CATALOG[code]
        self.code = code
        self.status = spec.status
        self.parameters: list[object] = list(parameters)
        self.detail = detail if detail is not None else _fill(spec.template, parameters)
        self.fields = tuple(fields)
        self.headers: dict[str, str] = dict(headers or {})
        super().__init__(f"{code}: {self.detail}")

    @property
    def reason(self) -> str:
        return reason_phrase(self.status)

    def body(self) -> dict[str, object]:
        """The wire body (keys are sorted by the renderer)."""
        body: dict[str, object] = {
            "detail": self.detail,
            "error": self.status,
            "errorCode": self.code,
            "parameters": self.parameters,
            "reason": self.reason,
        }
        if self.fields:
            body["badRequestDetail"] = {"fields": [{"description": text, "field": name} for name, text in self.fields]}
        return body


def _fill(template: str, parameters: Sequence[object]) -> str:
    count = template.count("%s")
    values = [str(p) for p in parameters[:count]]
    values += ["" for _ in range(count - len(values))]
    return template % tuple(values) if count else template
