"""Code that uses the SDK passes ``mypy --strict``, and misuse fails it: typed calls, the attributes of the models
they return, errors, and the async client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

USES = '''
    from __future__ import annotations

    from datetime import datetime, timedelta
    from typing import assert_type

    from atlas_access.client import AsyncAtlasClient, AtlasClient, AtlasError, NotFound
    from atlas_access.client.models import (
        CloudDatabaseUser,
        CreateAtlasOrganizationApiKey,
        CreateOrganizationRequest,
        DatabaseUserRole,
        EventViewForNdsGroup,
        GroupInvitationRequest,
        GroupSettings,
        NetworkPermissionEntry,
        OrganizationInvitation,
        OrganizationInvitationRequest,
        OrgServiceAccountRequest,
        OrgUserResponse,
        Paginated,
        ServiceAccountIPAccessListEntry,
        Team,
        TeamRole,
        UserCert,
        UserCustomDBRole,
        UserSecurity,
    )


    def cancel(client: AtlasClient, org_id: str, invitation_id: str) -> str | None:
        """The seeds' program."""
        try:
            assert_type(client.organizations.delete_org_invite(org_id, invitation_id), None)
        except AtlasError as error:
            return error.error_code
        return None


    def expiring_soon(client: AtlasClient, org_id: str) -> list[str]:
        soon = datetime.now().astimezone() + timedelta(days=7)
        return [i.username for i in client.organizations.list_org_invites(org_id) if i.expires_at < soon]


    def invite(client: AtlasClient, org_id: str, project_id: str) -> OrganizationInvitation:
        request = OrganizationInvitationRequest(username="a@example.com", roles=["ORG_MEMBER"])
        made = client.organizations.create_org_invite(org_id, request)
        client.organizations.update_org_invite_by_id(org_id, made.id, {"roles": ["ORG_READ_ONLY"]})
        for assignment in made.group_role_assignments:
            assert_type(assignment.group_role, str)
        client.projects.delete_project_invitation(project_id, made.id)
        return made


    def pending_users(client: AtlasClient, org_id: str) -> list[str]:
        page = client.mongo_db_cloud_users.list_org_users(org_id, org_membership_statuses=["PENDING"])
        assert_type(page, Paginated[OrgUserResponse])
        assert_type(page.total_count, int | None)
        roles: list[str] = page.results[0].roles.org_roles
        created: datetime | None = page.results[0].invitation_created_at
        return [u.username for u in client.mongo_db_cloud_users.iter_org_users(org_id)] + roles + [str(created)]


    async def project_history(client: AsyncAtlasClient, group_id: str) -> list[datetime]:
        made = await client.projects.create_group_invite(
            group_id, GroupInvitationRequest(username="b@example.com", roles=["GROUP_READ_ONLY"])
        )
        await client.projects.delete_project_invitation(group_id, made.id)
        try:
            await client.projects.get_project(group_id)
        except NotFound as error:
            status: int = error.status
            assert status == 404
        stamps: list[datetime] = []
        async for event in client.events.iter_project_events(group_id, event_type=["INVITED_TO_GROUP"]):
            assert_type(event, EventViewForNdsGroup)
            stamps.append(event.created)
        return stamps


    def access_model(client: AtlasClient, org_id: str, group_id: str) -> list[str]:
        team = client.teams.create_team(org_id, {"name": "t", "usernames": ["a@example.com"]})
        assert_type(team, Team)
        role = TeamRole(team_id=team.id, role_names=["GROUP_OWNER"])
        assigned = client.teams.add_all_teams_to_project(group_id, [role])
        assert_type(assigned, Paginated[TeamRole])
        new_key = CreateAtlasOrganizationApiKey(desc="d", roles=["ORG_MEMBER"])
        key = client.programmatic_api_keys.create_api_key(org_id, new_key)
        client.programmatic_api_keys.delete_api_key_access_list_entry(org_id, key.id, "10.0.0.0/24")
        request = OrgServiceAccountRequest(name="n", description="d", roles=["ORG_OWNER"], secret_expires_after_hours=8)
        account = client.service_accounts.create_service_account(org_id, request)
        client.service_accounts.create_service_account_access_list(
            org_id, account.client_id, [ServiceAccountIPAccessListEntry(cidr_block="10.0.0.0/24")]
        )
        secret: str | None = account.secrets[0].secret
        made = client.organizations.create_organization(CreateOrganizationRequest(name="o", org_owner_id=org_id))
        return [key.public_key, account.client_id, str(secret), made.organization.id]


    async def members(client: AsyncAtlasClient, org_id: str, team_id: str) -> list[str]:
        return [user.username async for user in client.mongo_db_cloud_users.iter_team_users(org_id, team_id)]


    def database_access(client: AtlasClient, group_id: str) -> str:
        role = DatabaseUserRole(role_name="read", database_name="sales")
        new = CloudDatabaseUser(username="u", database_name="admin", password="p", roles=[role])
        assert_type(client.database_users.create_database_user(group_id, new), CloudDatabaseUser)
        assert_type(client.database_users.list_database_users(group_id).results, list[CloudDatabaseUser])
        certificate = UserCert(months_until_expiration=3)
        pem = client.x509_authentication.create_database_user_certificate(group_id, "u", certificate)
        assert_type(pem, str)
        entry = NetworkPermissionEntry(ip_address="10.0.0.1")
        added = client.project_ip_access_list.create_project_ip_access_list(group_id, [entry])
        assert_type(added, Paginated[NetworkPermissionEntry])
        assert_type(client.auditing.get_auditing_configuration(group_id).enabled, bool | None)
        assert_type(client.projects.get_project_settings(group_id), GroupSettings)
        return pem


    async def database_access_async(client: AsyncAtlasClient, group_id: str) -> list[str]:
        roles = await client.custom_database_roles.list_custom_database_roles(group_id)
        assert_type(roles, list[UserCustomDBRole])
        assert_type(await client.ldap_configuration.get_ldap_configuration(group_id), UserSecurity)
        users = [u.username async for u in client.database_users.iter_database_users(group_id)]
        return [r.role_name for r in roles] + users
'''

MISUSES = """
    from atlas_access.client import AsyncAtlasClient, AtlasClient


    def wrong(client: AtlasClient) -> None:
        client.organizations.delete_org_invite(42, "6a793f89c0eb9e7a177165b6")
        invitation = client.organizations.get_org_invite("org", "invitation")
        print(invitation.expiry)
        count: str = client.mongo_db_cloud_users.list_org_users("org").total_count


    async def forgot_await(client: AsyncAtlasClient) -> None:
        invitation = client.organizations.get_org_invite("org", "invitation")
        print(invitation.id)
"""

EXPECTED = [
    'misuses.py:5: error: Argument 1 to "delete_org_invite" of "OrganizationsApi" has incompatible type "int"; '
    'expected "str"  [arg-type]',
    'misuses.py:7: error: "OrganizationInvitation" has no attribute "expiry"  [attr-defined]',
    'misuses.py:8: error: Incompatible types in assignment (expression has type "int | None", variable has type "str")'
    "  [assignment]",
    'misuses.py:13: error: "Coroutine[Any, Any, OrganizationInvitation]" has no attribute "id"  [attr-defined]',
    'misuses.py:13: note: Maybe you forgot to use "await"?',
]


@pytest.mark.slow
def test_code_using_the_sdk_passes_mypy_strict_and_misuse_fails(tmp_path: Path) -> None:
    (tmp_path / "uses.py").write_text(dedent(USES).lstrip())
    (tmp_path / "misuses.py").write_text(dedent(MISUSES).lstrip())
    options = ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".cache"), "--no-error-summary"]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", *options, "--no-pretty", "uses.py", "misuses.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = checked.stdout.splitlines()
    assert [line for line in errors if line.startswith("uses.py")] == [], checked.stdout + checked.stderr
    assert errors == EXPECTED, checked.stdout + checked.stderr
    assert checked.returncode == 1
