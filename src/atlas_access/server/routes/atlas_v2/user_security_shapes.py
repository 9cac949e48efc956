"""A project's user security on the wire: LDAP and self-managed X.509 settings, LDAP verifications, and the
certificates of managed X.509 users.

Shapes as recorded (``reference/recordings/ldap``): ``{"customerX509": {}, "ldap": {authenticationEnabled,
authorizationEnabled, bindUsername, hostname, port, userToDNMapping}}`` without links and never a ``bindPassword``;
a verification ``{groupId, links: [self], request: {authzQueryTemplate ("" when not given), bindUsername, hostname,
port}, requestId, status, validations}``, ``status`` FAILED (the spec's enum says FAIL).
"""

from typing import Any
from urllib.parse import quote

from atlas_access.core import user_security as rules
from atlas_access.core.clock import iso
from atlas_access.core.errors import ApiError
from atlas_access.core.user_security import (
    DnMapping,
    LdapChange,
    UserCertificate,
    UserSecurity,
    VerifyRequest,
    VerifyTarget,
)
from atlas_access.server.wire.body import WireModel, require
from atlas_access.server.x509 import certificates_in


class DnMappingIn(WireModel):
    """``UserToDNMapping``: ``match`` and one of ``substitution`` and ``ldapQuery``."""

    match: str | None = None
    substitution: str | None = None
    ldapQuery: str | None = None


class LdapIn(WireModel):
    """``LDAPSecuritySettings``; ``links`` is read-only and ignored."""

    authenticationEnabled: bool | None = None
    authorizationEnabled: bool | None = None
    authzQueryTemplate: str | None = None
    bindPassword: str | None = None
    bindUsername: str | None = None
    caCertificate: str | None = None
    hostname: str | None = None
    port: int | None = None
    userToDNMapping: list[DnMappingIn] | None = None
    links: list[Any] | None = None


class CustomerX509In(WireModel):
    """``DBUserTLSX509Settings``: the PEM of one or more CA certificates."""

    cas: str | None = None
    links: list[Any] | None = None


class UserSecurityIn(WireModel):
    """``UserSecurity``: the parts given change, the rest stays."""

    customerX509: CustomerX509In | None = None
    ldap: LdapIn | None = None
    links: list[Any] | None = None


class VerifyIn(WireModel):
    """``LDAPVerifyConnectivityJobRequestParams``: host, port, bind DN and password are required."""

    authzQueryTemplate: str | None = None
    bindPassword: str | None = None
    bindUsername: str | None = None
    caCertificate: str | None = None
    hostname: str | None = None
    port: int | None = None
    links: list[Any] | None = None


class UserCertIn(WireModel):
    """``UserCert``: only ``monthsUntilExpiration`` is written."""

    monthsUntilExpiration: int | None = None


def _ca_certificate(value: str | None, field: str) -> str | None:
    """A CA certificate given as PEM ("" for none): checked to be one or more certificates."""
    if value and certificates_in(value) is None:
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, "PEM of one or more X.509 certificates.")])
    return value


def ldap_change(body: LdapIn) -> LdapChange:
    mapping = None
    if body.userToDNMapping is not None:
        mapping = tuple(
            rules.mapping_given(item.match, item.substitution, item.ldapQuery, f"ldap.userToDNMapping.{index}")
            for index, item in enumerate(body.userToDNMapping)
        )
    template = body.authzQueryTemplate
    return LdapChange(
        authentication_enabled=body.authenticationEnabled,
        authorization_enabled=body.authorizationEnabled,
        hostname=None if body.hostname is None else rules.hostname_given(body.hostname, "ldap.hostname"),
        port=None if body.port is None else rules.port_given(body.port, "ldap.port"),
        bind_username=None if body.bindUsername is None else rules.dn_given(body.bindUsername, "ldap.bindUsername"),
        # The real CLI's save sends "" when no password is given, and the cloud takes it: the password stays (ours).
        bind_password=rules.password_given(body.bindPassword, "ldap.bindPassword") if body.bindPassword else None,
        ca_certificate=_ca_certificate(body.caCertificate, "ldap.caCertificate"),
        authz_query_template=(
            template if not template else rules.authz_query_given(template, "ldap.authzQueryTemplate")
        ),
        user_to_dn_mapping=mapping,
    )


def customer_cas(body: CustomerX509In | None) -> str | None:
    """The self-managed X.509 CAs given, checked; None when not given."""
    if body is None or body.cas is None:
        return None
    if certificates_in(body.cas) is None:
        field = "customerX509.cas"
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, "PEM of one or more X.509 CA certificates.")])
    return body.cas


def verify_target(body: VerifyIn) -> tuple[VerifyTarget, str]:
    """What to verify, and the bind password."""
    hostname = rules.hostname_given(require(body.hostname, "hostname"), "hostname")
    port = rules.port_given(require(body.port, "port"), "port")
    bind_username = rules.dn_given(require(body.bindUsername, "bindUsername"), "bindUsername")
    password = rules.password_given(require(body.bindPassword, "bindPassword"), "bindPassword")
    ca_certificate = _ca_certificate(body.caCertificate, "caCertificate") or None
    return VerifyTarget(hostname, port, bind_username, ca_certificate, body.authzQueryTemplate or None), password


# --- answers ----------------------------------------------------------------------------------------------------


def _mapping_view(rule: DnMapping) -> dict[str, Any]:
    view = {"match": rule.match}
    if rule.substitution is not None:
        view["substitution"] = rule.substitution
    if rule.ldap_query is not None:
        view["ldapQuery"] = rule.ldap_query
    return view


def user_security_view(security: UserSecurity) -> dict[str, Any]:
    """``UserSecurity`` as recorded: no links, no password, the fields that are set."""
    ldap = security.ldap
    ldap_view: dict[str, Any] = {
        "authenticationEnabled": ldap.authentication_enabled,
        "authorizationEnabled": ldap.authorization_enabled,
    }
    optional = {
        "authzQueryTemplate": ldap.authz_query_template or None,
        "bindUsername": ldap.bind_username,
        "caCertificate": ldap.ca_certificate or None,
        "hostname": ldap.hostname,
        "port": ldap.port,
    }
    ldap_view.update({name: value for name, value in optional.items() if value is not None})
    if ldap.user_to_dn_mapping is not None:
        ldap_view["userToDNMapping"] = [_mapping_view(rule) for rule in ldap.user_to_dn_mapping]
    customer = {} if security.customer_x509_cas is None else {"cas": security.customer_x509_cas}
    return {"customerX509": customer, "ldap": ldap_view}


def verify_path(group_id: str, request_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/userSecurity/ldap/verify/{request_id}"


def verify_view(request: VerifyRequest, base_url: str) -> dict[str, Any]:
    """``LDAPVerifyConnectivityJobRequest``: the request without its password, its state and its steps."""
    target = request.target
    shown: dict[str, Any] = {
        "authzQueryTemplate": target.authz_query_template or "",
        "bindUsername": target.bind_username,
        "hostname": target.hostname,
        "port": target.port,
    }
    if target.ca_certificate:
        shown["caCertificate"] = target.ca_certificate
    return {
        "groupId": request.group_id,
        "links": [{"href": base_url + verify_path(request.group_id, request.id), "rel": "self"}],
        "request": shown,
        "requestId": request.id,
        "status": request.status.value,
        "validations": [{"status": state, "validationType": step.value} for step, state in request.validations],
    }


def certs_path(group_id: str, username: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/databaseUsers/{quote(username, safe='@=$,+')}/certs"


def certificate_view(issued: UserCertificate) -> dict[str, Any]:
    """``UserCert``: ``_id`` is the serial number; never the private key."""
    return {
        "_id": issued.serial,
        "createdAt": iso(issued.created_at),
        "groupId": issued.group_id,
        "notAfter": iso(issued.not_after),
        "subject": issued.subject,
    }
