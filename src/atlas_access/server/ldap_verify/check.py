"""One verification: connect over TLS, bind, query, each step bounded in time.

The connection is LDAP over TLS from the first byte (LDAPS), as Atlas connects to a project's LDAP server (its
default port is 636); the server's certificate must chain to ``caCertificate`` when one is given, else to the
system's trusted CAs, and name the host. The steps, in order, stop at the first that fails:

CONNECT (TCP and TLS), AUTHENTICATE (a simple bind with the given DN and password), then, with an
``authzQueryTemplate``: AUTHORIZATION_ENABLED, PARSE_AUTHZ_QUERY (the template as an RFC 4516 query) and
QUERY_SERVER (the query, ``{USER}`` standing for the bind DN); without one, QUERY_SERVER reads the root DSE (ours).
"""

import contextlib
import ssl
import time
import warnings
from collections.abc import Callable

from atlas_access.core.user_security import FAIL, OK, Check, Validation, VerifyTarget, parse_authz_query
from atlas_access.server.ldap_verify.policy import VerifyPolicy

with warnings.catch_warnings():
    # ldap3 2.9 reads names pyasn1 has since deprecated: a warning at import that says nothing about this server.
    warnings.simplefilter("ignore", DeprecationWarning)
    from ldap3 import BASE, LEVEL, NONE, SUBTREE, Connection, Server, Tls
    from ldap3.core.exceptions import LDAPException

_LOOPBACK = ("127.0.0.1", "::1", "localhost")
_SCOPES = {"base": BASE, "one": LEVEL, "sub": SUBTREE}


class _VerifiedTls(Tls):  # type: ignore[misc]
    """TLS as Python's default client context does it: the certificate must chain to ``ca_certificate`` (else to
    the system's CAs) and name the host, checked during the handshake (ldap3's own check uses a deprecated call)."""

    def __init__(self, ca_certificate: str | None) -> None:
        super().__init__(validate=ssl.CERT_REQUIRED)
        self._context = ssl.create_default_context(cadata=ca_certificate or None)
        self._context.minimum_version = ssl.TLSVersion.TLSv1_2

    def wrap_socket(self, connection: Connection, do_handshake: bool = False) -> None:
        connection.socket = self._context.wrap_socket(
            connection.socket,
            server_side=False,
            do_handshake_on_connect=do_handshake,
            server_hostname=connection.server.host,
        )


def run_checks(target: VerifyTarget, password: str, policy: VerifyPolicy) -> tuple[Validation, ...]:
    """The verification's steps and how each went (blocking: run it in a worker thread)."""
    if policy.loopback_only and target.hostname not in _LOOPBACK:
        return ((Check.CONNECT, FAIL),)
    deadline = time.monotonic() + policy.overall_seconds
    try:
        tls = _VerifiedTls(target.ca_certificate)
        server = Server(
            target.hostname,
            port=target.port,
            use_ssl=True,
            tls=tls,
            get_info=NONE,
            connect_timeout=policy.connect_seconds,
        )
        connection = Connection(
            server,
            user=target.bind_username,
            password=password,
            receive_timeout=max(1, int(policy.overall_seconds)),
            raise_exceptions=False,
            read_only=True,
        )
    except (LDAPException, ssl.SSLError, ValueError, OSError):
        return ((Check.CONNECT, FAIL),)
    done: list[Validation] = []
    try:
        if not _step(done, Check.CONNECT, lambda: _open(connection), deadline):
            return tuple(done)
        if not _step(done, Check.AUTHENTICATE, lambda: bool(connection.bind()), deadline):
            return tuple(done)
        template = target.authz_query_template
        if template:
            done.append((Check.AUTHORIZATION_ENABLED, OK))
            query = parse_authz_query(template)
            if query is None:
                done.append((Check.PARSE_AUTHZ_QUERY, FAIL))
                return tuple(done)
            done.append((Check.PARSE_AUTHZ_QUERY, OK))
            own = query.for_user(target.bind_username)
            search = (own.base, own.filter, _SCOPES[own.scope], list(own.attributes) or None)
        else:
            search = ("", "(objectClass=*)", BASE, ["namingContexts"])
        base, query_filter, scope, attributes = search
        _step(
            done,
            Check.QUERY_SERVER,
            lambda: bool(connection.search(base, query_filter, search_scope=scope, attributes=attributes)),
            deadline,
        )
        return tuple(done)
    finally:
        with contextlib.suppress(LDAPException, OSError):
            connection.unbind()
        left = getattr(connection, "socket", None)  # ldap3 keeps a socket that failed to connect, open
        if left is not None:
            with contextlib.suppress(OSError):
                left.close()


def _open(connection: Connection) -> bool:
    connection.open()
    return not connection.closed


def _step(done: list[Validation], check: Check, attempt: Callable[[], bool], deadline: float) -> bool:
    """Run one step; record it; whether it passed (a step started past the deadline fails)."""
    passed = False
    if time.monotonic() < deadline:
        try:
            passed = attempt()
        except (LDAPException, ssl.SSLError, OSError, ValueError):
            passed = False
    done.append((check, OK if passed else FAIL))
    return passed
