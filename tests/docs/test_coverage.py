"""docs/coverage.md is what scripts/gen_coverage.py makes of the route table and the spec index, and every
operation of the access-management tags is served or named with a reason."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "gen_coverage.py"


def generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_coverage", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_access_operation_is_served_or_given_a_reason() -> None:
    module = generator()
    page = module.render()  # raises Unaccounted naming the operation otherwise
    serving = module.served()
    for operation_id in module.NOT_SERVED:
        assert operation_id not in serving, f"{operation_id} is served now: take it out of NOT_SERVED"
        assert f"`{operation_id}` | not served: " in page
    assert "`listControlPlaneIpAddresses` | served | GET `/api/atlas/v2/unauth/controlPlaneIPAddresses`" in page
    assert "`setGroupLimit` | served | PATCH `/api/atlas/v2/groups/{groupId}/limits/{limitName}` | 2023-01-01 |" in page


def test_the_committed_table_is_up_to_date() -> None:
    committed = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == generator().render(), "docs/coverage.md is out of date: run make coverage"


def test_an_operation_neither_served_nor_named_fails_the_table() -> None:
    module = generator()
    module.NOT_SERVED.pop("getGroupMongoDbVersions")
    try:
        module.render()
    except module.Unaccounted as missing:
        assert str(missing) == "getGroupMongoDbVersions"
    else:
        raise AssertionError("an unaccounted operation went through")
