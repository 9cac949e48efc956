#!/usr/bin/env python3
"""Generate ``src/atlas_access/spec/data/event_types.json``: the event types of the official Atlas Admin API v2 spec
(the enums ``EventTypeForNdsGroup`` and ``EventTypeForOrg`` name), each with whether the spec also lists it among
alertable event types. Interface facts only, no prose; ``listEventTypes`` serves them (docs/limits-and-root.md).

Usage: ``scripts/gen_event_types.py [--spec PATH]``; ``--spec`` defaults to ``$ATLAS_OPENAPI_SPEC``, else
``../shared/openapi/v2.yaml`` next to the repo (as ``gen_spec_index.py``).
"""

import argparse
import json
import os
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT / ".." / "shared" / "openapi" / "v2.yaml"
OUTPUT = REPO_ROOT / "src" / "atlas_access" / "spec" / "data" / "event_types.json"
ROOTS = ("EventTypeForNdsGroup", "EventTypeForOrg")


def _enums(schemas: dict[str, Any], node: Any, seen: set[str]) -> set[str]:
    """Every enum value reachable from ``node`` through ``$ref``, ``oneOf``, ``anyOf`` and ``allOf``."""
    if not isinstance(node, dict):
        return set()
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            return set()
        seen.add(name)
        return _enums(schemas, schemas[name], seen)
    found = {str(value) for value in node.get("enum", ())}
    for key in ("oneOf", "anyOf", "allOf"):
        for part in node.get(key, ()):
            found |= _enums(schemas, part, seen)
    return found


def generate(spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    names: set[str] = set()
    for root in ROOTS:
        names |= _enums(schemas, {"$ref": f"#/components/schemas/{root}"}, set())
    alertable: set[str] = set()
    for name, schema in schemas.items():
        if "Alertable" in name:
            alertable |= _enums(schemas, schema, {name})
    return {
        "_generated": "by scripts/gen_event_types.py from the official spec; interface facts only; do not edit",
        "eventTypes": {name: name in alertable for name in sorted(names)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=Path(os.environ.get("ATLAS_OPENAPI_SPEC", DEFAULT_SPEC)))
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    OUTPUT.write_text(json.dumps(generate(spec), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
