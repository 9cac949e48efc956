"""settings: the token, nonce and mail keys move out of the database (to the key file or the environment)

A copy of the database must let no one in, so the keys that sign tokens and Digest nonces and seal mails are
kept outside it (``server.keys``). Keys an earlier version kept in ``settings`` are handed to the caller's
key store first (``migrate.upgrade``'s ``adopt_keys``), so that tokens and mail links made with them keep working,
and only then deleted."""

import sqlalchemy as sa
from alembic import context, op

revision = "0005"
down_revision = "0004"

# The settings an earlier version kept its keys in, and the kind of key each holds.
LEGACY = {"token_key": "token", "nonce_key": "nonce", "mail_key": "mail"}


def upgrade() -> None:
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    conn = op.get_bind()
    rows = conn.execute(sa.select(settings.c.key, settings.c.value).where(settings.c.key.in_(list(LEGACY))))
    found = {LEGACY[row.key]: row.value for row in rows}
    if not found:
        return
    adopt = context.config.attributes.get("adopt_keys")
    if adopt is None:
        raise RuntimeError("the database holds keys to move out of it: migrate through the server, which keeps them")
    adopt(found)
    conn.execute(sa.delete(settings).where(settings.c.key.in_(list(LEGACY))))


def downgrade() -> None:
    pass  # the keys stay where they are now; an earlier version would make new ones
