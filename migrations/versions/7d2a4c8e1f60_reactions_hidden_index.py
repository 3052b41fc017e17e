"""reactions: partial index on the hidden ones, for the list on /beheer/meldingen

Revision ID: 7d2a4c8e1f60
Revises: 3b7e5f0a9c21
Create Date: 2026-11-29 18:25:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7d2a4c8e1f60'
down_revision = '3b7e5f0a9c21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reaction', schema=None) as batch_op:
        batch_op.create_index(
            'ix_reaction_hidden',
            ['hidden_at', 'id'],
            unique=False,
            postgresql_where=sa.text('hidden_at IS NOT NULL'),
            sqlite_where=sa.text('hidden_at IS NOT NULL'),
        )


def downgrade():
    with op.batch_alter_table('reaction', schema=None) as batch_op:
        batch_op.drop_index('ix_reaction_hidden')
