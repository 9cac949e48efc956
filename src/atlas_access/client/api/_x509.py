"""``client.x509_authentication``: the Go SDK's ``X509AuthenticationApi`` (2023-01-01): certificates for a
project's X.509 database users, and turning off the customer's own certificate authority.

Methods carry the Go SDK's pre-2026 names (``create_database_user_certificate``) and the short ones of its 2025
releases (``create_database_user_cert``); the spec's operation ids in snake case
(``create_group_database_user_cert``) are the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import Paginated, UserCert, UserSecurity

__all__ = ["X509AuthenticationApi"]


class X509AuthenticationApi(Methods, typed_calls="X509Authentication"):
    """X.509 certificates of database users. Bodies are request models or dicts in the wire's names."""

    @typed
    def create_database_user_certificate(group_id: str, username: str, body: UserCert | Body) -> str:
        """A new certificate for a ``MANAGED`` X.509 user, valid ``months_until_expiration`` months: the PEM
        file, certificate and private key, as text. The key is in this answer only."""

    @typed
    def list_database_user_certificates(
        group_id: str, username: str, **page: Unpack[CountedPage]
    ) -> Paginated[UserCert]:
        """One page of the certificates issued to a user that have not expired."""

    @walk
    def iter_database_user_certificates(
        group_id: str, username: str, *, items_per_page: int = 100
    ) -> Iterator[UserCert]:
        """Every unexpired certificate of a user, page after page."""

    @typed
    def disable_customer_managed_x509(group_id: str) -> UserSecurity:
        """Stop trusting the customer's certificate authority; the project's user security afterwards."""

    # the names of the Go SDK's 2025 releases
    create_database_user_cert = create_database_user_certificate

    list_database_user_certs = list_database_user_certificates

    disable_security_customer_x509 = disable_customer_managed_x509

    # the post-2026 names (the spec's operation ids)
    create_group_database_user_cert = create_database_user_certificate

    list_group_database_user_certs = list_database_user_certificates

    disable_group_user_security_customer_x509 = disable_customer_managed_x509
