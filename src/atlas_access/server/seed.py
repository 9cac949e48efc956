"""A seed file (``serve --seed FILE``): a fixture document (docs/fixtures.md, JSON Schema in
docs/fixtures.schema.json) in JSON or YAML, applied on the first start and after every reset."""

from pathlib import Path

import yaml
from pydantic import ValidationError

from atlas_access.server.services.fixtures import FixturesIn

__all__ = ["SeedError", "read_seed"]


class SeedError(ValueError):
    """The seed file cannot be read or is not a fixture document; the message says where."""


def read_seed(path: Path) -> FixturesIn:
    """The document of ``path``: YAML for ``.yaml``/``.yml``, else JSON (YAML also reads JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise SeedError(f"cannot read {path}: {problem}") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        raise SeedError(f"{path} is neither JSON nor YAML: {problem}") from None
    try:
        return FixturesIn.model_validate(document)
    except ValidationError as problem:
        details = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'document'}: {error['msg']}"
            for error in problem.errors()
        )
        raise SeedError(f"{path} is not a fixture document (docs/fixtures.md): {details}") from None
