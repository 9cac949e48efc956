"""The official Atlas Admin API v2 spec, loaded once per test session.

The spec is MongoDB's, not ours to redistribute: it is read from ``ATLAS_OPENAPI_SPEC`` or from the repository's
sibling ``../shared/openapi/v2.yaml`` and never copied into this repository. Tests that need it skip, saying
where it was looked for, when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

DEFAULT_SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "openapi" / "v2.yaml"


def spec_path() -> Path:
    return Path(os.environ.get("ATLAS_OPENAPI_SPEC") or DEFAULT_SPEC)


@pytest.fixture(scope="session")
def openapi_document() -> dict[str, Any]:
    """The official spec as a plain document (about 4 MB of YAML: parsed once, with libyaml when available).

    Treat it as read-only: it is shared by every test of the session.
    """
    path = spec_path()
    if not path.is_file():
        pytest.skip(f"official Atlas Admin API v2 spec not found at {path}; set ATLAS_OPENAPI_SPEC to its path")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open("rb") as stream:
        document = yaml.load(stream, Loader=loader)
    assert isinstance(document, dict) and "paths" in document, f"{path} is not an OpenAPI document"
    return document
