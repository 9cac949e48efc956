"""Service accounts on the wire (Atlas v2, 2024-08-05): request bodies, their checks, and the views.

Shapes follow the spec's schemas (no recording of these operations exists): ``OrgServiceAccount`` and
``GroupServiceAccount`` ``{clientId, createdAt, description, name, roles, secrets}`` (organization roles, or the
roles in the project), ``ServiceAccountSecret`` ``{createdAt, expiresAt, id, lastUsedAt, maskedSecretValue,
secret}``, ``ServiceAccountGroup`` ``{groupId, roles}``, ``ServiceAccountIPAccessListEntry``.

Ours: ``secret`` is in the answer that creates it only, with ``maskedSecretValue`` beside it; the masked value
is ``mdb_sa_sk_...`` and the secret's last four characters; ``lastUsedAt`` is left out until the secret mints a
token; an access-list entry shows ``ipAddress`` only for a single address (as API keys' entries do, recorded),
and ``requestCount`` 0 (this server counts no requests).
"""

from typing import Any

from atlas_access.core.access_list import Entry
from atlas_access.core.clock import iso
from atlas_access.core.errors import ApiError
from atlas_access.core.service_accounts import Account, Secret
from atlas_access.server.services import service_accounts
from atlas_access.server.wire import query
from atlas_access.server.wire.body import WireModel
from atlas_access.server.wire.endpoint import Call

MAX_NAME = 64
MAX_DESCRIPTION = 250
_PUNCTUATION = frozenset("-_.,' ")  # the spec's pattern ^[\p{L}\p{N}\-_.,' ]*$, beside letters and digits
SECRET_PREFIX = "mdb_sa_sk_"


# --- bodies -------------------------------------------------------------------------------------------------------


class OrgServiceAccountIn(WireModel):
    """``OrgServiceAccountRequest``: every field required."""

    name: str
    description: str
    roles: list[str]
    secretExpiresAfterHours: int


class GroupServiceAccountIn(OrgServiceAccountIn):
    """``GroupServiceAccountRequest``: the same fields, ``roles`` being project roles."""


class ServiceAccountUpdateIn(WireModel):
    """``OrgServiceAccountUpdateRequest`` / ``GroupServiceAccountUpdateRequest``: what is given (null is not
    given) changes."""

    name: str | None = None
    description: str | None = None
    roles: list[str] | None = None


class SecretIn(WireModel):
    """``ServiceAccountSecretRequest``."""

    secretExpiresAfterHours: int


class RoleAssignmentIn(WireModel):
    """``GroupServiceAccountRoleAssignment``."""

    roles: list[str]


class AccessListEntryIn(WireModel):
    """``ServiceAccountIPAccessListEntry`` as a request item: one of ``ipAddress`` and ``cidrBlock``."""

    ipAddress: str | None = None
    cidrBlock: str | None = None


def _text(value: str, field: str, limit: int) -> str:
    """A name or description: 1 to ``limit`` letters, digits, spaces or ``-_.,'`` (the spec's pattern)."""
    if not 1 <= len(value) <= limit or not all(c.isalnum() or c in _PUNCTUATION for c in value):
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, f"1 to {limit} letters, digits, spaces or -_.,'")])
    return value


def name_given(value: str) -> str:
    return _text(value, "name", MAX_NAME)


def description_given(value: str) -> str:
    return _text(value, "description", MAX_DESCRIPTION)


# --- the account a path names -------------------------------------------------------------------------------------


def account_in_scope(call: Call) -> tuple[Account, tuple[str, ...]]:
    """The account ``{clientId}`` names and its roles where the path acts: its organization roles under
    ``/orgs/{orgId}``, its roles in the project under ``/groups/{groupId}`` (where it must be assigned)."""
    client_id = call.path["clientId"]
    if call.project is not None:
        return service_accounts.find_in_project(call.ctx, call.project, client_id)
    account = service_accounts.find(call.ctx, call.the_org(), client_id)
    return account, account.roles


def scope_path(call: Call, account: Account, tail: str = "") -> str:
    """The account's path where the request acts (for list links), e.g. ``.../serviceAccounts/<id>/accessList``."""
    if call.project is not None:
        base = f"/api/atlas/v2/groups/{call.project.id}/serviceAccounts"
    else:
        base = f"/api/atlas/v2/orgs/{call.the_org().id}/serviceAccounts"
    return f"{base}/{account.client_id}{tail}"


def details_changed(body: ServiceAccountUpdateIn) -> tuple[str | None, str | None]:
    """The name and the description an update gives, each checked; None for what it leaves as it is."""
    name = None if body.name is None else name_given(body.name)
    description = None if body.description is None else description_given(body.description)
    return name, description


def include_system_managed(call: Call) -> bool:
    """``includeSystemManaged`` of the lists: checked (400 if not a boolean), and changes nothing: this server
    has no system-managed accounts."""
    return query.flag(call.query, "includeSystemManaged")


def group_id_of(call: Call) -> str | None:
    """The project the request acts under (its events go to that project's feed), None under an organization."""
    return None if call.project is None else call.project.id


# --- views --------------------------------------------------------------------------------------------------------


def secret_view(secret: Secret, shown: str | None = None) -> dict[str, Any]:
    """``ServiceAccountSecret``; ``shown`` is the secret itself, given only in the answer that creates it."""
    view: dict[str, Any] = {
        "createdAt": iso(secret.created_at),
        "expiresAt": iso(secret.expires_at),
        "id": secret.id,
        "maskedSecretValue": f"{SECRET_PREFIX}...{secret.masked_value[-4:]}",
    }
    if secret.last_used_at is not None:
        view["lastUsedAt"] = iso(secret.last_used_at)
    if shown is not None:
        view["secret"] = shown
    return view


def account_view(
    account: Account, roles: tuple[str, ...], *, new_secret: service_accounts.NewSecret | None = None
) -> dict[str, Any]:
    """``OrgServiceAccount`` (``roles`` the organization roles) or ``GroupServiceAccount`` (the project roles).
    ``new_secret``: the secret this very answer created, shown in full."""
    shown_id, shown = (new_secret.id, new_secret.secret) if new_secret is not None else (None, None)
    return {
        "clientId": account.client_id,
        "createdAt": iso(account.created_at),
        "description": account.description,
        "name": account.name,
        "roles": list(roles),
        "secrets": [secret_view(s, shown if s.id == shown_id else None) for s in account.secrets],
    }


def org_account_view(account: Account, *, new_secret: service_accounts.NewSecret | None = None) -> dict[str, Any]:
    return account_view(account, account.roles, new_secret=new_secret)


def project_view(group_id: str, roles: tuple[str, ...]) -> dict[str, Any]:
    """``ServiceAccountGroup``."""
    return {"groupId": group_id, "roles": list(roles)}


def entry_view(entry: Entry) -> dict[str, Any]:
    """``ServiceAccountIPAccessListEntry``."""
    view: dict[str, Any] = {"cidrBlock": entry.cidr_block, "createdAt": iso(entry.created_at), "requestCount": 0}
    if entry.single_address is not None:
        view["ipAddress"] = entry.single_address
    return view
