"""The typed operations, written once: for each method of an API group, the operation id of the spec index,
the API version its models were written for, and how its answer is read.

The sync and async groups (``_organizations.py`` ...) call these; this module, and pydantic with it, is
loaded at the first typed call (``_group.endpoints``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from pydantic import BaseModel

from atlas_access.client.models import (
    AtlasOrganization,
    EventViewForNdsGroup,
    EventViewForOrg,
    Group,
    GroupInvitation,
    GroupUserResponse,
    OrganizationInvitation,
    OrgUserResponse,
    Paginated,
)

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
M = TypeVar("M", bound=BaseModel)

V2023 = "2023-01-01"
USERS_API = "2025-02-19"  # the users API: pending users too, roles as objects


class Operation(Protocol[R_co]):
    """An entry of the table: what ``_group`` needs to run it."""

    @property
    def operation_id(self) -> str: ...

    @property
    def version(self) -> str: ...

    def read(self, data: Any, /) -> R_co: ...


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[R]):
    """One operation: ``read`` turns its parsed JSON answer into the method's return value."""

    operation_id: str
    version: str
    read: Callable[[Any], R]


@dataclass(frozen=True, slots=True)
class Pages(Generic[M]):
    """A paginated list: one page read as ``Paginated[M]``, or its items one by one as ``M``."""

    operation_id: str
    version: str
    model: type[M]

    def read(self, data: Any) -> Paginated[M]:
        # Paginated[self.model] is fine at run time; mypy takes a variable there for a type error
        page = cast("type[Paginated[M]]", Paginated.__class_getitem__(self.model))
        return page.model_validate(data)


def one(operation_id: str, version: str, model: type[M]) -> Endpoint[M]:
    return Endpoint(operation_id, version, model.model_validate)


def array(operation_id: str, version: str, model: type[M]) -> Endpoint[list[M]]:
    def read(data: Any) -> list[M]:
        if not isinstance(data, list):
            raise ValueError(f"{operation_id}: expected a JSON array, got {type(data).__name__}")
        return [model.model_validate(item) for item in data]

    return Endpoint(operation_id, version, read)


def empty(operation_id: str, version: str) -> Endpoint[None]:
    return Endpoint(operation_id, version, lambda _: None)


class Organizations:
    """``OrganizationsApi``."""

    list_orgs = Pages("listOrgs", V2023, AtlasOrganization)
    get_org = one("getOrg", V2023, AtlasOrganization)
    list_org_invites = array("listOrgInvites", V2023, OrganizationInvitation)
    get_org_invite = one("getOrgInvite", V2023, OrganizationInvitation)
    create_org_invite = one("createOrgInvite", V2023, OrganizationInvitation)
    update_org_invite = one("updateOrgInvites", V2023, OrganizationInvitation)
    update_org_invite_by_id = one("updateOrgInviteById", V2023, OrganizationInvitation)
    delete_org_invite = empty("deleteOrgInvite", V2023)


class Projects:
    """``ProjectsApi``."""

    list_projects = Pages("listGroups", V2023, Group)
    get_project = one("getGroup", V2023, Group)
    list_project_invitations = array("listGroupInvites", V2023, GroupInvitation)
    get_project_invitation = one("getGroupInvite", V2023, GroupInvitation)
    create_project_invitation = one("createGroupInvite", V2023, GroupInvitation)
    update_project_invitation = one("updateGroupInvites", V2023, GroupInvitation)
    update_project_invitation_by_id = one("updateGroupInviteById", V2023, GroupInvitation)
    delete_project_invitation = empty("deleteGroupInvite", V2023)


class MongoDbCloudUsers:
    """``MongoDBCloudUsersApi``."""

    list_org_users = Pages("listOrgUsers", USERS_API, OrgUserResponse)
    create_org_user = one("createOrgUser", USERS_API, OrgUserResponse)
    get_org_user = one("getOrgUser", USERS_API, OrgUserResponse)
    update_org_user = one("updateOrgUser", USERS_API, OrgUserResponse)
    remove_org_user = empty("removeOrgUser", USERS_API)
    add_org_role = one("addOrgUserRole", USERS_API, OrgUserResponse)
    remove_org_role = one("removeOrgUserRole", USERS_API, OrgUserResponse)
    list_project_users = Pages("listGroupUsers", USERS_API, GroupUserResponse)
    add_project_user = one("addGroupUsers", USERS_API, GroupUserResponse)
    get_project_user = one("getGroupUser", USERS_API, GroupUserResponse)
    remove_project_user = empty("removeGroupUser", USERS_API)
    add_project_role = one("addGroupUserRole", USERS_API, GroupUserResponse)
    remove_project_role = one("removeGroupUserRole", USERS_API, GroupUserResponse)


class Events:
    """``EventsApi``."""

    list_org_events = Pages("listOrgEvents", V2023, EventViewForOrg)
    get_org_event = one("getOrgEvent", V2023, EventViewForOrg)
    list_project_events = Pages("listGroupEvents", V2023, EventViewForNdsGroup)
    get_project_event = one("getGroupEvent", V2023, EventViewForNdsGroup)
