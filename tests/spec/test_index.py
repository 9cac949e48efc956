"""Tests for the generated spec index (``atlas_access.spec``)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from atlas_access import spec

REPO_ROOT = Path(__file__).resolve().parents[2]
INDEX = REPO_ROOT / "src" / "atlas_access" / "spec" / "data" / "index.json"
GENERATOR = REPO_ROOT / "scripts" / "gen_spec_index.py"
DEFAULT_SPEC = Path(__file__).parents[2] / ".." / "shared" / "openapi" / "v2.yaml"

# ---------------------------------------------------------------------------------------------------------
# (a) the committed index loads and carries the expected facts


def test_operation_count_and_versions() -> None:
    assert len(spec.operations()) == 540
    assert spec.stable_versions() == (
        "2023-01-01",
        "2023-02-01",
        "2023-10-01",
        "2023-11-15",
        "2024-05-30",
        "2024-08-05",
        "2024-10-23",
        "2024-11-13",
        "2025-02-19",
        "2025-03-12",
    )


def test_delete_org_invite() -> None:
    op = spec.operation("deleteOrgInvite")
    assert op.operation_id == "deleteOrgInvite"
    assert op.method == "DELETE"
    assert op.path == "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}"
    assert op.tag == "Organizations"
    assert op.deprecated is True
    assert op.roles == ("Organization Owner",)
    assert op.versions == (spec.Version("2023-01-01", datetime.date(2027, 7, 1), ("json",)),)
    assert op.first_version == spec.Version("2023-01-01", datetime.date(2027, 7, 1), ("json",))
    assert op.legacy_ids == ("deleteOrganizationInvitation",)
    assert op.success_codes == (204,)
    assert 404 in op.error_codes
    assert not op.request_body_required
    assert dict(op.request_schemas) == {}
    params = {p.name: p for p in op.parameters}
    assert params["orgId"].location == "path"
    assert params["orgId"].required
    assert params["orgId"].schema["pattern"] == "^([a-f0-9]{24})$"
    assert params["pretty"].location == "query"
    assert not params["pretty"].required
    assert params["pretty"].schema == {"type": "boolean", "default": False}


def test_by_route() -> None:
    op = spec.by_route("DELETE", "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}")
    assert op is not None
    assert op.operation_id == "deleteOrgInvite"
    assert spec.by_route("delete", "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}") is op
    assert spec.by_route("PUT", "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}") is None
    assert spec.by_route("DELETE", "/api/atlas/v2/orgs/abc/invites/def") is None
    for op in spec.operations().values():
        assert spec.by_route(op.method, op.path) is op


def test_legacy_ids_and_short_names() -> None:
    assert spec.operation("deleteProjectInvitation").operation_id == "deleteGroupInvite"
    assert spec.operation("deleteOrganizationInvitation").operation_id == "deleteOrgInvite"
    assert spec.operation("updateInviteById").operation_id == "updateGroupInviteById"
    assert spec.operation("updateInviteById") is spec.operation("updateGroupInviteById")
    # an operation id wins over another operation's short name / legacy id
    for op_id in spec.operations():
        assert spec.operation(op_id).operation_id == op_id
    with pytest.raises(KeyError):
        spec.operation("noSuchOperation")


def test_resolve_version_single() -> None:
    op = spec.operation("deleteOrgInvite")
    v = op.resolve_version("2025-03-12")
    assert v is not None
    assert v.version == "2023-01-01"
    assert op.resolve_version("2023-01-01") == v
    assert op.resolve_version("2022-12-31") is None
    assert op.resolve_version("preview") is None
    for malformed in ("", "2023-1-1", "2023-13-01", "2023-02-30", "latest", "2023-01-01T00:00"):
        assert op.resolve_version(malformed) is None


def test_resolve_version_several() -> None:
    op = spec.operation("removeOrgUser")
    assert [v.version for v in op.versions] == ["2023-01-01", "2025-02-19"]
    assert op.versions[0].sunset == datetime.date(2027, 7, 1)
    assert op.versions[1].sunset is None

    def resolved(requested: str) -> str | None:
        v = op.resolve_version(requested)
        return None if v is None else v.version

    assert resolved("2022-12-31") is None
    assert resolved("2023-01-01") == "2023-01-01"
    assert resolved("2024-08-05") == "2023-01-01"
    assert resolved("2025-02-18") == "2023-01-01"
    assert resolved("2025-02-19") == "2025-02-19"
    assert resolved("2025-03-12") == "2025-02-19"

    cluster = spec.operation("createGroupCluster")
    assert [v.version for v in cluster.versions] == ["2023-01-01", "2023-02-01", "2024-08-05", "2024-10-23"]
    assert cluster.request_body_required
    assert cluster.request_schemas["2024-10-23"] == "ClusterDescription20240805"
    picks = {d: cluster.resolve_version(d) for d in ("2023-01-31", "2023-02-01", "2024-10-22", "2099-01-01")}
    assert {d: v.version if v else None for d, v in picks.items()} == {
        "2023-01-31": "2023-01-01",
        "2023-02-01": "2023-02-01",
        "2024-10-22": "2024-08-05",
        "2099-01-01": "2024-10-23",
    }


def test_preview_versions() -> None:
    preview_ops = [op for op in spec.operations().values() if any(v.version == "preview" for v in op.versions)]
    assert preview_ops
    for op in preview_ops:
        assert op.versions[-1].version == "preview"  # preview sorts last
        found = op.resolve_version("preview")
        assert found is not None
        assert found.version == "preview"
        dated = [v for v in op.versions if v.version != "preview"]
        assert op.resolve_version("2099-01-01") == (dated[-1] if dated else None)


def test_versions_sorted_and_known() -> None:
    stable = set(spec.stable_versions())
    for op in spec.operations().values():
        names = [v.version for v in op.versions]
        assert names, op.operation_id
        dated = [n for n in names if n != "preview"]
        assert dated == sorted(dated)
        assert set(dated) <= stable
        assert len(names) == len(set(names))


def test_loading_is_light() -> None:
    code = (
        "import sys; import atlas_access.spec as s; s.operations(); "
        "heavy = sorted(m for m in ('yaml', 'pydantic') if m in sys.modules); print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------------------
# (b) freshness: the committed index is exactly what the generator makes from the official spec


def _official_spec() -> Path:
    env = os.environ.get("ATLAS_OPENAPI_SPEC")
    return Path(env) if env else DEFAULT_SPEC


@pytest.mark.slow
def test_index_is_fresh(tmp_path: Path) -> None:
    spec_path = _official_spec()
    if not spec_path.is_file():
        pytest.skip(f"official spec not found at {spec_path}; set ATLAS_OPENAPI_SPEC")
    out = tmp_path / "index.json"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--spec", str(spec_path), "--output", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.read_bytes() == INDEX.read_bytes(), "index.json is stale: run `make spec-index`"


# ---------------------------------------------------------------------------------------------------------
# (c) licence guard: interface facts only, no prose from the CC BY-NC-SA spec

FORBIDDEN_KEYS = {"description", "summary", "example", "examples", "x-xgen-docs-url"}
MAX_STRING = 200


def _walk(value: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        out: list[tuple[str, Any]] = []
        for k, v in value.items():
            out.append((k, None))
            out.extend(_walk(v, k))
        return out
    if isinstance(value, list):
        return [item for v in value for item in _walk(v, key)]
    return [(key, value)]


def test_index_has_no_prose() -> None:
    data = json.loads(INDEX.read_bytes())
    items = _walk(data)
    keys = {k for k, v in items if v is None}
    assert not keys & FORBIDDEN_KEYS
    too_long = [
        (k, v)
        for k, v in items
        if isinstance(v, str)
        and len(v) > MAX_STRING
        # regular expressions are interface facts (a few path-parameter patterns exceed the limit),
        # but they never contain spaces, unlike prose
        and not (k == "pattern" and " " not in v)
    ]
    assert too_long == []
    assert not [v for k, v in items if isinstance(v, str) and "://" in v and k != "pattern"]
