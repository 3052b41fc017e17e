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


# -- similar ideas (fewer duplicates) -----------------------------------------------------
# Words that say nothing about what an idea is about. PostgreSQL's 'dutch' configuration
# drops its own stopwords too; SQLite's FTS5 has none, so both get this list first.
_STOPWORD_TEXT = """
    aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door
    dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
    iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog
    nu of om omdat ons onder ook op over reeds te tegen toch toen tot u uit uw van veel voor want
    waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo zonder
    zou graag komen komt kunt mogen moeten willen gaan gaat goed heel echt zodat waar wanneer
    idee ideeen ideeën nijmegen gemeente plek plaats mensen iedereen jaar
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
SIMILAR_WORDS = 12  # words in one search at most
_WORD_MAX = 40


def similar_words(titel: str, tekst: str) -> list[str]:
    """The words to look for: those of the title first, then the longest of the text; no
    stopwords, no very short words, no doubles, at most SIMILAR_WORDS."""
    found: list[str] = []
    title_words = _WORD.findall(clean_plain(titel[:300]).lower())
    text_words = _WORD.findall(clean_plain(tekst[:3000]).lower())
    text_words = sorted(dict.fromkeys(text_words), key=len, reverse=True)
    for word in [*title_words, *text_words]:
        word = word.strip("_")[:_WORD_MAX]
        if (
            len(word) < 3
            or word in STOPWORDS
            or word.isdigit()
            or not any(c.isalpha() for c in word)
            or word in found
        ):
            continue
        found.append(word)
        if len(found) >= SIMILAR_WORDS:
            break
    return found


def similar_matches(dialect: str, words: list[str]) -> sa.Subquery:
    """(id, score) of every idea (public or not: the caller filters) that has any of the
    words; a higher score is more alike. ``words`` come from ``similar_words``."""
    names = {f"w{i}": word for i, word in enumerate(words)}
    if dialect == "postgresql":
        query = " || ".join(f"plainto_tsquery('dutch'::regconfig, :{name})" for name in names)
        # Only fixed text and generated parameter names (:w0, :w1...) go into the SQL.
        sql = (
            f"SELECT idee.id AS id, ts_rank({TSVECTOR_SQL}, zoek.q) AS score "  # noqa: S608
            f"FROM idee, (SELECT {query} AS q) AS zoek WHERE {TSVECTOR_SQL} @@ zoek.q"
        )
        params = names
    else:
        # Each word quoted (no FTS syntax gets through) with a prefix match, any of them;
        # bm25 is lower for a better match, and the title counts three times.
        match = " OR ".join('"' + w.replace('"', '""') + '"*' for w in words)
        sql = (
            "SELECT rowid AS id, -bm25(idee_fts, 3.0, 1.0) AS score "
            "FROM idee_fts WHERE idee_fts MATCH :m"
        )
        params = {"m": match}
    return (
        sa.text(sql)
        .bindparams(**params)
        .columns(sa.column("id", sa.Integer), sa.column("score", sa.Float))
        .subquery("gelijkend")
    )
