"""The real CLI's ``file.Load``: a JSON configuration file given with ``--file``, decoded into the SDK struct the
command sends, worded as the real CLI words its failures. Shared by the invitation and federation commands."""

from __future__ import annotations

import json
from pathlib import Path

from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import Decoded, DecodeError, Model, decode

__all__ = ["FILE_TYPES", "load_file"]

FILE_TYPES = ("json", "yaml", "yml")


def load_file(path: str, model: Model, *, what: str) -> Decoded:
    """The file at ``path`` decoded into ``model`` (fields it does not have are ignored); ``what`` names the
    content (``the invitation``) in the one refusal of our own: YAML, which this atlas does not read."""
    if not Path(path).exists():
        raise CliError(f"file not found: {path}")
    extension = Path(path).suffix
    if len(extension) <= 1:
        raise CliError(f"filename: {path} requires valid extension")
    if extension[1:] not in FILE_TYPES:
        raise CliError(f"unsupported file type: {extension[1:]}")
    if extension[1:] != "json":
        raise CliError(f"{path}: YAML files are not supported by this atlas; write {what} as JSON")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as problem:
        raise CliError(f"read {path}: {(problem.strerror or str(problem)).lower()}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text") from None
    try:
        return decode(model, json.loads(text))
    except ValueError as problem:
        raise CliError(f"{path} is not valid JSON: {problem}") from None
    except DecodeError as problem:
        raise CliError(str(problem)) from None
