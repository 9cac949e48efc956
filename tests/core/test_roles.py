"""Unit tests of the roles module: ``effective_group_roles``, ``authorize`` and the shape of ``PERMISSIONS``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas_access.core.errors import CATALOG, ApiError
from atlas_access.core.roles import (
    ATLAS_GROUP_ROLES,
    ATLAS_ORG_ROLES,
    CLOUD_MANAGER_ORG_ROLES,
    GROUP_ROLES,
    ORG_USER_ADMIN,
    PERMISSIONS,
    Rule,
    Scope,
    Surface,
    authorize,
    effective_group_roles,
    org_roles_for,
)

ORG_ID = "5f0000000000000000000001"
GROUP_ID = "5f0000000000000000000002"
IMPLIED = {"ORG_OWNER": "GROUP_OWNER", "ORG_READ_ONLY": "GROUP_READ_ONLY"}  # WIRE.md section 5
ORG_OWNER_ONLY = Rule(Scope.ORG, frozenset({"ORG_OWNER"}), "USER_UNAUTHORIZED")
GROUP_OWNER_ONLY = Rule(Scope.GROUP, frozenset({"GROUP_OWNER"}), "USER_UNAUTHORIZED")
CM_GROUP = Rule(Scope.GROUP, frozenset({"GROUP_OWNER", "GROUP_USER_ADMIN"}), "NOT_GROUP_USER_ADMIN")
CM_ORG = Rule(Scope.ORG, frozenset({"ORG_OWNER", ORG_USER_ADMIN}), "NOT_ORG_USER_ADMIN")


def refusal(rule: Rule, *, org_roles: frozenset[str] | None, group_roles: frozenset[str] | None = None) -> ApiError:
    scope_id = ORG_ID if rule.scope is Scope.ORG else GROUP_ID
    with pytest.raises(ApiError) as caught:
        authorize(rule, scope_id=scope_id, org_roles=org_roles, group_roles=group_roles)
    return caught.value


# --- effective_group_roles --------------------------------------------------------------------------------


def test_nothing_held_is_nothing() -> None:
    assert effective_group_roles(None, None) == frozenset()
    assert effective_group_roles(frozenset(), frozenset()) == frozenset()


@pytest.mark.parametrize(("org_role", "group_role"), sorted(IMPLIED.items()))
def test_org_roles_that_imply_a_project_role(org_role: str, group_role: str) -> None:
    assert effective_group_roles(frozenset({org_role}), None) == {group_role}


@pytest.mark.parametrize("org_role", [r for r in CLOUD_MANAGER_ORG_ROLES if r not in IMPLIED])
def test_other_org_roles_imply_nothing(org_role: str) -> None:
    assert effective_group_roles(frozenset({org_role}), None) == frozenset()


def test_own_project_roles_and_implied_ones_add_up() -> None:
    held = effective_group_roles(
        frozenset({"ORG_OWNER", "ORG_READ_ONLY", "ORG_MEMBER"}), frozenset({"GROUP_USER_ADMIN"})
    )
    assert held == {"GROUP_OWNER", "GROUP_READ_ONLY", "GROUP_USER_ADMIN"}


def test_own_project_roles_without_org_roles() -> None:
    assert effective_group_roles(None, frozenset({"GROUP_CLUSTER_MANAGER"})) == {"GROUP_CLUSTER_MANAGER"}


def test_result_is_a_frozenset_and_inputs_are_untouched() -> None:
    org_roles, group_roles = frozenset({"ORG_OWNER"}), frozenset({"GROUP_READ_ONLY"})
    held = effective_group_roles(org_roles, group_roles)
    assert isinstance(held, frozenset)
    assert org_roles == {"ORG_OWNER"}
    assert group_roles == {"GROUP_READ_ONLY"}


@given(
    st.none() | st.frozensets(st.sampled_from(CLOUD_MANAGER_ORG_ROLES)),
    st.none() | st.frozensets(st.sampled_from(GROUP_ROLES)),
)
def test_effective_roles_property(org_roles: frozenset[str] | None, group_roles: frozenset[str] | None) -> None:
    held = effective_group_roles(org_roles, group_roles)
    expected = set(group_roles or ()) | {IMPLIED[r] for r in org_roles or () if r in IMPLIED}
    assert held == expected
    assert held <= set(GROUP_ROLES)


# --- authorize: organization scope ---------------------------------------------------------------------------


def test_org_non_member_cannot_access_the_organization() -> None:
    error = refusal(ORG_OWNER_ONLY, org_roles=None)
    assert (error.code, error.status, error.parameters) == ("USER_CANNOT_ACCESS_ORG", 401, [])
    assert error.detail == "User cannot access this organization."


def test_org_non_member_is_refused_even_with_project_roles() -> None:
    error = refusal(ORG_OWNER_ONLY, org_roles=None, group_roles=frozenset({"GROUP_OWNER"}))
    assert error.code == "USER_CANNOT_ACCESS_ORG"


def test_org_member_with_the_role_passes() -> None:
    authorize(ORG_OWNER_ONLY, scope_id=ORG_ID, org_roles=frozenset({"ORG_MEMBER", "ORG_OWNER"}))
    authorize(CM_ORG, scope_id=ORG_ID, org_roles=frozenset({ORG_USER_ADMIN}))


@pytest.mark.parametrize("role", [r for r in CLOUD_MANAGER_ORG_ROLES if r != "ORG_OWNER"])
def test_org_member_without_the_role_gets_the_rules_code(role: str) -> None:
    error = refusal(ORG_OWNER_ONLY, org_roles=frozenset({role}))
    assert (error.code, error.status, error.parameters) == ("USER_UNAUTHORIZED", 401, [ORG_ID])
    assert error.detail == "Current user is not authorized to perform this action."


def test_org_member_with_no_roles_is_a_member_without_the_role() -> None:
    assert refusal(ORG_OWNER_ONLY, org_roles=frozenset()).code == "USER_UNAUTHORIZED"


def test_cloud_manager_org_refusal_names_the_organization() -> None:
    error = refusal(CM_ORG, org_roles=frozenset({"ORG_READ_ONLY"}))
    assert error.code == "NOT_ORG_USER_ADMIN"
    assert error.detail == (
        f"The currently logged in user does not have the user administrator role in organization {ORG_ID}."
    )


def test_project_roles_do_not_count_at_org_scope() -> None:
    error = refusal(ORG_OWNER_ONLY, org_roles=frozenset({"ORG_MEMBER"}), group_roles=frozenset({"GROUP_OWNER"}))
    assert error.code == "USER_UNAUTHORIZED"


# --- authorize: project scope -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org_roles", "group_roles"),
    [(None, None), (frozenset(), None), (None, frozenset()), (frozenset({"ORG_MEMBER"}), None)],
)
def test_project_non_member_is_not_in_the_group(
    org_roles: frozenset[str] | None, group_roles: frozenset[str] | None
) -> None:
    error = refusal(GROUP_OWNER_ONLY, org_roles=org_roles, group_roles=group_roles)
    assert (error.code, error.status, error.parameters) == ("NOT_IN_GROUP", 401, [])
    assert error.detail == "The current user is not in the group, or the group does not exist."


@pytest.mark.parametrize("org_role", [r for r in CLOUD_MANAGER_ORG_ROLES if r not in IMPLIED])
def test_org_roles_without_a_project_role_are_not_in_the_group(org_role: str) -> None:
    assert refusal(CM_GROUP, org_roles=frozenset({org_role})).code == "NOT_IN_GROUP"


def test_org_owner_acts_as_group_owner() -> None:
    authorize(GROUP_OWNER_ONLY, scope_id=GROUP_ID, org_roles=frozenset({"ORG_OWNER"}))
    authorize(CM_GROUP, scope_id=GROUP_ID, org_roles=frozenset({"ORG_OWNER"}), group_roles=None)


def test_org_read_only_is_in_the_group_but_not_an_owner() -> None:
    error = refusal(GROUP_OWNER_ONLY, org_roles=frozenset({"ORG_READ_ONLY"}))
    assert (error.code, error.parameters) == ("USER_UNAUTHORIZED", [GROUP_ID])
    error = refusal(CM_GROUP, org_roles=frozenset({"ORG_READ_ONLY"}))
    assert error.code == "NOT_GROUP_USER_ADMIN"
    assert error.detail == (
        f"The currently logged in user does not have the user administrator role in group {GROUP_ID}."
    )


@pytest.mark.parametrize("role", [r for r in GROUP_ROLES if r != "GROUP_OWNER"])
def test_project_member_without_the_role_gets_the_rules_code(role: str) -> None:
    error = refusal(GROUP_OWNER_ONLY, org_roles=frozenset({"ORG_MEMBER"}), group_roles=frozenset({role}))
    assert (error.code, error.parameters) == ("USER_UNAUTHORIZED", [GROUP_ID])


def test_project_member_with_the_role_passes_without_org_membership() -> None:
    authorize(CM_GROUP, scope_id=GROUP_ID, org_roles=None, group_roles=frozenset({"GROUP_USER_ADMIN"}))


@given(
    st.sampled_from(sorted(PERMISSIONS)),
    st.none() | st.frozensets(st.sampled_from(CLOUD_MANAGER_ORG_ROLES)),
    st.none() | st.frozensets(st.sampled_from(GROUP_ROLES)),
)
def test_authorize_agrees_with_the_rule(
    key: tuple[Surface, str], org_roles: frozenset[str] | None, group_roles: frozenset[str] | None
) -> None:
    rule = PERMISSIONS[key]
    if rule.scope is Scope.CALLER:  # any caller; the handler narrows what it shows
        expected, held = None, set(rule.roles)
    elif rule.scope in (Scope.ORG, Scope.HOME, Scope.FEDERATION):  # a federation is authorized in an organization
        expected = "USER_CANNOT_ACCESS_ORG" if org_roles is None else None
        held = set(org_roles or ())
    else:
        held = set(group_roles or ()) | {IMPLIED[r] for r in org_roles or () if r in IMPLIED}
        expected = "NOT_IN_GROUP" if not held else None
        held |= set(org_roles or ())  # in the project, a rule may ask for an organization role
    if expected is None and not held & rule.roles:
        expected = rule.denied_code
    try:
        authorize(rule, scope_id="x" * 24, org_roles=org_roles, group_roles=group_roles)
    except ApiError as error:
        assert error.code == expected
        assert error.status == 401
    else:
        assert expected is None


# --- the table itself ---------------------------------------------------------------------------------------------


INVITATION_OPERATIONS = {
    "listOrgInvites": Scope.ORG,
    "createOrgInvite": Scope.ORG,
    "updateOrgInvites": Scope.ORG,
    "getOrgInvite": Scope.ORG,
    "updateOrgInviteById": Scope.ORG,
    "deleteOrgInvite": Scope.ORG,
    "listGroupInvites": Scope.GROUP,
    "createGroupInvite": Scope.GROUP,
    "updateGroupInvites": Scope.GROUP,
    "getGroupInvite": Scope.GROUP,
    "updateGroupInviteById": Scope.GROUP,
    "deleteGroupInvite": Scope.GROUP,
}


def test_every_invitation_operation_has_a_rule_on_both_surfaces() -> None:
    for surface in Surface:
        for operation, scope in INVITATION_OPERATIONS.items():
            assert PERMISSIONS[(surface, operation)].scope is scope


def test_rules_match_wire_section_5_for_invitations() -> None:
    """WIRE.md section 5's rows for invitations, as written there."""
    for operation, scope in INVITATION_OPERATIONS.items():
        atlas, cloud_manager = (
            PERMISSIONS[(Surface.ATLAS_V2, operation)],
            PERMISSIONS[(Surface.CLOUD_MANAGER_V1, operation)],
        )
        if scope is Scope.ORG:
            assert atlas.roles == {"ORG_OWNER"}
            assert cloud_manager.roles == {"ORG_OWNER", "ORG_USER_ADMIN"}
            assert cloud_manager.denied_code == "NOT_ORG_USER_ADMIN"
        else:
            assert atlas.roles == {"GROUP_OWNER"}
            assert cloud_manager.roles == {"GROUP_OWNER", "GROUP_USER_ADMIN"}
            assert cloud_manager.denied_code == "NOT_GROUP_USER_ADMIN"
        assert atlas.denied_code == "USER_UNAUTHORIZED"


@pytest.mark.parametrize("key", sorted(PERMISSIONS))
def test_every_rule_is_well_formed(key: tuple[Surface, str]) -> None:
    rule = PERMISSIONS[key]
    assert rule.roles, "a rule nobody can satisfy"
    valid = {
        Scope.ORG: CLOUD_MANAGER_ORG_ROLES,
        Scope.HOME: CLOUD_MANAGER_ORG_ROLES,
        Scope.FEDERATION: CLOUD_MANAGER_ORG_ROLES,  # the roles of a connected organization
        # A project operation may ask for an organization role ("Organization Owner").
        Scope.GROUP: (*GROUP_ROLES, *CLOUD_MANAGER_ORG_ROLES),
        Scope.CALLER: (*CLOUD_MANAGER_ORG_ROLES, *GROUP_ROLES),
    }[rule.scope]
    assert rule.roles <= set(valid)
    if rule.scope is Scope.CALLER:
        assert rule.roles == set(valid), "a caller-scoped operation is open to every role"
    assert CATALOG[rule.denied_code].status == 401


def test_a_project_rule_may_name_an_organization_role() -> None:
    """``inviteGroupServiceAccount``: an Organization Owner acts on a project (through the implied GROUP_OWNER it is
    in the project); a Project Owner who is only an ORG_MEMBER may not; an outsider is not in the project."""
    rule = PERMISSIONS[(Surface.ATLAS_V2, "inviteGroupServiceAccount")]
    assert rule.scope is Scope.GROUP and rule.roles == {"ORG_OWNER"}
    authorize(rule, scope_id=GROUP_ID, org_roles=frozenset({"ORG_OWNER"}), group_roles=None)
    assert refusal(rule, org_roles=frozenset({"ORG_MEMBER"}), group_roles=frozenset({"GROUP_OWNER"})).code == (
        "USER_UNAUTHORIZED"
    )
    assert refusal(rule, org_roles=None, group_roles=None).code == "NOT_IN_GROUP"


def test_home_rules_act_in_the_callers_own_organization() -> None:
    rule = PERMISSIONS[(Surface.ATLAS_V2, "createOrg")]
    assert rule.scope is Scope.HOME
    authorize(rule, scope_id=ORG_ID, org_roles=frozenset({"ORG_OWNER"}))
    assert refusal(rule, org_roles=frozenset({"ORG_MEMBER"})).code == "USER_UNAUTHORIZED"


def test_caller_scoped_rules_let_everyone_through() -> None:
    for operation in ("listOrgs", "listGroups"):
        rule = PERMISSIONS[(Surface.ATLAS_V2, operation)]
        assert rule.scope is Scope.CALLER
        authorize(rule, scope_id="", org_roles=None, group_roles=None)


def test_project_reads_follow_wire_section_5() -> None:
    """Any org role reads its organization; any project role, own or implied by ORG_OWNER / ORG_READ_ONLY,
    reads the project; ORG_GROUP_CREATOR alone does not."""
    for operation in ("getOrg", "getOrgGroups"):
        assert PERMISSIONS[(Surface.ATLAS_V2, operation)].roles == set(CLOUD_MANAGER_ORG_ROLES)
    for operation in ("getGroup", "getGroupByName"):
        rule = PERMISSIONS[(Surface.ATLAS_V2, operation)]
        assert (rule.scope, rule.roles) == (Scope.GROUP, set(GROUP_ROLES))
        authorize(rule, scope_id=GROUP_ID, org_roles=frozenset({"ORG_READ_ONLY"}), group_roles=None)
        with pytest.raises(ApiError) as refused:
            authorize(rule, scope_id=GROUP_ID, org_roles=frozenset({"ORG_GROUP_CREATOR"}), group_roles=None)
        assert refused.value.code == "NOT_IN_GROUP"


def test_role_lists() -> None:
    assert len(ATLAS_ORG_ROLES) == len(set(ATLAS_ORG_ROLES)) == 7
    # the 11 of the published enum, and "Project Network Access Manager" (ours: the spec names it, no enum string)
    assert len(ATLAS_GROUP_ROLES) == len(set(ATLAS_GROUP_ROLES)) == 12
    assert set(ATLAS_ORG_ROLES) < set(CLOUD_MANAGER_ORG_ROLES)
    assert set(CLOUD_MANAGER_ORG_ROLES) - set(ATLAS_ORG_ROLES) == {ORG_USER_ADMIN}
    assert set(ATLAS_GROUP_ROLES) < set(GROUP_ROLES)
    assert "GROUP_USER_ADMIN" in GROUP_ROLES
    assert org_roles_for(Surface.ATLAS_V2) == ATLAS_ORG_ROLES
    assert org_roles_for(Surface.CLOUD_MANAGER_V1) == CLOUD_MANAGER_ORG_ROLES
