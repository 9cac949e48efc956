"""Domain restriction (docs/federation.md): with ``domainRestrictionEnabled``, a connected organization lets in
only usernames of the domains on its ``domainAllowList``; an invitation of any other username to the organization or
one of its projects is refused with 400 ``USERNAME_NOT_IN_ALLOWED_DOMAINS`` (ours: MongoDB publishes no code)."""

from atlas_access.core.errors import ApiError
from atlas_access.core.federation import domain_allowed
from atlas_access.server.services.context import Context
from atlas_access.store import federation as store


def check_invitable(ctx: Context, org_id: str, username: str) -> None:
    """Refuse an invitation of ``username`` to ``org_id`` (or a project of it) that its allow list keeps out."""
    config = store.config_of_org(ctx.conn, org_id)
    if config is not None and not domain_allowed(config, username):
        raise ApiError(
            "USERNAME_NOT_IN_ALLOWED_DOMAINS",
            username,
            org_id,
            fields=[("username", "The organization allows only the domains of its federation's allow list.")],
        )
