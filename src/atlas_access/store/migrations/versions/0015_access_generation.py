"""access_generation: a counter every change to what authenticates and authorises a request moves

Triggers on each table the cached lookups read (``server/access_cache.py``) add one to the counter in the same
transaction as the change, so that a process may keep what it looked up for as long as the counter it reads in its
own transaction is the one it kept it with. The counter starts at a random value, so that a new database never
repeats the numbers of one a process knew before.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"

# What the lookups on the request path read: credentials, their access lists and organizations' settings, revoked
# tokens, the clock offset, organizations, projects and the roles in them.
TABLES = (
    "service_accounts",
    "api_keys",
    "access_list_entries",
    "org_settings",
    "revoked_tokens",
    "settings",
    "organizations",
    "org_members",
    "projects",
    "project_members",
)
_BUMP = "UPDATE access_generation SET value = value + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        "access_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_generation")),
    )
    start = secrets.randbelow(2**52)  # far from overflowing a BIGINT, however many changes follow
    op.execute(sa.text("INSERT INTO access_generation (id, value) VALUES (1, :start)").bindparams(start=start))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION atlas_access_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION atlas_access_changed()"
            )
        return
    for table in TABLES:  # SQLite's triggers are per row
        for action in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER access_changed_{table}_{action.lower()} AFTER {action} ON {table} BEGIN {_BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER access_changed ON {table}")
        op.execute("DROP FUNCTION atlas_access_changed()")
    else:
        for table in TABLES:
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER access_changed_{table}_{action}")
    op.drop_table("access_generation")
