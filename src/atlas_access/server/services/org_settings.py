"""An organization's settings and delegation settings: reading them, changing those given, and the limits they set.

Events: the spec names organization events for most settings (``core.org_settings``), each written when its
setting changes; a change of the delegation settings writes ORG_DELEGATION_SETTINGS_UPDATED. Nothing here knows
about HTTP.
"""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from atlas_access.core import org_settings as rules
from atlas_access.core.directory import Org
from atlas_access.server.services.context import Context
from atlas_access.store import directory
from atlas_access.store import org_settings as store
from atlas_access.store.row_locks import Lock


def _overrides(stored: store.Stored) -> dict[str, Any]:
    return {**stored.settings, rules.ACCESS_LIST_REQUIRED: stored.access_list_required}


def get(ctx: Context, org: Org) -> dict[str, Any]:
    return rules.current(_overrides(store.get(ctx.conn, org.id)))


def _hold(ctx: Context, org: Org) -> store.Stored:
    """The settings as they are, with the organization held so that two changes of them take turns."""
    directory.lock_org(ctx.conn, org.id, Lock.CHANGE)
    return store.get(ctx.conn, org.id)


def update(ctx: Context, org: Org, given: Mapping[str, Any]) -> dict[str, Any]:
    """``updateOrgSettings``: the settings given take their new values (a None clears a contact or the session
    timeouts); every setting afterwards."""
    stored = _hold(ctx, org)
    overrides = _overrides(stored)
    after_overrides = rules.changed(overrides, given)
    before, after = rules.current(overrides), rules.current(after_overrides)
    if after != before:
        required = bool(after_overrides.pop(rules.ACCESS_LIST_REQUIRED, False))
        store.put(ctx.conn, org.id, replace(stored, access_list_required=required, settings=after_overrides))
        for event_type in rules.events(before, after):
            ctx.record(event_type, org_id=org.id)
    return after


def get_delegation(ctx: Context, org: Org) -> dict[str, Any]:
    return rules.current_delegation(store.get(ctx.conn, org.id).delegation)


def update_delegation(ctx: Context, org: Org, given: Mapping[str, Any]) -> dict[str, Any]:
    """``updateOrgDelegationSettings``: the settings given take their new values, a None restoring the default."""
    stored = _hold(ctx, org)
    before = rules.current_delegation(stored.delegation)
    kept = rules.changed(stored.delegation, given)
    after = rules.current_delegation(kept)
    if after != before:
        store.put(ctx.conn, org.id, replace(stored, delegation=kept))
        ctx.record(rules.DELEGATION_EVENT, org_id=org.id)
    return after


def check_secret_lifetime(ctx: Context, org_id: str, hours: int) -> None:
    """A new service account secret of the organization lives no longer than its
    ``maxServiceAccountSecretValidityInHours``."""
    maximum = store.get(ctx.conn, org_id).settings.get(rules.MAX_SECRET_HOURS, rules.DEFAULTS[rules.MAX_SECRET_HOURS])
    rules.check_secret_lifetime(hours, int(maximum))
