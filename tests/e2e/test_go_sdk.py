"""MongoDB's Go SDK (atlas-sdk-go, from the Go module proxy) against a real ``atlas-access serve`` process.

The programs are ``examples/go-sdk``: the seeds' programs (001/002 for an organization invitation, 004 for a
project invitation) as printed, completed only where they do not compile, and an onboarding program that
invites, reads, changes and cancels through the SDK's typed models, so that a field the SDK cannot decode
fails it, and a database-access program that does the same with a project's database users, custom roles,
X.509 certificates, IP access list, audit log and settings, and a federation program with an organization's
federation (identity providers, connected organization, role mappings), its settings, a project's limits, the
root status and the rate limits. ``scripts/build-real-clients`` builds them into
``.cache/real-clients/bin`` (``make test`` does, and this test runs the script when they are missing).

Skipped only where Go is not installed, and never in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.process import V2_ACCEPT, ServerProcess
from support.scripts import run_script

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "scripts" / "build-real-clients"
BIN = Path(os.environ.get("REAL_CLIENTS_DIR", REPO / ".cache" / "real-clients")) / "bin"
PROGRAMS = ("delete-org-invite", "delete-project-invitation", "onboarding", "database-access", "federation")
BUILD_TIMEOUT = 900
RUN_TIMEOUT = 120


@pytest.fixture(scope="module")
def go_programs() -> Path:
    """The directory holding the built programs; builds them with the script (a no-op when built)."""
    if shutil.which("go") is None:
        reason = "Go is not installed: the atlas-sdk-go programs are built with the go command"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    run_script(BUILD_SCRIPT, "go-sdk", timeout=BUILD_TIMEOUT)
    for name in PROGRAMS:
        assert (BIN / name).is_file(), f"{BUILD_SCRIPT} did not build {BIN / name}"
    return BIN


@pytest.fixture(scope="module")
def go_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path_factory.mktemp("go-sdk") / "data") as running:
        yield running


def service_account_env(server: ServerProcess) -> dict[str, str]:
    """What the seeds read: the base URL and a service account's client id and secret."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MONGODB_ATLAS_BASE_URL": server.base_url,
        "MONGODB_ATLAS_CLIENT_ID": server.bootstrap["clientId"],
        "MONGODB_ATLAS_CLIENT_SECRET": server.bootstrap["clientSecret"],
    }


def api_key_env(server: ServerProcess) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MONGODB_ATLAS_BASE_URL": server.base_url,
        "MONGODB_ATLAS_PUBLIC_API_KEY": server.bootstrap["publicKey"],
        "MONGODB_ATLAS_PRIVATE_API_KEY": server.bootstrap["privateKey"],
    }


def run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def invite(server: ServerProcess, path: str, username: str, roles: list[str]) -> str:
    made = server.digest().post(path, json={"username": username, "roles": roles})
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


def events(server: ServerProcess, path: str, *key: str) -> list[dict[str, object]]:
    """The events at ``path``, read with the bootstrap API key or the ``key`` (public, private) given."""
    listed = server.digest(*key).get(path, params={"itemsPerPage": 500})
    assert listed.status_code == 200, listed.text
    return list(listed.json()["results"])


def test_seeds_001_002_cancel_an_org_invitation_then_get_invalid_invitation_id(
    go_programs: Path, go_server: ServerProcess
) -> None:
    org = go_server.org_id
    invitation = invite(go_server, f"/api/atlas/v2/orgs/{org}/invites", "seed-org@example.com", ["ORG_MEMBER"])
    env = service_account_env(go_server)

    first = run(go_programs / "delete-org-invite", env, org, invitation)
    assert (first.returncode, first.stdout.strip()) == (0, "204 No Content"), first.stderr
    assert go_server.digest().get(f"/api/atlas/v2/orgs/{org}/invites/{invitation}").status_code == 404
    deleted = [
        e
        for e in events(go_server, f"/api/atlas/v2/orgs/{org}/events")
        if e["eventTypeName"] == "ORG_INVITATION_DELETED"
    ]
    assert [e["targetUsername"] for e in deleted] == ["seed-org@example.com"]

    second = run(go_programs / "delete-org-invite", env, org, invitation)
    assert second.returncode == 1
    assert 'HTTP 400 Bad Request (Error code: "INVALID_INVITATION_ID")' in second.stderr
    assert "The invitation you tried to delete does not exist or has already been accepted." in second.stderr


def test_seed_004_cancels_a_project_invitation_then_gets_invalid_invitation_id(
    go_programs: Path, go_server: ServerProcess
) -> None:
    project = go_server.project_id
    invitation = invite(
        go_server, f"/api/atlas/v2/groups/{project}/invites", "seed-project@example.com", ["GROUP_READ_ONLY"]
    )
    env = service_account_env(go_server)

    first = run(go_programs / "delete-project-invitation", env, project, invitation)
    assert (first.returncode, first.stdout.strip()) == (0, "204 No Content"), first.stderr
    left = go_server.digest().get(
        f"/api/atlas/v2/groups/{project}/invites", params={"username": "seed-project@example.com"}
    )
    assert left.json() == []
    deleted = [
        e
        for e in events(go_server, f"/api/atlas/v2/groups/{project}/events")
        if e["eventTypeName"] == "GROUP_INVITATION_DELETED"
    ]
    assert [e["targetUsername"] for e in deleted] == ["seed-project@example.com"]

    second = run(go_programs / "delete-project-invitation", env, project, invitation)
    assert second.returncode == 1
    assert 'HTTP 400 Bad Request (Error code: "INVALID_INVITATION_ID")' in second.stderr


def test_the_seed_program_without_credentials_gets_the_token_endpoint_refusal(
    go_programs: Path, go_server: ServerProcess
) -> None:
    env = service_account_env(go_server) | {"MONGODB_ATLAS_CLIENT_SECRET": "mdb_sa_sk_not-the-secret"}
    invitation = invite(
        go_server, f"/api/atlas/v2/orgs/{go_server.org_id}/invites", "seed-nosecret@example.com", ["ORG_MEMBER"]
    )
    refused = run(go_programs / "delete-org-invite", env, go_server.org_id, invitation)
    assert refused.returncode == 1
    assert "invalid_client" in refused.stderr
    # Nothing was cancelled.
    assert go_server.digest().get(f"/api/atlas/v2/orgs/{go_server.org_id}/invites/{invitation}").status_code == 200


@pytest.mark.parametrize("credentials", ["service account", "API key"])
def test_onboarding_through_the_sdk_leaves_nothing_behind(
    go_programs: Path, go_server: ServerProcess, credentials: str
) -> None:
    org, project = go_server.org_id, go_server.project_id
    suffix = uuid.uuid4().hex[:8]
    member = f"member-{suffix}@example.com"
    invitation = invite(go_server, f"/api/atlas/v2/orgs/{org}/invites", member, ["ORG_MEMBER"])
    accepted = go_server.admin().post(f"/api/local/v1/invitations/{invitation}:accept")
    assert accepted.status_code == 200, accepted.text
    env = service_account_env(go_server) if credentials == "service account" else api_key_env(go_server)

    done = run(go_programs / "onboarding", env, org, project, member, suffix)

    assert done.returncode == 0, done.stdout + done.stderr
    steps = done.stdout.splitlines()
    assert steps[-1] == "done"
    assert "ok deleteOrgInvite again" in steps
    assert not [line for line in steps if line.startswith("FAIL")]
    # Afterwards the server holds none of what the program made.
    client = go_server.digest()
    for username in (f"alice-{suffix}@example.com", f"carol-{suffix}@example.com"):
        assert client.get(f"/api/atlas/v2/orgs/{org}/invites", params={"username": username}).json() == []
    assert (
        client.get(f"/api/atlas/v2/groups/{project}/invites", params={"username": f"bob-{suffix}@example.com"}).json()
        == []
    )
    teams = client.get(f"/api/atlas/v2/orgs/{org}/teams").json()["results"]
    assert f"onboarding-{suffix}" not in [team["name"] for team in teams]
    assert client.get(f"/api/atlas/v2/groups/{project}/teams").json()["results"] == []
    # The member stays: off-boarding cancelled invitations, it did not remove people.
    users = client.get(f"/api/atlas/v2/orgs/{org}/users", params={"username": member}, headers={"Accept": V2_ACCEPT})
    assert [user["orgMembershipStatus"] for user in users.json()["results"]] == ["ACTIVE"]


# --- a project's database and network access ----------------------------------------------------------------------


def new_project(server: ServerProcess, name: str) -> str:
    made = server.digest().post("/api/atlas/v2/groups", json={"name": name, "orgId": server.org_id})
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def project_state(server: ServerProcess, project: str) -> dict[str, object]:
    """What a client reads of a project's database and network access."""
    client = server.digest()
    base = f"/api/atlas/v2/groups/{project}"
    answers = {
        "users": client.get(f"{base}/databaseUsers"),
        "roles": client.get(f"{base}/customDBRoles/roles"),
        "accessList": client.get(f"{base}/accessList"),
        "auditLog": client.get(f"{base}/auditLog"),
        "settings": client.get(f"{base}/settings"),
    }
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text)
    return {name: answer.json() for name, answer in answers.items()}


@pytest.mark.parametrize("credentials", ["service account", "API key"])
def test_database_access_through_the_sdk_leaves_nothing_behind(
    go_programs: Path, go_server: ServerProcess, credentials: str
) -> None:
    suffix = uuid.uuid4().hex[:8]
    project = new_project(go_server, f"database access {suffix}")
    before = project_state(go_server, project)
    env = service_account_env(go_server) if credentials == "service account" else api_key_env(go_server)

    done = run(go_programs / "database-access", env, "run", project, suffix)

    assert done.returncode == 0, done.stdout + done.stderr
    steps = done.stdout.splitlines()
    assert steps[-1] == "done"
    assert not [line for line in steps if line.startswith("FAIL")]
    for step in (
        "ok createCustomDbRole",
        "ok createDatabaseUser temporary",
        "ok createDatabaseUserCert",
        f"ok certificate subject CN=cert-{suffix}",
        "ok updateDatabaseUser password",
        "ok createAccessListEntry",
        "ok updateAuditLog",
        "ok updateGroupSettings",
        "ok getDatabaseUser deleted",
        "ok deleteCustomDbRole",
    ):
        assert step in steps, done.stdout
    # Afterwards the project is as it was: no users, roles or entries, the settings and the audit log's switches
    # put back (an update cannot take a filter away, so the program's filter stays).
    after = project_state(go_server, project)
    audit_before, audit_after = before.pop("auditLog"), after.pop("auditLog")
    assert after == before
    for switch in ("enabled", "auditAuthorizationSuccess"):
        assert audit_after[switch] == audit_before[switch]  # type: ignore[index]
    assert after["users"] == {"links": after["users"]["links"], "results": [], "totalCount": 0}  # type: ignore[index]
    assert after["roles"] == []
    # Each change was recorded in the project's events.
    names = Counter(e["eventTypeName"] for e in events(go_server, f"/api/atlas/v2/groups/{project}/events"))
    assert {name: names[name] for name in WRITES} == WRITES, names


WRITES = {  # the events of the database-access program's writes
    "MONGODB_ROLE_ADDED": 1,
    "MONGODB_ROLE_UPDATED": 1,
    "MONGODB_ROLE_DELETED": 1,
    "MONGODB_USER_ADDED": 3,
    "MONGODB_USER_UPDATED": 1,
    "MONGODB_USER_DELETED": 3,
    "NETWORK_PERMISSION_ENTRY_ADDED": 3,
    "NETWORK_PERMISSION_ENTRY_REMOVED": 3,
    "AUDIT_LOG_CONFIGURATION_UPDATED": 2,
}


def test_temporary_user_and_entry_are_gone_once_the_clock_passes_their_date(
    go_programs: Path, go_server: ServerProcess
) -> None:
    suffix = uuid.uuid4().hex[:8]
    project = new_project(go_server, f"temporary {suffix}")
    env = api_key_env(go_server)
    base = f"/api/atlas/v2/groups/{project}"
    client = go_server.digest()

    made = run(go_programs / "database-access", env, "temporary", project, suffix)
    assert made.returncode == 0, made.stdout + made.stderr
    assert client.get(f"{base}/databaseUsers/admin/temporary-{suffix}").status_code == 200
    assert client.get(f"{base}/accessList/192.0.2.200").status_code == 200

    # Still there before their date: "gone" fails on the user, with the SDK's words.
    early = run(go_programs / "database-access", env, "gone", project, suffix)
    assert early.returncode == 1
    assert "FAIL getDatabaseUser temporary: expected 404, got <nil>" in early.stdout

    admin = go_server.admin()
    moved = admin.post("/api/local/v1/clock", json={"advance": "61m"})
    assert moved.status_code == 200, moved.text
    try:
        gone = run(go_programs / "database-access", env, "gone", project, suffix)
        assert gone.returncode == 0, gone.stdout + gone.stderr
        assert gone.stdout.splitlines()[-1] == "done"
        assert client.get(f"{base}/databaseUsers/admin/temporary-{suffix}").status_code == 404
        assert client.get(f"{base}/accessList/192.0.2.200").status_code == 404
        assert client.get(f"{base}/databaseUsers").json()["results"] == []
        assert client.get(f"{base}/accessList").json()["results"] == []
    finally:  # the module's other tests run at real time
        assert admin.delete("/api/local/v1/clock").status_code == 200


# --- federation, organization settings, project limits, the root ----------------------------------------------------


def federated_org(server: ServerProcess, name: str) -> dict[str, str]:
    """A new organization with a project and an Organization Owner's API key, given a federation through the local
    API (as MongoDB Cloud's console would) and a SAML identity provider for example.com (the API makes OIDC ones
    only). Its ids, the key, the federation's id and the SAML provider's id."""
    made = server.admin().post(
        "/api/local/v1/fixtures",
        json={
            "orgs": [
                {
                    "name": name,
                    "projects": [{"name": "web"}],
                    "apiKeys": [{"description": "federation owner", "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        },
    )
    assert made.status_code == 200, made.text
    org = made.json()["orgs"][0]
    federation = server.admin().post(f"/api/local/v1/orgs/{org['id']}/federationSettings")
    assert federation.status_code == 200, federation.text
    federation_id = federation.json()["id"]
    saml = server.admin().post(
        f"/api/local/v1/federationSettings/{federation_id}/identityProviders",
        json={
            "displayName": f"saml {name}",
            "issuerUri": "urn:example:idp",
            "ssoUrl": "https://idp.example.com/sso",
            "associatedDomains": ["example.com"],
            "requestBinding": "HTTP-POST",
            "responseSignatureAlgorithm": "SHA-256",
            "ssoDebugEnabled": False,
            "status": "ACTIVE",
        },
    )
    assert saml.status_code == 200, saml.text
    return {
        "orgId": org["id"],
        "projectId": org["projects"][0]["id"],
        "publicKey": org["apiKeys"][0]["publicKey"],
        "privateKey": org["apiKeys"][0]["privateKey"],
        "federationId": federation_id,
        "samlId": saml.json()["id"],
    }


def owner_env(server: ServerProcess, org: dict[str, str]) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MONGODB_ATLAS_BASE_URL": server.base_url,
        "MONGODB_ATLAS_PUBLIC_API_KEY": org["publicKey"],
        "MONGODB_ATLAS_PRIVATE_API_KEY": org["privateKey"],
    }


def federation_state(server: ServerProcess, org: dict[str, str]) -> dict[str, object]:
    """What a client reads of the organization's federation, settings and the project's limits."""
    client = server.digest(org["publicKey"], org["privateKey"])
    federation = f"/api/atlas/v2/federationSettings/{org['federationId']}"
    answers = {
        "federation": client.get(f"/api/atlas/v2/orgs/{org['orgId']}/federationSettings"),
        "providers": client.get(f"{federation}/identityProviders", params={"protocol": ["SAML", "OIDC"]}),
        "connected": client.get(f"{federation}/connectedOrgConfigs/{org['orgId']}"),
        "mappings": client.get(f"{federation}/connectedOrgConfigs/{org['orgId']}/roleMappings"),
        "settings": client.get(f"/api/atlas/v2/orgs/{org['orgId']}/settings"),
        "limits": client.get(f"/api/atlas/v2/groups/{org['projectId']}/limits"),
    }
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text)
    return {name: answer.json() for name, answer in answers.items()}


def test_federation_settings_and_limits_through_the_sdk_leave_nothing_behind(
    go_programs: Path, go_server: ServerProcess
) -> None:
    suffix = uuid.uuid4().hex[:8]
    org = federated_org(go_server, f"federation {suffix}")
    before = federation_state(go_server, org)
    feed = f"/api/atlas/v2/orgs/{org['orgId']}/events"
    events_before = Counter(e["eventTypeName"] for e in events(go_server, feed, org["publicKey"], org["privateKey"]))

    done = run(
        go_programs / "federation",
        owner_env(go_server, org),
        "run",
        org["orgId"],
        org["projectId"],
        org["samlId"],
        suffix,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    steps = done.stdout.splitlines()
    assert steps[-1] == "done"
    assert not [line for line in steps if line.startswith("FAIL")]
    for step in (
        "ok getFederationSettings",
        "ok createIdentityProvider",
        "ok listIdentityProviders",
        "ok updateIdentityProvider",
        "ok updateConnectedOrgConfig connect",
        "ok createRoleMapping eng",
        "ok createRoleMapping ops",
        "ok updateRoleMapping",
        "ok getRoleMapping deleted",
        "ok updateConnectedOrgConfig restore",
        "ok revokeIdentityProviderJwks",
        "ok getIdentityProvider deleted",
        "ok updateOrgSettings",
        "ok updateOrgSettings restore",
        "ok setGroupLimit",
        "ok getGroupLimit default",
        "ok getSystemStatus",
        "ok getRateLimit",
    ):
        assert step in steps, done.stdout
    # Afterwards the federation, the settings and the limits read as before.
    assert federation_state(go_server, org) == before
    # Each change was recorded in the organization's events.
    written = (
        Counter(e["eventTypeName"] for e in events(go_server, feed, org["publicKey"], org["privateKey"]))
        - events_before
    )
    assert {name: written[name] for name in FEDERATION_WRITES} == FEDERATION_WRITES, written


FEDERATION_WRITES = {  # the events of the federation program's writes
    "IDENTITY_PROVIDER_CREATED": 1,
    "OIDC_IDENTITY_PROVIDER_UPDATED": 1,
    "IDENTITY_PROVIDER_JWKS_REVOKED": 1,
    "IDENTITY_PROVIDER_DELETED": 1,
    "FEDERATION_SETTINGS_UPDATED": 3,
    "ROLE_MAPPING_CREATED": 2,
    "ROLE_MAPPING_UPDATED": 1,
    "ROLE_MAPPING_DELETED": 2,
}


def test_a_user_signed_in_through_the_identity_provider_holds_exactly_the_mapped_roles(
    go_programs: Path, go_server: ServerProcess
) -> None:
    suffix = uuid.uuid4().hex[:8]
    org = federated_org(go_server, f"sign-in {suffix}")
    env = owner_env(go_server, org)
    mapped = run(go_programs / "federation", env, "map", org["orgId"], org["projectId"], org["samlId"], suffix)
    assert mapped.returncode == 0, mapped.stdout + mapped.stderr
    username = f"ann-{suffix}@example.com"

    # The user signs in with the identity provider, as a member of eng-<suffix> and of a group no mapping names.
    signed = go_server.admin().post(
        f"/api/local/v1/federationSettings/{org['federationId']}/signIn",
        json={"username": username, "groups": [f"eng-{suffix}", "unmapped"]},
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["orgIds"] == [org["orgId"]]

    done = run(go_programs / "federation", env, "roles", org["orgId"], username)

    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if not line.startswith("ok ")]
    # eng's organization role plus the grant at sign-in; eng's project role, not ops' GROUP_OWNER.
    assert lines == [
        "roles org ORG_GROUP_CREATOR,ORG_MEMBER",
        f"roles project {org['projectId']} GROUP_READ_ONLY",
        f"user role org {org['orgId']} ORG_GROUP_CREATOR",
        f"user role org {org['orgId']} ORG_MEMBER",
        f"user role project {org['projectId']} GROUP_READ_ONLY",
        "done",
    ], done.stdout


def test_the_federation_program_stops_at_the_first_error_with_the_sdks_words(
    go_programs: Path, go_server: ServerProcess
) -> None:
    org = federated_org(go_server, f"no such provider {uuid.uuid4().hex[:8]}")
    missing = "0" * 24

    done = run(
        go_programs / "federation", owner_env(go_server, org), "map", org["orgId"], org["projectId"], missing, "x"
    )

    assert done.returncode == 1
    last = done.stdout.splitlines()[-1]
    assert last.startswith("FAIL getIdentityProvider saml: "), done.stdout
    assert 'HTTP 404 Not Found (Error code: "IDENTITY_PROVIDER_NOT_FOUND")' in last
