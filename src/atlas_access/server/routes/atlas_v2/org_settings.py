"""``/api/atlas/v2/orgs/{orgId}/settings`` (2023-01-01) and ``.../delegationSettings`` (2025-03-12): an
organization's settings and its delegation settings (docs/org-settings.md).

An update changes the settings it gives and no other, and answers 200 with every setting afterwards. An attribute
that is no setting is 400 ``INVALID_ATTRIBUTE``; a value of the wrong type or beyond the spec's bounds 400
``INVALID_JSON_ATTRIBUTE``; a policy that is not one of the spec's 400 ``INVALID_ENUM_VALUE``. A null leaves a flag
or a number as it is, and clears a contact, the session timeouts or a delegation setting (ours, following the spec
on ``operationsContact`` and the refresh-token lifetimes).
"""

from typing import Any

from pydantic import Field

from atlas_access.core import org_settings as rules
from atlas_access.core.errors import ApiError
from atlas_access.server.services import org_settings as service
from atlas_access.server.wire.body import WireModel, email
from atlas_access.server.wire.endpoint import Call, Reply

_MAX_LIFETIME = 31_536_000  # a refresh token's lifetime: a year at most (the spec)
_MCP_ACCESS = ("DISALLOWED", "READ_ONLY", "READ_WRITE")
_PARTNER_ACCESS = ("DISALLOWED", "READ_WRITE")


class SessionTimeoutsIn(WireModel):
    absoluteSessionTimeoutInSeconds: int | None = None
    idleSessionTimeoutInSeconds: int | None = None


class OrgSettingsIn(WireModel):
    """``OrganizationSettings``."""

    apiAccessListRequired: bool | None = None
    customSessionTimeouts: SessionTimeoutsIn | None = None
    genAIFeaturesEnabled: bool | None = None
    maxServiceAccountSecretValidityInHours: int | None = Field(default=None, ge=8, le=8760)
    multiFactorAuthRequired: bool | None = None
    operationsContact: str | None = None
    restrictEmployeeAccess: bool | None = None
    securityContact: str | None = None
    streamsCrossGroupEnabled: bool | None = None


class DelegationSettingsIn(WireModel):
    """``OrgDelegationSettingsUpdateRequest``."""

    delegatedMcpAccess: str | None = None
    delegatedPartnerAccess: str | None = None
    idleRefreshTokenLifetime: int | None = Field(default=None, ge=1, le=_MAX_LIFETIME)
    maximumRefreshTokenLifetime: int | None = Field(default=None, ge=1, le=_MAX_LIFETIME)


def _email(value: str, field: str) -> str:
    """A contact is an email address, kept as given (400 ``INVALID_ATTRIBUTE`` otherwise, ours)."""
    try:
        email(value)
    except ApiError:
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, "Must be an email address.")]) from None
    return value


def _timeouts(given: SessionTimeoutsIn | None) -> dict[str, int] | None:
    if given is None:
        return None
    rules.check_session_timeouts(given.absoluteSessionTimeoutInSeconds, given.idleSessionTimeoutInSeconds)
    return given.model_dump(exclude_none=True) or None


def _settings_given(body: OrgSettingsIn) -> dict[str, Any]:
    """What a PATCH changes: the flags and the number it gives, and the contacts and timeouts it names (a null or,
    for the security contact, an empty string clearing them; the operations contact may not be empty)."""
    given: dict[str, Any] = body.model_dump(
        exclude_none=True, exclude={rules.SECURITY_CONTACT, rules.OPERATIONS_CONTACT, rules.SESSION_TIMEOUTS}
    )
    named = body.model_fields_set
    if rules.SECURITY_CONTACT in named:
        contact = body.securityContact or None
        given[rules.SECURITY_CONTACT] = None if contact is None else _email(contact, rules.SECURITY_CONTACT)
    if rules.OPERATIONS_CONTACT in named:
        contact = body.operationsContact
        given[rules.OPERATIONS_CONTACT] = None if contact is None else _email(contact, rules.OPERATIONS_CONTACT)
    if rules.SESSION_TIMEOUTS in named:
        given[rules.SESSION_TIMEOUTS] = _timeouts(body.customSessionTimeouts)
    return given


def get_settings(call: Call) -> Reply:
    return Reply(200, service.get(call.ctx, call.the_org()))


def update_settings(call: Call) -> Reply:
    given = _settings_given(call.body(OrgSettingsIn))
    return Reply(200, service.update(call.ctx, call.the_org(), given))


def _enum(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is not None and value not in allowed:
        raise ApiError("INVALID_ENUM_VALUE", value, fields=[(field, f"One of {', '.join(allowed)}.")])
    return value


def get_delegation(call: Call) -> Reply:
    return Reply(200, service.get_delegation(call.ctx, call.the_org()))


def update_delegation(call: Call) -> Reply:
    body = call.body(DelegationSettingsIn)
    _enum(body.delegatedMcpAccess, _MCP_ACCESS, "delegatedMcpAccess")
    _enum(body.delegatedPartnerAccess, _PARTNER_ACCESS, "delegatedPartnerAccess")
    given = {name: getattr(body, name) for name in body.model_fields_set}
    return Reply(200, service.update_delegation(call.ctx, call.the_org(), given))
