"""blocked names of erased accounts kept for good as a hash (issue 15 point 9)

Revision ID: 3f390f068a78
Revises: aad0567d1f1a
Create Date: 2026-12-03 11:52:24.133894

"""
from alembic import op
import sqlalchemy as sa

import open_nijmegen.core.db


# revision identifiers, used by Alembic.
revision = '3f390f068a78'
down_revision = 'aad0567d1f1a'
branch_labels = None
depends_on = None


OLD = sa.table("blocked_display_name", sa.column("name_key", sa.String))
NEW = sa.table("blocked_display_name", sa.column("name_hash", sa.String))


def upgrade():
    import hashlib

    bind = op.get_bind()
    keys = [row[0] for row in bind.execute(sa.select(OLD.c.name_key))]
    op.drop_table("blocked_display_name")
    op.create_table(
        "blocked_display_name",
        sa.Column("name_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name_hash", name=op.f("pk_blocked_display_name")),
    )
    # Every block that was in force stays, for good, as the hash of its key (the keys are
    # skeletons since d5dfcddcc1b3); an ended block is kept too: it does no harm.
    hashes = sorted({hashlib.sha256(key.encode()).hexdigest() for key in keys})
    if hashes:
        bind.execute(NEW.insert(), [{"name_hash": h} for h in hashes])


def downgrade():
    # The names cannot come back from their hashes: the old table starts empty.
    op.drop_table("blocked_display_name")
    op.create_table(
        "blocked_display_name",
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("blocked_until", open_nijmegen.core.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name_key", name=op.f("pk_blocked_display_name")),
    )
