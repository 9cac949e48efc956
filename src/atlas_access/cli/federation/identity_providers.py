"""``atlas federatedAuthentication federationSettings identityProvider``: ``create oidc``, ``update oidc``,
``describe``, ``list``, ``delete`` and ``revokeJwk``, with the real CLI's flags, requests and texts
(``internal/cli/federatedauthentication/federationsettings/identityprovider``).

``create oidc`` sends every field, empty ones included; ``update oidc`` sends the protocol, the type and only the
other fields given a non-empty value."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._flags import force_flag, output_flag, required_role, slice_values
from atlas_access.cli._gostruct import encode
from atlas_access.cli._help import Flag, Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import given, slice_flag, string_flag
from atlas_access.cli.federation._run import (
    IDP_VERSION,
    OIDC,
    SAML,
    Invocation,
    begin,
    check_allowed,
    generate_aliases,
    page_flags,
    project_id,
    protocol_flag,
    settings_flag,
)
from atlas_access.cli.federation._shapes import (
    IDENTITY_PROVIDER,
    IDENTITY_PROVIDER_UPDATE,
    IDENTITY_PROVIDERS,
    OIDC_IDENTITY_PROVIDER,
    OIDC_IDENTITY_PROVIDER_UPDATE,
)

__all__ = ["identity_provider"]

WORKFORCE, WORKLOAD = "WORKFORCE", "WORKLOAD"
AUTHORIZATION_TYPES = ("GROUP", "USER")
IDP_TYPES = (WORKFORCE, WORKLOAD)
WORKLOAD_REFUSES = ("associatedDomain", "clientId", "requestedScope")
"""Flags ``update oidc`` refuses with ``--idpType WORKLOAD``."""

CREATE_TEMPLATE = "Identity provider '{{.Id}}' created.\n"
UPDATE_TEMPLATE = "Identity provider '{{.Id}}' updated.\n"
DESCRIBE_TEMPLATE = (
    "ID\tDISPLAY NAME\tISSUER URI\tCLIENT ID\tIDP TYPE\n"
    "{{.Id}}\t{{.DisplayName}}\t{{.IssuerUri}}\t{{.ClientId}}\t{{.IdpType}}\n"
)
LIST_TEMPLATE = (
    "ID\tDISPLAY NAME\tISSUER URI\tCLIENT ID\tIDP TYPE{{range valueOrEmptySlice .Results}}\n"
    "{{.Id}}\t{{.DisplayName}}\t{{.IssuerUri}}\t{{.ClientId}}\t{{.IdpType}}{{end}}\n"
)
ORG_OWNER = required_role("Org Owner")
IDP_TYPE_HELP = "Type of Identity Provider. Valid values are WORKFORCE or WORKLOAD."
# flag -> help, for the fields create oidc and update oidc share; each fills the field of its name but ``desc``
OIDC_FLAGS = {
    "audience": "Identifier of the intended recipient of the token.",
    "authorizationType": "Type of authorization. Valid values are NONE, JWT, or SAML.",
    "clientId": "Client identifier that is assigned to an application by the Identity Provider.",
    "desc": "Description of the Identity Provider.",
    "groupsClaim": "Identifier of the claim which contains IdP Group IDs in the token.",
    "userClaim": "Identifier of the claim which contains the user ID in the token.",
    "issuerUri": "Unique string that identifies the issuer of the OIDC metadata/discovery document URL.",
}
# flag -> field, for the lists create oidc and update oidc share
OIDC_LISTS = {"associatedDomain": "associatedDomains", "requestedScope": "requestedScopes"}
CREATE_REQUIRED = (
    "federationSettingsId", "idpType", "audience", "authorizationType", "desc", "groupsClaim", "userClaim", "issuerUri",
)  # fmt: skip
EXAMPLE = "  atlas federatedAuthentication federationSettings identityProvider"


def _oidc_flags() -> list[Flag]:
    return [
        settings_flag(),
        string_flag("idpType", IDP_TYPE_HELP),
        *(string_flag(name, help_text) for name, help_text in OIDC_FLAGS.items()),
        # pflag shows no default for these lists
        slice_flag("associatedDomain", "List of domains associated with the Identity Provider.", shown_default=None),
        slice_flag(
            "requestedScope",
            "Scopes that MongoDB applications will request from the authorization endpoint.",
            shown_default=None,
        ),
        output_flag(),
    ]


def _oidc_fields(flags: Mapping[str, Any], *, every: bool) -> dict[str, object]:
    """The fields of the OIDC flags: ``every`` one, empty ones included (``create oidc``), else only those given a
    value (``update oidc``)."""
    body: dict[str, object] = {}
    for name in OIDC_FLAGS:
        value = str(flags[name] or "")
        if every or value:
            body["description" if name == "desc" else name] = value
    for name, field in OIDC_LISTS.items():
        values = slice_values(flags[name] or ())
        if every or values:
            body[field] = values
    return body


def _path(settings: str, provider: str | None = None) -> dict[str, str]:
    path = {"federationSettingsId": settings}
    if provider is not None:
        path["identityProviderId"] = provider
    return path


def _begin_one(args: Sequence[str], settings: str | None) -> tuple[Invocation, dict[str, str]]:
    """cobra's first steps of a command on the identity provider its argument names (in the real CLI's ``require``
    words): the run and the provider's path."""
    invocation = begin(args, exactly=1, required=("federationSettingsId",))
    return invocation, _path(settings or "", args[0])


# --- create oidc / update oidc ----------------------------------------------------------------------------------


def _create_oidc() -> click.Command:
    def run(args: tuple[str, ...], output: str | None, **flags: Any) -> None:
        invocation = begin(args, exactly=1, required=CREATE_REQUIRED, cobra_args=True)
        idp_type = str(flags["idpType"] or "")
        check_allowed(str(flags["authorizationType"] or ""), "authorizationType", AUTHORIZATION_TYPES)
        check_allowed(idp_type, "idpType", IDP_TYPES)
        body = {**_oidc_fields(flags, every=True), "displayName": args[0], "idpType": idp_type, "protocol": OIDC}
        data = invocation.call(
            "createFederationSettingIdentityProvider",
            _path(str(flags["federationSettingsId"])),
            body=encode(OIDC_IDENTITY_PROVIDER_UPDATE, body),
            version=IDP_VERSION,
        )
        invocation.print(output, CREATE_TEMPLATE, data, OIDC_IDENTITY_PROVIDER)

    return command(
        "oidc",
        run,
        _oidc_flags(),
        short="Create an OIDC identity provider.",
        usage="<displayName> [flags]",
        long="Arguments: <displayName> The Identity Provider display name.",
        examples="  # Create an identity provider with name IDPName and from your federation settings with "
        "federationSettingsId 5d1113b25a115342acc2d1aa.\n"
        f'{EXAMPLE} create oidc IDPName --audience "audience" '
        '--authorizationType "GROUP" --clientId clientId --desc "IDPName test" --federationSettingsId '
        '"5d1113b25a115342acc2d1aa" --groupsClaim "groups" --idpType "WORKLOAD" --issuerUri uri" --userClaim "user"  '
        '--associatedDomain "domain"',
    )


def _update_oidc() -> click.Command:
    def run(args: tuple[str, ...], output: str | None, **flags: Any) -> None:
        invocation = begin(args, exactly=1, required=("federationSettingsId", "idpType"), cobra_args=True)
        idp_type = str(flags["idpType"] or "")
        if idp_type == WORKLOAD:
            for name in sorted(given(*flags)):
                if name in WORKLOAD_REFUSES:
                    raise CliError(
                        f'invalid flag "{name}" in combination with "idpType={idp_type}", not allowed values: "'
                        + '", "'.join(WORKLOAD_REFUSES)
                        + '"'
                    )
        authorization = str(flags["authorizationType"] or "")
        if authorization:
            check_allowed(authorization, "authorizationType", AUTHORIZATION_TYPES)
        if idp_type:
            check_allowed(idp_type, "idpType", IDP_TYPES)
        body = {"protocol": OIDC, "idpType": idp_type, **_oidc_fields(flags, every=False)}
        data = invocation.call(
            "updateFederationSettingIdentityProvider",
            _path(str(flags["federationSettingsId"]), args[0]),
            body=encode(IDENTITY_PROVIDER_UPDATE, body),
            version=IDP_VERSION,
        )
        invocation.print(output, UPDATE_TEMPLATE, data, IDENTITY_PROVIDER)

    return command(
        "oidc",
        run,
        _oidc_flags(),
        short="Update an OIDC identity provider.",
        usage="<identityProviderId> [flags]",
        long="Arguments: <identityProviderId> The Identity Provider ID.",
        examples="  # Update the audience of the identity provider with ID aa2223b25a115342acc1f108 and from your "
        "federation settings with federationSettingsId 5d1113b25a115342acc2d1aa with IdpType WORKFORCE\n"
        f"{EXAMPLE} update aa2223b25a115342acc1f108 --federationSettingsId 5d1113b25a115342acc2d1aa --idpType "
        "WORKFORCE --audience newAudience",
    )


# --- describe / list / delete / revokeJwk -----------------------------------------------------------------------


def _on_one(name: str, run: Callable[..., None], flags: Sequence[Flag], *, short: str, examples: str) -> click.Command:
    """A command on the identity provider its argument names: its usage and long help as the real ``describe``,
    ``delete`` and ``revokeJwk`` have them."""
    return command(
        name,
        run,
        flags,
        short=short,
        usage="<identityProviderId> [flags]",
        long="Arguments: <identityProviderId> ID of the identityProvider.\n\n" + ORG_OWNER,
        examples=examples,
    )


def _describe() -> click.Command:
    def run(args: tuple[str, ...], federationSettingsId: str | None, output: str | None) -> None:
        invocation, path = _begin_one(args, federationSettingsId)
        data = invocation.call("getFederationSettingIdentityProvider", path, version=IDP_VERSION)
        invocation.print(output, DESCRIBE_TEMPLATE, data, IDENTITY_PROVIDER)

    return _on_one(
        "describe",
        run,
        [settings_flag(), output_flag()],
        short="Describe the specified identity provider from your federation settings.",
        examples="  # Describe the identity provider with ID aa2223b25a115342acc1f108 with federationSettingsId "
        "5d1113b25a115342acc2d1aa.\n"
        f"{EXAMPLE} describe aa2223b25a115342acc1f108 --federationSettingsId 5d1113b25a115342acc2d1aa",
    )


def _list() -> click.Command:
    def run(
        args: tuple[str, ...],
        federationSettingsId: str | None,
        idpType: str,
        protocol: str,
        page: int,
        limit: int,
        output: str | None,
    ) -> None:
        invocation = begin(args, exactly=0, required=("federationSettingsId",))
        check_allowed(idpType, "idpType", IDP_TYPES)
        check_allowed(protocol, "protocol", (OIDC, SAML))
        query = {"idpType": idpType, "itemsPerPage": str(limit), "pageNum": str(page), "protocol": protocol}
        data = invocation.call("listFederationSettingIdentityProviders", _path(federationSettingsId or ""), query=query)
        invocation.print(output, LIST_TEMPLATE, data, IDENTITY_PROVIDERS)

    return command(
        "list",
        run,
        [
            *page_flags(),
            settings_flag(),
            string_flag("idpType", IDP_TYPE_HELP, default=WORKFORCE),
            output_flag(),
            protocol_flag(),
        ],
        short="List the identity providers from your federation settings.",
        long=ORG_OWNER,
        examples="  # List the identity providers from your federation settings with federationSettingsId "
        "5d1113b25a115342acc2d1aa and idpType WORKLOAD\n"
        f"{EXAMPLE} list --federationSettingsId 5d1113b25a115342acc2d1aa --idpType WORKLOAD",
    )


def _delete() -> click.Command:
    def run(args: tuple[str, ...], force: bool, federationSettingsId: str | None, output: str | None) -> None:
        invocation, path = _begin_one(args, federationSettingsId)
        project_id(invocation.session)  # the real command validates a project ID it never uses
        invocation.delete(
            "deleteFederationSettingIdentityProvider",
            path,
            entry=args[0],
            done="Identity provider '%s' deleted\n",
            not_done="Identity provider not deleted",
            force=force,
            version=IDP_VERSION,
        )

    return _on_one(
        "delete",
        run,
        [force_flag(), settings_flag(), output_flag()],
        short="Remove the specified identity provider from your federation settings.",
        examples="  # elete the identity provider with ID aa2223b25a115342acc1f108 from your federation settings "
        "with federationSettingsId 5d1113b25a115342acc2d1aa.\n"
        f"{EXAMPLE} delete aa2223b25a115342acc1f108 --federationSettingsId 5d1113b25a115342acc2d1aa",
    )


def _revoke_jwk() -> click.Command:
    def run(args: tuple[str, ...], federationSettingsId: str | None, output: str | None) -> None:
        invocation, path = _begin_one(args, federationSettingsId)
        invocation.delete(
            "revokeFederationSettingIdentityProviderJwks",
            path,
            entry=args[0],
            done="Identity Provider %s JWK token revoked.\n",
            not_done="Identity Provider %s JWK token not revoked.\n",
            force=True,
            version=IDP_VERSION,
        )

    return _on_one(
        "revokeJwk",
        run,
        [settings_flag(), output_flag()],
        short="Revoke the JWK token from the specified identity provider from your federation settings.",
        examples="  # Revoke the Jwk from the specified identity provider from your federation settings with ID "
        "5d1113b25a115342acc2d1aa and federationSettingsId 5d1113b25a115342acc2d1aa.\n"
        "  atlas federatedAuthentication identityProvider revokeJwk 5d1113b25a115342acc2d1aa --federationSettingsId "
        "5d1113b25a115342acc2d1aa",
    )


identity_provider: Group = group(
    "identityProvider",
    "Manage Federated Authentication Identity Providers.",
    [
        group("create", "Create Federated Authentication Identity Providers.", [_create_oidc()]),
        group("update", "Update Federated Authentication Identity Providers.", [_update_oidc()]),
        _describe(),
        _list(),
        _delete(),
        _revoke_jwk(),
    ],
    aliases=generate_aliases("identityProvider"),
)
