"""The client side of the Admin API: credentials and authentication, requests built from the spec index,
error responses as exceptions, and the Atlas CLI's profiles. The ``atlas`` command is built on it.

``AtlasClient``/``AsyncAtlasClient`` are the SDK (importing this package imports httpx); their typed API groups
are in ``atlas_access.client.api``, the models those return in ``atlas_access.client.models``, and the ``atlas``
CLI's profiles (``config.toml``) in ``atlas_access.client.profiles``.
"""

from atlas_access.client._agent import USER_AGENT
from atlas_access.client._auth import (
    Credentials,
    TokenStore,
    open_async_http_client,
    open_http_client,
    token_expiry,
)
from atlas_access.client._clients import AsyncAtlasClient, AtlasClient
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
from atlas_access.client._retry import RetryPolicy

__all__ = [
    "USER_AGENT",
    "AsyncAtlasClient",
    "AtlasClient",
    "AtlasError",
    "BadRequest",
    "Conflict",
    "Credentials",
    "Forbidden",
    "NotFound",
    "PreparedRequest",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "TokenStore",
    "Unauthorized",
    "encode_query",
    "error_for",
    "media_type",
    "open_async_http_client",
    "open_http_client",
    "prepare",
    "token_expiry",
]
