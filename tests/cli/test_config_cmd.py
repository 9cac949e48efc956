"""`atlas config`: what a user types, sees, and finds in config.toml afterwards."""

from __future__ import annotations

import json
import os
import tomllib
import types
from collections.abc import Sequence
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from atlas_access.cli._errors import CliError, UsageProblem
from atlas_access.cli.config_cmd import config

ORG = "5e2211c17a3e5a48f5497de3"
PROJECT = "6a1b2c3d4e5f6a7b8c9d0e1f"
OTHER = "0123456789abcdef01234567"


@pytest.fixture
def runner(tmp_path: Path) -> CliRunner:
    """A runner whose config lives in tmp_path, with no Atlas variables from the real environment."""
    env: dict[str, str | None] = {name: None for name in os.environ if name.startswith(("MONGODB_ATLAS", "MCLI"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    return CliRunner(env=env)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "atlascli" / "config.toml"


def run(runner: CliRunner, args: Sequence[str], *, profile: str | None = None, input: str | None = None) -> Result:
    return runner.invoke(config, list(args), obj=types.SimpleNamespace(profile_flag=profile), input=input)


def contents(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def error_of(result: Result) -> CliError:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, CliError), result.exception
    return result.exception


# --- init ----------------------------------------------------------------------------------------------------------


def test_init_interactive_with_api_keys(runner: CliRunner, config_file: Path) -> None:
    answers = ["api_keys", "abcdefgh", "priv-0000-secret", "", ORG, "", "json"]
    result = run(runner, ["init"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "You are configuring a profile for atlas." in result.output
    assert "Your profile is now configured." in result.output
    assert f"saved in {config_file}" in result.output
    assert "priv-0000-secret" not in result.output  # hidden input
    assert contents(config_file) == {
        "version": 2,
        "default": {
            "service": "cloud",
            "auth_type": "api_keys",
            "public_api_key": "abcdefgh",
            "private_api_key": "priv-0000-secret",
            "org_id": ORG,
            "output": "json",
        },
    }


def test_init_interactive_service_account_reasks_bad_url_and_id(runner: CliRunner, config_file: Path) -> None:
    answers = [
        "service_account",
        "mdb_sa_id_" + ORG,
        "mdb_sa_sk_secret",
        "localhost:8080",  # no scheme: asked again
        "http://localhost:8080",
        "not-an-id",  # asked again
        ORG,
        PROJECT,
        "yaml",  # asked again
        "",
    ]
    result = run(runner, ["init"], profile="Local", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: 'localhost:8080' is not a valid URL" in result.output
    assert "Error: the provided value 'not-an-id' is not a valid ID" in result.output
    assert "Error: 'yaml' is not a valid output format" in result.output
    assert "To use this profile, you must set the flag [-P local] for every command." in result.output
    assert contents(config_file)["local"] == {
        "service": "cloud",
        "auth_type": "service_account",
        "client_id": "mdb_sa_id_" + ORG,
        "client_secret": "mdb_sa_sk_secret",
        "ops_manager_url": "http://localhost:8080/",
        "org_id": ORG,
        "project_id": PROJECT,
    }


def test_init_non_interactive_asks_nothing(runner: CliRunner, config_file: Path) -> None:
    options = ["--public-api-key", "pub", "--private-api-key", "priv", "--base-url", "https://atlas.example.test/"]
    options += ["--org-id", ORG, "--project-id", PROJECT, "--output", "json", "--api-version", "2025-03-12"]
    result = run(runner, ["init", *options])  # no input at all: a prompt would abort
    assert result.exit_code == 0, result.output
    assert "You are configuring" not in result.output
    assert "Your profile is now configured." in result.output
    assert contents(config_file)["default"] == {
        "service": "cloud",
        "auth_type": "api_keys",
        "public_api_key": "pub",
        "private_api_key": "priv",
        "ops_manager_url": "https://atlas.example.test/",
        "org_id": ORG,
        "project_id": PROJECT,
        "output": "json",
        "api_version": "2025-03-12",
    }


def test_init_gov_and_local_profile_option(runner: CliRunner, config_file: Path) -> None:
    result = run(runner, ["init", "-P", "gov", "--gov", "--client-id", "cid", "--client-secret", "cs"], profile="x")
    assert result.exit_code == 0, result.output
    assert contents(config_file)["gov"] == {
        "service": "cloudgov",
        "auth_type": "service_account",
        "client_id": "cid",
        "client_secret": "cs",
    }


def test_init_again_updates_the_profile(runner: CliRunner, config_file: Path) -> None:
    assert run(runner, ["init", "--public-api-key", "pub", "--private-api-key", "priv", "--org-id", ORG]).exit_code == 0
    result = run(runner, ["init", "--public-api-key", "pub2", "--private-api-key", "priv2", "--org-id", OTHER])
    assert result.exit_code == 0, result.output
    stored = contents(config_file)["default"]
    assert isinstance(stored, dict)
    assert (stored["public_api_key"], stored["private_api_key"], stored["org_id"]) == ("pub2", "priv2", OTHER)


def test_init_again_interactively_enter_keeps_current_values(runner: CliRunner, config_file: Path) -> None:
    write(
        config_file,
        f'[default]\npublic_api_key = "pub"\nprivate_api_key = "priv"\norg_id = "{ORG}"\naccess_token = "old-jwt"\n',
    )
    result = run(runner, ["init"], input="\n" * 7)
    assert result.exit_code == 0, result.output
    assert "priv" not in result.output.replace("Private API Key", "")  # the current secret is never shown
    assert contents(config_file)["default"] == {
        "public_api_key": "pub",
        "private_api_key": "priv",
        "org_id": ORG,
        "service": "cloud",
        "auth_type": "api_keys",
    }  # the cached token of the old credentials is gone


def test_init_switching_to_a_service_account_drops_the_api_keys(runner: CliRunner, config_file: Path) -> None:
    write(config_file, '[default]\npublic_api_key = "pub"\nprivate_api_key = "priv"\noutput = "json"\n')
    result = run(runner, ["init", "--client-id", "cid", "--client-secret", "cs"])
    assert result.exit_code == 0, result.output
    assert contents(config_file)["default"] == {
        "output": "json",
        "service": "cloud",
        "auth_type": "service_account",
        "client_id": "cid",
        "client_secret": "cs",
    }


def test_init_rejects_both_kinds_of_credentials(runner: CliRunner, config_file: Path) -> None:
    result = run(runner, ["init", "--public-api-key", "p", "--client-id", "c"])
    assert isinstance(error_of(result), UsageProblem)
    assert not config_file.exists()


def test_init_rejects_a_bad_option_value(runner: CliRunner, config_file: Path) -> None:
    result = run(runner, ["init", "--public-api-key", "p", "--private-api-key", "s", "--org-id", "nope"])
    assert error_of(result).message == "the provided value 'nope' is not a valid ID"
    assert not config_file.exists()


# --- set -----------------------------------------------------------------------------------------------------------


def test_set_updates_the_selected_profile(runner: CliRunner, config_file: Path) -> None:
    write(config_file, '[default]\noutput = "json"\n[dev]\n')
    result = run(runner, ["set", "org_id", ORG], profile="dev")
    assert result.exit_code == 0, result.output
    assert result.output == "Updated property 'org_id'\n"
    assert contents(config_file) == {"version": 2, "default": {"output": "json"}, "dev": {"org_id": ORG}}
    assert run(runner, ["set", "project_id", PROJECT, "-P", "default"], profile="dev").exit_code == 0
    assert contents(config_file)["default"] == {"output": "json", "project_id": PROJECT}


def test_set_validates_ids(runner: CliRunner, config_file: Path) -> None:
    result = run(runner, ["set", "project_id", "x"])
    assert error_of(result).message == "the provided value 'x' is not a valid ID"
    assert not config_file.exists()


def test_set_validates_urls_and_stores_base_url_as_ops_manager_url(runner: CliRunner, config_file: Path) -> None:
    assert error_of(run(runner, ["set", "base_url", "ftp://x/"])).message == "'ftp://x/' is not a valid URL"
    assert error_of(run(runner, ["set", "account_url", "nothing"])).message == "'nothing' is not a valid URL"
    result = run(runner, ["set", "base_url", "http://127.0.0.1:8080"])
    assert result.output == "Updated property 'base_url'\n"
    assert contents(config_file)["default"] == {"ops_manager_url": "http://127.0.0.1:8080/"}


def test_set_checks_client_credentials_without_echoing_them(runner: CliRunner) -> None:
    assert run(runner, ["set", "client_id", "mdb_sa_id_" + ORG]).exit_code == 0  # not checked as a 24-hex id
    message = error_of(run(runner, ["set", "client_secret", "s" * 300])).message
    assert "client_secret" in message
    assert "s" * 300 not in message
    assert "client_secret" in error_of(run(runner, ["set", "client_secret", "has space"])).message


def test_set_rejects_an_unknown_property_listing_the_valid_ones(runner: CliRunner) -> None:
    error = error_of(run(runner, ["set", "orgId", ORG]))
    assert isinstance(error, UsageProblem)
    assert error.message.startswith('invalid property: "orgId"; valid properties are: access_token, account_url')
    assert "project_id" in error.message and "skip_update_check" in error.message


def test_set_rejects_an_unsupported_service(runner: CliRunner) -> None:
    assert error_of(run(runner, ["set", "service", "cloudmanager"])).message == "unsupported service: cloudmanager"


def test_set_global_property_is_top_level_and_boolean(runner: CliRunner, config_file: Path) -> None:
    assert run(runner, ["set", "skip_update_check", "yes"]).exit_code == 0
    assert run(runner, ["set", "mongosh_path", "/opt/mongosh"]).exit_code == 0
    assert contents(config_file) == {"version": 2, "skip_update_check": True, "mongosh_path": "/opt/mongosh"}


def test_set_needs_exactly_two_arguments(runner: CliRunner) -> None:
    error = error_of(run(runner, ["set", "org_id"]))
    assert isinstance(error, UsageProblem)
    assert error.message.startswith('"config set" requires 2 arguments, received 1')
    assert "Usage:  config set <propertyName> <value> [flags]" in error.message


# --- list, describe ------------------------------------------------------------------------------------------------


def test_list_prints_profile_names(runner: CliRunner, config_file: Path) -> None:
    write(config_file, "skip_update_check = true\n[prod]\n[default]\n")
    result = run(runner, ["list"])
    assert result.exit_code == 0, result.output
    assert result.output == "PROFILE NAME\ndefault\nprod\n"
    assert run(runner, ["ls"]).output == result.output
    assert json.loads(run(runner, ["list", "-o", "json"]).output) == ["default", "prod"]


def test_list_with_no_file_prints_only_the_header(runner: CliRunner) -> None:
    assert run(runner, ["list"]).output == "PROFILE NAME\n"


def test_describe_redacts_secrets(runner: CliRunner, config_file: Path) -> None:
    write(
        config_file,
        f'[default]\norg_id = "{ORG}"\npublic_api_key = "pubkey"\nprivate_api_key = "TOPSECRET1"\n'
        'client_secret = "TOPSECRET2"\naccess_token = "TOPSECRET3"\nrefresh_token = "TOPSECRET4"\n',
    )
    result = run(runner, ["describe", "DEFAULT"])
    assert result.exit_code == 0, result.output
    assert "TOPSECRET" not in result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert lines == [
        ["SETTING", "VALUE"],
        ["access_token", "redacted"],
        ["client_secret", "redacted"],
        ["org_id", ORG],
        ["private_api_key", "redacted"],
        ["public_api_key", "pubkey"],
        ["refresh_token", "redacted"],
    ]
    as_json = json.loads(run(runner, ["get", "default", "-o", "json"]).output)
    assert as_json["private_api_key"] == "redacted"
    assert as_json["org_id"] == ORG


def test_describe_missing_profile(runner: CliRunner) -> None:
    assert error_of(run(runner, ["describe", "ghost"])).message == "no profile with name 'ghost'"


# --- delete, rename ------------------------------------------------------------------------------------------------


def test_delete_asks_and_no_keeps_the_profile(runner: CliRunner, config_file: Path) -> None:
    write(config_file, "[dev]\n[default]\n")
    result = run(runner, ["delete", "dev"], input="\n")
    assert result.exit_code == 0, result.output
    assert "Are you sure you want to delete profile dev? [y/N]" in result.output
    assert "Profile not deleted" in result.output
    assert set(contents(config_file)) == {"dev", "default"}


def test_delete_after_yes_and_with_force(runner: CliRunner, config_file: Path) -> None:
    write(config_file, "[dev]\n[qa]\n[default]\n")
    result = run(runner, ["delete", "dev"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Profile 'dev' deleted" in result.output
    result = run(runner, ["rm", "qa", "--force"])
    assert result.output == "Profile 'qa' deleted\n"
    assert contents(config_file) == {"version": 2, "default": {}}


def test_delete_missing_profile(runner: CliRunner) -> None:
    assert error_of(run(runner, ["delete", "ghost", "--force"])).message == "profile ghost does not exist"


def test_rename(runner: CliRunner, config_file: Path) -> None:
    write(config_file, f'[old]\norg_id = "{ORG}"\n')
    result = run(runner, ["rename", "old", "new"])
    assert result.output == "The profile old was renamed to new.\n"
    assert contents(config_file) == {"version": 2, "new": {"org_id": ORG}}


def test_rename_onto_an_existing_profile_asks_first(runner: CliRunner, config_file: Path) -> None:
    write(config_file, f'[a]\norg_id = "{ORG}"\n[b]\norg_id = "{OTHER}"\n')
    result = run(runner, ["mv", "a", "b"], input="n\n")
    assert "There is already a profile called b." in result.output
    assert "Profile was not renamed." in result.output
    assert set(contents(config_file)) == {"a", "b"}
    result = run(runner, ["rename", "a", "b"], input="y\n")
    assert result.exit_code == 0, result.output
    assert contents(config_file) == {"version": 2, "b": {"org_id": ORG}}


def test_rename_errors(runner: CliRunner, config_file: Path) -> None:
    write(config_file, "[a]\n")
    assert error_of(run(runner, ["rename", "ghost", "b"])).message == "profile ghost does not exist"
    assert error_of(run(runner, ["rename", "a", "b.c"])).message == "profile should not contain '.': b.c"


# --- failures and help ---------------------------------------------------------------------------------------------


def test_a_broken_file_is_reported_not_raised(runner: CliRunner, config_file: Path) -> None:
    write(config_file, "[default\n")
    for args in (["list"], ["set", "output", "json"], ["init", "--client-id", "c", "--client-secret", "s"]):
        message = error_of(run(runner, args)).message
        assert message.startswith(f"cannot parse {config_file}: ")
        assert "line 1" in message


def test_help_with_dash_h(runner: CliRunner) -> None:
    result = run(runner, ["-h"])
    assert result.exit_code == 0
    for name in ("init", "set", "list", "describe", "delete", "rename"):
        assert name in result.output
    assert isinstance(config, click.Group)
