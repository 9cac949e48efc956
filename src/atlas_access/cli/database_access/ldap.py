"""``atlas security ldap``: a project's LDAP configuration, with the real CLI's flags, requests and texts
(``internal/cli/security/ldap``): ``save``, ``get``, ``delete``, ``verify``, ``verify status <requestId>`` and
``verify status watch <requestId>``.

The bind password is sent, never printed; ``verify`` asks for it when ``--bindPassword`` is not given (``save``
does not: the real command never calls its prompt, so it sends an empty password).
"""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from atlas_access.cli._checks import check_exclusive, check_required
from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import encode
from atlas_access.cli._help import Flag, Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import (
    begin,
    bool_flag,
    confirm_delete,
    force_flag,
    given,
    int_flag,
    output_flag,
    project_flag,
    read_secret,
    required_role,
    string_flag,
)
from atlas_access.cli.database_access._shapes import LDAP_REQUEST, LDAP_VERIFY, USER_SECURITY

__all__ = ["security"]

DEFAULT_PORT = 636
WATCH_INTERVAL_SECONDS = 4.0  # the real WatchOpts waits 4 seconds between two requests
CONFIG_TEMPLATE = (
    "HOSTNAME\tPORT\tAUTHENTICATION\tAUTHORIZATION\n"
    "{{.Ldap.Hostname}}\t{{.Ldap.Port}}\t{{.Ldap.AuthenticationEnabled}}\t{{.Ldap.AuthorizationEnabled}}\n"
)
STATUS_TEMPLATE = "REQUEST ID\tPROJECT ID\tSTATUS\n{{.RequestId}}\t{{.GroupId}}\t{{.Status}}\n"
WATCH_DONE = "\nLDAP Configuration request completed.\n"

HOSTNAME_HELP = "Hostname or IP address of the LDAP server."
PORT_HELP = "Port that the LDAP server listens to for client connections."
BIND_USERNAME_HELP = (
    "User distinguished name (DN) that Atlas uses to connect to the LDAP server. You must format LDAP distinguished "
    "names according to RFC 2253."
)
BIND_PASSWORD_HELP = "Password used to authenticate the bindUsername."
CA_HELP = (
    "Certificate Authority (CA) used to verify the identity of the LDAP server. To delete an assigned value, pass an "
    "empty string."
)
AUTHZ_HELP = (
    "RFC 4515-formatted or RFC 4516-formatted LDAP query template that Atlas executes to obtain the LDAP "
    "authorization groups to which the authenticated user belongs. Use the {USER} placeholder in the URL to "
    "substitute the username. The query is relative to the host specified with the hostname."
)
MATCH_HELP = "ECMAScript-formatted regular expression (regex) to match against a provided username."
LDAP_QUERY_HELP = (
    "RFC 4515-formatted or RFC 4516-formatted LDAP query template that inserts the LDAP name that the regex matches "
    "into an LDAP query URI."
)
SUBSTITUTION_HELP = (
    "LDAP distinguished name (DN) template that converts the LDAP username that matches the regex specified in the "
    "match option into an LDAP DN."
)
AUTHN_HELP = "Flag that indicates whether to enable LDAP user authentication."
AUTHZ_ENABLED_HELP = "Flag that indicates whether to enable LDAP user authorization."


def _connection_flags() -> list[Flag]:
    return [
        string_flag("hostname", HOSTNAME_HELP, required=True),
        int_flag("port", DEFAULT_PORT, PORT_HELP),
        string_flag("bindUsername", BIND_USERNAME_HELP, required=True),
        string_flag("bindPassword", BIND_PASSWORD_HELP),
        string_flag("caCertificate", CA_HELP),
        string_flag("authzQueryTemplate", AUTHZ_HELP),
    ]


def _verify() -> click.Command:
    def run(
        args: tuple[str, ...],
        hostname: str | None,
        port: int,
        bindUsername: str | None,
        bindPassword: str | None,
        caCertificate: str | None,
        authzQueryTemplate: str | None,
        project_id: str | None,
        output: str | None,
    ) -> None:
        check_required("hostname", bool(hostname))
        check_required("bindUsername", bool(bindUsername))
        invocation = begin(args, project_id, exactly=0)
        password = bindPassword or read_secret()
        if not password:
            raise CliError("no password provided")
        request = {
            "authzQueryTemplate": authzQueryTemplate or "",
            "bindPassword": password,
            "bindUsername": bindUsername,
            "caCertificate": caCertificate or "",
            "hostname": hostname,
            "port": port,
        }
        data = invocation.call("verifyLdapConfiguration", body=encode(LDAP_REQUEST, request))
        invocation.print(output, STATUS_TEMPLATE, data, LDAP_VERIFY)

    examples = (
        "  # Request the JSON-formatted verification of the LDAP configuration for the atlas-ldaps-01.ldap.myteam.com "
        "host in the project with the ID 5e2211c17a3e5a48f5497de3:\n  atlas security ldap verify --hostname "
        'atlas-ldaps-01.ldap.myteam.com --bindUsername "CN=Administrator,CN=Users,DC=atlas-ldaps-01,DC=myteam,DC=com" '
        "--bindPassword changeMe --projectId 5e2211c17a3e5a48f5497de3 --output json"
    )
    long = (
        "Without --bindPassword, the password is asked for (or read from stdin).\n\n"
        "Available Commands:\n  status      Get the status of an LDAP configuration request.\n\n"
        + required_role("Project Owner")
    )
    return command(
        "verify",
        run,
        [*_connection_flags(), project_flag(), output_flag()],
        short="Request verification of an LDAP configuration for your project.",
        long=long,
        examples=examples,
    )


def _status() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        data = invocation.call("getLdapConfigurationStatus", {"requestId": args[0]})
        invocation.print(output, STATUS_TEMPLATE, data, LDAP_VERIFY)

    return command(
        "verify status",
        run,
        [project_flag(), output_flag()],
        short="Get the status of an LDAP configuration request.",
        usage="<requestId> [flags]",
        long="Arguments: <requestId> ID of the request to verify an LDAP configuration.\n\n"
        "Available Commands:\n  watch       Watch for an LDAP configuration request to complete.\n\n"
        + required_role("Project Owner"),
    )


def _watch() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        while True:
            answer: Any = invocation.call("getLdapConfigurationStatus", {"requestId": args[0]})
            status = answer.get("status") if isinstance(answer, dict) else None
            if status in ("FAILED", "SUCCESS"):
                break
            if not sys.stdout.isatty():  # the real CLI prints a dot per wait where it cannot spin
                click.echo(".", nl=False)
            time.sleep(WATCH_INTERVAL_SECONDS)
        click.echo(WATCH_DONE, nl=False)

    long = (
        "This command checks the LDAP configuration's status periodically until it reaches a SUCCESS or FAILED "
        'status. \nOnce the LDAP configuration reaches the expected status, the command prints "LDAP Configuration '
        'request completed."\nIf you run the command in the terminal, it blocks the terminal session until the '
        "resource status succeeds or fails.\nYou can interrupt the command's polling at any time with CTRL-C.\n\n"
        + required_role("Project Owner")
    )
    return command(
        "verify status watch",
        run,
        [project_flag()],
        short="Watch for an LDAP configuration request to complete.",
        usage="<requestId> [flags]",
        long=long,
        examples="  atlas security ldap status watch requestIdSample",
    )


def _save() -> click.Command:
    def run(
        args: tuple[str, ...],
        hostname: str | None,
        port: int,
        bindUsername: str | None,
        bindPassword: str | None,
        caCertificate: str | None,
        authzQueryTemplate: str | None,
        mappingMatch: str | None,
        mappingLdapQuery: str | None,
        mappingSubstitution: str | None,
        authenticationEnabled: bool,
        authorizationEnabled: bool,
        project_id: str | None,
        output: str | None,
    ) -> None:
        check_required("hostname", bool(hostname))
        check_required("bindUsername", bool(bindUsername))
        check_exclusive(("mappingLdapQuery", "mappingSubstitution"), given("mappingLdapQuery", "mappingSubstitution"))
        invocation = begin(args, project_id, exactly=0)
        mapping: list[dict[str, str]] | None = None  # a nil slice: the real CLI sends null
        if mappingMatch:
            if not mappingLdapQuery and not mappingSubstitution:
                raise CliError("must supply either a query or a substitution for userToDNMapping")
            item = {"match": mappingMatch}
            if mappingLdapQuery:
                item = {"ldapQuery": mappingLdapQuery, **item}
            if mappingSubstitution:
                item["substitution"] = mappingSubstitution
            mapping = [item]
        ldap = {
            "authenticationEnabled": authenticationEnabled,
            "authorizationEnabled": authorizationEnabled,
            "authzQueryTemplate": authzQueryTemplate or "",
            "bindPassword": bindPassword or "",
            "bindUsername": bindUsername,
            "caCertificate": caCertificate or "",
            "hostname": hostname,
            "port": port,
            "userToDNMapping": mapping,
        }
        data = invocation.call("saveLdapConfiguration", body={"ldap": ldap})
        invocation.print(output, CONFIG_TEMPLATE, data, USER_SECURITY)

    flags = [
        *_connection_flags(),
        string_flag("mappingMatch", MATCH_HELP),
        string_flag("mappingLdapQuery", LDAP_QUERY_HELP),
        string_flag("mappingSubstitution", SUBSTITUTION_HELP),
        bool_flag("authenticationEnabled", AUTHN_HELP),
        bool_flag("authorizationEnabled", AUTHZ_ENABLED_HELP),
        project_flag(),
        output_flag(),
    ]
    examples = (
        "  # Save an LDAP server configuration to authenticate and authorize MongoDB users for the host "
        "atlas-ldaps-01.ldap.myteam.com:\n  atlas security ldap save --authenticationEnabled --authorizationEnabled "
        '--hostname atlas-ldaps-01.ldap.myteam.com --bindUsername "CN=Administrator,CN=Users,DC=atlas-ldaps-01,'
        'DC=myteam,DC=com" --bindPassword changeMe'
    )
    return command(
        "save",
        run,
        flags,
        short="Save an LDAP configuration for your project.",
        long="--mappingMatch needs either --mappingLdapQuery or --mappingSubstitution.\n\n"
        + required_role("Project Owner"),
        examples=examples,
    )


def _get() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id)
        data = invocation.call("getLdapConfiguration")
        invocation.print(output, CONFIG_TEMPLATE, data, USER_SECURITY)

    return command(
        "get",
        run,
        [project_flag(), output_flag()],
        short="Return the current LDAP configuration details for your project.",
        long=required_role("Project Owner"),
        examples="  # Return the JSON-formatted details of the current LDAP configuration in the project with the ID "
        "5e2211c17a3e5a48f5497de3:\n  atlas security ldap get --projectId 5e2211c17a3e5a48f5497de3 --output json",
    )


def _delete() -> click.Command:
    def run(args: tuple[str, ...], force: bool, project_id: str | None) -> None:
        invocation = begin(args, project_id)
        # The real command asks before it knows the entry, so its question names nothing.
        if not force and not confirm_delete(""):
            click.echo("LDAP configuration userToDNMapping not deleted")
            return
        invocation.call("deleteLdapConfiguration")
        click.echo(f"LDAP configuration userToDNMapping deleted from project'{invocation.project_id}'")

    return command(
        "delete",
        run,
        [force_flag(), project_flag()],
        short="Remove the current LDAP configuration captured in the userToDNMapping document from your project.",
        aliases=("rm",),
        long=required_role("Project Owner"),
        examples="  # Remove the current LDAP configuration in the project with the ID 5e2211c17a3e5a48f5497de3:\n"
        "  atlas security ldap delete --projectId 5e2211c17a3e5a48f5497de3",
    )


class _Ldap(Group):
    """``ldap``, whose ``verify`` command has a ``status`` subcommand that has a ``watch`` subcommand (cobra allows a
    command with both flags and subcommands): ``verify status ...`` and ``verify status watch ...`` are routed here."""

    def __init__(self, *args: Any, nested: dict[tuple[str, ...], click.Command], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nested = nested

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        for words in sorted(self.nested, key=len, reverse=True):
            if tuple(args[: len(words)]) == words:
                return " ".join(words), self.nested[words], args[len(words) :]
        return super().resolve_command(ctx, args)


def _ldap() -> Group:
    made = _Ldap(
        name="ldap",
        short_help="LDAP operations.",
        help="LDAP operations.",
        nested={("verify", "status"): _status(), ("verify", "status", "watch"): _watch()},
    )
    for sub in (_verify(), _save(), _delete(), _get()):
        made.add_command(sub)
    return made


security = group("security", "Manage security configuration for your project.", [_ldap()])
