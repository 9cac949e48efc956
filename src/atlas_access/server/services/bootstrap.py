"""First start: one organization, one project, an org-owner API key and service account, an admin token.

Written to ``bootstrap.json`` (mode 0600) in the data directory. A later start with the same database changes
nothing and never shows the secrets again. Each value may be fixed in advance (``Identity``: the ``ATLAS_ACCESS_*``
variables of docs/configuration.md), and a reset bootstraps again with the same values, so a CI file or a test
suite can hard-code them.
"""

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Identity:
    """The bootstrap's ids and credentials fixed in advance; each one left out is made at random."""

    org_id: str | None = None
    project_id: str | None = None
    public_key: str | None = None
    private_key: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    admin_token: str | None = None
    api_key_id: str | None = None  # kept by a reset; not fixed in advance

    @classmethod
    def of(cls, made: dict[str, Any]) -> "Identity":
        """Every value of a bootstrap that was made (``bootstrap.json``'s content)."""
        return cls(
            made["orgId"],
            made["projectId"],
            made["publicKey"],
            made["privateKey"],
            made["clientId"],
            made["clientSecret"],
            made["adminToken"],
            made["apiKeyId"],
        )

    def fixtures(self) -> fixtures.FixturesIn:
        """The first start's document, with the values fixed here."""
        key = fixtures.ApiKeyIn(
            description="bootstrap org owner key",
            orgRoles=["ORG_OWNER"],
            id=self.api_key_id,
            publicKey=self.public_key,
            privateKey=self.private_key,
        )
        account = fixtures.ServiceAccountIn(
            name="bootstrap",
            description="bootstrap org owner service account",
            orgRoles=["ORG_OWNER"],
            clientId=self.client_id,
            clientSecret=self.client_secret,
        )
        project = fixtures.NamedIn(name="Project 0", id=self.project_id)
        org = fixtures.OrgIn(
            name="Atlas Access Local", id=self.org_id, projects=[project], apiKeys=[key], serviceAccounts=[account]
        )
        return fixtures.FixturesIn(orgs=[org])


def hash_admin_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bootstrap(
    conn: Transaction, now: int, base_url: str, ha1_seal: Ha1Seal, identity: Identity = Identity()
) -> dict[str, Any] | None:
    """Create the first-start data unless this database was bootstrapped already; the credentials or None. The API
    key's HA1 is sealed with ``ha1_seal``; the admin token is kept as its SHA-256 only."""
    if not settings.put_if_absent(conn, BOOTSTRAPPED, str(now)):
        return None
    if directory.any_org(conn):
        return None
    built = fixtures.build(Context(conn, now, SYSTEM, ha1_seal=ha1_seal), identity.fixtures())["orgs"][0]
    admin_token = identity.admin_token or secrets.token_urlsafe(32)
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


def read_file(data_dir: Path) -> dict[str, Any] | None:
    """``bootstrap.json``'s content, or None where there is none (or it cannot be read as one)."""
    try:
        content = json.loads((data_dir / BOOTSTRAP_FILE).read_text())
    except (OSError, ValueError):
        return None
    return content if isinstance(content, dict) and "orgId" in content else None
