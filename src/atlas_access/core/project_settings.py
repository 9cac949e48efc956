"""A project's settings: feature flags by their wire names, with the defaults MongoDB Cloud gives a new project."""

from collections.abc import Mapping

# As recorded for a new project (reference/recordings/projectsettings, Describe), in the recorded (alphabetical) order.
DEFAULTS: Mapping[str, bool] = {
    "isAtlasHomePageAiAssistantEnabled": True,
    "isClusterAiAssistantEnabled": True,
    "isCollectDatabaseSpecificsStatisticsEnabled": True,
    "isDataExplorerEnabled": True,
    "isDataExplorerGenAIFeaturesEnabled": True,
    "isDataExplorerGenAISampleDocumentPassingEnabled": False,
    "isDataValidationEnabled": True,
    "isExtendedStorageSizesEnabled": False,
    "isNativeRerankingEnabled": False,
    "isPerformanceAdvisorEnabled": True,
    "isRealtimePerformancePanelEnabled": True,
    "isSchemaAdvisorEnabled": True,
}

# The project events the spec names for a setting's change (its ``EventTypeForNdsGroup``); the other settings have
# none. The Data Explorer's has one type for each direction.
_EVENTS: Mapping[str, tuple[str, str]] = {
    "isDataExplorerEnabled": ("DATA_EXPLORER_ENABLED", "DATA_EXPLORER_DISABLED"),
    "isCollectDatabaseSpecificsStatisticsEnabled": (
        "PROJECT_COLLECT_DATABASE_STATISTICS_UPDATED",
        "PROJECT_COLLECT_DATABASE_STATISTICS_UPDATED",
    ),
    "isDataValidationEnabled": ("PROJECT_ENABLE_DATA_VALIDATION_UPDATED", "PROJECT_ENABLE_DATA_VALIDATION_UPDATED"),
    "isExtendedStorageSizesEnabled": (
        "PROJECT_ENABLE_EXTENDED_STORAGE_SIZES_UPDATED",
        "PROJECT_ENABLE_EXTENDED_STORAGE_SIZES_UPDATED",
    ),
}


def current(overrides: Mapping[str, bool]) -> dict[str, bool]:
    """Every setting: the defaults with the project's own values over them."""
    return {name: overrides.get(name, default) for name, default in DEFAULTS.items()}


def events(before: Mapping[str, bool], after: Mapping[str, bool]) -> list[str]:
    """The events of a change from ``before`` to ``after``, in the settings' order."""
    found = []
    for name, (turned_on, turned_off) in sorted(_EVENTS.items()):
        if before[name] != after[name]:
            found.append(turned_on if after[name] else turned_off)
    return found
