"""werving letters: a CSV for the print house beside each PDF batch

Revision ID: c7d2e9a41b60
Revises: fb3005baafac
Create Date: 2026-12-04 01:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d2e9a41b60'
down_revision = 'fb3005baafac'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('werving_brieven', schema=None) as batch_op:
        batch_op.add_column(sa.Column('drukkerij_csv', sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_werving_brieven_csv_verwijderd'),
            'verwijderd_op IS NULL OR drukkerij_csv IS NULL',
        )


def downgrade():
    with op.batch_alter_table('werving_brieven', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_werving_brieven_csv_verwijderd'), type_='check')
        batch_op.drop_column('drukkerij_csv')
