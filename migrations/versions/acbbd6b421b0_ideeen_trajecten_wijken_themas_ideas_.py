"""ideeen: trajecten, wijken, themas, ideas, supports, full-text search

Revision ID: acbbd6b421b0
Revises: 092293da9e50
Create Date: 2026-11-29 12:07:49.244665

"""
from alembic import op
import sqlalchemy as sa

import open_nijmegen.core.db

# Full-text search. Copied from open_nijmegen/ideeen/search.py (a migration must not change when
# the code does). SQLite: an FTS5 table kept in sync by triggers; PostgreSQL: a GIN index on
# the Dutch tsvector of title and text.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS idee_fts USING fts5("
    "titel, tekst, content='idee', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS idee_fts_ai AFTER INSERT ON idee BEGIN "
    "INSERT INTO idee_fts(rowid, titel, tekst) VALUES (new.id, new.titel, new.tekst); END",
    "CREATE TRIGGER IF NOT EXISTS idee_fts_ad AFTER DELETE ON idee BEGIN "
    "INSERT INTO idee_fts(idee_fts, rowid, titel, tekst) "
    "VALUES ('delete', old.id, old.titel, old.tekst); END",
    "CREATE TRIGGER IF NOT EXISTS idee_fts_au AFTER UPDATE OF titel, tekst ON idee BEGIN "
    "INSERT INTO idee_fts(idee_fts, rowid, titel, tekst) "
    "VALUES ('delete', old.id, old.titel, old.tekst); "
    "INSERT INTO idee_fts(rowid, titel, tekst) VALUES (new.id, new.titel, new.tekst); END",
    "INSERT INTO idee_fts(idee_fts) VALUES ('rebuild')",
]
POSTGRES_FTS = [
    "CREATE INDEX IF NOT EXISTS ix_idee_fulltext ON idee USING gin "
    "(to_tsvector('dutch'::regconfig, (titel || ' ') || tekst))"
]


# revision identifiers, used by Alembic.
revision = 'acbbd6b421b0'
down_revision = '092293da9e50'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('thema',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=80), nullable=False),
    sa.Column('actief', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thema')),
    sa.UniqueConstraint('naam', name=op.f('uq_thema_naam'))
    )
    op.create_table('traject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('titel', sa.String(length=120), nullable=False),
    sa.Column('beschrijving', sa.Text(), nullable=False),
    sa.Column('doorlopend', sa.Boolean(), nullable=False),
    sa.Column('created_at', open_nijmegen.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', open_nijmegen.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traject')),
    sa.UniqueConstraint('slug', name=op.f('uq_traject_slug'))
    )
    op.create_table('wijk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=80), nullable=False),
    sa.Column('stadsdeel', sa.String(length=80), nullable=False),
    sa.Column('actief', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wijk')),
    sa.UniqueConstraint('naam', name=op.f('uq_wijk_naam'))
    )
    op.create_table('traject_fase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('fase', sa.Enum('voorbereiding', 'ideeen', 'steunen', 'beantwoorden', 'resultaten', 'gesloten', 'doorlopend', name='fase', native_enum=False, create_constraint=True, length=21), nullable=False),
    sa.Column('begint_op', open_nijmegen.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_traject_fase_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traject_fase'))
    )
    with op.batch_alter_table('traject_fase', schema=None) as batch_op:
        batch_op.create_index('ix_traject_fase_traject', ['traject_id', 'begint_op'], unique=False)

    op.create_table('idee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('titel', sa.String(length=120), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('wijk_id', sa.Integer(), nullable=False),
    sa.Column('thema_id', sa.Integer(), nullable=False),
    sa.Column('adres', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.Column('moderatie', sa.Enum('wacht', 'goedgekeurd', 'afgewezen', name='moderatie', native_enum=False, create_constraint=True, length=19), nullable=False),
    sa.Column('published_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('status', sa.Enum('open', 'in_behandeling', 'overgenomen', 'deels_overgenomen', 'niet_overgenomen', 'uitgevoerd', name='status', native_enum=False, create_constraint=True, length=25), nullable=False),
    sa.Column('answered_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('threshold_reached_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('answer_due_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('reaction_count', sa.Integer(), nullable=False),
    sa.Column('hidden_at', open_nijmegen.core.db.UTCDateTime(), nullable=True),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', open_nijmegen.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', open_nijmegen.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(moderatie = 'goedgekeurd') = (published_at IS NOT NULL)", name=op.f('ck_idee_published')),
    sa.CheckConstraint("status = 'open' OR moderatie = 'goedgekeurd'", name=op.f('ck_idee_status_published')),
    sa.CheckConstraint('(lat IS NULL) = (lon IS NULL)', name=op.f('ck_idee_point')),
    sa.CheckConstraint('(merged_into_id IS NULL) = (merged_at IS NULL)', name=op.f('ck_idee_merged')),
    sa.CheckConstraint('length(titel) <= 120 AND length(tekst) <= 10000', name=op.f('ck_idee_lengths')),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id <> id', name=op.f('ck_idee_merged_self')),
    sa.CheckConstraint('support_count >= 0 AND reaction_count >= 0', name=op.f('ck_idee_counts')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_idee_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['user.id'], name=op.f('fk_idee_hidden_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['image_id'], ['upload.id'], name=op.f('fk_idee_image_id_upload'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['idee.id'], name=op.f('fk_idee_merged_into_id_idee'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thema_id'], ['thema.id'], name=op.f('fk_idee_thema_id_thema'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_idee_traject_id_traject'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['wijk_id'], ['wijk.id'], name=op.f('fk_idee_wijk_id_wijk'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idee'))
    )
    with op.batch_alter_table('idee', schema=None) as batch_op:
        batch_op.create_index('ix_idee_answer_due', ['answer_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_idee_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_idee_beantwoord', ['answered_at', 'id'], unique=False)
        batch_op.create_index('ix_idee_merged_into', ['merged_into_id'], unique=False)
        batch_op.create_index('ix_idee_moderatie', ['moderatie', 'created_at'], unique=False)
        batch_op.create_index('ix_idee_nieuw', ['published_at', 'id'], unique=False)
        batch_op.create_index('ix_idee_reacties', ['reaction_count', 'id'], unique=False)
        batch_op.create_index('ix_idee_status_nieuw', ['status', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_idee_steun', ['support_count', 'id'], unique=False)
        batch_op.create_index('ix_idee_thema_nieuw', ['thema_id', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_idee_thema_steun', ['thema_id', 'support_count', 'id'], unique=False)
        batch_op.create_index('ix_idee_traject_nieuw', ['traject_id', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_idee_wijk_nieuw', ['wijk_id', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_idee_wijk_steun', ['wijk_id', 'support_count', 'id'], unique=False)

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}.get(dialect, []):
        op.execute(statement)

    op.create_table('steun',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('idee_id', sa.Integer(), nullable=False),
    sa.Column('created_at', open_nijmegen.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idee_id'], ['idee.id'], name=op.f('fk_steun_idee_id_idee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_steun_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_steun')),
    sa.UniqueConstraint('user_id', 'idee_id', name='user_idee')
    )
    with op.batch_alter_table('steun', schema=None) as batch_op:
        batch_op.create_index('ix_steun_idee', ['idee_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('steun', schema=None) as batch_op:
        batch_op.drop_index('ix_steun_idee')

    op.drop_table('steun')
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("idee_fts_ai", "idee_fts_ad", "idee_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS idee_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_idee_fulltext")
    with op.batch_alter_table('idee', schema=None) as batch_op:
        batch_op.drop_index('ix_idee_wijk_steun')
        batch_op.drop_index('ix_idee_wijk_nieuw')
        batch_op.drop_index('ix_idee_traject_nieuw')
        batch_op.drop_index('ix_idee_thema_steun')
        batch_op.drop_index('ix_idee_thema_nieuw')
        batch_op.drop_index('ix_idee_steun')
        batch_op.drop_index('ix_idee_status_nieuw')
        batch_op.drop_index('ix_idee_reacties')
        batch_op.drop_index('ix_idee_nieuw')
        batch_op.drop_index('ix_idee_moderatie')
        batch_op.drop_index('ix_idee_merged_into')
        batch_op.drop_index('ix_idee_beantwoord')
        batch_op.drop_index(batch_op.f('ix_idee_author_id'))
        batch_op.drop_index('ix_idee_answer_due')

    op.drop_table('idee')
    with op.batch_alter_table('traject_fase', schema=None) as batch_op:
        batch_op.drop_index('ix_traject_fase_traject')

    op.drop_table('traject_fase')
    op.drop_table('wijk')
    op.drop_table('traject')
    op.drop_table('thema')
