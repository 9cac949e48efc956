"""What authentication reads about a credential: enough to check it, never a secret in clear."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ApiKeyCredential:
    """An API key as Digest checks it: ``ha1_sealed`` is md5(publicKey:realm:privateKey) sealed with the credential
    key kept outside the database (``server.auth.ha1_seal``)."""

    id: str
    org_id: str
    public_key: str
    ha1_sealed: str
    has_access_list: bool
    access_list_required: bool = False  # its organization requires API access lists (``apiAccessListRequired``)


@dataclass(frozen=True, slots=True)
class ServiceAccountCredential:
    """A service account as a token or the token endpoint names it."""

    id: str
    org_id: str
    client_id: str
    has_access_list: bool = False
    access_list_required: bool = False  # its organization requires API access lists (``apiAccessListRequired``)


@dataclass(frozen=True, slots=True)
class SecretHash:
    """A service account secret as it is kept: its SHA-256 and its expiry (server clock)."""

    id: str
    secret_hash: str
    expires_at: int


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """The service account an access token names, whether the token was revoked, and the server clock's offset."""

    account: ServiceAccountCredential
    revoked: bool
    offset_seconds: int
