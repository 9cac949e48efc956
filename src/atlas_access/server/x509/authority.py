"""A project's certificate authority and the client certificates it issues.

Keys are EC P-256 (ours: fast to make, and every MongoDB driver takes them). The CA's subject names the project
(``CN=<groupId>,OU=Atlas Managed X.509 CA``, ours); a user's certificate has the subject ``CN=<username>``, as
Atlas-managed X.509 users have, and may be used for TLS client authentication only.
"""

import datetime
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_YEARS = 10  # ours: longer than any certificate it signs can live (24 months at most)


@dataclass(frozen=True, slots=True)
class Issued:
    serial: int
    subject: str  # RFC 4514
    certificate_pem: str
    private_key_pem: str


def _moment(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC)


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    serial: int,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    *,
    ca: bool,
) -> x509.CertificateBuilder:
    """A certificate for ``key`` up to its critical extensions: a CA signs certificates and revocation lists only,
    a user's certificate signs (TLS handshakes) only."""
    usage = x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(usage, critical=True)
    )


def new_authority(group_id: str, now: int) -> tuple[str, bytes]:
    """A new CA for the project, valid from ``now`` (server time): its certificate (PEM) and private key (PKCS #8
    DER, to be sealed)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Atlas Managed X.509 CA"),
            x509.NameAttribute(NameOID.COMMON_NAME, group_id),
        ]
    )
    start = _moment(now)
    end = start.replace(year=start.year + CA_YEARS)
    certificate = (
        _builder(name, name, key, x509.random_serial_number(), start, end, ca=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"), private


def _serial() -> int:
    """A positive serial that fits the wire's int64 ``_id``."""
    while True:
        serial = secrets.randbits(63)
        if serial:
            return serial


def issue(ca_certificate_pem: str, ca_private_key: bytes, username: str, now: int, not_after: int) -> Issued:
    """A client certificate for ``username``, signed by the project's CA, valid from ``now`` to ``not_after``."""
    authority = x509.load_pem_x509_certificate(ca_certificate_pem.encode("ascii"))
    signer = serialization.load_der_private_key(ca_private_key, password=None)
    assert isinstance(signer, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, username)])
    serial = _serial()
    certificate = (
        _builder(subject, authority.subject, key, serial, _moment(now), _moment(not_after), ca=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()),
            critical=False,
        )
        .sign(signer, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return Issued(
        serial,
        subject.rfc4514_string(),
        certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        key_pem,
    )
