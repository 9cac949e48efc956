"""Credentials and how they authenticate: API keys by HTTP Digest, service accounts by OAuth 2.0 client
credentials (Authlib's httpx integration), or a ready access token as a Bearer header.

The service-account token is fetched once, reused until shortly before it expires, then fetched again;
a ``TokenStore`` lets the caller keep it between processes (the CLI keeps it in the profile, as the
real Atlas CLI does since PR #4656, so that scripts do not mint a token per command).
"""

from __future__ import annotations

import base64
import binascii
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

__all__ = ["Credentials", "TokenStore", "token_expiry"]

TOKEN_PATH = "api/oauth/token"
# fetch a new token this many seconds before the old one expires
TOKEN_LEEWAY_SECONDS = 60


class TokenStore(Protocol):
    """Somewhere to keep a service account's access token between clients (a profile, a file ...)."""

    def load(self) -> str | None: ...

    def save(self, access_token: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Credentials:
    """One way to authenticate. Service-account credentials win over API keys, as in the real CLI."""

    public_api_key: str | None = None
    private_api_key: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    access_token: str | None = None

    @property
    def kind(self) -> str | None:
        """``"service_account"``, ``"api_keys"``, ``"access_token"`` or ``None`` (no credentials)."""
        if self.client_id and self.client_secret:
            return "service_account"
        if self.public_api_key and self.private_api_key:
            return "api_keys"
        if self.access_token:
            return "access_token"
        return None

    def __repr__(self) -> str:  # never show a secret
        return f"Credentials(kind={self.kind!r}, public_api_key={self.public_api_key!r}, client_id={self.client_id!r})"


def token_expiry(access_token: str) -> float | None:
    """The ``exp`` claim of a JWT access token (read, not verified: the server verifies it), or ``None``."""
    parts = access_token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


class _Bearer(httpx.Auth):
    """``Authorization: Bearer <token>``; nothing else is added (Authlib's own token auth adds
    ``Content-Length: 0`` to bodiless requests)."""

    def __init__(self, access_token: str) -> None:
        self._header = f"Bearer {access_token}"

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = self._header
        yield request


def _authlib_httpx() -> Any:
    # Authlib marks its httpx integration deprecated in favour of "httpx2" and forces that warning on
    # ("always"); this project is built on httpx, so the notice is silenced here rather than shown to users.
    import authlib.deprecate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
        from authlib.integrations import httpx_client
    return httpx_client


def _cached_token(token_store: TokenStore | None) -> dict[str, Any] | None:
    """The stored token while it is good for more than the leeway, in Authlib's form."""
    cached = token_store.load() if token_store is not None else None
    expiry = token_expiry(cached) if cached else None
    if cached and expiry is not None and expiry - TOKEN_LEEWAY_SECONDS > time.time():
        return {"access_token": cached, "token_type": "Bearer", "expires_at": expiry}
    return None


def open_http_client(
    base_url: str,
    credentials: Credentials,
    *,
    token_store: TokenStore | None = None,
    **client_options: Any,
) -> httpx.Client:
    """An ``httpx.Client`` for ``base_url`` that authenticates every request with ``credentials``.

    ``client_options`` go to ``httpx.Client`` (``transport``, ``timeout``, ``headers``, ``verify``,
    ``event_hooks`` ...).
    """
    if credentials.kind == "service_account":
        return _service_account_client(base_url, credentials, token_store, client_options)
    return httpx.Client(base_url=base_url, auth=_plain_auth(credentials), **client_options)


def _plain_auth(credentials: Credentials) -> httpx.Auth | None:
    """Digest for API keys, a Bearer header for an access token, nothing without credentials."""
    if credentials.kind == "api_keys":
        assert credentials.public_api_key is not None and credentials.private_api_key is not None
        return httpx.DigestAuth(credentials.public_api_key, credentials.private_api_key)
    if credentials.kind == "access_token":
        assert credentials.access_token is not None
        return _Bearer(credentials.access_token)
    return None


def _oauth_options(
    base_url: str,
    credentials: Credentials,
    token_store: TokenStore | None,
    update_token: Callable[..., Any],
    client_options: dict[str, Any],
) -> dict[str, Any]:
    """What Authlib's OAuth2Client and AsyncOAuth2Client are built with: client credentials sent by HTTP Basic
    (as the real CLI sends them), the stored token while it is good, renewal a minute before expiry."""
    return {
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
        "token_endpoint": _token_url(base_url),
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_type": "client_credentials",
        "token": _cached_token(token_store),
        "update_token": update_token,
        "leeway": TOKEN_LEEWAY_SECONDS,
        "base_url": base_url,
        **client_options,
    }


def _token_url(base_url: str) -> str:
    return base_url.rstrip("/") + "/" + TOKEN_PATH


def _service_account_client(
    base_url: str, credentials: Credentials, token_store: TokenStore | None, client_options: dict[str, Any]
) -> httpx.Client:
    oauth_client: Any = _authlib_httpx().OAuth2Client
    token_url = _token_url(base_url)

    class ServiceAccountClient(oauth_client):  # type: ignore[misc]
        """Fetches the first token lazily (on the first request), then lets Authlib renew it."""

        def ensure_active_token(self, token: Any) -> bool:
            if not token or not token.get("access_token"):
                self.fetch_token(token_url, grant_type="client_credentials")
                _save(token_store, self.token)
                return True
            return bool(super().ensure_active_token(token))

        def request(self, method: str, url: Any, withhold_token: bool = False, **kwargs: Any) -> Any:
            # Authlib sends the token request itself through this method, with an explicit `auth`
            if withhold_token or "auth" in kwargs:
                return super().request(method, url, withhold_token=withhold_token, **kwargs)
            self.ensure_active_token(self.token)
            bearer = _Bearer(str(self.token["access_token"]))
            return super().request(method, url, withhold_token=True, auth=bearer, **kwargs)

    def update_token(new_token: Any, **_: Any) -> None:
        _save(token_store, new_token)

    client: httpx.Client = ServiceAccountClient(
        **_oauth_options(base_url, credentials, token_store, update_token, client_options)
    )
    return client


def open_async_http_client(
    base_url: str,
    credentials: Credentials,
    *,
    token_store: TokenStore | None = None,
    **client_options: Any,
) -> httpx.AsyncClient:
    """``open_http_client`` for asyncio: an ``httpx.AsyncClient``."""
    if credentials.kind != "service_account":
        return httpx.AsyncClient(base_url=base_url, auth=_plain_auth(credentials), **client_options)

    oauth_client: Any = _authlib_httpx().AsyncOAuth2Client
    token_url = _token_url(base_url)

    class AsyncServiceAccountClient(oauth_client):  # type: ignore[misc]
        """As the synchronous one: the first token fetched lazily, then renewed by Authlib before it expires."""

        async def ensure_active_token(self, token: Any) -> None:
            if not token or not token.get("access_token"):
                await self.fetch_token(token_url, grant_type="client_credentials")
                _save(token_store, self.token)
                return
            await super().ensure_active_token(token)

        async def request(self, method: str, url: Any, withhold_token: bool = False, **kwargs: Any) -> Any:
            if withhold_token or "auth" in kwargs:
                return await super().request(method, url, withhold_token=withhold_token, **kwargs)
            await self.ensure_active_token(self.token)
            bearer = _Bearer(str(self.token["access_token"]))
            return await super().request(method, url, withhold_token=True, auth=bearer, **kwargs)

    async def update_token(new_token: Any, **_: Any) -> None:
        _save(token_store, new_token)

    client: httpx.AsyncClient = AsyncServiceAccountClient(
        **_oauth_options(base_url, credentials, token_store, update_token, client_options)
    )
    return client


def _save(token_store: TokenStore | None, token: Any) -> None:
    if token_store is not None and token and token.get("access_token"):
        token_store.save(str(token["access_token"]))
