"""ideeen: reacties_versie, the version of an idea's reactions section (core.interactions.versions)

Revision ID: 3b7e5f0a9c21
Revises: 9c18d1dc556a
Create Date: 2026-11-29 17:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '3b7e5f0a9c21'
down_revision = '9c18d1dc556a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idee', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reacties_versie', sa.BigInteger(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('idee', schema=None) as batch_op:
        batch_op.drop_column('reacties_versie')
