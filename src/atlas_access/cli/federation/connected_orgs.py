"""``atlas federatedAuthentication federationSettings connectedOrgConfigs``: ``connect``, ``disconnect``,
``describe``, ``list``, ``update`` and ``delete`` an organization's connected configuration, with the real CLI's
flags, requests and texts (``internal/cli/federatedauthentication/federationsettings/connectedorgsconfigs``).

``connect`` and ``disconnect`` read the configuration first and send it back whole (role mappings left out when
there are none), with the identity provider added to or removed from its data access list (OIDC) or set as, or
cleared from, its UI access provider (SAML). ``update`` sends the file's configuration with the organization's ID."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._file_load import load_file
from atlas_access.cli._flags import force_flag, output_flag
from atlas_access.cli._gostruct import Decoded, DecodeError, decode, encode
from atlas_access.cli._help import Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import string_flag
from atlas_access.cli.federation._run import (
    OIDC,
    SAML,
    Invocation,
    begin,
    generate_aliases,
    org_flag,
    org_id,
    page_flags,
    protocol_flag,
    settings_flag,
)
from atlas_access.cli.federation._shapes import CONNECTED_ORG_CONFIG, CONNECTED_ORG_CONFIGS

__all__ = ["connected_org_configs"]

CONNECT_TEMPLATE = (
    "Connected Org Config with {{range $index, $element := .DataAccessIdentityProviderIds}}{{if $index}}, {{end}}"
    "{{$element}}{{end}}."
)
DISCONNECT_TEMPLATE = "Org Configs disconnected."
UPDATE_TEMPLATE = "Connected Org Config updated."
_ROW = (
    "{{.OrgId}}\t{{if .IdentityProviderId }}\t{{ .IdentityProviderId }}{{else}}N/A{{end}}\t"
    "{{if and .DataAccessIdentityProviderIds (gt (len .DataAccessIdentityProviderIds) 0)}}"
    "{{range $index, $element := .DataAccessIdentityProviderIds}}{{if $index}}, {{end}}{{$element}}{{end}}"
    "{{else}}N/A{{end}}"
)
# The real templates' spelling, typos included.
DESCRIBE_TEMPLATE = "ORG ID\tDENTITY PROVIDER ID\tDATA ACCESS IDENTITY PRODIVER IDs\n" + _ROW
LIST_TEMPLATE = (
    "ORG ID\tIDENTITY PROVIDER ID\tDATA ACCESS IDENTITY PRODIVER IDs{{range valueOrEmptySlice .Results}}\n"
    + _ROW
    + "{{end}}"
)
IDENTITY_PROVIDER_HELP = "Unique identifier of the identity provider."
FILE_HELP = (
    "Path to a JSON configuration file that defines connected orgs configurations. To learn more about connected "
    "org configuration file format, see the request body in https://www.mongodb.com/docs/atlas/reference/"
    "api-resources-spec/v2/#tag/Federated-Authentication/operation/updateConnectedOrgConfig."
)
EXAMPLE = "  atlas federatedAuthentication federationSettings connectedOrgConfigs"
EXAMPLE_ORG = "7d1113b25a115342acc2d1aa"


def _examples(name: str, says: str, about: str, flags: str, *, about_org: str = "") -> str:
    """The real examples of a command on the current profile's organization, then on the one ``--orgId`` names
    (``about_org``: where the real text words that one apart)."""
    return (
        f"  # {says} the current profile org {about}\n{EXAMPLE} {name} {flags}\n"
        f"  # {says} the org with ID {EXAMPLE_ORG} {about_org or about}\n{EXAMPLE} {name} --orgId {EXAMPLE_ORG} {flags}"
    )


def _begin(args: Sequence[str], org: str | None, *required: str) -> tuple[Invocation, str]:
    """cobra's first steps, every flag in ``required`` and ``--federationSettingsId`` required, then
    ``ValidateOrgID``: the run and the organization it acts on."""
    invocation = begin(args, exactly=0, required=("federationSettingsId", *required), cobra_args=True)
    return invocation, org_id(invocation.session, org)


def _path(settings: str, org: str) -> dict[str, str]:
    return {"federationSettingsId": settings, "orgId": org}


def _read(invocation: Invocation, settings: str, org: str) -> Decoded:
    """``GetConnectedOrgConfig``: the configuration as the SDK struct."""
    data = invocation.call("getFederationSettingConnectedOrgConfig", _path(settings, org))
    try:
        return decode(CONNECTED_ORG_CONFIG, data)
    except DecodeError as problem:
        raise CliError(str(problem)) from None


def _write(invocation: Invocation, settings: str, org: str, config: Decoded) -> Any:
    """``UpdateConnectedOrgConfig`` with the whole struct, as ``json.Marshal`` writes it."""
    return invocation.call(
        "updateFederationSettingConnectedOrgConfig", _path(settings, org), body=encode(CONNECTED_ORG_CONFIG, config)
    )


# --- connect / disconnect ---------------------------------------------------------------------------------------

Link = Callable[[Decoded, str, str], None]
"""What ``connect`` or ``disconnect`` does to the configuration for ``--protocol`` and ``--identityProviderId``."""


def _add_provider(config: Decoded, protocol: str, provider: str) -> None:
    """OIDC: one more data access provider; SAML: the provider users sign in with."""
    if protocol == OIDC:
        config["dataAccessIdentityProviderIds"] = [*config.get("dataAccessIdentityProviderIds", []), provider]
    elif protocol == SAML:
        config["identityProviderId"] = provider


def _remove_provider(config: Decoded, protocol: str, provider: str) -> None:
    """OIDC: the provider out of the data access ones; SAML: no provider to sign in with."""
    if protocol == OIDC and "dataAccessIdentityProviderIds" in config:
        config["dataAccessIdentityProviderIds"] = [
            kept for kept in config["dataAccessIdentityProviderIds"] if kept != provider
        ]
    elif protocol == SAML:
        config["identityProviderId"] = ""


def _link_command(name: str, link: Link, template: str, *, examples: str) -> click.Command:
    """``connect`` or ``disconnect``: read the configuration, ``link`` the provider, send it back whole."""

    def run(
        args: tuple[str, ...],
        federationSettingsId: str | None,
        identityProviderId: str | None,
        protocol: str,
        org: str | None,
        output: str | None,
    ) -> None:
        invocation, owner = _begin(args, org, "identityProviderId")
        settings = federationSettingsId or ""
        config = _read(invocation, settings, owner)
        if not config.get("roleMappings"):
            config.pop("roleMappings", None)
        link(config, protocol, identityProviderId or "")
        data = _write(invocation, settings, owner, config)
        invocation.print(output, template, data, CONNECTED_ORG_CONFIG)

    return command(
        name,
        run,
        [
            settings_flag(),
            string_flag("identityProviderId", IDENTITY_PROVIDER_HELP),
            protocol_flag(),
            org_flag(),
            output_flag(),
        ],
        # The real disconnect's short help says "Connect" too.
        short="Connect an Identity Provider to an Organization.",
        examples=examples,
    )


def _connect() -> click.Command:
    return _link_command(
        "connect",
        _add_provider,
        CONNECT_TEMPLATE,
        examples=_examples(
            "connect",
            "Connect",
            "to identity provider with ID 7d1113b25a115342acc2d1aa and federationSettingsId 5d1113b25a115342acc2d1aa",
            "--identityProviderId 7d1113b25a115342acc2d1aa --federationSettingsId 5d1113b25a115342acc2d1aa",
        ),
    )


def _disconnect() -> click.Command:
    return _link_command(
        "disconnect",
        _remove_provider,
        DISCONNECT_TEMPLATE,
        examples=_examples(
            "disconnect",
            "Disconnect",
            "from identity provider with ID 5d1113b25a115342acc2d1aa and federationSettingsId 7d1113b25a115342acc2d1aa",
            "--identityProviderId 5d1113b25a115342acc2d1aa --federationSettingsId 7d1113b25a115342acc2d1aa",
            about_org="to identity provider with ID 5d1113b25a115342acc2d1aa and federationSettingsId "
            "7d1113b25a115342acc2d1aa",
        ),
    )


# --- describe / list / update / delete --------------------------------------------------------------------------


def _describe() -> click.Command:
    def run(args: tuple[str, ...], federationSettingsId: str | None, org: str | None, output: str | None) -> None:
        invocation, owner = _begin(args, org)
        data = invocation.call("getFederationSettingConnectedOrgConfig", _path(federationSettingsId or "", owner))
        invocation.print(output, DESCRIBE_TEMPLATE, data, CONNECTED_ORG_CONFIG)

    return command(
        "describe",
        run,
        [settings_flag(), org_flag(), output_flag()],
        short="Describe a Connected Org Config.",
        examples=_examples(
            "describe",
            "Describe a connected org config from",
            "and federationSettingsId 5d1113b25a115342acc2d1aa",
            "--federationSettingsId 5d1113b25a115342acc2d1aa",
        ),
    )


def _list() -> click.Command:
    def run(
        args: tuple[str, ...],
        federationSettingsId: str | None,
        org: str | None,
        page: int,
        limit: int,
        output: str | None,
    ) -> None:
        invocation, _ = _begin(args, org)  # the organization is validated, though the list names none
        data = invocation.call(
            "listFederationSettingConnectedOrgConfigs",
            {"federationSettingsId": federationSettingsId or ""},
            query={"itemsPerPage": str(limit), "pageNum": str(page)},
        )
        invocation.print(output, LIST_TEMPLATE, data, CONNECTED_ORG_CONFIGS)

    return command(
        "list",
        run,
        [settings_flag(), org_flag(), *page_flags(), output_flag()],
        # The real command's short help says "Describe", as here.
        short="Describe a Connected Org Config.",
        examples="  # List all connected org config with federationSettingsId 5d1113b25a115342acc2d1aa\n"
        f"{EXAMPLE} list --federationSettingsId 5d1113b25a115342acc2d1aa",
    )


def _update() -> click.Command:
    def run(
        args: tuple[str, ...], federationSettingsId: str | None, org: str | None, file: str | None, output: str | None
    ) -> None:
        invocation, owner = _begin(args, org, "file")
        config = load_file(file or "", CONNECTED_ORG_CONFIG, what="the connected org config")
        config["orgId"] = owner
        data = _write(invocation, federationSettingsId or "", owner, config)
        invocation.print(output, UPDATE_TEMPLATE, data, CONNECTED_ORG_CONFIG)

    return command(
        "update",
        run,
        [settings_flag(), org_flag(), string_flag("file", FILE_HELP), output_flag()],
        short="Update One Org Config Connected to One Federation Setting.",
        examples="  # Update the connected orgs config with the current profile org and federationSettingsId "
        "5d1113b25a115342acc2d1aa using the JSON configuration file config.json\n"
        f"{EXAMPLE} update --federationSettingsId 5d1113b25a115342acc2d1aa --file config.json",
    )


def _delete() -> click.Command:
    def run(
        args: tuple[str, ...], federationSettingsId: str | None, org: str | None, force: bool, output: str | None
    ) -> None:
        invocation, owner = _begin(args, org)
        invocation.delete(
            "removeFederationSettingConnectedOrgConfig",
            _path(federationSettingsId or "", owner),
            entry=owner,
            done="Connected Org Config with OrgID %s deleted.\n",
            not_done="Connected Org Config with OrgID %s not deleted.",
            force=force,
        )

    return command(
        "delete",
        run,
        [settings_flag(), org_flag(), force_flag(), output_flag()],
        short="Delete a connected org config Organization.",
        examples=_examples(
            "delete",
            "Delete a connected org config from",
            "and federationSettingsId 5d1113b25a115342acc2d1aa",
            "--federationSettingsId 5d1113b25a115342acc2d1aa",
        ),
    )


connected_org_configs: Group = group(
    "connectedOrgConfigs",
    "Manage Atlas Federated Authentication Connected Orgs Config",
    [_connect(), _disconnect(), _describe(), _list(), _delete(), _update()],
    aliases=generate_aliases("connectedOrgConfigs"),
)
