"""Query plans at the 100,000-idea size (PostgreSQL only): no sequential scan on a big table.

The data is made in the database itself (``INSERT ... SELECT generate_series``): 100,000
ideas (3% not public, 12% answered), 20,000 accounts, about half a million supports with a
few very popular ideas, 200,000 reactions, a follow per support and a status history per
answered idea; then ``VACUUM ANALYZE``. The SQL is not copied here: the test requests the
real pages (and posts a support, a withdrawal and a reaction) through the app and records
every statement the app sends, with its parameters, then asks PostgreSQL for the plan of
each one (``EXPLAIN (FORMAT JSON)``, nothing is executed). So when a query in
``queries.py`` changes, this test checks the new one.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token, login_as

from open_nijmegen.accounts.models import User
from open_nijmegen.extensions import db

pytestmark = pytest.mark.postgres_only

N_IDEAS = 100_000
N_USERS = 20_000
# Tables that grow with the site; a sequential scan on one of them is a missing index.
BIG_TABLES = {"idee", "steun", "reaction", "user", "follow", "status_change"}
# A figure over the whole site reads every row whatever the index: the home page's number of
# different supporters reads every support (and every idea). It may do so only because it is
# kept REFERENCE_TTL seconds per process; the test checks that a second home page does not send it.
WHOLE_SITE_FIGURES = {"home": "count(DISTINCT steun.user_id)"}
# /resultaten counts a period over the whole site (this year holds most of the seeded rows,
# so a sequential scan is the right plan); every figure of a period and area is kept
# core.resultaten.TTL seconds per process. The test checks that a second visit reads nothing
# of the big tables.
PERIOD_FIGURE_PAGES = {
    "resultaten: this year": "/resultaten",
    "resultaten: a quarter of a wijk": None,  # its URL is made from the seeded wijk below
}
WORDS = [
    "groen",
    "bankjes",
    "fietsen",
    "parkeren",
    "speeltuin",
    "bomen",
    "Waalkade",
    "Goffertpark",
    "school",
    "verkeer",
    "veilig",
    "licht",
    "afval",
    "buurthuis",
    "sport",
    "water",
    "markt",
    "plein",
    "Hunnerpark",
]


def _seed() -> dict[str, int]:
    from open_nijmegen.ideeen.demo import seed_reference_data

    seed_reference_data()
    db.session.commit()
    traject = db.session.execute(sa.text("SELECT id FROM traject WHERE doorlopend")).scalar_one()
    wijken = list(db.session.execute(sa.text("SELECT id FROM wijk ORDER BY id")).scalars())
    themas = list(db.session.execute(sa.text("SELECT id FROM thema ORDER BY id")).scalars())
    params = {
        "n": N_IDEAS,
        "u": N_USERS,
        "traject": traject,
        "wijken": wijken,
        "themas": themas,
        "words": WORDS,
    }
    statements = [
        """INSERT INTO "user" (id, display_name, display_name_key, email, email_confirmed_at,
               password_hash, role, session_version, is_active_account, is_placeholder,
               digest_mode, created_at, updated_at)
           SELECT i, 'Inwoner ' || i, 'inwoner ' || i, 'inwoner' || i || '@plan.invalid', now(),
                  'not-a-hash', 'inwoner', 1, true, false, 'direct', now(), now()
           FROM generate_series(1, :u) AS i""",
        # Every 100 ideas: one waiting for moderation, one hidden, one withdrawn, twelve answered.
        """INSERT INTO idee (id, traject_id, author_id, titel, tekst, wijk_id, thema_id,
               moderatie, published_at, status, answered_at, hidden_at, withdrawn_at,
               support_count, reaction_count, created_at, updated_at, lat, lon)
           SELECT i, :traject, 1 + (i * 7919) % :u,
                  'Idee ' || i || ': meer ' || (CAST(:words AS text[]))[1 + i % 19] || ' bij de '
                      || (CAST(:words AS text[]))[1 + (i / 19) % 19],
                  (CAST(:words AS text[]))[1 + (i * 3) % 19] || ' ' || (CAST(:words AS text[]))[1 + (i * 7) % 19] || ' en '
                      || (CAST(:words AS text[]))[1 + (i * 11) % 19] || ' in de buurt, voor iedereen.',
                  (CAST(:wijken AS int[]))[1 + (i * 13) % cardinality(CAST(:wijken AS int[]))],
                  (CAST(:themas AS int[]))[1 + (i * 17) % cardinality(CAST(:themas AS int[]))],
                  CASE WHEN i % 100 = 0 THEN 'wacht' ELSE 'goedgekeurd' END,
                  CASE WHEN i % 100 = 0 THEN NULL
                       ELSE now() - ((i * 104729::bigint) % 1051200) * interval '1 minute' END,
                  CASE WHEN i % 100 BETWEEN 3 AND 14
                       THEN (ARRAY['in_behandeling', 'overgenomen', 'niet_overgenomen'])[1 + i % 3]
                       ELSE 'open' END,
                  CASE WHEN i % 100 BETWEEN 3 AND 14
                       THEN now() - ((i * 104729::bigint) % 1051200) * interval '1 minute'
                            + interval '20 days' END,
                  CASE WHEN i % 100 = 1 THEN now() END,
                  CASE WHEN i % 100 = 2 THEN now() END,
                  CASE WHEN i % 1000 = 1 THEN 2004 ELSE 4 END, 2,
                  now() - ((i * 104729::bigint) % 1051200) * interval '1 minute',
                  now(),
                  -- one idea in 50 has a place on the map: few, so the map must not walk the rest
                  CASE WHEN i % 50 = 7 THEN 51.84 + (i % 70) / 1000.0 END,
                  CASE WHEN i % 50 = 7 THEN 5.80 + (i % 110) / 1000.0 END
           FROM generate_series(1, :n) AS i""",
        # Four supports per idea from accounts 2001 and up, and 2,000 more from accounts 1-2000
        # on every thousandth idea (popular ones); the counters above match these rows.
        """INSERT INTO steun (user_id, idee_id, created_at)
           SELECT 2001 + (g * 4729 + i * 7) % (:u - 2000), i, now()
           FROM generate_series(1, :n) AS i, generate_series(1, 4) AS g""",
        """INSERT INTO steun (user_id, idee_id, created_at)
           SELECT g, i, now() FROM generate_series(1, :n, 1000) AS i, generate_series(1, 2000) AS g""",
        """INSERT INTO reaction (object_type, object_id, author_id, body, created_at, updated_at)
           SELECT 'idee', i, 1 + (i * 31 + g) % :u, 'Goed idee, dit wil ik ook.', now(), now()
           FROM generate_series(1, :n) AS i, generate_series(1, 2) AS g""",
        """INSERT INTO follow (user_id, object_type, object_id, active, created_at)
           SELECT user_id, 'idee', idee_id, true, created_at FROM steun""",
        # The moderation decision behind every published idea (private, no text) ...
        """INSERT INTO status_change (object_type, object_id, from_status, to_status, actor_id,
               explanation, is_public, created_at)
           SELECT 'idee', id, 'wacht', 'goedgekeurd', 1, '', false, published_at
           FROM idee WHERE published_at IS NOT NULL""",
        # ... and an official answer per answered idea, by an officer, with its B1 verdict.
        """INSERT INTO status_change (object_type, object_id, from_status, to_status, actor_id,
               explanation, is_public, created_at, taal_verdict)
           SELECT 'idee', id, 'open', status, 1, repeat('Dit is ons antwoord op uw idee. ', 16), true, answered_at,
                  (ARRAY['B1', 'BIJNA', 'TE_MOEILIJK'])[1 + id % 3]
           FROM idee WHERE answered_at IS NOT NULL""",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            text = sa.text(statement)
            names = set(re.findall(r"(?<!:):(\w+)", statement))
            conn.execute(text, {k: v for k, v in params.items() if k in names})
        for table in ("user", "idee"):
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'(SELECT max(id) FROM "{table}"))'
                )
            )
    # No open transaction of this process may hold an old snapshot: VACUUM could then not mark
    # the new rows all-visible, index-only counts would need the heap, and the planner may
    # pick a sequential scan (it did once, in a full run).
    db.session.commit()
    db.session.close()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
        counts = {}
        for table in sorted(BIG_TABLES):
            sql = f'SELECT count(*) FROM "{table}"'  # noqa: S608 - fixed names
            counts[table] = conn.execute(sa.text(sql)).scalar_one()
        return counts


@contextmanager
def _recording(into: list[tuple[str, Any]]) -> Iterator[None]:
    def listener(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not executemany:
            into.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)


def _scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "Relation Name" in plan:
        yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _plan(statement: str, parameters: Any) -> dict[str, Any]:
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar_one()
        conn.rollback()
    return row[0]["Plan"]


_PLANNED = re.compile(r"^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b", re.I)


def _next_link(page: str) -> str:
    match = re.search(r'href="(/ideeen\?[^"]*na=[^"]*)"', page)
    assert match is not None, "the list has a link to the next page"
    return html.unescape(match.group(1))


def test_main_queries_use_indexes_at_100000_ideas(app, client) -> None:
    from open_nijmegen.ideeen import queries, rendering

    queries.clear_reference_cache()
    rendering.clear()
    started = time.perf_counter()
    counts = _seed()
    seconds = time.perf_counter() - started
    assert counts["idee"] == N_IDEAS
    resident_id = make_user().id
    staff_id = make_staff().id
    busy_wijk = db.session.execute(
        sa.text("SELECT wijk_id FROM idee GROUP BY wijk_id ORDER BY count(*) DESC LIMIT 1")
    ).scalar_one()
    thema = db.session.execute(sa.text("SELECT min(id) FROM thema")).scalar_one()
    popular = db.session.execute(
        sa.text(
            "SELECT id FROM idee WHERE answered_at IS NOT NULL AND moderatie = 'goedgekeurd' "
            "AND hidden_at IS NULL AND withdrawn_at IS NULL ORDER BY support_count DESC LIMIT 1"
        )
    ).scalar_one()
    db.session.remove()

    recorded: dict[str, list[tuple[str, Any]]] = {}

    def visit(label: str, url: str, expect: int = 200, **kwargs: Any) -> str:
        statements: list[tuple[str, Any]] = []
        with _recording(statements):
            response = client.get(url, **kwargs)
        assert response.status_code == expect, (label, url, response.status_code)
        recorded[label] = statements
        return response.get_data(as_text=True)

    def submit(label: str, url: str, data: dict[str, str] | None = None) -> None:
        statements: list[tuple[str, Any]] = []
        token = csrf_token(client)
        with _recording(statements):
            response = client.post(url, data={"csrf_token": token, **(data or {})})
        assert response.status_code in (302, 303), (label, url, response.status_code)
        recorded[label] = statements

    # Anonymous visitors.
    visit("home", "/")
    again: list[tuple[str, Any]] = []
    with _recording(again):
        assert client.get("/").status_code == 200
    for label, figure in WHOLE_SITE_FIGURES.items():
        assert any(figure in statement for statement, _ in recorded[label]), (label, figure)
        sent_again = [statement for statement, _ in again if figure in statement]
        assert not sent_again, f"{label}: the whole-site figure is not kept: {sent_again}"
    first = visit("list: newest, first page", "/ideeen")
    visit("list: newest, next page", _next_link(first))
    page = visit("list: wijk, most support", f"/ideeen?wijk={busy_wijk}&sort=steun")
    visit("list: wijk, most support, next page", _next_link(page))
    visit("list: thema", f"/ideeen?thema={thema}")
    visit("list: thema, most support", f"/ideeen?thema={thema}&sort=steun")
    visit("list: status", "/ideeen?status=overgenomen")
    visit("list: most reactions", "/ideeen?sort=reacties")
    visit("list: last answered", "/ideeen?sort=beantwoord")
    visit("list: traject", "/ideeen?traject=ideeen-voor-nijmegen")
    visit("list: search", "/ideeen?q=bankjes+Waalkade")
    visit("list: search, wijk", f"/ideeen?q=speeltuin&wijk={busy_wijk}")
    visit("map", "/ideeen/kaart")
    visit("api: ideeen", "/api/v1/ideeen")
    visit("api: reacties", f"/api/v1/ideeen/{popular}/reacties")
    visit("feed: ideeen", "/feeds/ideeen.atom")
    visit("feed: statuswijzigingen", "/feeds/statuswijzigingen.atom")
    visit("uitdaagrecht", "/uitdaagrecht")
    visit("inwonersberaad", "/inwonersberaad")
    busy_name = db.session.execute(
        sa.text("SELECT naam FROM wijk WHERE id = :id"), {"id": busy_wijk}
    ).scalar_one()
    PERIOD_FIGURE_PAGES["resultaten: a quarter of a wijk"] = (
        f"/resultaten?kwartaal=1&gebied=wijk:{busy_name}"
    )
    for label, url in PERIOD_FIGURE_PAGES.items():
        visit(label, str(url))
        again_period: list[tuple[str, Any]] = []
        with _recording(again_period):
            assert client.get(str(url)).status_code == 200
        big = [st for st, _ in again_period if re.search(r"\b(idee|steun|status_change)\b", st)]
        assert not big, f"{label}: the period figures are not kept: {big}"

    # A resident: the idea page (with "did I support / follow"), support, withdraw, react.
    login_as(client, db.session.get(User, resident_id))
    visit("idea page (resident)", f"/ideeen/{popular}", follow_redirects=True)
    submit("support", f"/ideeen/{popular}/steunen")
    submit("withdraw support", f"/ideeen/{popular}/steun-intrekken")
    submit("react", f"/reacties/idee/{popular}", {"body": "Ik ben het eens met dit idee."})
    submit("follow", f"/volgen/idee/{popular + 1}", {"volgen": "1"})

    # An officer: dashboard, moderation queue, answers due, all ideas, an idea.
    login_as(client, db.session.get(User, staff_id))
    visit("staff: dashboard", "/beheer/")
    visit("staff: reports queue", "/beheer/meldingen")
    visit("staff: moderation queue", "/beheer/ideeen")
    visit("staff: answers due", "/beheer/ideeen/antwoord-nodig")
    visit("staff: all ideas", "/beheer/ideeen/alle")
    visit("staff: idea", f"/beheer/ideeen/{popular}")

    offenders: list[str] = []
    report: list[str] = []
    seen_tables: set[str] = set()
    planned = 0
    for label, statements in recorded.items():
        assert statements, f"{label}: no query recorded"
        for statement, parameters in statements:
            if not _PLANNED.match(statement):
                continue
            planned += 1
            scans = [
                s for s in _scans(_plan(statement, parameters)) if s["Relation Name"] in BIG_TABLES
            ]
            for scan in scans:
                seen_tables.add(scan["Relation Name"])
                how = f"{scan['Node Type']} {scan.get('Index Name', '')}".strip()
                report.append(f"{label:<38} {scan['Relation Name']:<14} {how}")
                figure = WHOLE_SITE_FIGURES.get(label)
                if figure is not None and figure in statement:
                    continue
                if label in PERIOD_FIGURE_PAGES:
                    continue  # kept per process; the second visit above read nothing
                if scan["Node Type"] == "Seq Scan":
                    offenders.append(f"{label}: {' '.join(statement.split())[:300]}")
    print(
        f"\nseeded in {seconds:.0f} s: {counts}; {planned} statements planned over {len(recorded)} pages/actions"
    )
    print("\n".join(sorted(set(report))))
    map_scans = [line for line in report if line.startswith("map ") and " idee " in line]
    assert any("ix_idee_kaart" in line for line in map_scans), map_scans
    assert seen_tables == BIG_TABLES, f"the pages read every big table: {seen_tables}"
    assert not offenders, "sequential scans on big tables:\n" + "\n".join(offenders)
