"""``list``, ``describe``, ``invite``, ``update`` and ``delete``, built once for either scope.

Each command runs in cobra's order: argument count, then the profile, then the command's own checks (IDs,
prompt), then required flags and mutually exclusive flags, then the request and the output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click

from atlas_access.cli._checks import check_exclusive, check_required
from atlas_access.cli._errors import CliError
from atlas_access.cli._file_load import load_file
from atlas_access.cli._flags import force_flag, output_flag, required_role, slice_values
from atlas_access.cli._gostruct import Decoded, Model, encode
from atlas_access.cli._help import Command, Flag
from atlas_access.cli._output import write_output
from atlas_access.cli._prompts import confirm_delete
from atlas_access.cli._sdk_call import request_body
from atlas_access.cli.invitations._invocation import begin
from atlas_access.cli.invitations._kind import InvitationKind
from atlas_access.cli.invitations._quirks import check_project_id_quirk
from atlas_access.cli.invitations._templates import DESCRIBE, INVITE, LIST, UPDATE

__all__ = ["build_commands"]

EMAIL_HELP = "Email address for the user."
TEAM_HELP = "Unique 24-digit string that identifies the team."
FILE_HELP = (
    "Path to an optional JSON configuration file that defines invitation settings. Note: Unsupported fields in "
    "the JSON file are ignored."
)
UPDATE_LONG = "You can use either the invitation ID or the user's email address to specify the invitation."


# --- flags and values -------------------------------------------------------------------------------------------


def _arguments() -> click.Argument:
    return click.Argument(["args"], nargs=-1)


def _email_flag() -> Flag:
    return Flag(["--email", "email"], default=None, help=EMAIL_HELP)


def _id_flag(scope: InvitationKind) -> Flag:
    return Flag([f"--{scope.id_flag}", "scope_id"], default=None, help=scope.id_help)


def _slice_flag(name: str, param: str, help_text: str, *, required: bool = False) -> Flag:
    """A pflag ``StringSlice``: repeatable, and each value is a comma-separated list."""
    return Flag(
        [f"--{name}", param], multiple=True, default=(), go_type="strings", required_flag=required, help=help_text
    )


def _file_flag() -> Flag:
    return Flag(["-f", "--file", "file"], default=None, help=FILE_HELP)


def _given(**flags: Any) -> list[str]:
    """The flags set on the command line (pflag's ``Changed``)."""
    return [name for name, value in flags.items() if value is not None and value != ()]


def _load_file(path: str, model: Model) -> Decoded:
    """``file.Load``: a JSON file decoded into the request model (fields it does not have are ignored)."""
    return load_file(path, model, what="the invitation")


def _body(model: Model, value: Mapping[str, Any]) -> bytes:
    """A request body in the model's order."""
    return request_body(encode(model, dict(value)))


def _write(text: str) -> None:
    write_output(text.encode(), None)


# --- the commands -----------------------------------------------------------------------------------------------


def _command(
    scope: InvitationKind,
    name: str,
    params: list[click.Parameter],
    run: Callable[..., None],
    *,
    usage: str,
    aliases: Sequence[str],
    short: str,
    role: str | None = None,
    long: str = "",
) -> Command:
    """A command whose help ends by naming the role it needs (default: the scope's user admin)."""
    required = required_role(role or scope.user_admin_role)
    long = f"{long}\n\n{required}" if long else required
    return Command(
        name=name,
        params=params,
        callback=run,
        usage=usage,
        aliases=aliases,
        short_help=short,
        help=f"{short}\n\n{long}",
    )


def _list(scope: InvitationKind) -> Command:
    def run(args: tuple[str, ...], email: str | None, scope_id: str | None, output: str | None) -> None:
        invocation = begin(scope, args, scope_id, exactly=0)
        query = {"username": email or ""}  # sent empty without --email, as the Go SDK does
        invocation.print(output, LIST, invocation.call("list", query=query), many=True)

    params = [_arguments(), _email_flag(), _id_flag(scope), output_flag()]
    short = f"Return all pending invitations to your {scope.noun}."
    return _command(scope, "list", params, run, usage="[flags]", aliases=("ls",), short=short)


def _describe(scope: InvitationKind) -> Command:
    def run(args: tuple[str, ...], scope_id: str | None, output: str | None) -> None:
        invocation = begin(scope, args, scope_id, exactly=1)
        invocation.print(output, DESCRIBE, invocation.call("get", args[0]))

    params = [_arguments(), _id_flag(scope), output_flag()]
    short = f"Return the details for the specified pending invitation to your {scope.noun}."
    return _command(scope, "describe", params, run, usage="<invitationId> [flags]", aliases=("get",), short=short)


def _delete(scope: InvitationKind) -> Command:
    def run(args: tuple[str, ...], force: bool, scope_id: str | None) -> None:
        invocation = begin(scope, args, scope_id, exactly=1)
        invitation_id = args[0]
        if not force and not confirm_delete(invitation_id):
            _write("Invitation not deleted\n")
            return
        invocation.call("delete", invitation_id)
        _write(f"Invitation '{invitation_id}' deleted\n")

    params = [_arguments(), force_flag(), _id_flag(scope)]
    short = f"Remove the specified pending invitation to your {scope.noun}."
    return _command(scope, "delete", params, run, usage="<invitationId> [flags]", aliases=("rm",), short=short)


def _editing_params(scope: InvitationKind, *flags: Flag) -> list[click.Parameter]:
    """The parameters of ``invite`` and ``update``: the arguments, ``flags``, the ID, the output and, where the
    scope takes one, the file."""
    params: list[click.Parameter] = [_arguments(), *flags, _id_flag(scope), output_flag()]
    if scope.invite_takes_file:
        params.append(_file_flag())
    return params


def _invite(scope: InvitationKind) -> Command:
    def run(
        args: tuple[str, ...],
        role: tuple[str, ...],
        team_id: tuple[str, ...],
        scope_id: str | None,
        output: str | None,
        file: str | None = None,
    ) -> None:
        if scope.invite_takes_file:
            invocation = begin(scope, args, scope_id, at_most=1)
        else:
            invocation = begin(scope, args, scope_id, exactly=1)
        if scope.role_required:
            check_required("role", bool(role))
        given = _given(file=file, role=role, teamId=team_id)
        check_exclusive(("file", "role"), given)
        check_exclusive(("file", "teamId"), given)
        if file:
            request = _load_file(file, scope.invite_request)
        else:
            request = {"roles": slice_values(role), "username": args[0] if args else ""}
            if scope.sends_team_ids:
                request["teamIds"] = slice_values(team_id)
        data = invocation.call("create", body=_body(scope.invite_request, request))
        invocation.print(output, INVITE, data)

    params = _editing_params(
        scope,
        _slice_flag("role", "role", scope.role_help, required=scope.role_required),
        _slice_flag("teamId", "team_id", TEAM_HELP),
    )
    short = f"Invite the specified MongoDB user to your {scope.noun}."
    return _command(scope, "invite", params, run, usage="<email> [flags]", aliases=("create",), short=short)


def _update(scope: InvitationKind) -> Command:
    def run(
        args: tuple[str, ...],
        email: str | None,
        role: tuple[str, ...],
        scope_id: str | None,
        output: str | None,
        file: str | None = None,
    ) -> None:
        invocation = begin(scope, args, scope_id, at_most=1)
        invitation_id = args[0] if args else ""
        if scope.update_checks_project_id:
            check_project_id_quirk(invocation.session.profile.project_id)
        if not email and not invitation_id:
            raise CliError("you must provide the email address or the invitationId")
        if scope.role_required:
            check_required("role", bool(role))
        check_exclusive(("file", "role"), _given(file=file, role=role))
        request = _load_file(file, scope.invite_request) if file else {"roles": slice_values(role), "username": email}
        if invitation_id:  # only the roles (and an organization's teams) go to the update by ID
            changes = {key: request[key] for key in ("roles", "teamIds") if key in request}
            data = invocation.call("updateById", invitation_id, body=_body(scope.update_request, changes))
        else:
            data = invocation.call("update", body=_body(scope.invite_request, request))
        invocation.print(output, UPDATE, data)

    params = _editing_params(
        scope,
        _email_flag(),
        _slice_flag("role", "role", scope.update_role_help, required=scope.role_required),
    )
    short = f"Modifies the details of the specified pending invitation to your {scope.noun}."
    return _command(
        scope,
        "update",
        params,
        run,
        usage="[invitationId] [flags]",
        aliases=("updates",),
        short=short,
        role=scope.owner_role,
        long=UPDATE_LONG,
    )


def build_commands(scope: InvitationKind) -> list[Command]:
    """The five invitation commands of ``scope``."""
    return [_list(scope), _describe(scope), _invite(scope), _update(scope), _delete(scope)]
