// A project's database and network access with atlas-sdk-go against atlas-access (or MongoDB Cloud), through
// the SDK's typed APIs only. Each step prints "ok <step>"; the first failure prints "FAIL <step>: <error>"
// (the SDK's error as it words it) and exits 1.
//
//	database-access run <projectId> <suffix>
//	    a custom role; a password user holding it; a temporary user (deleteAfterDate); an X.509 MANAGED user and
//	    a certificate for it (parsed with crypto/x509: its subject names the user); access-list entries for an
//	    address, a CIDR block and a temporary address; everything read back through list and get; the user's
//	    password changed (its roles stay); the audit log and the project settings set and read back; then
//	    everything the program made removed, and the audit log's switches and the settings put back.
//	database-access temporary <projectId> <suffix>
//	    a temporary user and a temporary access-list entry, each deleted an hour from now; left in place.
//	database-access gone <projectId> <suffix>
//	    the two of "temporary" are gone: get answers 404 and lists leave them out.
//
// Credentials: a service account (MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET) or an API key
// (MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY) with Project Owner; MONGODB_ATLAS_BASE_URL.
package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"slices"
	"strings"
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

type program struct {
	ctx       context.Context
	client    *sdk.APIClient
	projectID string
	suffix    string
}

func main() {
	if len(os.Args) != 4 || !slices.Contains([]string{"run", "temporary", "gone"}, os.Args[1]) {
		fmt.Fprintf(os.Stderr, "usage: %s run|temporary|gone <projectId> <suffix>\n", os.Args[0])
		os.Exit(2)
	}
	ctx := context.Background()
	client, err := newClient(ctx)
	check("client", err)
	p := program{ctx: ctx, client: client, projectID: os.Args[2], suffix: os.Args[3]}
	switch os.Args[1] {
	case "run":
		p.run()
	case "temporary":
		p.temporary()
	case "gone":
		p.gone()
	}
	fmt.Println("done")
}

// The names of what "temporary" makes and "gone" looks for.
func (p program) temporaryUser() string    { return "temporary-" + p.suffix }
func (p program) temporaryAddress() string { return "192.0.2.200" }

func (p program) run() {
	ctx, client, projectID := p.ctx, p.client, p.projectID
	roleName := "reporting-" + p.suffix
	username := "app-" + p.suffix
	tempUser := "temp-" + p.suffix
	certUser := "cert-" + p.suffix

	// A custom role, then a password user holding it.
	role, _, err := client.CustomDatabaseRolesApi.CreateCustomDbRole(ctx, projectID, &sdk.UserCustomDBRole{
		RoleName: roleName,
		Actions: &[]sdk.DatabasePrivilegeAction{{
			Action:    "FIND",
			Resources: []sdk.DatabasePermittedNamespaceResource{{Db: "sales", Collection: "orders"}},
		}},
		InheritedRoles: &[]sdk.DatabaseInheritedRole{{Db: "inventory", Role: "read"}},
	}).Execute()
	check("createCustomDbRole", err)
	expect("createCustomDbRole", role.RoleName == roleName && len(role.GetActions()) == 1,
		"unexpected role %+v", role)

	roles, _, err := client.CustomDatabaseRolesApi.ListCustomDbRoles(ctx, projectID).Execute()
	check("listCustomDbRoles", err)
	expect("listCustomDbRoles", slices.ContainsFunc(roles, func(r sdk.UserCustomDBRole) bool {
		return r.RoleName == roleName
	}), "role %s not listed", roleName)
	gotRole, _, err := client.CustomDatabaseRolesApi.GetCustomDbRole(ctx, projectID, roleName).Execute()
	check("getCustomDbRole", err)
	expect("getCustomDbRole", len(gotRole.GetInheritedRoles()) == 1 && gotRole.GetInheritedRoles()[0].Role == "read",
		"unexpected role %+v", gotRole)
	changedRole, _, err := client.CustomDatabaseRolesApi.UpdateCustomDbRole(ctx, projectID, roleName,
		&sdk.UpdateCustomDBRole{InheritedRoles: &[]sdk.DatabaseInheritedRole{{Db: "inventory", Role: "readWrite"}}}).Execute()
	check("updateCustomDbRole", err)
	expect("updateCustomDbRole", changedRole.GetInheritedRoles()[0].Role == "readWrite" && len(changedRole.GetActions()) == 1,
		"unexpected role %+v", changedRole)

	password := "first-Passw0rd-" + p.suffix
	user, _, err := client.DatabaseUsersApi.CreateDatabaseUser(ctx, projectID, &sdk.CloudDatabaseUser{
		DatabaseName: "admin",
		GroupId:      projectID,
		Username:     username,
		Password:     &password,
		Roles:        []sdk.DatabaseUserRole{{DatabaseName: "admin", RoleName: roleName}},
		Description:  sdk.PtrString("made by the database-access example"),
	}).Execute()
	check("createDatabaseUser", err)
	expect("createDatabaseUser", user.Username == username && user.GetX509Type() == "NONE" && !user.HasPassword(),
		"unexpected user %+v", user)

	// A temporary user, deleted by the project a day from now.
	deleteAfter := time.Now().UTC().Add(24 * time.Hour).Truncate(time.Second)
	temp, _, err := client.DatabaseUsersApi.CreateDatabaseUser(ctx, projectID, &sdk.CloudDatabaseUser{
		DatabaseName:    "admin",
		GroupId:         projectID,
		Username:        tempUser,
		Password:        sdk.PtrString("temp-Passw0rd-" + p.suffix),
		Roles:           []sdk.DatabaseUserRole{{DatabaseName: "sales", RoleName: "read"}},
		DeleteAfterDate: &deleteAfter,
	}).Execute()
	check("createDatabaseUser temporary", err)
	expect("createDatabaseUser temporary", temp.GetDeleteAfterDate().Equal(deleteAfter),
		"deleteAfterDate %v, sent %v", temp.GetDeleteAfterDate(), deleteAfter)

	// An X.509 user whose certificate MongoDB Cloud issues, and a certificate for it.
	certified, _, err := client.DatabaseUsersApi.CreateDatabaseUser(ctx, projectID, &sdk.CloudDatabaseUser{
		DatabaseName: "$external",
		GroupId:      projectID,
		Username:     certUser,
		X509Type:     sdk.PtrString("MANAGED"),
		Roles:        []sdk.DatabaseUserRole{{DatabaseName: "sales", RoleName: "readWrite"}},
	}).Execute()
	check("createDatabaseUser x509", err)
	expect("createDatabaseUser x509", certified.GetX509Type() == "MANAGED" && certified.DatabaseName == "$external",
		"unexpected user %+v", certified)
	pemFile, _, err := client.X509AuthenticationApi.CreateDatabaseUserCert(ctx, projectID, certUser,
		&sdk.UserCert{MonthsUntilExpiration: sdk.PtrInt(3)}).Execute()
	check("createDatabaseUserCert", err)
	certificate, err := firstCertificate(pemFile)
	expect("createDatabaseUserCert", err == nil, "%v", err)
	expect("createDatabaseUserCert", certificate.Subject.CommonName == certUser,
		"certificate subject %q does not name %s", certificate.Subject.String(), certUser)
	expect("createDatabaseUserCert", strings.Contains(pemFile, "PRIVATE KEY-----"), "no private key in the PEM file")
	fmt.Printf("ok certificate subject %s\n", certificate.Subject.String())
	certs, _, err := client.X509AuthenticationApi.ListDatabaseUserCerts(ctx, projectID, certUser).Execute()
	check("listDatabaseUserCerts", err)
	expect("listDatabaseUserCerts", len(certs.GetResults()) == 1 &&
		certs.GetResults()[0].GetId() == certificate.SerialNumber.Int64() &&
		strings.Contains(certs.GetResults()[0].GetSubject(), certUser),
		"unexpected certificates %+v", certs.GetResults())

	// The users, read back.
	users, _, err := client.DatabaseUsersApi.ListDatabaseUsers(ctx, projectID).Execute()
	check("listDatabaseUsers", err)
	listed := map[string]sdk.CloudDatabaseUser{}
	for _, u := range users.GetResults() {
		listed[u.DatabaseName+"/"+u.Username] = u
	}
	for _, name := range []string{"admin/" + username, "admin/" + tempUser, "$external/" + certUser} {
		_, ok := listed[name]
		expect("listDatabaseUsers", ok, "%s not listed", name)
	}
	got, _, err := client.DatabaseUsersApi.GetDatabaseUser(ctx, projectID, "admin", username).Execute()
	check("getDatabaseUser", err)
	expect("getDatabaseUser", len(got.Roles) == 1 && got.Roles[0].RoleName == roleName, "roles %+v", got.Roles)

	// A new password only: the roles stay.
	newPassword := "second-Passw0rd-" + p.suffix
	updated, _, err := client.DatabaseUsersApi.UpdateDatabaseUser(ctx, projectID, "admin", username, &sdk.CloudDatabaseUser{
		DatabaseName: "admin",
		GroupId:      projectID,
		Username:     username,
		Password:     &newPassword,
	}).Execute()
	check("updateDatabaseUser password", err)
	expect("updateDatabaseUser password", len(updated.Roles) == 1 && updated.Roles[0].RoleName == roleName,
		"roles after a password change: %+v", updated.Roles)
	again, _, err := client.DatabaseUsersApi.GetDatabaseUser(ctx, projectID, "admin", username).Execute()
	check("getDatabaseUser after update", err)
	expect("getDatabaseUser after update", len(again.Roles) == 1 && again.Roles[0].RoleName == roleName,
		"roles %+v", again.Roles)

	// The IP access list: an address, a CIDR block and a temporary address.
	address, block, passing := "192.0.2.10", "198.51.100.0/24", "203.0.113.5"
	entryExpiry := time.Now().UTC().Add(6 * time.Hour).Truncate(time.Second)
	added, _, err := client.ProjectIPAccessListApi.CreateAccessListEntry(ctx, projectID, &[]sdk.NetworkPermissionEntry{
		{IpAddress: &address, Comment: sdk.PtrString("office " + p.suffix)},
		{CidrBlock: &block, Comment: sdk.PtrString("vpn " + p.suffix)},
		{IpAddress: &passing, DeleteAfterDate: &entryExpiry},
	}).Execute()
	check("createAccessListEntry", err)
	blocks := map[string]*sdk.NetworkPermissionEntry{}
	for _, entry := range added.GetResults() {
		blocks[entry.GetCidrBlock()] = &entry
	}
	expect("createAccessListEntry", len(blocks) >= 3 && blocks[address+"/32"] != nil && blocks[passing+"/32"] != nil &&
		blocks[address+"/32"].GetIpAddress() == address &&
		blocks[passing+"/32"].GetDeleteAfterDate().Equal(entryExpiry),
		"unexpected access list %+v", added.GetResults())
	entries, _, err := client.ProjectIPAccessListApi.ListAccessListEntries(ctx, projectID).Execute()
	check("listAccessListEntries", err)
	expect("listAccessListEntries", entries.GetTotalCount() == len(added.GetResults()),
		"listed %d, added answered %d", entries.GetTotalCount(), len(added.GetResults()))
	entry, _, err := client.ProjectIPAccessListApi.GetAccessListEntry(ctx, projectID, block).Execute()
	check("getAccessListEntry block", err)
	expect("getAccessListEntry block", entry.GetCidrBlock() == block && entry.GetComment() == "vpn "+p.suffix,
		"unexpected entry %+v", entry)
	entry, _, err = client.ProjectIPAccessListApi.GetAccessListEntry(ctx, projectID, address).Execute()
	check("getAccessListEntry address", err)
	expect("getAccessListEntry address", entry.GetIpAddress() == address, "unexpected entry %+v", entry)
	status, _, err := client.ProjectIPAccessListApi.GetAccessListStatus(ctx, projectID, address).Execute()
	check("getAccessListStatus", err)
	expect("getAccessListStatus", slices.Contains([]string{"ACTIVE", "PENDING"}, status.STATUS), "STATUS %q", status.STATUS)

	// The audit log and the project settings, set and read back.
	audit, _, err := client.AuditingApi.GetGroupAuditLog(ctx, projectID).Execute()
	check("getGroupAuditLog", err)
	filter := `{"atype": "authenticate"}`
	changedAudit, _, err := client.AuditingApi.UpdateAuditLog(ctx, projectID, &sdk.AuditLog{
		Enabled: sdk.PtrBool(true), AuditFilter: &filter, AuditAuthorizationSuccess: sdk.PtrBool(true),
	}).Execute()
	check("updateAuditLog", err)
	expect("updateAuditLog", changedAudit.GetEnabled() && changedAudit.GetAuditFilter() == filter,
		"unexpected audit log %+v", changedAudit)
	readAudit, _, err := client.AuditingApi.GetGroupAuditLog(ctx, projectID).Execute()
	check("getGroupAuditLog after update", err)
	expect("getGroupAuditLog after update", readAudit.GetEnabled() && readAudit.GetAuditFilter() == filter &&
		readAudit.GetAuditAuthorizationSuccess() && readAudit.GetConfigurationType() == "FILTER_JSON",
		"unexpected audit log %+v", readAudit)

	settings, _, err := client.ProjectsApi.GetGroupSettings(ctx, projectID).Execute()
	check("getGroupSettings", err)
	flipped := !settings.GetIsDataExplorerEnabled()
	changedSettings, _, err := client.ProjectsApi.UpdateGroupSettings(ctx, projectID,
		&sdk.GroupSettings{IsDataExplorerEnabled: &flipped}).Execute()
	check("updateGroupSettings", err)
	expect("updateGroupSettings", changedSettings.GetIsDataExplorerEnabled() == flipped &&
		changedSettings.GetIsPerformanceAdvisorEnabled() == settings.GetIsPerformanceAdvisorEnabled(),
		"unexpected settings %+v", changedSettings)
	readSettings, _, err := client.ProjectsApi.GetGroupSettings(ctx, projectID).Execute()
	check("getGroupSettings after update", err)
	expect("getGroupSettings after update", readSettings.GetIsDataExplorerEnabled() == flipped,
		"unexpected settings %+v", readSettings)

	// Everything made is removed; the audit log and settings go back as they were.
	for _, value := range []string{address, block, passing} {
		_, err = client.ProjectIPAccessListApi.DeleteAccessListEntry(ctx, projectID, value).Execute()
		check("deleteAccessListEntry "+value, err)
	}
	_, _, err = client.ProjectIPAccessListApi.GetAccessListEntry(ctx, projectID, block).Execute()
	expect("getAccessListEntry deleted", notFound(err), "expected 404, got %v", err)
	fmt.Println("ok getAccessListEntry deleted")
	for _, name := range [][2]string{{"admin", username}, {"admin", tempUser}, {"$external", certUser}} {
		_, err = client.DatabaseUsersApi.DeleteDatabaseUser(ctx, projectID, name[0], name[1]).Execute()
		check("deleteDatabaseUser "+name[1], err)
	}
	_, _, err = client.DatabaseUsersApi.GetDatabaseUser(ctx, projectID, "admin", username).Execute()
	expect("getDatabaseUser deleted", notFound(err), "expected 404, got %v", err)
	fmt.Println("ok getDatabaseUser deleted")
	_, err = client.CustomDatabaseRolesApi.DeleteCustomDbRole(ctx, projectID, roleName).Execute()
	check("deleteCustomDbRole", err)
	// (a filter once set cannot be taken away by an update: only what the first read had is sent back)
	_, _, err = client.AuditingApi.UpdateAuditLog(ctx, projectID, &sdk.AuditLog{
		Enabled:                   audit.Enabled,
		AuditFilter:               audit.AuditFilter,
		AuditAuthorizationSuccess: audit.AuditAuthorizationSuccess,
	}).Execute()
	check("updateAuditLog back", err)
	_, _, err = client.ProjectsApi.UpdateGroupSettings(ctx, projectID,
		&sdk.GroupSettings{IsDataExplorerEnabled: sdk.PtrBool(settings.GetIsDataExplorerEnabled())}).Execute()
	check("updateGroupSettings back", err)
}

func (p program) temporary() {
	ctx, client, projectID := p.ctx, p.client, p.projectID
	inAnHour := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
	_, _, err := client.DatabaseUsersApi.CreateDatabaseUser(ctx, projectID, &sdk.CloudDatabaseUser{
		DatabaseName:    "admin",
		GroupId:         projectID,
		Username:        p.temporaryUser(),
		Password:        sdk.PtrString("temp-Passw0rd-" + p.suffix),
		Roles:           []sdk.DatabaseUserRole{{DatabaseName: "sales", RoleName: "read"}},
		DeleteAfterDate: &inAnHour,
	}).Execute()
	check("createDatabaseUser temporary", err)
	address := p.temporaryAddress()
	_, _, err = client.ProjectIPAccessListApi.CreateAccessListEntry(ctx, projectID, &[]sdk.NetworkPermissionEntry{
		{IpAddress: &address, DeleteAfterDate: &inAnHour},
	}).Execute()
	check("createAccessListEntry temporary", err)
	_, _, err = client.DatabaseUsersApi.GetDatabaseUser(ctx, projectID, "admin", p.temporaryUser()).Execute()
	check("getDatabaseUser temporary", err)
	_, _, err = client.ProjectIPAccessListApi.GetAccessListEntry(ctx, projectID, address).Execute()
	check("getAccessListEntry temporary", err)
}

func (p program) gone() {
	ctx, client, projectID := p.ctx, p.client, p.projectID
	_, _, err := client.DatabaseUsersApi.GetDatabaseUser(ctx, projectID, "admin", p.temporaryUser()).Execute()
	expect("getDatabaseUser temporary", notFound(err), "expected 404, got %v", err)
	fmt.Println("ok getDatabaseUser temporary gone")
	users, _, err := client.DatabaseUsersApi.ListDatabaseUsers(ctx, projectID).Execute()
	check("listDatabaseUsers", err)
	expect("listDatabaseUsers", !slices.ContainsFunc(users.GetResults(), func(u sdk.CloudDatabaseUser) bool {
		return u.Username == p.temporaryUser()
	}), "%s still listed", p.temporaryUser())
	_, _, err = client.ProjectIPAccessListApi.GetAccessListEntry(ctx, projectID, p.temporaryAddress()).Execute()
	expect("getAccessListEntry temporary", notFound(err), "expected 404, got %v", err)
	fmt.Println("ok getAccessListEntry temporary gone")
	entries, _, err := client.ProjectIPAccessListApi.ListAccessListEntries(ctx, projectID).Execute()
	check("listAccessListEntries", err)
	expect("listAccessListEntries", !slices.ContainsFunc(entries.GetResults(), func(e sdk.NetworkPermissionEntry) bool {
		return e.GetIpAddress() == p.temporaryAddress()
	}), "%s still listed", p.temporaryAddress())
}

// notFound: the SDK's error for a 404 answer.
func notFound(err error) bool {
	apiError, ok := sdk.AsError(err)
	return ok && apiError.GetError() == 404
}

// firstCertificate: the first CERTIFICATE block of a PEM file, parsed.
func firstCertificate(file string) (*x509.Certificate, error) {
	rest := []byte(file)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("no CERTIFICATE block in the PEM file (%d bytes)", len(file))
		}
		if block.Type == "CERTIFICATE" {
			return x509.ParseCertificate(block.Bytes)
		}
	}
}
