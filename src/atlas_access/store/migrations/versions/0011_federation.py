"""federation: federations, their identity providers, connected organizations and role mappings (issue 16)"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "federations",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("owner_org_id", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federations")),
    )
    op.create_table(
        "federation_idps",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("federation_id", sa.String(length=24), nullable=False),
        sa.Column("protocol", sa.String(length=8), nullable=False),
        sa.Column("idp_type", sa.String(length=16), nullable=False),
        sa.Column("legacy_id", sa.String(length=20), nullable=True),
        sa.Column("attributes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=True),
        sa.Column("jwks_revoked_at", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["federation_id"], ["federations.id"], name=op.f("fk_federation_idps_federation_id_federations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_idps")),
        sa.UniqueConstraint("legacy_id", name=op.f("uq_federation_idps_legacy_id")),
    )
    op.create_index(op.f("ix_federation_idps_federation_id"), "federation_idps", ["federation_id"], unique=False)
    op.create_table(
        "role_mappings",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("org_id", sa.String(length=24), nullable=False),
        sa.Column("external_group_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_role_mappings_org_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_mappings")),
        sa.UniqueConstraint("org_id", "external_group_name", name=op.f("uq_role_mappings_org_id_external_group_name")),
    )
    op.create_table(
        "federation_orgs",
        sa.Column("org_id", sa.String(length=24), nullable=False),
        sa.Column("federation_id", sa.String(length=24), nullable=False),
        sa.Column("identity_provider_id", sa.String(length=24), nullable=True),
        sa.Column("data_access_identity_provider_ids", sa.Text(), nullable=False),
        sa.Column("domain_allow_list", sa.Text(), nullable=False),
        sa.Column("domain_restriction_enabled", sa.Integer(), nullable=False),
        sa.Column("post_auth_role_grants", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["federation_id"], ["federations.id"], name=op.f("fk_federation_orgs_federation_id_federations")
        ),
        sa.ForeignKeyConstraint(
            ["identity_provider_id"],
            ["federation_idps.id"],
            name=op.f("fk_federation_orgs_identity_provider_id_federation_idps"),
        ),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_federation_orgs_org_id_organizations")),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_federation_orgs")),
    )
    op.create_index(op.f("ix_federation_orgs_federation_id"), "federation_orgs", ["federation_id"], unique=False)
    op.create_table(
        "role_mapping_grants",
        sa.Column("mapping_id", sa.String(length=24), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.String(length=24), nullable=True),
        sa.Column("group_id", sa.String(length=24), nullable=True),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["projects.id"], name=op.f("fk_role_mapping_grants_group_id_projects")),
        sa.ForeignKeyConstraint(
            ["mapping_id"], ["role_mappings.id"], name=op.f("fk_role_mapping_grants_mapping_id_role_mappings")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_role_mapping_grants_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("mapping_id", "position", name=op.f("pk_role_mapping_grants")),
    )
    op.create_index(op.f("ix_role_mapping_grants_group_id"), "role_mapping_grants", ["group_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_role_mapping_grants_group_id"), table_name="role_mapping_grants")
    op.drop_table("role_mapping_grants")
    op.drop_index(op.f("ix_federation_orgs_federation_id"), table_name="federation_orgs")
    op.drop_table("federation_orgs")
    op.drop_table("role_mappings")
    op.drop_index(op.f("ix_federation_idps_federation_id"), table_name="federation_idps")
    op.drop_table("federation_idps")
    op.drop_table("federations")
