"""Typed access to the generated interface-facts index (``data/index.json``).

The index is produced by ``scripts/gen_spec_index.py`` from the official Atlas Admin API v2 spec and
loaded lazily, once, with :mod:`json` only (no YAML at run time).
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

PREVIEW = "preview"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Version:
    """One API version of an operation (``"2023-01-01"`` … or ``"preview"``)."""

    version: str
    sunset: datetime.date | None
    formats: tuple[str, ...] = ()  # response formats of its success responses: "json", "gzip", "csv"

    @property
    def is_preview(self) -> bool:
        return self.version == PREVIEW


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str  # "path" | "query" | "header"
    required: bool
    # subset of the JSON schema: type, format, pattern, enum, minimum, maximum, minLength, maxLength,
    # default, items (same subset)
    schema: Mapping[str, Any] = field(hash=False)


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    tag: str
    short_name: str | None
    legacy_ids: tuple[str, ...]
    deprecated: bool
    roles: tuple[str, ...]
    versions: tuple[Version, ...]  # sorted by date, preview last
    parameters: tuple[Parameter, ...]
    request_body_required: bool
    request_schemas: Mapping[str, str] = field(hash=False)  # version -> schema name / label
    success_codes: tuple[int, ...]  # every non-error (< 400) status code, sorted
    error_codes: tuple[int, ...]  # every >= 400 status code, sorted

    def resolve_version(self, requested: str) -> Version | None:
        """The version serving a request for ``requested``.

        ``"preview"`` matches only a preview version. A date ``YYYY-MM-DD`` resolves to the newest
        non-preview version whose date is <= the requested one; ``None`` if the requested date is
        earlier than every version, or is malformed.
        """
        if requested == PREVIEW:
            return next((v for v in self.versions if v.version == PREVIEW), None)
        if not _is_date(requested):
            return None
        best: Version | None = None
        for v in self.versions:  # ascending; ISO dates compare correctly as strings
            if v.version != PREVIEW and v.version <= requested:
                best = v
        return best

    @property
    def first_version(self) -> Version | None:
        """The oldest version (a preview version only if the operation has nothing else)."""
        return self.versions[0] if self.versions else None


def _is_date(value: str) -> bool:
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _parse_parameter(raw: Mapping[str, Any], interned: dict[str, Parameter]) -> Parameter:
    # most operations share the same few parameters (envelope, pretty, groupId, paging ...): build each
    # distinct one once; the generator writes sorted keys, so repr() is a stable identity
    key = repr(raw)
    found = interned.get(key)
    if found is None:
        found = Parameter(name=raw["name"], location=raw["in"], required=raw["required"], schema=_freeze(raw["schema"]))
        interned[key] = found
    return found


def _parse_operation(operation_id: str, raw: Mapping[str, Any], interned: dict[str, Parameter]) -> Operation:
    versions = tuple(
        Version(
            version=v["version"],
            sunset=datetime.date.fromisoformat(v["sunset"]) if v["sunset"] else None,
            formats=tuple(v["mediaTypes"]),
        )
        for v in raw["versions"]
    )
    parameters = tuple(_parse_parameter(p, interned) for p in raw["parameters"])
    body = raw["requestBody"]
    request_schemas: dict[str, str] = {}
    if body is not None:
        request_schemas = {v: s for v, s in body["schemas"].items() if s is not None}
    codes = sorted(int(c) for c in raw["responses"] if c.isdigit())
    return Operation(
        operation_id=operation_id,
        method=raw["method"],
        path=raw["path"],
        tag=raw["tag"],
        short_name=raw["shortName"],
        legacy_ids=tuple(raw["legacyIds"]),
        deprecated=raw["deprecated"],
        roles=tuple(raw["roles"]),
        versions=versions,
        parameters=parameters,
        request_body_required=bool(body and body["required"]),
        request_schemas=MappingProxyType(request_schemas),
        success_codes=tuple(c for c in codes if c < 400),
        error_codes=tuple(c for c in codes if c >= 400),
    )


@dataclass(frozen=True, slots=True)
class _Loaded:
    operations: Mapping[str, Operation] = field(hash=False)
    stable_versions: tuple[str, ...]


@functools.cache
def _load() -> _Loaded:
    # next to this module (the package is always installed unpacked); importlib.resources would cost ~12 ms
    # of imports on every start of the `atlas` command
    with open(os.path.join(os.path.dirname(__file__), "data", "index.json"), "rb") as data:
        raw: dict[str, Any] = json.loads(data.read())
    interned: dict[str, Parameter] = {}
    ops = {op_id: _parse_operation(op_id, op, interned) for op_id, op in raw["operations"].items()}
    return _Loaded(operations=MappingProxyType(ops), stable_versions=tuple(raw["versions"]))


def operations() -> Mapping[str, Operation]:
    """All operations of the official spec, keyed by (current) operation id (loaded once)."""
    return _load().operations


@functools.cache
def _aliases() -> Mapping[str, str]:
    """Short names and legacy ids -> operation id.

    Precedence: an operation id always wins; then current short names (``x-xgen-operation-id-override``,
    used by the Go SDK and CLI); then pre-2026 legacy ids. (One clash exists: ``removeUserFromTeam`` is
    the short name of ``removeOrgTeamUserFromTeam`` and the legacy id of ``removeOrgTeamUser``.)
    """
    ops = operations()
    aliases: dict[str, str] = {}
    for op in ops.values():
        for legacy in op.legacy_ids:
            aliases.setdefault(legacy, op.operation_id)
    for op in ops.values():
        if op.short_name:
            aliases[op.short_name] = op.operation_id
    return MappingProxyType({k: v for k, v in aliases.items() if k not in ops})


def operation(operation_id: str) -> Operation:
    """Look up an operation by id, short name or legacy (pre-2026) id; ``KeyError`` if unknown."""
    ops = operations()
    found = ops.get(operation_id)
    if found is not None:
        return found
    target = _aliases().get(operation_id)
    if target is None:
        raise KeyError(operation_id)
    return ops[target]


@functools.cache
def _routes() -> Mapping[tuple[str, str], Operation]:
    return MappingProxyType({(op.method, op.path): op for op in operations().values()})


def by_route(method: str, path: str) -> Operation | None:
    """The operation at an exact path template, e.g. ``("DELETE", "/api/atlas/v2/orgs/{orgId}/...")``."""
    return _routes().get((method.upper(), path))


def stable_versions() -> tuple[str, ...]:
    """Every stable (dated) API version found in the spec, ascending."""
    return _load().stable_versions
