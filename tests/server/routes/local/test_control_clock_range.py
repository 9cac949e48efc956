"""``POST /api/local/v1/clock`` keeps the server clock from 1970-01-01T00:00:00Z to 9000-01-01T00:00:00Z: a move
beyond is 400 ``INVALID_JSON_ATTRIBUTE`` naming ``advance`` or ``now`` and changes nothing. Before, an advance of
``99999999999999d`` was a 500, and a clock set before 1970 made every Digest challenge a 500."""

from __future__ import annotations

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

CLOCK = "/api/local/v1/clock"
RANGE = "the server clock must stay between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"advance": "99999999999999d"}, "advance"),
        ({"advance": "-99999999999999d"}, "advance"),
        ({"advance": "-100000d"}, "advance"),  # about 1752
        ({"now": "1969-12-31T23:59:59Z"}, "now"),
        ({"now": "0001-01-01T00:00:00+01:00"}, "now"),
        ({"now": "9000-01-01T00:00:01Z"}, "now"),
        ({"now": "9999-12-31T23:59:59Z"}, "now"),
    ],
)
def test_a_move_out_of_range_is_refused_and_changes_nothing(
    server: LocalServer, body: dict[str, str], field: str
) -> None:
    admin = server.admin()
    before = admin.get(CLOCK).json()
    answer = expect_error(admin.post(CLOCK, json=body), 400, "INVALID_JSON_ATTRIBUTE")
    assert answer["parameters"] == [field]
    assert answer["detail"] == RANGE
    after = admin.get(CLOCK)
    assert after.status_code == 200
    assert after.json()["offsetSeconds"] == before["offsetSeconds"]
    # Digest still challenges, and a signed request still works.
    challenge = httpx.get(f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}", trust_env=False)
    assert challenge.status_code == 401
    assert challenge.headers["www-authenticate"].startswith("Digest ")
    assert server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200


def test_the_ends_of_the_range_are_allowed(server: LocalServer) -> None:
    admin = server.admin()
    for moment in ("1970-01-01T00:00:00Z", "9000-01-01T00:00:00Z"):
        response = admin.post(CLOCK, json={"now": moment})
        assert response.status_code == 200, response.text
        assert response.json()["now"] == moment
    challenge = httpx.get(f"{server.base_url}/api/atlas/v2/orgs/{server.org_id}", trust_env=False)
    assert challenge.status_code == 401
    assert challenge.headers["www-authenticate"].startswith("Digest ")


def test_an_advance_of_thousands_of_digits_is_refused_in_our_words(server: LocalServer) -> None:
    response = server.admin().post(CLOCK, json={"advance": "9" * 5000 + "d"})
    answer = expect_error(response, 400, "INVALID_JSON_ATTRIBUTE")
    assert answer["parameters"] == ["advance"]
    assert answer["detail"] == "bad duration: a number has at most 20 digits"
