"""A project's IP access list: the addresses database clients may connect from (not API callers: an API key's or a
service account's own list, ``core.access_list``, decides those).

Entries are kept in canonical CIDR form (``10.0.0.1/32``), the form ``core.access_list`` gives them; an address is
the block of one host. A temporary entry ends at its ``delete_after`` (server clock): from that second on it is
absent from every read, and the next write to the list removes it for good (docs/network-access.md).
"""

from dataclasses import dataclass
from datetime import timedelta

from atlas_access.core import access_list
from atlas_access.core.errors import ApiError

MAX_ENTRIES = 200  # real: "up to 200 IP access list entries"; the default of the project limit (core.project_limits)
MAX_COMMENT = 80  # the spec's maxLength of ``comment``
MAX_TEMPORARY = timedelta(days=7)  # the spec: "no later than one week after you submit this request"
ACTIVE = "ACTIVE"  # ours: with no clusters to apply an entry to, every entry is in effect at once


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One entry of a project's IP access list."""

    group_id: str
    cidr: str  # canonical: ``10.0.0.0/24``, ``10.0.0.1/32``
    comment: str | None
    delete_after: int | None  # epoch seconds (server clock); None for a permanent entry
    created_at: int

    @property
    def cidr_block(self) -> str:
        """The block as the API shows it (IPv6 in all eight groups)."""
        return access_list.block(self.cidr)

    @property
    def ip_address(self) -> str | None:
        """The address when the entry is one host (an IPv4 /32, an IPv6 /128), else None."""
        named = access_list.shown(self.cidr)
        return None if named == self.cidr_block else named

    def alive(self, now: int) -> bool:
        """Whether the entry is still on the list at ``now``: a temporary one ends at its ``delete_after``."""
        return self.delete_after is None or now < self.delete_after


@dataclass(frozen=True, slots=True)
class Wanted:
    """One entry a create asks for: the block, and what to give it."""

    cidr: str
    comment: str | None
    delete_after: int | None


def check_delete_after(delete_after: int, now: int) -> int:
    """A temporary entry's end: later than ``now``, at most a week ahead (the real codes and texts)."""
    if delete_after <= now:
        raise ApiError("EXPIRATION_DATE_IN_PAST", fields=[("deleteAfterDate", "Must be later than now.")])
    if delete_after - now > MAX_TEMPORARY.total_seconds():
        days = MAX_TEMPORARY.days
        raise ApiError("EXPIRATION_DATE_EXCEEDS_MAX", days, fields=[("deleteAfterDate", f"At most {days} days ahead.")])
    return delete_after


def check_comment(comment: str | None) -> str | None:
    if comment is not None and len(comment) > MAX_COMMENT:
        raise ApiError("INVALID_NETWORK_PERMISSION_COMMENT", comment)
    return comment


def merged(current: AccessEntry, wanted: Wanted) -> AccessEntry:
    """An entry the list holds, given again: it takes the comment and the end given (real: a create of an existing
    entry updates it). A permanent entry cannot be made temporary (the real code); a temporary one given without an
    end becomes permanent (ours)."""
    if current.delete_after is None and wanted.delete_after is not None:
        raise ApiError("PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY")
    return AccessEntry(current.group_id, current.cidr, wanted.comment, wanted.delete_after, current.created_at)
