"""``/api/atlas/v2/groups/{groupId}/auditLog``: the project's database auditing configuration (2023-01-01).

As recorded (``reference/recordings/auditing``): a new project answers ``{auditAuthorizationSuccess: false,
configurationType: "NONE", enabled: false}``; the update answers 202 (the spec says 200) with the configuration
afterwards, ``auditFilter`` as given (a JSON document in a string, its spacing kept) and ``configurationType``
``FILTER_JSON`` once a filter is set. Ours: ``configurationType`` is read-only, so a body may carry it (as an answer
sent back does) and it is ignored. The rules and the event: ``services.auditing``.
"""

from typing import Any

from atlas_access.core.auditing import AuditChange, AuditLog
from atlas_access.server.services import auditing as service
from atlas_access.server.wire.body import WireModel
from atlas_access.server.wire.endpoint import Call, Reply


class AuditLogIn(WireModel):
    """``AuditLog``: what the update changes; an attribute left out stays as it is."""

    auditAuthorizationSuccess: bool | None = None
    auditFilter: str | None = None
    enabled: bool | None = None
    configurationType: str | None = None  # read-only: ignored


def audit_log_view(audit_log: AuditLog) -> dict[str, Any]:
    view: dict[str, Any] = {"auditAuthorizationSuccess": audit_log.authorization_success}
    if audit_log.audit_filter is not None:
        view["auditFilter"] = audit_log.audit_filter
    view["configurationType"] = audit_log.configuration_type
    view["enabled"] = audit_log.enabled
    return view


def get_audit_log(call: Call) -> Reply:
    return Reply(200, audit_log_view(service.get(call.ctx, call.the_project())))


def update_audit_log(call: Call) -> Reply:
    body = call.body(AuditLogIn)
    change = AuditChange(body.enabled, body.auditAuthorizationSuccess, body.auditFilter)
    return Reply(202, audit_log_view(service.update(call.ctx, call.the_project(), change)))
