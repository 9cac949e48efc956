"""`atlas projects invitations` (deprecated and hidden, as in the real CLI): what a user types, sees and finds on the
server afterwards, and exactly what each command sends (reference/atlas-cli.md §2 and the e2e notes in §5)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from support.server import LocalServer

if TYPE_CHECKING:
    from conftest import AtlasRunner, Recording

ATLAS_JSON = "application/vnd.atlas.2023-01-01+json"
PROJECT = "6a1b2c3d4e5f6a7b8c9d0e1f"
INVITATION = "6a793fd52c88faeba59bd5d0"
NOTICE = 'Command "invitations" is deprecated, Project invitations are deprecated\n'
# A recorded answer of the real API (reference/recordings, atlasprojectinvitations).
RECORDED = {
    "createdAt": "2026-08-10T03:04:53Z",
    "expiresAt": "2026-09-09T03:04:53Z",
    "groupId": "6a793fd0c0eb9e7a177181d4",
    "groupName": "invitations-e2e-233",
    "id": INVITATION,
    "inviterUsername": "nmtxqlkl",
    "roles": ["GROUP_READ_ONLY"],
    "username": "test-738@mongodb.com",
}


def _stored(server: LocalServer, invitation_id: str) -> dict[str, object] | None:
    response = server.digest().get(f"/api/atlas/v2/groups/{server.project_id}/invites/{invitation_id}")
    return dict(response.json()) if response.status_code == 200 else None


# --- deprecated and hidden --------------------------------------------------------------------------------------


def test_the_group_is_hidden_from_help(atlas: AtlasRunner) -> None:
    shown = atlas("projects", "--help")
    assert shown.code == 0
    assert "invitations" not in shown.out
    assert shown.err == ""


def test_running_the_group_itself_prints_cobras_notice_on_stderr(atlas: AtlasRunner) -> None:
    for args in (["projects", "invitations"], ["project", "invitation", "--help"]):
        shown = atlas(*args)
        assert shown.code == 0
        assert shown.err == NOTICE
        assert shown.out.startswith("Invitation operations.\n\nCreate, list and manage your MongoDB project invites.\n")


def test_its_subcommands_print_no_notice(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = []
    assert atlas("projects", "invitations", "list", "--projectId", PROJECT, "-o", "json") == (0, "[]\n", "")


# --- against the server: the real CLI's e2e sequence, always with --projectId -------------------------------------


def test_invite_list_describe_update_delete(atlas: AtlasRunner, on_server: LocalServer) -> None:
    project = ["--projectId", on_server.project_id]
    invited = atlas("projects", "invitations", "invite", "e2e@example.com", "--role", "GROUP_READ_ONLY", *project)
    assert invited == (0, "User 'e2e@example.com' invited.\n", "")

    listed = atlas("projects", "invitations", "ls", *project, "-o", "json")
    assert listed.code == 0, listed.err
    [invitation] = json.loads(listed.out)
    invitation_id = invitation["id"]
    assert invitation["username"] == "e2e@example.com"

    described = atlas("projects", "invitations", "get", invitation_id, *project, "-o=json")
    assert described.code == 0, described.err
    assert json.loads(described.out)["roles"] == ["GROUP_READ_ONLY"]
    assert list(json.loads(described.out)) == sorted(json.loads(described.out))

    two_roles = ["--role", "GROUP_READ_ONLY", "--role", "GROUP_DATA_ACCESS_READ_ONLY"]
    by_email = atlas("projects", "invitations", "update", "--email", "e2e@example.com", *two_roles, *project, "-o=json")
    assert by_email.code == 0, by_email.err
    assert sorted(json.loads(by_email.out)["roles"]) == ["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY"]
    by_id = atlas("projects", "invitations", "updates", invitation_id, "--role", "GROUP_OWNER", *project)
    assert by_id == (0, f"Invitation {invitation_id} updated.\n", "")
    assert (_stored(on_server, invitation_id) or {})["roles"] == ["GROUP_OWNER"]

    deleted = atlas("projects", "invitations", "delete", invitation_id, "--force", *project)
    assert deleted == (0, f"Invitation '{invitation_id}' deleted\n", "")
    assert _stored(on_server, invitation_id) is None


def test_the_table_and_a_template_show_the_project_struct(atlas: AtlasRunner, on_server: LocalServer) -> None:
    created = on_server.digest().post(
        f"/api/atlas/v2/groups/{on_server.project_id}/invites",
        json={"username": "t@example.com", "roles": ["GROUP_OWNER"]},
    )
    invitation = created.json()
    table = atlas("projects", "invitations", "describe", invitation["id"])  # the project from the environment
    stamp = str(invitation["createdAt"])[:-1].replace("T", " ") + " +0000 UTC"
    assert table.code == 0, table.err
    assert (
        table.out.splitlines()[0]
        == "ID                         USERNAME        CREATED AT                      EXPIRES AT"
    )
    assert table.out.splitlines()[1].startswith(f"{invitation['id']}   t@example.com   {stamp}   ")
    template = "{{.GroupId}} {{.GroupName}} {{.InviterUsername}} {{.Roles}}"
    shown = atlas("projects", "invitations", "get", invitation["id"], "-o", f"go-template={template}")
    expected = f"{on_server.project_id} {invitation['groupName']} {invitation['inviterUsername']} [GROUP_OWNER]"
    assert shown == (0, expected, "")


def test_delete_asks_first(atlas: AtlasRunner, on_server: LocalServer) -> None:
    created = on_server.digest().post(
        f"/api/atlas/v2/groups/{on_server.project_id}/invites",
        json={"username": "ask@example.com", "roles": ["GROUP_OWNER"]},
    )
    invitation_id = created.json()["id"]
    prompt = f"? Are you sure you want to delete: {invitation_id} (y/N) \n"
    kept = atlas("projects", "invitations", "rm", invitation_id, stdin="no\n")
    assert kept == (0, prompt + "Invitation not deleted\n", "")
    assert _stored(on_server, invitation_id) is not None
    gone = atlas("projects", "invitations", "rm", invitation_id, stdin="y\n")
    assert gone == (0, prompt + f"Invitation '{invitation_id}' deleted\n", "")
    assert _stored(on_server, invitation_id) is None


def test_a_project_that_is_not_an_id_is_sent_as_is_and_the_server_answers(
    atlas: AtlasRunner, on_server: LocalServer
) -> None:
    result = atlas("projects", "invitations", "list", "--projectId", "not-an-id")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith(f"Error: {on_server.base_url}/api/atlas/v2/groups/not-an-id/invites GET: HTTP 4")


# --- checks before any request --------------------------------------------------------------------------------------


def test_without_a_project_the_sdk_refuses_to_build_the_path(atlas: AtlasRunner, recording: Recording) -> None:
    for args in (["list"], ["describe", INVITATION], ["invite", "a@x.com", "--role", "GROUP_OWNER"]):
        result = atlas("projects", "invitations", *args)
        assert result == (1, "", "Error: groupId is empty and must be specified\n")
    assert recording.requests == []


def test_invite_requires_a_role_and_exactly_one_email(atlas: AtlasRunner, recording: Recording) -> None:
    no_role = atlas("projects", "invitations", "invite", "a@x.com", "--projectId", PROJECT)
    assert no_role == (1, "", 'Error: required flag(s) "role" not set\n')
    no_email = atlas("projects", "invitations", "create", "--projectId", PROJECT, "--role", "GROUP_OWNER")
    assert no_email == (
        1,
        "",
        'Error: "atlas projects invitations invite" requires 1 argument, received 0\n\n'
        "Usage:  atlas projects invitations invite <email> [flags]\n",
    )
    assert recording.requests == []


def test_update_validates_the_project_then_the_target_then_the_role(
    atlas: AtlasRunner, recording: Recording, atlas_env: pytest.MonkeyPatch
) -> None:
    update = ["projects", "invitations", "update"]
    assert atlas(*update, INVITATION) == (1, "", 'Error: required flag(s) "projectId" not set\n')
    assert atlas(*update, INVITATION, "--projectId", "p") == (
        1,
        "",
        "Error: the provided value 'p' is not a valid ID\n",
    )
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", PROJECT)
    assert atlas(*update, "--role", "R") == (1, "", "Error: you must provide the email address or the invitationId\n")
    assert atlas(*update, INVITATION) == (1, "", 'Error: required flag(s) "role" not set\n')
    assert recording.requests == []


def test_there_is_no_file_flag(atlas: AtlasRunner) -> None:
    assert atlas("projects", "invitations", "invite", "a@x.com", "--file", "x.json") == (
        1,
        "",
        "Error: unknown flag: --file\n",
    )


# --- on the wire: exactly what each command sends ---------------------------------------------------------------


def _body(request_json: dict[str, object]) -> bytes:
    return (json.dumps(request_json, separators=(",", ":")) + "\n").encode()


@pytest.mark.parametrize(
    ("args", "method", "target", "body"),
    [
        (["list"], "GET", f"/api/atlas/v2/groups/{PROJECT}/invites?username=", None),
        (["list", "--email", "u@x.com"], "GET", f"/api/atlas/v2/groups/{PROJECT}/invites?username=u%40x.com", None),
        (["describe", INVITATION], "GET", f"/api/atlas/v2/groups/{PROJECT}/invites/{INVITATION}", None),
        (
            ["invite", "u@x.com", "--role", "GROUP_READ_ONLY,GROUP_OWNER", "--teamId", "never-sent"],
            "POST",
            f"/api/atlas/v2/groups/{PROJECT}/invites",
            {"roles": ["GROUP_READ_ONLY", "GROUP_OWNER"], "username": "u@x.com"},
        ),
        (
            ["update", INVITATION, "--role", "GROUP_OWNER", "--email", "ignored@x.com"],
            "PATCH",
            f"/api/atlas/v2/groups/{PROJECT}/invites/{INVITATION}",
            {"roles": ["GROUP_OWNER"]},
        ),
        (
            ["update", "--email", "u@x.com", "--role", "GROUP_OWNER"],
            "PATCH",
            f"/api/atlas/v2/groups/{PROJECT}/invites",
            {"roles": ["GROUP_OWNER"], "username": "u@x.com"},
        ),
        (["delete", INVITATION, "--force"], "DELETE", f"/api/atlas/v2/groups/{PROJECT}/invites/{INVITATION}", None),
    ],
)
def test_each_command_sends_what_the_real_cli_sends(
    atlas: AtlasRunner,
    recording: Recording,
    args: list[str],
    method: str,
    target: str,
    body: dict[str, object] | None,
) -> None:
    recording.body = [RECORDED] if args[0] == "list" else RECORDED
    recording.status = 204 if args[0] == "delete" else 200
    output = [] if args[0] == "delete" else ["-o", "json"]
    result = atlas("projects", "invitations", *args, "--projectId", PROJECT, *output)
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


def test_json_of_a_recorded_answer_is_the_group_invitation_model(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = {**RECORDED, "orgName": "not in this model", "links": [{"href": "https://x", "rel": "self"}]}
    result = atlas("projects", "invitations", "describe", INVITATION, "--projectId", PROJECT, "-o", "json")
    expected = {key: value for key, value in RECORDED.items()} | {"links": [{"href": "https://x", "rel": "self"}]}
    assert result == (0, json.dumps(dict(sorted(expected.items())), indent=2) + "\n", "")


def test_text_of_a_recorded_answer(atlas: AtlasRunner, recording: Recording) -> None:
    recording.body = [RECORDED]
    result = atlas("projects", "invitations", "list", "--projectId", PROJECT)
    assert result == (
        0,
        "ID                         USERNAME               CREATED AT                      EXPIRES AT\n"
        "6a793fd52c88faeba59bd5d0   test-738@mongodb.com   2026-08-10 03:04:53 +0000 UTC   "
        "2026-09-09 03:04:53 +0000 UTC\n",
        "",
    )
