"""revoked_tokens, digest_nonce_uses: ``expires_at`` by the real clock, not the server clock

Revocations and nonce uses are forgotten once the token or nonce they are about has ended by the real clock,
which the local control API does not move; so moving the server clock back can never bring one back to life.
Rows from before are converted with the clock offset of the moment."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def _offset(conn: sa.Connection) -> int:
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    found = conn.execute(sa.select(settings.c.value).where(settings.c.key == "clock_offset_seconds")).scalar()
    return int(found) if found else 0


def _shift(seconds: int) -> None:
    conn = op.get_bind()
    if seconds == 0:
        return
    for name in ("revoked_tokens", "digest_nonce_uses"):
        table = sa.table(name, sa.column("expires_at", sa.BigInteger))
        conn.execute(sa.update(table).values(expires_at=table.c.expires_at + seconds))


def upgrade() -> None:
    _shift(-_offset(op.get_bind()))


def downgrade() -> None:
    _shift(_offset(op.get_bind()))
