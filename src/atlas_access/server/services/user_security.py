"""A project's user security settings (LDAP and self-managed X.509) and the verifications of LDAP settings.
Nothing here knows about HTTP.

What is MongoDB's and what is ours:
- ``updateGroupUserSecurity`` changes what the body gives and keeps the rest (recorded: the answer shows the
  settings as they are then, 202). The bind password is never shown and is kept sealed with the server's credential
  key. Turning LDAP authentication or authorization on needs a host name, a bind DN and a bind password, given now
  or before: 400 ``MISSING_ATTRIBUTE`` naming the first missing (ours).
- ``deleteGroupUserSecurityLdapUserToDnMapping`` removes the mapping and answers the settings without it (recorded).
- ``disableGroupUserSecurityCustomerX509`` forgets the uploaded CAs (202, the settings).
- A verification answers at once, PENDING (recorded); the work runs in the background (``server.ldap_verify``).
  An unknown request id: 404 ``RESOURCE_NOT_FOUND`` (ours).

Events, in the project's feed: USER_SECURITY_SETTINGS_UPDATED for each change of the settings (a body that changes
nothing writes none, ours; a given bind password is always a change). The spec lists no LDAP event of its own.
"""

from dataclasses import replace
from typing import TypeVar

from atlas_access.core.clock import real_now
from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id, new_id
from atlas_access.core.user_security import (
    VERIFY_DEADLINE_SECONDS,
    LdapChange,
    LdapSettings,
    UserSecurity,
    VerifyRequest,
    VerifyStatus,
    VerifyTarget,
)
from atlas_access.server.ldap_verify import PASSWORD_PURPOSE
from atlas_access.server.services.context import Context
from atlas_access.store import user_security as store

T = TypeVar("T")
BIND_PASSWORD_PURPOSE = b"atlas-access ldap bind password v1"
SETTINGS_UPDATED = "USER_SECURITY_SETTINGS_UPDATED"


def settings(ctx: Context, project: Project) -> UserSecurity:
    return store.settings(ctx.conn, project.id)


def _save(ctx: Context, project: Project, before: UserSecurity, after: UserSecurity, *, changed: bool) -> UserSecurity:
    if changed or after != before:
        store.save(ctx.conn, after)
        ctx.record(SETTINGS_UPDATED, org_id=project.org_id, group_id=project.id)
    return after


def update(ctx: Context, project: Project, ldap: LdapChange | None, customer_cas: str | None) -> UserSecurity:
    """``updateGroupUserSecurity``: the LDAP fields given replace the stored ones; ``customer_cas`` (already
    checked PEM) replaces the self-managed X.509 CAs."""
    before = store.settings(ctx.conn, project.id)
    after = before
    if ldap is not None:
        after = replace(after, ldap=_changed_ldap(ctx, project, before.ldap, ldap))
    if customer_cas is not None:
        after = replace(after, customer_x509_cas=customer_cas)
    return _save(ctx, project, before, after, changed=ldap is not None and ldap.bind_password is not None)


def _kept(given: T | None, current: T) -> T:
    return current if given is None else given


def _changed_ldap(ctx: Context, project: Project, current: LdapSettings, change: LdapChange) -> LdapSettings:
    sealed = current.bind_password_sealed
    if change.bind_password is not None:
        sealed = ctx.secrets.close(BIND_PASSWORD_PURPOSE, project.id, change.bind_password.encode("utf-8"))
    changed = LdapSettings(
        authentication_enabled=_kept(change.authentication_enabled, current.authentication_enabled),
        authorization_enabled=_kept(change.authorization_enabled, current.authorization_enabled),
        hostname=_kept(change.hostname, current.hostname),
        port=_kept(change.port, current.port),
        bind_username=_kept(change.bind_username, current.bind_username),
        bind_password_sealed=sealed,
        ca_certificate=_kept(change.ca_certificate, current.ca_certificate),
        authz_query_template=_kept(change.authz_query_template, current.authz_query_template),
        user_to_dn_mapping=_kept(change.user_to_dn_mapping, current.user_to_dn_mapping),
    )
    if changed.authentication_enabled or changed.authorization_enabled:
        for field, value in (
            ("hostname", changed.hostname),
            ("bindUsername", changed.bind_username),
            ("bindPassword", changed.bind_password_sealed),
        ):
            if value is None:
                name = f"ldap.{field}"
                raise ApiError("MISSING_ATTRIBUTE", name, fields=[(name, "Needed while LDAP is enabled.")])
    return changed


def delete_mapping(ctx: Context, project: Project) -> UserSecurity:
    """``deleteGroupUserSecurityLdapUserToDnMapping``: the settings without the user-to-DN mapping."""
    before = store.settings(ctx.conn, project.id)
    after = replace(before, ldap=replace(before.ldap, user_to_dn_mapping=None))
    return _save(ctx, project, before, after, changed=False)


def disable_customer_x509(ctx: Context, project: Project) -> UserSecurity:
    """``disableGroupUserSecurityCustomerX509``: the settings without self-managed X.509 CAs."""
    before = store.settings(ctx.conn, project.id)
    after = replace(before, customer_x509_cas=None)
    return _save(ctx, project, before, after, changed=False)


# --- verifications ----------------------------------------------------------------------------------------------


def verify(ctx: Context, project: Project, target: VerifyTarget, password: str) -> VerifyRequest:
    """A new verification of ``target``, PENDING: a server process runs it soon (``server.ldap_verify``)."""
    request = VerifyRequest(
        new_id(),
        project.id,
        target,
        VerifyStatus.PENDING,
        (),
        ctx.now,
        int(real_now()) + VERIFY_DEADLINE_SECONDS,
    )
    sealed = ctx.secrets.close(PASSWORD_PURPOSE, request.id, password.encode("utf-8"))
    store.add_request(ctx.conn, request, sealed)
    return request


def verification(ctx: Context, project: Project, request_id: str) -> VerifyRequest:
    """The project's verification request, else 404 ``RESOURCE_NOT_FOUND``."""
    found = store.request(ctx.conn, project.id, request_id) if is_object_id(request_id) else None
    if found is None:
        raise ApiError("RESOURCE_NOT_FOUND", request_id)
    return found
