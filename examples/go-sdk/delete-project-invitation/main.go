// Seed 004 of atlas-access (its project form), as printed, completed only where it does not compile:
// `params` is declared with the ids, `httpResp` is used, UseOAuthAuth takes the context that every
// atlas-sdk-go version with service accounts asks for, and UseBaseURL points the client at this server.
//
// The seed names go.mongodb.org/atlas-sdk/v20230101001, which has no UseOAuthAuth (service accounts came
// later); v20250312006 is the nearest version that has both and in which the call compiles as printed (its
// Execute returns two values, as the seed expects).
//
//	MONGODB_ATLAS_BASE_URL=http://127.0.0.1:8080 MONGODB_ATLAS_CLIENT_ID=... MONGODB_ATLAS_CLIENT_SECRET=... \
//	    delete-project-invitation <groupId> <invitationId>
package main

import (
	"os"
	"context"
	"fmt"
	"log"
	sdk "go.mongodb.org/atlas-sdk/v20250312006/admin"
)

func main() {
	ctx := context.Background()
	clientID := os.Getenv("MONGODB_ATLAS_CLIENT_ID")
	clientSecret := os.Getenv("MONGODB_ATLAS_CLIENT_SECRET")
	if len(os.Args) != 3 {
		log.Fatalf("usage: %s <groupId> <invitationId>", os.Args[0])
	}

	// See https://dochub.mongodb.org/core/atlas-go-sdk-oauth
	client, err := sdk.NewClient(
		sdk.UseBaseURL(os.Getenv("MONGODB_ATLAS_BASE_URL")),
		sdk.UseOAuthAuth(ctx, clientID, clientSecret))

	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	params := &sdk.DeleteProjectInvitationApiParams{GroupId: os.Args[1], InvitationId: os.Args[2]}
	httpResp, err := client.ProjectsApi.
		DeleteProjectInvitationWithParams(ctx, params).
		Execute()
	if err != nil {
		log.Fatalf("Error: %v", err)
	}
	fmt.Println(httpResp.Status)
}
