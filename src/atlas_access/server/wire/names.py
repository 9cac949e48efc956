"""Names of organizations and projects: what the wire accepts.

The spec's pattern is ``^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$``; real names also have spaces ("Atlas CLI E2E", recorded
for both an organization and a project), so a space is accepted too.
"""

from atlas_access.core.errors import ApiError
from atlas_access.server.wire.body import require

PUNCTUATION = frozenset("-_.(),:&@+' ")
MAX_NAME = 64


def resource_name(value: str | None, field: str = "name") -> str:
    """``value`` when it is a valid name; MISSING_ATTRIBUTE when absent, INVALID_ATTRIBUTE when malformed."""
    name: str = require(value, field)
    if not 1 <= len(name) <= MAX_NAME or not all(c.isalnum() or c in PUNCTUATION for c in name):
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, "1 to 64 letters, digits, spaces or -_.(),:&@+'")])
    return name
