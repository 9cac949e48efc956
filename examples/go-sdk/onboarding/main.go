// Onboarding and off-boarding with atlas-sdk-go against atlas-access (or MongoDB Cloud): a team, an
// organization invitation with a project role and the team, a project invitation, a pending user through the
// users API, a team assigned to the project; every one read back, changed and removed again. Each step prints
// "ok <step>"; the first failure prints "FAIL <step>: <error>" and exits 1.
//
// The team starts with one active member of the organization, as MongoDB Cloud requires of a new team.
//
// Credentials: a service account (MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET) or an API key
// (MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY), with Organization Owner.
//
//	MONGODB_ATLAS_BASE_URL=http://127.0.0.1:8080 ... onboarding <orgId> <projectId> <member username> <unique suffix>
package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	sdk "go.mongodb.org/atlas-sdk/v20250312020/admin"
)

func fail(step string, err error) {
	fmt.Printf("FAIL %s: %v\n", step, err)
	os.Exit(1)
}

func check(step string, err error) {
	if err != nil {
		fail(step, err)
	}
	fmt.Printf("ok %s\n", step)
}

func expect(step string, ok bool, format string, args ...any) {
	if !ok {
		fail(step, fmt.Errorf(format, args...))
	}
}

func newClient(ctx context.Context) (*sdk.APIClient, error) {
	base := sdk.UseBaseURL(os.Getenv("MONGODB_ATLAS_BASE_URL"))
	if id := os.Getenv("MONGODB_ATLAS_CLIENT_ID"); id != "" {
		return sdk.NewClient(base, sdk.UseOAuthAuth(ctx, id, os.Getenv("MONGODB_ATLAS_CLIENT_SECRET")))
	}
	return sdk.NewClient(base, sdk.UseDigestAuth(
		os.Getenv("MONGODB_ATLAS_PUBLIC_API_KEY"), os.Getenv("MONGODB_ATLAS_PRIVATE_API_KEY")))
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintf(os.Stderr, "usage: %s <orgId> <projectId> <member username> <unique suffix>\n", os.Args[0])
		os.Exit(2)
	}
	orgID, projectID, member, suffix := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	ctx := context.Background()
	client, err := newClient(ctx)
	check("client", err)

	orgs, _, err := client.OrganizationsApi.ListOrgs(ctx).Execute()
	check("listOrgs", err)
	expect("listOrgs", slices.ContainsFunc(orgs.GetResults(), func(o sdk.AtlasOrganization) bool {
		return o.GetId() == orgID
	}), "organization %s not listed", orgID)

	project, _, err := client.ProjectsApi.GetGroup(ctx, projectID).Execute()
	check("getGroup", err)

	team, _, err := client.TeamsApi.CreateOrgTeam(ctx, orgID, &sdk.Team{Name: "onboarding-" + suffix, Usernames: []string{member}}).Execute()
	check("createOrgTeam", err)
	teamID := team.GetId()

	// An organization invitation with a project role and the team.
	alice := "alice-" + suffix + "@example.com"
	invite, _, err := client.OrganizationsApi.CreateOrgInvite(ctx, orgID, &sdk.OrganizationInvitationRequest{
		Username: &alice,
		Roles:    &[]string{"ORG_MEMBER"},
		TeamIds:  &[]string{teamID},
		GroupRoleAssignments: &[]sdk.OrganizationInvitationGroupRoleAssignmentsRequest{
			{GroupId: &projectID, Roles: &[]string{"GROUP_READ_ONLY"}},
		},
	}).Execute()
	check("createOrgInvite", err)
	expect("createOrgInvite", invite.GetUsername() == alice && invite.GetOrgName() != "",
		"unexpected invitation %+v", invite)
	expect("createOrgInvite", invite.GetExpiresAt().Sub(invite.GetCreatedAt()) == 30*24*time.Hour,
		"expiresAt %v is not 30 days after createdAt %v", invite.GetExpiresAt(), invite.GetCreatedAt())

	got, _, err := client.OrganizationsApi.GetOrgInvite(ctx, orgID, invite.GetId()).Execute()
	check("getOrgInvite", err)
	expect("getOrgInvite", got.GetId() == invite.GetId() && slices.Equal(got.GetTeamIds(), []string{teamID}),
		"unexpected invitation %+v", got)

	listed, _, err := client.OrganizationsApi.ListOrgInvites(ctx, orgID).Username(alice).Execute()
	check("listOrgInvites", err)
	expect("listOrgInvites", len(listed) == 1 && listed[0].GetId() == invite.GetId(), "listed %d", len(listed))

	updated, _, err := client.OrganizationsApi.UpdateOrgInviteById(ctx, orgID, invite.GetId(),
		&sdk.OrganizationInvitationUpdateRequest{Roles: &[]string{"ORG_MEMBER", "ORG_BILLING_READ_ONLY"}}).Execute()
	check("updateOrgInviteById", err)
	expect("updateOrgInviteById", len(updated.GetRoles()) == 2 && updated.GetExpiresAt().Equal(invite.GetExpiresAt()),
		"unexpected invitation %+v", updated)

	users, _, err := client.MongoDBCloudUsersApi.ListOrgUsers(ctx, orgID).Username(alice).Execute()
	check("listOrgUsers", err)
	expect("listOrgUsers", len(users.GetResults()) == 1 && users.GetResults()[0].OrgMembershipStatus == "PENDING",
		"pending user not listed: %+v", users.GetResults())

	// A project invitation, changed and cancelled.
	bob := "bob-" + suffix + "@example.com"
	projectInvite, _, err := client.ProjectsApi.CreateGroupInvite(ctx, projectID, &sdk.GroupInvitationRequest{
		Username: &bob, Roles: &[]string{"GROUP_READ_ONLY"},
	}).Execute()
	check("createGroupInvite", err)
	expect("createGroupInvite", projectInvite.GetGroupName() == project.GetName(),
		"groupName %q, project %q", projectInvite.GetGroupName(), project.GetName())
	projectInvites, _, err := client.ProjectsApi.ListGroupInvites(ctx, projectID).Username(bob).Execute()
	check("listGroupInvites", err)
	expect("listGroupInvites", len(projectInvites) == 1, "listed %d", len(projectInvites))
	changed, _, err := client.ProjectsApi.UpdateInviteById(ctx, projectID, projectInvite.GetId(),
		&sdk.GroupInvitationUpdateRequest{Roles: &[]string{"GROUP_DATA_ACCESS_READ_ONLY"}}).Execute()
	check("updateInviteById", err)
	expect("updateInviteById", slices.Equal(changed.GetRoles(), []string{"GROUP_DATA_ACCESS_READ_ONLY"}),
		"roles %v", changed.GetRoles())
	_, err = client.ProjectsApi.DeleteGroupInvite(ctx, projectID, projectInvite.GetId()).Execute()
	check("deleteGroupInvite", err)

	// A pending user through the users API, removed again (which cancels its invitation).
	carol, _, err := client.MongoDBCloudUsersApi.CreateOrgUser(ctx, orgID, &sdk.OrgUserRequest{
		Username: "carol-" + suffix + "@example.com",
		Roles:    sdk.OrgUserRolesRequest{OrgRoles: []string{"ORG_READ_ONLY"}},
	}).Execute()
	check("createOrgUser", err)
	expect("createOrgUser", carol.OrgMembershipStatus == "PENDING", "status %q", carol.OrgMembershipStatus)
	_, err = client.MongoDBCloudUsersApi.RemoveOrgUser(ctx, orgID, carol.Id).Execute()
	check("removeOrgUser", err)

	// The team on the project, and off again.
	assigned, _, err := client.TeamsApi.AddGroupTeams(ctx, projectID, &[]sdk.TeamRole{
		{TeamId: teamID, RoleNames: []string{"GROUP_READ_ONLY"}},
	}).Execute()
	check("addGroupTeams", err)
	expect("addGroupTeams", slices.ContainsFunc(assigned.GetResults(), func(r sdk.TeamRole) bool {
		return r.TeamId == teamID
	}), "team not assigned: %+v", assigned.GetResults())
	_, err = client.TeamsApi.RemoveGroupTeam(ctx, projectID, teamID).Execute()
	check("removeGroupTeam", err)

	// Off-boarding: the invitation is cancelled; cancelling it again is the error the seeds describe.
	_, err = client.OrganizationsApi.DeleteOrgInvite(ctx, orgID, invite.GetId()).Execute()
	check("deleteOrgInvite", err)
	_, err = client.OrganizationsApi.DeleteOrgInvite(ctx, orgID, invite.GetId()).Execute()
	expect("deleteOrgInvite again", sdk.IsErrorCode(err, "INVALID_INVITATION_ID"),
		"expected INVALID_INVITATION_ID, got %v", err)
	fmt.Println("ok deleteOrgInvite again")

	_, err = client.TeamsApi.DeleteOrgTeam(ctx, orgID, teamID).Execute()
	check("deleteOrgTeam", err)
	fmt.Println("done")
}
