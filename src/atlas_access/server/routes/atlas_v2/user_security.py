"""``/api/atlas/v2/groups/{groupId}/userSecurity``: a project's LDAP and self-managed X.509 settings, and the
verifications of LDAP settings. Statuses as recorded (``reference/recordings/ldap``): PATCH 202, verify 200,
delete of the user-to-DN mapping 202; ``disableGroupUserSecurityCustomerX509`` 202 as the spec says. The rules and
events: ``services.user_security``; shapes: ``user_security_shapes``.
"""

from atlas_access.server.routes.atlas_v2 import user_security_shapes as wire
from atlas_access.server.services import user_security as service
from atlas_access.server.wire.endpoint import Call, Reply


def get_user_security(call: Call) -> Reply:
    return Reply(200, wire.user_security_view(service.settings(call.ctx, call.the_project())))


def update_user_security(call: Call) -> Reply:
    body = call.body(wire.UserSecurityIn)
    ldap = None if body.ldap is None else wire.ldap_change(body.ldap)
    cas = wire.customer_cas(body.customerX509)
    return Reply(202, wire.user_security_view(service.update(call.ctx, call.the_project(), ldap, cas)))


def delete_user_to_dn_mapping(call: Call) -> Reply:
    return Reply(202, wire.user_security_view(service.delete_mapping(call.ctx, call.the_project())))


def disable_customer_x509(call: Call) -> Reply:
    return Reply(202, wire.user_security_view(service.disable_customer_x509(call.ctx, call.the_project())))


def verify_ldap(call: Call) -> Reply:
    target, password = wire.verify_target(call.body(wire.VerifyIn))
    request = service.verify(call.ctx, call.the_project(), target, password)
    return Reply(200, wire.verify_view(request, call.base_url))


def get_ldap_verify(call: Call) -> Reply:
    request = service.verification(call.ctx, call.the_project(), call.path["requestId"])
    return Reply(200, wire.verify_view(request, call.base_url))
