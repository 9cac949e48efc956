"""API access lists: a credential with entries may only be used from those addresses."""

import ipaddress
from collections.abc import Iterable


def allows(entries: Iterable[str], address: str) -> bool:
    """True if ``entries`` is empty or ``address`` falls in one of its CIDR blocks (or equals an IP)."""
    blocks = list(entries)
    if not blocks:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for block in blocks:
        try:
            network = ipaddress.ip_network(block, strict=False)
        except ValueError:
            continue
        if ip.version == network.version and ip in network:
            return True
    return False


def normalise(entry: str) -> str:
    """A CIDR block or single address in canonical form (``10.0.0.1`` -> ``10.0.0.1/32``). Raises ValueError."""
    return str(ipaddress.ip_network(entry.strip(), strict=False))


def shown(cidr: str) -> str:
    """How the API names an entry: the address of a single host (a /32 or /128), else the CIDR block."""
    address, _, bits = cidr.partition("/")
    return address if bits in ("32", "128") else cidr
