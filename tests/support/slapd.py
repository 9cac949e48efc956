"""A throwaway OpenLDAP server (Debian's slapd) for tests: LDAPS on 127.0.0.1 on a free port, its own config and
database in a temporary directory, a certificate from a CA made here, a base DN and an admin bind.

Runs as root or not; stopped by ``stop`` (bounded in time). Under ``CI=true`` a missing slapd fails the test
(``make ldap`` installs it); elsewhere the test skips saying so.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from support.server import free_port

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SUFFIX = "dc=example,dc=org"
ADMIN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret-1"
START_SECONDS = 10.0


def require_slapd() -> None:
    """Skip (or fail under CI) when Debian's slapd is not installed."""
    if os.access(SLAPD, os.X_OK) and os.access(SLAPADD, os.X_OK):
        return
    message = f"{SLAPD} not found: run `make ldap` (installs Debian's slapd and ldap-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _certificates(directory: Path) -> str:
    """Write the server's certificate and key; the CA's certificate (PEM) that verifies it."""
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "atlas-access test LDAP CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (directory / "server.pem").write_bytes(_pem(server))
    (directory / "server.key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return _pem(ca).decode("ascii")


class Slapd:
    """A running slapd; ``ca_certificate`` is the PEM that verifies its TLS certificate."""

    def __init__(self, directory: Path) -> None:
        require_slapd()
        self.directory = directory
        self.port = free_port()
        self.ca_certificate = _certificates(directory)
        (directory / "db").mkdir()
        config = directory / "slapd.conf"
        config.write_text(
            "\n".join(
                [
                    "include /etc/ldap/schema/core.schema",
                    "include /etc/ldap/schema/cosine.schema",
                    "include /etc/ldap/schema/inetorgperson.schema",
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    f"pidfile {directory / 'slapd.pid'}",
                    f"TLSCertificateFile {directory / 'server.pem'}",
                    f"TLSCertificateKeyFile {directory / 'server.key'}",
                    "database mdb",
                    "maxsize 10485760",
                    f'suffix "{SUFFIX}"',
                    f'rootdn "{ADMIN}"',
                    f"rootpw {ADMIN_PASSWORD}",
                    f"directory {directory / 'db'}",
                    "",
                ]
            )
        )
        entries = directory / "base.ldif"
        entries.write_text(
            f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n"
            f"dn: {ADMIN}\nobjectClass: organizationalRole\ncn: admin\n\n"
        )
        subprocess.run([SLAPADD, "-f", str(config), "-l", str(entries)], check=True, capture_output=True, timeout=30)
        self._log = (directory / "slapd.log").open("wb")
        self._process = subprocess.Popen(
            [SLAPD, "-d", "0", "-f", str(config), "-h", f"ldaps://127.0.0.1:{self.port}/"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        log = (self.directory / "slapd.log").read_text(errors="replace")
        raise RuntimeError(f"slapd did not start on port {self.port}: {log[-2000:]}")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        self._log.close()
