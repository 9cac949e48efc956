"""A project's user security (2023-01-01): X.509 certificates that MongoDB Cloud issues to its database users,
the customer's X.509 certificate authority, and LDAP authentication and authorization; names are the spec's
schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = [
    "DBUserTLSX509Settings",
    "LDAPSecuritySettings",
    "LDAPVerifyConnectivityJobRequest",
    "LDAPVerifyConnectivityJobRequestParams",
    "LDAPVerifyConnectivityJobRequestValidation",
    "UserCert",
    "UserSecurity",
    "UserToDNMapping",
]


class UserCert(AtlasModel):
    """A certificate issued to an X.509 (``MANAGED``) database user. To ask for one, give only
    ``months_until_expiration``; the answer to that is the PEM file itself (certificate and private key), as
    text. Lists answer with ``id`` (a number), ``subject``, ``created_at`` and ``not_after``."""

    id: int | None = Field(default=None, alias="_id")
    subject: str | None = None
    created_at: datetime | None = None
    not_after: datetime | None = None
    group_id: str | None = None
    months_until_expiration: int | None = None
    links: list[Link] = Field(default_factory=list)


class UserToDNMapping(AtlasModel):
    """How a username becomes an LDAP distinguished name: a regular expression (``match``) and either a
    ``substitution`` or an ``ldap_query`` using its groups (``{0}`` ...)."""

    match: str
    substitution: str | None = None
    ldap_query: str | None = None


class LDAPSecuritySettings(AtlasModel):
    """A project's LDAP settings: the server, the user it binds as (``bind_password`` only goes in requests),
    whether LDAP authenticates and authorizes database users, and the username mapping."""

    authentication_enabled: bool | None = None
    authorization_enabled: bool | None = None
    authz_query_template: str | None = None
    bind_username: str | None = None
    bind_password: str | None = Field(default=None, repr=False)
    ca_certificate: str | None = None
    hostname: str | None = None
    port: int | None = None
    user_to_dn_mapping: list[UserToDNMapping] | None = Field(default=None, alias="userToDNMapping")
    links: list[Link] = Field(default_factory=list)


class DBUserTLSX509Settings(AtlasModel):
    """The customer's X.509 certificate authority (``cas``: PEM certificates), for ``CUSTOMER`` users."""

    cas: str | None = None
    links: list[Link] = Field(default_factory=list)


class UserSecurity(AtlasModel):
    """A project's user security: its customer X.509 and LDAP settings."""

    customer_x509: DBUserTLSX509Settings | None = None
    ldap: LDAPSecuritySettings | None = None
    links: list[Link] = Field(default_factory=list)


class LDAPVerifyConnectivityJobRequestParams(AtlasModel):
    """The LDAP server to verify: host, port and the user to bind as (``bind_password`` only goes in
    requests)."""

    hostname: str
    port: int
    bind_username: str
    bind_password: str | None = Field(default=None, repr=False)
    authz_query_template: str | None = None
    ca_certificate: str | None = None
    links: list[Link] = Field(default_factory=list)


class LDAPVerifyConnectivityJobRequestValidation(AtlasModel):
    """One check of a verification (``validation_type`` ``CONNECT``, ``AUTHENTICATE`` ...): ``OK`` or
    ``FAIL``."""

    status: str | None = None
    validation_type: str | None = None


class LDAPVerifyConnectivityJobRequest(AtlasModel):
    """A verification of LDAP settings: ``PENDING`` at first, then ``SUCCESS`` or ``FAILED``, with its
    checks."""

    request_id: str | None = None
    group_id: str | None = None
    status: str | None = None
    request: LDAPVerifyConnectivityJobRequestParams | None = None
    validations: list[LDAPVerifyConnectivityJobRequestValidation] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
