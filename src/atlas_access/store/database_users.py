"""A project's database users (``database_users``).

A user is named by (project, authentication database, username), the table's primary key: a create claims it with
``INSERT ... ON CONFLICT DO NOTHING``. A temporary user whose ``delete_after`` the server clock has reached is gone:
every read here takes the server time and leaves such rows out; ``expired`` and ``delete_expired`` let a write
purge them. Credentials (``scram``) are written and replaced here but never read back into a record.
"""

import json
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select, update

from atlas_access.core.database_users import DatabaseRole, DatabaseUser, UserScope
from atlas_access.store import json_columns
from atlas_access.store.prepared import Prepared, Row, as_record, param
from atlas_access.store.tables import database_users
from atlas_access.store.upsert import insert_if_absent

__all__ = ["DatabaseUser"]

_T = database_users.c
_COLUMNS = (
    _T.group_id,
    _T.database_name,
    _T.username,
    _T.x509_type,
    _T.aws_iam_type,
    _T.ldap_auth_type,
    _T.oidc_auth_type,
    _T.roles,
    _T.scopes,
    _T.labels,
    _T.description,
    _T.delete_after,
    _T.created_at,
)
_KEY = and_(_T.group_id == param("group"), _T.database_name == param("database"), _T.username == param("username"))
_LIVE = or_(_T.delete_after.is_(None), _T.delete_after > param("now"))
_ONE = Prepared(select(*_COLUMNS).where(_KEY, _LIVE))
_OF_PROJECT = Prepared(select(*_COLUMNS).where(_T.group_id == param("group"), _LIVE))
_EXPIRED = Prepared(select(*_COLUMNS).where(_T.group_id == param("group"), _T.delete_after <= param("now")))
_DELETE_EXPIRED = Prepared(delete(database_users).where(_T.group_id == param("group"), _T.delete_after <= param("now")))
_DELETE = Prepared(delete(database_users).where(_KEY, _LIVE))
_UPDATE_FIELDS = ("roles", "scopes", "labels", "description", "delete_after")
_UPDATE = Prepared(update(database_users).where(_KEY, _LIVE).values({name: param(name) for name in _UPDATE_FIELDS}))
_UPDATE_SCRAM = Prepared(update(database_users).where(_KEY, _LIVE).values(scram=param("scram")))
_SCRAM = Prepared(select(_T.scram).where(_KEY))


def _user(row: Row) -> DatabaseUser:
    return as_record(
        DatabaseUser,
        row,
        roles=tuple(DatabaseRole(*one) for one in json.loads(row["roles"])),
        scopes=tuple(UserScope(*one) for one in json.loads(row["scopes"])),
        labels=tuple((key, value) for key, value in json.loads(row["labels"])),
    )


def _changed_values(user: DatabaseUser) -> dict[str, Any]:
    return {
        "roles": json_columns.dump([[one.role_name, one.database_name, one.collection_name] for one in user.roles]),
        "scopes": json_columns.dump([[one.name, one.type] for one in user.scopes]),
        "labels": json_columns.dump([list(one) for one in user.labels]),
        "description": user.description,
        "delete_after": user.delete_after,
    }


def _key(user: DatabaseUser) -> dict[str, str]:
    return {"group": user.group_id, "database": user.database_name, "username": user.username}


def get(conn: Connection, group_id: str, database_name: str, username: str, now: int) -> DatabaseUser | None:
    """The user, unless it does not exist at server time ``now``."""
    row = _ONE.first(conn, group=group_id, database=database_name, username=username, now=now)
    return None if row is None else _user(row)


def of_project(conn: Connection, group_id: str, now: int) -> list[DatabaseUser]:
    """The project's users at server time ``now``, in the order they were created (ours), then by database and
    username; sorted here so that every engine agrees."""
    found = [_user(row) for row in _OF_PROJECT.rows(conn, group=group_id, now=now)]
    return sorted(found, key=lambda user: (user.created_at, user.database_name, user.username))


def expired(conn: Connection, group_id: str, now: int) -> list[DatabaseUser]:
    """The project's temporary users whose time has come at ``now`` but whose rows are still there."""
    found = [_user(row) for row in _EXPIRED.rows(conn, group=group_id, now=now)]
    return sorted(found, key=lambda user: (user.delete_after or 0, user.database_name, user.username))


def delete_expired(conn: Connection, group_id: str, now: int) -> int:
    return _DELETE_EXPIRED.count(conn, group=group_id, now=now)


def insert(conn: Connection, user: DatabaseUser, scram: str | None) -> bool:
    """Create the user unless the project has one of that database and username; True when created."""
    values = {
        "group_id": user.group_id,
        "database_name": user.database_name,
        "username": user.username,
        "x509_type": user.x509_type,
        "aws_iam_type": user.aws_iam_type,
        "ldap_auth_type": user.ldap_auth_type,
        "oidc_auth_type": user.oidc_auth_type,
        **_changed_values(user),
        "scram": scram,
        "created_at": user.created_at,
    }
    return insert_if_absent(conn, database_users, values)


def update_user(conn: Connection, user: DatabaseUser, now: int, scram: str | None = None) -> bool:
    """Write the user's roles, scopes, labels, description and expiry, and its credentials when ``scram`` is given;
    False if the user does not exist at ``now``."""
    if _UPDATE.count(conn, **_key(user), **_changed_values(user), now=now) != 1:
        return False
    if scram is not None:
        _UPDATE_SCRAM.count(conn, **_key(user), scram=scram, now=now)
    return True


def delete_user(conn: Connection, group_id: str, database_name: str, username: str, now: int) -> bool:
    return _DELETE.count(conn, group=group_id, database=database_name, username=username, now=now) == 1


def scram_of(conn: Connection, group_id: str, database_name: str, username: str) -> str | None:
    """The stored SCRAM credentials (JSON), for the tests that check them against a password."""
    value: str | None = _SCRAM.scalar(conn, group=group_id, database=database_name, username=username)
    return value
