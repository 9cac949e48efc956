// Seeds 001 and 002 of atlas-access, as printed, completed only where they do not compile:
// `params` is declared with the ids, `httpResp` is used, UseOAuthAuth takes the context that every
// atlas-sdk-go version with service accounts asks for, and UseBaseURL points the client at this server.
//
// The seeds name go.mongodb.org/atlas-sdk/v20250312001, which has no DeleteOrgInviteWithParams (it calls
// the operation DeleteOrganizationInvitation); v20250312007 is the nearest version that has the call.
//
//	MONGODB_ATLAS_BASE_URL=http://127.0.0.1:8080 MONGODB_ATLAS_CLIENT_ID=... MONGODB_ATLAS_CLIENT_SECRET=... \
//	    delete-org-invite <orgId> <invitationId>
package main

import (
	"os"
	"context"
	"fmt"
	"log"
	sdk "go.mongodb.org/atlas-sdk/v20250312007/admin"
)

func main() {
	ctx := context.Background()
	clientID := os.Getenv("MONGODB_ATLAS_CLIENT_ID")
	clientSecret := os.Getenv("MONGODB_ATLAS_CLIENT_SECRET")
	if len(os.Args) != 3 {
		log.Fatalf("usage: %s <orgId> <invitationId>", os.Args[0])
	}

	// See https://dochub.mongodb.org/core/atlas-go-sdk-oauth
	client, err := sdk.NewClient(
		sdk.UseBaseURL(os.Getenv("MONGODB_ATLAS_BASE_URL")),
		sdk.UseOAuthAuth(ctx, clientID, clientSecret))

	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	params := &sdk.DeleteOrgInviteApiParams{OrgId: os.Args[1], InvitationId: os.Args[2]}
	httpResp, err := client.OrganizationsApi.
		DeleteOrgInviteWithParams(ctx, params).
		Execute()
	if err != nil {
		log.Fatalf("Error: %v", err)
	}
	fmt.Println(httpResp.Status)
}
