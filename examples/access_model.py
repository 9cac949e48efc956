"""Set up a realistic organization over plain HTTP, starting from the bootstrap credentials alone, then check that
every credential it made can do exactly what its roles allow and nothing more.

    python examples/access_model.py DATA_DIR/bootstrap.json

It creates a second organization (with its first owner API key and a read-only service account), two projects,
invites a user and accepts the invitation (through the local control API, as the invitee would on the page), a
team holding that user with read-only access to one project, and an API key limited to that project with an
access list. Then it tries what each may and may not do. It prints one line per step and exits 1 at the first
answer that is not the expected one.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ACCEPT = "application/vnd.atlas.2023-01-01+json"
SERVICE_ACCOUNTS = "application/vnd.atlas.2024-08-05+json"


class Unexpected(Exception):
    """An answer the script did not expect."""


@dataclass
class Caller:
    """One credential and what to call it in the output."""

    label: str
    http: httpx.Client

    def call(self, method: str, path: str, body: Any = None, accept: str = ACCEPT) -> httpx.Response:
        return self.http.request(method, path, json=body, headers={"Accept": accept})

    def expect(
        self, status: int, method: str, path: str, body: Any = None, *, code: str | None = None, accept: str = ACCEPT
    ) -> Any:
        """Call and check the status (and the errorCode of an error); the JSON answer, if any."""
        response = self.call(method, path, body, accept)
        found_code = response.headers.get("x-error-code")
        if response.status_code != status or (code is not None and found_code != code):
            wanted = f"{status} {code or ''}".strip()
            raise Unexpected(
                f"{self.label}: {method} {path} answered {response.status_code}: {response.text}; expected {wanted}"
            )
        verdict = "allowed" if status < 400 else f"refused ({found_code})"
        print(f"  {self.label:<28} {method:<6} {path:<72} {status} {verdict}")
        return response.json() if response.content else None


def digest(base_url: str, label: str, public_key: str, private_key: str) -> Caller:
    auth = httpx.DigestAuth(public_key, private_key)
    return Caller(label, httpx.Client(base_url=base_url, auth=auth, timeout=30, trust_env=False))


def bearer(base_url: str, label: str, client_id: str, secret: str) -> Caller:
    """A service account: one token from the OAuth 2.0 client-credentials endpoint."""
    answer = httpx.post(
        f"{base_url}/api/oauth/token",
        auth=(client_id, secret),
        data={"grant_type": "client_credentials"},
        timeout=30,
        trust_env=False,
    )
    if answer.status_code != 200:
        raise Unexpected(f"{label}: the token endpoint answered {answer.status_code}: {answer.text}")
    headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    return Caller(label, httpx.Client(base_url=base_url, headers=headers, timeout=30, trust_env=False))


def build(boot: dict[str, Any]) -> dict[str, Any]:
    """Create the organization and everything in it; what was made, with the credentials."""
    base, suffix = boot["baseUrl"].rstrip("/"), uuid.uuid4().hex[:6]
    bootstrap = digest(base, "bootstrap key", boot["publicKey"], boot["privateKey"])
    print("Building, as the bootstrap organization's owner key:")
    created = bootstrap.expect(
        201,
        "POST",
        "/api/atlas/v2/orgs",
        {
            "name": f"Second org {suffix}",
            "apiKey": {"desc": "second org owner", "roles": ["ORG_OWNER"]},
            "serviceAccount": {
                "name": "auditor",
                "description": "reads the whole organization",
                "roles": ["ORG_READ_ONLY"],
                "secretExpiresAfterHours": 24,
            },
        },
    )
    org_id = created["organization"]["id"]
    key, account = created["apiKey"], created["serviceAccount"]
    owner = digest(base, "second org owner key", key["publicKey"], key["privateKey"])
    print("Building, as the new organization's owner key:")
    project = owner.expect(201, "POST", "/api/atlas/v2/groups", {"name": f"Payments {suffix}", "orgId": org_id})
    other = owner.expect(201, "POST", "/api/atlas/v2/groups", {"name": f"Marketing {suffix}", "orgId": org_id})
    username = f"alice-{suffix}@example.com"
    invitation = owner.expect(
        200, "POST", f"/api/atlas/v2/orgs/{org_id}/invites", {"username": username, "roles": ["ORG_MEMBER"]}
    )
    admin = Caller("local admin", httpx.Client(base_url=base, timeout=30, trust_env=False))
    admin.http.headers["Authorization"] = f"Bearer {boot['adminToken']}"
    admin.expect(200, "POST", f"/api/local/v1/invitations/{invitation['id']}:accept", {}, accept="application/json")
    team = owner.expect(
        201, "POST", f"/api/atlas/v2/orgs/{org_id}/teams", {"name": f"Readers {suffix}", "usernames": [username]}
    )
    owner.expect(
        200,
        "POST",
        f"/api/atlas/v2/groups/{project['id']}/teams",
        [{"teamId": team["id"], "roleNames": ["GROUP_READ_ONLY"]}],
    )
    project_key = owner.expect(
        200,
        "POST",
        f"/api/atlas/v2/groups/{project['id']}/apiKeys",
        {"desc": "payments reader", "roles": ["GROUP_READ_ONLY"]},
    )
    owner.expect(
        200,
        "POST",
        f"/api/atlas/v2/orgs/{org_id}/apiKeys/{project_key['id']}/accessList",
        [{"ipAddress": "127.0.0.1"}],
    )
    return {
        "base": base,
        "org": org_id,
        "bootstrap_org": boot["orgId"],
        "project": project["id"],
        "other": other["id"],
        "team": team["id"],
        "bootstrap": bootstrap,
        "owner": owner,
        "reader_key": digest(base, "project reader key", project_key["publicKey"], project_key["privateKey"]),
        "reader_key_id": project_key["id"],
        "auditor": bearer(base, "auditor service account", account["clientId"], account["secrets"][0]["secret"]),
    }


def check(made: dict[str, Any]) -> None:
    """Each credential does what its roles allow, and gets the documented refusal for the rest."""
    org, project, other = made["org"], made["project"], made["other"]
    groups, orgs = "/api/atlas/v2/groups", "/api/atlas/v2/orgs"
    reader, auditor, owner, bootstrap = made["reader_key"], made["auditor"], made["owner"], made["bootstrap"]
    print("Checking the project reader key (GROUP_READ_ONLY on one project, access list 127.0.0.1):")
    reader.expect(200, "GET", f"{groups}/{project}")
    reader.expect(200, "GET", f"{groups}/{project}/teams")
    reader.expect(401, "PATCH", f"{groups}/{project}", {"name": "renamed"}, code="USER_UNAUTHORIZED")
    reader.expect(401, "GET", f"{groups}/{other}", code="NOT_IN_GROUP")
    reader.expect(401, "POST", groups, {"name": "not mine", "orgId": org}, code="NOT_ORG_GROUP_CREATOR")
    reader.expect(200, "GET", f"{orgs}/{org}/apiKeys")  # it is an Organization Member, who may read the keys
    reader.expect(
        401, "POST", f"{orgs}/{org}/apiKeys", {"desc": "mine", "roles": ["ORG_OWNER"]}, code="USER_UNAUTHORIZED"
    )
    reader.expect(401, "GET", f"{orgs}/{made['bootstrap_org']}", code="USER_CANNOT_ACCESS_ORG")
    print("Checking the auditor service account (ORG_READ_ONLY):")
    auditor.expect(200, "GET", f"{orgs}/{org}")
    auditor.expect(200, "GET", f"{groups}/{other}")
    auditor.expect(200, "GET", f"{orgs}/{org}/teams")
    auditor.expect(200, "GET", f"{orgs}/{org}/serviceAccounts", accept=SERVICE_ACCOUNTS)
    auditor.expect(401, "POST", groups, {"name": "not mine", "orgId": org}, code="NOT_ORG_GROUP_CREATOR")
    auditor.expect(401, "DELETE", f"{groups}/{other}", code="USER_UNAUTHORIZED")
    auditor.expect(401, "POST", f"{orgs}/{org}/teams", {"name": "mine", "usernames": []}, code="USER_UNAUTHORIZED")
    print("Checking the bootstrap key (owner of its own organization only):")
    bootstrap.expect(401, "GET", f"{orgs}/{org}", code="USER_CANNOT_ACCESS_ORG")
    bootstrap.expect(401, "GET", f"{groups}/{project}", code="NOT_IN_GROUP")
    print("Checking the access list: the reader key from an address not on its list is refused:")
    owner.expect(200, "POST", f"{orgs}/{org}/apiKeys/{made['reader_key_id']}/accessList", [{"ipAddress": "10.9.8.7"}])
    owner.expect(204, "DELETE", f"{orgs}/{org}/apiKeys/{made['reader_key_id']}/accessList/127.0.0.1")
    reader.expect(403, "GET", f"{groups}/{project}", code="IP_ADDRESS_NOT_ON_ACCESS_LIST")
    print("Checking the organization's owner key (ORG_OWNER: everything in its organization):")
    owner.expect(200, "GET", f"{orgs}/{org}/events")
    owner.expect(202, "DELETE", f"{groups}/{other}")
    owner.expect(409, "DELETE", f"{orgs}/{org}", code="ORG_NOT_EMPTY")


NEEDED = ("baseUrl", "orgId", "publicKey", "privateKey", "adminToken")


def read_bootstrap(argv: list[str], description: str | None = __doc__) -> dict[str, Any]:
    """The bootstrap document the command line names; a usage line and exit 2 when it names none, or no such file."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bootstrap", metavar="DATA_DIR/bootstrap.json", type=Path, help="the server's bootstrap.json")
    path = parser.parse_args(argv).bootstrap
    try:
        boot = json.loads(path.read_text())
    except (OSError, ValueError) as problem:
        parser.error(f"cannot read {path}: {problem}")
    missing = [key for key in NEEDED if key not in boot] if isinstance(boot, dict) else list(NEEDED)
    if missing:
        parser.error(f"{path} is not a server's bootstrap.json: it lacks {', '.join(missing)}")
    return dict(boot)


def main(argv: list[str]) -> int:
    boot = read_bootstrap(argv)
    try:
        check(build(boot))
    except Unexpected as problem:
        print(f"UNEXPECTED: {problem}", file=sys.stderr)
        return 1
    print("Every credential did exactly what its roles allow.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
