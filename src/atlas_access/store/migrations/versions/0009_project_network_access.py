"""project_network_access: a project's IP access list, auditing configuration and settings"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "project_access_list",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("cidr", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.String(length=80), nullable=True),
        sa.Column("delete_after", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_project_access_list_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", "cidr", name=op.f("pk_project_access_list")),
    )
    op.create_table(
        "project_audit_logs",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("enabled", sa.Integer(), nullable=False),
        sa.Column("audit_authorization_success", sa.Integer(), nullable=False),
        sa.Column("audit_filter", sa.Text(), nullable=True),
        sa.Column("configuration_type", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_project_audit_logs_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_project_audit_logs")),
    )
    op.create_table(
        "project_settings",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("flags", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_project_settings_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_project_settings")),
    )


def downgrade() -> None:
    op.drop_table("project_settings")
    op.drop_table("project_audit_logs")
    op.drop_table("project_access_list")
