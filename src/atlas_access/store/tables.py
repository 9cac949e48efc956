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
    Index(None, "scope_id", "username"),  # what a new invitation for a username replaces
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

# One row: a counter that triggers move with every change to a table that authenticating or authorising a
# request reads (migration 0015, ``store.access_generation``). Never emptied, never carried by a snapshot.
access_generation = Table(
    "access_generation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)

# --- A project's network access: its IP access list, auditing and settings (issue 15, migration 0009) ----------

# The project's IP access list for database connections (docs/network-access.md): one row per entry, kept in
# canonical CIDR form (``10.0.0.1/32``). ``delete_after`` (server clock) makes an entry temporary.
project_access_list = Table(
    "project_access_list",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("cidr", String(64), primary_key=True),
    Column("comment", String(80), nullable=True),
    Column("delete_after", BigInteger, nullable=True),
    Column("created_at", BigInteger, nullable=False),
)

# The project's database auditing configuration; no row means the defaults (auditing off, no filter).
project_audit_logs = Table(
    "project_audit_logs",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("enabled", Integer, nullable=False),
    Column("audit_authorization_success", Integer, nullable=False),
    Column("audit_filter", Text, nullable=True),
    Column("configuration_type", String(16), nullable=False),
)

# The project's settings that differ from the defaults, as a JSON object of booleans by their wire names.
project_settings = Table(
    "project_settings",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("flags", Text, nullable=False),
)

# --- A project's user security: LDAP, customer X.509, its CA and managed certificates (issue 15, migration 0010) ----

# The project's LDAP and self-managed X.509 settings (docs/ldap-and-x509.md); no row means none set. The bind
# password is kept sealed with the server's credential key (``server.auth.sealing``), never in clear.
user_security = Table(
    "user_security",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("ldap_authentication_enabled", Integer, nullable=True),
    Column("ldap_authorization_enabled", Integer, nullable=True),
    Column("ldap_hostname", String(255), nullable=True),
    Column("ldap_port", Integer, nullable=True),
    Column("ldap_bind_username", Text, nullable=True),
    Column("ldap_bind_password_sealed", Text, nullable=True),
    Column("ldap_ca_certificate", Text, nullable=True),
    Column("ldap_authz_query_template", Text, nullable=True),
    Column("ldap_user_to_dn_mapping", Text, nullable=True),  # JSON list of {match, substitution|ldapQuery}
    Column("customer_x509_cas", Text, nullable=True),
)

# Requests to verify an LDAP configuration. The bind password is kept sealed only until the work has run.
# ``deadline`` is real time: work not finished by then (its process died) ends FAILED.
ldap_verify_requests = Table(
    "ldap_verify_requests",
    metadata,
    Column("id", ID, primary_key=True),
    Column("group_id", ID, ForeignKey("projects.id"), nullable=False, index=True),
    Column("hostname", String(255), nullable=False),
    Column("port", Integer, nullable=False),
    Column("bind_username", Text, nullable=False),
    Column("bind_password_sealed", Text, nullable=True),
    Column("ca_certificate", Text, nullable=True),
    Column("authz_query_template", Text, nullable=True),
    Column("status", String(16), nullable=False),  # PENDING | SUCCESS | FAILED
    Column("validations", Text, nullable=False),  # JSON list of [validationType, status]
    Column("claimed_until", BigInteger, nullable=True),  # real time: a process is running the work until then
    Column("deadline", BigInteger, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Index(None, "status", "deadline"),
)

# The project's own certificate authority for Atlas-managed X.509 users, made on first need; its private key sealed.
project_cas = Table(
    "project_cas",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("certificate", Text, nullable=False),  # PEM
    Column("private_key_sealed", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
)

# The certificates issued to a project's managed X.509 users (never their private keys), by serial number.
user_certificates = Table(
    "user_certificates",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("serial", BigInteger, primary_key=True),
    Column("username", String(1024), nullable=False),
    Column("subject", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("not_after", BigInteger, nullable=False),
    Index(None, "group_id", "username"),
)


# --- A project's database users and custom database roles (issue 15, migration 0008) ------------------------------

# One row per database user (docs/database-users.md), named by its authentication database and username. Roles,
# scopes and labels are JSON text. ``scram`` holds only the SCRAM-SHA-1 and SCRAM-SHA-256 credentials MongoDB itself
# keeps (salt, iteration count, stored and server keys), never the password; NULL for users who authenticate
# otherwise. ``delete_after`` (server clock) makes the user temporary: from then on it is gone.
database_users = Table(
    "database_users",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("database_name", String(16), primary_key=True),
    Column("username", String(1024), primary_key=True),
    Column("x509_type", String(16), nullable=False),
    Column("aws_iam_type", String(16), nullable=False),
    Column("ldap_auth_type", String(16), nullable=False),
    Column("oidc_auth_type", String(16), nullable=False),
    Column("roles", Text, nullable=False),
    Column("scopes", Text, nullable=False),
    Column("labels", Text, nullable=False),
    Column("description", String(100), nullable=True),
    Column("delete_after", BigInteger, nullable=True),
    Column("scram", Text, nullable=True),
    Column("created_at", BigInteger, nullable=False),
)

# A project's custom database roles; the name is unique within the project. Actions and inherited roles are JSON.
custom_db_roles = Table(
    "custom_db_roles",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("role_name", String(256), primary_key=True),
    Column("actions", Text, nullable=False),
    Column("inherited_roles", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
)


# --- An organization's settings and delegation settings (issue 16, migration 0012) -----------------------------------

# One row per organization that changed a setting (no row: every default, docs/org-settings.md). ``api_access_list_
# required`` is a column of its own, since authentication reads it with the credential in one statement; the other
# settings that differ from the defaults are one JSON object by their wire names, the delegation settings another.
org_settings = Table(
    "org_settings",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id"), primary_key=True),
    Column("api_access_list_required", Integer, nullable=False, server_default="0"),
    Column("settings", Text, nullable=False, server_default="{}"),
    Column("delegation", Text, nullable=False, server_default="{}"),
)

# --- Project limits and the legacy users API (issue 16, migration 0013) ----------------------------------------------

# The limits a project has set (docs/limits-and-root.md); no row means the limit's default.
project_limits = Table(
    "project_limits",
    metadata,
    Column("group_id", ID, ForeignKey("projects.id"), primary_key=True),
    Column("name", String(128), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# The password a MongoDB Cloud user was created with (``createUser``), as a scrypt hash only, never in clear.
cloud_user_passwords = Table(
    "cloud_user_passwords",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("password_hash", Text, nullable=False),
)


# --- Federated authentication: federations, identity providers, connected organizations, role mappings -------------
# --- (issue 16, migration 0011, docs/federation.md) ------------------------------------------------------------------

# A federation, made by the local API or the fixture document for the organization that owns it. The owner is kept
# by id only: the federation outlives nothing of it, and the organization's own rows go with it (store.federation).
federations = Table(
    "federations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("owner_org_id", ID, nullable=False),
    Column("created_at", BigInteger, nullable=False),
)

# A federation's identity providers, SAML or OIDC. ``legacy_id`` is the 20-hex id a SAML one shows as ``oktaIdpId``
# (and a connected organization names its sign-in identity provider by); ``attributes`` holds the protocol's wire
# fields as JSON. ``jwks_revoked_at`` (server clock) is when its JWKS was last revoked (OIDC).
federation_idps = Table(
    "federation_idps",
    metadata,
    Column("id", ID, primary_key=True),
    Column("federation_id", ID, ForeignKey("federations.id"), nullable=False),
    Column("protocol", String(8), nullable=False),
    Column("idp_type", String(16), nullable=False),
    Column("legacy_id", String(20), nullable=True, unique=True),
    Column("attributes", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=True),
    Column("jwks_revoked_at", BigInteger, nullable=True),
    Index(None, "federation_id"),
)

# The organizations a federation connects, one configuration each; an organization is in one federation at most.
# Lists (data-access identity providers, allowed domains, post-authentication role grants) are JSON text.
federation_orgs = Table(
    "federation_orgs",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id"), primary_key=True),
    Column("federation_id", ID, ForeignKey("federations.id"), nullable=False),
    Column("identity_provider_id", ID, ForeignKey("federation_idps.id"), nullable=True),
    Column("data_access_identity_provider_ids", Text, nullable=False),
    Column("domain_allow_list", Text, nullable=False),
    Column("domain_restriction_enabled", Integer, nullable=False),
    Column("post_auth_role_grants", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Index(None, "federation_id"),
)

# A connected organization's role mappings: an identity provider group's name, unique within the organization.
role_mappings = Table(
    "role_mappings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=False),
    Column("external_group_name", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("org_id", "external_group_name"),
)

# What a role mapping grants, in the order given: an organization role (``org_id``) or a project role (``group_id``).
role_mapping_grants = Table(
    "role_mapping_grants",
    metadata,
    Column("mapping_id", ID, ForeignKey("role_mappings.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id"), nullable=True),
    Column("group_id", ID, ForeignKey("projects.id"), nullable=True),
    Column("role", String(64), nullable=False),
    Index(None, "group_id"),
)

# --- rate limits (issue 17): MongoDB Cloud's token buckets, shared by every process on PostgreSQL ---

# One bucket per endpoint set and scope (an organization, a project or a caller), as ``core.ratelimit`` keeps them
# in memory on SQLite: the tokens left and the start of the current refill interval, in server-clock seconds.
# Only PostgreSQL writes it (``store.rate_buckets``); a reset empties it, a state document never carries it.
rate_buckets = Table(
    "rate_buckets",
    metadata,
    Column("endpoint_set", String(128), primary_key=True),
    Column("scope_key", String(128), primary_key=True),
    Column("tokens", Integer, nullable=False),
    Column("interval_start", Float, nullable=False),
    Column("granted", Integer, nullable=False),  # whether the last take found a token (1) or was refused (0)
)
