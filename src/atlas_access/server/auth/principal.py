"""Who is calling: an API key (Digest) or a service account (Bearer token)."""

from dataclasses import dataclass

from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.members import API_KEY, SERVICE_ACCOUNT

__all__ = ["API_KEY", "SERVICE_ACCOUNT", "AuthenticationRequired", "Principal"]

UNAUTHORIZED_DETAIL = "You are not authorized for this resource."


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str
    id: str
    name: str  # an API key's public key or a service account's client id: the wire's inviterUsername
    org_id: str

    def actor(self, remote_address: str | None) -> Actor:
        return Actor(self.kind, self.id, self.name, remote_address)


class AuthenticationRequired(ApiError):
    """401 for missing or bad credentials, with the challenge a client needs to retry.

    MongoDB Cloud answers this one with errorCode UNEXPECTED_ERROR and a pretty-printed body whose keys
    are in the order error, reason, detail, errorCode; the renderer keeps that form.
    """

    def __init__(self, challenge: str) -> None:
        super().__init__("UNEXPECTED_ERROR", detail=UNAUTHORIZED_DETAIL, headers={"WWW-Authenticate": challenge})
        self.status = 401

    def body(self) -> dict[str, object]:
        return {"error": 401, "reason": self.reason, "detail": self.detail, "errorCode": self.code}
