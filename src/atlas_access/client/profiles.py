"""Profiles: the ``atlas`` CLI's ``config.toml``, read and written as MongoDB's own Atlas CLI does.

``AtlasClient(profile="local")`` reads one with ``load_profile``; the ``atlas`` command (``atlas config ...``) and
``atlas-access serve --write-profile`` read and write them with the functions of this module.

The file lives in ``config_dir()/config.toml`` (``~/.config/atlascli/config.toml`` on Linux). Every top-level
table is a profile; top-level scalars are global keys (``version = 2``, ``skip_update_check``, ...).

A value is resolved, highest first, from:

1. the environment: ``MONGODB_ATLAS_<KEY>`` (or ``MCLI_<KEY>`` as soon as any variable starting with ``MCLI``
   exists, a quirk kept from the real CLI); empty variables count as unset;
2. a non-empty top-level key of the same name;
3. the profile's table.

Command flags (``--orgId`` ...) win over all of these; the CLI applies them above this layer.

Secrets are stored in the file itself, which is written with mode 0600 in a 0700 directory. That is what the real
CLI does when no OS keyring is available; this implementation deliberately never uses a keyring, so a profile
written here reads the same everywhere.
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

__all__ = [
    "CONFIG_VERSION",
    "DEFAULT_BASE_URL",
    "GLOBAL_PROPERTIES",
    "GOV_BASE_URL",
    "PROPERTIES",
    "SECRET_KEYS",
    "ConfigError",
    "Profile",
    "config_dir",
    "config_path",
    "delete_profile",
    "environment_profile",
    "load_profile",
    "profile_names",
    "rename_profile",
    "save_globals",
    "save_profile",
    "select_profile_name",
    "stored_profile",
]

DEFAULT_BASE_URL = "https://cloud.mongodb.com/"
GOV_BASE_URL = "https://cloud.mongodbgov.com/"
CONFIG_VERSION = 2
DEFAULT_PROFILE = "default"

PROPERTIES: tuple[str, ...] = (
    "access_token",
    "account_url",
    "api_version",
    "auth_type",
    "base_url",
    "client_id",
    "client_secret",
    "ops_manager_url",
    "org_id",
    "output",
    "private_api_key",
    "project_id",
    "public_api_key",
    "refresh_token",
    "service",
)
"""The keys a profile table holds (``base_url`` is another name for ``ops_manager_url``)."""

GLOBAL_PROPERTIES: tuple[str, ...] = (
    "local_deployment_image",
    "mongosh_path",
    "silence_storage_warning",
    "skip_update_check",
    "telemetry_enabled",
)
"""Top-level keys that apply to every profile."""

SECRET_KEYS = frozenset({"private_api_key", "access_token", "refresh_token", "client_secret"})
"""Keys whose values are never shown (``atlas config describe`` prints them as ``redacted``)."""

_SERVICES = ("", "cloud", "cloudgov")
_URL_KEYS = ("ops_manager_url", "base_url")  # one setting under two names; ops_manager_url wins


class ConfigError(Exception):
    """The configuration cannot be used: unreadable or invalid file, bad profile name, unsupported value."""


# --- where the file is -------------------------------------------------------------------------------------------


def _platform() -> str:
    return sys.platform


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The ``atlascli`` directory under Go's ``os.UserConfigDir()``.

    Linux and other Unix: ``$XDG_CONFIG_HOME`` when it is an absolute path, else ``$HOME/.config``.
    macOS: ``$HOME/Library/Application Support``. Windows: ``%AppData%``.
    """
    env = os.environ if env is None else env
    system = _platform()
    if system == "win32":
        appdata = env.get("APPDATA", "")
        if not appdata:
            raise ConfigError("%AppData% is not defined")
        return Path(appdata) / "atlascli"
    home = env.get("HOME", "")
    if system == "darwin":
        if not home:
            raise ConfigError("$HOME is not defined")
        return Path(home) / "Library" / "Application Support" / "atlascli"
    xdg = env.get("XDG_CONFIG_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "atlascli"
    if not home:
        raise ConfigError("neither $XDG_CONFIG_HOME nor $HOME are defined")
    return Path(home) / ".config" / "atlascli"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The configuration file, ``config_dir()/config.toml``."""
    return config_dir(env) / "config.toml"


# --- the resolved view -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """One profile with every value already merged: environment, then top-level keys, then the profile's table.

    ``get`` returns any key's value, or ``None`` when no source has a non-empty one. ``base_url`` and ``auth_type``
    are derived (see their docstrings). A profile that is not in the file is not an error: it has no stored values.
    """

    name: str
    stored: Mapping[str, str] = field(default_factory=dict, repr=False)
    """The profile table's own values."""
    global_settings: Mapping[str, str] = field(default_factory=dict, repr=False)
    """The file's top-level scalar keys."""
    environment: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Values from ``MONGODB_ATLAS_*`` (or ``MCLI_*``) variables, by lowercase key."""

    def __post_init__(self) -> None:
        service = self.get("service") or ""
        if service not in _SERVICES:
            raise ConfigError(f"unsupported service: {service}")

    def get(self, key: str) -> str | None:
        """The value of ``key`` by precedence; ``base_url`` and ``ops_manager_url`` are the same setting."""
        key = key.lower()
        names = _URL_KEYS if key in _URL_KEYS else (key,)
        for source in (self.environment, self.global_settings, self.stored):
            for name in names:
                value = source.get(name)
                if value:
                    return value
        return None

    @property
    def org_id(self) -> str | None:
        return self.get("org_id")

    @property
    def project_id(self) -> str | None:
        return self.get("project_id")

    @property
    def api_version(self) -> str | None:
        return self.get("api_version")

    @property
    def service(self) -> str | None:
        """``cloud``, ``cloudgov`` or ``None``."""
        return self.get("service")

    @property
    def output(self) -> str | None:
        return self.get("output")

    @property
    def ops_manager_url(self) -> str | None:
        """The configured base URL, if any (``base_url`` resolves the default)."""
        return self.get("ops_manager_url")

    @property
    def account_url(self) -> str | None:
        return self.get("account_url")

    @property
    def base_url(self) -> str:
        """Where the API is: ``ops_manager_url`` if set, else the Atlas for Government URL when ``service`` is
        ``cloudgov``, else ``https://cloud.mongodb.com/``. Always ends with ``/``."""
        url = self.ops_manager_url or (GOV_BASE_URL if self.service == "cloudgov" else DEFAULT_BASE_URL)
        return url if url.endswith("/") else f"{url}/"

    @property
    def public_api_key(self) -> str | None:
        return self.get("public_api_key")

    @property
    def private_api_key(self) -> str | None:
        return self.get("private_api_key")

    @property
    def client_id(self) -> str | None:
        return self.get("client_id")

    @property
    def client_secret(self) -> str | None:
        return self.get("client_secret")

    @property
    def access_token(self) -> str | None:
        return self.get("access_token")

    @property
    def refresh_token(self) -> str | None:
        return self.get("refresh_token")

    @property
    def auth_type(self) -> str | None:
        """``service_account`` when a client id and secret are both present (from any source), else ``api_keys``
        when both API keys are, else the stored ``auth_type``. So credentials exported in the environment win
        over what the profile says."""
        if self.client_id and self.client_secret:
            return "service_account"
        if self.public_api_key and self.private_api_key:
            return "api_keys"
        return self.get("auth_type")


# --- reading -----------------------------------------------------------------------------------------------------


def select_profile_name(flag: str | None, *, env: Mapping[str, str] | None = None, path: Path | None = None) -> str:
    """The profile to use: ``flag`` (``-P``), else ``MONGODB_ATLAS_PROFILE``, else the only profile in the file,
    else ``default``. Lowercased; a name with ``.`` is a ``ConfigError``."""
    env = os.environ if env is None else env
    return _select(flag, env, lambda: _read(_path(env, path)))


def load_profile(flag: str | None = None, *, env: Mapping[str, str] | None = None, path: Path | None = None) -> Profile:
    """The selected profile (see ``select_profile_name``) with every value resolved."""
    env = os.environ if env is None else env
    path = config_path(env) if path is None else path
    document = _read(path)
    name = _select(flag, env, lambda: document)
    table = _profiles(document).get(name, {})
    return Profile(
        name=name,
        stored=_scalars(table),
        global_settings=_scalars(document),
        environment=_environment(env),
    )


def environment_profile(env: Mapping[str, str] | None = None) -> Profile:
    """The ``MONGODB_ATLAS_*`` (or ``MCLI_*``) variables alone, as a profile: no file is read."""
    return Profile(name="environment", environment=_environment(os.environ if env is None else env))


def profile_names(*, env: Mapping[str, str] | None = None, path: Path | None = None) -> list[str]:
    """The profiles in the file, sorted."""
    return sorted(_profiles(_read(_path(env, path))))


def stored_profile(name: str, *, env: Mapping[str, str] | None = None, path: Path | None = None) -> dict[str, str]:
    """The profile table's raw values, secrets included (empty when there is no such profile)."""
    return _scalars(_profiles(_read(_path(env, path))).get(_profile_name(name), {}))


# --- writing -----------------------------------------------------------------------------------------------------


def save_profile(
    name: str,
    updates: Mapping[str, str | None],
    *,
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Path:
    """Set (or, for ``None``, delete) keys of profile ``name``, creating it if needed; returns the file written.

    Other profiles and the top-level keys stay as they were; ``version = 2`` is written. ``base_url`` is stored as
    ``ops_manager_url``. An unsupported ``service`` value is a ``ConfigError``.
    """
    name = _writable_name(name)
    path = _path(env, path)
    document = _read(path)
    key = _table_key(document, name)
    table = dict(document[key]) if key is not None else {}
    for update_key, value in updates.items():
        update_key = update_key.lower()
        if update_key == "base_url":
            update_key = "ops_manager_url"
        if update_key == "service" and (value or "") not in _SERVICES:
            raise ConfigError(f"unsupported service: {value}")
        dropped = _URL_KEYS if update_key in _URL_KEYS else (update_key,)
        for existing in [k for k in table if k.lower() in dropped]:
            del table[existing]
        if value is not None:
            table[update_key] = value
    _write(path, _put_table(document, key, name, table))
    return path


def save_globals(
    updates: Mapping[str, str | bool | None],
    *,
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Path:
    """Set (or, for ``None``, delete) top-level keys such as ``skip_update_check``; returns the file written."""
    path = _path(env, path)
    document = _read(path)
    for key, value in updates.items():
        key = key.lower()
        if key == "version" or isinstance(document.get(key), dict):
            raise ConfigError(f"{key} is not a global setting")
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    _write(path, document)
    return path


def delete_profile(name: str, *, env: Mapping[str, str] | None = None, path: Path | None = None) -> bool:
    """Remove profile ``name``; ``False`` when it did not exist (the file is then left alone)."""
    name = _profile_name(name)
    path = _path(env, path)
    document = _read(path)
    key = _table_key(document, name)
    if key is None:
        return False
    del document[key]
    _write(path, document)
    return True


def rename_profile(
    old: str,
    new: str,
    *,
    replace: bool = False,
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> None:
    """Rename profile ``old`` to ``new``, keeping its place in the file. ``ConfigError`` when ``old`` does not
    exist, or when ``new`` does and ``replace`` is false."""
    old, new = _profile_name(old), _writable_name(new)
    path = _path(env, path)
    document = _read(path)
    key = _table_key(document, old)
    if key is None:
        raise ConfigError(f"profile {old} does not exist")
    if old == new:
        return
    if _table_key(document, new) is not None and not replace:
        raise ConfigError(f"profile {new} already exists")
    _write(path, _put_table(document, key, new, document[key]))


# --- helpers -----------------------------------------------------------------------------------------------------


def _path(env: Mapping[str, str] | None, path: Path | None) -> Path:
    return config_path(env) if path is None else path


def _env_prefix(env: Mapping[str, str]) -> str:
    # The real CLI's env key replacer: any MCLI* variable switches every lookup to MCLI_*.
    return "MCLI" if any(name.startswith("MCLI") for name in env) else "MONGODB_ATLAS"


def _environment(env: Mapping[str, str]) -> dict[str, str]:
    prefix = f"{_env_prefix(env)}_"
    return {name[len(prefix) :].lower(): value for name, value in env.items() if name.startswith(prefix) and value}


def _profile_name(name: str) -> str:
    name = name.lower()
    if "." in name:
        raise ConfigError(f"profile should not contain '.': {name}")
    return name


def _writable_name(name: str) -> str:
    name = _profile_name(name)
    if not name.strip():
        raise ConfigError("a profile needs a name")
    if name == "version" or name in GLOBAL_PROPERTIES:
        raise ConfigError(f"{name} is a global setting and cannot be a profile name")
    return name


def _select(flag: str | None, env: Mapping[str, str], document: Callable[[], Mapping[str, Any]]) -> str:
    name = flag or env.get(f"{_env_prefix(env)}_PROFILE", "")
    if not name:  # only now is the file needed
        names = list(_profiles(document()))
        name = names[0] if len(names) == 1 else DEFAULT_PROFILE
    return _profile_name(name)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot parse {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot parse {path}: {exc}") from exc
    version = document.get("version", CONFIG_VERSION)
    if isinstance(version, bool) or version != CONFIG_VERSION:
        raise ConfigError(f"{path}: unsupported config version {version!r} (this atlas reads version 2)")
    return document


def _profiles(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    # Keys are case-insensitive, as viper lowercases them.
    return {key.lower(): value for key, value in document.items() if isinstance(value, dict)}


def _table_key(document: Mapping[str, Any], name: str) -> str | None:
    return next((key for key, value in document.items() if isinstance(value, dict) and key.lower() == name), None)


def _scalars(table: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, bool):
            values[key.lower()] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            values[key.lower()] = str(value)
    return values


def _put_table(document: Mapping[str, Any], old_key: str | None, name: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` with ``table`` stored as ``name`` where ``old_key`` was (else at the end); any other table
    already called ``name`` is replaced."""

    def entries() -> Iterator[tuple[str, Any]]:
        placed = False
        for key, value in document.items():
            if key == old_key:
                placed = True
                yield name, table
            elif not (isinstance(value, dict) and key.lower() == name):
                yield key, value
        if not placed:
            yield name, table

    return dict(entries())


def _write(path: Path, document: Mapping[str, Any]) -> None:
    """Write atomically: a 0600 temporary file in the same directory, then ``os.replace``."""
    content = {"version": CONFIG_VERSION, **{k: v for k, v in document.items() if k != "version"}}
    directory = path.parent
    try:
        existed = directory.is_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not existed:
            directory.chmod(0o700)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(descriptor, "wb") as file:
                tomli_w.dump(content, file)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from exc
