"""org_settings: an organization's settings and delegation settings"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    op.create_table(
        "org_settings",
        sa.Column("org_id", sa.String(length=24), nullable=False),
        sa.Column("api_access_list_required", sa.Integer(), server_default="0", nullable=False),
        sa.Column("settings", sa.Text(), server_default="{}", nullable=False),
        sa.Column("delegation", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_org_settings_org_id_organizations")),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_org_settings")),
    )


def downgrade() -> None:
    op.drop_table("org_settings")
