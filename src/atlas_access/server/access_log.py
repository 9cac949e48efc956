"""The access log (``serve --access-log``) without secrets.

A request target can carry a secret: the invitee's page is ``/account/invitations/<token>``, and a client may put
credentials in a query (``?client_secret=``, ``?access_token=``), though this server never reads them there. The log
shows such a token as its first few characters and ``…`` (enough to tell two links apart), and a secret parameter's
value as ``…``. Credentials in headers and bodies are never logged.
"""

import logging
import re
from urllib.parse import unquote_plus

ACCESS_LOGGER = "uvicorn.access"
SHOWN_PREFIX = 4  # characters of an invitation token the log keeps
REDACTED = "…"

_INVITEE_PAGE = re.compile(r"(/account/invitations/)([^/?#]+)")
_SECRET_NAME = re.compile(r"secret|token|passw|private|credential|signature|auth|apikey|api_key", re.IGNORECASE)
_PARAMETER = re.compile(r"([^&=;]*)(=)([^&;]*)")


def redact_target(target: str) -> str:
    """``/account/invitations/AbCdEf…?x=1`` for ``/account/invitations/AbCdEfGh…?x=1``; secret parameters' values
    become ``…``. Anything else is left as it is."""
    path, mark, query = target.partition("?")
    if not query and "/account/invitations/" not in path:
        return target  # nearly every request: nothing to redact
    path = _INVITEE_PAGE.sub(lambda found: found[1] + _shortened(found[2]), path)
    if query:
        query = _PARAMETER.sub(_parameter, query)
    return path + mark + query


def _shortened(token: str) -> str:
    return token[:SHOWN_PREFIX] + REDACTED


def _parameter(found: re.Match[str]) -> str:
    name, equals, value = found[1], found[2], found[3]
    secret = value and _SECRET_NAME.search(unquote_plus(name))
    return name + equals + (REDACTED if secret else value)


class RedactSecrets(logging.Filter):
    """Rewrites the request target of uvicorn's access records: ``'%s - "%s %s HTTP/%s" %d'``, whose third
    argument is the path with its query."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_target(args[2]), *args[3:])
        return True


def install() -> None:
    """Redact the access log of this process (idempotent)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(one, RedactSecrets) for one in logger.filters):
        logger.addFilter(RedactSecrets())
