"""``-D/--debug``: every request and response on stderr, as the real CLI dumps them, with secrets masked.

Masked: the ``Authorization`` header (its scheme and Digest username stay), ``Cookie``/``Set-Cookie``,
and in bodies the values of ``access_token``, ``refresh_token``, ``privateKey``, ``secret``,
``client_secret`` and ``password`` (JSON or form).
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = ["event_hooks", "mask_body", "mask_header"]

MASK = "********"
_SECRET_FIELDS = ("access_token", "refresh_token", "privateKey", "secret", "client_secret", "password", "token")
_JSON_SECRET = re.compile(r'("(?:' + "|".join(_SECRET_FIELDS) + r')"\s*:\s*)"[^"]*"')
_FORM_SECRET = re.compile(r"((?:^|&)(?:" + "|".join(_SECRET_FIELDS) + r")=)[^&]*")
_DIGEST_USER = re.compile(r'username="[^"]*"')


def mask_header(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered == "authorization":
        scheme = value.split(" ", 1)[0]
        user = _DIGEST_USER.search(value) if scheme.lower() == "digest" else None
        return f"{scheme} {user.group(0) + ', ' if user else ''}{MASK}"
    if lowered in ("cookie", "set-cookie"):
        return MASK
    return value


def mask_body(text: str) -> str:
    return _FORM_SECRET.sub(r"\1" + MASK, _JSON_SECRET.sub(r'\1"' + MASK + '"', text))


def _canonical(name: str) -> str:
    """Go's canonical header form: ``authorization`` -> ``Authorization``, ``x-request-id`` -> ``X-Request-Id``."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))


def _body(content: bytes) -> str:
    try:
        return mask_body(content.decode())
    except UnicodeDecodeError:
        return f"<{len(content)} bytes of binary content>"


def _log_request(request: httpx.Request) -> None:
    lines = [f"{request.method} {request.url.raw_path.decode()} HTTP/1.1", f"Host: {request.url.netloc.decode()}"]
    lines += [f"{_canonical(k)}: {mask_header(k, v)}" for k, v in request.headers.items() if k.lower() != "host"]
    body = _body(request.content) if request.content else ""
    sys.stderr.write("\n".join(lines) + "\n\n" + (body + "\n" if body else ""))


def _log_response(response: httpx.Response) -> None:
    response.read()
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [f"{_canonical(k)}: {mask_header(k, v)}" for k, v in response.headers.items()]
    body = _body(response.content) if response.content else ""
    sys.stderr.write("\n".join(lines) + "\n\n" + (body + "\n" if body else ""))


def event_hooks() -> dict[str, list[Any]]:
    return {"request": [_log_request], "response": [_log_response]}
