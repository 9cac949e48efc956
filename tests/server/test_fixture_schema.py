"""The fixture document's published JSON Schema (docs/fixtures.schema.json) and the server agree."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from support.server import LocalServer

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "docs" / "fixtures.schema.json"
GENERATOR = REPO / "scripts" / "gen_fixture_schema.py"


def generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_fixture_schema", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def published() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_FILE.read_text()))


def test_the_committed_schema_is_what_the_models_generate() -> None:
    assert SCHEMA_FILE.read_text() == generator().render(), "run scripts/gen_fixture_schema.py"


def page_example() -> dict[str, Any]:
    """The first JSON example of docs/fixtures.md, the document a user copies."""
    text = (REPO / "docs" / "fixtures.md").read_text()
    block = text.split("```json\n", 1)[1].split("```", 1)[0]
    return dict(json.loads(block))


def test_the_pages_example_is_valid_and_builds_what_it_says(server: LocalServer) -> None:
    document = page_example()
    assert jsonschema_rs.validator_for(published()).is_valid(document)
    made = server.admin().post("/api/local/v1/fixtures", json=document)
    assert made.status_code == 200, made.text
    acme = made.json()["orgs"][0]
    assert [p["name"] for p in acme["projects"]] == ["web", "batch"]
    assert [u["username"] for u in acme["users"]] == ["ann@example.com", "bob@example.com"]
    assert acme["serviceAccounts"][0]["clientId"].startswith("mdb_sa_id_")


@pytest.mark.parametrize(
    "document",
    [
        {"orgs": [{"name": "x", "colour": "red"}]},
        {"orgs": [{}]},
        {"orgs": [{"name": ""}]},
        {"orgs": [{"name": "x", "users": [{"firstName": "no username"}]}]},
        {"orgs": [{"name": "x", "apiKeys": [{"accessList": "127.0.0.1"}]}]},
        {"orgs": "Acme"},
    ],
)
def test_documents_the_schema_refuses_the_server_refuses(server: LocalServer, document: dict[str, Any]) -> None:
    assert not jsonschema_rs.validator_for(published()).is_valid(document)
    refused = server.admin().post("/api/local/v1/fixtures", json=document)
    assert refused.status_code == 400
    assert refused.json()["errorCode"] in {"INVALID_ATTRIBUTE", "MISSING_ATTRIBUTE", "INVALID_JSON_ATTRIBUTE"}
