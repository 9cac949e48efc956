"""A project's user security settings: LDAP and self-managed X.509, LDAP verification requests, and the
certificates of Atlas-managed X.509 users. Records and rules; nothing here does I/O.

What is MongoDB's and what is ours is told in docs/ldap-and-x509.md.
"""

import datetime
import enum
import re
from dataclasses import dataclass

from atlas_access.core.errors import ApiError

DEFAULT_PORT = 636  # the spec's default: LDAP over TLS (LDAPS)
DEFAULT_AUTHZ_QUERY_TEMPLATE = "{USER}?memberOf?base"  # the spec's default
MAX_HOSTNAME = 255
# A host name, an IPv4 address or an IPv6 address (ours: the spec's pattern admits any text).
_HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
# A distinguished name: attribute=value pairs separated by commas (ours: looser than the spec's pattern, which its
# own examples and the recorded ``cn=admin,dc=example,dc=org`` break in case).
_DN_PART = re.compile(r"\s*[A-Za-z][A-Za-z0-9-]*\s*=\s*(?:[^,\\]|\\.)+")
_SCOPES = ("base", "one", "sub")
MONTHS_MIN, MONTHS_MAX, MONTHS_DEFAULT = 1, 24, 3  # the spec's maximum and default; 1 as Terraform checks


@dataclass(frozen=True, slots=True)
class DnMapping:
    """One ``userToDNMapping`` rule: a regular expression on the username, and either a substitution or an LDAP
    query that gives the DN."""

    match: str
    substitution: str | None = None
    ldap_query: str | None = None


@dataclass(frozen=True, slots=True)
class LdapSettings:
    """The project's LDAP settings; ``bind_password_sealed`` is the bind password sealed with the server's
    credential key, never shown."""

    authentication_enabled: bool = False
    authorization_enabled: bool = False
    hostname: str | None = None
    port: int | None = None
    bind_username: str | None = None
    bind_password_sealed: str | None = None
    ca_certificate: str | None = None
    authz_query_template: str | None = None
    user_to_dn_mapping: tuple[DnMapping, ...] | None = None


@dataclass(frozen=True, slots=True)
class UserSecurity:
    """A project's user security settings; a project that set none has the defaults."""

    group_id: str
    ldap: LdapSettings = LdapSettings()
    customer_x509_cas: str | None = None


class VerifyStatus(enum.StrEnum):
    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"  # as recorded; the spec's enum says FAIL


class Check(enum.StrEnum):
    """The steps of a verification, in the order they run (the spec's ``validationType``)."""

    CONNECT = "CONNECT"
    AUTHENTICATE = "AUTHENTICATE"
    AUTHORIZATION_ENABLED = "AUTHORIZATION_ENABLED"
    PARSE_AUTHZ_QUERY = "PARSE_AUTHZ_QUERY"
    QUERY_SERVER = "QUERY_SERVER"


OK, FAIL = "OK", "FAIL"
Validation = tuple[Check, str]  # (step, OK | FAIL)


@dataclass(frozen=True, slots=True)
class VerifyTarget:
    """What a verification connects to and with (the password apart: it is never kept with the request once the
    work has run)."""

    hostname: str
    port: int
    bind_username: str
    ca_certificate: str | None = None
    authz_query_template: str | None = None


@dataclass(frozen=True, slots=True)
class VerifyRequest:
    id: str
    group_id: str
    target: VerifyTarget
    status: VerifyStatus
    validations: tuple[Validation, ...]
    created_at: int
    deadline: int  # real time: unfinished by then, it has FAILED


def outcome(validations: tuple[Validation, ...]) -> VerifyStatus:
    """SUCCESS when every step ran and passed; a step that fails ends the work."""
    return VerifyStatus.FAILED if not validations or validations[-1][1] == FAIL else VerifyStatus.SUCCESS


@dataclass(frozen=True, slots=True)
class AuthzQuery:
    """An ``authzQueryTemplate`` parsed as RFC 4516 LDAP URL parts: ``dn?attributes?scope?filter``."""

    base: str
    attributes: tuple[str, ...]
    scope: str
    filter: str

    def for_user(self, user_dn: str) -> "AuthzQuery":
        return AuthzQuery(self.base.replace("{USER}", user_dn), self.attributes, self.scope, self.filter)


def parse_authz_query(template: str) -> AuthzQuery | None:
    """The template's parts; None when it is not ``dn[?attributes[?scope[?filter]]]`` with a known scope and the
    ``{USER}`` placeholder somewhere (ours: mongod's ``ldapQueryTemplate`` needs it to find the user's groups)."""
    parts = template.split("?")
    if len(parts) > 4 or "{USER}" not in template or not parts[0].strip():
        return None
    base, attributes, scope, query_filter = (*parts, "", "", "")[:4]
    if scope and scope not in _SCOPES:
        return None
    if query_filter and not (query_filter.startswith("(") and query_filter.endswith(")")):
        return None
    names = tuple(name.strip() for name in attributes.split(",") if name.strip())
    return AuthzQuery(base, names, scope or "base", query_filter or "(objectClass=*)")


# --- rules on what a body gives ---------------------------------------------------------------------------------


def _invalid(field: str, why: str) -> ApiError:
    return ApiError("INVALID_ATTRIBUTE", field, fields=[(field, why)])


def hostname_given(value: str, field: str) -> str:
    if not 1 <= len(value) <= MAX_HOSTNAME or not _HOSTNAME.fullmatch(value):
        raise _invalid(field, "A host name, an IPv4 address or an IPv6 address.")
    return value


def port_given(value: int, field: str) -> int:
    if not 1 <= value <= 65535:
        raise _invalid(field, "A TCP port, 1 to 65535.")
    return value


def dn_given(value: str, field: str) -> str:
    if not value or len(value) > 1024 or not all(_DN_PART.fullmatch(part) for part in _dn_parts(value)):
        raise _invalid(field, "A distinguished name, such as cn=admin,dc=example,dc=org.")
    return value


def _dn_parts(value: str) -> list[str]:
    return re.split(r"(?<!\\),", value)


def password_given(value: str, field: str) -> str:
    if not value or len(value) > 1024:
        raise _invalid(field, "1 to 1024 characters.")
    return value


def authz_query_given(value: str, field: str) -> str:
    if parse_authz_query(value) is None:
        raise _invalid(field, "An LDAP query template: {USER}?attributes?scope?filter, scope base, one or sub.")
    return value


def mapping_given(match: str | None, substitution: str | None, ldap_query: str | None, field: str) -> DnMapping:
    """One mapping rule: ``match`` a regular expression, and exactly one of ``substitution`` and ``ldapQuery``."""
    if match is None:
        raise ApiError(
            "MISSING_ATTRIBUTE", f"{field}.match", fields=[(f"{field}.match", "This attribute is required.")]
        )
    try:
        re.compile(match)
    except (re.error, RecursionError, OverflowError):
        raise _invalid(f"{field}.match", "A regular expression.") from None
    if (substitution is None) == (ldap_query is None):
        raise _invalid(field, "Either substitution or ldapQuery, not both.")
    return DnMapping(match, substitution, ldap_query)


def months_given(value: int | None) -> int:
    """``monthsUntilExpiration``: 1 to 24, 3 when not given."""
    if value is None:
        return MONTHS_DEFAULT
    if not MONTHS_MIN <= value <= MONTHS_MAX:
        raise _invalid("monthsUntilExpiration", f"{MONTHS_MIN} to {MONTHS_MAX} months.")
    return value


def add_months(epoch: int, months: int) -> int:
    """``epoch`` plus whole calendar months (the day kept, or the month's last day), in UTC seconds."""
    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return int(moment.replace(year=year, month=month, day=min(moment.day, last_day)).timestamp())


@dataclass(frozen=True, slots=True)
class ProjectCa:
    """A project's own certificate authority for Atlas-managed X.509 users."""

    group_id: str
    certificate: str  # PEM
    private_key_sealed: str
    created_at: int


@dataclass(frozen=True, slots=True)
class UserCertificate:
    """A certificate issued to a managed X.509 user; its private key went to the caller and was not kept."""

    group_id: str
    serial: int
    username: str
    subject: str
    created_at: int
    not_after: int


@dataclass(frozen=True, slots=True)
class LdapChange:
    """What an ``updateGroupUserSecurity`` body gives of ``ldap``: each field None when not given."""

    authentication_enabled: bool | None = None
    authorization_enabled: bool | None = None
    hostname: str | None = None
    port: int | None = None
    bind_username: str | None = None
    bind_password: str | None = None
    ca_certificate: str | None = None
    authz_query_template: str | None = None
    user_to_dn_mapping: tuple[DnMapping, ...] | None = None


VERIFY_DEADLINE_SECONDS = 60  # ours: a verification not finished a minute after it was asked has FAILED
