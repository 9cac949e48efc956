"""Which API version an ``atlas api`` command sends, and the real CLI's warnings about it (exact words,
including its ``consisentcy`` typo, because scripts match on them)."""

from __future__ import annotations

import datetime

from atlas_access.spec import Operation, Version

__all__ = [
    "all_deprecated",
    "choose_version",
    "default_version",
    "deprecation_notice",
    "output_formats",
]

PIN = "consider pinning a version to ensure consisentcy when updating the CLI"


def default_version(operation: Operation) -> str:
    """The last version: the newest stable one, or ``preview`` when there is one."""
    return operation.versions[-1].version


def all_deprecated(operation: Operation) -> bool:
    """Every version has a sunset date (or the operation is deprecated as a whole)."""
    return operation.deprecated or all(v.sunset is not None for v in operation.versions)


def deprecation_notice(operation: Operation) -> str | None:
    """cobra's ``Deprecated`` text when every version is deprecated, else ``None``."""
    if not all_deprecated(operation):
        return None
    notice = "all of the available endpoint versions have been deprecated."
    versions = operation.versions
    if len(versions) == 1 and versions[0].sunset is not None:
        return f"{notice}{_sunset_clause(versions[0])}\n"
    sunset = next((v for v in versions if v.sunset is not None), None)
    if sunset is not None:
        notice += _sunset_clause(sunset)
    notice += "."  # the real CLI's doubled full stop, kept as it is
    return notice + "\n"


def _sunset_clause(version: Version) -> str:
    sunset = version.sunset.isoformat() if version.sunset else ""
    return f" The API endpoint version {version.version} will no longer be available after the sunset date of {sunset}."


def output_formats(operation: Operation) -> list[str]:
    """Every response format of every version (``json``, ``gzip``, ``csv``), sorted."""
    return sorted({f for v in operation.versions for f in v.formats})


def choose_version(operation: Operation, requested: str | None, today: datetime.date) -> tuple[Version, list[str]]:
    """The version to send and the warnings to print for ``requested`` (``None``: nobody chose one)."""
    warnings: list[str] = []
    default = default_version(operation)
    chosen = requested if requested is not None else default
    if requested is None:
        warnings.append(f"warning: using default API version '{default}'; {PIN}")
    match = next((v for v in operation.versions if v.version == chosen), None)
    if match is None:
        warnings.append(
            f"warning: version '{chosen}' is not supported for this endpoint, using default API version "
            f"'{default}'; {PIN}"
        )
        match = operation.versions[-1]
    if match.is_preview:
        warnings.append(
            "warning: you've selected a public preview version of the endpoint, this version is subject to "
            "breaking changes."
        )
    if match.sunset is not None and not all_deprecated(operation):
        sunset = match.sunset.isoformat()
        if match.sunset < today:
            warnings.append(
                f"warning: version '{match.version}' is deprecated for this command and has already been sunset "
                f"since {sunset}. Consider upgrading to a newer version if available."
            )
        else:
            warnings.append(
                f"warning: version '{match.version}' is deprecated for this command and will be sunset on "
                f"{sunset}. Consider upgrading to a newer version if available."
            )
    return match, warnings
