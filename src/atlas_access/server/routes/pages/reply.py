"""Answering with a page: the HTML response with its headers, and the guard that keeps errors as pages.

Like ``wire.respond.guarded`` for the API, but every failure becomes an HTML page: a ``PageError`` its own
page, an ``ApiError`` a page with its status and detail, anything else a 500 page whose request id
points at the stack trace in the log (never shown to the visitor).
"""

import logging
import secrets
from collections.abc import Awaitable, Mapping
from html import escape

from starlette.responses import HTMLResponse, Response

from atlas_access.core.errors import ApiError, reason_phrase
from atlas_access.server.routes.pages.layout import HEADERS, document

log = logging.getLogger("atlas_access.server")


class PageError(Exception):
    """Stop and answer with a short page: ``status``, a heading and one paragraph (plain text, escaped)."""

    def __init__(
        self, status: int, title: str, message: str, *, badge: str | None = None, link: tuple[str, str] | None = None
    ) -> None:
        super().__init__(f"{status}: {title}")
        self.status = status
        self.title = title
        self.message = message
        self.badge = badge
        self.link = link  # (href, text): where to go from here


def page(status: int, title: str, body: str, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """A page with the headers every page carries (no caching, no referrer, a strict CSP)."""
    return HTMLResponse(document(title, body), status, headers={**HEADERS, **(headers or {})})


def message_page(
    status: int, title: str, message: str, *, badge: str | None = None, link: tuple[str, str] | None = None
) -> HTMLResponse:
    """A page with a heading, one paragraph and maybe a link, all plain text."""
    label = f'<span class="badge gone">{escape(badge)}</span>\n' if badge else ""
    onward = f'\n<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>' if link else ""
    return page(status, title, f"{label}<h1>{escape(title)}</h1>\n<p>{escape(message)}</p>{onward}")


async def guarded(answer: Awaitable[Response]) -> Response:
    """Await ``answer``; every failure becomes a page, never a stack trace."""
    try:
        return await answer
    except PageError as problem:
        return message_page(problem.status, problem.title, problem.message, badge=problem.badge, link=problem.link)
    except ApiError as problem:
        return message_page(problem.status, reason_phrase(problem.status), problem.detail)
    except Exception as exc:
        request_id = secrets.token_hex(8)
        log.error("request %s failed unexpectedly", request_id, exc_info=(type(exc), exc, exc.__traceback__))
        response = message_page(
            500, "Something went wrong", f"Please try again in a moment. (Request id {request_id}.)"
        )
        response.headers["X-Request-Id"] = request_id
        return response
