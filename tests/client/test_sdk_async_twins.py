"""The asyncio API groups are made of the sync ones' methods, each written once: every async method has the name,
parameters and return type of its sync one, and the groups need nothing of the client but what their protocol
says."""

from __future__ import annotations

import ast
import inspect
import typing
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from atlas_access.client import api, models
from atlas_access.client.api import _base

REPO_ROOT = Path(__file__).resolve().parents[2]
API_DIR = Path(api.__file__).parent
TWINS = [
    (getattr(api, name.removeprefix("Async")), getattr(api, name)) for name in api.__all__ if name.startswith("Async")
]


def _hints(method: Any) -> dict[str, Any]:
    """The method's annotations, resolved: the models are imported for type checking only."""
    return typing.get_type_hints(method, localns={**vars(models), "AsyncIterator": AsyncIterator})


@pytest.mark.parametrize(("sync", "async_"), TWINS, ids=[sync.__name__ for sync, _ in TWINS])
def test_every_async_method_has_the_name_parameters_and_return_type_of_its_sync_one(
    sync: type[Any], async_: type[Any]
) -> None:
    assert issubclass(sync, _base.ApiGroup) and issubclass(async_, _base.AsyncApiGroup)
    names = sorted(name for name in dir(sync) if not name.startswith("_"))
    assert names == sorted(name for name in dir(async_) if not name.startswith("_"))
    for name in names:
        sync_method, async_method = getattr(sync, name), getattr(async_, name)
        assert inspect.signature(sync_method).parameters == inspect.signature(async_method).parameters, name
        sync_hints, async_hints = _hints(sync_method), _hints(async_method)
        returns, async_returns = sync_hints.pop("return"), async_hints.pop("return")
        assert sync_hints == async_hints, name
        if name.startswith("iter_"):
            assert typing.get_origin(returns) is Iterator, name
            assert typing.get_origin(async_returns) is AsyncIterator, name
            assert typing.get_args(returns) == typing.get_args(async_returns), name
            assert not inspect.iscoroutinefunction(async_method), name
        else:
            assert returns == async_returns, name
            assert inspect.iscoroutinefunction(async_method), name
        # an alias (``delete_group_invite``) names the same method on both sides (``delete_project_invitation``)
        assert sync_method.__name__ == async_method.__name__, name


def _imported(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)  # from atlas_access.client import _x
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_the_api_groups_import_nothing_of_the_client_but_the_models() -> None:
    # they run calls through the small protocol of ``_base`` (``Caller``), so no import goes back to
    # ``client/_clients.py``, which imports them
    for path in sorted(API_DIR.glob("*.py")):
        client_modules = {m for m in _imported(path) if m.startswith("atlas_access.client")}
        outside = {
            m for m in client_modules if not m.startswith(("atlas_access.client.api", "atlas_access.client.models"))
        }
        assert outside == set(), path.name


def test_no_module_outside_the_client_imports_a_private_one() -> None:
    src = REPO_ROOT / "src" / "atlas_access"
    for path in sorted(src.rglob("*.py")):
        if (src / "client") in path.parents:
            continue
        private = {m for m in _imported(path) if m.startswith("atlas_access.client._")}
        assert private == set(), path.relative_to(src)
