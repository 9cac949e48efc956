"""project_limits: a project's user-managed limits, and the hashed passwords of users created with createUser"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    op.create_table(
        "project_limits",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_project_limits_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", "name", name=op.f("pk_project_limits")),
    )
    op.create_table(
        "cloud_user_passwords",
        sa.Column("user_id", sa.String(length=24), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_cloud_user_passwords_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_cloud_user_passwords")),
    )


def downgrade() -> None:
    op.drop_table("cloud_user_passwords")
    op.drop_table("project_limits")
