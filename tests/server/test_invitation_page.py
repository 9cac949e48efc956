"""The invitee's page ``/account/invitations/{token}`` over HTTP, as a browser would use it.

A "browser" here is an httpx client with its own cookie jar: it opens the link from the outbox, reads the
hidden form token from the page and posts the form back with the page's cookie and an ``Origin`` header.
"""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.responses import Response

from atlas_access.server.routes.pages.invitation_view import relative
from atlas_access.server.routes.pages.reply import guarded
from support.server import LocalServer

EVENTS_ACCEPT = "application/vnd.atlas.2023-01-01+json"
FORM_TOKEN = re.compile(r'name="form_token" value="([0-9a-f]{64})"')
INVITEE = "ada@example.com"


@dataclass
class Opened:
    """An invitation page a browser has open: its link, the HTTP answer and the browser that holds its cookie."""

    link: str
    response: httpx.Response
    browser: httpx.Client

    @property
    def form_token(self) -> str:
        found = FORM_TOKEN.search(self.response.text)
        assert found is not None, self.response.text
        return found.group(1)

    def post(self, fields: dict[str, str], **headers: str) -> httpx.Response:
        """Submit a form of the page the way a browser does (same-origin ``Origin``), unless told otherwise."""
        sent = {"Origin": self.browser.base_url.scheme + "://" + self.browser.base_url.netloc.decode(), **headers}
        return self.browser.post(self.link, data=fields, headers=sent)

    def accept(self, **names: str) -> httpx.Response:
        return self.post({"form_token": self.form_token, "action": "accept", **names})

    def decline(self) -> httpx.Response:
        return self.post({"form_token": self.form_token, "action": "decline"})


def _browser(server: LocalServer) -> httpx.Client:
    return server.client(accept="text/html")


def _invite_to_org(server: LocalServer, username: str = INVITEE, **extra: Any) -> dict[str, Any]:
    body = {"username": username, "roles": ["ORG_MEMBER"], **extra}
    response = server.digest().post(f"/api/atlas/v2/orgs/{server.org_id}/invites", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _link(server: LocalServer, username: str = INVITEE) -> str:
    links = [mail["link"] for mail in server.outbox() if mail["to"] == username]
    assert links, f"no mail to {username}"
    return str(links[-1])


def _open(server: LocalServer, link: str, browser: httpx.Client | None = None) -> Opened:
    browser = browser or _browser(server)
    return Opened(link, browser.get(link), browser)


def _invites(server: LocalServer) -> list[dict[str, Any]]:
    return list(server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites").json())


def _org_events(server: LocalServer) -> list[dict[str, Any]]:
    response = server.digest(accept=EVENTS_ACCEPT).get(f"/api/atlas/v2/orgs/{server.org_id}/events")
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _event_types(server: LocalServer) -> list[str]:
    return [event["eventTypeName"] for event in _org_events(server)]


def _assert_page_headers(response: httpx.Response) -> None:
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers.get_list("referrer-policy") == ["no-referrer"]
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "form-action 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "script-src" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Traceback" not in response.text


def _text(response: httpx.Response) -> str:
    """The page's words with tags dropped and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


# --- What the page shows -----------------------------------------------------------------------------


def test_page_shows_what_from_whom_which_roles_and_until_when(server: LocalServer) -> None:
    created = _invite_to_org(
        server,
        roles=["ORG_MEMBER", "ORG_BILLING_ADMIN"],
        groupRoleAssignments=[{"groupId": server.project_id, "roles": ["GROUP_READ_ONLY"]}],
    )
    opened = _open(server, _link(server))
    assert opened.response.status_code == 200
    _assert_page_headers(opened.response)
    text = _text(opened.response)
    assert f"Join the organization {created['orgName']}" in text
    assert "Organization Member ORG_MEMBER" in text
    assert "Organization Billing Admin ORG_BILLING_ADMIN" in text
    assert "Project Read Only in Project 0 GROUP_READ_ONLY" in text
    assert f"Invited by {created['inviterUsername']}" in text
    assert INVITEE in text
    assert f'<time datetime="{created["expiresAt"]}">' in opened.response.text
    assert "(in 30 days)" in text
    assert "Accept invitation" in text
    assert "Decline" in text
    assert opened.response.text.count(f'action="{httpx.URL(opened.link).path}" method="post"') == 2


def test_relative_expiry_follows_the_server_clock(server: LocalServer) -> None:
    _invite_to_org(server)
    server.advance("29d")
    text = _text(_open(server, _link(server)).response)
    assert "(in 1 day)" in text


@pytest.mark.parametrize(
    ("seconds_left", "shown"),
    [
        (30 * 86400 - 2, "in 30 days"),
        (86400 + 3600, "in 1 day"),
        (86400 - 60, "in 1 day"),
        (5 * 3600 + 10, "in 5 hours"),
        (3599, "in 1 hour"),
        (12 * 60 + 5, "in 12 minutes"),
        (59, "in less than a minute"),
    ],
)
def test_relative_expiry_wording(seconds_left: int, shown: str) -> None:
    assert relative(seconds_left) == shown


def test_project_invitation_page_shows_the_project_and_joins_it(server: LocalServer) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/groups/{server.project_id}/invites", json={"username": INVITEE, "roles": ["GROUP_READ_ONLY"]}
    )
    assert response.status_code == 200, response.text
    opened = _open(server, _link(server))
    assert opened.response.status_code == 200
    text = _text(opened.response)
    assert "Join the project Project 0 of the organization Atlas Access Local" in text
    assert "Project Project 0" in text
    assert "Project Read Only in Project 0 GROUP_READ_ONLY" in text

    joined = opened.accept()
    assert joined.status_code == 200
    assert "You joined the project Project 0" in _text(joined)
    group_events = server.digest(accept=EVENTS_ACCEPT).get(f"/api/atlas/v2/groups/{server.project_id}/events").json()
    assert [event["eventTypeName"] for event in group_events["results"]] == ["JOINED_GROUP", "INVITED_TO_GROUP"]
    assert server.digest().get(f"/api/atlas/v2/groups/{server.project_id}/invites").json() == []


def test_a_hostile_organization_name_is_shown_as_text(server: LocalServer) -> None:
    hostile = '<script>alert("x")</script> & "Co"'
    built = server.fixtures({"orgs": [{"name": hostile, "apiKeys": [{"orgRoles": ["ORG_OWNER"]}]}]})
    org = built["orgs"][0]
    key = org["apiKeys"][0]
    response = server.digest(key["publicKey"], key["privateKey"]).post(
        f"/api/atlas/v2/orgs/{org['id']}/invites", json={"username": INVITEE, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    page = _open(server, _link(server)).response
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot;" in page.text
    assert f"<title>Invitation to join {hostile}" not in page.text


# --- Answering -----------------------------------------------------------------------------------------


def test_accept_makes_an_active_member_like_the_local_control_api(server: LocalServer) -> None:
    created = _invite_to_org(server)
    opened = _open(server, _link(server))
    cookie = opened.response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert f"Path={httpx.URL(opened.link).path}" in cookie
    assert "Secure" not in cookie  # served over plain http here

    joined = opened.accept(firstName="Ada", lastName="Lovelace")
    assert joined.status_code == 200
    _assert_page_headers(joined)
    assert f"You joined the organization {created['orgName']}" in _text(joined)
    assert created["id"] not in [item["id"] for item in _invites(server)]
    # An active member cannot be invited again.
    again = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": INVITEE, "roles": ["ORG_MEMBER"]}
    )
    assert again.status_code == 409

    # The same answer through the local control API writes the same event.
    other = _invite_to_org(server, "grace@example.com")
    assert server.accept(other["id"]).status_code == 200
    events = _org_events(server)
    assert [e["eventTypeName"] for e in events] == ["JOINED_ORG", "INVITED_TO_ORG", "JOINED_ORG", "INVITED_TO_ORG"]
    by_page, by_control = events[2], events[0]
    assert by_page["username"] == by_page["targetUsername"] == INVITEE
    assert sorted(by_page) == sorted(by_control)
    assert by_page["remoteAddress"] == by_control["remoteAddress"] == "127.0.0.1"


def test_a_used_link_answers_410_and_says_it_was_accepted(server: LocalServer) -> None:
    _invite_to_org(server)
    opened = _open(server, _link(server))
    assert opened.accept().status_code == 200
    for response in (_browser(server).get(opened.link), opened.accept(), opened.decline()):
        assert response.status_code == 410
        _assert_page_headers(response)
        assert "This invitation has already been accepted" in _text(response)
    assert _event_types(server) == ["JOINED_ORG", "INVITED_TO_ORG"]


def test_decline_keeps_the_invitation_listed_as_rejected(server: LocalServer) -> None:
    created = _invite_to_org(server)
    opened = _open(server, _link(server))
    declined = opened.decline()
    assert declined.status_code == 200
    assert "You declined the invitation" in _text(declined)
    assert [item["id"] for item in _invites(server)] == [created["id"]]
    refused = server.accept(created["id"])
    assert refused.status_code == 409
    assert "REJECTED" in refused.json()["detail"]
    again = _browser(server).get(opened.link)
    assert again.status_code == 410
    assert "This invitation was declined" in _text(again)
    assert opened.decline().status_code == 410  # a second decline is not a second answer
    assert _event_types(server) == ["INVITED_TO_ORG"]


def test_cancelled_invitation_answers_410_and_records_the_deletion(server: LocalServer) -> None:
    created = _invite_to_org(server)
    opened = _open(server, _link(server))
    deleted = server.digest().delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{created['id']}")
    assert deleted.status_code == 204
    page = _browser(server).get(opened.link)
    assert page.status_code == 410
    _assert_page_headers(page)
    assert "This invitation was cancelled" in _text(page)
    late = opened.accept()
    assert late.status_code == 410
    assert "This invitation was cancelled" in _text(late)
    assert _event_types(server) == ["ORG_INVITATION_DELETED", "INVITED_TO_ORG"]


def test_expired_invitation_answers_410(server: LocalServer) -> None:
    created = _invite_to_org(server)
    opened = _open(server, _link(server))
    server.advance("31d")
    page = _browser(server).get(opened.link)
    assert page.status_code == 410
    assert "This invitation has expired" in _text(page)
    late = opened.accept()
    assert late.status_code == 410
    assert "This invitation has expired" in _text(late)
    assert [item["id"] for item in _invites(server)] == [created["id"]]
    assert _event_types(server) == ["INVITED_TO_ORG"]


def test_a_replaced_invitation_sends_the_invitee_to_the_newest_mail(server: LocalServer) -> None:
    _invite_to_org(server)
    old = _open(server, _link(server))
    assert old.decline().status_code == 200
    _invite_to_org(server)  # replaces the declined one, with a new link
    new_link = _link(server)
    assert new_link != old.link
    page = _browser(server).get(old.link)
    assert page.status_code == 410
    assert "This invitation was replaced by a newer one" in _text(page)
    assert _open(server, new_link).response.status_code == 200


@pytest.mark.parametrize("token", ["A" * 43, "short", "not-a-token!", "x" * 300])
def test_a_link_that_matches_nothing_answers_404(server: LocalServer, token: str) -> None:
    response = _browser(server).get(f"/account/invitations/{token}")
    assert response.status_code == 404
    _assert_page_headers(response)
    assert "This invitation link is not valid" in _text(response)
    assert "set-cookie" not in response.headers
    posted = _browser(server).post(f"/account/invitations/{token}", data={"action": "accept"})
    assert posted.status_code in (403, 404)
    assert "text/html" in posted.headers["content-type"]


# --- Cross-site forms ------------------------------------------------------------------------------------


def _assert_nothing_changed(server: LocalServer, link: str) -> None:
    assert set(_event_types(server)) == {"INVITED_TO_ORG"}  # nobody joined
    assert _browser(server).get(link).status_code == 200  # still pending


def test_a_post_without_the_matching_cookie_and_field_is_refused(server: LocalServer) -> None:
    _invite_to_org(server)
    _invite_to_org(server, "grace@example.com")
    opened = _open(server, _link(server))
    other = _open(server, _link(server, "grace@example.com"))
    stranger = Opened(opened.link, opened.response, _browser(server))  # has the page's field, not its cookie
    attempts = [
        stranger.accept(),
        opened.post({"action": "accept"}),
        opened.post({"action": "accept", "form_token": "0" * 64}),
        opened.post({"action": "accept", "form_token": other.form_token}),  # another invitation's field
    ]
    for refused in attempts:
        assert refused.status_code == 403
        _assert_page_headers(refused)
        assert "This form has expired" in _text(refused)
        assert f'href="{httpx.URL(opened.link).path}"' in refused.text
    _assert_nothing_changed(server, opened.link)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "null", "Sec-Fetch-Site": "same-site"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_cross_site_post_is_refused_even_with_cookie_and_field(server: LocalServer, headers: dict[str, str]) -> None:
    _invite_to_org(server)
    opened = _open(server, _link(server))
    refused = opened.post({"form_token": opened.form_token, "action": "accept"}, **headers)
    assert refused.status_code == 403
    _assert_page_headers(refused)
    assert "This form was sent from another site" in _text(refused)
    _assert_nothing_changed(server, opened.link)


def test_a_browser_posting_with_origin_null_from_the_page_itself_is_accepted(server: LocalServer) -> None:
    # Under "Referrer-Policy: no-referrer" Chromium posts the page's own forms with "Origin: null".
    _invite_to_org(server)
    opened = _open(server, _link(server))
    headers = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    response = opened.post({"form_token": opened.form_token, "action": "accept"}, **headers)
    assert response.status_code == 200
    assert "You joined" in _text(response)


def test_an_unknown_action_answers_400_and_changes_nothing(server: LocalServer) -> None:
    _invite_to_org(server)
    opened = _open(server, _link(server))
    response = opened.post({"form_token": opened.form_token, "action": "delete"})
    assert response.status_code == 400
    assert "Choose Accept or Decline" in _text(response)
    _assert_nothing_changed(server, opened.link)


def test_forms_are_small_and_urlencoded(server: LocalServer) -> None:
    _invite_to_org(server)
    opened = _open(server, _link(server))
    huge = opened.post({"form_token": opened.form_token, "action": "accept", "firstName": "x" * 5000})
    assert huge.status_code == 413
    as_json = opened.browser.post(opened.link, json={"form_token": opened.form_token, "action": "accept"})
    assert as_json.status_code == 415
    too_long_name = opened.accept(firstName="x" * 129)
    assert too_long_name.status_code == 400
    _assert_nothing_changed(server, opened.link)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_concurrent_accepts_one_wins_the_other_sees_410(request: pytest.FixtureRequest, database: str) -> None:
    server: LocalServer = request.getfixturevalue("server" if database == "sqlite" else "pg_server")
    _invite_to_org(server)
    opened = _open(server, _link(server))
    cookies = dict(opened.browser.cookies.items())
    form_token = opened.form_token
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def accept() -> None:
        # One client per thread, each carrying the page's cookie.
        with httpx.Client(base_url=server.base_url, trust_env=False, timeout=30) as browser:
            browser.cookies.set("invitation_form", cookies["invitation_form"], path=httpx.URL(opened.link).path)
            barrier.wait()
            response = browser.post(
                opened.link, data={"form_token": form_token, "action": "accept"}, headers={"Origin": server.base_url}
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 410]
    assert _event_types(server) == ["JOINED_ORG", "INVITED_TO_ORG"]


def test_an_unexpected_failure_is_a_page_without_a_stack_trace() -> None:
    async def broken() -> Response:
        raise RuntimeError("secret internals")

    response = asyncio.run(guarded(broken()))
    assert response.status_code == 500
    body = bytes(response.body).decode()
    assert "Something went wrong" in body
    assert "secret internals" not in body
    assert "Traceback" not in body
    assert response.headers["x-request-id"] in body


def test_over_https_the_cookie_is_secure(server: LocalServer) -> None:
    _invite_to_org(server)
    path = httpx.URL(_link(server)).path

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=server.opened.app)  # the same app, reached over "https"
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as https:
            return await https.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == 200
    assert "Secure" in response.headers["set-cookie"]
    assert "strict-transport-security" in response.headers
