"""`atlas api` names: groups and commands named as the real CLI names them (strcase ``ToLowerCamel``), every
operation of the index reachable by its name and its aliases, deprecated commands hidden but callable."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from atlas_access import spec
from atlas_access.cli._main import run
from atlas_access.cli.api._names import command_aliases, command_name, group_name, lower_camel
from atlas_access.cli.api.versions import all_deprecated

# --- strcase v0.3.0 ToLowerCamel ------------------------------------------------------------------------------------

REFERENCE_EXAMPLES = [  # reference/atlas-cli.md §1.3
    ("Organizations", "organizations"),
    ("MongoDB Cloud Users", "mongoDbCloudUsers"),
    ("Project IP Access List", "projectIpAccessList"),
    ("AI Model API Keys", "aiModelApiKeys"),
    ("X.509 Authentication", "x509Authentication"),
    ("Third-Party Integrations", "thirdPartyIntegrations"),
    ("Encryption at Rest using Customer Key Management", "encryptionAtRestUsingCustomerKeyManagement"),
]

MORE_EXAMPLES = [
    ("", ""),
    ("   ", ""),
    ("  Teams  ", "teams"),  # trimmed
    ("Projects", "projects"),
    ("Programmatic API Keys", "programmaticApiKeys"),
    ("Service Accounts", "serviceAccounts"),
    ("deleteOrgInvite", "deleteOrgInvite"),  # an operation id is already lowerCamel
    ("DeleteOrgInvite", "deleteOrgInvite"),
    ("getOrgID", "getOrgId"),  # an uppercase letter after an uppercase one is lowered
    ("ALLCAPS", "allcaps"),
    ("ID", "id"),
    ("hello_world", "helloWorld"),
    ("hello-world", "helloWorld"),
    ("hello.world", "helloWorld"),
    ("hello world", "helloWorld"),
    ("hello__world", "helloWorld"),  # several separators, one capital
    ("_leading", "Leading"),  # a separator first capitalises the first letter (the i == 0 rule is skipped)
    ("a1b", "a1B"),  # a digit capitalises the next letter
    ("v2 api", "v2Api"),
    ("x509", "x509"),
    ("Cloud Backups 2", "cloudBackups2"),
    ("foo@bar", "foobar"),  # other characters are dropped and do not capitalise
    ("Foo@Bar", "fooBar"),  # ... and keep an uppercase letter after them
    ("caf\u00e9 latte", "cafLatte"),  # non-ASCII bytes are dropped
    ("A B C", "aBC"),  # capitalised after a separator even after an uppercase letter
    ("AB CD", "abCd"),
    ("Atlas Search", "atlasSearch"),
    ("Cloud Migration Service", "cloudMigrationService"),
    ("LDAP Configuration", "ldapConfiguration"),
    ("Push-Based Log Export", "pushBasedLogExport"),
]


@pytest.mark.parametrize(("text", "expected"), REFERENCE_EXAMPLES + MORE_EXAMPLES)
def test_lower_camel(text: str, expected: str) -> None:
    assert lower_camel(text) == expected


def test_every_group_name_is_a_plain_lower_camel_identifier() -> None:
    groups = {group_name(op.tag) for op in spec.operations().values()}
    assert {
        "organizations",
        "projects",
        "mongoDbCloudUsers",
        "teams",
        "programmaticApiKeys",
        "serviceAccounts",
    } <= groups
    for group in groups:
        assert re.fullmatch(r"[a-z][A-Za-z0-9]*", group), group


# --- every operation is reachable -----------------------------------------------------------------------------------


def _help_usage(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run([*argv, "--help"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_operation_is_reachable_by_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    operations = spec.operations()
    assert len(operations) == 540
    failures = []
    for op in operations.values():
        group, name = group_name(op.tag), command_name(op)
        code, out, err = _help_usage(capsys, "api", group, name)
        usage = f"Usage:\n  atlas api {group} {name} [flags]\n"
        if code != 0 or usage not in out or "Error" in err:
            failures.append((op.operation_id, group, name, code, err[-200:]))
    assert failures == []


def test_every_alias_reaches_its_own_command(capsys: pytest.CaptureFixture[str]) -> None:
    failures = []
    checked = 0
    for op in spec.operations().values():
        group, name = group_name(op.tag), command_name(op)
        for alias in command_aliases(op):
            checked += 1
            code, out, err = _help_usage(capsys, "api", group, alias)
            # the alias runs the command itself: its help is the command's, listing its name and aliases
            aliases_line = out.split("\nAliases:\n  ", 1)[-1].split("\n", 1)[0].split(", ")
            if code != 0 or aliases_line[0] != name or alias not in aliases_line[1:]:
                failures.append((op.operation_id, group, alias, code, err[-200:]))
    assert checked > 540  # 380 long ids behind short ones, 427 legacy ids (some the same)
    assert failures == []


def test_command_names_follow_the_short_id_then_the_operation_id() -> None:
    for op in spec.operations().values():
        if op.short_name:
            assert command_name(op) == lower_camel(op.short_name)
            if op.short_name != op.operation_id:
                assert lower_camel(op.operation_id) in command_aliases(op)  # the long id stays callable
        else:
            assert command_name(op) == lower_camel(op.operation_id)
        for legacy in op.legacy_ids:
            assert lower_camel(legacy) in {command_name(op), *command_aliases(op)}
        assert command_name(op) not in command_aliases(op)


def _aliases_line(help_text: str) -> list[str]:
    """``Aliases:\n  name, alias1, alias2`` as a list, the command's own name first."""
    return help_text.split("\nAliases:\n  ", 1)[1].split("\n", 1)[0].split(", ")


@pytest.mark.parametrize(
    ("group", "called", "name"),
    [
        # a short id names the command, the long id is an alias (reference §1.6: addGroupAccessUser -> addGroupUser)
        ("projects", "addGroupUser", "addGroupUser"),
        ("projects", "addGroupAccessUser", "addGroupUser"),
        ("projects", "updateInviteById", "updateInviteById"),
        ("projects", "updateGroupInviteById", "updateInviteById"),
        ("mongoDbCloudUsers", "addOrgRole", "addOrgRole"),
        ("mongoDbCloudUsers", "addOrgUserRole", "addOrgRole"),
        ("mongoDbCloudUsers", "removeOrgUserRole", "removeOrgRole"),
        # legacy (pre-2026) ids: seed 004, and the seed 000 page's "deleteOrganizationInvitation"
        ("projects", "deleteProjectInvitation", "deleteGroupInvite"),
        ("organizations", "deleteOrganizationInvitation", "deleteOrgInvite"),
        ("mongoDbCloudUsers", "listOrganizationUsers", "listOrgUsers"),
        ("projects", "listProjectInvitations", "listGroupInvites"),
        # `removeUserFromTeam` is the short name of teams' removeOrgTeamUserFromTeam and the legacy id of
        # mongoDbCloudUsers' removeOrgTeamUser: each group resolves it to its own operation
        ("teams", "removeUserFromTeam", "removeUserFromTeam"),
        ("mongoDbCloudUsers", "removeUserFromTeam", "removeOrgTeamUser"),
    ],
)
def test_known_names_and_aliases(capsys: pytest.CaptureFixture[str], group: str, called: str, name: str) -> None:
    code, out, _ = _help_usage(capsys, "api", group, called)
    assert code == 0
    aliases = _aliases_line(out)
    assert aliases[0] == name
    assert called == name or called in aliases[1:]


def test_aliases_are_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _help_usage(capsys, "api", "projects", "deleteGroupInvite")
    assert "\nAliases:\n  deleteGroupInvite, deleteProjectInvitation\n" in out
    _, out, _ = _help_usage(capsys, "api", "projects", "addGroupUser")
    assert "\nAliases:\n  addGroupUser, addGroupAccessUser, addUserToProject\n" in out


def test_help_through_an_alias_shows_the_command_name_in_usage(capsys: pytest.CaptureFixture[str]) -> None:
    # cobra's usage line is the command path built from each command's Name(), never the alias typed
    _, out, _ = _help_usage(capsys, "api", "projects", "deleteProjectInvitation")
    assert "Usage:\n  atlas api projects deleteGroupInvite [flags]\n" in out


def test_no_two_commands_of_a_group_share_a_name_or_an_alias() -> None:
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for op in spec.operations().values():
        group = group_name(op.tag)
        for name in {command_name(op), *command_aliases(op)}:
            seen[(group, name)].append(op.operation_id)
    assert {key: ids for key, ids in seen.items() if len(ids) > 1} == {}


def test_unknown_command_is_a_cobra_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["api", "organizations", "nope"]) == 1
    err = capsys.readouterr().err
    assert err == (
        'Error: unknown command "nope" for "atlas api organizations"\n\n'
        "Run 'atlas api organizations --help' for usage.\n"
    )
    assert run(["api", "nogroup"]) == 1
    assert capsys.readouterr().err.startswith('Error: unknown command "nogroup" for "atlas api"\n')


# --- help listings: deprecated commands hidden, still callable --------------------------------------------------------


def _available_commands(help_text: str) -> list[str]:
    block = help_text.split("\nAvailable Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines()]


def test_api_help_lists_every_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["api", "--help"]) == 0
    listed = _available_commands(capsys.readouterr().out)
    assert listed == sorted({group_name(op.tag) for op in spec.operations().values()})
    assert len(listed) == 58


def test_group_help_lists_the_commands_that_are_not_deprecated(capsys: pytest.CaptureFixture[str]) -> None:
    by_group: dict[str, dict[str, bool]] = defaultdict(dict)
    for op in spec.operations().values():
        by_group[group_name(op.tag)][command_name(op)] = all_deprecated(op)
    hidden = 0
    for group, commands in sorted(by_group.items()):
        assert run(["api", group, "--help"]) == 0
        out = capsys.readouterr().out
        visible = sorted(name for name, deprecated in commands.items() if not deprecated)
        hidden += len(commands) - len(visible)
        listed = _available_commands(out) if visible else []
        assert listed == visible, group
    assert hidden == 58


def test_organizations_help_hides_the_invitation_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["api", "organizations", "--help"]) == 0
    listed = _available_commands(capsys.readouterr().out)
    assert "getOrg" in listed
    assert "listOrgs" in listed
    for invite in ("createOrgInvite", "deleteOrgInvite", "getOrgInvite", "listOrgInvites", "updateOrgInvites"):
        assert invite not in listed


def test_a_hidden_command_is_callable_and_says_it_is_deprecated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _help_usage(capsys, "api", "organizations", "deleteOrgInvite")
    assert code == 0
    assert "Usage:\n  atlas api organizations deleteOrgInvite [flags]\n" in out
    assert err == (
        'Command "deleteOrgInvite" is deprecated, all of the available endpoint versions have been deprecated. '
        "The API endpoint version 2023-01-01 will no longer be available after the sunset date of 2027-07-01.\n\n"
    )
