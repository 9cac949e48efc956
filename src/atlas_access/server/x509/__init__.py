"""X.509 for a project's database users: its own certificate authority, the client certificates it issues to
Atlas-managed X.509 users, and reading the CA certificates a project uploads for self-managed X.509."""

from atlas_access.server.x509.authority import Issued, issue, new_authority
from atlas_access.server.x509.pem import certificates_in

__all__ = ["Issued", "certificates_in", "issue", "new_authority"]
