"""``client.ldap_configuration``: the Go SDK's ``LDAPConfigurationApi`` (2023-01-01): a project's user security
(LDAP and the customer's X.509 authority), and verifying an LDAP server.

Methods carry the Go SDK's pre-2026 names (``save_ldap_configuration``) and the short ones of its 2025 releases
(``update_user_security``); the spec's operation ids in snake case (``update_group_user_security``) are the same
methods. Bind passwords go in requests only: no answer carries one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import Methods, typed

if TYPE_CHECKING:
    from atlas_access.client.models import (
        LDAPVerifyConnectivityJobRequest,
        LDAPVerifyConnectivityJobRequestParams,
        UserSecurity,
    )

__all__ = ["LdapConfigurationApi"]


class LdapConfigurationApi(Methods, typed_calls="LdapConfiguration"):
    """LDAP settings and their verification. Bodies are request models or dicts in the wire's names."""

    @typed
    def get_ldap_configuration(group_id: str) -> UserSecurity:
        """The project's user security: its LDAP settings and customer X.509 authority."""

    @typed
    def save_ldap_configuration(group_id: str, body: UserSecurity | Body) -> UserSecurity:
        """Change the project's LDAP settings (``{"ldap": {...}}``; the fields given replace the old ones) or
        its customer X.509 authority (``{"customerX509": {"cas": ...}}``)."""

    @typed
    def verify_ldap_configuration(
        group_id: str, body: LDAPVerifyConnectivityJobRequestParams | Body
    ) -> LDAPVerifyConnectivityJobRequest:
        """Start verifying an LDAP server (host, port, bind user and password); ``PENDING`` at first."""

    @typed
    def get_ldap_configuration_status(group_id: str, request_id: str) -> LDAPVerifyConnectivityJobRequest:
        """A verification's state and checks, by its ``request_id``."""

    @typed
    def delete_ldap_configuration(group_id: str) -> UserSecurity:
        """Remove the LDAP username mapping; the project's user security afterwards."""

    # the names of the Go SDK's 2025 releases
    get_user_security = get_ldap_configuration

    update_user_security = save_ldap_configuration

    verify_user_security_ldap = verify_ldap_configuration

    get_user_security_verify = get_ldap_configuration_status

    delete_ldap_user_mapping = delete_ldap_configuration

    # the post-2026 names (the spec's operation ids)
    get_group_user_security = get_ldap_configuration

    update_group_user_security = save_ldap_configuration

    verify_group_user_security_ldap = verify_ldap_configuration

    get_group_user_security_ldap_verify = get_ldap_configuration_status

    delete_group_user_security_ldap_user_to_dn_mapping = delete_ldap_configuration
