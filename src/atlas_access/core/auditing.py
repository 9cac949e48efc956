"""A project's database auditing configuration: whether auditing is on, which events it records (a filter, a JSON
document kept as text, as given) and whether successful authorizations are recorded too."""

import json
from dataclasses import dataclass, replace

from atlas_access.core.errors import ApiError

NONE = "NONE"
FILTER_JSON = "FILTER_JSON"
# ``FILTER_BUILDER`` is what the Atlas UI's filter builder sets; nothing here can set it.


@dataclass(frozen=True, slots=True)
class AuditLog:
    enabled: bool = False
    authorization_success: bool = False
    audit_filter: str | None = None
    configuration_type: str = NONE


DEFAULT = AuditLog()  # as recorded for a new project


@dataclass(frozen=True, slots=True)
class AuditChange:
    """What an update gives; None for what it leaves as it is."""

    enabled: bool | None = None
    authorization_success: bool | None = None
    audit_filter: str | None = None


def check_filter(text: str) -> str:
    """An audit filter: the text of one JSON document (an object), kept as given. Ours: MongoDB publishes no code
    for a filter it cannot read; this one is INVALID_JSON_ATTRIBUTE naming ``auditFilter``."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        raise ApiError("INVALID_JSON_ATTRIBUTE", "auditFilter", fields=[("auditFilter", "Must be a JSON document.")])
    return text


def updated(current: AuditLog, change: AuditChange) -> AuditLog:
    """``current`` with the change applied: a filter makes the configuration ``FILTER_JSON`` (as recorded)."""
    result = current
    if change.enabled is not None:
        result = replace(result, enabled=change.enabled)
    if change.authorization_success is not None:
        result = replace(result, authorization_success=change.authorization_success)
    if change.audit_filter is not None:
        result = replace(result, audit_filter=check_filter(change.audit_filter), configuration_type=FILTER_JSON)
    return result
