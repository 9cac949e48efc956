"""MongoDB Cloud's rate limits on the wire: which bucket a request takes from, and what a decision answers (the
``RateLimit-*`` headers, and 429 ``RATE_LIMITED_TOKEN_BUCKET`` with ``Retry-After`` when no token was left)."""

from collections.abc import Mapping

from atlas_access.core.errors import ApiError
from atlas_access.core.ratelimit import BucketRule, Decision, exceeded_detail
from atlas_access.server.auth.principal import Principal

__all__ = ["apply", "bucket_key"]


def bucket_key(path: Mapping[str, str], principal: Principal) -> str:
    """The rate-limit scope: the organization or project the path names, else the caller (MongoDB Cloud's
    USER-scoped sets: ``GET /orgs``, ``GET /groups``, ``GET /groups/byName/{groupName}``)."""
    return path.get("orgId") or path.get("groupId") or principal.id


def apply(rule: BucketRule, decision: Decision, headers: dict[str, str]) -> None:
    """Put the decision's headers in ``headers``; raise the 429 when it took no token."""
    headers["RateLimit-Limit"] = str(decision.limit)
    headers["RateLimit-Remaining"] = str(decision.remaining)
    if not decision.allowed:
        detail, parameters = exceeded_detail(rule, decision.retry_after_seconds)
        raise ApiError(
            "RATE_LIMITED_TOKEN_BUCKET",
            *parameters,
            detail=detail,
            headers={"Retry-After": str(decision.retry_after_seconds)},
        )
