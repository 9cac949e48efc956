"""database_users: a project's database users and custom database roles"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "database_users",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("database_name", sa.String(length=16), nullable=False),
        sa.Column("username", sa.String(length=1024), nullable=False),
        sa.Column("x509_type", sa.String(length=16), nullable=False),
        sa.Column("aws_iam_type", sa.String(length=16), nullable=False),
        sa.Column("ldap_auth_type", sa.String(length=16), nullable=False),
        sa.Column("oidc_auth_type", sa.String(length=16), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("description", sa.String(length=100), nullable=True),
        sa.Column("delete_after", sa.BigInteger(), nullable=True),
        sa.Column("scram", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_database_users_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", "database_name", "username", name=op.f("pk_database_users")),
    )
    op.create_table(
        "custom_db_roles",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("role_name", sa.String(length=256), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("inherited_roles", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_custom_db_roles_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", "role_name", name=op.f("pk_custom_db_roles")),
    )


def downgrade() -> None:
    op.drop_table("custom_db_roles")
    op.drop_table("database_users")
