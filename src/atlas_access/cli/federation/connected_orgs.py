"""``atlas federatedAuthentication federationSettings connectedOrgConfigs``: ``connect``, ``disconnect``,
``describe``, ``list``, ``update`` and ``delete`` an organization's connected configuration, with the real CLI's
flags, requests and texts (``internal/cli/federatedauthentication/federationsettings/connectedorgsconfigs``).

``connect`` and ``disconnect`` read the configuration first and send it back whole (role mappings left out when
there are none), with the identity provider added to or removed from its data access list (OIDC) or set as, or
cleared from, its UI access provider (SAML). ``update`` sends the file's configuration with the organization's ID."""

from __future__ import annotations

from typing import Any

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._file_load import load_file
from atlas_access.cli._flags import force_flag, output_flag
from atlas_access.cli._gostruct import Decoded, DecodeError, decode, encode
from atlas_access.cli._help import Flag, Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import string_flag
from atlas_access.cli.federation._run import (
    Invocation,
    begin,
    generate_aliases,
    org_flag,
    org_id,
    page_flags,
    settings_flag,
)
from atlas_access.cli.federation._shapes import CONNECTED_ORG_CONFIG, CONNECTED_ORG_CONFIGS

__all__ = ["connected_org_configs"]

OIDC, SAML = "OIDC", "SAML"
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
PROTOCOL_HELP = "Protocol used to authenticate the user. Valid value is OIDC or SAML."
FILE_HELP = (
    "Path to a JSON configuration file that defines connected orgs configurations. To learn more about connected "
    "org configuration file format, see the request body in https://www.mongodb.com/docs/atlas/reference/"
    "api-resources-spec/v2/#tag/Federated-Authentication/operation/updateConnectedOrgConfig."
)
CURRENT_ORG_EXAMPLE = "  # {verb} the current profile org {what} federationSettingsId 5d1113b25a115342acc2d1aa\n"


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


def _link_flags() -> list[Flag]:
    return [
        settings_flag(),
        string_flag("identityProviderId", IDENTITY_PROVIDER_HELP),
        string_flag("protocol", PROTOCOL_HELP, default=OIDC),
        org_flag(),
        output_flag(),
    ]


def _connect() -> click.Command:
    def run(
        args: tuple[str, ...],
        federationSettingsId: str | None,
        identityProviderId: str | None,
        protocol: str,
        org: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, exactly=0, required=("federationSettingsId", "identityProviderId"), cobra_args=True)
        owner = org_id(invocation.session, org)
        settings, provider = federationSettingsId or "", identityProviderId or ""
        config = _read(invocation, settings, owner)
        if not config.get("roleMappings"):
            config.pop("roleMappings", None)
        if protocol == OIDC:
            config["dataAccessIdentityProviderIds"] = [*config.get("dataAccessIdentityProviderIds", []), provider]
        elif protocol == SAML:
            config["identityProviderId"] = provider
        data = _write(invocation, settings, owner, config)
        invocation.print(output, CONNECT_TEMPLATE, data, CONNECTED_ORG_CONFIG)

    return command(
        "connect",
        run,
        _link_flags(),
        short="Connect an Identity Provider to an Organization.",
        examples=CURRENT_ORG_EXAMPLE.format(
            verb="Connect", what="to identity provider with ID 7d1113b25a115342acc2d1aa and"
        )
        + "  atlas federatedAuthentication federationSettings connectedOrgConfigs connect --identityProviderId "
        "7d1113b25a115342acc2d1aa --federationSettingsId 5d1113b25a115342acc2d1aa\n"
        "  # Connect the org with ID 7d1113b25a115342acc2d1aa to identity provider with ID 7d1113b25a115342acc2d1aa "
        "and federationSettingsId 5d1113b25a115342acc2d1aa\n"
        "  atlas federatedAuthentication federationSettings connectedOrgConfigs connect --orgId "
        "7d1113b25a115342acc2d1aa --identityProviderId 7d1113b25a115342acc2d1aa --federationSettingsId "
        "5d1113b25a115342acc2d1aa",
    )


def _disconnect() -> click.Command:
    def run(
        args: tuple[str, ...],
        federationSettingsId: str | None,
        identityProviderId: str | None,
        protocol: str,
        org: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, exactly=0, required=("federationSettingsId", "identityProviderId"), cobra_args=True)
        owner = org_id(invocation.session, org)
        settings, provider = federationSettingsId or "", identityProviderId or ""
        config = _read(invocation, settings, owner)
        if not config.get("roleMappings"):
            config.pop("roleMappings", None)
        if protocol == OIDC and "dataAccessIdentityProviderIds" in config:
            config["dataAccessIdentityProviderIds"] = [
                kept for kept in config["dataAccessIdentityProviderIds"] if kept != provider
            ]
        elif protocol == SAML:
            config["identityProviderId"] = ""
        data = _write(invocation, settings, owner, config)
        invocation.print(output, DISCONNECT_TEMPLATE, data, CONNECTED_ORG_CONFIG)

    return command(
        "disconnect",
        run,
        _link_flags(),
        # The real command's short help says "Connect", as here.
        short="Connect an Identity Provider to an Organization.",
        examples=CURRENT_ORG_EXAMPLE.format(
            verb="Disconnect", what="from identity provider with ID 5d1113b25a115342acc2d1aa and"
        ).replace("federationSettingsId 5d1113b25a115342acc2d1aa", "federationSettingsId 7d1113b25a115342acc2d1aa")
        + "  atlas federatedAuthentication federationSettings connectedOrgConfigs disconnect --identityProviderId "
        "5d1113b25a115342acc2d1aa --federationSettingsId 7d1113b25a115342acc2d1aa\n"
        "  # Disconnect the org with ID 7d1113b25a115342acc2d1aa to identity provider with ID "
        "5d1113b25a115342acc2d1aa and federationSettingsId 7d1113b25a115342acc2d1aa\n"
        "  atlas federatedAuthentication federationSettings connectedOrgConfigs disconnect --orgId "
        "7d1113b25a115342acc2d1aa --identityProviderId 5d1113b25a115342acc2d1aa --federationSettingsId "
        "7d1113b25a115342acc2d1aa",
    )


def _describe() -> click.Command:
    def run(args: tuple[str, ...], federationSettingsId: str | None, org: str | None, output: str | None) -> None:
        invocation = begin(args, exactly=0, required=("federationSettingsId",), cobra_args=True)
        owner = org_id(invocation.session, org)
        data = invocation.call("getFederationSettingConnectedOrgConfig", _path(federationSettingsId or "", owner))
        invocation.print(output, DESCRIBE_TEMPLATE, data, CONNECTED_ORG_CONFIG)

    return command(
        "describe",
        run,
        [settings_flag(), org_flag(), output_flag()],
        short="Describe a Connected Org Config.",
        examples=CURRENT_ORG_EXAMPLE.format(verb="Describe a connected org config from", what="and")
        + "  atlas federatedAuthentication federationSettings connectedOrgConfigs describe --federationSettingsId "
        "5d1113b25a115342acc2d1aa\n"
        "  # Describe a connected org config from the org with ID 7d1113b25a115342acc2d1aa and federationSettingsId "
        "5d1113b25a115342acc2d1aa\n"
        "  atlas federatedAuthentication federationSettings connectedOrgConfigs describe --orgId "
        "7d1113b25a115342acc2d1aa --federationSettingsId 5d1113b25a115342acc2d1aa",
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
        invocation = begin(args, exactly=0, required=("federationSettingsId",), cobra_args=True)
        org_id(invocation.session, org)  # validated, though the list names no organization
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
        "  atlas federatedAuthentication federationSettings connectedOrgConfigs list --federationSettingsId "
        "5d1113b25a115342acc2d1aa",
    )


def _update() -> click.Command:
    def run(
        args: tuple[str, ...], federationSettingsId: str | None, org: str | None, file: str | None, output: str | None
    ) -> None:
        invocation = begin(args, exactly=0, required=("federationSettingsId", "file"), cobra_args=True)
        owner = org_id(invocation.session, org)
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
        "  atlas federatedAuthentication federationSettings connectedOrgConfigs update --federationSettingsId "
        "5d1113b25a115342acc2d1aa --file config.json",
    )


def _delete() -> click.Command:
    def run(
        args: tuple[str, ...], federationSettingsId: str | None, org: str | None, force: bool, output: str | None
    ) -> None:
        invocation = begin(args, exactly=0, required=("federationSettingsId",), cobra_args=True)
        owner = org_id(invocation.session, org)
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
        examples=CURRENT_ORG_EXAMPLE.format(verb="Delete a connected org config from", what="and")
        + "  atlas federatedAuthentication federationSettings connectedOrgConfigs delete --federationSettingsId "
        "5d1113b25a115342acc2d1aa\n"
        "  # Delete a connected org config from the org with ID 7d1113b25a115342acc2d1aa and federationSettingsId "
        "5d1113b25a115342acc2d1aa\n"
        "  atlas federatedAuthentication federationSettings connectedOrgConfigs delete --orgId "
        "7d1113b25a115342acc2d1aa --federationSettingsId 5d1113b25a115342acc2d1aa",
    )


connected_org_configs: Group = group(
    "connectedOrgConfigs",
    "Manage Atlas Federated Authentication Connected Orgs Config",
    [_connect(), _disconnect(), _describe(), _list(), _delete(), _update()],
    aliases=generate_aliases("connectedOrgConfigs"),
)
