"""``client.database_users``: the Go SDK's ``DatabaseUsersApi`` (2023-01-01): a project's database users.

A user is named by its authentication database and username: ``admin`` for a password (SCRAM) user,
``$external`` for X.509, LDAP, AWS IAM and OIDC users. Methods carry the Go SDK's names
(``create_database_user``); the spec's operation ids in snake case (``create_group_database_user``) are the
same methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import CloudDatabaseUser, Paginated

__all__ = ["DatabaseUsersApi"]


class DatabaseUsersApi(Methods, typed_calls="DatabaseUsers"):
    """Database users. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_database_users(group_id: str, **page: Unpack[CountedPage]) -> Paginated[CloudDatabaseUser]:
        """One page of the project's database users."""

    @walk
    def iter_database_users(group_id: str, *, items_per_page: int = 100) -> Iterator[CloudDatabaseUser]:
        """Every database user of the project, page after page."""

    @typed
    def create_database_user(group_id: str, body: CloudDatabaseUser | Body) -> CloudDatabaseUser:
        """A new database user: ``username``, ``database_name`` (``admin``, or ``$external`` for X.509, LDAP,
        AWS IAM and OIDC users), ``roles``, a ``password`` for a SCRAM user; ``delete_after_date`` makes it
        temporary. ``Conflict`` if the project has a user of that name on that database."""

    @typed
    def get_database_user(group_id: str, database_name: str, username: str) -> CloudDatabaseUser:
        """One database user; ``NotFound`` if the project has no such user."""

    @typed
    def update_database_user(
        group_id: str, database_name: str, username: str, body: CloudDatabaseUser | Body
    ) -> CloudDatabaseUser:
        """Change a database user: the fields given replace the old ones (a new ``password`` alone leaves its
        roles and scopes as they are)."""

    @typed
    def delete_database_user(group_id: str, database_name: str, username: str) -> None:
        """Delete a database user."""

    # the post-2026 names (the spec's operation ids)
    list_group_database_users = list_database_users

    create_group_database_user = create_database_user

    get_group_database_user = get_database_user

    update_group_database_user = update_database_user

    delete_group_database_user = delete_database_user
