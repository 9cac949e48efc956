"""api_keys: HA1 kept sealed (``ha1`` becomes ``ha1_sealed``)

HA1 = md5(publicKey:realm:privateKey) answers a Digest challenge as well as the private key does, so a copy of the
database that holds it in clear lets its reader in as every API key. From now on it is kept sealed with the
server's credential key, which lives outside the database (``server.keys``, ``server.auth.ha1_seal``). The HA1 an
earlier version kept in clear are sealed here with the sealer the caller gives (``migrate.upgrade``'s
``ha1_sealing``); without one, a database holding some refuses to migrate. A downgrade opens them again, with the
same keys."""

from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0007"
down_revision = "0006"

PLAIN = sa.String(length=32)
SEALED = sa.String(length=96)


def _api_keys(column: str) -> sa.TableClause:
    return sa.table("api_keys", sa.column("id", sa.String), sa.column("public_key", sa.String), sa.column(column))


def _sealer(rows: list[Any], refusal: str) -> Any:
    """The caller's sealer (``migrate.upgrade``'s ``ha1_sealing``), needed only where there are rows to change;
    RuntimeError(``refusal``) where they are and it is not given."""
    sealing = context.config.attributes.get("ha1_sealing")
    if not rows:
        return None
    if sealing is None:
        raise RuntimeError(refusal)
    return sealing()


def _rewrite(column: str, values: dict[str, str]) -> None:
    if not values:
        return
    table = _api_keys(column)
    statement = sa.update(table).where(table.c.id == sa.bindparam("row_id")).values({column: sa.bindparam("value")})
    op.get_bind().execute(statement, [{"row_id": row_id, "value": value} for row_id, value in values.items()])


def _rows(column: str) -> list[Any]:
    """Every key's id, public key and ``column``."""
    table = _api_keys(column)
    return list(op.get_bind().execute(sa.select(table.c.id, table.c.public_key, table.c[column])).all())


def _rename(old: str, new: str, old_type: sa.String, new_type: sa.String) -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.alter_column(old, new_column_name=new, existing_type=old_type, type_=new_type, existing_nullable=False)


def upgrade() -> None:
    rows = _rows("ha1")
    sealer = _sealer(
        rows,
        "the database holds API keys' Digest HA1 in clear, to be sealed with the server's credential key: "
        "migrate through the server (atlas-access serve), which has its keys",
    )
    sealed = {row.id: sealer.close(row.public_key, row.ha1) for row in rows}
    _rename("ha1", "ha1_sealed", PLAIN, SEALED)
    _rewrite("ha1_sealed", sealed)


def downgrade() -> None:
    rows = _rows("ha1_sealed")
    sealer = _sealer(
        rows,
        "the database holds sealed Digest HA1 of API keys, which an earlier version needs in clear: "
        "downgrade with the server's keys (migrate's ha1_sealing)",
    )
    opened: dict[str, str] = {}
    for row in rows:
        ha1 = sealer.open(row.public_key, row.ha1_sealed)
        if ha1 is None:
            raise RuntimeError(f"the HA1 of API key {row.public_key} is sealed with a key the key store lacks")
        opened[row.id] = ha1
    _rewrite("ha1_sealed", opened)
    _rename("ha1_sealed", "ha1", SEALED, PLAIN)
