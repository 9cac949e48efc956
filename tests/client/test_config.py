"""Profiles in config.toml: where the file is, which profile is used, where each value comes from, and how the
file is written. Every test uses its own temporary file and an explicit environment."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path

import pytest

from atlas_access.client import profiles
from atlas_access.client.profiles import (
    DEFAULT_BASE_URL,
    GOV_BASE_URL,
    ConfigError,
    Profile,
    config_dir,
    config_path,
    delete_profile,
    load_profile,
    profile_names,
    rename_profile,
    save_globals,
    save_profile,
    select_profile_name,
    stored_profile,
)

ORG = "5e2211c17a3e5a48f5497de3"
OTHER_ORG = "6a1b2c3d4e5f6a7b8c9d0e1f"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "atlascli" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# --- where the file is ---------------------------------------------------------------------------------------------


def test_config_dir_uses_an_absolute_xdg_config_home() -> None:
    env = {"XDG_CONFIG_HOME": "/srv/conf", "HOME": "/home/ana"}
    assert config_dir(env) == Path("/srv/conf/atlascli")
    assert config_path(env) == Path("/srv/conf/atlascli/config.toml")


def test_config_dir_ignores_a_relative_or_empty_xdg_config_home() -> None:
    assert config_dir({"XDG_CONFIG_HOME": "conf", "HOME": "/home/ana"}) == Path("/home/ana/.config/atlascli")
    assert config_dir({"XDG_CONFIG_HOME": "", "HOME": "/home/ana"}) == Path("/home/ana/.config/atlascli")
    assert config_dir({"HOME": "/home/ana"}) == Path("/home/ana/.config/atlascli")


def test_config_dir_without_home_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"neither \$XDG_CONFIG_HOME nor \$HOME are defined"):
        config_dir({})


def test_config_dir_on_macos_is_application_support(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_platform", lambda: "darwin")
    env = {"HOME": "/Users/ana", "XDG_CONFIG_HOME": "/ignored"}
    assert config_dir(env) == Path("/Users/ana/Library/Application Support/atlascli")


def test_config_dir_on_windows_is_appdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_platform", lambda: "win32")
    assert config_dir({"APPDATA": "C:/Users/ana/AppData/Roaming"}) == Path("C:/Users/ana/AppData/Roaming/atlascli")


def test_config_path_defaults_follow_the_environment(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    save_profile("default", {"org_id": ORG}, env=env)
    assert read(tmp_path / "atlascli" / "config.toml")["default"] == {"org_id": ORG}
    assert load_profile(env=env).org_id == ORG


# --- which profile -------------------------------------------------------------------------------------------------


def test_selection_flag_then_env_then_only_profile_then_default(path: Path) -> None:
    write(path, '[dev]\norg_id = "a"\n')
    env = {"MONGODB_ATLAS_PROFILE": "staging"}
    assert select_profile_name("Prod", env=env, path=path) == "prod"
    assert select_profile_name(None, env=env, path=path) == "staging"
    assert select_profile_name(None, env={}, path=path) == "dev"
    write(path, '[dev]\norg_id = "a"\n[qa]\norg_id = "b"\n')
    assert select_profile_name(None, env={}, path=path) == "default"
    assert select_profile_name(None, env={}, path=path.with_name("missing.toml")) == "default"


def test_empty_flag_and_empty_env_count_as_unset(path: Path) -> None:
    write(path, "[dev]\n")
    assert select_profile_name("", env={"MONGODB_ATLAS_PROFILE": ""}, path=path) == "dev"


def test_profile_name_with_a_dot_is_rejected(path: Path) -> None:
    with pytest.raises(ConfigError, match=r"profile should not contain '\.': my\.profile"):
        select_profile_name("my.profile", env={}, path=path)
    with pytest.raises(ConfigError, match="should not contain"):
        load_profile(None, env={"MONGODB_ATLAS_PROFILE": "a.b"}, path=path)
    with pytest.raises(ConfigError, match="should not contain"):
        save_profile("a.b", {"org_id": ORG}, env={}, path=path)


def test_profile_names_are_case_insensitive(path: Path) -> None:
    write(path, f'[Dev]\nORG_ID = "{ORG}"\n')
    profile = load_profile("DEV", env={}, path=path)
    assert (profile.name, profile.org_id) == ("dev", ORG)
    assert profile_names(env={}, path=path) == ["dev"]


def test_a_missing_profile_is_not_an_error(path: Path) -> None:
    write(path, f'[default]\norg_id = "{ORG}"\n')
    profile = load_profile("nowhere", env={}, path=path)
    assert profile.name == "nowhere"
    assert profile.org_id is None
    assert profile.base_url == DEFAULT_BASE_URL
    assert load_profile("x", env={}, path=path.with_name("absent.toml")).org_id is None


# --- where values come from ----------------------------------------------------------------------------------------


def test_env_beats_global_beats_profile(path: Path) -> None:
    write(path, f'version = 2\nproject_id = "{OTHER_ORG}"\n[default]\norg_id = "{ORG}"\nproject_id = "{ORG}"\n')
    profile = load_profile(None, env={}, path=path)
    assert profile.org_id == ORG
    assert profile.project_id == OTHER_ORG  # a non-empty top-level key beats the table
    env = {"MONGODB_ATLAS_ORG_ID": OTHER_ORG, "MONGODB_ATLAS_PROJECT_ID": "from-env"}
    profile = load_profile(None, env=env, path=path)
    assert (profile.org_id, profile.project_id) == (OTHER_ORG, "from-env")


def test_empty_env_vars_and_empty_globals_do_not_hide_the_profile(path: Path) -> None:
    write(path, f'org_id = ""\n[default]\norg_id = "{ORG}"\n')
    assert load_profile(None, env={"MONGODB_ATLAS_ORG_ID": ""}, path=path).org_id == ORG


def test_any_key_is_read_from_its_env_var(path: Path) -> None:
    env = {"MONGODB_ATLAS_API_VERSION": "2025-03-12", "MONGODB_ATLAS_SOME_NEW_KEY": "x"}
    profile = load_profile(None, env=env, path=path)
    assert profile.api_version == "2025-03-12"
    assert profile.get("some_new_key") == "x"


def test_mcli_quirk_switches_every_lookup_to_mcli(path: Path) -> None:
    env = {"MONGODB_ATLAS_ORG_ID": ORG, "MCLI_PROJECT_ID": OTHER_ORG, "MONGODB_ATLAS_PROFILE": "ignored"}
    profile = load_profile(None, env=env, path=path)
    assert profile.org_id is None  # MONGODB_ATLAS_* is no longer read
    assert profile.project_id == OTHER_ORG
    assert profile.name == "default"
    assert select_profile_name(None, env={"MCLI_PROFILE": "Ops"}, path=path) == "ops"
    # Any variable starting with MCLI counts, even one that is not MCLI_<key>.
    assert load_profile(None, env={"MONGODB_ATLAS_ORG_ID": ORG, "MCLIX": "1"}, path=path).org_id is None


def test_base_url_defaults_to_the_cloud_and_follows_service(path: Path) -> None:
    assert load_profile(None, env={}, path=path).base_url == DEFAULT_BASE_URL
    write(path, '[default]\nservice = "cloudgov"\n')
    assert load_profile(None, env={}, path=path).base_url == GOV_BASE_URL
    assert load_profile(None, env={"MONGODB_ATLAS_SERVICE": "cloud"}, path=path).base_url == DEFAULT_BASE_URL


def test_base_url_from_ops_manager_url_always_ends_with_a_slash(path: Path) -> None:
    write(path, '[default]\nservice = "cloudgov"\nops_manager_url = "http://localhost:8080"\n')
    profile = load_profile(None, env={}, path=path)
    assert profile.base_url == "http://localhost:8080/"
    assert profile.get("base_url") == profile.ops_manager_url == "http://localhost:8080"


def test_base_url_key_in_the_file_is_the_same_setting(path: Path) -> None:
    write(path, '[default]\nbase_url = "http://127.0.0.1:9000/"\n')
    assert load_profile(None, env={}, path=path).base_url == "http://127.0.0.1:9000/"


def test_base_url_env_vars_ops_manager_url_wins(path: Path) -> None:
    write(path, '[default]\nops_manager_url = "http://file/"\n')
    env = {"MONGODB_ATLAS_BASE_URL": "http://base/"}
    assert load_profile(None, env=env, path=path).base_url == "http://base/"
    env["MONGODB_ATLAS_OPS_MANAGER_URL"] = "http://ops/"
    assert load_profile(None, env=env, path=path).base_url == "http://ops/"
    assert load_profile(None, env={"MCLI_BASE_URL": "http://mcli/"}, path=path).base_url == "http://mcli/"


def test_unsupported_service_is_an_error(path: Path) -> None:
    write(path, '[default]\nservice = "cloudmanager"\n')
    with pytest.raises(ConfigError, match=r"^unsupported service: cloudmanager$"):
        load_profile(None, env={}, path=path)
    with pytest.raises(ConfigError, match=r"^unsupported service: opsmanager$"):
        load_profile(None, env={"MONGODB_ATLAS_SERVICE": "opsmanager"}, path=path.with_name("none.toml"))
    with pytest.raises(ConfigError, match=r"^unsupported service: x$"):
        save_profile("default", {"service": "x"}, env={}, path=path.with_name("new.toml"))
    assert not path.with_name("new.toml").exists()


# --- auth type -----------------------------------------------------------------------------------------------------


def test_auth_type_service_account_wins_when_client_credentials_are_present(path: Path) -> None:
    write(path, '[default]\npublic_api_key = "pub"\nprivate_api_key = "priv"\nauth_type = "api_keys"\n')
    assert load_profile(None, env={}, path=path).auth_type == "api_keys"
    env = {"MONGODB_ATLAS_CLIENT_ID": "mdb_sa_id_x", "MONGODB_ATLAS_CLIENT_SECRET": "mdb_sa_sk_y"}
    assert load_profile(None, env=env, path=path).auth_type == "service_account"
    only_id = {"MONGODB_ATLAS_CLIENT_ID": "mdb_sa_id_x"}
    assert load_profile(None, env=only_id, path=path).auth_type == "api_keys"


def test_auth_type_from_env_api_keys_overrides_the_stored_type(path: Path) -> None:
    write(path, '[default]\nauth_type = "user_account"\naccess_token = "jwt"\n')
    assert load_profile(None, env={}, path=path).auth_type == "user_account"
    env = {"MONGODB_ATLAS_PUBLIC_API_KEY": "pub", "MONGODB_ATLAS_PRIVATE_API_KEY": "priv"}
    assert load_profile(None, env=env, path=path).auth_type == "api_keys"
    assert load_profile(None, env={}, path=path.with_name("none.toml")).auth_type is None


def test_profile_repr_shows_no_secrets(path: Path) -> None:
    write(path, '[default]\nprivate_api_key = "very-secret"\n')
    profile = load_profile(None, env={"MONGODB_ATLAS_CLIENT_SECRET": "also-secret"}, path=path)
    assert "secret" not in repr(profile)
    assert profile.private_api_key == "very-secret"
    assert Profile(name="bare").base_url == DEFAULT_BASE_URL


# --- bad files -----------------------------------------------------------------------------------------------------


def test_bad_toml_names_the_file_and_the_line(path: Path) -> None:
    write(path, '[default]\norg_id = "ok"\nproject_id = nope\n')
    with pytest.raises(ConfigError) as caught:
        load_profile(None, env={}, path=path)
    assert str(path) in str(caught.value)
    assert "line 3" in str(caught.value)
    with pytest.raises(ConfigError, match="line 3"):
        save_profile("default", {"org_id": ORG}, env={}, path=path)
    assert "nope" in path.read_text()  # the broken file was not overwritten


def test_non_utf8_file_is_a_config_error(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b'[default]\norg_id = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_profile(None, env={}, path=path)


@pytest.mark.parametrize("version", ["1", "3", '"2"', "true"])
def test_unsupported_version_is_an_error(path: Path, version: str) -> None:
    write(path, f"version = {version}\n[default]\n")
    with pytest.raises(ConfigError, match="unsupported config version"):
        load_profile(None, env={}, path=path)


def test_version_2_and_no_version_are_accepted(path: Path) -> None:
    write(path, f'[default]\norg_id = "{ORG}"\n')
    assert load_profile(None, env={}, path=path).org_id == ORG
    write(path, f'version = 2\n[default]\norg_id = "{ORG}"\n')
    assert load_profile(None, env={}, path=path).org_id == ORG


def test_unusable_location_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(ConfigError, match=re.escape(f"cannot read {blocker / 'config.toml'}: Not a directory")):
        save_profile("default", {"org_id": ORG}, env={}, path=blocker / "config.toml")


def test_unwritable_directory_is_a_config_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, which ignores file modes: make creating the temporary file fail instead.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ConfigError, match=re.escape(f"cannot write {path}: Permission denied")):
        save_profile("default", {"org_id": ORG}, env={}, path=path)


# --- writing -------------------------------------------------------------------------------------------------------


def test_save_keeps_other_profiles_and_global_keys(path: Path) -> None:
    write(
        path,
        "skip_update_check = true\n"
        'mongosh_path = "/usr/bin/mongosh"\n'
        f'[prod]\norg_id = "{ORG}"\nprivate_api_key = "keep-me"\n'
        '[default]\noutput = "json"\n',
    )
    save_profile("default", {"org_id": OTHER_ORG}, env={}, path=path)
    document = read(path)
    assert document["version"] == 2
    assert document["skip_update_check"] is True
    assert document["mongosh_path"] == "/usr/bin/mongosh"
    assert document["prod"] == {"org_id": ORG, "private_api_key": "keep-me"}
    assert document["default"] == {"output": "json", "org_id": OTHER_ORG}
    assert list(document) == ["version", "skip_update_check", "mongosh_path", "prod", "default"]
    assert path.read_text().startswith("version = 2\n")


def test_save_none_deletes_a_key_and_base_url_is_stored_as_ops_manager_url(path: Path) -> None:
    write(path, '[default]\noutput = "json"\nbase_url = "http://old/"\n')
    save_profile("default", {"output": None, "base_url": "http://new/"}, env={}, path=path)
    assert read(path)["default"] == {"ops_manager_url": "http://new/"}
    save_profile("default", {"ops_manager_url": None}, env={}, path=path)
    assert read(path)["default"] == {}
    assert profile_names(env={}, path=path) == ["default"]


def test_save_returns_the_path_and_creates_the_profile(path: Path) -> None:
    assert save_profile("New", {"org_id": ORG}, env={}, path=path) == path
    assert read(path) == {"version": 2, "new": {"org_id": ORG}}


def test_save_refuses_a_global_key_as_profile_name(path: Path) -> None:
    with pytest.raises(ConfigError, match="global setting"):
        save_profile("version", {"org_id": ORG}, env={}, path=path)


def test_file_is_0600_and_new_directory_0700(path: Path) -> None:
    save_profile("default", {"private_api_key": "secret"}, env={}, path=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_rewriting_a_world_readable_file_makes_it_0600(path: Path) -> None:
    write(path, "[default]\n")
    path.chmod(0o644)
    save_profile("default", {"org_id": ORG}, env={}, path=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_files(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = f'version = 2\n[default]\norg_id = "{ORG}"\n'
    write(path, original)

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ConfigError, match="No space left on device"):
        save_profile("default", {"org_id": OTHER_ORG}, env={}, path=path)
    assert path.read_text() == original
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]


def test_save_globals_writes_top_level_keys(path: Path) -> None:
    write(path, '[default]\norg_id = "x"\n')
    save_globals({"skip_update_check": True, "mongosh_path": "/opt/mongosh"}, env={}, path=path)
    document = read(path)
    assert document["skip_update_check"] is True
    assert document["default"] == {"org_id": "x"}
    assert load_profile(None, env={}, path=path).get("skip_update_check") == "true"
    save_globals({"mongosh_path": None}, env={}, path=path)
    assert "mongosh_path" not in read(path)


def test_delete_profile(path: Path) -> None:
    write(path, "[a]\n[b]\n")
    assert delete_profile("A", env={}, path=path) is True
    assert profile_names(env={}, path=path) == ["b"]
    assert delete_profile("a", env={}, path=path) is False


def test_rename_profile_keeps_values_and_place(path: Path) -> None:
    write(path, f'[a]\norg_id = "{ORG}"\n[b]\n')
    rename_profile("a", "Z", env={}, path=path)
    assert list(read(path)) == ["version", "z", "b"]
    assert stored_profile("z", env={}, path=path) == {"org_id": ORG}


def test_rename_profile_errors_and_replace(path: Path) -> None:
    write(path, f'[a]\norg_id = "{ORG}"\n[b]\norg_id = "{OTHER_ORG}"\n')
    with pytest.raises(ConfigError, match="profile nope does not exist"):
        rename_profile("nope", "c", env={}, path=path)
    with pytest.raises(ConfigError, match="profile b already exists"):
        rename_profile("a", "b", env={}, path=path)
    with pytest.raises(ConfigError, match="should not contain"):
        rename_profile("a", "b.c", env={}, path=path)
    rename_profile("a", "b", replace=True, env={}, path=path)
    assert read(path) == {"version": 2, "b": {"org_id": ORG}}


def test_stored_profile_is_raw_and_stringified(path: Path) -> None:
    write(path, '[default]\nprivate_api_key = "s"\ntimeout = 5\nflag = false\n[default.nested]\nx = 1\n')
    assert stored_profile("default", env={}, path=path) == {"private_api_key": "s", "timeout": "5", "flag": "false"}
    assert stored_profile("missing", env={}, path=path) == {}
