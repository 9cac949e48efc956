"""``atlas config``: create, change, show, rename and delete profiles in ``config.toml``.

The profile chosen with the root's ``-P/--profile`` arrives as ``ctx.find_root().obj.profile_flag``; ``init`` and
``set`` also take ``-P`` after the subcommand, as cobra's persistent flag allows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import urlsplit

import click

from atlas_access.cli._checks import check_args, is_object_id
from atlas_access.cli._errors import CliError, UsageProblem
from atlas_access.cli._help import Group
from atlas_access.client.profiles import (
    DEFAULT_BASE_URL,
    GLOBAL_PROPERTIES,
    PROPERTIES,
    SECRET_KEYS,
    ConfigError,
    delete_profile,
    profile_names,
    rename_profile,
    save_globals,
    save_profile,
    select_profile_name,
    stored_profile,
)

__all__ = ["config"]

_ALIASES = {"ls": "list", "get": "describe", "rm": "delete", "mv": "rename"}
_BOOLEAN_PROPERTIES = frozenset({"skip_update_check", "telemetry_enabled", "silence_storage_warning"})
_AUTH_TYPES = ("api_keys", "service_account", "user_account", "no_auth")
_OUTPUTS = ("json", "plaintext")
_CLIENT_CREDENTIAL_MAX = 256
_REDACTED = "redacted"


class _ConfigGroup(Group):
    """A group that also answers to the real CLI's aliases (``ls``, ``get``, ``rm``, ``mv``)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, _ALIASES.get(cmd_name, cmd_name))


@click.group("config", cls=_ConfigGroup)
def config() -> None:
    """Configure and manage your user profiles."""


# --- shared pieces -----------------------------------------------------------------------------------------------


@contextmanager
def _reported() -> Iterator[None]:
    """Turn configuration failures into ``Error: ...`` lines."""
    try:
        yield
    except ConfigError as exc:
        raise CliError(str(exc)) from exc


def _selected_profile(ctx: click.Context, local_flag: str | None) -> str:
    root_flag = getattr(ctx.find_root().obj, "profile_flag", None)
    with _reported():
        return select_profile_name(local_flag or root_flag)


def _url(value: str) -> str:
    """An http(s) URL, returned with a trailing slash (the form the real CLI stores)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CliError(f"'{value}' is not a valid URL")
    return value if value.endswith("/") else f"{value}/"


def _object_id(value: str) -> str:
    if not is_object_id(value):
        raise CliError(f"the provided value '{value}' is not a valid ID")
    return value


def _client_credential(prop: str, value: str) -> str:
    # Never echo the value: it may be a secret.
    if not value or len(value) > _CLIENT_CREDENTIAL_MAX or any(c.isspace() for c in value):
        raise CliError(
            f"the provided value for {prop} is not valid: use 1 to {_CLIENT_CREDENTIAL_MAX} characters, no spaces"
        )
    return value


def _checker(prop: str) -> Callable[[str], str]:
    return lambda value: _client_credential(prop, value)


def _validated(prop: str, value: str) -> str:
    """The value ``atlas config set`` stores for ``prop``, or a ``CliError`` worded as the real CLI words it."""
    if prop.startswith("client_"):
        return _client_credential(prop, value)
    if prop.endswith("_url"):
        return _url(value)
    if prop.endswith("_id"):
        return _object_id(value)
    if prop == "auth_type" and value not in _AUTH_TYPES:
        raise CliError(f"invalid auth_type: {value!r}; valid values are {', '.join(_AUTH_TYPES)}")
    return value


def _is_true(value: str) -> bool:
    return value.lower() in ("t", "true", "y", "yes", "1")


def _print_output(output: str | None, plain: Callable[[], None], data: object) -> None:
    if output in (None, "", "plaintext"):
        plain()
    elif output == "json":
        click.echo(json.dumps(data, indent=2, sort_keys=True))
    else:
        raise UsageProblem(f"unsupported output format for config commands: {output} (use json)")


_output_option = click.option("-o", "--output", help="Output format: json, or a table when not set.")


# --- init --------------------------------------------------------------------------------------------------------


def _blank_or(check: Callable[[str], str]) -> Callable[[str], str]:
    """A prompt value processor: blank stays blank, anything else must pass ``check`` (click asks again if not)."""

    def process(value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        try:
            return check(value)
        except CliError as exc:
            raise click.BadParameter(exc.message) from exc

    return process


def _output_value(value: str) -> str:
    if value not in _OUTPUTS:
        raise CliError(f"'{value}' is not a valid output format; use {' or '.join(_OUTPUTS)}")
    return value


def _ask(text: str, current: str | None, check: Callable[[str], str] = str) -> str:
    """Prompt with the current value as default (Enter keeps it); blank is allowed."""
    return str(click.prompt(text, default=current or "", show_default=bool(current), value_proc=_blank_or(check)))


def _ask_secret(text: str, current: str | None, check: Callable[[str], str] = str) -> str:
    """Prompt without echoing; Enter keeps the current value, which is never shown."""
    if current:
        text = f"{text} (Enter keeps the current one)"
    return str(
        click.prompt(text, default=current or "", show_default=False, hide_input=True, value_proc=_blank_or(check))
    )


@config.command("init")
@click.option("-P", "--profile", "profile_flag", help="Profile to configure (overrides the global -P).")
@click.option("--public-api-key", help="Public API key (API key authentication).")
@click.option("--private-api-key", help="Private API key. Prefer the prompt or MONGODB_ATLAS_PRIVATE_API_KEY.")
@click.option("--client-id", help="Service account client ID.")
@click.option("--client-secret", help="Service account secret. Prefer the prompt or MONGODB_ATLAS_CLIENT_SECRET.")
@click.option("--base-url", help=f"Base URL of the API (blank for {DEFAULT_BASE_URL}).")
@click.option("--org-id", help="Default organization ID.")
@click.option("--project-id", help="Default project ID.")
@click.option("--output", type=click.Choice(_OUTPUTS), help="Default output format.")
@click.option("--api-version", help="Default API version for `atlas api`, for example 2025-03-12.")
@click.option("--gov", is_flag=True, help="Configure the profile for Atlas for Government.")
@click.pass_context
def init_command(
    ctx: click.Context,
    profile_flag: str | None,
    public_api_key: str | None,
    private_api_key: str | None,
    client_id: str | None,
    client_secret: str | None,
    base_url: str | None,
    org_id: str | None,
    project_id: str | None,
    output: str | None,
    api_version: str | None,
    gov: bool,
) -> None:
    """Configure a profile to store access settings for your MongoDB deployment.

    Asks for each value, showing the current one; pass the credentials as options (both API keys, or the client
    ID and secret) and it asks nothing. Running it again updates the profile.
    """
    name = _selected_profile(ctx, profile_flag)
    with _reported():
        current = stored_profile(name)
    api_keys_given = bool(public_api_key or private_api_key)
    service_account_given = bool(client_id or client_secret)
    if api_keys_given and service_account_given:
        raise UsageProblem("use either --public-api-key/--private-api-key or --client-id/--client-secret, not both")
    interactive = not ((public_api_key and private_api_key) or (client_id and client_secret))

    if interactive:
        click.echo(
            "You are configuring a profile for atlas.\n\n"
            "All values are optional and you can use environment variables (MONGODB_ATLAS_*) instead.\n"
        )
    if api_keys_given:
        auth_type = "api_keys"
    elif service_account_given:
        auth_type = "service_account"
    else:
        default = "service_account" if current.get("client_id") else "api_keys"
        auth_type = click.prompt(
            "Authentication type", type=click.Choice(["api_keys", "service_account"]), default=default
        )

    # Cached tokens belong to the credentials being replaced.
    updates: dict[str, str | None] = {
        "service": "cloudgov" if gov else "cloud",
        "auth_type": auth_type,
        "access_token": None,
        "refresh_token": None,
    }
    if auth_type == "api_keys":
        public = public_api_key or _ask("Public API Key", current.get("public_api_key"))
        private = private_api_key or _ask_secret("Private API Key", current.get("private_api_key"))
        updates |= {"public_api_key": public or None, "private_api_key": private or None}
        updates |= {"client_id": None, "client_secret": None}
    else:
        identifier = client_id or _ask("Client ID", current.get("client_id"), _checker("client_id"))
        secret = client_secret or _ask_secret("Client Secret", current.get("client_secret"), _checker("client_secret"))
        updates |= {"client_id": _client_credential("client_id", identifier) if identifier else None}
        updates |= {"client_secret": _client_credential("client_secret", secret) if secret else None}
        updates |= {"public_api_key": None, "private_api_key": None}

    answers: dict[str, tuple[str | None, str, Callable[[str], str]]] = {
        "ops_manager_url": (base_url, f"URL to access Atlas (blank for {DEFAULT_BASE_URL})", _url),
        "org_id": (org_id, "Default Org ID", _object_id),
        "project_id": (project_id, "Default Project ID", _object_id),
        "output": (output, "Default Output Format (json, plaintext or blank)", _output_value),
    }
    for prop, (given, question, check) in answers.items():
        if given is not None:
            value = given.strip() and check(given.strip())
        elif interactive:
            value = _ask(question, current.get(prop), check)
        else:
            continue
        updates[prop] = value or None
    if api_version is not None:
        updates["api_version"] = api_version.strip() or None

    with _reported():
        path = save_profile(name, updates)
    click.echo("\nYour profile is now configured.")
    if name != "default":
        click.echo(f"To use this profile, you must set the flag [-P {name}] for every command.")
    click.echo("You can use [atlas config set] to change these settings at a later time.")
    click.echo(f"Profile '{name}' saved in {path}")


# --- set ---------------------------------------------------------------------------------------------------------


@config.command(
    "set",
    help=(
        "Configure specific properties of a profile.\n\n"
        f"Profile properties: {', '.join(PROPERTIES)}.\n\n"
        f"Global properties (for every profile): {', '.join(GLOBAL_PROPERTIES)}."
    ),
)
@click.option("-P", "--profile", "profile_flag", help="Profile to change (overrides the global -P).")
@click.argument("args", nargs=-1, metavar="<propertyName> <value>")
@click.pass_context
def set_command(ctx: click.Context, profile_flag: str | None, args: tuple[str, ...]) -> None:
    check_args(ctx, args, exactly=2, use="<propertyName> <value> [flags]")
    prop, value = args
    if prop not in PROPERTIES and prop not in GLOBAL_PROPERTIES:
        valid = ", ".join(sorted(PROPERTIES + GLOBAL_PROPERTIES))
        raise UsageProblem(
            f'invalid property: "{prop}"; valid properties are: {valid}',
            usage=f"{ctx.command_path} <propertyName> <value> [flags]",
        )
    with _reported():
        if prop in GLOBAL_PROPERTIES:
            save_globals({prop: _is_true(value) if prop in _BOOLEAN_PROPERTIES else value})
        else:
            save_profile(_selected_profile(ctx, profile_flag), {prop: _validated(prop, value)})
    click.echo(f"Updated property '{prop}'")


# --- list, describe ----------------------------------------------------------------------------------------------


@config.command("list")
@_output_option
def list_command(output: str | None) -> None:
    """Return a list of available profiles by name (alias: ls)."""
    with _reported():
        names = profile_names()

    def table() -> None:
        click.echo("PROFILE NAME")
        for name in names:
            click.echo(name)

    _print_output(output, table, names)


def _redacted(values: Mapping[str, str]) -> dict[str, str]:
    return {key: _REDACTED if key in SECRET_KEYS else value for key, value in sorted(values.items())}


@config.command("describe")
@_output_option
@click.argument("args", nargs=-1, metavar="<name>")
@click.pass_context
def describe_command(ctx: click.Context, output: str | None, args: tuple[str, ...]) -> None:
    """Return the settings of a profile, secrets redacted (alias: get)."""
    check_args(ctx, args, exactly=1, use="<name> [flags]")
    with _reported():
        name = args[0].lower()
        if name not in profile_names():
            raise CliError(f"no profile with name '{args[0]}'")
        settings = _redacted(stored_profile(name))

    def table() -> None:
        width = max([len("SETTING"), *map(len, settings)]) + 3
        click.echo(f"{'SETTING':<{width}}VALUE")
        for key, value in settings.items():
            click.echo(f"{key:<{width}}{value}")

    _print_output(output, table, settings)


# --- delete, rename ----------------------------------------------------------------------------------------------


@config.command("delete")
@click.option("--force", is_flag=True, help="Delete without asking for confirmation.")
@click.argument("args", nargs=-1, metavar="<name>")
@click.pass_context
def delete_command(ctx: click.Context, force: bool, args: tuple[str, ...]) -> None:
    """Delete a profile (alias: rm)."""
    check_args(ctx, args, exactly=1, use="<name> [flags]")
    with _reported():
        name = args[0].lower()
        if name not in profile_names():
            raise CliError(f"profile {args[0]} does not exist")
        if not force and not click.confirm(f"Are you sure you want to delete profile {name}?", default=False):
            click.echo("Profile not deleted")
            return
        delete_profile(name)
    click.echo(f"Profile '{name}' deleted")


@config.command("rename")
@click.argument("args", nargs=-1, metavar="<oldProfileName> <newProfileName>")
@click.pass_context
def rename_command(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Rename a profile (alias: mv)."""
    check_args(ctx, args, exactly=2, use="<oldProfileName> <newProfileName> [flags]")
    old, new = (arg.lower() for arg in args)
    with _reported():
        names = profile_names()
        if old not in names:
            raise CliError(f"profile {args[0]} does not exist")
        replace = new in names and new != old
        if replace and not click.confirm(
            f"There is already a profile called {new}.\nDo you want to replace it?", default=False
        ):
            click.echo("Profile was not renamed.")
            return
        rename_profile(old, new, replace=replace)
    click.echo(f"The profile {old} was renamed to {new}.")
