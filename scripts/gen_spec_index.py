#!/usr/bin/env python3
"""Generate ``src/atlas_access/spec/data/index.json`` from the official Atlas Admin API v2 spec.

The official spec is licensed CC BY-NC-SA, so the index keeps *interface facts only*: operation ids,
methods, paths, tags, parameter names/locations/types/constraints, schema names, versions, sunset
dates, flags and role names. No prose (descriptions, summaries, examples, doc URLs) is ever copied.

Usage::

    python scripts/gen_spec_index.py [--spec PATH] [--legacy PATH] [--output PATH]

``--spec`` defaults to ``$ATLAS_OPENAPI_SPEC``, else ``../shared/openapi/v2.yaml`` next to the repo.
``--legacy`` (the June 2025 spec, used to map pre-2026 operation ids to the current ones by method and
path) defaults to ``../shared/openapi/legacy/openapi-2025-03-12-june2025.yaml`` if it exists; pass
``--legacy ''`` to generate without legacy ids.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO_ROOT / ".." / "shared" / "openapi" / "v2.yaml"
DEFAULT_LEGACY = REPO_ROOT / ".." / "shared" / "openapi" / "legacy" / "openapi-2025-03-12-june2025.yaml"
DEFAULT_OUTPUT = REPO_ROOT / "src" / "atlas_access" / "spec" / "data" / "index.json"

GENERATED_NOTE = "by scripts/gen_spec_index.py from the official spec; interface facts only; do not edit"

HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
MEDIA_TYPE_RE = re.compile(r"application/vnd\.atlas\.(?P<version>\d{4}-\d{2}-\d{2}|preview)\+(?P<suffix>[a-z0-9.-]+)")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
PREVIEW = "preview"

# The only schema keywords copied for parameters (everything else, notably description/example/
# externalDocs/title, is prose or irrelevant).
PARAM_SCHEMA_KEYS = (
    "type",
    "format",
    "pattern",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "default",
)

# Non-prose keys of the Atlas CLI extension ``x-xgen-atlascli`` (as read by mongodb-atlas-cli's
# api-generator). ``override`` may also carry prose (e.g. a description) — only operationId is kept.
CLI_SCALAR_KEYS = ("skip", "command-aliases", "watcher")
CLI_OVERRIDE_KEYS = ("operationId",)


class SpecError(Exception):
    pass


def warn(message: str) -> None:
    print(f"gen_spec_index: warning: {message}", file=sys.stderr)


def load_yaml(path: Path) -> Any:
    with path.open("rb") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)


def plain(value: Any) -> Any:
    """Make YAML scalars JSON-friendly (unquoted dates become ISO strings)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        if value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise SpecError(f"not a boolean: {value!r}")
    return bool(value)


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def iter_operations(spec: Mapping[str, Any]) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is not None:
                yield method.upper(), path, op


def resolve(obj: Mapping[str, Any], components: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    """Follow ``$ref`` (possibly chained) into ``components.<kind>``."""
    seen: set[str] = set()
    while "$ref" in obj:
        ref = obj["$ref"]
        prefix = f"#/components/{kind}/"
        if not ref.startswith(prefix) or ref in seen:
            raise SpecError(f"unsupported or cyclic $ref {ref!r}")
        seen.add(ref)
        obj = components[kind][ref[len(prefix) :]]
    return obj


def param_schema(schema: Mapping[str, Any], components: Mapping[str, Any]) -> dict[str, Any]:
    schema = resolve(schema, components, "schemas")
    out: dict[str, Any] = {k: plain(schema[k]) for k in PARAM_SCHEMA_KEYS if k in schema}
    if "items" in schema:
        out["items"] = param_schema(schema["items"], components)
    return out


def schema_label(schema: Mapping[str, Any] | None) -> str | None:
    """A short label: component name, ``array<Name>``, or an inline type (``string(binary)``).

    An absent or empty schema (``{}``) gives ``None``.
    """
    if not schema:
        return None
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    kind = schema.get("type")
    if kind == "array":
        items = schema_label(schema.get("items"))
        return f"array<{items or 'any'}>"
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator in schema:
            labels = [schema_label(s) or "any" for s in schema[combinator]]
            return f"{combinator}<{','.join(labels)}>"
    if kind is None:
        return "object" if "properties" in schema else None
    fmt = schema.get("format")
    return f"{kind}({fmt})" if fmt else str(kind)


def version_sort_key(version: str) -> tuple[int, str]:
    return (1, "") if version == PREVIEW else (0, version)


def parse_media_type(content_type: str, where: str) -> tuple[str, str] | None:
    m = MEDIA_TYPE_RE.fullmatch(content_type)
    if m is None:
        warn(f"{where}: unversioned/odd content type {content_type!r} ignored")
        return None
    return m.group("version"), m.group("suffix")


class VersionCollector:
    def __init__(self, operation_id: str) -> None:
        self.operation_id = operation_id
        self.media: dict[str, set[str]] = {}
        self.sunset: dict[str, str | None] = {}

    def add(self, version: str, suffix: str, media_obj: Mapping[str, Any]) -> None:
        self.media.setdefault(version, set()).add(suffix)
        raw = media_obj.get("x-sunset")
        sunset = plain(raw) if raw is not None else None
        if sunset is not None and not (isinstance(sunset, str) and DATE_RE.fullmatch(sunset)):
            warn(f"{self.operation_id}: odd x-sunset {raw!r} ignored")
            sunset = None
        # x-sunset is usually declared on the response media type only (request bodies and secondary
        # success codes mostly omit it), so a version's sunset is the one any of its media types declares.
        known = {s for s in (self.sunset.get(version), sunset) if s is not None}
        if len(known) > 1:
            warn(f"{self.operation_id}: version {version} has differing sunsets {sorted(known)}")
        self.sunset[version] = min(known) if known else None

    def result(self) -> list[dict[str, Any]]:
        return [
            {"version": v, "sunset": self.sunset[v], "mediaTypes": sorted(self.media[v])}
            for v in sorted(self.media, key=version_sort_key)
        ]


def cli_facts(ext: Any, operation_id: str) -> dict[str, Any] | None:
    if not isinstance(ext, Mapping):
        return None
    out: dict[str, Any] = {}
    for key in CLI_SCALAR_KEYS:
        if key in ext:
            out[key] = plain(ext[key])
    override = ext.get("override")
    if isinstance(override, Mapping):
        kept = {k: plain(override[k]) for k in CLI_OVERRIDE_KEYS if k in override}
        if kept:
            out["override"] = kept
    dropped = sorted(set(ext) - set(CLI_SCALAR_KEYS) - {"override"})
    if dropped:
        warn(f"{operation_id}: x-xgen-atlascli keys not kept: {dropped}")
    return out or None


def build_operation(
    method: str,
    path: str,
    op: Mapping[str, Any],
    components: Mapping[str, Any],
    legacy_ids: list[str],
) -> dict[str, Any]:
    operation_id = op["operationId"]
    tags = op.get("tags") or []
    if len(tags) != 1:
        warn(f"{operation_id}: {len(tags)} tags {tags}; using the first")
    versions = VersionCollector(operation_id)

    parameters = []
    for raw in op.get("parameters") or []:
        prm = resolve(raw, components, "parameters")
        parameters.append(
            {
                "name": prm["name"],
                "in": prm["in"],
                "required": bool(prm.get("required", False)),
                "schema": param_schema(prm.get("schema") or {}, components),
            }
        )

    request_body: dict[str, Any] | None = None
    if "requestBody" in op:
        body = resolve(op["requestBody"], components, "requestBodies")
        schemas: dict[str, str | None] = {}
        for content_type, media_obj in (body.get("content") or {}).items():
            parsed = parse_media_type(content_type, f"{operation_id} requestBody")
            if parsed is None:
                continue
            version, suffix = parsed
            versions.add(version, suffix, media_obj)
            label = schema_label(media_obj.get("schema"))
            if version in schemas and schemas[version] != label:
                warn(f"{operation_id}: requestBody {version} has several schemas; keeping {schemas[version]}")
                continue
            schemas[version] = label
        request_body = {"required": bool(body.get("required", False)), "schemas": schemas}

    responses: dict[str, dict[str, Any]] = {}
    for code_raw, raw_response in (op.get("responses") or {}).items():
        code = str(code_raw)
        if not code.isdigit() or int(code) >= 400:
            responses[code] = {}
            continue
        response = resolve(raw_response, components, "responses")
        by_version: dict[str, str | None] = {}
        for content_type, media_obj in (response.get("content") or {}).items():
            parsed = parse_media_type(content_type, f"{operation_id} {code}")
            if parsed is None:
                continue
            version, suffix = parsed
            versions.add(version, suffix, media_obj)
            label = schema_label(media_obj.get("schema"))
            # e.g. json and csv representations of one version: prefer the json one
            if version in by_version and by_version[version] != label and suffix != "json":
                continue
            by_version[version] = label
        responses[code] = {"versions": by_version}

    verb = op.get("x-xgen-method-verb-override")
    method_verb = None
    if isinstance(verb, Mapping):
        method_verb = {k: plain(verb[k]) for k in ("verb", "customMethod") if k in verb}
        if "customMethod" in method_verb:
            # the spec mixes booleans and the strings "True"/"False"
            method_verb["customMethod"] = as_bool(method_verb["customMethod"])

    roles = op.get("x-rolesRequirements") or []
    return {
        "method": method,
        "path": path,
        "tag": tags[0] if tags else "",
        "shortName": op.get("x-xgen-operation-id-override"),
        "legacyIds": sorted(legacy_ids),
        "deprecated": bool(op.get("deprecated", False)),
        "roles": [str(r) for r in roles],
        "versions": versions.result(),
        "parameters": parameters,
        "requestBody": request_body,
        "responses": responses,
        "cli": cli_facts(op.get("x-xgen-atlascli"), operation_id),
        "methodVerb": method_verb,
    }


def legacy_ids_by_route(legacy: Mapping[str, Any] | None) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    if legacy is None:
        return out
    for method, path, op in iter_operations(legacy):
        out.setdefault((method, path), []).append(op["operationId"])
    return out


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_index(spec_path: Path, legacy_path: Path | None) -> dict[str, Any]:
    spec = load_yaml(spec_path)
    legacy = load_yaml(legacy_path) if legacy_path is not None else None
    components = spec.get("components") or {}
    legacy_map = legacy_ids_by_route(legacy)

    operations: dict[str, dict[str, Any]] = {}
    for method, path, op in iter_operations(spec):
        operation_id = op["operationId"]
        if operation_id in operations:
            raise SpecError(f"duplicate operationId {operation_id}")
        old = [i for i in legacy_map.get((method, path), []) if i != operation_id]
        operations[operation_id] = build_operation(method, path, op, components, old)

    stable: set[str] = set()
    for _, _, op in iter_operations(spec):
        bodies = [resolve(r, components, "responses") for r in (op.get("responses") or {}).values()]
        if "requestBody" in op:
            bodies.append(resolve(op["requestBody"], components, "requestBodies"))
        for body in bodies:
            for content_type in body.get("content") or {}:
                m = MEDIA_TYPE_RE.fullmatch(content_type)
                if m and m.group("version") != PREVIEW:
                    stable.add(m.group("version"))

    source: dict[str, Any] = {
        "sha256": sha256_of(spec_path),
        "xgenSha": (spec.get("info") or {}).get("x-xgen-sha"),
    }
    if legacy is not None and legacy_path is not None:
        source["legacy"] = {
            "sha256": sha256_of(legacy_path),
            "xgenSha": (legacy.get("info") or {}).get("x-xgen-sha"),
        }
    return {
        "_generated": GENERATED_NOTE,
        "source": source,
        "versions": sorted(stable),
        "operations": operations,
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def render(index: Mapping[str, Any]) -> str:
    """Sorted-key JSON, one operation per line (valid JSON, diff-friendly)."""
    head = {k: v for k, v in index.items() if k != "operations"}
    keys = sorted([*head, "operations"])
    parts = []
    for key in keys:
        if key == "operations":
            ops = index["operations"]
            lines = [f"{dumps(op_id)}:{dumps(ops[op_id])}" for op_id in sorted(ops)]
            parts.append('"operations":{\n' + ",\n".join(lines) + "\n}")
        else:
            parts.append(f"{dumps(key)}:{dumps(head[key])}")
    return "{" + ",\n".join(parts) + "}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    env_spec = os.environ.get("ATLAS_OPENAPI_SPEC")
    parser.add_argument("--spec", type=Path, default=Path(env_spec) if env_spec else DEFAULT_SPEC)
    parser.add_argument(
        "--legacy",
        default=None,
        help="older spec for legacy operation ids ('' to disable; default: the June 2025 spec if present)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    spec_path: Path = args.spec
    if not spec_path.is_file():
        parser.error(f"official spec not found at {spec_path}; pass --spec or set ATLAS_OPENAPI_SPEC")
    legacy_path: Path | None
    if args.legacy is None:
        legacy_path = DEFAULT_LEGACY if DEFAULT_LEGACY.is_file() else None
        if legacy_path is None:
            warn(f"legacy spec not found at {DEFAULT_LEGACY}; legacyIds will be empty")
    elif args.legacy == "":
        legacy_path = None
    else:
        legacy_path = Path(args.legacy)
        if not legacy_path.is_file():
            parser.error(f"legacy spec not found at {legacy_path}")

    try:
        index = build_index(spec_path, legacy_path)
    except SpecError as exc:
        print(f"gen_spec_index: error: {exc}", file=sys.stderr)
        return 1
    text = render(index)
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(output)
    print(f"wrote {output} ({len(text.encode())} bytes, {len(index['operations'])} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
