#!/usr/bin/env python3
"""Write ``docs/fixtures.schema.json``, the JSON Schema of the fixture document, from the models the server reads.

The server parses ``POST /api/local/v1/fixtures`` with the pydantic models in
``atlas_access.server.services.fixtures``; this schema is generated from them, so the two cannot disagree
(``tests/server/test_fixture_schema.py`` fails when the committed file is stale).

Usage::

    python scripts/gen_fixture_schema.py [--output PATH]    # default: docs/fixtures.schema.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from atlas_access.server.services.fixtures import FixturesIn

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "fixtures.schema.json"


def schema() -> dict[str, Any]:
    """The fixture document's schema (JSON Schema 2020-12), generated: edit the models, not this."""
    generated = FixturesIn.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "atlas-access fixture document",
        "description": "Generated from atlas_access.server.services.fixtures by scripts/gen_fixture_schema.py; "
        "see docs/fixtures.md.",
        **{key: value for key, value in generated.items() if key != "title"},
    }


def render() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    args.output.write_text(render())
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
