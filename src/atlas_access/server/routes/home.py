"""``GET /``: what this server is, which APIs it serves at which base paths, its version and where its docs are
(ours, docs/wire.md §1).

HTML for a browser (``Accept: text/html``), JSON for ``Accept: application/json``, plain text otherwise (curl's
``*/*``). No credentials: it says nothing the documentation does not. ``HEAD`` answers the same without the body.
"""

from dataclasses import dataclass
from html import escape

from starlette.requests import Request
from starlette.responses import Response

from atlas_access import __version__
from atlas_access.server.routes.local.health import PATH as HEALTH_PATH
from atlas_access.server.routes.pages.reply import page
from atlas_access.server.state import ServerState
from atlas_access.server.wire import render, respond

PATH = "/"
ABOUT = (
    "A stateful, offline, MongoDB Cloud-compatible access-management server: organizations, projects, users, "
    "teams, API keys, service accounts, invitations and events, on MongoDB Cloud's wire formats."
)


@dataclass(frozen=True, slots=True)
class Api:
    name: str
    base_paths: tuple[str, ...]
    credentials: str


APIS = (
    Api(
        "Atlas Admin API v2",
        ("/api/atlas/v2",),
        "Digest with an API key, or Bearer with a service account's token; Accept: application/vnd.atlas.<date>+json",
    ),
    Api("Cloud Manager Public API v1.0 (invitations)", ("/api/public/v1.0",), "Digest or Bearer, as above"),
    Api("OAuth 2.0 token and revocation", ("/api/oauth/token", "/api/oauth/revoke"), "HTTP Basic clientId:secret"),
)
LOCAL_API = Api("Local control for tests and development", ("/api/local/v1",), "Bearer adminToken from bootstrap.json")
DOCS = (
    ("README.md", "how to run it and what to try first"),
    ("docs/wire.md", "the wire contract: what every answer looks like, MongoDB Cloud's rules and ours"),
    ("docs/design.md", "how it is built"),
    ("docs/fixtures.md", "the local control API's fixture document"),
)
DOCS_WHERE = "in the atlas-access repository"
_OFFERS = ("text/plain", "application/json", "text/html")  # on a tie, the first


def chosen_type(accept: str | None) -> str:
    """The offered media type the ``Accept`` header prefers: highest quality, then the most specific range that
    names it, then the order of ``_OFFERS``."""
    ranked: dict[str, tuple[float, int]] = {}
    for item in (accept or "").split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        kind, _, subtype = media_range.lower().partition("/")
        for offer in _OFFERS:
            offer_kind, offer_subtype = offer.split("/")
            if (kind, subtype) == (offer_kind, offer_subtype):
                specificity = 2
            elif (kind, subtype) == (offer_kind, "*"):
                specificity = 1
            elif (kind, subtype) == ("*", "*"):
                specificity = 0
            else:
                continue
            if specificity > ranked.get(offer, (0.0, -1))[1]:
                ranked[offer] = (quality, specificity)
    acceptable = [offer for offer in _OFFERS if ranked.get(offer, (0.0, 0))[0] > 0]
    if not acceptable:
        return _OFFERS[0]
    return max(acceptable, key=lambda offer: (ranked[offer], -_OFFERS.index(offer)))


def _apis(state: ServerState) -> tuple[Api, ...]:
    return (*APIS, LOCAL_API) if state.local_api else APIS


def _json(state: ServerState) -> bytes:
    return render.to_json(
        {
            "name": "atlas-access",
            "version": __version__,
            "about": ABOUT,
            "apis": [
                {"name": api.name, "basePaths": list(api.base_paths), "credentials": api.credentials}
                for api in _apis(state)
            ],
            "health": HEALTH_PATH,
            "docs": [{"page": name, "about": about} for name, about in DOCS],
            "docsWhere": DOCS_WHERE,
        },
        pretty=True,
    )


def _text(state: ServerState) -> str:
    lines = [f"atlas-access {__version__}", "", ABOUT, ""]
    for api in _apis(state):
        lines += [f"{api.name}: {', '.join(api.base_paths)}", f"  {api.credentials}"]
    lines += [f"Health, no credentials: {HEALTH_PATH}", "", f"Docs, {DOCS_WHERE}:"]
    lines += [f"  {name:<16}  {about}" for name, about in DOCS]
    return "\n".join(lines) + "\n"


def _html(state: ServerState) -> str:
    apis = "\n".join(
        f"<dt>{escape(api.name)}</dt>\n<dd><code>{escape(', '.join(api.base_paths))}</code>"
        f"{escape(api.credentials)}</dd>"
        for api in _apis(state)
    )
    docs = "\n".join(f"<li><code>{escape(name)}</code>{escape(about)}</li>" for name, about in DOCS)
    return (
        f'<span class="badge">version {escape(__version__)}</span>\n<h1>atlas-access</h1>\n'
        f'<p class="lead">{escape(ABOUT)}</p>\n<dl>\n{apis}\n'
        f"<dt>Health (no credentials)</dt>\n<dd><code>{escape(HEALTH_PATH)}</code></dd>\n</dl>\n"
        f'<p>Docs, {escape(DOCS_WHERE)}:</p>\n<ul class="roles">\n{docs}\n</ul>'
    )


async def home(state: ServerState, request: Request) -> Response:
    media_type = chosen_type(request.headers.get("accept"))
    vary = {"Vary": "Accept"}
    if media_type == "text/html":
        return page(200, "About this server", _html(state), headers=vary)
    if media_type == "application/json":
        return Response(_json(state), 200, headers=vary, media_type=respond.JSON)
    return Response(_text(state), 200, headers=vary, media_type="text/plain; charset=utf-8")


ROUTES = (("GET", PATH, home), ("HEAD", PATH, home))
