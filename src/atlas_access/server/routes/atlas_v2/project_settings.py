"""``/api/atlas/v2/groups/{groupId}/settings``: the project's settings (2023-01-01).

As recorded (``reference/recordings/projectsettings``): twelve booleans, ``isAtlasHomePageAiAssistantEnabled``
among them though the spec's ``GroupSettings`` lacks it, with the recorded defaults (``core.project_settings``);
the update answers 200 with every setting afterwards. An update changes the settings it gives and no other; an
attribute that is no setting is 400 ``INVALID_ATTRIBUTE``, a value that is no boolean 400
``INVALID_JSON_ATTRIBUTE`` (a null leaves the setting as it is, ours). Not reproduced: the recorded ``Location``
(``<host>//api/atlas/v1.0``, which names no resource); a handler's answer carries no headers.
"""

from atlas_access.server.services import project_settings as service
from atlas_access.server.wire.body import WireModel
from atlas_access.server.wire.endpoint import Call, Reply


class GroupSettingsIn(WireModel):
    """``GroupSettings``, and the recorded ``isAtlasHomePageAiAssistantEnabled``."""

    isAtlasHomePageAiAssistantEnabled: bool | None = None
    isClusterAiAssistantEnabled: bool | None = None
    isCollectDatabaseSpecificsStatisticsEnabled: bool | None = None
    isDataExplorerEnabled: bool | None = None
    isDataExplorerGenAIFeaturesEnabled: bool | None = None
    isDataExplorerGenAISampleDocumentPassingEnabled: bool | None = None
    isDataValidationEnabled: bool | None = None
    isExtendedStorageSizesEnabled: bool | None = None
    isNativeRerankingEnabled: bool | None = None
    isPerformanceAdvisorEnabled: bool | None = None
    isRealtimePerformancePanelEnabled: bool | None = None
    isSchemaAdvisorEnabled: bool | None = None


def get_settings(call: Call) -> Reply:
    return Reply(200, service.get(call.ctx, call.the_project()))


def update_settings(call: Call) -> Reply:
    given = call.body(GroupSettingsIn).model_dump(exclude_none=True)
    return Reply(200, service.update(call.ctx, call.the_project(), given))
