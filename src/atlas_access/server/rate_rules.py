"""MongoDB Cloud's published rate limits for the endpoint sets this server serves (docs/wire.md §8)."""

from atlas_access.core.ratelimit import BucketRule

ATLAS_ORGS = BucketRule("api/atlas/v2/orgs", capacity=500, refill=250, interval_seconds=60)
ATLAS_GROUPS = BucketRule("api/atlas/v2/groups", capacity=1200, refill=500, interval_seconds=60)
# USER-scoped sets, one bucket per caller: ``GET /orgs`` (recorded Ratelimit-Limit 300); ``GET /groups`` and
# ``GET /groups/byName/{groupName}`` (recorded 1200).
ATLAS_ORGS_PER_USER = BucketRule("api/atlas/v2/orgs", capacity=300, refill=100, interval_seconds=60)
ATLAS_GROUPS_PER_USER = BucketRule("api/atlas/v2/groups", capacity=1200, refill=500, interval_seconds=60)
# Recorded: every ``/orgs/{orgId}/teams…`` answer carries ``Ratelimit-Limit: 1200``, not the organization set's 500.
# The set's name and its refill are ours (the project sets' 500 per minute).
ATLAS_ORG_TEAMS = BucketRule("api/atlas/v2/orgs/teams", capacity=1200, refill=500, interval_seconds=60)
CLOUD_MANAGER_ORGS = BucketRule("api/public/v1.0/orgs", capacity=500, refill=250, interval_seconds=60)
CLOUD_MANAGER_GROUPS = BucketRule("api/public/v1.0/groups", capacity=1200, refill=500, interval_seconds=60)
ATLAS_ORG_EVENTS = BucketRule("api/atlas/v2/orgs/events", capacity=500, refill=250, interval_seconds=60)
ATLAS_GROUP_EVENTS = BucketRule("api/atlas/v2/groups/events", capacity=300, refill=100, interval_seconds=60)
# A project's database users and custom database roles: recorded ``Ratelimit-Limit: 10000`` on every
# ``/groups/{groupId}/databaseUsers…`` answer and ``2000`` on every ``/customDBRoles/roles…`` one. The sets' names and
# refills are ours (half the capacity per minute).
ATLAS_DATABASE_USERS = BucketRule("api/atlas/v2/groups/databaseUsers", capacity=10000, refill=5000, interval_seconds=60)
ATLAS_CUSTOM_DB_ROLES = BucketRule("api/atlas/v2/groups/customDBRoles", capacity=2000, refill=1000, interval_seconds=60)
# The root, event types, rate limits, default limits and the legacy users API: USER-scoped (their paths name no
# organization or project). Set name and numbers ours (the organizations' per-user set's).
ATLAS_ROOT_PER_USER = BucketRule("api/atlas/v2", capacity=300, refill=100, interval_seconds=60)
# Federated authentication (docs/federation.md): recorded ``Ratelimit-Limit: 300`` on every identity provider
# answer and on the list of connected organizations, one bucket per caller (ours); the refill is ours. The
# ``connectedOrgConfigs/{orgId}`` and role-mapping operations take the organization's set (recorded 500).
ATLAS_FEDERATION = BucketRule("api/atlas/v2/federationSettings", capacity=300, refill=100, interval_seconds=60)
