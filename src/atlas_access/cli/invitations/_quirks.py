"""``atlas organizations invitations update``'s quirk: the real command validates a project ID it never uses."""

from __future__ import annotations

from atlas_access.cli._checks import is_object_id
from atlas_access.cli._errors import CliError

__all__ = ["check_project_id_quirk"]


def check_project_id_quirk(value: str | None) -> None:
    """The real ``atlas organizations invitations update`` also runs ``ValidateProjectID``, although it has no
    ``--projectId`` flag and never uses a project. Kept, so that a script behaves the same with both CLIs, but
    said in words that tell the user where the value comes from."""
    where = "the profile's project_id or MONGODB_ATLAS_PROJECT_ID"
    if not value:
        raise CliError(
            f"this command needs a project ID from {where}, although it does not use one "
            "(the real Atlas CLI checks it too); set one with: atlas config set project_id <projectId>"
        )
    if not is_object_id(value):
        raise CliError(
            f"the provided value '{value}' is not a valid ID: this command checks the project ID from {where}, "
            "although it does not use it (the real Atlas CLI checks it too)"
        )
