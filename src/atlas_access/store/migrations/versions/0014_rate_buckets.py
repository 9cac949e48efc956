"""rate_buckets: MongoDB Cloud's token buckets, shared by every server process on PostgreSQL"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    op.create_table(
        "rate_buckets",
        sa.Column("endpoint_set", sa.String(length=128), nullable=False),
        sa.Column("scope_key", sa.String(length=128), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.Column("interval_start", sa.Float(), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("endpoint_set", "scope_key", name=op.f("pk_rate_buckets")),
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
