// Federated authentication, organization settings, project limits, the root status and the rate limits with
// atlas-sdk-go against atlas-access (or MongoDB Cloud), through the SDK's typed APIs only. Each step prints
// "ok <step>"; the first failure prints "FAIL <step>: <error>" (the SDK's error as it words it) and exits 1.
//
//	federation run <orgId> <projectId> <samlIdentityProviderId> <suffix>
//	    reads the organization's federation settings; creates an OIDC identity provider, lists, reads and
//	    updates it; connects the organization (the SAML identity provider to sign in with, the OIDC one for data
//	    access, a domain allow list with its restriction, post-authentication role grants); creates role
//	    mappings for two external groups (each an organization role and a project role), lists,
//	    reads, updates and deletes them; reads and updates the organization's settings; reads the project's
//	    limits and sets one; reads the root status and the rate limits; then puts back everything it changed
//	    and removes everything it made.
//	federation map <orgId> <projectId> <samlIdentityProviderId> <suffix>
//	    connects the organization to sign in with the SAML identity provider, granting ORG_MEMBER, and maps the
//	    external group eng-<suffix> to ORG_GROUP_CREATOR and the project's GROUP_READ_ONLY, ops-<suffix> to ORG_MEMBER
//	    and the project's GROUP_OWNER; left in place.
//	federation roles <orgId> <username>
//	    prints the user's roles as the users API and the legacy users API read them:
//	    "roles org <roles>", "roles project <projectId> <roles>", "user role <org|project> <id> <role>".
//
// The SAML identity provider comes from MongoDB Cloud's console (the API makes OIDC ones only); against
// atlas-access, from its local API. Credentials: an Organization Owner's API key (MONGODB_ATLAS_PUBLIC_API_KEY,
// MONGODB_ATLAS_PRIVATE_API_KEY) or service account (MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET);
// MONGODB_ATLAS_BASE_URL.
package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	sdk "go.mongodb.org/atlas-sdk/v20250312020/admin"
)

// The limit the program sets, and the value it sets it to.
const (
	limitName  = "atlas.project.security.databaseAccess.users"
	limitValue = 50
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

type program struct {
	ctx       context.Context
	client    *sdk.APIClient
	orgID     string
	projectID string
	samlID    string
	suffix    string
}

func main() {
	usage := func() {
		fmt.Fprintf(os.Stderr, "usage: %s run|map <orgId> <projectId> <samlIdentityProviderId> <suffix>\n"+
			"       %s roles <orgId> <username>\n", os.Args[0], os.Args[0])
		os.Exit(2)
	}
	if len(os.Args) < 2 {
		usage()
	}
	ctx := context.Background()
	switch {
	case slices.Contains([]string{"run", "map"}, os.Args[1]) && len(os.Args) == 6:
	case os.Args[1] == "roles" && len(os.Args) == 4:
	default:
		usage()
	}
	client, err := newClient(ctx)
	check("client", err)
	p := program{ctx: ctx, client: client, orgID: os.Args[2]}
	switch os.Args[1] {
	case "run":
		p.projectID, p.samlID, p.suffix = os.Args[3], os.Args[4], os.Args[5]
		p.run()
	case "map":
		p.projectID, p.samlID, p.suffix = os.Args[3], os.Args[4], os.Args[5]
		p.mapGroups()
	case "roles":
		p.roles(os.Args[3])
	}
	fmt.Println("done")
}

// notFound says whether err is the SDK's error for a 404 answer.
func notFound(err error) bool {
	apiError, ok := sdk.AsError(err)
	return ok && apiError.GetError() == 404
}

func (p program) federationID() string {
	settings, _, err := p.client.FederatedAuthenticationApi.GetFederationSettings(p.ctx, p.orgID).Execute()
	check("getFederationSettings", err)
	expect("getFederationSettings", settings.GetId() != "", "no federation id in %+v", settings)
	return settings.GetId()
}

// samlLegacyID is the SAML identity provider's legacy id, the one a connected organization signs in with.
func (p program) samlLegacyID(federationID string) string {
	saml, _, err := p.client.FederatedAuthenticationApi.GetIdentityProvider(p.ctx, federationID, p.samlID).Execute()
	check("getIdentityProvider saml", err)
	expect("getIdentityProvider saml", saml.GetProtocol() == "SAML" && saml.OktaIdpId != "",
		"unexpected identity provider %+v", saml)
	return saml.OktaIdpId
}

func roleAssignment(role string, orgID, groupID string) sdk.ConnectedOrgConfigRoleAssignment {
	assignment := sdk.ConnectedOrgConfigRoleAssignment{Role: sdk.PtrString(role)}
	if orgID != "" {
		assignment.OrgId = sdk.PtrString(orgID)
	}
	if groupID != "" {
		assignment.GroupId = sdk.PtrString(groupID)
	}
	return assignment
}

// assignments renders a mapping's roles as "org:ROLE" and "project:ROLE", sorted.
func assignments(mapping *sdk.AuthFederationRoleMapping) []string {
	var shown []string
	for _, one := range mapping.RoleAssignments {
		if one.GroupId != nil {
			shown = append(shown, "project:"+one.GetRole())
		} else {
			shown = append(shown, "org:"+one.GetRole())
		}
	}
	slices.Sort(shown)
	return shown
}

func (p program) run() {
	ctx, client, orgID, projectID := p.ctx, p.client, p.orgID, p.projectID
	fed := client.FederatedAuthenticationApi
	federationID := p.federationID()

	// An OIDC identity provider for people (WORKFORCE), read back, listed and changed.
	name := "oidc-" + p.suffix
	created, _, err := fed.CreateIdentityProvider(ctx, federationID, &sdk.FederationOidcIdentityProviderUpdate{
		Protocol:          sdk.PtrString("OIDC"),
		IdpType:           sdk.PtrString("WORKFORCE"),
		DisplayName:       sdk.PtrString(name),
		Description:       sdk.PtrString("made by the federation example"),
		IssuerUri:         sdk.PtrString("https://idp.example.com/" + p.suffix),
		Audience:          sdk.PtrString("audience-" + p.suffix),
		ClientId:          sdk.PtrString("client-" + p.suffix),
		AuthorizationType: sdk.PtrString("GROUP"),
		GroupsClaim:       sdk.PtrString("groups"),
		UserClaim:         sdk.PtrString("sub"),
		RequestedScopes:   &[]string{"openid", "profile"},
		AssociatedDomains: &[]string{"example.com"},
	}).Execute()
	check("createIdentityProvider", err)
	expect("createIdentityProvider", created.GetProtocol() == "OIDC" && created.GetDisplayName() == name &&
		created.GetIdpType() == "WORKFORCE" && created.Id != "", "unexpected identity provider %+v", created)
	oidcID := created.Id

	listed, _, err := fed.ListIdentityProviders(ctx, federationID).
		Protocol([]string{"OIDC"}).IdpType([]string{"WORKFORCE"}).Execute()
	check("listIdentityProviders", err)
	expect("listIdentityProviders", slices.ContainsFunc(listed.GetResults(), func(idp sdk.FederationIdentityProvider) bool {
		return idp.Id == oidcID
	}), "identity provider %s not listed in %+v", oidcID, listed.GetResults())
	got, _, err := fed.GetIdentityProvider(ctx, federationID, oidcID).Execute()
	check("getIdentityProvider", err)
	expect("getIdentityProvider", got.GetAudience() == "audience-"+p.suffix && got.GetGroupsClaim() == "groups" &&
		slices.Equal(got.GetRequestedScopes(), []string{"openid", "profile"}), "unexpected identity provider %+v", got)
	updated, _, err := fed.UpdateIdentityProvider(ctx, federationID, oidcID, &sdk.FederationIdentityProviderUpdate{
		Description: sdk.PtrString("changed by the federation example"),
		UserClaim:   sdk.PtrString("email"),
	}).Execute()
	check("updateIdentityProvider", err)
	expect("updateIdentityProvider", updated.GetDescription() == "changed by the federation example" &&
		updated.GetUserClaim() == "email" && updated.GetDisplayName() == name, "unexpected identity provider %+v", updated)

	// The organization connected: SAML to sign in, OIDC for data access, its domains, the roles granted.
	samlLegacy := p.samlLegacyID(federationID)
	before, _, err := fed.GetConnectedOrgConfig(ctx, federationID, orgID).Execute()
	check("getConnectedOrgConfig", err)
	connected, _, err := fed.UpdateConnectedOrgConfig(ctx, federationID, orgID, &sdk.ConnectedOrgConfig{
		OrgId:                         orgID,
		IdentityProviderId:            sdk.PtrString(samlLegacy),
		DataAccessIdentityProviderIds: &[]string{oidcID},
		DomainAllowList:               &[]string{"example.com"},
		DomainRestrictionEnabled:      true,
		PostAuthRoleGrants:            &[]string{"ORG_MEMBER"},
	}).Execute()
	check("updateConnectedOrgConfig connect", err)
	expect("updateConnectedOrgConfig connect", connected.GetIdentityProviderId() == samlLegacy &&
		slices.Equal(connected.GetDataAccessIdentityProviderIds(), []string{oidcID}) &&
		slices.Equal(connected.GetDomainAllowList(), []string{"example.com"}) && connected.DomainRestrictionEnabled &&
		slices.Equal(connected.GetPostAuthRoleGrants(), []string{"ORG_MEMBER"}), "unexpected configuration %+v", connected)
	configs, _, err := fed.ListConnectedOrgConfigs(ctx, federationID).Execute()
	check("listConnectedOrgConfigs", err)
	expect("listConnectedOrgConfigs", slices.ContainsFunc(configs.GetResults(), func(c sdk.ConnectedOrgConfig) bool {
		return c.OrgId == orgID && c.GetIdentityProviderId() == samlLegacy
	}), "organization %s not connected in %+v", orgID, configs.GetResults())

	// Role mappings: an external group to an organization role and a project role, another to a project role.
	eng, _, err := fed.CreateRoleMapping(ctx, federationID, orgID, &sdk.AuthFederationRoleMapping{
		ExternalGroupName: "eng-" + p.suffix,
		RoleAssignments: []sdk.ConnectedOrgConfigRoleAssignment{
			roleAssignment("ORG_GROUP_CREATOR", orgID, ""),
			roleAssignment("GROUP_READ_ONLY", "", projectID),
		},
	}).Execute()
	check("createRoleMapping eng", err)
	expect("createRoleMapping eng", eng.GetId() != "" &&
		slices.Equal(assignments(eng), []string{"org:ORG_GROUP_CREATOR", "project:GROUP_READ_ONLY"}),
		"unexpected role mapping %+v", eng)
	ops, _, err := fed.CreateRoleMapping(ctx, federationID, orgID, &sdk.AuthFederationRoleMapping{
		ExternalGroupName: "ops-" + p.suffix,
		RoleAssignments: []sdk.ConnectedOrgConfigRoleAssignment{
			roleAssignment("ORG_MEMBER", orgID, ""),
			roleAssignment("GROUP_OWNER", "", projectID),
		},
	}).Execute()
	check("createRoleMapping ops", err)
	mappings, _, err := fed.ListRoleMappings(ctx, federationID, orgID).Execute()
	check("listRoleMappings", err)
	expect("listRoleMappings", len(mappings.GetResults()) == 2, "expected 2 role mappings, got %+v", mappings.GetResults())
	gotMapping, _, err := fed.GetRoleMapping(ctx, federationID, eng.GetId(), orgID).Execute()
	check("getRoleMapping", err)
	expect("getRoleMapping", gotMapping.ExternalGroupName == "eng-"+p.suffix, "unexpected role mapping %+v", gotMapping)
	changed, _, err := fed.UpdateRoleMapping(ctx, federationID, eng.GetId(), orgID, &sdk.AuthFederationRoleMapping{
		ExternalGroupName: "eng-" + p.suffix,
		RoleAssignments: []sdk.ConnectedOrgConfigRoleAssignment{
			roleAssignment("ORG_GROUP_CREATOR", orgID, ""),
			roleAssignment("GROUP_DATA_ACCESS_READ_ONLY", "", projectID),
		},
	}).Execute()
	check("updateRoleMapping", err)
	expect("updateRoleMapping", changed.GetId() == eng.GetId() &&
		slices.Equal(assignments(changed), []string{"org:ORG_GROUP_CREATOR", "project:GROUP_DATA_ACCESS_READ_ONLY"}),
		"unexpected role mapping %+v", changed)
	for _, mapping := range []*sdk.AuthFederationRoleMapping{eng, ops} {
		_, err = fed.DeleteRoleMapping(ctx, federationID, mapping.GetId(), orgID).Execute()
		check("deleteRoleMapping "+mapping.ExternalGroupName, err)
	}
	_, _, err = fed.GetRoleMapping(ctx, federationID, eng.GetId(), orgID).Execute()
	expect("getRoleMapping deleted", notFound(err), "expected 404, got %v", err)
	fmt.Println("ok getRoleMapping deleted")

	// The organization as it was: its grants first, while an identity provider is connected (they cannot change
	// without one), then the rest. Then the OIDC identity provider's keys revoked and the provider deleted.
	before.OrgId = orgID
	grants := *connected
	grants.PostAuthRoleGrants = before.PostAuthRoleGrants
	grants.RoleMappings, grants.UserConflicts = nil, nil
	_, _, err = fed.UpdateConnectedOrgConfig(ctx, federationID, orgID, &grants).Execute()
	check("updateConnectedOrgConfig grants", err)
	restored, _, err := fed.UpdateConnectedOrgConfig(ctx, federationID, orgID, before).Execute()
	check("updateConnectedOrgConfig restore", err)
	expect("updateConnectedOrgConfig restore", restored.IdentityProviderId == nil &&
		len(restored.GetDataAccessIdentityProviderIds()) == 0 && !restored.DomainRestrictionEnabled &&
		slices.Equal(restored.GetPostAuthRoleGrants(), before.GetPostAuthRoleGrants()),
		"unexpected configuration %+v", restored)
	_, err = fed.RevokeIdentityProviderJwks(ctx, federationID, oidcID).Execute()
	check("revokeIdentityProviderJwks", err)
	_, err = fed.DeleteIdentityProvider(ctx, federationID, oidcID).Execute()
	check("deleteIdentityProvider", err)
	_, _, err = fed.GetIdentityProvider(ctx, federationID, oidcID).Execute()
	expect("getIdentityProvider deleted", notFound(err), "expected 404, got %v", err)
	fmt.Println("ok getIdentityProvider deleted")

	p.orgSettings()
	p.limits()
	p.rootAndRateLimits()
}

func (p program) orgSettings() {
	ctx, orgs, orgID := p.ctx, p.client.OrganizationsApi, p.orgID
	before, _, err := orgs.GetOrgSettings(ctx, orgID).Execute()
	check("getOrgSettings", err)
	contact := "security-" + p.suffix + "@example.com"
	updated, _, err := orgs.UpdateOrgSettings(ctx, orgID, &sdk.OrganizationSettings{
		SecurityContact:                        sdk.PtrString(contact),
		GenAIFeaturesEnabled:                   sdk.PtrBool(!before.GetGenAIFeaturesEnabled()),
		MaxServiceAccountSecretValidityInHours: sdk.PtrInt(48),
	}).Execute()
	check("updateOrgSettings", err)
	expect("updateOrgSettings", updated.GetSecurityContact() == contact &&
		updated.GetGenAIFeaturesEnabled() != before.GetGenAIFeaturesEnabled() &&
		updated.GetMaxServiceAccountSecretValidityInHours() == 48 &&
		updated.GetApiAccessListRequired() == before.GetApiAccessListRequired(), "unexpected settings %+v", updated)
	got, _, err := orgs.GetOrgSettings(ctx, orgID).Execute()
	check("getOrgSettings changed", err)
	expect("getOrgSettings changed", got.GetSecurityContact() == contact, "unexpected settings %+v", got)
	// Put back: an empty security contact clears it.
	restore := *before
	restore.SecurityContact = sdk.PtrString(before.GetSecurityContact())
	restored, _, err := orgs.UpdateOrgSettings(ctx, orgID, &restore).Execute()
	check("updateOrgSettings restore", err)
	expect("updateOrgSettings restore", restored.GetSecurityContact() == before.GetSecurityContact() &&
		restored.GetGenAIFeaturesEnabled() == before.GetGenAIFeaturesEnabled() &&
		restored.GetMaxServiceAccountSecretValidityInHours() == before.GetMaxServiceAccountSecretValidityInHours(),
		"unexpected settings %+v", restored)
}

func (p program) limits() {
	ctx, projects, projectID := p.ctx, p.client.ProjectsApi, p.projectID
	all, _, err := projects.ListGroupLimits(ctx, projectID).Execute()
	check("listGroupLimits", err)
	expect("listGroupLimits", slices.ContainsFunc(all, func(l sdk.DataFederationLimit) bool { return l.Name == limitName }),
		"limit %s not listed in %+v", limitName, all)
	before, _, err := projects.GetGroupLimit(ctx, limitName, projectID).Execute()
	check("getGroupLimit", err)
	set, _, err := projects.SetGroupLimit(ctx, limitName, projectID, &sdk.DataFederationLimit{
		Name:  limitName,
		Value: limitValue,
	}).Execute()
	check("setGroupLimit", err)
	expect("setGroupLimit", set.Value == limitValue && set.Name == limitName, "unexpected limit %+v", set)
	_, err = projects.DeleteGroupLimit(ctx, limitName, projectID).Execute()
	check("deleteGroupLimit", err)
	after, _, err := projects.GetGroupLimit(ctx, limitName, projectID).Execute()
	check("getGroupLimit default", err)
	expect("getGroupLimit default", after.Value == before.Value && after.Value == after.GetDefaultLimit(),
		"unexpected limit %+v (was %+v)", after, before)
}

func (p program) rootAndRateLimits() {
	ctx := p.ctx
	status, _, err := p.client.RootApi.GetSystemStatus(ctx).Execute()
	check("getSystemStatus", err)
	expect("getSystemStatus", status.AppName == "MongoDB Atlas" && status.Build != "", "unexpected status %+v", status)
	if public := os.Getenv("MONGODB_ATLAS_PUBLIC_API_KEY"); public != "" {
		expect("getSystemStatus", status.ApiKey.PublicKey == public && slices.ContainsFunc(status.ApiKey.Roles,
			func(r sdk.CloudAccessRoleAssignment) bool {
				return r.GetOrgId() == p.orgID && r.GetRoleName() == "ORG_OWNER"
			}), "the status names not the calling key: %+v", status.ApiKey)
	}
	limits, _, err := p.client.RateLimitingApi.ListRateLimits(ctx).OrgId(p.orgID).Execute()
	check("listRateLimits", err)
	expect("listRateLimits", len(limits.GetResults()) > 0, "no rate limits")
	first := limits.GetResults()[0]
	one, _, err := p.client.RateLimitingApi.GetRateLimit(ctx, first.GetEndpointSetId()).OrgId(p.orgID).Execute()
	check("getRateLimit", err)
	expect("getRateLimit", one.GetEndpointSetName() == first.GetEndpointSetName() &&
		one.Capacity.GetValue() > 0 && len(one.GetEndpoints()) > 0, "unexpected rate limit %+v", one)
}

func (p program) mapGroups() {
	ctx, fed, orgID := p.ctx, p.client.FederatedAuthenticationApi, p.orgID
	federationID := p.federationID()
	samlLegacy := p.samlLegacyID(federationID)
	config, _, err := fed.GetConnectedOrgConfig(ctx, federationID, orgID).Execute()
	check("getConnectedOrgConfig", err)
	config.OrgId = orgID
	config.IdentityProviderId = sdk.PtrString(samlLegacy)
	config.PostAuthRoleGrants = &[]string{"ORG_MEMBER"}
	_, _, err = fed.UpdateConnectedOrgConfig(ctx, federationID, orgID, config).Execute()
	check("updateConnectedOrgConfig", err)
	for group, roles := range map[string][]sdk.ConnectedOrgConfigRoleAssignment{
		"eng-" + p.suffix: {roleAssignment("ORG_GROUP_CREATOR", orgID, ""), roleAssignment("GROUP_READ_ONLY", "", p.projectID)},
		"ops-" + p.suffix: {roleAssignment("ORG_MEMBER", orgID, ""), roleAssignment("GROUP_OWNER", "", p.projectID)},
	} {
		_, _, err = fed.CreateRoleMapping(ctx, federationID, orgID, &sdk.AuthFederationRoleMapping{
			ExternalGroupName: group,
			RoleAssignments:   roles,
		}).Execute()
		check("createRoleMapping "+strings.SplitN(group, "-", 2)[0], err)
	}
}

func (p program) roles(username string) {
	ctx := p.ctx
	users, _, err := p.client.MongoDBCloudUsersApi.ListOrgUsers(ctx, p.orgID).Username(username).Execute()
	check("listOrgUsers", err)
	expect("listOrgUsers", len(users.GetResults()) == 1, "expected one user named %s, got %+v", username, users.GetResults())
	user := users.GetResults()[0]
	expect("listOrgUsers", user.OrgMembershipStatus == "ACTIVE", "user %s is %s", username, user.OrgMembershipStatus)
	orgRoles := slices.Clone(user.Roles.GetOrgRoles())
	slices.Sort(orgRoles)
	fmt.Printf("roles org %s\n", strings.Join(orgRoles, ","))
	for _, assignment := range user.Roles.GetGroupRoleAssignments() {
		groupRoles := slices.Clone(assignment.GetGroupRoles())
		slices.Sort(groupRoles)
		fmt.Printf("roles project %s %s\n", assignment.GetGroupId(), strings.Join(groupRoles, ","))
	}
	legacy, _, err := p.client.MongoDBCloudUsersApi.GetUserByName(ctx, username).Execute()
	check("getUserByName", err)
	var lines []string
	for _, role := range legacy.Roles {
		if role.OrgId != nil {
			lines = append(lines, fmt.Sprintf("user role org %s %s", role.GetOrgId(), role.GetRoleName()))
		} else {
			lines = append(lines, fmt.Sprintf("user role project %s %s", role.GetGroupId(), role.GetRoleName()))
		}
	}
	slices.Sort(lines)
	for _, line := range lines {
		fmt.Println(line)
	}
}
