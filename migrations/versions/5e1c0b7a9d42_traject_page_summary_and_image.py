"""traject page: a one-line summary and an image

Revision ID: 5e1c0b7a9d42
Revises: 3f390f068a78
Create Date: 2026-12-03 11:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1c0b7a9d42'
down_revision = '3f390f068a78'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('samenvatting', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('afbeelding_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_traject_afbeelding_id_upload'), 'upload', ['afbeelding_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_traject_afbeelding_id_upload'), type_='foreignkey')
        batch_op.drop_column('afbeelding_id')
        batch_op.drop_column('samenvatting')
