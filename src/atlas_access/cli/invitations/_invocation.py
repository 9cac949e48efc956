"""One run of an invitation command: cobra's first steps (the argument count, the profile, the organization or
project ID), then the scope's requests and the printing of their answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import click

from atlas_access.cli._checks import check_args, check_id
from atlas_access.cli._sdk_call import call
from atlas_access.cli._session import Session, session
from atlas_access.cli._struct_output import print_result
from atlas_access.cli.invitations._kind import InvitationKind

__all__ = ["Invocation", "begin"]


def _scope_id(current: Session, scope: InvitationKind, flag_value: str | None, command: str) -> str:
    """The organization or project ID: the flag, else the profile; validated where the real CLI validates it."""
    value = flag_value or current.profile.get(scope.profile_key) or ""
    if command in scope.id_checked_by:
        check_id(value, scope.id_flag)
    return value


@dataclass(frozen=True)
class Invocation:
    """One run of an invitation command, past cobra's first steps: the ID of the organization or project it acts
    on, and where its requests go."""

    ctx: click.Context
    session: Session
    scope: InvitationKind
    owner: str

    def call(
        self,
        verb: str,
        invitation_id: str | None = None,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Any:
        """The scope's ``verb`` operation (``list``, ``get`` ...) on the owner, or on one of its invitations."""
        path = {self.scope.path_param: self.owner}
        if invitation_id is not None:
            path["invitationId"] = invitation_id
        return call(self.session, self.scope.operation_id(verb), path, query=query, body=body)

    def print(self, output: str | None, template: str, data: Any, *, many: bool = False) -> None:
        """The answer in the ``--output`` format, else the profile's, else the command's own template."""
        print_result(output or self.session.profile.output, template, data, self.scope.model, many=many)


def begin(
    scope: InvitationKind,
    args: Sequence[str],
    scope_id: str | None,
    *,
    exactly: int | None = None,
    at_most: int | None = None,
) -> Invocation:
    """cobra's first steps: the argument count, then the profile, then the organization or project ID."""
    ctx = click.get_current_context()
    check_args(ctx, args, exactly=exactly, at_most=at_most)
    current = session(ctx)
    command = ctx.command.name or ""
    return Invocation(ctx, current, scope, _scope_id(current, scope, scope_id, command))
