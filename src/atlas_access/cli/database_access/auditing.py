"""``atlas auditing``: a project's database auditing configuration, with the real CLI's flags, requests and texts
(``internal/cli/auditing``). ``update`` sends ``enabled`` and ``auditAuthorizationSuccess`` (false unless given)
and the filter, from ``--auditFilter`` or from the file ``-f`` names, as a string."""

from __future__ import annotations

from pathlib import Path

import click

from atlas_access.cli._checks import check_exclusive
from atlas_access.cli._errors import CliError, UsageProblem
from atlas_access.cli._gostruct import encode
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import (
    begin,
    bool_flag,
    given,
    output_flag,
    project_flag,
    required_role,
    string_flag,
)
from atlas_access.cli.database_access._shapes import AUDIT_LOG

__all__ = ["auditing"]

DESCRIBE_TEMPLATE = (
    "AUDIT AUTHORIZATION SUCCESS\tAUDIT FILTER\tCONFIGURATION TYPE\tENABLED\n"
    "{{.AuditAuthorizationSuccess}}\t{{.AuditFilter}}\t{{.ConfigurationType}}\t{{.Enabled}}\n"
)
UPDATE_TEMPLATE = "Auditing configuration successfully updated.\n"
FILTER_HELP = (
    "JSON document that specifies which events to record. Escape any characters that may prevent parsing, such as "
    "single or double quotes, using a backslash (\\)."
)
ENABLED_HELP = "Flag that indicates whether someone enabled database auditing for the specified project."
SUCCESS_HELP = (
    "Flag that indicates whether someone set auditing to track successful authentications. This only applies to the "
    '"atype" : "authCheck" audit filter. Setting this parameter to true degrades cluster performance.'
)
FILE_HELP = (
    "Path to an optional JSON configuration file that defines auditing filters. To learn more about auditing "
    "configuration files for the Atlas CLI, see https://www.mongodb.com/docs/atlas/database-auditing/#example-auditing-filters"
)


def _load(path: str) -> str:
    """``file.LoadFile``: the file's text, as the real CLI reads it."""
    found = Path(path)
    if not found.exists():
        raise CliError(f"file not found: {path}")
    try:
        return found.read_text(encoding="utf-8")
    except OSError as problem:
        raise CliError(f"read {path}: {(problem.strerror or str(problem)).lower()}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text") from None


def _describe() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id, exactly=0)
        data = invocation.call("getAuditingConfiguration")
        invocation.print(output, DESCRIBE_TEMPLATE, data, AUDIT_LOG)

    return command(
        "describe",
        run,
        [project_flag(), output_flag()],
        short="Returns the auditing configuration for the specified project.",
        aliases=("get",),
        long=required_role("Project Owner"),
        examples="  # Return the JSON-formatted details for the default project:\n"
        "  atlas auditing describe --output json",
    )


def _update() -> click.Command:
    def run(
        args: tuple[str, ...],
        project_id: str | None,
        auditFilter: str | None,
        enabled: bool,
        file: str | None,
        auditAuthorizationSuccess: bool,
        output: str | None,
    ) -> None:
        changed = given("file", "auditFilter")
        check_exclusive(("file", "auditFilter"), changed)
        if not changed:  # cobra's MarkFlagsOneRequired
            raise UsageProblem("at least one of the flags in the group [file auditFilter] is required")
        invocation = begin(args, project_id, exactly=0)
        audit_filter = _load(file) if file else auditFilter or ""
        body = {"auditAuthorizationSuccess": auditAuthorizationSuccess, "auditFilter": audit_filter, "enabled": enabled}
        data = invocation.call("updateAuditingConfiguration", body=encode(AUDIT_LOG, body))
        invocation.print(output, UPDATE_TEMPLATE, data, AUDIT_LOG)

    flags = [
        project_flag(),
        string_flag("auditFilter", FILTER_HELP),
        bool_flag("enabled", ENABLED_HELP),
        string_flag("file", FILE_HELP, short="f"),
        bool_flag("auditAuthorizationSuccess", SUCCESS_HELP),
        output_flag(),
    ]
    examples = (
        "  # Audit all authentication events for known users:\n"
        '  atlas auditing update --auditFilter \'{"atype": "authenticate"}\'\n\n'
        "  # Audit all authentication events for known user via a configuration file:\n"
        "  atlas auditing update -f filter.json"
    )
    return command(
        "update",
        run,
        flags,
        short="Updates the auditing configuration for the specified project",
        long="Give either --auditFilter or --file. --enabled and --auditAuthorizationSuccess are sent as false "
        "unless given.\n\n" + required_role("Project Owner"),
        examples=examples,
    )


auditing = group("auditing", "Returns database auditing settings for MongoDB Cloud projects.", [_describe(), _update()])
