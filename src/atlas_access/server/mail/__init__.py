"""Mail: the invitee's link, sealed storage, the outbox and SMTP delivery (docs/wire.md §9)."""
