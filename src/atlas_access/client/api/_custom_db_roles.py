"""``client.custom_database_roles``: the Go SDK's ``CustomDatabaseRolesApi`` (2023-01-01): a project's custom
database roles, which its database users can hold like built-in ones.

Methods carry the Go SDK's pre-2026 names (``create_custom_database_role``) and the short ones of its 2025
releases (``create_custom_db_role``); the spec's operation ids in snake case
(``create_group_custom_db_role_role``) are the same methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import Methods, typed

if TYPE_CHECKING:
    from atlas_access.client.models import UpdateCustomDBRole, UserCustomDBRole

__all__ = ["CustomDatabaseRolesApi"]


class CustomDatabaseRolesApi(Methods, typed_calls="CustomDatabaseRoles"):
    """Custom database roles. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_custom_database_roles(group_id: str) -> list[UserCustomDBRole]:
        """Every custom role of the project (a list, not pages)."""

    @typed
    def create_custom_database_role(group_id: str, body: UserCustomDBRole | Body) -> UserCustomDBRole:
        """A new custom role: ``role_name`` with privileges (``actions``), inherited roles, or both;
        ``Conflict`` if the project has a role of that name."""

    @typed
    def get_custom_database_role(group_id: str, role_name: str) -> UserCustomDBRole:
        """One custom role; ``NotFound`` if the project has no such role."""

    @typed
    def update_custom_database_role(group_id: str, role_name: str, body: UpdateCustomDBRole | Body) -> UserCustomDBRole:
        """Replace a custom role's privileges or inherited roles (each list given replaces the old one)."""

    @typed
    def delete_custom_database_role(group_id: str, role_name: str) -> None:
        """Delete a custom role."""

    # the names of the Go SDK's 2025 releases
    list_custom_db_roles = list_custom_database_roles

    create_custom_db_role = create_custom_database_role

    get_custom_db_role = get_custom_database_role

    update_custom_db_role = update_custom_database_role

    delete_custom_db_role = delete_custom_database_role

    # the post-2026 names (the spec's operation ids)
    list_group_custom_db_role_roles = list_custom_database_roles

    create_group_custom_db_role_role = create_custom_database_role

    get_group_custom_db_role_role = get_custom_database_role

    update_group_custom_db_role_role = update_custom_database_role

    delete_group_custom_db_role_role = delete_custom_database_role
