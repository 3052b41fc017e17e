"""indexes for the feeds, open data and the staff dashboard (found by EXPLAIN at 100,000 ideas)

Revision ID: 9c18d1dc556a
Revises: f9cf274d568b
Create Date: 2026-11-29 15:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9c18d1dc556a'
down_revision = 'f9cf274d568b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idee', schema=None) as batch_op:
        batch_op.create_index('ix_idee_updated', ['updated_at'], unique=False)

    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index('ix_status_change_recent', ['object_type', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_status_change_taal', ['taal_verdict', 'is_public', 'actor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index('ix_status_change_taal')
        batch_op.drop_index('ix_status_change_recent')

    with op.batch_alter_table('idee', schema=None) as batch_op:
        batch_op.drop_index('ix_idee_updated')
