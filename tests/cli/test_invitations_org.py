"""`atlas organizations invitations`: what a user types, sees and finds on the server afterwards, and exactly what
each command sends (reference/atlas-cli.md §2 and the e2e notes in §5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support.server import LocalServer

if TYPE_CHECKING:
    from conftest import AtlasRunner, Recording

ATLAS_JSON = "application/vnd.atlas.2023-01-01+json"

ORG = "5e2211c17a3e5a48f5497de3"
PROJECT = "6a1b2c3d4e5f6a7b8c9d0e1f"
INVITATION = "6a793f89c0eb9e7a177165b6"
UNAUTHORIZED = (
    "Error: unauthorized\n\nTo log in using your Atlas username and password or to set credentials using a Service "
    "account or API keys, run: atlas auth login\n"
)
# A recorded answer of the real API (reference/atlas-cli.md §2), plus a field the SDK model does not have.
RECORDED = {
    "createdAt": "2026-08-10T03:03:37Z",
    "expiresAt": "2026-09-09T03:03:37Z",
    "groupRoleAssignments": [],
    "id": INVITATION,
    "inviterUsername": "nmtxqlkl",
    "orgId": "a0123456789abcdef012345a",
    "orgName": "Atlas CLI E2E",
    "roles": ["ORG_MEMBER"],
    "teamIds": [],
    "username": "test-783@mongodb.com",
    "somethingNew": True,
}


def _invite(server: LocalServer, username: str, roles: list[str] | None = None) -> dict[str, object]:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": roles or ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def _stored(server: LocalServer, invitation_id: str) -> dict[str, object] | None:
    response = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation_id}")
    return dict(response.json()) if response.status_code == 200 else None


def _go_time(stamp: object) -> str:
    """time.Time's String() of an RFC 3339 UTC stamp."""
    assert isinstance(stamp, str) and stamp.endswith("Z")
    return stamp[:-1].replace("T", " ") + " +0000 UTC"


# --- against the server: what a user sees and what is stored afterwards -----------------------------------------


def test_invite_with_roles_prints_the_confirmation_and_stores_the_invitation(
    atlas: AtlasRunner, on_server: LocalServer
) -> None:
    result = atlas("organizations", "invitations", "invite", "ada@example.com", "--role", "ORG_MEMBER,ORG_READ_ONLY")
    assert result == (0, "User 'ada@example.com' invited.\n", "")
    listed = on_server.digest().get(f"/api/atlas/v2/orgs/{on_server.org_id}/invites").json()
    assert [(i["username"], i["roles"]) for i in listed] == [("ada@example.com", ["ORG_MEMBER", "ORG_READ_ONLY"])]


def test_invite_json_is_the_sdk_model_reindented(atlas: AtlasRunner, on_server: LocalServer) -> None:
    result = atlas("org", "invitation", "create", "bob@example.com", "--role", "ORG_MEMBER", "-o=json")
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    stored = _stored(on_server, str(shown["id"]))
    assert stored is not None
    expected = {key: stored[key] for key in sorted(stored) if key in shown}
    assert result.out == json.dumps(expected, indent=2) + "\n"
    assert shown["username"] == "bob@example.com"
    assert shown["roles"] == ["ORG_MEMBER"]
    assert list(shown) == sorted(shown)


def _table(*rows: tuple[str, ...]) -> str:
    """What the tabwriter makes of rows of cells: each column as wide as its widest cell plus 3, at least 6."""
    widths = [max(6, max(len(row[i]) for row in rows) + 3) for i in range(len(rows[0]) - 1)]
    return "".join("".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + row[-1] + "\n" for row in rows)


HEADER = ("ID", "USERNAME", "CREATED AT", "EXPIRES AT")


def test_list_and_describe_print_the_real_table(atlas: AtlasRunner, on_server: LocalServer) -> None:
    first = _invite(on_server, "a@example.com")
    second = _invite(on_server, "longer.name@example.com")
    rows = [
        (str(i["id"]), str(i["username"]), _go_time(i["createdAt"]), _go_time(i["expiresAt"])) for i in (first, second)
    ]
    assert atlas("organizations", "invitations", "list") == (0, _table(HEADER, *rows), "")
    assert atlas("orgs", "invitations", "get", rows[1][0]) == (0, _table(HEADER, rows[1]), "")
    header = "ID                         USERNAME        CREATED AT                      EXPIRES AT\n"
    assert _table(HEADER, rows[0]).startswith(header)  # the helper itself, on one known case


def test_list_filters_by_email(atlas: AtlasRunner, on_server: LocalServer) -> None:
    _invite(on_server, "a@example.com")
    wanted = _invite(on_server, "b@example.com")
    result = atlas("org", "invitations", "ls", "--email", "b@example.com", "-o", "json")
    assert result.code == 0, result.err
    assert [i["id"] for i in json.loads(result.out)] == [wanted["id"]]


def test_empty_list_prints_only_the_header(atlas: AtlasRunner, on_server: LocalServer) -> None:
    # Each cell is padded to max(minwidth 6, width + padding 3); the last cell of a line is not padded.
    assert atlas("org", "invitations", "list") == (0, "ID    USERNAME   CREATED AT   EXPIRES AT\n", "")
    assert atlas("org", "invitations", "list", "-o", "json") == (0, "[]\n", "")


def test_update_by_email_then_by_id_replaces_the_roles(atlas: AtlasRunner, on_server: LocalServer) -> None:
    created = _invite(on_server, "c@example.com")
    by_email = atlas("org", "invitations", "update", "--email", "c@example.com", "--role", "ORG_READ_ONLY", "-o=json")
    assert by_email.code == 0, by_email.err
    assert json.loads(by_email.out)["roles"] == ["ORG_READ_ONLY"]
    by_id = atlas("org", "invitations", "updates", str(created["id"]), "--role", "ORG_GROUP_CREATOR")
    assert by_id == (0, f"Invitation {created['id']} updated.\n", "")
    assert (_stored(on_server, str(created["id"])) or {})["roles"] == ["ORG_GROUP_CREATOR"]


def test_invite_and_update_from_a_file_ignore_unknown_fields(
    atlas: AtlasRunner, on_server: LocalServer, tmp_path: Path
) -> None:
    invite = tmp_path / "invite.json"
    invite.write_text(json.dumps({"username": "file@example.com", "roles": ["ORG_READ_ONLY"], "colour": "blue"}))
    created = atlas("org", "invitations", "invite", "--file", str(invite), "-o", "json")
    assert created.code == 0, created.err
    invitation_id = json.loads(created.out)["id"]
    update = tmp_path / "update.json"
    update.write_text(json.dumps({"roles": ["ORG_GROUP_CREATOR"], "unknown": 1}))
    for _ in range(2):  # as the real e2e test does: the same file twice
        updated = atlas("org", "invitations", "update", invitation_id, "-f", str(update))
        assert updated == (0, f"Invitation {invitation_id} updated.\n", "")
    assert (_stored(on_server, invitation_id) or {})["roles"] == ["ORG_GROUP_CREATOR"]


def test_delete_with_force_prints_exactly_and_the_invitation_is_gone(
    atlas: AtlasRunner, on_server: LocalServer
) -> None:
    created = _invite(on_server, "gone@example.com")
    result = atlas("org", "invitations", "delete", str(created["id"]), "--force")
    assert result == (0, f"Invitation '{created['id']}' deleted\n", "")
    assert _stored(on_server, str(created["id"])) is None


def test_delete_asks_first_and_no_keeps_the_invitation(atlas: AtlasRunner, on_server: LocalServer) -> None:
    created = _invite(on_server, "kept@example.com")
    prompt = f"? Are you sure you want to delete: {created['id']} (y/N) \n"
    for answer in ("n\n", "\n", ""):  # no, the default, and end of input
        result = atlas("org", "invitations", "rm", str(created["id"]), stdin=answer)
        assert result == (0, prompt + "Invitation not deleted\n", "")
    assert _stored(on_server, str(created["id"])) is not None


def test_delete_asks_again_after_an_invalid_answer_then_yes_deletes(atlas: AtlasRunner, on_server: LocalServer) -> None:
    created = _invite(on_server, "asked@example.com")
    prompt = f"? Are you sure you want to delete: {created['id']} (y/N) \n"
    result = atlas("org", "invitations", "delete", str(created["id"]), stdin="maybe\nYes\n")
    invalid = 'X Sorry, your reply was invalid: "maybe" is not a valid answer, please try again.\n'
    assert result == (0, prompt + invalid + prompt + f"Invitation '{created['id']}' deleted\n", "")
    assert _stored(on_server, str(created["id"])) is None


def test_a_missing_invitation_is_the_sdk_error_on_stderr(atlas: AtlasRunner, on_server: LocalServer) -> None:
    missing = "0123456789abcdef01234567"
    result = atlas("org", "invitations", "describe", missing)
    url = f"{on_server.base_url}/api/atlas/v2/orgs/{on_server.org_id}/invites/{missing}"
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        f'Error: {url} GET: HTTP 404 Not Found (Error code: "RESOURCE_NOT_FOUND") Detail: Cannot find resource '
        f"invitation with ID {missing}. Reason: Not Found. Params: [invitation with ID {missing}]\n"
    )


def test_bad_credentials_say_unauthorized(
    atlas: AtlasRunner, on_server: LocalServer, atlas_env: pytest.MonkeyPatch
) -> None:
    atlas_env.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", "00000000-0000-0000-0000-000000000000")
    assert atlas("org", "invitations", "list") == (1, "", UNAUTHORIZED)


def test_go_templates_see_the_sdk_struct(atlas: AtlasRunner, on_server: LocalServer, tmp_path: Path) -> None:
    created = _invite(on_server, "tpl@example.com")
    template = "{{.Id}} {{.Username}} {{.CreatedAt}} {{.Roles}} {{.TeamIds}} {{.OrgName}} {{.Links}}"
    result = atlas("org", "invitations", "describe", str(created["id"]), "-o", f"go-template={template}")
    assert result.code == 0, result.err
    assert result.out == (
        f"{created['id']} tpl@example.com {_go_time(created['createdAt'])} [ORG_MEMBER] [] {created['orgName']} <nil>"
    )
    file = tmp_path / "list.tmpl"
    file.write_text("{{range .}}{{.Username}}\t{{len .Roles}}\n{{end}}")
    listed = atlas("org", "invitations", "list", "-o", f"go-template-file={file}")
    assert listed == (0, "tpl@example.com   1\n", "")


def test_the_profile_output_applies_when_o_is_not_given(
    atlas: AtlasRunner, on_server: LocalServer, atlas_env: pytest.MonkeyPatch
) -> None:
    _invite(on_server, "p@example.com")
    atlas_env.setenv("MONGODB_ATLAS_OUTPUT", "json")
    result = atlas("org", "invitations", "list")
    assert result.code == 0, result.err
    assert [i["username"] for i in json.loads(result.out)] == ["p@example.com"]


# --- checks before any request --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message", "usage"),
    [
        (
            ["delete"],
            '"atlas organizations invitations delete" requires 1 argument, received 0',
            "delete <invitationId>",
        ),
        (
            ["rm", "a", "b"],
            '"atlas organizations invitations delete" requires 1 argument, received 2',
            "delete <invitationId>",
        ),
        (
            ["get"],
            '"atlas organizations invitations describe" requires 1 argument, received 0',
            "describe <invitationId>",
        ),
        (["ls", "x"], '"atlas organizations invitations list" accepts no arguments', "list"),
        (
            ["create", "a", "b"],
            '"atlas organizations invitations invite" accepts at most 1 argument, received 2',
            "invite <email>",
        ),
        (
            ["update", "a", "b"],
            '"atlas organizations invitations update" accepts at most 1 argument, received 2',
            "update [invitationId]",
        ),
    ],
)
def test_argument_counts_are_checked_first(atlas: AtlasRunner, args: list[str], message: str, usage: str) -> None:
    result = atlas("orgs", "invitation", *args)
    assert result == (1, "", f"Error: {message}\n\nUsage:  atlas organizations invitations {usage} [flags]\n")


@pytest.mark.parametrize(
    "command", [["list"], ["describe", "x"], ["invite", "a@x.com"], ["update", "x"], ["delete", "x"]]
)
def test_an_organization_id_is_required_and_must_be_valid(atlas: AtlasRunner, command: list[str]) -> None:
    assert atlas("org", "invitations", *command) == (1, "", 'Error: required flag(s) "orgId" not set\n')
    bad = atlas("org", "invitations", *command, "--orgId", "x")
    assert bad == (1, "", "Error: the provided value 'x' is not a valid ID\n")


def test_the_org_id_flag_beats_the_environment(
    atlas: AtlasRunner, recording: Recording, atlas_env: pytest.MonkeyPatch
) -> None:
    atlas_env.setenv("MONGODB_ATLAS_ORG_ID", "not-an-id")
    recording.body = []
    assert atlas("org", "invitations", "list", "--orgId", ORG, "-o", "json") == (0, "[]\n", "")
    assert recording.only.path == f"/api/atlas/v2/orgs/{ORG}/invites"


def test_update_needs_an_email_or_an_id(
    atlas: AtlasRunner, recording: Recording, atlas_env: pytest.MonkeyPatch
) -> None:
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", PROJECT)
    result = atlas("org", "invitations", "update", "--orgId", ORG, "--role", "ORG_MEMBER")
    assert result == (1, "", "Error: you must provide the email address or the invitationId\n")
    assert recording.requests == []


def test_update_checks_a_project_id_as_the_real_cli_does_and_says_so(
    atlas: AtlasRunner, recording: Recording, atlas_env: pytest.MonkeyPatch
) -> None:
    missing = atlas("org", "invitations", "update", INVITATION, "--orgId", ORG, "--role", "ORG_MEMBER")
    assert missing.code == 1
    assert missing.err == (
        "Error: this command needs a project ID from the profile's project_id or MONGODB_ATLAS_PROJECT_ID, "
        "although it does not use one (the real Atlas CLI checks it too); set one with: "
        "atlas config set project_id <projectId>\n"
    )
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", "nope")
    bad = atlas("org", "invitations", "update", INVITATION, "--orgId", ORG, "--role", "ORG_MEMBER")
    assert bad.err.startswith("Error: the provided value 'nope' is not a valid ID: this command checks the project ID")
    assert recording.requests == []


@pytest.mark.parametrize(
    ("args", "group", "both"),
    [
        (["invite", "--file", "f.json", "--role", "ORG_MEMBER"], "file role", "file role"),
        (["invite", "--file", "f.json", "--teamId", "t"], "file teamId", "file teamId"),
        (["invite", "-f", "f.json", "--teamId", "t", "--role", "R"], "file role", "file role"),
        (["update", INVITATION, "--file", "f.json", "--role", "ORG_MEMBER"], "file role", "file role"),
    ],
)
def test_file_cannot_be_combined_with_role_or_team(
    atlas: AtlasRunner, recording: Recording, atlas_env: pytest.MonkeyPatch, args: list[str], group: str, both: str
) -> None:
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", PROJECT)
    result = atlas("org", "invitations", *args, "--orgId", ORG)
    message = f"if any flags in the group [{group}] are set none of the others can be; [{both}] were all set"
    assert result == (1, "", f"Error: {message}\n")
    assert recording.requests == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.json", "file not found: {path}"),
        ("{}", "invite", "filename: {path} requires valid extension"),
        ("{}", "invite.txt", "unsupported file type: txt"),
        (
            "{nope",
            "invite.json",
            "{path} is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        (
            '{"roles": "ORG_MEMBER"}',
            "invite.json",
            "json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string",
        ),
        ("[]", "invite.json", "json: cannot unmarshal array into Go value of type admin.OrganizationInvitationRequest"),
    ],
)
def test_a_bad_file_is_reported_before_any_request(
    atlas: AtlasRunner, recording: Recording, tmp_path: Path, content: str | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = atlas("org", "invitations", "invite", "--file", str(path), "--orgId", ORG)
    assert result == (1, "", f"Error: {message.format(path=path)}\n")
    assert recording.requests == []


# --- on the wire: exactly what each command sends ---------------------------------------------------------------


def _body(request_json: dict[str, object]) -> bytes:
    return (json.dumps(request_json, separators=(",", ":")) + "\n").encode()


@pytest.mark.parametrize(
    ("args", "method", "target", "body"),
    [
        (["list"], "GET", f"/api/atlas/v2/orgs/{ORG}/invites?username=", None),
        (["ls", "--email", "a+b@x.com"], "GET", f"/api/atlas/v2/orgs/{ORG}/invites?username=a%2Bb%40x.com", None),
        (["describe", INVITATION], "GET", f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}", None),
        (
            ["invite", "u@x.com", "--role", "ORG_MEMBER,ORG_READ_ONLY", "--teamId", "t1", "--teamId", "t2"],
            "POST",
            f"/api/atlas/v2/orgs/{ORG}/invites",
            {"roles": ["ORG_MEMBER", "ORG_READ_ONLY"], "teamIds": ["t1", "t2"], "username": "u@x.com"},
        ),
        (
            ["invite", "u@x.com"],
            "POST",
            f"/api/atlas/v2/orgs/{ORG}/invites",
            {"roles": [], "teamIds": [], "username": "u@x.com"},
        ),
        (
            ["update", INVITATION, "--role", "ORG_OWNER", "--email", "ignored@x.com"],
            "PATCH",
            f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}",
            {"roles": ["ORG_OWNER"]},
        ),
        (
            ["update", "--email", "u@x.com", "--role", "ORG_OWNER"],
            "PATCH",
            f"/api/atlas/v2/orgs/{ORG}/invites",
            {"roles": ["ORG_OWNER"], "username": "u@x.com"},
        ),
        (["delete", INVITATION, "--force"], "DELETE", f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}", None),
    ],
)
def test_each_command_sends_what_the_real_cli_sends(
    atlas: AtlasRunner,
    recording: Recording,
    atlas_env: pytest.MonkeyPatch,
    args: list[str],
    method: str,
    target: str,
    body: dict[str, object] | None,
) -> None:
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", PROJECT)
    recording.body = [RECORDED] if args[0] in ("list", "ls") else RECORDED
    recording.status = 204 if args[0] == "delete" else 200
    output = [] if args[0] == "delete" else ["-o", "json"]  # the request does not depend on the output format
    result = atlas("organizations", "invitations", *args, "--orgId", ORG, *output)
    assert result.code == 0, result.err
    sent = recording.only
    assert (sent.method, sent.target) == (method, target)
    assert sent.headers["accept"] == ATLAS_JSON
    if body is None:
        assert sent.body == b""
        assert "content-type" not in sent.headers
    else:
        assert sent.headers["content-type"] == ATLAS_JSON
        assert sent.body == _body(body)


@pytest.mark.parametrize(
    ("file_content", "args", "target", "body"),
    [
        (
            {"username": "f@x.com", "roles": ["ORG_READ_ONLY"], "Teamids": ["t"], "colour": "blue", "orgId": ORG},
            ["invite"],
            f"/api/atlas/v2/orgs/{ORG}/invites",
            {"roles": ["ORG_READ_ONLY"], "teamIds": ["t"], "username": "f@x.com"},
        ),
        (
            {
                "roles": ["ORG_GROUP_CREATOR"],
                "teamIds": ["t"],
                "username": "dropped@x.com",
                "groupRoleAssignments": [{"groupId": PROJECT, "groupRole": "GROUP_READ_ONLY"}],
            },
            ["update", INVITATION],
            f"/api/atlas/v2/orgs/{ORG}/invites/{INVITATION}",
            {"roles": ["ORG_GROUP_CREATOR"], "teamIds": ["t"]},
        ),
        (
            {"username": "f@x.com", "roles": ["ORG_MEMBER"], "groupRoleAssignments": [{"groupId": PROJECT, "x": 1}]},
            ["update", "--email", "f@x.com"],
            f"/api/atlas/v2/orgs/{ORG}/invites",
            {"groupRoleAssignments": [{"groupId": PROJECT}], "roles": ["ORG_MEMBER"], "username": "f@x.com"},
        ),
    ],
)
def test_a_file_body_keeps_only_the_sdk_model_fields(
    atlas: AtlasRunner,
    recording: Recording,
    atlas_env: pytest.MonkeyPatch,
    tmp_path: Path,
    file_content: dict[str, object],
    args: list[str],
    target: str,
    body: dict[str, object],
) -> None:
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", PROJECT)
    path = tmp_path / "body.json"
    path.write_text(json.dumps(file_content))
    recording.body = RECORDED
    result = atlas("org", "invitations", *args, "--file", str(path), "--orgId", ORG, "-o", "json")
    assert result.code == 0, result.err
    assert (recording.only.target, recording.only.body) == (target, _body(body))


# --- output formats, on the real API's recorded answer -------------------------------------------------------------


def test_text_output_of_a_recorded_answer(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = [RECORDED, {**RECORDED, "id": "6a793f8ec0eb9e7a17716c2d", "username": "x@y.z"}]
    result = atlas("org", "invitations", "list", "--orgId", ORG)
    assert result == (
        0,
        "ID                         USERNAME               CREATED AT                      EXPIRES AT\n"
        "6a793f89c0eb9e7a177165b6   test-783@mongodb.com   2026-08-10 03:03:37 +0000 UTC   "
        "2026-09-09 03:03:37 +0000 UTC\n"
        "6a793f8ec0eb9e7a17716c2d   x@y.z                  2026-08-10 03:03:37 +0000 UTC   "
        "2026-09-09 03:03:37 +0000 UTC\n",
        "",
    )


def test_json_output_of_a_recorded_answer_drops_unknown_fields_and_keeps_org_name(
    atlas: AtlasRunner, recording: Recording
) -> None:
    recording.body = {key: value for key, value in RECORDED.items() if key != "orgName"} | {
        "createdAt": "2026-08-10T03:03:37.500+00:00",
        "inviterUsername": None,
        "username": "a<b>&c@x.com",
    }
    result = atlas("org", "invitations", "describe", INVITATION, "--orgId", ORG, "-o", "json")
    assert result.code == 0, result.err
    assert result.out == (
        "{\n"
        '  "createdAt": "2026-08-10T03:03:37.5Z",\n'
        '  "expiresAt": "2026-09-09T03:03:37Z",\n'
        '  "groupRoleAssignments": [],\n'
        f'  "id": "{INVITATION}",\n'
        '  "orgId": "a0123456789abcdef012345a",\n'
        '  "orgName": "",\n'
        '  "roles": [\n    "ORG_MEMBER"\n  ],\n'
        '  "teamIds": [],\n'
        '  "username": "a\\u003cb\\u003e\\u0026c@x.com"\n'
        "}\n"
    )


def test_json_path_is_refused_with_a_clear_message(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = RECORDED
    result = atlas("org", "invitations", "describe", INVITATION, "--orgId", ORG, "-o", "json-path=$.id")
    assert result == (1, "", "Error: -o json-path is not supported by this atlas; use -o json or -o go-template=...\n")


@pytest.mark.parametrize(
    "alias",
    [["organizations", "invitations"], ["organization", "invitation"], ["orgs", "invitations"], ["org", "invitation"]],
)
def test_every_alias_reaches_the_same_command(atlas: AtlasRunner, recording: Recording, alias: list[str]) -> None:
    recording.body = RECORDED
    result = atlas(*alias, "get", INVITATION, "--orgId", ORG, "-o", "go-template={{.Username}}")
    assert result == (0, "test-783@mongodb.com", "")
