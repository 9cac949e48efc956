"""What ``atlas-access serve`` prints on start: where it listens and, on the first start only, how to call it."""

from pathlib import Path
from typing import Any


def banner(
    base_url: str, database: str, bootstrap_path: Path, first: dict[str, Any] | None, mail: str | None = None
) -> str:
    """``mail`` says where invitation mails go (an SMTP URL must come with its password masked)."""
    lines = [f"atlas-access serving {base_url}", f"  database: {database}"]
    if mail is not None:
        lines.append(f"  mail: {mail}")
    if first is None:
        lines.append(f"  credentials: {bootstrap_path} (written on the first start; not shown again)")
        return "\n".join(lines) + "\n"
    org, group = first["orgId"], first["projectId"]
    accept = '--header "Accept: application/vnd.atlas.2025-03-12+json"'
    lines += [
        f"  first start: credentials written to {bootstrap_path} (mode 0600); they are shown only now",
        "",
        f"  organization  {org}",
        f"  project       {group}",
        f"  API key       {first['publicKey']} / {first['privateKey']}",
        f"  service acct  {first['clientId']} / {first['clientSecret']}",
        f"  admin token   {first['adminToken']}  (for {base_url}/api/local/v1)",
        "",
        "Try it (Digest, API key):",
        f'  curl --user "{first["publicKey"]}:{first["privateKey"]}" --digest --include {accept} \\',
        f'    -X POST -H "Content-Type: application/json" -d \'{{"username":"someone@example.com",'
        f'"roles":["ORG_MEMBER"]}}\' {base_url}/api/atlas/v2/orgs/{org}/invites',
        f'  curl --user "{first["publicKey"]}:{first["privateKey"]}" --digest --include {accept} \\',
        f"    {base_url}/api/atlas/v2/orgs/{org}/invites",
        "",
        "Bearer token (service account):",
        f'  ACCESS_TOKEN=$(curl -s --user "{first["clientId"]}:{first["clientSecret"]}" \\',
        f"    -d grant_type=client_credentials {base_url}/api/oauth/token | python3 -c "
        "'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')",
        f'  curl --include --header "Authorization: Bearer ${{ACCESS_TOKEN}}" {accept} \\',
        f'    -X DELETE "{base_url}/api/atlas/v2/orgs/{org}/invites/{{invitationId}}"',
        "",
    ]
    return "\n".join(lines) + "\n"
