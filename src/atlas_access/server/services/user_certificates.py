"""Certificates for a project's Atlas-managed X.509 database users, signed by the project's own CA. Nothing here
knows about HTTP.

What is MongoDB's and what is ours:
- The user is the project's database user of ``$external`` with ``x509Type`` MANAGED (real); any other user gets
  400 ``NOT_ATLAS_MANAGED_X509_USER`` (ours), an unknown one 404 ``USERNAME_NOT_FOUND``.
- While the project uses self-managed X.509 (``customerX509``), no managed certificate is made: 400
  ``CANNOT_GENERATE_CERT_IF_ADVANCED_X509`` (MongoDB's published code).
- ``monthsUntilExpiration`` 1 to 24, 3 when not given (the spec's default and maximum; Terraform checks 1 to 24).
- The project's CA is made on first need and kept, its private key sealed with the server's credential key.
- The certificate's private key goes to the caller once and is not kept; the list shows what was issued.

Event: MONGODB_USER_X509_CERT_CREATED in the project's feed with ``dbUserUsername``, as the database users' events.
"""

from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.core.user_security import ProjectCa, UserCertificate, add_months
from atlas_access.server import x509
from atlas_access.server.services import database_users
from atlas_access.server.services.context import Context
from atlas_access.store import user_security as store

EXTERNAL = "$external"
CA_KEY_PURPOSE = b"atlas-access project ca key v1"
CREATED = "MONGODB_USER_X509_CERT_CREATED"


def common_name(username: str) -> str:
    """The CN of a managed user's certificate: the username, or what follows ``CN=`` when the username is already
    written as ``CN=<name>`` (the form Atlas asks of managed X.509 usernames that look like names)."""
    return username[3:] if username[:3].upper() == "CN=" else username


def _authority(ctx: Context, project: Project) -> tuple[ProjectCa, bytes]:
    """The project's CA and its private key, made now if the project has none."""
    found = store.project_ca(ctx.conn, project.id)
    if found is None:
        certificate, private_key = x509.new_authority(project.id, ctx.now)
        made = ProjectCa(project.id, certificate, ctx.secrets.close(CA_KEY_PURPOSE, project.id, private_key), ctx.now)
        if store.add_project_ca(ctx.conn, made):
            return made, private_key
        found = store.project_ca(ctx.conn, project.id)  # another request made it first
        assert found is not None
    opened = ctx.secrets.open(CA_KEY_PURPOSE, project.id, found.private_key_sealed)
    if opened is None:
        raise RuntimeError(f"the CA key of project {project.id} does not open with the server's credential keys")
    return found, opened


def authority(ctx: Context, project: Project) -> ProjectCa:
    """The project's CA (made now if the project has none yet): what a local mongod would trust as ``tlsCAFile``
    to let the managed users' certificates in."""
    return _authority(ctx, project)[0]


def create(ctx: Context, project: Project, username: str, months: int) -> str:
    """A new certificate for the managed X.509 user: its PEM and its private key's, one after the other."""
    user = database_users.find(ctx, project, EXTERNAL, username)
    if user.x509_type != "MANAGED":
        raise ApiError("NOT_ATLAS_MANAGED_X509_USER", username)
    if store.settings(ctx.conn, project.id).customer_x509_cas is not None:
        raise ApiError("CANNOT_GENERATE_CERT_IF_ADVANCED_X509")
    ca, private_key = _authority(ctx, project)
    not_after = add_months(ctx.now, months)
    while True:
        issued = x509.issue(ca.certificate, private_key, common_name(user.username), ctx.now, not_after)
        record = UserCertificate(project.id, issued.serial, user.username, issued.subject, ctx.now, not_after)
        if store.add_certificate(ctx.conn, record):  # a serial drawn twice in a project: draw again
            break
    ctx.record(CREATED, org_id=project.org_id, group_id=project.id, targets={"dbUserUsername": user.username})
    return issued.certificate_pem + issued.private_key_pem


def listing(ctx: Context, project: Project, username: str) -> list[UserCertificate]:
    """The user's certificates that have not expired (server time), oldest first; 404 ``USERNAME_NOT_FOUND`` for
    an unknown user."""
    user = database_users.find(ctx, project, EXTERNAL, username)
    return [issued for issued in store.certificates(ctx.conn, project.id, user.username) if issued.not_after > ctx.now]
