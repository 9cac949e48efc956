"""``atlas federatedAuthentication federationSettings``: ``describe`` an organization's federation settings, and
the ``identityProvider`` and ``connectedOrgConfigs`` groups under it (``internal/cli/federatedauthentication``)."""

from __future__ import annotations

import click

from atlas_access.cli._flags import output_flag, required_role
from atlas_access.cli._help import Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.federation._run import begin, generate_aliases, org_flag, org_id
from atlas_access.cli.federation._shapes import ORG_FEDERATION_SETTINGS
from atlas_access.cli.federation.connected_orgs import connected_org_configs
from atlas_access.cli.federation.identity_providers import identity_provider

__all__ = ["federated_authentication"]

DESCRIBE_TEMPLATE = (
    "ID\tIDENTITY PROVIDER ID\tIDENTITY PROVIDER STATUS\n"
    "{{.Id}}\t{{.IdentityProviderId}}\t{{.IdentityProviderStatus}}\n"
)


def _describe() -> click.Command:
    def run(args: tuple[str, ...], org: str | None, output: str | None) -> None:
        invocation = begin(args, exactly=0)
        owner = org_id(invocation.session, org)
        data = invocation.call("getOrgFederationSettings", {"orgId": owner})
        invocation.print(output, DESCRIBE_TEMPLATE, data, ORG_FEDERATION_SETTINGS)

    return command(
        "describe",
        run,
        [org_flag(), output_flag()],
        short="Return the Federation Settings details for the specified organization.",
        aliases=("get",),
        long=required_role("Organization Owner"),
        examples="  # Return the JSON-formatted Federation Settings details:\n"
        "  atlas federatedAuthentication federationSettings describe --orgId 5e2211c17a3e5a48f5497de3 --output json",
    )


federation_settings: Group = group(
    "federationSettings",
    "Manage Atlas Federated Authentication Federation Settings",
    [_describe(), identity_provider, connected_org_configs],
    aliases=generate_aliases("federationSettings"),
)

federated_authentication: Group = group(
    "federatedAuthentication",
    "Manage Atlas Federated Authentication.",
    [federation_settings],
    aliases=generate_aliases("federatedAuthentication"),
)
