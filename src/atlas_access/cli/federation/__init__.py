"""The real Atlas CLI's ``atlas federatedAuthentication`` (``internal/cli/federatedauthentication``): an
organization's federation settings, its identity providers (OIDC ones created and updated here; SAML ones listed,
described and deleted) and its connected organization configurations.

Each command takes the same flags, sends the same requests (at the API version atlas-sdk-go sends each one) and
prints the same texts as the real CLI; ``-o json`` prints the SDK struct and ``-o go-template=...`` runs against it
(``_shapes.py``). The tree is imported only when ``federatedAuthentication`` runs (``cli/_root.py``).
"""

from atlas_access.cli.federation.federation_settings import federated_authentication

__all__ = ["federated_authentication"]
