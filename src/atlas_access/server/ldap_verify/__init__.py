"""Verifying a project's LDAP settings against the LDAP server they name, off the request path: ``check`` talks
to the server (ldap3), ``runner`` claims the pending requests and records their outcome."""

from atlas_access.server.ldap_verify.check import run_checks
from atlas_access.server.ldap_verify.policy import VerifyPolicy
from atlas_access.server.ldap_verify.runner import PASSWORD_PURPOSE, LdapVerifier

__all__ = ["PASSWORD_PURPOSE", "LdapVerifier", "VerifyPolicy", "run_checks"]
