"""werving stage 1: addresses drawn for the invitation letters (the BRP file is not stored)

Revision ID: c4d9a7e1b2f0
Revises: b8e4f1c2d3a5
Create Date: 2026-12-03 16:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import open_nijmegen.core.db


# revision identifiers, used by Alembic.
revision = "c4d9a7e1b2f0"
down_revision = "b8e4f1c2d3a5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "adres_trekking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beraad_id", sa.Integer(), nullable=False),
        sa.Column("methode", sa.String(length=20), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.Column("aantal_adressen", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("invoer_sha256", sa.String(length=64), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("adressen", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("created_at", open_nijmegen.core.db.UTCDateTime(), nullable=False),
        sa.Column("lijst_verwijderd_op", open_nijmegen.core.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "aantal > 0 AND aantal <= aantal_adressen", name=op.f("ck_adres_trekking_aantallen")
        ),
        sa.CheckConstraint(
            "methode IN ('uniform', 'per_wijk')", name=op.f("ck_adres_trekking_methode")
        ),
        sa.CheckConstraint(
            "lijst_verwijderd_op IS NULL OR adressen IS NULL",
            name=op.f("ck_adres_trekking_lijst_verwijderd"),
        ),
        sa.ForeignKeyConstraint(
            ["beraad_id"],
            ["beraad.id"],
            name=op.f("fk_adres_trekking_beraad_id_beraad"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adres_trekking")),
    )
    with op.batch_alter_table("adres_trekking", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adres_trekking_beraad_id"), ["beraad_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("adres_trekking", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adres_trekking_beraad_id"))
    op.drop_table("adres_trekking")
