"""Keeping other sites from posting the invitation forms: an origin check and a signed double-submit token.

1. A POST whose ``Sec-Fetch-Site`` is ``cross-site``, or whose ``Origin`` is present and not this server's
   own origin (the request's scheme and host, or the configured public base URL), is refused. ``Origin: null``
   is what browsers send for these pages (their referrer policy is ``no-referrer``): it passes only with
   ``Sec-Fetch-Site: same-origin`` (or without fetch metadata, from browsers too old to send it).
2. The GET sets a random value in a cookie (HttpOnly, SameSite=Strict, Path scoped to the one page) and
   puts ``HMAC(key, token hash + cookie value)`` in a hidden field of each form; a POST must bring both,
   matching. Another site can neither read the cookie nor compute the field, and the field of one
   invitation is worthless for another. The key is derived from the server's token key, which every
   server process shares through the database.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "invitation_form"
FIELD = "form_token"
COOKIE_MAX_AGE = 24 * 3600  # a page left open for a day still posts; after that, open the link again
_VALUE = re.compile(r"[A-Za-z0-9_-]{43}")
_PURPOSE = b"atlas-access/invitation-page/form-token"


def _origin(scheme: str, host: str) -> str:
    return f"{scheme.lower()}://{host.lower()}"


def own_origins(request: Request, base_url: str) -> set[str]:
    """The origins this page is served from: as the request reached us, and as the server is published."""
    origins = {_origin(request.url.scheme, request.headers.get("host", ""))}
    public = urlsplit(base_url)
    if public.scheme and public.netloc:
        origins.add(_origin(public.scheme, public.netloc))
    return origins


def is_cross_site(request: Request, base_url: str) -> bool:
    """True when the browser says the POST comes from another site, or its Origin is not ours."""
    site = request.headers.get("sec-fetch-site", "").strip().lower()
    if site == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    origin = origin.strip().lower()
    if origin == "null":
        # The pages send "Referrer-Policy: no-referrer", so browsers post their forms with "Origin: null"
        # (Fetch standard). Then the browser's Sec-Fetch-Site decides; old browsers send none, and the
        # SameSite cookie and the signed form token still guard them.
        return site not in ("same-origin", "")
    return origin not in own_origins(request, base_url)


@dataclass(frozen=True, slots=True)
class FormKey:
    """Signs and checks the hidden form field of one page."""

    key: bytes

    @classmethod
    def derived_from(cls, server_key: bytes) -> "FormKey":
        return cls(hmac.new(server_key, _PURPOSE, hashlib.sha256).digest())

    def field(self, token_hash: str, cookie_value: str) -> str:
        message = f"{token_hash}:{cookie_value}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def matches(self, token_hash: str, cookie_value: str | None, field: str | None) -> bool:
        if cookie_value is None or field is None or not _VALUE.fullmatch(cookie_value):
            return False
        return hmac.compare_digest(self.field(token_hash, cookie_value), field)


def cookie_value(request: Request) -> str | None:
    """The browser's form cookie, if it holds a well-formed value."""
    value = request.cookies.get(COOKIE)
    return value if value is not None and _VALUE.fullmatch(value) else None


def new_cookie_value() -> str:
    return secrets.token_urlsafe(32)


def set_cookie(response: Response, value: str, *, path: str, secure: bool) -> None:
    response.set_cookie(
        COOKIE, value, max_age=COOKIE_MAX_AGE, path=path, secure=secure, httponly=True, samesite="strict"
    )
