"""A project's user security settings, LDAP verification requests, its certificate authority and the managed
X.509 certificates it issued.

The settings are one row per project (none until something is set). A verification request is claimed by one
server process at a time with a conditional update (``claim``), so that of several processes sharing the database
one runs it; its outcome is written only while it is PENDING (``finish``), so a late writer never overwrites
another's. The project CA is made once: ``insert_if_absent`` lets exactly one of two racing creators win.
"""

import json

from sqlalchemy import Connection, and_, delete, or_, select, update

from atlas_access.core.user_security import (
    Check,
    DnMapping,
    LdapSettings,
    ProjectCa,
    UserCertificate,
    UserSecurity,
    Validation,
    VerifyRequest,
    VerifyStatus,
    VerifyTarget,
)
from atlas_access.store import json_columns
from atlas_access.store.prepared import Prepared, Row, param
from atlas_access.store.tables import ldap_verify_requests, project_cas, user_certificates, user_security
from atlas_access.store.upsert import insert, insert_if_absent

_SETTINGS = Prepared(select(user_security).where(user_security.c.group_id == param("group")))
_SETTINGS_COLUMNS = tuple(column.name for column in user_security.c if column.name != "group_id")
_UPDATE_SETTINGS = Prepared(
    update(user_security)
    .where(user_security.c.group_id == param("group_id"))
    .values({name: param(name) for name in _SETTINGS_COLUMNS})
)
_REQUEST = Prepared(
    select(ldap_verify_requests).where(
        ldap_verify_requests.c.id == param("id"), ldap_verify_requests.c.group_id == param("group")
    )
)
_CLAIMABLE = Prepared(
    select(ldap_verify_requests.c.id)
    .where(
        ldap_verify_requests.c.status == VerifyStatus.PENDING.value,
        ldap_verify_requests.c.deadline > param("now"),
        or_(ldap_verify_requests.c.claimed_until.is_(None), ldap_verify_requests.c.claimed_until < param("now")),
    )
    .order_by(ldap_verify_requests.c.created_at, ldap_verify_requests.c.id)
    .limit(param("limit"))
)
_CLAIM = Prepared(
    update(ldap_verify_requests)
    .where(
        ldap_verify_requests.c.id == param("id"),
        ldap_verify_requests.c.status == VerifyStatus.PENDING.value,
        or_(ldap_verify_requests.c.claimed_until.is_(None), ldap_verify_requests.c.claimed_until < param("now")),
    )
    .values(claimed_until=param("until"))
)
_CLAIMED = Prepared(select(ldap_verify_requests).where(ldap_verify_requests.c.id == param("id")))
_FINISH = Prepared(
    update(ldap_verify_requests)
    .where(ldap_verify_requests.c.id == param("id"), ldap_verify_requests.c.status == VerifyStatus.PENDING.value)
    .values(status=param("status"), validations=param("validations"), bind_password_sealed=None, claimed_until=None)
)
_EXPIRE = Prepared(
    update(ldap_verify_requests)
    .where(
        and_(
            ldap_verify_requests.c.status == VerifyStatus.PENDING.value,
            ldap_verify_requests.c.deadline <= param("now"),
        )
    )
    .values(status=VerifyStatus.FAILED.value, bind_password_sealed=None, claimed_until=None)
)
_CA = Prepared(select(project_cas).where(project_cas.c.group_id == param("group")))
_CERTS = Prepared(
    select(user_certificates)
    .where(user_certificates.c.group_id == param("group"), user_certificates.c.username == param("username"))
    .order_by(user_certificates.c.created_at, user_certificates.c.serial)
)
_DELETE_CERTS_OF = Prepared(
    delete(user_certificates).where(
        user_certificates.c.group_id == param("group"), user_certificates.c.username == param("username")
    )
)


# --- settings ---------------------------------------------------------------------------------------------------


def _mapping(text: str | None) -> tuple[DnMapping, ...] | None:
    if text is None:
        return None
    return tuple(DnMapping(item["match"], item.get("substitution"), item.get("ldapQuery")) for item in json.loads(text))


def _dump_mapping(mapping: tuple[DnMapping, ...] | None) -> str | None:
    if mapping is None:
        return None
    items = []
    for rule in mapping:
        item = {"match": rule.match}
        if rule.substitution is not None:
            item["substitution"] = rule.substitution
        if rule.ldap_query is not None:
            item["ldapQuery"] = rule.ldap_query
        items.append(item)
    return json_columns.dump(items)


def _flag(value: int | None) -> bool:
    return bool(value)


def settings(conn: Connection, group_id: str) -> UserSecurity:
    """The project's settings; the defaults when it set none."""
    row = _SETTINGS.first(conn, group=group_id)
    if row is None:
        return UserSecurity(group_id)
    ldap = LdapSettings(
        authentication_enabled=_flag(row["ldap_authentication_enabled"]),
        authorization_enabled=_flag(row["ldap_authorization_enabled"]),
        hostname=row["ldap_hostname"],
        port=row["ldap_port"],
        bind_username=row["ldap_bind_username"],
        bind_password_sealed=row["ldap_bind_password_sealed"],
        ca_certificate=row["ldap_ca_certificate"],
        authz_query_template=row["ldap_authz_query_template"],
        user_to_dn_mapping=_mapping(row["ldap_user_to_dn_mapping"]),
    )
    return UserSecurity(group_id, ldap, row["customer_x509_cas"])


def save(conn: Connection, security: UserSecurity) -> None:
    """Keep the project's settings (the row is made on the first change; the project row is locked by the
    request, so two first changes do not race on SQLite, and on PostgreSQL the loser updates)."""
    ldap = security.ldap
    values = {
        "ldap_authentication_enabled": int(ldap.authentication_enabled),
        "ldap_authorization_enabled": int(ldap.authorization_enabled),
        "ldap_hostname": ldap.hostname,
        "ldap_port": ldap.port,
        "ldap_bind_username": ldap.bind_username,
        "ldap_bind_password_sealed": ldap.bind_password_sealed,
        "ldap_ca_certificate": ldap.ca_certificate,
        "ldap_authz_query_template": ldap.authz_query_template,
        "ldap_user_to_dn_mapping": _dump_mapping(ldap.user_to_dn_mapping),
        "customer_x509_cas": security.customer_x509_cas,
    }
    updated = _UPDATE_SETTINGS.count(conn, group_id=security.group_id, **values) == 1
    if not updated and not insert_if_absent(conn, user_security, {"group_id": security.group_id, **values}):
        _UPDATE_SETTINGS.count(conn, group_id=security.group_id, **values)


# --- LDAP verification requests ---------------------------------------------------------------------------------


def _request(row: Row) -> VerifyRequest:
    target = VerifyTarget(
        row["hostname"], row["port"], row["bind_username"], row["ca_certificate"], row["authz_query_template"]
    )
    validations = tuple((Check(step), status) for step, status in json.loads(row["validations"]))
    return VerifyRequest(
        row["id"],
        row["group_id"],
        target,
        VerifyStatus(row["status"]),
        validations,
        row["created_at"],
        row["deadline"],
    )


def add_request(conn: Connection, request: VerifyRequest, bind_password_sealed: str) -> None:
    target = request.target
    values = {
        "id": request.id,
        "group_id": request.group_id,
        "hostname": target.hostname,
        "port": target.port,
        "bind_username": target.bind_username,
        "bind_password_sealed": bind_password_sealed,
        "ca_certificate": target.ca_certificate,
        "authz_query_template": target.authz_query_template,
        "status": request.status.value,
        "validations": "[]",
        "claimed_until": None,
        "deadline": request.deadline,
        "created_at": request.created_at,
    }
    insert(conn, ldap_verify_requests, values)


def request(conn: Connection, group_id: str, request_id: str) -> VerifyRequest | None:
    row = _REQUEST.first(conn, id=request_id, group=group_id)
    return None if row is None else _request(row)


def claim(conn: Connection, now: int, until: int, limit: int) -> list[tuple[VerifyRequest, str | None]]:
    """Take up to ``limit`` pending requests nobody runs (or whose runner's claim ran out) until ``until`` (real
    time); each with its sealed bind password."""
    claimed = []
    for row in _CLAIMABLE.rows(conn, now=now, limit=limit):
        if _CLAIM.count(conn, id=row["id"], now=now, until=until) == 1:
            found = _CLAIMED.first(conn, id=row["id"])
            if found is not None:
                claimed.append((_request(found), found["bind_password_sealed"]))
    return claimed


def finish(conn: Connection, request_id: str, status: VerifyStatus, validations: tuple[Validation, ...]) -> bool:
    """Record the outcome of a pending request and forget its password; False if it was no longer pending."""
    text = json_columns.dump([[step.value, state] for step, state in validations])
    return _FINISH.count(conn, id=request_id, status=status.value, validations=text) == 1


def expire(conn: Connection, now: int) -> int:
    """End as FAILED the pending requests whose deadline (real time) has passed: their work died with a process."""
    return _EXPIRE.count(conn, now=now)


# --- the project CA and its certificates ------------------------------------------------------------------------


def project_ca(conn: Connection, group_id: str) -> ProjectCa | None:
    row = _CA.first(conn, group=group_id)
    if row is None:
        return None
    return ProjectCa(row["group_id"], row["certificate"], row["private_key_sealed"], row["created_at"])


def add_project_ca(conn: Connection, ca: ProjectCa) -> bool:
    """Keep the project's CA unless it has one already; True when this one was kept."""
    values = {
        "group_id": ca.group_id,
        "certificate": ca.certificate,
        "private_key_sealed": ca.private_key_sealed,
        "created_at": ca.created_at,
    }
    return insert_if_absent(conn, project_cas, values)


def add_certificate(conn: Connection, issued: UserCertificate) -> bool:
    """Record an issued certificate; False if the project already has one with that serial number."""
    values = {
        "group_id": issued.group_id,
        "serial": issued.serial,
        "username": issued.username,
        "subject": issued.subject,
        "created_at": issued.created_at,
        "not_after": issued.not_after,
    }
    return insert_if_absent(conn, user_certificates, values)


def certificates(conn: Connection, group_id: str, username: str) -> list[UserCertificate]:
    """The certificates issued to the user, oldest first."""
    return [
        UserCertificate(
            row["group_id"], row["serial"], row["username"], row["subject"], row["created_at"], row["not_after"]
        )
        for row in _CERTS.rows(conn, group=group_id, username=username)
    ]


def forget_certificates(conn: Connection, group_id: str, username: str) -> int:
    """Forget the certificates of a user (when the user is deleted)."""
    return _DELETE_CERTS_OF.count(conn, group=group_id, username=username)
