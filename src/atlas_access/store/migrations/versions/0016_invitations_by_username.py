"""invitations by scope and username: what a new invitation replaces is found without walking the scope"""

from alembic import op

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_scope_id_username"), ["scope_id", "username"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_scope_id_username"))
