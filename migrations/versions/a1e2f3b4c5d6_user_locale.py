"""user.locale: the language a resident chose for the site and for mail

Revision ID: a1e2f3b4c5d6
Revises: 42a6f967413b
Create Date: 2026-12-03 18:45:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a1e2f3b4c5d6"
down_revision = "42a6f967413b"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("locale")
