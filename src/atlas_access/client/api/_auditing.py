"""``client.auditing``: the Go SDK's ``AuditingApi`` (2023-01-01): a project's database auditing.

Methods carry the Go SDK's pre-2026 names (``get_auditing_configuration``) and the short one of its 2025
releases (``update_audit_log``); the spec's operation ids in snake case (``get_group_audit_log``) are the same
methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import Methods, typed

if TYPE_CHECKING:
    from atlas_access.client.models import AuditLog

__all__ = ["AuditingApi"]


class AuditingApi(Methods, typed_calls="Auditing"):
    """Database auditing. Bodies are request models or dicts in the wire's names."""

    @typed
    def get_auditing_configuration(group_id: str) -> AuditLog:
        """The project's auditing: on or off, its filter, whether successful authorizations are audited."""

    @typed
    def update_auditing_configuration(group_id: str, body: AuditLog | Body) -> AuditLog:
        """Change the project's auditing (the fields given replace the old ones)."""

    # the name of the Go SDK's 2025 releases
    update_audit_log = update_auditing_configuration

    # the post-2026 names (the spec's operation ids)
    get_group_audit_log = get_auditing_configuration

    update_group_audit_log = update_auditing_configuration
