"""Build organizations, projects, users, teams, API keys and service accounts from one JSON document.

Used by ``POST /api/local/v1/fixtures`` and by the first-start bootstrap. Roles of members are given per
organization (``orgRoles``) and per project, by project name (``projectRoles``).
"""

from typing import Any

from pydantic import Field

from atlas_access.core.errors import ApiError
from atlas_access.core.ids import CREDENTIAL_FORMS, new_id
from atlas_access.core.members import API_KEY, SERVICE_ACCOUNT, USER
from atlas_access.core.roles import CLOUD_MANAGER_ORG_ROLES, GROUP_ROLES
from atlas_access.core.teams import Team
from atlas_access.server.services import credentials, federation
from atlas_access.server.services.context import Context
from atlas_access.server.wire.body import WireModel, email
from atlas_access.store import credentials as credentials_store
from atlas_access.store import directory, members, teams


def _form(kind: str) -> str:
    """The pattern a value fixed in advance must match (``core.ids.CREDENTIAL_FORMS``)."""
    return "^" + CREDENTIAL_FORMS[kind][0].pattern + "$"


DEFAULT_SECRET_HOURS = 24 * 365 * 10  # local credentials outlive any clock move a test makes
MAX_SECRET_HOURS = 24 * 365 * 100  # an expiry the clock's range (up to the year 9000) can still hold


class MemberIn(WireModel):
    orgRoles: list[str] = Field(default_factory=list)
    projectRoles: dict[str, list[str]] = Field(default_factory=dict)


class UserIn(MemberIn):
    username: str
    firstName: str = ""
    lastName: str = ""
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    mobileNumber: str | None = Field(default=None, max_length=32)
    signedIn: bool = False  # True: the user has signed in (``lastAuth`` is the fixtures' time)
    teams: list[str] = Field(default_factory=list)


class ApiKeyIn(MemberIn):
    description: str = "fixture key"
    accessList: list[str] = Field(default_factory=list)
    # a key fixed in advance (a CI file's hard-coded credentials): both or neither, and its id if wanted
    id: str | None = Field(default=None, pattern=_form("id"))
    publicKey: str | None = Field(default=None, pattern=_form("publicKey"))
    privateKey: str | None = Field(default=None, pattern=_form("privateKey"))


class ServiceAccountIn(MemberIn):
    name: str = "fixture service account"
    description: str = ""
    secretExpiresAfterHours: int = DEFAULT_SECRET_HOURS
    accessList: list[str] = Field(default_factory=list)
    # an account fixed in advance: both or neither
    clientId: str | None = Field(default=None, pattern=_form("clientId"))
    clientSecret: str | None = Field(default=None, pattern=_form("clientSecret"))


class NamedIn(WireModel):
    name: str = Field(min_length=1, max_length=64)
    id: str | None = Field(default=None, pattern=_form("id"))  # fixed in advance; default: a new one


class OrgIn(WireModel):
    name: str = Field(min_length=1, max_length=64)
    id: str | None = Field(default=None, pattern=_form("id"))  # fixed in advance; default: a new one
    projects: list[NamedIn] = Field(default_factory=list)
    teams: list[NamedIn] = Field(default_factory=list)
    users: list[UserIn] = Field(default_factory=list)
    apiKeys: list[ApiKeyIn] = Field(default_factory=list)
    serviceAccounts: list[ServiceAccountIn] = Field(default_factory=list)
    federation: bool = False  # True: a federation set up for the organization, connected to it (docs/federation.md)


class FixturesIn(WireModel):
    orgs: list[OrgIn] = Field(default_factory=list)


def build(ctx: Context, fixtures: FixturesIn) -> dict[str, Any]:
    """Create everything in ``fixtures``; answer with ids and the secrets (shown this once)."""
    return {"orgs": [_build_org(ctx, org) for org in fixtures.orgs]}


def _taken(what: str, value: str) -> ApiError:
    return ApiError("FIXED_ID_TAKEN", what, value)


def _fixed_id(ctx: Context, what: str, value: str | None) -> str:
    """A new id, or the one fixed in advance if no organization, project or team has it yet."""
    if value is None:
        return new_id()
    if directory.id_in_use(ctx.conn, value):
        raise _taken(what, value)
    return value


def _fixed_key(ctx: Context, spec: ApiKeyIn) -> credentials.NewApiKey | None:
    if (spec.publicKey is None) != (spec.privateKey is None):
        raise ApiError("INVALID_ATTRIBUTE", "apiKeys: publicKey and privateKey (give both or neither)")
    if spec.publicKey is None or spec.privateKey is None:
        return None
    if credentials_store.api_key(ctx.conn, spec.publicKey)[0] is not None:
        raise _taken("public key", spec.publicKey)
    return credentials.NewApiKey(_fixed_id(ctx, "API key id", spec.id), spec.publicKey, spec.privateKey)


def _fixed_account(ctx: Context, spec: ServiceAccountIn) -> tuple[str, str] | None:
    if (spec.clientId is None) != (spec.clientSecret is None):
        raise ApiError("INVALID_ATTRIBUTE", "serviceAccounts: clientId and clientSecret (give both or neither)")
    if spec.clientId is None or spec.clientSecret is None:
        return None
    if credentials_store.service_account_by_client_id(ctx.conn, spec.clientId) is not None:
        raise _taken("client id", spec.clientId)
    return spec.clientId, spec.clientSecret


def _build_org(ctx: Context, spec: OrgIn) -> dict[str, Any]:
    conn, now = ctx.conn, ctx.now
    org = directory.create_org(conn, _fixed_id(ctx, "organization id", spec.id), spec.name, now)
    projects = {
        p.name: directory.create_project(conn, _fixed_id(ctx, "project id", p.id), org, p.name, now)
        for p in spec.projects
    }
    team_ids = {}
    for team in spec.teams:
        team_ids[team.name] = _fixed_id(ctx, "team id", team.id)
        if not teams.insert(conn, Team(team_ids[team.name], org.id, team.name, now)):
            raise ApiError("DUPLICATE_TEAM_NAME", team.name, org.id)

    def grant(member_id: str, kind: str, member: MemberIn) -> None:
        for role in member.orgRoles:
            if role not in CLOUD_MANAGER_ORG_ROLES:
                raise ApiError("INVALID_ROLE_FOR_ORG", role, org.id)
        if member.orgRoles:
            directory.grant_org_roles(conn, org.id, member_id, kind, tuple(member.orgRoles), now)
        for project_name, roles in member.projectRoles.items():
            if project_name not in projects:
                raise ApiError("GROUP_NOT_FOUND", project_name)
            for role in roles:
                if role not in GROUP_ROLES:
                    raise ApiError("INVALID_ROLE_FOR_GROUP", role, project_name)
            directory.grant_project_roles(conn, projects[project_name].id, member_id, kind, tuple(roles), now)

    def allow(owner_id: str, entries: list[str]) -> None:
        for entry in entries:
            try:
                credentials.add_access_list_entry(conn, owner_id, entry, "", now)
            except ValueError:
                raise ApiError("INVALID_ATTRIBUTE", f"accessList entry {entry!r}") from None

    users = []
    for user in spec.users:
        user_id = directory.ensure_user(conn, new_id(), email(user.username), user.firstName, user.lastName, now)
        members.describe_user(conn, user_id, user.country, user.mobileNumber, now if user.signedIn else None)
        grant(user_id, USER, user)
        for team_name in user.teams:
            if team_name not in team_ids:
                raise ApiError("TEAM_NOT_FOUND", team_name)
            members.add_to_team(conn, team_ids[team_name], user_id)
        users.append({"id": user_id, "username": email(user.username)})
    keys = []
    for key_spec in spec.apiKeys:
        key = credentials.create_api_key(ctx, org.id, key_spec.description, _fixed_key(ctx, key_spec))
        grant(key.id, API_KEY, key_spec)
        allow(key.id, key_spec.accessList)
        keys.append({"id": key.id, "publicKey": key.public_key, "privateKey": key.private_key})
    accounts = []
    for account_spec in spec.serviceAccounts:
        if not 0 < account_spec.secretExpiresAfterHours <= MAX_SECRET_HOURS:
            raise ApiError("INVALID_ATTRIBUTE", "secretExpiresAfterHours")
        account = credentials.create_service_account(
            conn,
            org.id,
            account_spec.name,
            account_spec.description,
            account_spec.secretExpiresAfterHours,
            now,
            _fixed_account(ctx, account_spec),
        )
        grant(account.id, SERVICE_ACCOUNT, account_spec)
        allow(account.id, account_spec.accessList)
        accounts.append({"id": account.id, "clientId": account.client_id, "clientSecret": account.secret})
    made: dict[str, Any] = {}
    if spec.federation:
        made["federationSettingsId"] = federation.create(ctx, org).id
    return {
        **made,
        "id": org.id,
        "name": org.name,
        "projects": [{"id": p.id, "name": p.name} for p in projects.values()],
        "teams": [{"id": team_id, "name": name} for name, team_id in team_ids.items()],
        "users": users,
        "apiKeys": keys,
        "serviceAccounts": accounts,
    }
