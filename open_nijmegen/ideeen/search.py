"""Full-text search over ideas, behind one function (``matching_ids``).

- SQLite: an FTS5 table ``idee_fts`` with external content, kept in sync by triggers.
- PostgreSQL: ``to_tsvector('dutch', titel || ' ' || tekst)`` with a GIN expression index.

The DDL is attached to the ``idee`` table, so ``db.create_all()`` (tests) builds it too; the
migration runs the same statements (``SQLITE_DDL`` / ``POSTGRES_DDL``).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import event

from open_nijmegen.core.text import clean_plain
from open_nijmegen.ideeen.models import Idee

SQLITE_DDL = [
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
SQLITE_DROP = ["DROP TABLE IF EXISTS idee_fts"]

TSVECTOR_SQL = "to_tsvector('dutch'::regconfig, (titel || ' ') || tekst)"
POSTGRES_DDL = [f"CREATE INDEX IF NOT EXISTS ix_idee_fulltext ON idee USING gin ({TSVECTOR_SQL})"]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def listener(target, connection, **kw):  # type: ignore[no-untyped-def]
        for statement in statements:
            connection.exec_driver_sql(statement)

    return listener


def _for(dialect: str, statements: list[str]):  # type: ignore[no-untyped-def]
    inner = _run(statements)

    def listener(target, connection, **kw):  # type: ignore[no-untyped-def]
        if connection.dialect.name == dialect:
            inner(target, connection, **kw)

    return listener


event.listen(Idee.__table__, "after_create", _for("sqlite", SQLITE_DDL))
event.listen(Idee.__table__, "after_drop", _for("sqlite", SQLITE_DROP))
event.listen(Idee.__table__, "after_create", _for("postgresql", POSTGRES_DDL))

_WORD = re.compile(r"\w+", re.UNICODE)


def sqlite_match_expression(q: str) -> str | None:
    """User text as an FTS5 query of quoted terms (prefix match on each): no syntax errors."""
    words = _WORD.findall(q)[:12]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def matching_ids(dialect: str, q: str) -> sa.ColumnElement[bool] | None:
    """A WHERE clause that keeps ideas matching the search text, or None for no text."""
    q = clean_plain(q)[:200]
    if not q:
        return None
    if dialect == "postgresql":
        return sa.text(
            "to_tsvector('dutch'::regconfig, (idee.titel || ' ') || idee.tekst) "
            "@@ websearch_to_tsquery('dutch'::regconfig, :q)"
        ).bindparams(q=q)
    expression = sqlite_match_expression(q)
    if expression is None:
        return sa.false()
    fts = sa.text("SELECT rowid FROM idee_fts WHERE idee_fts MATCH :m").bindparams(m=expression)
    return Idee.id.in_(fts.columns(sa.column("rowid", sa.Integer)))
