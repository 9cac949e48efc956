"""Reading PEM text a request gives: one or more certificates, nothing else."""

import re

from cryptography import x509

_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----\s+[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----")


def certificates_in(text: str) -> list[x509.Certificate] | None:
    """The certificates of a PEM text of one or more ``CERTIFICATE`` blocks (blank space between them); None when
    it holds anything else, or a block is not a certificate."""
    blocks = _BLOCK.findall(text)
    if not blocks or _BLOCK.sub("", text).strip():
        return None
    try:
        return [x509.load_pem_x509_certificate(block.encode("ascii")) for block in blocks]
    except ValueError:
        return None
