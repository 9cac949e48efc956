"""The accept link's token never reaches the database in clear: only its hash and the sealed mail are kept."""

from __future__ import annotations

import hashlib
import sqlite3

from support.server import LocalServer


def test_the_link_token_is_not_stored_in_clear(server: LocalServer) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": "ada@example.com", "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    [mail] = server.outbox()
    token = mail["link"].rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes

    path = server.data_dir / "atlas-access.db"
    raw = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    assert token.encode() not in raw
    assert b"Accept or decline it here" not in raw  # the mail's text is sealed too
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT * FROM outbox").fetchall()
        token_hash = conn.execute("SELECT token_hash FROM invitations WHERE id = ?", (mail["invitationId"],)).fetchone()
    assert len(rows) == 1
    assert all(token not in str(value) for value in rows[0])
    assert token_hash == (hashlib.sha256(token.encode()).hexdigest(),)
