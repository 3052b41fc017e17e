"""mail settings per kind (reactions on my idea, replies to my reaction)

Revision ID: b8e4f1c2d3a5
Revises: e63596ff8b4f
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e4f1c2d3a5'
down_revision = 'e63596ff8b4f'
branch_labels = None
depends_on = None


def upgrade():
    # NULL: every kind has its default (notifications.preferences.KINDS).
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(sa.Column('mail_voorkeuren', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('mail_voorkeuren')
