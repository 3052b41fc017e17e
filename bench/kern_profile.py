"""The core's cost per request for a logged-in user, in process (no server, no network):

    python bench/kern_profile.py                                   # SQLite (a temporary file)
    python bench/kern_profile.py --database-url postgresql+psycopg://...   # scripts/pg.sh
    python bench/kern_profile.py --profile inwoner:/over           # + cProfile of one case
    python bench/kern_profile.py --sql                             # + the SQL of each case

The demo data (``flask demo-data``: the demo accounts and every module's demo content) is
seeded into the database (PostgreSQL: the schema is dropped first), then the site is built with
the production configuration and asked with Flask's test client over https, as

- a visitor who is not logged in (anonymous),
- the demo resident (inwoner@demo...), and
- the demo officer (medewerker@demo..., a participatiemedewerker with every work area),

for ``/over`` (a page without database work of its own: the layout, the user and the hooks
are all it costs), ``/mijn`` (the resident's own page; anonymous: the redirect to the login)
and ``/ideeen`` (a module page). The logged-in clients carry the session a login gives
(``accounts.sessions.open_login_session``, as ``tests/helpers.login_as``), so the login form,
its rate limit and the officer's second step are not in the way.

Each case gets --warmup requests, then --rounds rounds in which every case takes turns with
--requests requests (interleaved, because the machine is shared); printed per case: the median
over the rounds of the milliseconds per request, the fastest round, the number of SQL
statements one request sends, the status and the size of the page. ``uptime`` is printed
beside the figures. Nothing here is a pass/fail check; the query budgets are in the tests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = "https://open-nijmegen.bench"
PAGES = ("/over", "/mijn", "/ideeen")
WHO = ("anoniem", "inwoner", "medewerker")
EMAILS = {
    "inwoner": "inwoner@demo.open-nijmegen.nl",
    "medewerker": "medewerker@demo.open-nijmegen.nl",
}


def seed(url: str) -> float:
    """The demo data, as ``flask demo-data`` loads it; returns the seconds it took."""
    from open_nijmegen import create_app
    from open_nijmegen.demo import seed_demo
    from open_nijmegen.extensions import db

    if url.startswith("postgresql"):
        import psycopg

        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    started = time.perf_counter()
    app = create_app({"DATABASE_URL": url, "ENV": "test", "SECRET_KEY": "s" * 40})
    with app.app_context(), app.test_request_context(base_url=BASE):
        db.create_all()
        seed_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return time.perf_counter() - started


def site(url: str, upload_folder: str) -> Any:
    """The site as production builds it (secure cookies, so the client speaks https)."""
    from open_nijmegen import create_app

    return create_app(
        {
            "DATABASE_URL": url,
            "ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "BASE_URL": BASE,
            "LOG_LEVEL": "WARNING",
            "UPLOAD_FOLDER": upload_folder,
        }
    )


def clients(app: Any) -> dict[str, Any]:
    import sqlalchemy as sa

    from open_nijmegen.accounts.models import User
    from open_nijmegen.accounts.sessions import open_login_session
    from open_nijmegen.core.db import utcnow
    from open_nijmegen.extensions import db

    out = {"anoniem": app.test_client()}
    for who, email in EMAILS.items():
        client = app.test_client()
        with app.test_request_context(base_url=BASE):
            user = db.session.scalar(sa.select(User).where(User.email == email))
            value = open_login_session(user)
            db.session.commit()
            db.session.remove()
        with client.session_transaction(base_url=BASE) as session:
            session["_user_id"] = value
            session["_fresh"] = True
            session["login_at"] = utcnow().isoformat()
            session.permanent = True
        out[who] = client
    return out


class QueryCounter:
    def __init__(self, engine: Any) -> None:
        import sqlalchemy as sa

        self.statements: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", self._note)

    def _note(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)


def one(client: Any, path: str) -> Any:
    response = client.get(path, base_url=BASE)
    response.close()
    return response


def measure(app: Any, args: argparse.Namespace) -> None:
    from open_nijmegen.extensions import db

    users = clients(app)
    pages = PAGES + tuple(args.page or ())
    cases = [(who, path) for path in pages for who in WHO]
    with app.app_context():
        engine = db.engine
    counter = QueryCounter(engine)
    info: dict[tuple[str, str], tuple[int, int, int]] = {}
    sql: dict[tuple[str, str], list[str]] = {}
    for who, path in cases:
        for _ in range(args.warmup):
            one(users[who], path)
        counter.statements.clear()
        response = one(users[who], path)
        info[(who, path)] = (len(counter.statements), response.status_code, len(response.data))
        sql[(who, path)] = list(counter.statements)
        expected = {302} if (who == "anoniem" and path == "/mijn") else {200}
        if path not in PAGES:
            expected = {200, 302}  # a page of --page may send a visitor (or an officer) on
        if response.status_code not in expected:
            raise SystemExit(f"{who} {path}: HTTP {response.status_code}, expected {expected}")
    sa_event_remove(engine, counter)

    times: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
    for _round in range(args.rounds):
        for case in cases:
            client = users[case[0]]
            started = time.perf_counter()
            for _ in range(args.requests):
                one(client, case[1])
            times[case].append((time.perf_counter() - started) * 1000 / args.requests)

    print(
        f"{args.requests} requests x {args.rounds} rounds per case (interleaved), "
        f"after {args.warmup} warm-up requests; ms per request (median of the rounds, fastest)"
    )
    print(f"{'page':10} {'who':11} {'ms/req':>7} {'fastest':>8} {'queries':>8} {'status':>6} "
          f"{'KB':>6}")  # fmt: skip
    for who, path in cases:
        median = statistics.median(times[(who, path)])
        best = min(times[(who, path)])
        n, status, size = info[(who, path)]
        print(f"{path:10} {who:11} {median:7.2f} {best:8.2f} {n:8d} {status:6d} "
              f"{size / 1024:6.1f}")  # fmt: skip
    for path in pages:
        base = statistics.median(times[("anoniem", path)])
        extra = ", ".join(
            f"{who} +{statistics.median(times[(who, path)]) - base:.2f} ms" for who in WHO[1:]
        )
        print(f"{path}: logged in beyond anonymous: {extra}")
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    if args.sql:
        for case, statements in sql.items():
            print(f"\n== SQL of {case[0]} {case[1]} ({len(statements)})")
            for s in statements:
                print("  " + " ".join(s.split())[:300])
    if args.profile:
        who, _, path = args.profile.partition(":")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests * args.rounds):
            one(users[who], path)
        profiler.disable()
        print(f"\n== cProfile of {who} {path}, {args.requests * args.rounds} requests")
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats(args.sort).print_stats(args.top)


def sa_event_remove(engine: Any, counter: QueryCounter) -> None:
    import sqlalchemy as sa

    sa.event.remove(engine, "before_cursor_execute", counter._note)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--requests", type=int, default=100, help="requests per case and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--page",
        action="append",
        help="one more page to measure (repeatable), e.g. /begroten/1/stemmen",
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL of each case")
    parser.add_argument(
        "--profile", metavar="WHO:PATH", help="cProfile one case, e.g. inwoner:/over"
    )
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (tottime, ...)")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    if args.profile and args.profile.partition(":")[0] not in WHO:
        parser.error(f"--profile WHO:PATH with WHO one of {', '.join(WHO)}")
    # The environment's OPEN_NIJMEGEN_* settings would override the bench's own.
    for key in [k for k in os.environ if k.startswith("OPEN_NIJMEGEN_")]:
        del os.environ[key]
    with tempfile.TemporaryDirectory(prefix="kern-profile-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/kern.sqlite"
        seconds = seed(url)
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"database: {kind}, the demo data (seeded in {seconds:.1f} s)")
        app = site(url, os.path.join(tmp, "uploads"))
        measure(app, args)
        with app.app_context():
            from open_nijmegen.extensions import db

            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
