"""Who is calling: an API key (Digest) or a service account (Bearer token)."""

from dataclasses import dataclass
from enum import StrEnum

from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.members import API_KEY, SERVICE_ACCOUNT

__all__ = ["API_KEY", "SERVICE_ACCOUNT", "AuthenticationRequired", "Principal", "Refusal"]

UNAUTHORIZED_DETAIL = "You are not authorized for this resource."


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str
    id: str
    name: str  # an API key's public key or a service account's client id: the wire's inviterUsername
    org_id: str

    def actor(self, remote_address: str | None) -> Actor:
        return Actor(self.kind, self.id, self.name, remote_address)


class Refusal(StrEnum):
    """Why credentials were refused: for the request journal (docs/journal.md), never on the wire, where every
    refusal reads the same."""

    NO_CREDENTIALS = "no credentials"
    MALFORMED_HEADER = "malformed header"  # not Digest or Bearer, or a Digest header that does not parse
    UNKNOWN_KEY = "unknown key"
    UNKNOWN_NONCE = "unknown nonce"  # not issued with this server's nonce keys
    STALE_NONCE = "stale nonce"
    REPLAYED_NONCE = "replayed nonce"
    BAD_SIGNATURE = "bad signature"  # the Digest response is wrong: another private key, uri, realm or method
    UNREADABLE_KEY = "key sealed with other keys"  # the API key's HA1 does not open with this server's keys
    INVALID_TOKEN = "invalid token"  # not signed with this server's token keys, or not one of its tokens
    UNKNOWN_ACCOUNT = "unknown account"  # the token's service account is gone
    EXPIRED_TOKEN = "expired token"
    REVOKED_TOKEN = "revoked token"
    BAD_CLIENT_CREDENTIALS = "bad client credentials"  # OAuth: no such client id, or a wrong or expired secret
    WRONG_ADMIN_TOKEN = "wrong admin token"


class AuthenticationRequired(ApiError):
    """401 for missing or bad credentials, with the challenge a client needs to retry.

    MongoDB Cloud answers this one with errorCode UNEXPECTED_ERROR and a pretty-printed body whose keys
    are in the order error, reason, detail, errorCode; the renderer keeps that form. Why it was refused
    (``refusal``) and which real credential was offered (``offered``: never a secret) stay off the wire.
    """

    def __init__(self, challenge: str, refusal: Refusal | None = None, offered: Principal | None = None) -> None:
        super().__init__("UNEXPECTED_ERROR", detail=UNAUTHORIZED_DETAIL, headers={"WWW-Authenticate": challenge})
        self.status = 401
        self.refusal = refusal
        self.offered = offered

    def body(self) -> dict[str, object]:
        return {"error": 401, "reason": self.reason, "detail": self.detail, "errorCode": self.code}
