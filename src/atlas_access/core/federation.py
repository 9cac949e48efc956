"""Federated authentication: federations, their identity providers, the organizations they connect and the role
mappings that decide what a user signing in through them holds. Records and rules, no I/O (docs/federation.md)."""

import enum
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atlas_access.core.invitations import unique_in_order


class Protocol(enum.StrEnum):
    SAML = "SAML"
    OIDC = "OIDC"


class IdpType(enum.StrEnum):
    WORKFORCE = "WORKFORCE"
    WORKLOAD = "WORKLOAD"


@dataclass(frozen=True, slots=True)
class Federation:
    """A federation; ``owner_org_id`` is the organization it was set up for (its first connected organization)."""

    id: str
    owner_org_id: str
    created_at: int


@dataclass(frozen=True, slots=True)
class IdentityProvider:
    """An identity provider of a federation. ``legacy_id`` is the 20-hex id SAML ones carry (``oktaIdpId``);
    ``attributes`` are the protocol's own fields, by their wire names."""

    id: str
    federation_id: str
    protocol: Protocol
    idp_type: IdpType
    legacy_id: str | None
    attributes: Mapping[str, Any]
    created_at: int
    updated_at: int | None = None
    jwks_revoked_at: int | None = None

    @property
    def display_name(self) -> str:
        return str(self.attributes.get("displayName") or "")

    @property
    def associated_domains(self) -> tuple[str, ...]:
        return tuple(self.attributes.get("associatedDomains") or ())

    @property
    def active(self) -> bool:
        """A SAML identity provider signs users in once activated; an OIDC one always can (ours)."""
        return self.protocol is Protocol.OIDC or self.attributes.get("status") == "ACTIVE"


@dataclass(frozen=True, slots=True)
class ConnectedOrg:
    """An organization's configuration in its federation."""

    org_id: str
    federation_id: str
    identity_provider_id: str | None = None  # the identity provider users sign in to the organization with
    data_access_identity_provider_ids: tuple[str, ...] = ()
    domain_allow_list: tuple[str, ...] = ()
    domain_restriction_enabled: bool = False
    post_auth_role_grants: tuple[str, ...] = ("ORG_OWNER",)  # as recorded for a new connection
    created_at: int = 0


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    """One role a mapping grants: in the organization (``org_id``) or in one of its projects (``group_id``)."""

    role: str
    org_id: str | None = None
    group_id: str | None = None


@dataclass(frozen=True, slots=True)
class RoleMapping:
    id: str
    org_id: str
    external_group_name: str
    assignments: tuple[RoleAssignment, ...] = field(default=())
    created_at: int = 0


def new_legacy_id() -> str:
    """A SAML identity provider's 20-hex id (the spec's pattern; the recorded ones are Okta's, ours are random)."""
    return secrets.token_hex(10)


def domain_of(username: str) -> str:
    return username.rpartition("@")[2].lower()


def domain_allowed(config: ConnectedOrg, username: str) -> bool:
    """Whether the organization lets ``username`` in: always without domain restriction; with it, only a username
    whose domain is on the allow list, or a subdomain of one (ours: MongoDB documents no subdomain rule)."""
    if not config.domain_restriction_enabled:
        return True
    domain = domain_of(username)
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in _domains(config.domain_allow_list))


def _domains(values: Iterable[str]) -> Iterable[str]:
    for value in values:
        text = value.strip().lower()
        # An allow-list entry may be written as a URL (the real CLI's test does): its host counts.
        text = text.split("://", 1)[-1].split("/", 1)[0]
        if text:
            yield text


@dataclass(frozen=True, slots=True)
class Granted:
    """What signing in gives a user in one organization: its organization roles and its roles per project."""

    org_roles: tuple[str, ...]
    group_roles: Mapping[str, tuple[str, ...]]


def granted(config: ConnectedOrg, mappings: Iterable[RoleMapping], groups: Iterable[str]) -> Granted:
    """The roles of a user in the groups ``groups``: those of every mapping whose external group name is one of them
    (exact match, as the IdP's claim carries it), plus the post-authentication role grants."""
    names = set(groups)
    org_roles: list[str] = []
    group_roles: dict[str, list[str]] = {}
    for mapping in mappings:
        if mapping.external_group_name not in names:
            continue
        for assignment in mapping.assignments:
            if assignment.group_id is not None:
                group_roles.setdefault(assignment.group_id, []).append(assignment.role)
            else:
                org_roles.append(assignment.role)
    org_roles.extend(config.post_auth_role_grants)
    return Granted(
        unique_in_order(tuple(org_roles)),
        {group_id: unique_in_order(tuple(roles)) for group_id, roles in group_roles.items()},
    )
