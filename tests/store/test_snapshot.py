"""``store.snapshot``: the whole state as a state document and back, on SQLite and PostgreSQL.

A load replaces every travelling table in one transaction and leaves revoked tokens, used Digest nonces and the
settings it is told to keep as the target has them; a document it cannot load changes nothing; a document of an
older schema revision (made here by the real migrations, ``upgraded_to``) is migrated on the way.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import column, insert, inspect, table, text

from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.store import migrate, snapshot
from atlas_access.store.database import Database, sqlite_url
from atlas_access.store.tables import digest_nonce_uses, revoked_tokens
from support.migrations import upgraded_to

ORG, PROJECT, USER, TEAM, KEY, ACCOUNT, SECRET = (f"{n:024x}" for n in range(1, 8))
INVITATION, PENDING_USER, EVENT, MAIL = (f"{n:024x}" for n in range(8, 12))
FEDERATION, IDP, MAPPING = (f"{n:024x}" for n in range(12, 15))
ADMIN = "admin_token_sha256"
PUBLIC = "abcdefgh"
HEAD = snapshot.head_revision()
HA1 = hashlib.md5(b"abcdefgh:MMS Public API:c8150efd-c7a0-4afd-8c4f-01bdd56c8977").hexdigest()


def sample() -> dict[str, Any]:
    """A state with at least one row in every travelling table, as ``dump`` writes it."""
    tables: dict[str, list[dict[str, Any]]] = {
        "settings": [
            {"key": ADMIN, "value": "d" * 64},
            {"key": "bootstrapped", "value": "1700000000"},
            {"key": "clock_offset_seconds", "value": "86400"},
        ],
        "organizations": [{"id": ORG, "name": "Acme", "created_at": 1700000000, "skip_default_alerts": 0}],
        "projects": [
            {
                "id": PROJECT,
                "org_id": ORG,
                "name": "web",
                "created_at": 1700000001,
                "tags": '[{"key":"env","value":"dev"}]',
                "with_default_alerts": 1,
            }
        ],
        "users": [
            {
                "id": USER,
                "username": "ann@example.com",
                "first_name": "Ann",
                "last_name": "Lee",
                "country": "NL",
                "mobile_number": None,
                "created_at": 1700000002,
                "last_auth": 1700000100,
            }
        ],
        "api_keys": [
            {
                "id": KEY,
                "org_id": ORG,
                "public_key": PUBLIC,
                "ha1_sealed": "v1:00000000:sealed",
                "private_key_mask": "********-****-****-bdd56c8977",
                "description": "ci",
                "created_at": 1700000003,
            }
        ],
        "service_accounts": [
            {
                "id": ACCOUNT,
                "org_id": ORG,
                "client_id": "mdb_sa_id_" + "1" * 24,
                "name": "deployer",
                "description": "",
                "created_at": 1700000004,
            }
        ],
        "service_account_secrets": [
            {
                "id": SECRET,
                "service_account_id": ACCOUNT,
                "secret_hash": "e" * 64,
                "masked_value": "mdb_sa_sk_****",
                "created_at": 1700000004,
                "expires_at": 2000000000,
                "last_used_at": None,
            }
        ],
        "access_list_entries": [{"owner_id": KEY, "cidr": "10.0.0.0/24", "comment": "", "created_at": 1700000005}],
        "org_members": [
            {"org_id": ORG, "member_id": USER, "member_kind": "USER", "roles": '["ORG_MEMBER"]', "created_at": 2},
            {"org_id": ORG, "member_id": KEY, "member_kind": "API_KEY", "roles": '["ORG_OWNER"]', "created_at": 1},
        ],
        "project_members": [
            {
                "group_id": PROJECT,
                "member_id": USER,
                "member_kind": "USER",
                "roles": '["GROUP_READ_ONLY"]',
                "created_at": 3,
            }
        ],
        "teams": [{"id": TEAM, "org_id": ORG, "name": "ops", "created_at": 1700000006}],
        "team_members": [{"team_id": TEAM, "user_id": USER}],
        "project_teams": [{"group_id": PROJECT, "team_id": TEAM, "roles": '["GROUP_OWNER"]', "created_at": 4}],
        # A project's network access (migration 0009).
        "project_access_list": [
            {"group_id": PROJECT, "cidr": "10.1.0.0/16", "comment": None, "delete_after": None, "created_at": 5},
            {"group_id": PROJECT, "cidr": "10.2.0.1/32", "comment": "vpn", "delete_after": 1700600000, "created_at": 6},
        ],
        "project_audit_logs": [
            {
                "group_id": PROJECT,
                "enabled": 1,
                "audit_authorization_success": 0,
                "audit_filter": '{"atype": "authenticate"}',
                "configuration_type": "FILTER_JSON",
            }
        ],
        "project_settings": [{"group_id": PROJECT, "flags": '{"isDataExplorerEnabled":false}'}],
        # A project's database users and custom roles (migration 0008).
        "database_users": [
            {
                "group_id": PROJECT,
                "database_name": "admin",
                "username": "app",
                "x509_type": "NONE",
                "aws_iam_type": "NONE",
                "ldap_auth_type": "NONE",
                "oidc_auth_type": "NONE",
                "roles": '[{"databaseName":"admin","roleName":"reports"}]',
                "scopes": "[]",
                "labels": '[{"key":"team","value":"ops"}]',
                "description": "the app",
                "delete_after": 1700500000,
                "scram": '{"SCRAM-SHA-256":{"iterationCount":15000,"salt":"c2FsdA==","serverKey":"s","storedKey":"t"}}',
                "created_at": 7,
            }
        ],
        "custom_db_roles": [
            {
                "group_id": PROJECT,
                "role_name": "reports",
                "actions": '[{"action":"FIND","resources":[{"collection":"r","db":"sales"}]}]',
                "inherited_roles": '[{"db":"sales","role":"read"}]',
                "created_at": 8,
            }
        ],
        # Project limits and createUser's password hashes (migration 0013).
        "project_limits": [{"group_id": PROJECT, "name": "atlas.project.deployment.clusters", "value": 40}],
        "cloud_user_passwords": [{"user_id": USER, "password_hash": "scrypt$16384$8$1$c2FsdA$a2V5"}],
        # Organization settings (migration 0012) and federated authentication (migration 0011).
        "org_settings": [
            {
                "org_id": ORG,
                "api_access_list_required": 1,
                "settings": '{"multiFactorAuthRequired":true}',
                "delegation": "{}",
            }
        ],
        "federations": [{"id": FEDERATION, "owner_org_id": ORG, "created_at": 1700000012}],
        "federation_idps": [
            {
                "id": IDP,
                "federation_id": FEDERATION,
                "protocol": "OIDC",
                "idp_type": "WORKFORCE",
                "legacy_id": None,
                "attributes": '{"displayName":"Okta","issuerUri":"https://idp.example.com"}',
                "created_at": 1700000013,
                "updated_at": None,
                "jwks_revoked_at": None,
            }
        ],
        "federation_orgs": [
            {
                "org_id": ORG,
                "federation_id": FEDERATION,
                "identity_provider_id": IDP,
                "data_access_identity_provider_ids": "[]",
                "domain_allow_list": '["example.com"]',
                "domain_restriction_enabled": 1,
                "post_auth_role_grants": '["ORG_MEMBER"]',
                "created_at": 1700000014,
            }
        ],
        "role_mappings": [{"id": MAPPING, "org_id": ORG, "external_group_name": "ops", "created_at": 1700000015}],
        "role_mapping_grants": [
            {"mapping_id": MAPPING, "position": 0, "org_id": ORG, "group_id": None, "role": "ORG_READ_ONLY"},
            {"mapping_id": MAPPING, "position": 1, "org_id": None, "group_id": PROJECT, "role": "GROUP_OWNER"},
        ],
        # A project's user security, its CA and certificates, LDAP verifications (migration 0010).
        "user_security": [
            {
                "group_id": PROJECT,
                "ldap_authentication_enabled": 1,
                "ldap_authorization_enabled": 0,
                "ldap_hostname": "ldap.example.com",
                "ldap_port": 636,
                "ldap_bind_username": "cn=admin,dc=example,dc=com",
                "ldap_bind_password_sealed": "v1:0badc0de:sealed",
                "ldap_ca_certificate": None,
                "ldap_authz_query_template": None,
                "ldap_user_to_dn_mapping": '[{"match":"(.+)","substitution":"cn={0},dc=example,dc=com"}]',
                "customer_x509_cas": None,
            }
        ],
        "ldap_verify_requests": [
            {
                "id": f"{20:024x}",
                "group_id": PROJECT,
                "hostname": "ldap.example.com",
                "port": 636,
                "bind_username": "cn=admin,dc=example,dc=com",
                "bind_password_sealed": None,
                "ca_certificate": None,
                "authz_query_template": None,
                "status": "FAILED",
                "validations": '[["CONNECT","FAIL"]]',
                "claimed_until": None,
                "deadline": 1700000100,
                "created_at": 1700000009,
            }
        ],
        "project_cas": [
            {
                "group_id": PROJECT,
                "certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "private_key_sealed": "v1:0badc0de:sealed-key",
                "created_at": 1700000010,
            }
        ],
        "user_certificates": [
            {
                "group_id": PROJECT,
                "serial": 123456789,
                "username": "batch",
                "subject": "CN=batch",
                "created_at": 1700000011,
                "not_after": 1707776011,
            }
        ],
        "invitations": [
            {
                "id": INVITATION,
                "kind": "ORG",
                "org_id": ORG,
                "group_id": None,
                "scope_id": ORG,
                "username": "bob@example.com",
                "roles": '["ORG_MEMBER"]',
                "team_ids": f'["{TEAM}"]',
                "group_role_assignments": "[]",
                "inviter_username": "ann@example.com",
                "state": "PENDING",
                "created_at": 1700000007,
                "expires_at": 1702592007,
                "state_changed_at": 1700000007,
                "pending_user_id": PENDING_USER,
                "token_hash": "f" * 64,
            }
        ],
        "events": [
            {
                "id": EVENT,
                "org_id": ORG,
                "group_id": None,
                "event_type": "INVITED_TO_ORG",
                "created_at": 1700000007,
                "actor_kind": "API_KEY",
                "actor_id": KEY,
                "actor_name": PUBLIC,
                "target_username": "bob@example.com",
                "remote_address": "127.0.0.1",
                "raw": None,
            }
        ],
        "outbox": [
            {
                "id": MAIL,
                "invitation_id": INVITATION,
                "recipient": "bob@example.com",
                "subject": "Invitation to Acme",
                "sealed": "gAAAA-sealed",
                "created_at": 1700000007,
                "state": "QUEUED",
                "attempts": 2,
                "next_attempt_at": 1700000015.5,
                "last_error": "connection refused",
                "sent_at": None,
            }
        ],
    }
    return {"format": "atlas-access-state", "version": 1, "schemaRevision": HEAD, "tables": tables}


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database of each engine at this version's schema, empty."""
    migrate.upgrade(empty_database)
    return empty_database


def load(db: Database, document: object, **options: Any) -> snapshot.Loaded:
    return db.run_sync(lambda conn: snapshot.load(conn, document, **options))


def dump(db: Database) -> dict[str, Any]:
    return db.run_sync(snapshot.dump)


def rows_of(db: Database, name: str) -> list[dict[str, Any]]:
    """A table's rows read with plain SQL, in primary-key order."""
    with db.engine.connect() as conn:
        key = ", ".join(inspect(conn).get_pk_constraint(name)["constrained_columns"])
        return [dict(row) for row in conn.execute(text(f"SELECT * FROM {name} ORDER BY {key}")).mappings()]


def test_every_table_travels_and_comes_back_as_it_went(database: Database) -> None:
    document = sample()
    assert set(document["tables"]) == {t.name for t in snapshot.TRAVELLING}
    loaded = load(database, document)
    assert loaded.rows == {name: len(rows) for name, rows in document["tables"].items()}
    assert loaded.notes == ()
    for name, rows in document["tables"].items():
        assert rows_of(database, name) == rows
    assert dump(database) == document
    assert snapshot.head_revision() == HEAD


def test_a_round_trip_between_two_databases_leaves_every_table_equal(database: Database, tmp_path: Any) -> None:
    load(database, sample())
    other = Database(sqlite_url(tmp_path / "other"))
    try:
        migrate.upgrade(other)
        load(other, dump(database))
        for travelling in snapshot.TRAVELLING:
            assert rows_of(other, travelling.name) == rows_of(database, travelling.name)
    finally:
        other.dispose()


def test_a_load_replaces_the_state_and_keeps_what_does_not_travel(database: Database) -> None:
    load(database, sample())
    with database.engine.begin() as conn:
        conn.execute(insert(revoked_tokens).values(jti="revoked-jti", expires_at=2000000000))
        conn.execute(insert(digest_nonce_uses).values(nonce="n" * 32, nc="00000001", cnonce="c", expires_at=1))
        conn.execute(text("UPDATE settings SET value = 'mine' WHERE key = :key"), {"key": ADMIN})
    other = sample()
    other["tables"]["organizations"][0]["name"] = "Globex"
    other["tables"]["users"] = []
    for name in ("org_members", "project_members"):
        other["tables"][name] = [row for row in other["tables"][name] if row["member_id"] != USER]
    other["tables"]["team_members"] = []
    other["tables"]["cloud_user_passwords"] = []
    other["tables"]["settings"] = [{"key": ADMIN, "value": "theirs"}]
    load(database, other, kept_settings=[ADMIN])
    assert rows_of(database, "organizations")[0]["name"] == "Globex"
    assert rows_of(database, "users") == []
    assert rows_of(database, "settings") == [{"key": ADMIN, "value": "mine"}]  # the clock is back at real time
    assert rows_of(database, "revoked_tokens") == [{"jti": "revoked-jti", "expires_at": 2000000000}]
    assert len(rows_of(database, "digest_nonce_uses")) == 1


def test_a_kept_setting_comes_from_the_document_where_the_database_has_none(database: Database) -> None:
    load(database, sample(), kept_settings=[ADMIN])
    assert {"key": ADMIN, "value": "d" * 64} in rows_of(database, "settings")


def test_a_missing_table_is_an_empty_one(database: Database) -> None:
    load(database, sample())
    document = sample()
    del document["tables"]["events"]
    load(database, document)
    assert rows_of(database, "events") == []


def _edit(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    document = sample()
    change(document)
    return document


def _tables(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = document["tables"]
    return tables


REFUSED: list[tuple[str, object, str]] = [
    ("not an object", [], "a state document is a JSON object"),
    ("another format", _edit(lambda d: d.update(format="pg_dump")), 'its "format" must be "atlas-access-state"'),
    ("version 2", _edit(lambda d: d.update(version=2)), "state documents of version 2 are unknown"),
    ("version true", _edit(lambda d: d.update(version=True)), "state documents of version True are unknown"),
    ("extra attribute", _edit(lambda d: d.update(exportedAt="now")), "unknown attribute 'exportedAt'"),
    ("newer revision", _edit(lambda d: d.update(schemaRevision="0042")), "written by a newer version"),
    ("unknown revision", _edit(lambda d: d.update(schemaRevision="head")), "unknown schema revision 'head'"),
    ("no revision", _edit(lambda d: d.pop("schemaRevision")), "unknown schema revision None"),
    ("tables not an object", _edit(lambda d: d.update(tables=[])), '"tables" must be an object'),
    ("unknown table", _edit(lambda d: _tables(d).update(widgets=[])), "table widgets is unknown"),
    ("revoked tokens", _edit(lambda d: _tables(d).update(revoked_tokens=[])), "revoked_tokens never travels"),
    ("rows not a list", _edit(lambda d: _tables(d).update(users={})), "tables.users must be a list of rows"),
    ("row not an object", _edit(lambda d: _tables(d)["users"].append(1)), "tables.users[1]: a row is an object"),
    ("unknown column", _edit(lambda d: _tables(d)["users"][0].update(age=3)), "tables.users[0]: unknown column age"),
    ("missing column", _edit(lambda d: _tables(d)["users"][0].pop("country")), "no value for column country"),
    (
        "text for a number",
        _edit(lambda d: _tables(d)["users"][0].update(created_at="2024")),
        "tables.users[0].created_at: must be an integer",
    ),
    (
        "true for a number",
        _edit(lambda d: _tables(d)["organizations"][0].update(skip_default_alerts=True)),
        "skip_default_alerts: must be an integer from -2147483648 to 2147483647",
    ),
    (
        "beyond 64 bits",
        _edit(lambda d: _tables(d)["users"][0].update(created_at=2**63)),
        "must be an integer from -9223372036854775808",
    ),
    (
        "too long",
        _edit(lambda d: _tables(d)["organizations"][0].update(name="x" * 65)),
        "tables.organizations[0].name: must be at most 64 characters long",
    ),
    ("null", _edit(lambda d: _tables(d)["users"][0].update(username=None)), "username: must not be null"),
    ("NUL", _edit(lambda d: _tables(d)["users"][0].update(last_name="a\x00b")), "without NUL characters"),
    (
        "number for text",
        _edit(lambda d: _tables(d)["settings"][0].update(value=5)),
        "tables.settings[0].value: must be a string",
    ),
    (
        "text for a float",
        _edit(lambda d: _tables(d)["outbox"][0].update(next_attempt_at="soon")),
        "next_attempt_at: must be a number",
    ),
    (
        "a username twice",
        _edit(lambda d: _tables(d)["users"].append({**_tables(d)["users"][0], "id": "9" * 24})),
        "the rows of table users break the database's rules",
    ),
    (
        "a primary key twice",
        _edit(lambda d: _tables(d)["teams"].append({**_tables(d)["teams"][0], "name": "dev"})),
        "the rows of table teams break the database's rules",
    ),
    (
        "an unknown organization",
        _edit(lambda d: _tables(d)["projects"][0].update(org_id="9" * 24)),
        "the rows of table projects break the database's rules",
    ),
    (
        "two pending invitations",
        _edit(
            lambda d: _tables(d)["invitations"].append(
                {**_tables(d)["invitations"][0], "id": "9" * 24, "pending_user_id": None, "token_hash": None}
            )
        ),
        "the rows of table invitations break the database's rules",
    ),
]


@pytest.mark.parametrize(("document", "reason"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_document_that_cannot_be_loaded_changes_nothing(database: Database, document: object, reason: str) -> None:
    before = sample()
    before["tables"]["organizations"][0]["name"] = "Before"
    load(database, before)
    with pytest.raises(snapshot.StateError) as refused:
        load(database, document)
    assert reason in str(refused.value)
    assert dump(database) == before


def test_a_dump_or_load_needs_this_versions_schema(empty_database: Database) -> None:
    with upgraded_to(empty_database, "0006"):
        pass
    with pytest.raises(snapshot.StateError, match=f"schema revision 0006, not this version's {HEAD}: start `atlas-acc"):
        dump(empty_database)
    with pytest.raises(snapshot.StateError, match="schema revision 0006"):
        load(empty_database, sample())


def document_at(revision: str, fill: Callable[[Any], None], tmp_path: Any) -> dict[str, Any]:
    """A state document of an earlier version: a database migrated to ``revision``, filled by ``fill`` with rows as
    that version wrote them, every table read back as it stands."""
    old = Database(sqlite_url(tmp_path / f"at-{revision}"))
    try:
        with upgraded_to(old, revision) as conn:
            fill(conn)
        with old.engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if n != "alembic_version" and n not in snapshot.STAYING]
            tables = {n: [dict(r) for r in conn.execute(text(f"SELECT * FROM {n}")).mappings()] for n in names}
    finally:
        old.dispose()
    return {"format": "atlas-access-state", "version": 1, "schemaRevision": revision, "tables": tables}


def _at_0004(conn: Any) -> None:
    """An organization, a project, an API key with its HA1 in clear, and the keys and clock offset of settings."""
    legacy = {"token_key": "t", "nonce_key": "n", "mail_key": "m", "clock_offset_seconds": "3600"}
    settings = table("settings", column("key"), column("value"))
    conn.execute(insert(settings), [{"key": key, "value": value} for key, value in legacy.items()])
    conn.execute(text("INSERT INTO organizations VALUES (:id, 'Acme', 1, 0)"), {"id": ORG})
    conn.execute(text("INSERT INTO projects VALUES (:id, :org, 'web', 2, '[]', 1)"), {"id": PROJECT, "org": ORG})
    names = ("id", "org_id", "public_key", "ha1", "private_key_mask", "description", "created_at")
    api_keys = table("api_keys", *(column(name) for name in names))
    conn.execute(insert(api_keys).values(dict(zip(names, (KEY, ORG, PUBLIC, HA1, "****", "old", 3), strict=True))))


def test_a_document_of_an_earlier_version_is_migrated(database: Database, tmp_path: Any) -> None:
    document = document_at("0004", _at_0004, tmp_path)
    assert "ha1" in document["tables"]["api_keys"][0] and "outbox" in document["tables"]
    seal = Ha1Seal.of([secrets.token_bytes(32)])
    loaded = load(database, document, ha1_sealing=lambda: seal)
    assert loaded.schema_revision == "0004"
    assert loaded.rows["organizations"] == loaded.rows["projects"] == loaded.rows["api_keys"] == 1
    assert loaded.notes and "mail, nonce, token keys" in loaded.notes[0] and "left out" in loaded.notes[0]
    (key,) = rows_of(database, "api_keys")
    assert "ha1" not in key and HA1 not in key["ha1_sealed"]
    assert seal.open(PUBLIC, key["ha1_sealed"]) == HA1  # sealed with the target's key: the same secret works
    assert rows_of(database, "settings") == [{"key": "clock_offset_seconds", "value": "3600"}]  # the keys stayed out
    assert rows_of(database, "projects")[0]["name"] == "web"
    assert dump(database)["schemaRevision"] == HEAD


def test_clear_ha1_need_the_servers_key(database: Database, tmp_path: Any) -> None:
    document = document_at("0006", _at_0004_without_keys, tmp_path)
    before = dump(database)
    with pytest.raises(snapshot.StateError, match=r"cannot be migrated from schema revision 0006: .*HA1 in clear"):
        load(database, document)
    assert dump(database) == before


def _at_0004_without_keys(conn: Any) -> None:
    _at_0004(conn)
    conn.execute(text("DELETE FROM settings"))


def test_an_earlier_versions_document_is_checked_against_its_own_columns(database: Database, tmp_path: Any) -> None:
    document = document_at("0004", _at_0004_without_keys, tmp_path)
    seal = Ha1Seal.of([secrets.token_bytes(32)])
    renamed = copy.deepcopy(document)
    renamed["tables"]["api_keys"][0]["ha1_sealed"] = renamed["tables"]["api_keys"][0].pop("ha1")
    with pytest.raises(snapshot.StateError, match=r"tables.api_keys\[0\]: unknown column ha1_sealed"):
        load(database, renamed, ha1_sealing=lambda: seal)
    orphan = copy.deepcopy(document)
    orphan["tables"]["organizations"] = []  # its project and key now belong to nothing: the target refuses them
    with pytest.raises(snapshot.StateError, match="the rows of table api_keys break the database's rules"):
        load(database, orphan, ha1_sealing=lambda: seal)
    assert dump(database)["tables"]["organizations"] == []


def test_rows_come_out_in_primary_key_order(database: Database) -> None:
    document = sample()
    users = document["tables"]["users"]
    users.append({**users[0], "id": "0" * 24, "username": "zed@example.com"})
    load(database, document)
    assert [user["id"] for user in dump(database)["tables"]["users"]] == ["0" * 24, USER]


@pytest.mark.postgres
def test_on_postgresql_writers_wait_for_a_load_and_then_see_its_state(postgres_url: str) -> None:
    """A running server's requests during a load: a write waits until it commits and lands on the new state, so
    the load's state is exactly the document's (plain reads go on, seeing the previous state)."""
    db = Database(postgres_url)
    try:
        migrate.upgrade(db)
        load(db, sample())
        other = sample()
        other["tables"]["organizations"][0]["name"] = "Loaded"
        written = threading.Event()

        def write() -> None:
            db.run_sync(lambda conn: conn.execute(text("UPDATE organizations SET name = 'Written'")))
            written.set()

        with db.engine.connect() as conn, conn.begin():
            snapshot.load(conn, other)
            writer = threading.Thread(target=write)
            writer.start()
            assert not written.wait(0.5)  # the write waits for the load
            assert rows_of(db, "organizations")[0]["name"] == "Acme"  # a read sees the state before the load
        writer.join(10)
        assert written.is_set()
        assert rows_of(db, "organizations")[0]["name"] == "Written"
    finally:
        db.dispose()
