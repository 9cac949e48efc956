"""The invitee's page in a real browser: Debian's Chromium on a phone-sized screen, driven by Playwright.

Playwright's own browsers are never downloaded; ``make browser`` installs Debian's ``chromium``. Screenshots
are kept in ``test-artifacts/`` at the repository root. Skipped when chromium or playwright is missing,
except in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from support.server import LocalServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
BRAND_GREEN = "rgb(0, 104, 74)"  # the Accept button: proof that the inline stylesheet passed the CSP


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Debian's chromium is not installed at {CHROMIUM} (run `make browser`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (run `pip install -e '.[dev]'`)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    return path


def _fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _link(server: LocalServer, username: str) -> str:
    links = [mail["link"] for mail in server.outbox() if mail["to"] == username]
    assert links, f"no mail to {username}"
    return str(links[-1])


def _invite(server: LocalServer, username: str) -> dict[str, Any]:
    body = {
        "username": username,
        "roles": ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
        "groupRoleAssignments": [{"groupId": server.project_id, "roles": ["GROUP_DATA_ACCESS_READ_WRITE"]}],
    }
    response = server.digest().post(f"/api/atlas/v2/orgs/{server.org_id}/invites", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_invitee_accepts_on_a_phone(server: LocalServer, phone: Page) -> None:
    created = _invite(server, "ada.lovelace@example.com")
    answer = phone.goto(_link(server, "ada.lovelace@example.com"))
    assert answer is not None and answer.status == 200

    heading = phone.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Join the organization {created['orgName']}"
    details = phone.locator("dl")
    for shown in (
        "Organization Member",
        "Organization Project Creator",
        "Project Data Access Read/Write",
        created["inviterUsername"],
        "(in 30 days)",
    ):
        assert details.get_by_text(shown, exact=False).first.is_visible(), shown
    accept = phone.get_by_role("button", name="Accept invitation")
    decline = phone.get_by_role("button", name="Decline")
    assert accept.is_visible() and decline.is_visible()
    assert accept.evaluate("button => getComputedStyle(button).backgroundColor") == BRAND_GREEN
    for button in (accept, decline):
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 300  # large tap targets
    assert _fits_the_screen(phone)
    _screenshot(phone, "invitation-page.png")

    phone.get_by_label("First name").fill("Ada")
    phone.get_by_label("Last name").fill("Lovelace")
    with phone.expect_navigation() as navigation:
        accept.tap()
    joined = navigation.value
    assert joined is not None and joined.status == 200
    assert joined.request.headers["origin"] == "null"  # what Chromium sends under Referrer-Policy: no-referrer
    assert phone.get_by_role("heading", level=1).inner_text() == f"You joined the organization {created['orgName']}"
    assert _fits_the_screen(phone)
    _screenshot(phone, "invitation-page-joined.png")

    client = server.digest(accept="application/vnd.atlas.2023-01-01+json")
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites").json() == []
    events = client.get(f"/api/atlas/v2/orgs/{server.org_id}/events").json()["results"]
    assert events[0]["eventTypeName"] == "JOINED_ORG"
    assert events[0]["targetUsername"] == "ada.lovelace@example.com"


def test_a_cancelled_invitation_shows_the_gone_page(server: LocalServer, phone: Page) -> None:
    created = _invite(server, "grace@example.com")
    link = _link(server, "grace@example.com")
    deleted = server.digest().delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{created['id']}")
    assert deleted.status_code == 204

    answer = phone.goto(link)
    assert answer is not None and answer.status == 410
    assert phone.get_by_role("heading", level=1).inner_text() == "This invitation was cancelled"
    assert phone.get_by_text("Cancelled", exact=True).is_visible()
    assert phone.get_by_role("button").count() == 0
    assert _fits_the_screen(phone)
    _screenshot(phone, "invitation-page-gone.png")


USERS_API = "application/vnd.atlas.2025-02-19+json"
EVENTS_API = "application/vnd.atlas.2023-01-01+json"


def _invite_with_users_api(server: LocalServer, username: str) -> str:
    response = server.digest(accept=USERS_API).post(
        f"/api/atlas/v2/orgs/{server.org_id}/users",
        json={"username": username, "roles": {"orgRoles": ["ORG_MEMBER"]}},
    )
    assert response.status_code == 201, response.text
    assert response.json()["orgMembershipStatus"] == "PENDING"
    return str(response.json()["id"])


def test_a_newcomer_invites_with_the_users_api_and_the_invitee_joins(server: LocalServer, phone: Page) -> None:
    """The issue's definition of done: invite with the users API, find the mail in the outbox, open the link in
    a browser, accept; the member is ACTIVE in the users API and the org's events show JOINED_ORG."""
    user_id = _invite_with_users_api(server, "newcomer@example.com")
    answer = phone.goto(_link(server, "newcomer@example.com"))
    assert answer is not None and answer.status == 200
    with phone.expect_navigation() as navigation:
        phone.get_by_role("button", name="Accept invitation").tap()
    assert navigation.value is not None and navigation.value.status == 200

    users = server.digest(accept=USERS_API).get(f"/api/atlas/v2/orgs/{server.org_id}/users").json()["results"]
    member = next(user for user in users if user["username"] == "newcomer@example.com")
    assert member["orgMembershipStatus"] == "ACTIVE"
    assert member["id"] == user_id  # the pending user's id carries over
    assert member["roles"]["orgRoles"] == ["ORG_MEMBER"]
    events = server.digest(accept=EVENTS_API).get(f"/api/atlas/v2/orgs/{server.org_id}/events").json()["results"]
    assert [e["eventTypeName"] for e in events if e["targetUsername"] == "newcomer@example.com"][:2] == [
        "JOINED_ORG",
        "INVITED_TO_ORG",
    ]


def test_a_pending_user_removed_first_leaves_a_dead_link(server: LocalServer, phone: Page) -> None:
    """The other half: the same invitation cancelled first (DELETE on the pending user) gives the 410 page and
    an ORG_INVITATION_DELETED event, and nobody joins."""
    user_id = _invite_with_users_api(server, "too-late@example.com")
    link = _link(server, "too-late@example.com")
    removed = server.digest(accept=USERS_API).delete(f"/api/atlas/v2/orgs/{server.org_id}/users/{user_id}")
    assert removed.status_code == 204

    answer = phone.goto(link)
    assert answer is not None and answer.status == 410
    assert phone.get_by_role("button").count() == 0
    events = server.digest(accept=EVENTS_API).get(f"/api/atlas/v2/orgs/{server.org_id}/events").json()["results"]
    assert [e["eventTypeName"] for e in events if e["targetUsername"] == "too-late@example.com"] == [
        "ORG_INVITATION_DELETED",
        "INVITED_TO_ORG",
    ]
    users = server.digest(accept=USERS_API).get(f"/api/atlas/v2/orgs/{server.org_id}/users").json()["results"]
    assert all(user["username"] != "too-late@example.com" for user in users)
