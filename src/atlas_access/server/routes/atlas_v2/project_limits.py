"""``/api/atlas/v2/groups/{groupId}/limits``: a project's user-managed limits; ``/defaultGroupLimits`` (preview): every
limit's default and maximum; ``/groups/{groupId}/ipAddresses``: the project's addresses.

Shapes: a project's limit is ``DataFederationLimit`` ``{currentUsage?, defaultLimit?, maximumLimit?, name, value}``
(the parts a limit without a default or a count has not are left out), and the list a bare JSON array, as the
spec and atlas-sdk-go (``[]DataFederationLimit``) have it; a default limit ``{defaultLimit, description,
maximumLimit, name}`` under its default-limits name (``MONGODB_USERS`` ...), in a paginated list. The project's IP
addresses are ``{groupId, services: {clusters: []}}``: no cluster here has an address (ours). Rules:
``services.project_limits``.
"""

from typing import Any

from atlas_access.core import project_limits as rules
from atlas_access.core.errors import ApiError
from atlas_access.core.project_limits import Limit, LimitKind
from atlas_access.server.services import project_limits as service
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import WireModel, require
from atlas_access.server.wire.endpoint import Call, Reply

DEFAULT_LIMITS_PATH = "/api/atlas/v2/defaultGroupLimits"


class LimitIn(WireModel):
    """``DataFederationLimit`` as a request body: ``value``; its read-only parts are taken and left alone, as the
    real clients send the object they read."""

    value: int | None = None
    name: str | None = None
    currentUsage: int | None = None
    defaultLimit: int | None = None
    maximumLimit: int | None = None


def limit_view(limit: Limit) -> dict[str, Any]:
    view: dict[str, Any] = {"name": limit.kind.name, "value": limit.value}
    if limit.usage is not None:
        view["currentUsage"] = limit.usage
    if limit.kind.default is not None:
        view["defaultLimit"] = limit.kind.default
    if limit.kind.maximum is not None:
        view["maximumLimit"] = limit.kind.maximum
    return view


def default_view(kind: LimitKind) -> dict[str, Any]:
    """``DefaultGroupLimitResponse``: null where the limit has no default or maximum (the spec's nullable)."""
    return {
        "defaultLimit": kind.default,
        "description": kind.description,
        "maximumLimit": kind.maximum,
        "name": kind.default_name,
    }


def list_limits(call: Call) -> Reply:
    return Reply(200, [limit_view(limit) for limit in service.listing(call.ctx, call.the_project())])


def get_limit(call: Call) -> Reply:
    return Reply(200, limit_view(service.find(call.ctx, call.the_project(), call.path["limitName"])))


def set_limit(call: Call) -> Reply:
    name = call.path["limitName"]
    rules.kind_named(name)  # an unknown limit before its body
    body = call.body(LimitIn)
    value: int = require(body.value, "value")
    if body.name is not None and body.name != name:
        raise ApiError("INVALID_ATTRIBUTE", "name", fields=[("name", "Must be the limit the path names.")])
    return Reply(200, limit_view(service.set_value(call.ctx, call.the_project(), name, value)))


def delete_limit(call: Call) -> Reply:
    service.remove(call.ctx, call.the_project(), call.path["limitName"])
    return Reply(204)


def list_default_limits(call: Call) -> Reply:
    return Reply(200, paging.page_body(call.query, call.base_url, DEFAULT_LIMITS_PATH, rules.KINDS, default_view))


def get_default_limit(call: Call) -> Reply:
    return Reply(200, default_view(rules.default_named(call.path["limitName"])))


def get_ip_addresses(call: Call) -> Reply:
    """``GroupIPAddresses``: the project's clusters' addresses; there are no clusters here (ours)."""
    return Reply(200, {"groupId": call.the_project().id, "services": {"clusters": []}})
