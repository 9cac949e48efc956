"""First start: one organization, one project, an org-owner API key and service account, an admin token.

Written to ``bootstrap.json`` (mode 0600) in the data directory. A later start with the same database
changes nothing and never shows the secrets again.
"""

import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from atlas_access.core.events import SYSTEM
from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.server.services import fixtures
from atlas_access.server.services.context import Context
from atlas_access.store import directory, settings
from atlas_access.store.database import Transaction

BOOTSTRAP_FILE = "bootstrap.json"
ADMIN_TOKEN_HASH = "admin_token_sha256"
BOOTSTRAPPED = "bootstrapped"

FIRST_START = fixtures.FixturesIn(
    orgs=[
        fixtures.OrgIn(
            name="Atlas Access Local",
            projects=[fixtures.NamedIn(name="Project 0")],
            apiKeys=[fixtures.ApiKeyIn(description="bootstrap org owner key", orgRoles=["ORG_OWNER"])],
            serviceAccounts=[
                fixtures.ServiceAccountIn(
                    name="bootstrap",
                    description="bootstrap org owner service account",
                    orgRoles=["ORG_OWNER"],
                )
            ],
        )
    ]
)


def hash_admin_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bootstrap(conn: Transaction, now: int, base_url: str, ha1_seal: Ha1Seal) -> dict[str, Any] | None:
    """Create the first-start data unless this database was bootstrapped already; the credentials or None. The API
    key's HA1 is sealed with ``ha1_seal``; the admin token is kept as its SHA-256 only."""
    if not settings.put_if_absent(conn, BOOTSTRAPPED, str(now)):
        return None
    if directory.any_org(conn):
        return None
    built = fixtures.build(Context(conn, now, SYSTEM, ha1_seal=ha1_seal), FIRST_START)["orgs"][0]
    admin_token = secrets.token_urlsafe(32)
    settings.put(conn, ADMIN_TOKEN_HASH, hash_admin_token(admin_token))
    return {
        "baseUrl": base_url,
        "orgId": built["id"],
        "projectId": built["projects"][0]["id"],
        "apiKeyId": built["apiKeys"][0]["id"],
        "publicKey": built["apiKeys"][0]["publicKey"],
        "privateKey": built["apiKeys"][0]["privateKey"],
        "clientId": built["serviceAccounts"][0]["clientId"],
        "clientSecret": built["serviceAccounts"][0]["clientSecret"],
        "adminToken": admin_token,
    }


def write_file(data_dir: Path, content: dict[str, Any]) -> Path:
    """Write ``bootstrap.json`` readable by its owner only (created 0600, never world-readable)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / BOOTSTRAP_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(content, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.chmod(path, 0o600)
    return path
