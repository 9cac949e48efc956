"""``atlas projects settings`` (also ``setting``): a project's settings, with the real CLI's flags, requests and
texts (``internal/cli/projects/settings``). ``update`` sends only the settings whose ``--enable...``/``--disable...``
flag was given."""

from __future__ import annotations

import click

from atlas_access.cli._checks import check_exclusive
from atlas_access.cli._gostruct import encode
from atlas_access.cli._help import Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import begin, bool_flag, given, output_flag, project_flag
from atlas_access.cli.database_access._shapes import GROUP_SETTINGS

__all__ = ["settings"]

DESCRIBE_TEMPLATE = (
    "COLLECT DATABASE SPECIFICS STATISTICS ENABLED\tDATA EXPLORER ENABLED\tPERFORMANCE ADVISOR ENABLED\t"
    "REALTIME PERFORMANCE PANEL ENABLED\tSCHEMA ADVISOR ENABLED\n"
    "{{.IsCollectDatabaseSpecificsStatisticsEnabled}}\t{{.IsDataExplorerEnabled}}\t{{.IsPerformanceAdvisorEnabled}}\t"
    "{{.IsRealtimePerformancePanelEnabled}}\t{{.IsSchemaAdvisorEnabled}}\n"
)
UPDATE_TEMPLATE = "Project settings updated.\n"
# flag suffix -> (setting, words of the help)
SETTINGS = {
    "CollectDatabaseSpecificsStatistics": (
        "isCollectDatabaseSpecificsStatisticsEnabled",
        "Collect Database Specific Statistics",
    ),
    "DataExplorer": ("isDataExplorerEnabled", "Data Explorer"),
    "PerformanceAdvisor": ("isPerformanceAdvisorEnabled", "Performance Advisor"),
    "SchemaAdvisor": ("isSchemaAdvisorEnabled", "Schema Advisor"),
    "RealtimePerformancePanel": ("isRealtimePerformancePanelEnabled", "Real Time Performance Panel"),
}
PROFILE_EXAMPLE = '  # This example uses the profile named "myprofile" for accessing Atlas.\n'


def _describe() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id, exactly=0)
        data = invocation.call("getProjectSettings")
        invocation.print(output, DESCRIBE_TEMPLATE, data, GROUP_SETTINGS)

    return command(
        "describe",
        run,
        [project_flag(), output_flag()],
        short="Retrieve details for settings to the specified project.",
        aliases=("get",),
        examples=PROFILE_EXAMPLE
        + "  atlas projects settings describe -P myprofile --projectId 5e2211c17a3e5a48f5497de3",
    )


def _update() -> click.Command:
    names = [f"{verb}{suffix}" for suffix in SETTINGS for verb in ("enable", "disable")]

    def run(args: tuple[str, ...], project_id: str | None, output: str | None, **flags: bool) -> None:
        changed = given(*names)
        for suffix in SETTINGS:
            check_exclusive((f"enable{suffix}", f"disable{suffix}"), changed)
        invocation = begin(args, project_id)
        body: dict[str, bool] = {}
        for suffix, (setting, _words) in SETTINGS.items():
            if flags[f"enable{suffix}"] and not flags[f"disable{suffix}"]:  # cli.ReturnValueForSetting
                body[setting] = True
            elif flags[f"disable{suffix}"] and not flags[f"enable{suffix}"]:
                body[setting] = False
        data = invocation.call("updateProjectSettings", body=encode(GROUP_SETTINGS, body))
        invocation.print(output, UPDATE_TEMPLATE, data, GROUP_SETTINGS)

    toggles = [
        bool_flag(f"{verb}{suffix}", f"Flag that {verb}s the {words} project setting.")
        for suffix, (_setting, words) in SETTINGS.items()
        for verb in ("enable", "disable")
    ]
    return command(
        "update",
        run,
        [project_flag(), *toggles, output_flag()],
        short="Updates settings for a project.",
        aliases=("updates",),
        long="Only the settings named by a flag change; the others keep their values.",
        examples=PROFILE_EXAMPLE + "  atlas projects settings update --disableCollectDatabaseSpecificsStatistics "
        "-P myprofile --projectId 5e2211c17a3e5a48f5497de3",
    )


settings: Group = group(
    "settings",
    "Settings operations.",
    [_describe(), _update()],
    aliases=("setting",),
    long="Manage your project settings.",
)
