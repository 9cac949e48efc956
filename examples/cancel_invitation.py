"""Seeds 001/002's Go program in Python: cancel one pending organization invitation with a service account.

    MONGODB_ATLAS_CLIENT_ID=... MONGODB_ATLAS_CLIENT_SECRET=... [MONGODB_ATLAS_BASE_URL=http://127.0.0.1:8080/] \\
        python examples/cancel_invitation.py ORG_ID INVITATION_ID

A second run raises ``AtlasError`` with ``error_code == "INVALID_INVITATION_ID"``.
"""

import argparse

from atlas_access.client import AtlasClient


def main(org_id: str, invitation_id: str) -> None:
    with AtlasClient() as client:  # credentials and base URL from MONGODB_ATLAS_*; default: MongoDB Cloud
        client.organizations.delete_org_invite(org_id, invitation_id)
    print(f"Invitation {invitation_id} cancelled")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("org_id", metavar="ORG_ID")
    parser.add_argument("invitation_id", metavar="INVITATION_ID")
    main(**vars(parser.parse_args()))  # a usage line and exit 2 when the arguments are missing or too many
