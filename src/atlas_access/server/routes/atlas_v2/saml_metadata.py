"""``metadata.xml`` of a SAML identity provider: the SAML 2.0 metadata (an ``EntityDescriptor``) of the service
provider side of the connection, which is what an identity provider's administrator uploads to it: the entity id
is the identity provider's ``audienceUri``, the assertion consumer service its ``acsUrl`` (HTTP-POST), the name id an
email address, and ``WantAssertionsSigned`` follows ``responseSignatureAlgorithm`` being set (ours: MongoDB
documents only that the operation answers "the metadata"). Built with the standard library's ElementTree, so
every value is escaped."""

from xml.etree import ElementTree

from atlas_access.core.federation import IdentityProvider

_MD = "urn:oasis:names:tc:SAML:2.0:metadata"
_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"

ElementTree.register_namespace("md", _MD)


def metadata_xml(idp: IdentityProvider) -> str:
    attributes = idp.attributes
    root = ElementTree.Element(f"{{{_MD}}}EntityDescriptor", {"entityID": str(attributes.get("audienceUri") or "")})
    sp = ElementTree.SubElement(
        root,
        f"{{{_MD}}}SPSSODescriptor",
        {
            "AuthnRequestsSigned": "false",
            "WantAssertionsSigned": "true" if attributes.get("responseSignatureAlgorithm") else "false",
            "protocolSupportEnumeration": _PROTOCOL,
        },
    )
    ElementTree.SubElement(sp, f"{{{_MD}}}NameIDFormat").text = _EMAIL
    ElementTree.SubElement(
        sp,
        f"{{{_MD}}}AssertionConsumerService",
        {"Binding": _POST, "Location": str(attributes.get("acsUrl") or ""), "index": "0", "isDefault": "true"},
    )
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
