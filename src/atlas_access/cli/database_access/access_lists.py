"""``atlas accessLists`` (also ``accessList``, ``accesslists`` ...): a project's IP access list, with the real CLI's
flags, requests and texts (``internal/cli/accesslists``).

``create --currentIp`` first asks the service for the caller's public address (``GET /api/private/ipinfo``, the
real CLI's request) and adds that address.
"""

from __future__ import annotations

import json

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import encode
from atlas_access.cli._help import command_path
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import (
    Invocation,
    begin,
    bool_flag,
    force_flag,
    output_flag,
    paging_flags,
    paging_query,
    parse_timestamp,
    project_flag,
    required_role,
    string_flag,
)
from atlas_access.cli.database_access._shapes import NETWORK_ACCESS, NETWORK_ENTRY

__all__ = ["access_lists", "current_ip"]

CIDR_BLOCK, IP_ADDRESS, AWS_SECURITY_GROUP = "cidrBlock", "ipAddress", "awsSecurityGroup"
CREATE_TEMPLATE = "Created a new IP access list.\n"
LIST_TEMPLATE = (
    "CIDR BLOCK\tAWS SECURITY GROUP{{range valueOrEmptySlice .Results}}\n"
    "{{.CidrBlock}}\t{{if .AwsSecurityGroup}}{{.AwsSecurityGroup}} {{else}}N/A{{end}}{{end}}\n"
)
DESCRIBE_TEMPLATE = (
    "CIDR BLOCK\tSECURITY GROUP\n{{.CidrBlock}}\t{{if .AwsSecurityGroup}}{{.AwsSecurityGroup}} {{else}}N/A{{end}}\n"
)
TYPE_HELP = "Type of access list entry. Valid values are cidrBlock, ipAddress, or awsSecurityGroup."
COMMENT_HELP = "Optional description or comment for the entry."
DELETE_AFTER_HELP = "ISO-8601-formatted UTC date after which Atlas removes the entry from the access list."
CURRENT_IP_HELP = (
    "Flag that adds the IP address from the host that is currently executing the command to the access list. Only "
    "applicable for type ipAddress entries. You don't need the entry argument when you use the currentIp option."
)
NO_PUBLIC_IP = "unable to find your public IP address. Specify the public IP address for this command"


def current_ip(invocation: Invocation) -> str:
    """The caller's public IPv4 address as the service sees it; ``CliError`` in the real CLI's words if unknown."""
    from atlas_access.client import PreparedRequest

    request = PreparedRequest("GET", "/api/private/ipinfo", {"Accept": "application/json"})
    response = invocation.session.send(request)
    try:
        address = json.loads(response.content).get("currentIpv4Address") if response.is_success else None
    except (ValueError, AttributeError):
        address = None
    if not isinstance(address, str) or not address:
        raise CliError(NO_PUBLIC_IP)
    return address


def _create() -> click.Command:
    def run(
        args: tuple[str, ...],
        type: str,
        comment: str | None,
        deleteAfter: str | None,
        currentIp: bool,
        project_id: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, project_id, at_most=1)
        ctx = click.get_current_context()
        path = command_path(ctx)
        use_line = f"{path} [entry] [flags]"
        needs_arg = not (type == IP_ADDRESS and currentIp)
        if not needs_arg and args:
            raise CliError(
                f"please either provide [entry] or use currentIp to use your current IP Address.\n\nUsage: {use_line}"
            )
        if needs_arg and not args:
            raise CliError(
                f'"{path}" with entry type {type} requires at least 1 argument, received 0\n\nUsage:  {use_line}'
            )
        if type != IP_ADDRESS and currentIp:
            raise CliError(f'"{path}" with entry type {type} does not support currentIp flag.\n\n Usage: {use_line}')
        entry = args[0] if args else current_ip(invocation)
        item: dict[str, object] = {"comment": comment or "", "groupId": invocation.project_id}
        if deleteAfter:
            item["deleteAfterDate"] = parse_timestamp(deleteAfter)
        if type in (CIDR_BLOCK, IP_ADDRESS, AWS_SECURITY_GROUP):
            item[type] = entry
        data = invocation.call("createProjectIpAccessList", body=[encode(NETWORK_ENTRY, item)])
        invocation.print(output, CREATE_TEMPLATE, data, NETWORK_ACCESS)

    flags = [
        string_flag("type", TYPE_HELP, default=IP_ADDRESS),
        string_flag("comment", COMMENT_HELP),
        string_flag("deleteAfter", DELETE_AFTER_HELP),
        bool_flag("currentIp", CURRENT_IP_HELP),
        project_flag(),
        output_flag(),
    ]
    long = (
        "The access list can contain trusted IP addresses, AWS security group IDs, and entries in Classless "
        "Inter-Domain Routing (CIDR) notation. You can add only one access list entry at a time. You can create one "
        "access list per project.\n\nThe command doesn't overwrite existing entries in the access list. Instead, it "
        "adds the new entries to the list of entries.\n\nArguments: [entry] IP address, CIDR address, or AWS security "
        "group ID that you want to add to the access list.\n\n" + required_role("Read Write")
    )
    examples = (
        "  # Create an IP access list entry using the current IP address:\n  atlas accessList create --currentIp\n\n"
        "  # Create an access list entry for the IP address 192.0.2.15 in the project with ID "
        "5e2211c17a3e5a48f5497de3:\n  atlas accessList create 192.0.2.15 --type ipAddress --projectId "
        '5e2211c17a3e5a48f5497de3 --comment "IP address for app server 2" --output json\n\n'
        "  # Create an access list entry in CIDR notation for 73.231.201.205/24:\n"
        '  atlas accessList create 73.231.201.205/24 --type cidrBlock --comment "CIDR block for servers C - F"'
    )
    return command(
        "create",
        run,
        flags,
        short="Create an IP access list entry for your project.",
        usage="[entry] [flags]",
        long=long,
        examples=examples,
    )


def _list() -> click.Command:
    def run(
        args: tuple[str, ...],
        page: int,
        limit: int,
        omitCount: bool,
        project_id: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, project_id, exactly=0)
        data = invocation.call("listProjectIpAccessLists", query=paging_query(page, limit, omitCount))
        invocation.print(output, LIST_TEMPLATE, data, NETWORK_ACCESS)

    flags = [*paging_flags(), project_flag(), output_flag()]
    return command(
        "list",
        run,
        flags,
        short="Return all IP access list entries for your project.",
        aliases=("ls",),
        long=required_role("Organization Member"),
        examples="  # Return a JSON-formatted list of all access list entries for the project with ID "
        "5e1234c17a3e5a48f5497de3:\n  atlas accessLists list --output json --projectId 5e1234c17a3e5a48f5497de3",
    )


def _describe() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        data = invocation.call("getProjectIpList", {"entryValue": args[0]})
        invocation.print(output, DESCRIBE_TEMPLATE, data, NETWORK_ENTRY)

    return command(
        "describe",
        run,
        [project_flag(), output_flag()],
        short="Return the details for the specified IP access list entry.",
        usage="<entry> [flags]",
        aliases=("get",),
        long="Arguments: <entry> The IP address, CIDR address, or AWS security group ID of the access list entry to "
        "return.\n\n" + required_role("Organization Member"),
        examples="  # Return the JSON-formatted details for the access list entry 192.0.2.0/24:\n"
        "  atlas accessLists describe 192.0.2.0/24 --output json --projectId 5e1234c17a3e5a48f5497de3",
    )


def _delete() -> click.Command:
    def run(args: tuple[str, ...], force: bool, project_id: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        entry = args[0]
        noun = "Project access list entry"
        invocation.delete("deleteProjectIpAccessList", {"entryValue": entry}, entry=entry, noun=noun, force=force)

    return command(
        "delete",
        run,
        [force_flag(), project_flag()],
        short="Remove the specified IP access list entry from your project.",
        usage="<entry> [flags]",
        aliases=("rm",),
        long="The command, when run without the force option, prompts you to confirm the operation.\n\n"
        "Arguments: <entry> The IP address, CIDR address, or AWS security group ID that you want to remove from the "
        "access list.\n\n" + required_role("Read Write"),
        examples="  # Remove the IP address 192.0.2.0 from the access list without requiring confirmation:\n"
        "  atlas accessLists delete 192.0.2.0 --projectId 5e2211c17a3e5a48f5497de3 --force",
    )


access_lists = group(
    "accessLists",
    "Manage the list of IP addresses that can access your Atlas project.",
    [_describe(), _list(), _create(), _delete()],
    aliases=("accesslists", "access-lists", "accessList", "accesslist", "access-list", "whitelists", "whitelist"),
)
