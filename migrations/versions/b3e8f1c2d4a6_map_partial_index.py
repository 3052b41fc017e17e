"""ideas on the map: a partial index of the public ideas with a place

Revision ID: b3e8f1c2d4a6
Revises: 79b58af7fef3
Create Date: 2026-12-04 02:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e8f1c2d4a6'
down_revision = '79b58af7fef3'
branch_labels = None
depends_on = None

# The same text as open_nijmegen.ideeen.models.KAART at the time of writing.
KAART = (
    "moderatie = 'goedgekeurd' AND published_at IS NOT NULL AND hidden_at IS NULL "
    "AND withdrawn_at IS NULL AND merged_into_id IS NULL AND lat IS NOT NULL"
)


def upgrade():
    op.create_index(
        'ix_idee_kaart', 'idee', ['published_at', 'id'], unique=False,
        postgresql_where=sa.text(KAART), sqlite_where=sa.text(KAART),
    )


def downgrade():
    op.drop_index('ix_idee_kaart', table_name='idee')
