"""accounts: two-step login (TOTP secret, last step used, recovery code hashes)

Revision ID: 5e0c2a7d9b14
Revises: 3c74c520fdff
Create Date: 2026-11-29 12:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import open_nijmegen.core.db

# revision identifiers, used by Alembic.
revision = "5e0c2a7d9b14"
down_revision = "3c74c520fdff"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("totp_enabled_at", open_nijmegen.core.db.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("recovery_codes", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("recovery_codes")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")
