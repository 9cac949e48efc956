"""``/api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs``: certificates for a project's Atlas-managed
X.509 users. The create answers 201 with the PEM of the certificate and of its private key as text (the spec's
schema is a string; MongoDB's clients read the body as is), the list is paginated ``UserCert`` items. The rules:
``services.user_certificates``.
"""

from atlas_access.core.user_security import months_given
from atlas_access.server.routes.atlas_v2 import user_security_shapes as wire
from atlas_access.server.services import user_certificates as service
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Reply
from atlas_access.server.wire.respond import Verbatim


def create_cert(call: Call) -> Reply:
    months = months_given(call.body(wire.UserCertIn).monthsUntilExpiration)
    pem = service.create(call.ctx, call.the_project(), call.path["username"], months)
    return Reply(201, Verbatim(pem))


def list_certs(call: Call) -> Reply:
    project, username = call.the_project(), call.path["username"]
    issued = service.listing(call.ctx, project, username)
    path = wire.certs_path(project.id, username)
    return Reply(200, paging.page_body(call.query, call.base_url, path, issued, wire.certificate_view))
