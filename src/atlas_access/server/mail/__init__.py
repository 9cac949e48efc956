"""Mail: the invitee's link, sealed storage, the outbox and SMTP delivery (WIRE.md section 9)."""
