"""What every federated authentication command shares: cobra's first steps as these commands take them (argument
counts in cobra's or the real CLI's own words, required flags, the organization and project IDs), the requests at
the version the SDK sends each one, the printing of answers, the confirmed delete, the flags and their help."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import click

from atlas_access.cli import _sdk_call
from atlas_access.cli._checks import check_args, check_id
from atlas_access.cli._errors import CliError, UsageProblem
from atlas_access.cli._gostruct import Model
from atlas_access.cli._help import Flag, command_path
from atlas_access.cli._prompts import confirm_delete
from atlas_access.cli._sdk_call import API_VERSION, request_body
from atlas_access.cli._session import Session, session
from atlas_access.cli._struct_output import print_result
from atlas_access.cli.database_access._run import LIMIT_HELP, PAGE_HELP, given, int_flag, string_flag

__all__ = [
    "API_VERSION",
    "IDP_VERSION",
    "OIDC",
    "SAML",
    "Invocation",
    "begin",
    "check_allowed",
    "generate_aliases",
    "org_flag",
    "org_id",
    "page_flags",
    "project_id",
    "protocol_flag",
    "settings_flag",
]

IDP_VERSION = "2023-11-15"
"""The version atlas-sdk-go sends for one identity provider (create, get, update, delete, revoke JWKS); the list
and everything else go at 2023-01-01, as the recordings show."""

OIDC, SAML = "OIDC", "SAML"
"""The protocols of identity providers."""

SETTINGS_HELP = "Unique identifier of the federation settings."
ORG_HELP = (
    "Organization ID to use. This option overrides the settings in the configuration file or environment variable."
)
PROTOCOL_HELP = "Protocol used to authenticate the user. Valid value is OIDC or SAML."


def settings_flag() -> Flag:
    return string_flag("federationSettingsId", SETTINGS_HELP)


def org_flag() -> Flag:
    return Flag(["--orgId", "org"], default=None, help=ORG_HELP)


def protocol_flag() -> Flag:
    return string_flag("protocol", PROTOCOL_HELP, default=OIDC)


def page_flags() -> list[Flag]:
    """``AddListOptsFlagsWithoutOmitCount``: ``--page`` and ``--limit``."""
    return [int_flag("page", 1, PAGE_HELP), int_flag("limit", 100, LIMIT_HELP)]


def generate_aliases(use: str) -> tuple[str, ...]:
    """``cli.GenerateAliases``: the name in lower case and in kebab case, and the same for its singular."""
    names = [use] + ([use[:-1]] if use.endswith("s") else [])
    aliases: list[str] = []
    for name in names:
        kebab = "".join(f"-{c.lower()}" if c.isupper() else c for c in name)
        for alias in (name, name.lower(), kebab):
            if alias != use and alias not in aliases:
                aliases.append(alias)
    return tuple(aliases)


# --- checks -----------------------------------------------------------------------------------------------------


def _check_cobra_args(ctx: click.Context, args: Sequence[str], exactly: int) -> None:
    """``cobra.NoArgs`` and ``cobra.ExactArgs(n)``, in cobra's words (the real CLI's ``require`` words differ)."""
    if exactly == 0 and args:
        raise UsageProblem(f'unknown command "{args[0]}" for "{command_path(ctx)}"')
    if len(args) != exactly:
        raise UsageProblem(f"accepts {exactly} arg(s), received {len(args)}")


def _check_required(names: Sequence[str]) -> None:
    """cobra's ``ValidateRequiredFlags``: every required flag not set on the command line, in pflag's order."""
    missing = sorted(set(names) - set(given(*names)))
    if missing:
        raise UsageProblem('required flag(s) "' + '", "'.join(missing) + '" not set')


def check_allowed(value: str, flag: str, allowed: Sequence[str]) -> None:
    """``validate.FlagInSlice``."""
    if value not in allowed:
        raise CliError(f'invalid value for "{flag}", allowed values: "' + '", "'.join(allowed) + '"')


def org_id(current: Session, flag_value: str | None) -> str:
    """``ValidateOrgID``: ``--orgId``, else the profile's organization, set and 24 hexadecimal digits."""
    return check_id(flag_value or current.profile.get("org_id") or "", "orgId")


def project_id(current: Session) -> str:
    """``ValidateProjectID`` of a command without ``--projectId``: the profile's project, set and valid."""
    return check_id(current.profile.get("project_id") or "", "projectId")


# --- one run ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invocation:
    """One run of a federated authentication command past cobra's first steps: where its requests go."""

    ctx: click.Context
    session: Session

    def call(
        self,
        operation_id: str,
        path: Mapping[str, str],
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        version: str = API_VERSION,
    ) -> Any:
        """Send one request; the decoded JSON of a 2xx answer (``None`` if empty), else ``CliError`` with the
        API's error as the real CLI prints it."""
        body_bytes = None if body is None else request_body(body)
        return _sdk_call.call(self.session, operation_id, path, query=query, body=body_bytes, version=version)

    def print(self, output: str | None, template: str, data: Any, model: Model) -> None:
        """The answer in the ``--output`` format, else the profile's, else the command's own template."""
        print_result(output or self.session.profile.output, template, data, model, many=False)

    def delete(
        self,
        operation_id: str,
        path: Mapping[str, str],
        *,
        entry: str,
        done: str,
        not_done: str,
        force: bool,
        version: str = API_VERSION,
    ) -> None:
        """``DeleteOpts``: ask about ``entry`` unless ``force``, delete, and print ``done`` (with ``%s`` the entry)
        or, on no, ``not_done`` as it is (the real CLI prints it with ``Println``, a ``%s`` included)."""
        if not force and not confirm_delete(entry):
            click.echo(not_done)
            return
        self.call(operation_id, path, version=version)
        click.echo(done.replace("%s", entry), nl=False)


def begin(
    args: Sequence[str],
    *,
    exactly: int,
    required: Sequence[str] = (),
    cobra_args: bool = False,
) -> Invocation:
    """cobra's first steps: the argument count (``cobra_args``: in cobra's own words, else in the real CLI's
    ``require`` words), then the required flags, then the profile."""
    ctx = click.get_current_context()
    if cobra_args:
        _check_cobra_args(ctx, args, exactly)
    else:
        check_args(ctx, args, exactly=exactly)
    _check_required(required)
    return Invocation(ctx, session(ctx))
