"""The event types this server writes, and how ``listEventTypes`` describes an event type (no I/O).

``WRITTEN`` is kept by hand; tests/core/test_event_types.py checks that every event type a ``record`` call in the
source names is in it. ``listEventTypes`` lists these and the spec's (``spec/data/event_types.json``).
"""

WRITTEN: tuple[str, ...] = (
    "API_KEY_ACCESS_LIST_ENTRY_ADDED",
    "API_KEY_ACCESS_LIST_ENTRY_DELETED",
    "API_KEY_ADDED_TO_GROUP",
    "API_KEY_CREATED",
    "API_KEY_DELETED",
    "API_KEY_DESCRIPTION_CHANGED",
    "API_KEY_REMOVED_FROM_GROUP",
    "API_KEY_ROLES_CHANGED",
    "AUDIT_LOG_CONFIGURATION_UPDATED",
    "FEDERATION_SETTINGS_CREATED",
    "FEDERATION_SETTINGS_DELETED",
    "FEDERATION_SETTINGS_UPDATED",
    "GROUP_CREATED",
    "GROUP_DELETED",
    "GROUP_INVITATION_DELETED",
    "GROUP_MOVED",
    "GROUP_MOVED_FROM_ORG",
    "GROUP_TAGS_MODIFIED",
    "IDENTITY_PROVIDER_CREATED",
    "IDENTITY_PROVIDER_DELETED",
    "IDENTITY_PROVIDER_JWKS_REVOKED",
    "IDENTITY_PROVIDER_UPDATED",
    "INVITED_TO_GROUP",
    "INVITED_TO_ORG",
    "INVITED_TO_TEAM",
    "JOINED_GROUP",
    "JOINED_ORG",
    "JOINED_TEAM",
    "MONGODB_ROLE_ADDED",
    "MONGODB_ROLE_DELETED",
    "MONGODB_ROLE_UPDATED",
    "MONGODB_USER_ADDED",
    "MONGODB_USER_DELETED",
    "MONGODB_USER_UPDATED",
    "NETWORK_PERMISSION_ENTRY_ADDED",
    "NETWORK_PERMISSION_ENTRY_REMOVED",
    "NETWORK_PERMISSION_ENTRY_UPDATED",
    "OIDC_IDENTITY_PROVIDER_UPDATED",
    "ORG_CREATED",
    "ORG_INVITATION_DELETED",
    "ORG_RENAMED",
    "REMOVED_FROM_GROUP",
    "REMOVED_FROM_ORG",
    "REMOVED_FROM_TEAM",
    "ROLE_MAPPING_CREATED",
    "ROLE_MAPPING_DELETED",
    "ROLE_MAPPING_UPDATED",
    "SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED",
    "SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_DELETED",
    "SERVICE_ACCOUNT_ADDED_TO_GROUP",
    "SERVICE_ACCOUNT_CREATED",
    "SERVICE_ACCOUNT_DELETED",
    "SERVICE_ACCOUNT_DETAILS_CHANGED",
    "SERVICE_ACCOUNT_REMOVED_FROM_GROUP",
    "SERVICE_ACCOUNT_ROLES_CHANGED",
    "SERVICE_ACCOUNT_SECRET_ADDED",
    "SERVICE_ACCOUNT_SECRET_DELETED",
    "TEAM_ADDED_TO_GROUP",
    "TEAM_CREATED",
    "TEAM_DELETED",
    "TEAM_NAME_CHANGED",
    "TEAM_REMOVED_FROM_GROUP",
    "TEAM_ROLES_MODIFIED",
    "USER_ROLES_CHANGED_AUDIT",
)

# Words kept as they are when a name is made into a sentence.
_ACRONYMS = frozenset({"API", "IP", "MFA", "OIDC", "SAML", "LDAP", "X509", "AWS", "GCP", "TLS", "IDP", "DB", "UI"})


def description(event_type: str) -> str:
    """A plain reading of the name (ours): ``ORG_INVITATION_DELETED`` -> ``Org invitation deleted.``"""
    words = [word if word in _ACRONYMS else word.lower() for word in event_type.split("_") if word]
    if not words:
        return event_type
    first = words[0] if words[0] in _ACRONYMS else words[0].capitalize()
    return " ".join([first, *words[1:]]) + "."
