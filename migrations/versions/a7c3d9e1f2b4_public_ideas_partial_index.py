"""public ideas: a narrow partial index for the home and list counts

Revision ID: a7c3d9e1f2b4
Revises: 5e1c0b7a9d42
Create Date: 2026-12-03 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3d9e1f2b4'
down_revision = '5e1c0b7a9d42'
branch_labels = None
depends_on = None

# The same text as open_nijmegen.ideeen.models.PUBLIEK at the time of writing.
PUBLIEK = (
    "moderatie = 'goedgekeurd' AND published_at IS NOT NULL AND hidden_at IS NULL "
    "AND withdrawn_at IS NULL AND merged_into_id IS NULL"
)


def upgrade():
    op.create_index(
        'ix_idee_publiek', 'idee', ['traject_id', 'answered_at'], unique=False,
        postgresql_where=sa.text(PUBLIEK), sqlite_where=sa.text(PUBLIEK),
    )


def downgrade():
    op.drop_index('ix_idee_publiek', table_name='idee')
