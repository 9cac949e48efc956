"""Placeholder: filled in by the issue-6 work on service_accounts."""

from atlas_access.server.wire.endpoint import Endpoint

ENDPOINTS: tuple[Endpoint, ...] = ()
