"""user_security: a project's LDAP and self-managed X.509 settings, LDAP verify requests, its CA and the managed
X.509 certificates it issued"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.create_table(
        "user_security",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("ldap_authentication_enabled", sa.Integer(), nullable=True),
        sa.Column("ldap_authorization_enabled", sa.Integer(), nullable=True),
        sa.Column("ldap_hostname", sa.String(length=255), nullable=True),
        sa.Column("ldap_port", sa.Integer(), nullable=True),
        sa.Column("ldap_bind_username", sa.Text(), nullable=True),
        sa.Column("ldap_bind_password_sealed", sa.Text(), nullable=True),
        sa.Column("ldap_ca_certificate", sa.Text(), nullable=True),
        sa.Column("ldap_authz_query_template", sa.Text(), nullable=True),
        sa.Column("ldap_user_to_dn_mapping", sa.Text(), nullable=True),
        sa.Column("customer_x509_cas", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_user_security_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_user_security")),
    )
    op.create_table(
        "ldap_verify_requests",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("bind_username", sa.Text(), nullable=False),
        sa.Column("bind_password_sealed", sa.Text(), nullable=True),
        sa.Column("ca_certificate", sa.Text(), nullable=True),
        sa.Column("authz_query_template", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("validations", sa.Text(), nullable=False),
        sa.Column("claimed_until", sa.BigInteger(), nullable=True),
        sa.Column("deadline", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_ldap_verify_requests_group_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ldap_verify_requests")),
    )
    op.create_index(op.f("ix_ldap_verify_requests_group_id"), "ldap_verify_requests", ["group_id"], unique=False)
    op.create_index(
        op.f("ix_ldap_verify_requests_status_deadline"), "ldap_verify_requests", ["status", "deadline"], unique=False
    )
    op.create_table(
        "project_cas",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("certificate", sa.Text(), nullable=False),
        sa.Column("private_key_sealed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_project_cas_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_project_cas")),
    )
    op.create_table(
        "user_certificates",
        sa.Column("group_id", sa.String(length=24), nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(length=1024), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("not_after", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_user_certificates_group_id_projects")),
        sa.PrimaryKeyConstraint("group_id", "serial", name=op.f("pk_user_certificates")),
    )
    op.create_index(
        op.f("ix_user_certificates_group_id_username"), "user_certificates", ["group_id", "username"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_user_certificates_group_id_username"), table_name="user_certificates")
    op.drop_table("user_certificates")
    op.drop_table("project_cas")
    op.drop_index(op.f("ix_ldap_verify_requests_status_deadline"), table_name="ldap_verify_requests")
    op.drop_index(op.f("ix_ldap_verify_requests_group_id"), table_name="ldap_verify_requests")
    op.drop_table("ldap_verify_requests")
    op.drop_table("user_security")
