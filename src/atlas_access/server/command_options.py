"""The options every ``atlas-access`` command that reads a server's files shares, each with its ``ATLAS_ACCESS_*``
variable (docs/configuration.md): where the data directory is, and which database."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["ENV", "data_dir_option", "database_url_option", "option", "variable_of"]

ENV = "ATLAS_ACCESS_"
FC = TypeVar("FC", bound=Callable[..., Any])


def variable_of(long_name: str) -> str:
    """``--rate-limits`` -> ``ATLAS_ACCESS_RATE_LIMITS``."""
    return ENV + long_name.removeprefix("--").replace("-", "_").upper()


def option(*names: str, **settings: Any) -> Callable[[FC], FC]:
    """A click option read from its ATLAS_ACCESS_* variable too (``--rate-limits``: ATLAS_ACCESS_RATE_LIMITS)."""
    long_name = next(name for name in names if name.startswith("--"))
    return click.option(*names, envvar=variable_of(long_name), show_envvar=True, **settings)


def data_dir_option(help: str) -> Callable[[FC], FC]:
    """``--data-dir`` (default ``.atlas-access``), saying what this command finds there."""
    return option(
        "--data-dir",
        default=Path(".atlas-access"),
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help,
    )


DATABASE_URL_HELP = "sqlite:///PATH (default: DATA_DIR/atlas-access.db) or postgresql://USER@HOST:PORT/DB."


def database_url_option(help: str = DATABASE_URL_HELP) -> Callable[[FC], FC]:
    """``--database-url`` (default: the SQLite database of the data directory)."""
    return option("--database-url", help=help)
