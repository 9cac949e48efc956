"""An ``atlas`` CLI profile for this server: what ``atlas-access serve`` offers to write (or writes with
``--write-profile NAME``), so that ``atlas -P local api ...`` talks to it at once.

The profile holds the bootstrap API key (Digest), the bootstrap organization and project, and the server's
URL as ``ops_manager_url``; it goes into the real CLI's config.toml (mode 0600), next to any other profiles.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from atlas_access.client.profiles import ConfigError, config_path, save_profile, stored_profile

__all__ = ["DEFAULT_NAME", "offer_profile", "write_profile"]

DEFAULT_NAME = "local"


def _values(base_url: str, bootstrap_path: Path) -> dict[str, str | None]:
    bootstrap = json.loads(bootstrap_path.read_text())
    return {
        "ops_manager_url": base_url.rstrip("/") + "/",
        "org_id": bootstrap["orgId"],
        "project_id": bootstrap["projectId"],
        "public_api_key": bootstrap["publicKey"],
        "private_api_key": bootstrap["privateKey"],
        "service": "cloud",
        "auth_type": "api_keys",
        # a profile that held a service account before must not keep using it
        "client_id": None,
        "client_secret": None,
        "access_token": None,
        "refresh_token": None,
    }


def write_profile(name: str, base_url: str, bootstrap_path: Path) -> Path:
    """Write (or overwrite) profile ``name`` for this server; returns the config file's path."""
    try:
        return save_profile(name, _values(base_url, bootstrap_path))
    except (OSError, ValueError, KeyError) as problem:
        raise ConfigError(f"cannot write the profile from {bootstrap_path}: {problem}") from None


def _already_there(name: str, base_url: str, bootstrap_path: Path) -> bool:
    wanted = {k: v for k, v in _values(base_url, bootstrap_path).items() if v is not None}
    stored = stored_profile(name)
    return all(stored.get(k) == v for k, v in wanted.items())


def _may_ask() -> bool:
    """Whether a question can be answered: stdin and stdout are a terminal, and this process is not in the
    background of it (``serve &``), where reading the terminal would stop it (SIGTTIN) before it serves."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        foreground = os.tcgetpgrp(sys.stdin.fileno())
    except OSError:  # a terminal, but not this process's controlling one: reading it cannot stop the process
        return True
    return foreground == os.getpgrp()


def offer_profile(base_url: str, bootstrap_path: Path, write: str | None) -> None:
    """``write``: a profile name to write without asking. Otherwise ask, on a terminal in the foreground only,
    unless the ``local`` profile already points at this server with these credentials."""
    try:
        if write is not None:
            path = write_profile(write, base_url, bootstrap_path)
            click.echo(f"  atlas CLI profile '{write}' written to {path}: try `atlas -P {write} api ...`")
            return
        if not _may_ask() or not bootstrap_path.exists():
            return
        if _already_there(DEFAULT_NAME, base_url, bootstrap_path):
            click.echo(f"  atlas CLI profile '{DEFAULT_NAME}' points here: try `atlas -P {DEFAULT_NAME} api ...`")
            return
        question = f"Write an atlas CLI profile '{DEFAULT_NAME}' for this server to {config_path()}?"
        if click.confirm(question, default=True):
            path = write_profile(DEFAULT_NAME, base_url, bootstrap_path)
            click.echo(f"  written to {path}: try `atlas -P {DEFAULT_NAME} api organizations listOrgInvites`")
    except ConfigError as problem:
        click.echo(f"  no atlas CLI profile written: {problem}", err=True)
