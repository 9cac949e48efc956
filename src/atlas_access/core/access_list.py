"""API access lists: a credential with entries may only be used from those addresses."""

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass


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


def required_but_missing(required: bool, has_entries: bool) -> bool:
    """Whether a credential is refused on every call because its organization requires API access lists
    (``apiAccessListRequired``) and it has none (docs/org-settings.md)."""
    return required and not has_entries


def normalise(entry: str) -> str:
    """A CIDR block or single address in canonical form (``10.0.0.1`` -> ``10.0.0.1/32``). Raises ValueError."""
    return str(ipaddress.ip_network(entry.strip(), strict=False))


def _written(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """An address as the API writes it: IPv6 in all eight groups (the spec's patterns allow no ``::`` inside)."""
    if address.version == 4:
        return str(address)
    return ":".join(f"{int(group, 16):x}" for group in address.exploded.split(":"))


def block(cidr: str) -> str:
    """A stored entry's ``cidrBlock`` as the API shows it (``10.0.0.0/24``, ``2001:db8:0:0:0:0:0:0/32``)."""
    network = ipaddress.ip_network(cidr, strict=False)
    return f"{_written(network.network_address)}/{network.prefixlen}"


def shown(cidr: str) -> str:
    """How the API names an entry: a single host (an IPv4 /32 or an IPv6 /128) by its address, else its block."""
    network = ipaddress.ip_network(cidr, strict=False)
    if network.prefixlen == network.max_prefixlen:
        return _written(network.network_address)
    return block(cidr)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a credential's access list, kept in canonical CIDR form."""

    cidr: str  # canonical: ``10.0.0.0/24``, ``10.0.0.1/32``
    comment: str
    created_at: int

    @property
    def cidr_block(self) -> str:
        """The block as the API shows it (IPv6 in all eight groups)."""
        return block(self.cidr)

    @property
    def single_address(self) -> str | None:
        """The address when the entry is one host (an IPv4 /32, an IPv6 /128), else None."""
        named = shown(self.cidr)
        return None if named == self.cidr_block else named
