"""A project's database auditing and its settings (2023-01-01); names are the spec's schemas."""

from __future__ import annotations

from pydantic import Field

from atlas_access.client.models._common import AtlasModel

__all__ = ["AuditLog", "GroupSettings"]


class AuditLog(AtlasModel):
    """A project's database auditing: whether it is on, the filter (a JSON document as a string) and whether
    successful authorizations are audited too. ``configuration_type`` (``NONE``, ``FILTER_BUILDER``,
    ``FILTER_JSON``) is only in answers."""

    enabled: bool | None = None
    audit_filter: str | None = None
    audit_authorization_success: bool | None = None
    configuration_type: str | None = None


class GroupSettings(AtlasModel):
    """A project's settings, each a switch; what an update gives is changed, the rest stays. Settings a newer
    server adds are kept in ``model_extra``."""

    is_collect_database_specifics_statistics_enabled: bool | None = None
    is_data_explorer_enabled: bool | None = None
    is_data_explorer_gen_ai_features_enabled: bool | None = Field(
        default=None, alias="isDataExplorerGenAIFeaturesEnabled"
    )
    is_data_explorer_gen_ai_sample_document_passing_enabled: bool | None = Field(
        default=None, alias="isDataExplorerGenAISampleDocumentPassingEnabled"
    )
    is_data_validation_enabled: bool | None = None
    is_extended_storage_sizes_enabled: bool | None = None
    is_performance_advisor_enabled: bool | None = None
    is_realtime_performance_panel_enabled: bool | None = None
    is_schema_advisor_enabled: bool | None = None
    is_cluster_ai_assistant_enabled: bool | None = None
    is_atlas_home_page_ai_assistant_enabled: bool | None = None
    is_native_reranking_enabled: bool | None = None
