"""`atlas api` on the wire: the method, path, query string, headers and body the real Atlas CLI sends
(reference/atlas-cli.md §1.5), and the warnings it prints on stderr.

Requests go through the CLI's real HTTP path (httpx, Digest challenge and retry) to a small recording server
on 127.0.0.1, which answers the first request of each exchange with a Digest challenge, then 204 or a canned body.
"""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas_access.cli._main import run
from support.recording import Recorder, recording_server

ORG = "5e2211c17a3e5a48f5497de3"
PROJECT = "6a1b2c3d4e5f6a7b8c9d0e1f"
INVITATION = "0123456789abcdef01234567"
PUBLIC_KEY = "abcdefgh"
PRIVATE_KEY = "11111111-2222-3333-4444-555555555555"
PIN = "consider pinning a version to ensure consisentcy when updating the CLI"
DEPRECATED_INVITES = (
    "all of the available endpoint versions have been deprecated. The API endpoint version 2023-01-01 will no "
    "longer be available after the sunset date of 2027-07-01.\n"
)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with recording_server() as found:
        yield found


# --- running atlas --------------------------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorder: Recorder) -> Path:
    """A clean environment: config in tmp_path, API keys and the recorder's URL in MONGODB_ATLAS_* variables."""
    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("MONGODB_ATLAS_OPS_MANAGER_URL", recorder.url + "/")
    monkeypatch.setenv("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC_KEY)
    monkeypatch.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE_KEY)
    return tmp_path


def write_profile(home: Path, text: str) -> None:
    path = home / "atlascli" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@dataclass
class Outcome:
    code: int
    out: bytes
    err: str


def atlas(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> Outcome:
    code = run(list(argv))
    captured = capsysbinary.readouterr()
    return Outcome(code, captured.out, captured.err.decode())


Capture = pytest.CaptureFixture[bytes]

# --- deleteOrgInvite: the seed 000 command ----------------------------------------------------------------------------


def test_delete_org_invite_pinned(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    done = atlas(
        capsysbinary,
        *("api", "organizations", "deleteOrgInvite", "--orgId", ORG, "--invitationId", INVITATION),
        *("--version", "2023-01-01"),
    )
    assert done.code == 0
    assert done.out == b""
    assert done.err == f'Command "deleteOrgInvite" is deprecated, {DEPRECATED_INVITES}\n'
    challenged, sent = recorder.requests
    for request in (challenged, sent):
        assert request.method == "DELETE"
        assert request.target == f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}"
        assert request.headers["accept"] == "application/vnd.atlas.2023-01-01+json"
        assert "content-type" not in request.headers
        assert "content-length" not in request.headers  # Go sends http.NoBody
        assert request.body == b""
    assert "authorization" not in challenged.headers  # the first try goes out unauthenticated (reference §4)
    authorization = sent.headers["authorization"]
    assert authorization.startswith(f'Digest username="{PUBLIC_KEY}", realm="MMS Public API", nonce="bm9uY2U", ')
    assert f'uri="/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}"' in authorization
    assert PRIVATE_KEY not in authorization


def test_delete_org_invite_unpinned_warns(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    done = atlas(capsysbinary, "api", "organizations", "deleteOrgInvite", "--orgId", ORG, "--invitationId", INVITATION)
    assert done.code == 0
    assert done.err == (
        f'Command "deleteOrgInvite" is deprecated, {DEPRECATED_INVITES}\n'
        f"warning: using default API version '2023-01-01'; {PIN}\n"
    )
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2023-01-01+json"


@pytest.mark.parametrize(
    ("flags", "query"),
    [
        (["--envelope"], "envelope=true"),
        (["--envelope=true"], "envelope=true"),
        (["--envelope=false"], "envelope=false"),
        (["--pretty"], "pretty=true"),
        (["--pretty", "--envelope"], "envelope=true&pretty=true"),  # keys sorted, whatever the order typed
        (["--envelope", "true"], "envelope=true"),  # `true` is a stray positional argument, ignored (cobra)
    ],
)
def test_bool_query_flags(home: Path, recorder: Recorder, capsysbinary: Capture, flags: list[str], query: str) -> None:
    done = atlas(
        capsysbinary,
        *("api", "organizations", "deleteOrgInvite", "--orgId", ORG, "--invitationId", INVITATION),
        *("--version", "2023-01-01", *flags),
    )
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}?{query}"


def test_flags_may_come_in_any_order_and_with_equals(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    done = atlas(
        capsysbinary,
        *("api", "organizations", "deleteOrgInvite", f"--invitationId={INVITATION}", "--version=2023-01-01"),
        f"--orgId={ORG}",
    )
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}"


# --- query strings: Go's url.Values.Encode ----------------------------------------------------------------------------


def test_list_org_invites_username_is_query_escaped(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"[]"
    done = atlas(
        capsysbinary,
        *("api", "organizations", "listOrgInvites", "--orgId", ORG, "--version", "2023-01-01"),
        *("--username", "Ada Lovelace+1@example.com", "--pretty"),
    )
    assert done.code == 0, done.err
    assert done.out == b"[]"
    request = recorder.last
    assert request.method == "GET"
    assert request.path == f"/api/atlas/v2/orgs/{ORG}/invites"
    assert request.query == "pretty=true&username=Ada+Lovelace%2B1%40example.com"
    assert request.headers["accept"] == "application/vnd.atlas.2023-01-01+json"
    assert "content-type" not in request.headers


def test_array_query_parameter_is_repeated(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b'{"results":[],"totalCount":0}'
    done = atlas(
        capsysbinary,
        *("api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2025-02-19"),
        *("--orgMembershipStatuses", "PENDING", "--pageNum", "2", "--orgMembershipStatuses", "ACTIVE"),
        *("--itemsPerPage", "5", "--includeCount=false"),
    )
    assert done.code == 0, done.err
    assert done.out == b'{"results":[],"totalCount":0}'
    assert recorder.last.target == (
        f"/api/atlas/v2/orgs/{ORG}/users"
        "?includeCount=false&itemsPerPage=5&orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&pageNum=2"
    )
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2025-02-19+json"


def test_only_flags_that_were_set_are_sent(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"{}"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2025-02-19")
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/orgs/{ORG}/users"  # no defaults (includeCount, pageNum ...)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a b/c", "a%20b%2Fc"),  # url.PathEscape: space as %20, slash escaped inside a segment
        ("x?y;z,w", "x%3Fy%3Bz%2Cw"),
        ("$&+=:@", "$&+=:@"),  # left alone by url.PathEscape
        ("~-._", "~-._"),
        ("caf\u00e9", "caf%C3%A9"),
        ("100%", "100%25"),
    ],
)
def test_path_values_are_path_escaped(
    home: Path, recorder: Recorder, capsysbinary: Capture, value: str, escaped: str
) -> None:
    done = atlas(
        capsysbinary,
        *("api", "organizations", "deleteOrgInvite", "--orgId", ORG, "--invitationId", value),
        *("--version", "2023-01-01"),
    )
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/orgs/{ORG}/invites/{escaped}"


# --- request bodies: --file or piped stdin ---------------------------------------------------------------------------

INVITE_BODY = b'{"username": "ada@example.com",\n "roles": ["ORG_MEMBER"]}\n'


def test_create_org_invite_with_file(home: Path, recorder: Recorder, capsysbinary: Capture, tmp_path: Path) -> None:
    recorder.status, recorder.body = 200, b'{"id":"abc"}'
    body_file = tmp_path / "invite.json"
    body_file.write_bytes(INVITE_BODY)
    done = atlas(
        capsysbinary,
        *("api", "organizations", "createOrgInvite", "--orgId", ORG, "--version", "2023-01-01"),
        *("--file", str(body_file)),
    )
    assert done.code == 0, done.err
    assert done.out == b'{"id":"abc"}'
    challenged, sent = recorder.requests
    for request in (challenged, sent):  # the body goes again with the Digest retry
        assert request.method == "POST"
        assert request.target == f"/api/atlas/v2/orgs/{ORG}/invites"
        assert request.headers["accept"] == "application/vnd.atlas.2023-01-01+json"
        assert request.headers["content-type"] == "application/vnd.atlas.2023-01-01+json"
        assert request.body == INVITE_BODY  # as is, not re-encoded


def test_create_org_invite_from_piped_stdin(
    home: Path, recorder: Recorder, capsysbinary: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.status, recorder.body = 200, b'{"id":"abc"}'
    body_file = tmp_path / "invite.json"
    body_file.write_bytes(INVITE_BODY)
    # a file on stdin is "piped" for Go: it is not a character device
    with open(body_file) as stdin, monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        done = atlas(capsysbinary, "api", "organizations", "createOrgInvite", "--orgId", ORG, "--version", "2023-01-01")
    assert done.code == 0, done.err
    assert recorder.last.body == INVITE_BODY
    assert recorder.last.headers["content-type"] == "application/vnd.atlas.2023-01-01+json"


def test_file_and_piped_stdin_together_is_an_error(
    home: Path, recorder: Recorder, capsysbinary: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body_file = tmp_path / "invite.json"
    body_file.write_bytes(INVITE_BODY)
    with open(body_file) as stdin, monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        done = atlas(
            capsysbinary,
            *("api", "organizations", "createOrgInvite", "--orgId", ORG, "--version", "2023-01-01"),
            *("--file", str(body_file)),
        )
    assert done.code == 1
    assert done.err.endswith("\nError: cannot use --file flag and also input from standard input\n")
    assert recorder.requests == []


def test_no_body_at_all_is_an_error(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    done = atlas(capsysbinary, "api", "organizations", "createOrgInvite", "--orgId", ORG, "--version", "2023-01-01")
    assert done.code == 1
    assert done.err.endswith("\nError: --file flag is required when not using piped input\n")
    assert recorder.requests == []


# --- seed 004: --projectId is --groupId ------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--projectId", "--groupId"])
def test_delete_project_invitation_legacy_id_and_project_alias(
    home: Path, recorder: Recorder, capsysbinary: Capture, flag: str
) -> None:
    done = atlas(
        capsysbinary,
        *("api", "projects", "deleteProjectInvitation", flag, PROJECT, "--invitationId", INVITATION),
        *("--version", "2023-01-01"),
    )
    assert done.code == 0, done.err
    assert done.out == b""
    assert done.err.startswith('Command "deleteGroupInvite" is deprecated, ')
    request = recorder.last
    assert (request.method, request.target) == ("DELETE", f"/api/atlas/v2/groups/{PROJECT}/invites/{INVITATION}")
    assert request.headers["accept"] == "application/vnd.atlas.2023-01-01+json"


# --- versions -------------------------------------------------------------------------------------------------------


def test_default_version_is_the_newest(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"{}"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG)
    assert done.code == 0, done.err
    assert done.err == f"warning: using default API version '2025-02-19'; {PIN}\n"
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2025-02-19+json"


def test_a_pinned_newest_version_warns_nothing(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"{}"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2025-02-19")
    assert done.code == 0, done.err
    assert done.err == ""


def test_an_older_version_with_a_sunset_warns(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"{}"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2023-01-01")
    assert done.code == 0, done.err
    # listOrgUsers is not deprecated as a whole (2025-02-19 has no sunset): no cobra notice, a per-version warning
    assert done.err == (
        "warning: version '2023-01-01' is deprecated for this command and will be sunset on 2027-07-01. "
        "Consider upgrading to a newer version if available.\n"
    )
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2023-01-01+json"


@pytest.mark.parametrize("version", ["2020-01-01", "2024-01-01", "latest"])
def test_an_unsupported_version_falls_back_to_the_default(
    home: Path, recorder: Recorder, capsysbinary: Capture, version: str
) -> None:
    recorder.status, recorder.body = 200, b"{}"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", version)
    assert done.code == 0, done.err
    assert done.err == (
        f"warning: version '{version}' is not supported for this endpoint, using default API version "
        f"'2025-02-19'; {PIN}\n"
    )
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2025-02-19+json"


def test_profile_api_version_fills_version(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"{}"
    write_profile(home, 'version = 2\n[default]\napi_version = "2023-01-01"\n')
    done = atlas(capsysbinary, "api", "organizations", "deleteOrgInvite", "--orgId", ORG, "--invitationId", INVITATION)
    assert done.code == 0, done.err
    assert "warning: using default API version" not in done.err  # the profile pinned it
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2023-01-01+json"


def test_profile_api_version_unsupported_by_the_command_falls_back(
    home: Path, recorder: Recorder, capsysbinary: Capture
) -> None:
    recorder.status, recorder.body = 200, b"{}"
    write_profile(home, 'version = 2\n[default]\napi_version = "2024-08-05"\n')
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG)
    assert done.code == 0, done.err
    assert done.err == (
        f"warning: version '2024-08-05' is not supported for this endpoint, using default API version "
        f"'2025-02-19'; {PIN}\n"
    )
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2025-02-19+json"


def test_env_api_version_fills_version_and_the_flag_wins(
    home: Path, recorder: Recorder, capsysbinary: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.status, recorder.body = 200, b"{}"
    monkeypatch.setenv("MONGODB_ATLAS_API_VERSION", "2023-01-01")
    atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG)
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2023-01-01+json"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2025-02-19")
    assert done.err == ""
    assert recorder.last.headers["accept"] == "application/vnd.atlas.2025-02-19+json"


# --- profile values fill flags ---------------------------------------------------------------------------------------


def test_profile_org_id_and_project_id_fill_flags(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    recorder.status, recorder.body = 200, b"[]"
    write_profile(home, f'version = 2\n[work]\norg_id = "{ORG}"\nproject_id = "{PROJECT}"\n')
    done = atlas(capsysbinary, "api", "organizations", "listOrgInvites", "--version", "2023-01-01")
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/orgs/{ORG}/invites"
    done = atlas(capsysbinary, "api", "projects", "listGroupInvites", "--version", "2023-01-01")
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/groups/{PROJECT}/invites"
    # a flag wins over the profile, and so does its alias
    atlas(capsysbinary, "api", "projects", "listGroupInvites", "--version", "2023-01-01", "--projectId", INVITATION)
    assert recorder.last.target == f"/api/atlas/v2/groups/{INVITATION}/invites"


def test_env_org_id_wins_over_the_profile(
    home: Path, recorder: Recorder, capsysbinary: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.status, recorder.body = 200, b"[]"
    write_profile(home, f'version = 2\n[default]\norg_id = "{ORG}"\n')
    monkeypatch.setenv("MONGODB_ATLAS_ORG_ID", PROJECT)
    done = atlas(capsysbinary, "api", "organizations", "listOrgInvites", "--version", "2023-01-01")
    assert done.code == 0, done.err
    assert recorder.last.target == f"/api/atlas/v2/orgs/{PROJECT}/invites"


def test_a_required_flag_not_in_the_profile_is_reported(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    write_profile(home, f'version = 2\n[default]\norg_id = "{ORG}"\n')
    done = atlas(capsysbinary, "api", "organizations", "deleteOrgInvite", "--version", "2023-01-01")
    assert done.code == 1
    assert done.err.endswith('\nError: required flag(s) "invitationId" not set\n')
    assert recorder.requests == []


# --- responses --------------------------------------------------------------------------------------------------------


def test_an_error_body_is_printed_as_received(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    body = b'{ "error" : 404,\n  "errorCode" : "RESOURCE_NOT_FOUND" }'
    recorder.status, recorder.body, recorder.content_type = 404, body, "application/json"
    done = atlas(capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2025-02-19")
    assert done.code == 1
    assert done.out == body
    assert done.err == "Error: server returned an error response code\n"


def test_a_success_body_passes_through_byte_for_byte(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    body = b'{"z":1,  "a":[1.50, 1e6],\n"\\u00e9":"caf\xc3\xa9"}'
    recorder.status, recorder.body = 200, body
    done = atlas(
        capsysbinary,
        "api",
        "mongoDbCloudUsers",
        "listOrgUsers",
        "--orgId",
        ORG,
        "--version",
        "2025-02-19",
        "-o",
        "json",
    )
    assert done.code == 0, done.err
    assert done.out == body


def test_an_unknown_output_format_is_refused(home: Path, recorder: Recorder, capsysbinary: Capture) -> None:
    done = atlas(
        capsysbinary, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", ORG, "--version", "2025-02-19", "-o", "csv"
    )
    assert done.code == 1
    assert done.err == "Error: expected one of the following values: [json], but got 'csv' instead\n"
    assert recorder.requests == []


# --- service accounts -------------------------------------------------------------------------------------------------


def test_service_account_requests_carry_a_bearer_token(
    home: Path, recorder: Recorder, capsysbinary: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.challenge = False
    monkeypatch.delenv("MONGODB_ATLAS_PUBLIC_API_KEY")
    monkeypatch.delenv("MONGODB_ATLAS_PRIVATE_API_KEY")
    monkeypatch.setenv("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_1")
    monkeypatch.setenv("MONGODB_ATLAS_CLIENT_SECRET", "mdb_sa_sk_secret")
    done = atlas(
        capsysbinary,
        *("api", "organizations", "deleteOrgInvite", "--orgId", ORG, "--invitationId", INVITATION),
        *("--version", "2023-01-01"),
    )
    assert done.code == 0, done.err
    token_request, sent = recorder.requests
    assert (token_request.method, token_request.target) == ("POST", "/api/oauth/token")
    assert (
        token_request.headers["authorization"] == "Basic " + base64.b64encode(b"mdb_sa_id_1:mdb_sa_sk_secret").decode()
    )
    assert token_request.body == b"grant_type=client_credentials"
    assert (sent.method, sent.target) == ("DELETE", f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}")
    assert sent.headers["authorization"].startswith("Bearer ")
    assert sent.headers["accept"] == "application/vnd.atlas.2023-01-01+json"
    assert "content-type" not in sent.headers
    assert "content-length" not in sent.headers  # Go sends http.NoBody: no Content-Length on a DELETE
