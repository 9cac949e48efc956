"""Pages a person opens in a browser (ours): plain HTML, no scripts, readable on a phone.

Only the invitee's page for now: ``/account/invitations/{token}`` (docs/wire.md §9).
"""

from atlas_access.server.routes.pages.invitation_page import ROUTES

__all__ = ["ROUTES"]
