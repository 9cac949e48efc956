"""``/api/local/v1/faults``: the fault rules (ours, docs/faults.md), behind the local API's admin token.

``POST`` adds a rule and answers it as listed; ``GET`` lists them with what each has done; ``DELETE`` of one
removes it, and of all removes every rule; both answer what they removed.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

from atlas_access.core.errors import ApiError
from atlas_access.server.faults import RuleIn
from atlas_access.server.state import ServerState
from atlas_access.server.wire.body import validate

PATH = "/api/local/v1/faults"


async def add_rule(state: ServerState, request: Request, raw: bytes) -> Any:
    return state.faults.add(validate(RuleIn, raw, request.headers.get("content-type")))


async def list_rules(state: ServerState, request: Request, raw: bytes) -> Any:
    return {"results": state.faults.views()}


async def remove_rule(state: ServerState, request: Request, raw: bytes) -> Any:
    rule_id = request.path_params["ruleId"]
    removed = state.faults.remove(rule_id)
    if removed is None:
        raise ApiError("RESOURCE_NOT_FOUND", f"fault rule {rule_id}")
    return removed


async def remove_all(state: ServerState, request: Request, raw: bytes) -> Any:
    return {"results": state.faults.clear()}


ROUTES: tuple[tuple[str, str, Callable[[ServerState, Request, bytes], Awaitable[Any]]], ...] = (
    ("POST", PATH, add_rule),
    ("GET", PATH, list_rules),
    ("DELETE", PATH, remove_all),
    ("DELETE", PATH + "/{ruleId}", remove_rule),
)
