"""The client side of the Admin API: credentials and authentication, requests built from the spec index,
error responses as exceptions, and the Atlas CLI's profiles. The ``atlas`` command is built on it.

Importing this package does not import httpx; the first client opened does.
"""

from atlas_access.client._agent import USER_AGENT
from atlas_access.client._auth import Credentials, TokenStore, open_http_client, token_expiry
from atlas_access.client._errors import (
    AtlasError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    error_for,
)
from atlas_access.client._request import PreparedRequest, encode_query, media_type, prepare

__all__ = [
    "USER_AGENT",
    "AtlasError",
    "BadRequest",
    "Conflict",
    "Credentials",
    "Forbidden",
    "NotFound",
    "PreparedRequest",
    "RateLimited",
    "ServerError",
    "TokenStore",
    "Unauthorized",
    "encode_query",
    "error_for",
    "media_type",
    "open_http_client",
    "prepare",
    "token_expiry",
]
