"""Server side of HTTP Digest authentication (RFC 7616 / RFC 2617 / RFC 2069), MD5 with ``qop=auth``.

This mirrors what MongoDB Cloud does for programmatic API keys: the username is the public key, the
password is the private key, and the server stores only ``HA1 = md5("user:realm:password")``.

Text conventions: header values and request targets are expected as ``str`` obtained by decoding the raw
bytes as Latin-1 (what ASGI servers and Starlette do). :func:`verify` re-encodes them as Latin-1 so that it
hashes exactly the bytes the client hashed.

Nonces are stateless (see :class:`Nonces`); detecting replays of ``(nonce, nc, cnonce)`` is left to the
caller, which keeps that state in the database until the nonce is stale by the real clock.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "REALM",
    "DigestCredentials",
    "DigestParseError",
    "NonceStatus",
    "Nonces",
    "challenge",
    "compute_ha1",
    "parse_authorization",
    "verify",
]

REALM = "MMS Public API"
"""The realm MongoDB Cloud announces; it is part of every stored HA1."""


def compute_ha1(username: str, password: str, realm: str = REALM) -> str:
    """Return ``md5(f"{username}:{realm}:{password}")`` in lowercase hex: the only secret the server keeps."""
    return hashlib.md5(f"{username}:{realm}:{password}".encode()).hexdigest()


# --------------------------------------------------------------------------------------------------- nonces


class NonceStatus(enum.Enum):
    """Outcome of :meth:`Nonces.check`."""

    VALID = "valid"
    STALE = "stale"
    """Genuine but expired (or dated too far in the future): answer 401 with ``stale=true``."""
    INVALID = "invalid"
    """Malformed or not issued with our key."""


_TIME_BYTES = 6  # milliseconds since the epoch by the server clock, big-endian: enough until the year 10889
_RANDOM_BYTES = 4
_REAL_BYTES = 4  # whole seconds since the epoch by the real clock, modulo 2**32
_MAC_BYTES = 10  # truncated HMAC-SHA256 (80 bits)
_PAYLOAD_BYTES = _TIME_BYTES + _RANDOM_BYTES + _REAL_BYTES
_NONCE_BYTES = _PAYLOAD_BYTES + _MAC_BYTES  # 24 bytes -> 32 base64 characters, no padding
_NONCE_CHARS = _NONCE_BYTES * 4 // 3
_MAX_MS = 1 << (8 * _TIME_BYTES)
_REAL_MODULUS = 1 << (8 * _REAL_BYTES)
_MAC_CONTEXT = b"atlas-access digest nonce v2\x00"
_BASE64_RE = re.compile(rf"[A-Za-z0-9+/]{{{_NONCE_CHARS}}}")


class Nonces:
    """Stateless HMAC-signed nonces: any server process holding the same key can check them (no memory state).

    A nonce is 32 standard-alphabet base64 characters encoding 24 bytes: the issue time by the server clock in
    milliseconds (6 bytes, big-endian), 4 random bytes (so that nonces issued in the same millisecond differ, as
    RFC 7616 asks), the issue time by the real clock in whole seconds modulo 2**32 (4 bytes), and the first 10
    bytes of ``HMAC-SHA256(key, context || the 14 bytes before)``.

    A nonce is fresh for ``lifetime_seconds`` by both clocks. The server clock is the one tests move (an old nonce
    goes stale when the clock is moved on); the real clock, which nobody moves, bounds its life even when the
    server clock is moved back, so that the record of its uses (kept by the caller) can be forgotten after a
    while of real time without ever letting a used nonce count be accepted again.
    """

    __slots__ = ("_keys", "_lifetime_ms", "_max_future_ms")

    def __init__(
        self,
        key: bytes,
        lifetime_seconds: float = 300.0,
        max_future_skew_seconds: float = 10.0,
        *,
        previous: Sequence[bytes] = (),
    ) -> None:
        """Create a nonce factory.

        ``key`` should be 32 random bytes shared by all processes of a deployment; it signs new nonces, and nonces
        signed with one of the ``previous`` keys (a rotation) are still accepted. A nonce is STALE once older than
        ``lifetime_seconds``, or when dated more than ``max_future_skew_seconds`` after ``now`` (clock differences
        between processes, or a clock moved backwards).
        """
        if not key or not all(previous):
            raise ValueError("nonce key must not be empty")
        if not lifetime_seconds > 0:
            raise ValueError("lifetime_seconds must be positive")
        if not max_future_skew_seconds >= 0:
            raise ValueError("max_future_skew_seconds must not be negative")
        self._keys = (bytes(key), *(bytes(one) for one in previous))
        self._lifetime_ms = lifetime_seconds * 1000.0
        self._max_future_ms = max_future_skew_seconds * 1000.0

    @staticmethod
    def _mac(key: bytes, payload: bytes) -> bytes:
        return hmac.new(key, _MAC_CONTEXT + payload, hashlib.sha256).digest()[:_MAC_BYTES]

    @property
    def lifetime_seconds(self) -> float:
        """How long a nonce stays valid."""
        return self._lifetime_ms / 1000

    def issue(self, now: float, real: float | None = None) -> str:
        """Return a fresh nonce dated ``now`` by the server clock and ``real`` by the real clock (seconds since
        the epoch; ``real`` defaults to ``now``, for a server clock that was never moved)."""
        ms = int(now * 1000.0)
        if not 0 <= ms < _MAX_MS:
            raise ValueError(f"time out of range for a nonce: {now!r}")
        seconds = int(now if real is None else real) % _REAL_MODULUS
        payload = ms.to_bytes(_TIME_BYTES, "big") + secrets.token_bytes(_RANDOM_BYTES)
        payload += seconds.to_bytes(_REAL_BYTES, "big")
        return base64.b64encode(payload + self._mac(self._keys[0], payload)).decode("ascii")

    def check(self, nonce: str, now: float, real: float | None = None) -> NonceStatus:
        """Classify ``nonce`` at server time ``now`` and real time ``real`` (defaults to ``now``): INVALID if
        malformed or forged, STALE if expired by either clock, else VALID."""
        if len(nonce) != _NONCE_CHARS or not _BASE64_RE.fullmatch(nonce):
            return NonceStatus.INVALID
        raw = base64.b64decode(nonce)  # cannot fail: the regular expression admits only valid base64
        payload, mac = raw[:_PAYLOAD_BYTES], raw[_PAYLOAD_BYTES:]
        if not any(hmac.compare_digest(mac, self._mac(key, payload)) for key in self._keys):
            return NonceStatus.INVALID
        age_ms = now * 1000.0 - int.from_bytes(payload[:_TIME_BYTES], "big")
        # Written so that a NaN `now` is refused too.
        if not -self._max_future_ms <= age_ms <= self._lifetime_ms:
            return NonceStatus.STALE
        real_now = now if real is None else real
        if not math.isfinite(real_now):
            return NonceStatus.STALE
        issued = int.from_bytes(payload[_TIME_BYTES + _RANDOM_BYTES :], "big")
        real_age = (int(real_now) - issued) % _REAL_MODULUS
        if real_age >= _REAL_MODULUS // 2:
            real_age -= _REAL_MODULUS  # issued "after" now: another process's clock runs ahead
        # Whole seconds: one more of slack, so that this check never refuses before the one above.
        if -self._max_future_ms / 1000 - 1 <= real_age <= self._lifetime_ms / 1000 + 1:
            return NonceStatus.VALID
        return NonceStatus.STALE


def challenge(nonce: str, stale: bool = False) -> str:
    """Return the ``WWW-Authenticate`` value MongoDB Cloud sends, byte for byte, for ``nonce``."""
    if '"' in nonce or "\\" in nonce:
        raise ValueError("nonce must not contain quotes or backslashes")
    return (
        f'Digest realm="{REALM}", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", '
        f"stale={'true' if stale else 'false'}"
    )


# -------------------------------------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class DigestCredentials:
    """The parameters of a ``Authorization: Digest ...`` header (quoted strings already unescaped)."""

    username: str
    realm: str
    nonce: str
    uri: str
    response: str
    qop: str | None = None
    nc: str | None = None
    cnonce: str | None = None
    algorithm: str | None = None
    opaque: str | None = None


class DigestParseError(ValueError):
    """The Authorization header is not a well-formed Digest response we support."""


_SCHEME_RE = re.compile(r"[ \t]*digest(?:[ \t]+|\Z)", re.IGNORECASE)
# ASCII control characters other than HTAB (in particular CR and LF) are refused everywhere.
_CTL = r"\x00-\x08\x0a-\x1f\x7f"
# Optional separators (empty list elements are allowed), then either the end of the header or one
# auth-param: token BWS "=" BWS ( quoted-string / unquoted value ), then OWS and "," or the end.
# Unquoted values are looser than RFC tokens (any run without whitespace, comma or quote) so that
# clients that forget to quote e.g. the uri are still understood.
_PARAM_RE = re.compile(
    r"[ \t,]*(?:\Z|([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*=[ \t]*"
    rf'(?:"([^"\\{_CTL}]*(?:\\[^{_CTL}][^"\\{_CTL}]*)*)"|([^ \t,"{_CTL}]+))'
    r"[ \t]*(?:,|\Z))"
)
_ESCAPE_RE = re.compile(r"\\(.)")
_NC_RE = re.compile(r"[0-9A-Fa-f]{8}")
_RESPONSE_RE = re.compile(r"[0-9A-Fa-f]{32}")
_REQUIRED = ("username", "realm", "nonce", "uri", "response")


def parse_authorization(header: str) -> DigestCredentials:
    """Parse a full ``Authorization`` header value (``Digest username="...", ...``).

    Tolerates quoted or unquoted values, arbitrary spaces/tabs and empty list elements, backslash escapes in
    quoted strings, parameter names in any case and unknown parameters (ignored). Raises
    :class:`DigestParseError` for anything else, including a missing required parameter, duplicate
    parameters, ``qop`` without ``nc``/``cnonce``, an ``nc`` that is not 8 hex digits, a ``response`` that
    is not 32 hex digits, and any algorithm other than MD5 (e.g. SHA-256 or MD5-sess).
    """
    scheme = _SCHEME_RE.match(header)
    if scheme is None:
        raise DigestParseError("not a Digest authorization header")
    params: dict[str, str] = {}
    pos = scheme.end()
    end = len(header)
    while pos < end:
        m = _PARAM_RE.match(header, pos)
        if m is None:
            raise DigestParseError(f"malformed Digest parameter at offset {pos}")
        name, quoted, value = m.groups()
        if name is None:  # only separators were left
            break
        name = name.lower()
        if quoted is not None:
            value = _ESCAPE_RE.sub(r"\1", quoted) if "\\" in quoted else quoted
        if name in params:
            raise DigestParseError(f"duplicate Digest parameter {name!r}")
        params[name] = value
        pos = m.end()

    for name in _REQUIRED:
        if name not in params:
            raise DigestParseError(f"missing Digest parameter {name!r}")
    for name in ("nonce", "uri"):
        if not params[name]:
            raise DigestParseError(f"empty Digest parameter {name!r}")
    if not _RESPONSE_RE.fullmatch(params["response"]):
        raise DigestParseError("Digest response must be 32 hexadecimal digits")

    algorithm = params.get("algorithm")
    if algorithm is not None and algorithm.upper() != "MD5":
        raise DigestParseError(f"unsupported Digest algorithm {algorithm!r} (only MD5 is supported)")

    qop = params.get("qop")
    nc = params.get("nc")
    cnonce = params.get("cnonce")
    if qop is not None:
        if qop.lower() not in ("auth", "auth-int"):
            raise DigestParseError(f"unsupported Digest qop {qop!r}")
        if nc is None or cnonce is None:
            raise DigestParseError("Digest qop requires nc and cnonce")
        if not cnonce:
            raise DigestParseError("empty Digest parameter 'cnonce'")
    if nc is not None and not _NC_RE.fullmatch(nc):
        raise DigestParseError("Digest nc must be 8 hexadecimal digits")

    return DigestCredentials(
        username=params["username"],
        realm=params["realm"],
        nonce=params["nonce"],
        uri=params["uri"],
        response=params["response"],
        qop=qop,
        nc=nc,
        cnonce=cnonce,
        algorithm=algorithm,
        opaque=params.get("opaque"),
    )


# ------------------------------------------------------------------------------------------ verification


def _uri_matches(uri: str, request_target: str) -> bool:
    if uri == request_target:
        return True
    # Absolute-URI form ("http://host:port/path?q"): compare its path and query with the target.
    scheme, sep, rest = uri.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return False
    cut = len(rest)
    for delimiter in "/?#":
        index = rest.find(delimiter)
        if index != -1 and index < cut:
            cut = index
    path_and_query = rest[cut:]
    if not path_and_query.startswith("/"):
        path_and_query = "/" + path_and_query
    return path_and_query == request_target


def _md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("latin-1")).hexdigest()


def verify(credentials: DigestCredentials, ha1: str, method: str, request_target: str) -> bool:
    """Check the Digest ``response`` against the stored ``ha1`` for a request.

    ``request_target`` is the raw path plus ``?query`` if any, exactly as on the request line; the
    credentials' ``uri`` must equal it (an absolute URI whose path and query equal it is accepted too).
    Supports ``qop=auth`` and RFC 2069 (no qop); ``auth-int`` and anything else yield False. The realm is
    checked implicitly, through ``ha1``. The nonce itself is *not* checked here: use :meth:`Nonces.check`.
    """
    if not _uri_matches(credentials.uri, request_target):
        return False
    response = credentials.response
    if len(response) != 32 or not response.isascii():
        return False
    qop, nc, cnonce = credentials.qop, credentials.nc, credentials.cnonce
    try:
        ha2 = _md5_hex(f"{method}:{credentials.uri}")
        if qop is None:
            expected = _md5_hex(f"{ha1.lower()}:{credentials.nonce}:{ha2}")
        elif qop.lower() == "auth" and nc is not None and cnonce is not None:
            expected = _md5_hex(f"{ha1.lower()}:{credentials.nonce}:{nc}:{cnonce}:{qop}:{ha2}")
        else:
            return False
    except UnicodeEncodeError:  # not Latin-1-decoded header text: cannot be what the client hashed
        return False
    return hmac.compare_digest(expected, response.lower())
