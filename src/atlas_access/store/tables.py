"""The schema, one definition for SQLite and PostgreSQL. Migrations in ``migrations/`` must match it.

Times are whole epoch seconds (UTC). Role and id lists are JSON text. Uniqueness the wire promises lives
here (one PENDING invitation per scope and username), not in a Python check that could race.
"""

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

ID = String(24)

# Shared settings (the clock offset, the admin token's hash); never a signing or sealing key (migration 0005).
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

organizations = Table(
    "organizations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("skip_default_alerts", Integer, nullable=False, server_default="0"),  # migration 0004
)

projects = Table(
    "projects",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    # The project's resource tags, [{"key", "value"}] in the order given (migration 0003).
    Column("tags", Text, nullable=False, server_default="[]"),
    Column("with_default_alerts", Integer, nullable=False, server_default="1"),
    # Names are unique within an organization: createGroup and updateGroup answer GROUP_ALREADY_EXISTS.
    UniqueConstraint("org_id", "name"),
)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(320), nullable=False, unique=True),
    Column("first_name", String(128), nullable=False, server_default=""),
    Column("last_name", String(128), nullable=False, server_default=""),
    Column("country", String(2), nullable=True),
    Column("mobile_number", String(32), nullable=True),
    Column("created_at", BigInteger, nullable=False),
    Column("last_auth", BigInteger, nullable=True),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=False),
    Column("public_key", String(32), nullable=False, unique=True),
    # HA1 = md5(publicKey:realm:privateKey), all Digest needs (the private key itself is never stored), sealed with
    # the credential key kept outside the database (server.auth.ha1_seal): HA1 answers a challenge as the key does.
    Column("ha1_sealed", String(96), nullable=False),
    Column("private_key_mask", String(64), nullable=False),
    Column("description", String(250), nullable=False, server_default=""),
    Column("created_at", BigInteger, nullable=False),
)

service_accounts = Table(
    "service_accounts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=False),
    Column("client_id", String(40), nullable=False, unique=True),
    Column("name", String(64), nullable=False),
    Column("description", String(250), nullable=False, server_default=""),
    Column("created_at", BigInteger, nullable=False),
)

service_account_secrets = Table(
    "service_account_secrets",
    metadata,
    Column("id", ID, primary_key=True),
    Column("service_account_id", ID, ForeignKey("service_accounts.id"), nullable=False, index=True),
    Column("secret_hash", String(64), nullable=False),
    Column("masked_value", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("last_used_at", BigInteger, nullable=True),
)

access_list_entries = Table(
    "access_list_entries",
    metadata,
    Column("owner_id", ID, primary_key=True),
    Column("cidr", String(64), primary_key=True),
    Column("comment", String(250), nullable=False, server_default=""),
    Column("created_at", BigInteger, nullable=False),
)

# Members of an organization or a project: users, API keys and service accounts alike.
org_members = Table(
    "org_members",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id"), primary_key=True),
    Column("member_id", ID, primary_key=True),
    Column("member_kind", String(16), nullable=False),
    Column("roles", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Index(None, "member_id"),
)

project_members = Table(
    "project_members",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("member_id", ID, primary_key=True),
    Column("member_kind", String(16), nullable=False),
    Column("roles", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Index(None, "member_id"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=False, index=True),
    Column("name", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("org_id", "name"),
)

team_members = Table(
    "team_members",
    metadata,
    Column("team_id", ID, ForeignKey("teams.id"), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
)

# Teams assigned to projects (migration 0004): each member of the team holds these roles in the project.
project_teams = Table(
    "project_teams",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("team_id", ID, ForeignKey("teams.id"), primary_key=True, index=True),
    Column("roles", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(8), nullable=False),  # ORG | GROUP
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=False),
    Column("group_id", ID, ForeignKey("projects.id"), nullable=True),
    # org id for ORG invitations, group id for GROUP ones: the uniqueness scope.
    Column("scope_id", ID, nullable=False),
    Column("username", String(320), nullable=False),
    Column("roles", Text, nullable=False),
    Column("team_ids", Text, nullable=False, server_default="[]"),
    Column("group_role_assignments", Text, nullable=False, server_default="[]"),
    Column("inviter_username", String(320), nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("state_changed_at", BigInteger, nullable=False),
    # The id the users API shows for this invitation's pending user (ORG invitations only).
    Column("pending_user_id", ID, nullable=True, unique=True),
    # SHA-256 of the invitee's single-use link token; the token itself is only ever in the mail.
    Column("token_hash", String(64), nullable=True, unique=True),
    Index(None, "scope_id", "state"),
    Index(
        "uq_invitations_pending_username",
        "scope_id",
        "username",
        unique=True,
        sqlite_where=text("state = 'PENDING'"),
        postgresql_where=text("state = 'PENDING'"),
    ),
)

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, nullable=True),
    Column("group_id", ID, nullable=True),
    Column("event_type", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("actor_kind", String(16), nullable=False),  # USER | API_KEY | SERVICE_ACCOUNT | SYSTEM
    Column("actor_id", ID, nullable=True),
    Column("actor_name", String(320), nullable=True),
    Column("target_username", String(320), nullable=True),
    Column("remote_address", String(64), nullable=True),
    Column("raw", Text, nullable=True),
    Index(None, "org_id", "created_at"),
    Index(None, "group_id", "created_at"),
)

# Mails the server writes (docs/wire.md §9). What carries the invitee's link (text, html, link) is sealed
# with the server's mail key, so that no accept token is ever stored in clear.
outbox = Table(
    "outbox",
    metadata,
    Column("id", ID, primary_key=True),
    Column("invitation_id", ID, nullable=True, index=True),
    Column("recipient", String(320), nullable=False),
    Column("subject", String(250), nullable=False),
    Column("sealed", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),  # server clock
    # STORED (no SMTP configured: the outbox is the mailbox) | QUEUED (waiting for SMTP) | SENDING | SENT
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", Float, nullable=True),  # real time: retries follow the wall clock
    Column("last_error", String(500), nullable=True),
    Column("sent_at", BigInteger, nullable=True),
    Index(None, "state", "next_attempt_at"),
)

# ``expires_at`` of the two tables below is real time (migration 0006), not the server clock: a row is forgotten
# once the token or nonce it is about has ended by the real clock, so moving the server clock back revives nothing.
revoked_tokens = Table(
    "revoked_tokens",
    metadata,
    Column("jti", String(64), primary_key=True),
    Column("expires_at", BigInteger, nullable=False, index=True),
)

# A Digest (nonce, nc, cnonce) seen once; a second use is a replay. Rows die with their nonce.
digest_nonce_uses = Table(
    "digest_nonce_uses",
    metadata,
    Column("nonce", String(32), primary_key=True),
    Column("nc", String(8), primary_key=True),
    Column("cnonce", String(128), primary_key=True),
    Column("expires_at", BigInteger, nullable=False, index=True),
)
