"""werving: a registration keeps the hash of the token in its confirmation mail's link

Revision ID: d81f3a5c9e27
Revises: cb406e49430f
Create Date: 2026-12-04 01:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd81f3a5c9e27'
down_revision = 'cb406e49430f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('beraad_aanmelding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eigen_digest', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_beraad_aanmelding_eigen_digest'), ['eigen_digest']
        )


def downgrade():
    with op.batch_alter_table('beraad_aanmelding', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_beraad_aanmelding_eigen_digest'), type_='unique')
        batch_op.drop_column('eigen_digest')
