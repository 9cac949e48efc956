"""``list``, ``describe``, ``invite``, ``update`` and ``delete``, built once for either scope.

Each command runs in cobra's order: argument count, then the profile, then the command's own checks (IDs,
prompt), then required flags and mutually exclusive flags, then the request and the output.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from atlas_access.cli._checks import check_args, check_exclusive, check_id, check_required
from atlas_access.cli._errors import CliError
from atlas_access.cli._help import Command, Flag
from atlas_access.cli._output import write_output
from atlas_access.cli._session import Session, session
from atlas_access.cli.invitations._api import call, request_body
from atlas_access.cli.invitations._kind import REQUIRED_ROLE, InvitationKind
from atlas_access.cli.invitations._models import Decoded, DecodeError, Model, decode
from atlas_access.cli.invitations._printing import print_result
from atlas_access.cli.invitations._quirks import check_project_id_quirk
from atlas_access.cli.invitations._templates import DESCRIBE, INVITE, LIST, UPDATE

__all__ = ["build_commands"]

OUTPUT_HELP = (
    "Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, "
    "use the -o json option."
)
EMAIL_HELP = "Email address for the user."
TEAM_HELP = "Unique 24-digit string that identifies the team."
FORCE_HELP = "Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action."
FILE_HELP = (
    "Path to an optional JSON configuration file that defines invitation settings. Note: Unsupported fields in "
    "the JSON file are ignored."
)
UPDATE_LONG = "You can use either the invitation ID or the user's email address to specify the invitation."
FILE_TYPES = ("json", "yaml", "yml")


# --- flags and values -------------------------------------------------------------------------------------------


def _arguments() -> click.Argument:
    return click.Argument(["args"], nargs=-1)


def _output_flag() -> Flag:
    return Flag(["-o", "--output", "output"], default=None, help=OUTPUT_HELP)


def _id_flag(scope: InvitationKind) -> Flag:
    return Flag([f"--{scope.id_flag}", "scope_id"], default=None, help=scope.id_help)


def _slice_flag(name: str, param: str, help_text: str, *, required: bool = False) -> Flag:
    """A pflag ``StringSlice``: repeatable, and each value is a comma-separated list."""
    return Flag(
        [f"--{name}", param], multiple=True, default=(), go_type="strings", required_flag=required, help=help_text
    )


def _file_flag() -> Flag:
    return Flag(["-f", "--file", "file"], default=None, help=FILE_HELP)


def _slice(values: Sequence[str]) -> list[str]:
    """The values of a ``StringSlice`` flag: each occurrence read as one CSV record."""
    result: list[str] = []
    for value in values:
        if value:
            result.extend(next(csv.reader([value])))
    return result


def _help(short: str, long: str) -> dict[str, str]:
    return {"short_help": short, "help": f"{short}\n\n{long}"}


def _scope_id(current: Session, scope: InvitationKind, flag_value: str | None, command: str) -> str:
    """The organization or project ID: the flag, else the profile; validated where the real CLI validates it."""
    value = flag_value or current.profile.get(scope.profile_key) or ""
    if command in scope.id_checked_by:
        check_id(value, scope.id_flag)
    return value


def _output(current: Session, flag_value: str | None) -> str | None:
    return flag_value or current.profile.output


def _given(**flags: Any) -> list[str]:
    """The flags set on the command line (pflag's ``Changed``)."""
    return [name for name, value in flags.items() if value is not None and value != ()]


def _load_file(path: str, model: Model) -> Decoded:
    """``file.Load``: a JSON file decoded into the request model (fields it does not have are ignored)."""
    if not Path(path).exists():
        raise CliError(f"file not found: {path}")
    extension = Path(path).suffix
    if len(extension) <= 1:
        raise CliError(f"filename: {path} requires valid extension")
    if extension[1:] not in FILE_TYPES:
        raise CliError(f"unsupported file type: {extension[1:]}")
    if extension[1:] != "json":
        raise CliError(f"{path}: YAML files are not supported by this atlas; write the invitation as JSON")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as problem:
        raise CliError(f"read {path}: {(problem.strerror or str(problem)).lower()}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text") from None
    try:
        return decode(model, json.loads(text))
    except ValueError as problem:
        raise CliError(f"{path} is not valid JSON: {problem}") from None
    except DecodeError as problem:
        raise CliError(str(problem)) from None


def _confirm_delete(entry: str) -> bool:
    """survey's confirm prompt, default No; an unreadable answer is asked again, end of input means No."""
    while True:
        click.echo(f"? Are you sure you want to delete: {entry} (y/N) ", nl=False)
        line = sys.stdin.readline()
        if not sys.stdin.isatty():
            click.echo()
        answer = line.strip()
        if answer.lower() in ("y", "yes"):
            return True
        if answer.lower() in ("", "n", "no") or not line:
            return False
        click.echo(f'X Sorry, your reply was invalid: "{answer}" is not a valid answer, please try again.')


def _write(text: str) -> None:
    write_output(text.encode(), None)


# --- the commands -----------------------------------------------------------------------------------------------


def _command(
    name: str,
    params: list[click.Parameter],
    run: Callable[..., None],
    *,
    usage: str = "[flags]",
    aliases: Sequence[str],
    short: str,
    long: str,
) -> Command:
    return Command(name=name, params=params, callback=run, usage=usage, aliases=aliases, **_help(short, long))


def _list(scope: InvitationKind) -> Command:
    def run(args: tuple[str, ...], email: str | None, scope_id: str | None, output: str | None) -> None:
        ctx = click.get_current_context()
        check_args(ctx, args, exactly=0)
        current = session(ctx)
        owner = _scope_id(current, scope, scope_id, "list")
        query = {"username": email or ""}  # sent empty without --email, as the Go SDK does
        data = call(ctx, scope.operation_id("list"), {scope.path_param: owner}, query=query)
        print_result(_output(current, output), LIST, data, scope.model, many=True)

    params = [_arguments(), Flag(["--email", "email"], default=None, help=EMAIL_HELP), _id_flag(scope), _output_flag()]
    return _command(
        "list",
        params,
        run,
        aliases=("ls",),
        short=f"Return all pending invitations to your {scope.noun}.",
        long=REQUIRED_ROLE.format(scope.user_admin_role),
    )


def _describe(scope: InvitationKind) -> Command:
    def run(args: tuple[str, ...], scope_id: str | None, output: str | None) -> None:
        ctx = click.get_current_context()
        check_args(ctx, args, exactly=1)
        current = session(ctx)
        owner = _scope_id(current, scope, scope_id, "describe")
        data = call(ctx, scope.operation_id("get"), {scope.path_param: owner, "invitationId": args[0]})
        print_result(_output(current, output), DESCRIBE, data, scope.model, many=False)

    return _command(
        "describe",
        [_arguments(), _id_flag(scope), _output_flag()],
        run,
        usage="<invitationId> [flags]",
        aliases=("get",),
        short=f"Return the details for the specified pending invitation to your {scope.noun}.",
        long=REQUIRED_ROLE.format(scope.user_admin_role),
    )


def _delete(scope: InvitationKind) -> Command:
    def run(args: tuple[str, ...], force: bool, scope_id: str | None) -> None:
        ctx = click.get_current_context()
        check_args(ctx, args, exactly=1)
        current = session(ctx)
        owner = _scope_id(current, scope, scope_id, "delete")
        invitation_id = args[0]
        if not force and not _confirm_delete(invitation_id):
            _write("Invitation not deleted\n")
            return
        call(ctx, scope.operation_id("delete"), {scope.path_param: owner, "invitationId": invitation_id})
        _write(f"Invitation '{invitation_id}' deleted\n")

    force = Flag(["--force", "force"], is_flag=True, default=False, go_type="", help=FORCE_HELP)
    return _command(
        "delete",
        [_arguments(), force, _id_flag(scope)],
        run,
        usage="<invitationId> [flags]",
        aliases=("rm",),
        short=f"Remove the specified pending invitation to your {scope.noun}.",
        long=REQUIRED_ROLE.format(scope.user_admin_role),
    )


def _invite(scope: InvitationKind) -> Command:
    def run(
        args: tuple[str, ...],
        role: tuple[str, ...],
        team_id: tuple[str, ...],
        scope_id: str | None,
        output: str | None,
        file: str | None = None,
    ) -> None:
        ctx = click.get_current_context()
        if scope.invite_takes_file:
            check_args(ctx, args, at_most=1)
        else:
            check_args(ctx, args, exactly=1)
        current = session(ctx)
        owner = _scope_id(current, scope, scope_id, "invite")
        if scope.role_required:
            check_required("role", bool(role))
        given = _given(file=file, role=role, teamId=team_id)
        check_exclusive(("file", "role"), given)
        check_exclusive(("file", "teamId"), given)
        if file:
            request = _load_file(file, scope.invite_request)
        else:
            request = {"roles": _slice(role), "username": args[0] if args else ""}
            if scope.sends_team_ids:
                request["teamIds"] = _slice(team_id)
        body = request_body(scope.invite_request, request)
        data = call(ctx, scope.operation_id("create"), {scope.path_param: owner}, body=body)
        print_result(_output(current, output), INVITE, data, scope.model, many=False)

    params: list[click.Parameter] = [
        _arguments(),
        _slice_flag("role", "role", scope.role_help, required=scope.role_required),
        _slice_flag("teamId", "team_id", TEAM_HELP),
        _id_flag(scope),
        _output_flag(),
    ]
    if scope.invite_takes_file:
        params.append(_file_flag())
    return _command(
        "invite",
        params,
        run,
        usage="<email> [flags]",
        aliases=("create",),
        short=f"Invite the specified MongoDB user to your {scope.noun}.",
        long=REQUIRED_ROLE.format(scope.user_admin_role),
    )


def _update(scope: InvitationKind) -> Command:
    def run(
        args: tuple[str, ...],
        email: str | None,
        role: tuple[str, ...],
        scope_id: str | None,
        output: str | None,
        file: str | None = None,
    ) -> None:
        ctx = click.get_current_context()
        check_args(ctx, args, at_most=1)
        invitation_id = args[0] if args else ""
        current = session(ctx)
        owner = _scope_id(current, scope, scope_id, "update")
        if scope.update_checks_project_id:
            check_project_id_quirk(current.profile.project_id)
        if not email and not invitation_id:
            raise CliError("you must provide the email address or the invitationId")
        if scope.role_required:
            check_required("role", bool(role))
        check_exclusive(("file", "role"), _given(file=file, role=role))
        request = _load_file(file, scope.invite_request) if file else {"roles": _slice(role), "username": email}
        path = {scope.path_param: owner}
        if invitation_id:  # only the roles (and an organization's teams) go to the update by ID
            changes = {key: request[key] for key in ("roles", "teamIds") if key in request}
            body = request_body(scope.update_request, changes)
            data = call(ctx, scope.operation_id("updateById"), {**path, "invitationId": invitation_id}, body=body)
        else:
            data = call(ctx, scope.operation_id("update"), path, body=request_body(scope.invite_request, request))
        print_result(_output(current, output), UPDATE, data, scope.model, many=False)

    params: list[click.Parameter] = [
        _arguments(),
        Flag(["--email", "email"], default=None, help=EMAIL_HELP),
        _slice_flag("role", "role", scope.update_role_help, required=scope.role_required),
        _id_flag(scope),
        _output_flag(),
    ]
    if scope.invite_takes_file:
        params.append(_file_flag())
    return _command(
        "update",
        params,
        run,
        usage="[invitationId] [flags]",
        aliases=("updates",),
        short=f"Modifies the details of the specified pending invitation to your {scope.noun}.",
        long=f"{UPDATE_LONG}\n\n{REQUIRED_ROLE.format(scope.owner_role)}",
    )


def build_commands(scope: InvitationKind) -> list[Command]:
    """The five invitation commands of ``scope``."""
    return [_list(scope), _describe(scope), _invite(scope), _update(scope), _delete(scope)]
