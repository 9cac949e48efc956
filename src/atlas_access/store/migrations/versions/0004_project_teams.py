"""project_teams: teams assigned to projects, with their project roles; organizations: skipDefaultAlertsSettings"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("skip_default_alerts", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "project_teams",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("team_id", sa.String(length=24), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_project_teams_group_id_projects")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_project_teams_team_id_teams")),
        sa.PrimaryKeyConstraint("group_id", "team_id", name=op.f("pk_project_teams")),
    )
    with op.batch_alter_table("project_teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_teams_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_teams_team_id"))
    op.drop_table("project_teams")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("skip_default_alerts")
