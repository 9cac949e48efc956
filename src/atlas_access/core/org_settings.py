"""An organization's settings and delegation settings: their defaults, the events a change writes, and the rules
the settings enforce (docs/org-settings.md)."""

from collections.abc import Mapping
from typing import Any

from atlas_access.core.errors import ApiError

ACCESS_LIST_REQUIRED = "apiAccessListRequired"
MAX_SECRET_HOURS = "maxServiceAccountSecretValidityInHours"
SECURITY_CONTACT = "securityContact"
OPERATIONS_CONTACT = "operationsContact"
SESSION_TIMEOUTS = "customSessionTimeouts"

# What a new organization shows: the spec's defaults where it gives one (``genAIFeaturesEnabled``), off for the other
# flags and the spec's largest secret lifetime (8760 hours, a year) otherwise (ours). The contacts and the session
# timeouts are shown only once set (ours).
DEFAULTS: Mapping[str, Any] = {
    ACCESS_LIST_REQUIRED: False,
    "genAIFeaturesEnabled": True,
    MAX_SECRET_HOURS: 8760,
    "multiFactorAuthRequired": False,
    "restrictEmployeeAccess": False,
    "streamsCrossGroupEnabled": False,
}
SHOWN_WHEN_SET: tuple[str, ...] = (SESSION_TIMEOUTS, OPERATIONS_CONTACT, SECURITY_CONTACT)

# The organization events the spec names for a setting's change (``OrgEventTypeViewForOrg``), one for each direction
# of a flag; ``genAIFeaturesEnabled`` and ``streamsCrossGroupEnabled`` have none and change silently.
_EVENTS: Mapping[str, tuple[str, str]] = {
    ACCESS_LIST_REQUIRED: ("ORG_PUBLIC_API_ACCESS_LIST_REQUIRED", "ORG_PUBLIC_API_ACCESS_LIST_NOT_REQUIRED"),
    "multiFactorAuthRequired": ("ORG_TWO_FACTOR_AUTH_REQUIRED", "ORG_TWO_FACTOR_AUTH_OPTIONAL"),
    "restrictEmployeeAccess": ("ORG_EMPLOYEE_ACCESS_RESTRICTED", "ORG_EMPLOYEE_ACCESS_UNRESTRICTED"),
}
_EDIT_EVENTS: Mapping[str, str] = {
    SESSION_TIMEOUTS: "CUSTOM_SESSION_TIMEOUT_MODIFIED",
    MAX_SECRET_HOURS: "ORG_SERVICE_ACCOUNT_MAX_SECRET_VALIDITY_EDITED",
    OPERATIONS_CONTACT: "OPERATIONS_CONTACT_MODIFIED",
    SECURITY_CONTACT: "SECURITY_CONTACT_MODIFIED",
}

# Session timeouts, as the spec bounds them: an absolute timeout of 1 to 12 hours; an idle one of 5 minutes or more,
# not beyond the absolute one (12 hours when that is unset).
MIN_ABSOLUTE_TIMEOUT, MAX_ABSOLUTE_TIMEOUT, MIN_IDLE_TIMEOUT = 3600, 43200, 300

DELEGATION_EVENT = "ORG_DELEGATION_SETTINGS_UPDATED"
# The policies' defaults (the spec: DISALLOWED); the refresh-token lifetimes are shown only once set (ours).
DELEGATION_DEFAULTS: Mapping[str, str] = {"delegatedMcpAccess": "DISALLOWED", "delegatedPartnerAccess": "DISALLOWED"}


def current(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting: the defaults with the organization's own values over them, then those shown once set."""
    shown = {name: overrides.get(name, default) for name, default in DEFAULTS.items()}
    shown.update({name: overrides[name] for name in SHOWN_WHEN_SET if overrides.get(name) is not None})
    return shown


def changed(overrides: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The organization's own values after a change: ``given`` over them, a None clearing a value."""
    merged = {**overrides, **given}
    return {name: value for name, value in merged.items() if value is not None}


def events(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The events of a change from ``before`` to ``after`` (both as ``current`` shows them), in a fixed order."""
    found = []
    for name, (turned_on, turned_off) in sorted(_EVENTS.items()):
        if before[name] != after[name]:
            found.append(turned_on if after[name] else turned_off)
    for name, event_type in sorted(_EDIT_EVENTS.items()):
        if before.get(name) != after.get(name):
            found.append(event_type)
    return found


def check_session_timeouts(absolute: int | None, idle: int | None) -> None:
    """The spec's bounds of the two timeouts (400 ``INVALID_ATTRIBUTE`` naming the one out of them, ours)."""
    if absolute is not None and not MIN_ABSOLUTE_TIMEOUT <= absolute <= MAX_ABSOLUTE_TIMEOUT:
        _refuse(
            f"{SESSION_TIMEOUTS}.absoluteSessionTimeoutInSeconds",
            f"Must be between {MIN_ABSOLUTE_TIMEOUT} and {MAX_ABSOLUTE_TIMEOUT} seconds.",
        )
    ceiling = MAX_ABSOLUTE_TIMEOUT if absolute is None else absolute
    if idle is not None and not MIN_IDLE_TIMEOUT <= idle <= ceiling:
        _refuse(
            f"{SESSION_TIMEOUTS}.idleSessionTimeoutInSeconds",
            f"Must be between {MIN_IDLE_TIMEOUT} seconds and the absolute timeout ({ceiling} seconds).",
        )


def check_secret_lifetime(hours: int, maximum: int) -> None:
    """A new service account secret lives no longer than the organization's maximum (400 ``INVALID_ATTRIBUTE``
    naming ``secretExpiresAfterHours``, as the fixed bounds are refused; ours)."""
    if hours > maximum:
        _refuse("secretExpiresAfterHours", f"Must be at most {maximum} hours, the organization's maximum.")


def _refuse(field: str, text: str) -> None:
    raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, text)])


def current_delegation(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Every delegation setting: the policies (their defaults unless set) and the lifetimes that are set."""
    shown: dict[str, Any] = {name: overrides.get(name, default) for name, default in DELEGATION_DEFAULTS.items()}
    shown.update({name: value for name, value in overrides.items() if name not in DELEGATION_DEFAULTS})
    return shown
