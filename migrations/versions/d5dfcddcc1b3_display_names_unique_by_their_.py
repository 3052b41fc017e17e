"""display names unique by their confusable skeleton (issue 15 point 5)

The key becomes NFKC + casefold + the TR39 skeleton (ICU), so it can be longer than the name.
Every real account's key is computed anew. Two existing accounts whose names only look alike
would now share a key: the oldest keeps it, a later one gets "<skeleton> #<id>" (it keeps its
name; nobody new can take either look-alike), and the migration prints their ids for the
beheerder. Blocked names of erased accounts get the new key too.

Revision ID: d5dfcddcc1b3
Revises: 59e2068ceb1d
Create Date: 2026-12-03 11:29:42.462348

"""
from alembic import op
import sqlalchemy as sa

import open_nijmegen.core.db


# revision identifiers, used by Alembic.
revision = 'd5dfcddcc1b3'
down_revision = '59e2068ceb1d'
branch_labels = None
depends_on = None


USERS = sa.table(
    "user",
    sa.column("id", sa.Integer),
    sa.column("display_name", sa.String),
    sa.column("display_name_key", sa.String),
    sa.column("erased_at", sa.DateTime),
    sa.column("is_placeholder", sa.Boolean),
)
BLOCKED = sa.table(
    "blocked_display_name",
    sa.column("name_key", sa.String),
    sa.column("blocked_until", sa.DateTime),
)


def _old_key(name):
    import unicodedata

    normal = unicodedata.normalize("NFKC", name)
    normal = "".join(ch for ch in normal if unicodedata.category(ch) not in {"Cf", "Cc"})
    return " ".join(normal.casefold().split())


def _rekey(key_of, length):
    bind = op.get_bind()
    real = sa.and_(USERS.c.erased_at.is_(None), USERS.c.is_placeholder.is_(False))
    rows = bind.execute(
        sa.select(USERS.c.id, USERS.c.display_name).where(real).order_by(USERS.c.id)
    ).all()
    # First move every key out of the way, so the new keys never meet an old one.
    for user_id, _name in rows:
        bind.execute(
            USERS.update().where(USERS.c.id == user_id).values(display_name_key=f"~{user_id}")
        )
    seen = set()
    for user_id, name in rows:
        key = key_of(name)[:length]
        if key in seen:
            print(f"display name of user {user_id} looks like an older one; key made unique")
            key = f"{key[: length - 12]} #{user_id}"
        seen.add(key)
        bind.execute(USERS.update().where(USERS.c.id == user_id).values(display_name_key=key))
    blocked = {}
    for name_key, until in bind.execute(sa.select(BLOCKED.c.name_key, BLOCKED.c.blocked_until)):
        key = key_of(name_key)[:80]
        blocked[key] = max(until, blocked.get(key, until))
    bind.execute(BLOCKED.delete())
    if blocked:
        bind.execute(
            BLOCKED.insert(), [{"name_key": k, "blocked_until": v} for k, v in blocked.items()]
        )


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('display_name_key',
               existing_type=sa.VARCHAR(length=80),
               type_=sa.String(length=200),
               existing_nullable=False)
    from open_nijmegen.accounts.models import display_name_key

    _rekey(display_name_key, 200)


def downgrade():
    _rekey(_old_key, 80)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('display_name_key',
               existing_type=sa.String(length=200),
               type_=sa.VARCHAR(length=80),
               existing_nullable=False)
