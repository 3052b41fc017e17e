"""Ideeën under load: seed PostgreSQL fast, serve with gunicorn (2 workers), measure with wrk.

    python bench/ideeen_bench.py --size 10000
    python bench/ideeen_bench.py --sizes 10000 100000 --database-url postgresql://...

Pages: /ideeen, /ideeen?wijk=..&sort=steun, an idea page, the home page, and the floor: a bare
Flask app (own gunicorn, 2 workers) rendering a template of the same size as /ideeen. Every
size gets its own database (<name>_<size>, next to the one --database-url names) and its own
gunicorn, all serving at once; the pages of every size and the floor run interleaved for several
rounds and medians are reported, because the machine is shared: a slow minute then hits every
size alike, and "100,000 against 10,000 ideas" compares like with like.
Without --database-url a throwaway PostgreSQL is started with scripts/pg.sh.

Every data page is measured twice: from the site as it runs in production, where a visitor
without a session gets a page the page cache kept (core/page_cache.py, 10 s), and with the
suffix "_vers" from a second site on the same database with the page cache off, which is what
a logged-in resident gets and what rendering the page costs.

Data per size n: n ideas, 6n supports (10n from 100,000 ideas up), 3.6n reactions, n/2
accounts with one shared password hash; published dates over two years; 3% of the ideas not
public (waiting, hidden, withdrawn), so the public filter has work to do; a third of the ideas
have a place (the map page shows the newest 500 of those).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

# "over" is a page of the site without database work: what the platform itself costs.
DATA_PAGES = ["lijst", "wijk_steun", "idee", "home", "project", "kaart", "resultaten"]
# The same pages from a second site on the same database with the page cache off
# (OPEN_NIJMEGEN_PAGE_CACHE_SECONDS=0): what a visitor with a session (logged in, or holding a
# CSRF token) gets, and what every page costs when it is not kept (core/page_cache.py).
FRESH = "_vers"
PAGES = ["floor", "over", *DATA_PAGES, *(page + FRESH for page in DATA_PAGES)]


# -- seeding -------------------------------------------------------------------------------


def _copy(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """COPY rows into a table; columns the rows leave out get their scalar default."""
    if not rows:
        return
    given = list(rows[0].keys())
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.primary_key and column.name == "id":
            continue
        default = (
            column.default.arg if column.default is not None and column.default.is_scalar else None
        )
        if default is None and not column.nullable:
            if column.server_default is not None:
                continue  # the database fills it in
            if column.default is not None and column.default.is_callable:
                default = datetime.now(UTC)
            else:
                raise RuntimeError(f"{table.name}.{column.name} needs a value")
        if default is not None:
            defaults[column.name] = getattr(default, "value", default)
    names = given + list(defaults)
    quoted = ", ".join(f'"{n}"' for n in names)
    with conn.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            values = [row[n] for n in given] + [defaults[n] for n in defaults]
            copy.write_row(
                [v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in values]
            )


def seed(url: str, size: int, seed_value: int = 2026) -> dict[str, int]:
    import psycopg

    os.environ["OPEN_NIJMEGEN_DATABASE_URL"] = url
    from open_nijmegen import create_app
    from open_nijmegen.accounts.models import User
    from open_nijmegen.accounts.passwords import hash_password
    from open_nijmegen.core.models import Reaction
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.extensions import db
    from open_nijmegen.ideeen.demo import seed_reference_data
    from open_nijmegen.ideeen.models import Idee, Steun, Thema

    rng = random.Random(seed_value)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    app = create_app({"DATABASE_URL": url, "ENV": "test", "SECRET_KEY": "b" * 40})
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        seed_reference_data()
        db.session.commit()
        traject_id = db.session.execute(db.text("SELECT id FROM traject WHERE doorlopend")).scalar()
        wijk_ids = list(db.session.scalars(db.select(Wijk.id)))
        thema_ids = list(db.session.scalars(db.select(Thema.id)))
        db.session.remove()
    n_users = max(2000, size // 2)
    n_supports = size * (10 if size >= 100_000 else 6)
    n_reactions = int(size * 3.6)
    shared_hash = hash_password(secrets.token_urlsafe(16))
    now = datetime.now(UTC)
    with psycopg.connect(plain) as conn:
        users = [
            {
                "id": i,
                "display_name": f"Inwoner {i}",
                "display_name_key": f"inwoner {i}",
                "email": f"inwoner{i}@bench.invalid",
                "email_confirmed_at": now,
                "password_hash": shared_hash,
                "role": "inwoner",
                "session_version": 1,
                "is_active_account": True,
                "is_placeholder": False,
                "digest_mode": "direct",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(1, n_users + 1)
        ]
        _copy(conn, User.__table__, users)
        # Supports per idea: skewed (a few popular ideas, a long tail), summing to n_supports.
        weights = [rng.paretovariate(1.3) for _ in range(size)]
        scale = n_supports / sum(weights)
        support_counts = [min(n_users - 1, int(w * scale)) for w in weights]
        short = n_supports - sum(support_counts)
        i = 0
        while short > 0:
            if support_counts[i % size] < n_users - 1:
                support_counts[i % size] += 1
                short -= 1
            i += 1
        reaction_counts = [0] * size
        for _ in range(n_reactions):
            reaction_counts[rng.randrange(size)] += 1
        words = [
            "groen",
            "bankjes",
            "fietsen",
            "parkeren",
            "speeltuin",
            "bomen",
            "Waalkade",
            "Goffertpark",
            "Hunnerpark",
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
        ]
        ideas = []
        # A third of the ideas have a place on the map (its own random stream, so the rest of
        # the data is the same as before points were added).
        points = random.Random(seed_value + 1)
        for k in range(1, size + 1):
            published = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            roll = rng.random()
            idea = {
                "id": k,
                "traject_id": traject_id,
                "author_id": rng.randrange(1, n_users + 1),
                "titel": f"Idee {k}: meer {rng.choice(words)} bij de {rng.choice(words)}",
                "tekst": " ".join(rng.choice(words) for _ in range(60)) + ".",
                "wijk_id": rng.choice(wijk_ids),
                "thema_id": rng.choice(thema_ids),
                "moderatie": "goedgekeurd",
                "published_at": published,
                "status": "open",
                "support_count": support_counts[k - 1],
                "reaction_count": reaction_counts[k - 1],
                "hidden_at": None,
                "withdrawn_at": None,
                "answered_at": None,
                "created_at": published,
                "updated_at": published,
                "lat": None,
                "lon": None,
            }
            if points.random() < 1 / 3:
                idea["lat"] = round(51.842 + points.uniform(-0.035, 0.035), 6)
                idea["lon"] = round(5.853 + points.uniform(-0.06, 0.06), 6)
            if roll < 0.01:
                idea["moderatie"], idea["published_at"] = "wacht", None
            elif roll < 0.02:
                idea["hidden_at"] = now
            elif roll < 0.03:
                idea["withdrawn_at"] = now
            elif roll < 0.15:
                idea["status"] = rng.choice(["in_behandeling", "overgenomen", "niet_overgenomen"])
                idea["answered_at"] = published + timedelta(days=rng.randrange(1, 60))
            ideas.append(idea)
        _copy(conn, Idee.__table__, ideas)
        supports = []
        for k, count in enumerate(support_counts, start=1):
            start = rng.randrange(1, n_users + 1)
            for j in range(count):
                supports.append(
                    {"user_id": (start + j) % n_users + 1, "idee_id": k, "created_at": now}
                )
            if len(supports) > 200_000:
                _copy(conn, Steun.__table__, supports)
                supports = []
        _copy(conn, Steun.__table__, supports)
        reactions = []
        for k, count in enumerate(reaction_counts, start=1):
            for _ in range(count):
                reactions.append(
                    {
                        "object_type": "idee",
                        "object_id": k,
                        "author_id": rng.randrange(1, n_users + 1),
                        "body": "Goed idee, dit wil ik ook in mijn buurt.",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        _copy(conn, Reaction.__table__, reactions)
        for table in ("user", "idee", "steun", "reaction"):
            sql = f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"  # noqa: S608, E501 - fixed names
            conn.execute(sql)
        conn.commit()
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        counts = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in ("idee", "steun", "reaction", "user")
        }
        counts["seconds"] = round(time.perf_counter() - started)
        # Write the loaded data out now, so the disk writes of the bulk load (the database's
        # and the kernel's) are not still running while the pages are measured.
        conn.execute("CHECKPOINT")
    os.sync()
    return counts


# -- serving and measuring -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer: {url}")


def _gunicorn(app_spec: str, port: int, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    # An empty config file, so a gunicorn.conf.py in the working directory is not picked up.
    config = Path(tempfile.mkdtemp(prefix="ideeen-gunicorn-")) / "bench_gunicorn.conf.py"
    config.write_text("")
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            str(config),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


_LAT = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, duration: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {m.group(1): _ms(m.group(2), m.group(3)) for m in _LAT.finditer(out)}
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return {"rps": rps, "p50": lat.get("50", float("nan")), "p99": lat.get("99", float("nan"))}


def _site_env(url: str, page_cache: bool = True) -> dict[str, str]:
    """The served site's settings: production, so the page cache is on (10 s) unless
    ``page_cache`` is False."""
    return {
        **({} if page_cache else {"OPEN_NIJMEGEN_PAGE_CACHE_SECONDS": "0"}),
        **{k: v for k, v in os.environ.items() if not k.startswith("OPEN_NIJMEGEN_")},
        "OPEN_NIJMEGEN_ENV": "production",
        "OPEN_NIJMEGEN_SECRET_KEY": secrets.token_urlsafe(40),
        "OPEN_NIJMEGEN_DATABASE_URL": url,
        "OPEN_NIJMEGEN_LOG_LEVEL": "WARNING",
        "OPEN_NIJMEGEN_BASE_URL": "https://open-nijmegen.bench",
        # The map page with its map (tiles are never fetched by wrk, only the page).
        "OPEN_NIJMEGEN_MAP_TILE_URL": "https://tiles.example/{z}/{x}/{y}.png",
    }


def _page_urls(url: str, base: str) -> dict[str, str]:
    """The measured pages of the site at ``base`` serving the database at ``url``."""
    from open_nijmegen import create_app
    from open_nijmegen.extensions import db
    from open_nijmegen.ideeen import queries
    from open_nijmegen.ideeen.models import Idee

    app = create_app({"DATABASE_URL": url, "ENV": "test", "SECRET_KEY": "b" * 40})
    with app.app_context():
        busy = db.session.scalar(
            db.select(Idee.wijk_id).group_by(Idee.wijk_id).order_by(db.func.count().desc()).limit(1)
        )
        # The most supported idea: one of the ideas with the most reactions too.
        idee = db.session.scalar(
            queries.public_ideas().order_by(Idee.support_count.desc()).limit(1)
        )
        idea_path = f"/ideeen/{idee.id}-{idee.slug}"
        # The project with the most ideas: its page lists them with the list's filters.
        from open_nijmegen.ideeen.models import Traject

        traject = db.session.scalar(
            db.select(Traject)
            .join(Idee, Idee.traject_id == Traject.id)
            .group_by(Traject.id)
            .order_by(db.func.count().desc())
            .limit(1)
        )
        project_path = f"/projecten/{traject.id}-{traject.slug}"
        db.session.remove()
    return {
        "lijst": base + "/ideeen",
        "wijk_steun": base + f"/ideeen?wijk={busy}&sort=steun",
        "idee": base + idea_path,
        "home": base + "/",
        "project": base + project_path,
        "kaart": base + "/ideeen/kaart",
        "over": base + "/over",
        # Issue 22: at least 70% of the floor at 100,000 ideas / 1,000,000 supports; the
        # figures are kept per process (core.resultaten.TTL), so this measures the kept page.
        "resultaten": base + "/resultaten",
    }


def measure(
    urls_by_size: dict[int, str], rounds: int, duration: int, connections: int
) -> dict[str, Any]:
    """Serve every size at once (one gunicorn with 2 workers each, and the floor), and measure
    them interleaved: in every round every page of every size, in a rotating order. So a slow
    minute on the shared machine hits all sizes alike, and the size comparison stays fair.
    The floor and /over do not depend on the data: measured once per round."""
    servers: list[subprocess.Popen] = []
    try:
        urls: dict[tuple[int, str], str] = {}
        list_bytes = 0
        for size, url in urls_by_size.items():
            for suffix, env in (("", _site_env(url)), (FRESH, _site_env(url, page_cache=False))):
                port = _free_port()
                servers.append(_gunicorn("open_nijmegen:create_app()", port, env, ROOT))
                base = f"http://127.0.0.1:{port}"
                _wait(base + "/ideeen")
                with urllib.request.urlopen(base + "/ideeen", timeout=30) as response:  # noqa: S310
                    list_bytes = max(list_bytes, len(response.read()))
                for page, page_url in _page_urls(url, base).items():
                    urls[(size, page + suffix)] = page_url
        smallest = min(urls_by_size)
        floor_port = _free_port()
        floor_dir = Path(tempfile.mkdtemp(prefix="ideeen-floor-"))
        (floor_dir / "floor_app.py").write_text(_floor_source(list_bytes))
        servers.append(_gunicorn("floor_app:app", floor_port, _site_env(""), floor_dir))
        _wait(f"http://127.0.0.1:{floor_port}/floor")
        urls[(0, "floor")] = f"http://127.0.0.1:{floor_port}/floor"
        urls[(0, "over")] = urls.pop((smallest, "over"))
        for size in urls_by_size:
            urls.pop((size, "over"), None)
            urls.pop((size, "over" + FRESH), None)
        runs = list(urls)
        for u in urls.values():  # warm up caches and connections: the first seconds are slower
            wrk(u, 6, connections)
        results: dict[tuple[int, str], list[dict[str, float]]] = {run: [] for run in runs}
        for r in range(rounds):
            shift = (r * 3) % len(runs)
            for run in runs[shift:] + runs[:shift]:
                results[run].append(wrk(urls[run], duration, connections))
        return {"results": results, "list_bytes": list_bytes, "urls": urls}
    finally:
        for process in servers:
            _stop(process)


def _floor_source(list_bytes: int) -> str:
    """A bare Flask app whose one route renders a Jinja template of ``list_bytes`` bytes."""
    return f'''from flask import Flask, render_template_string

app = Flask(__name__)
TEMPLATE = """<!doctype html><html lang="nl"><head><title>{{{{ title }}}}</title></head><body>
<ul>{{% for item in items %}}<li><a href="/ideeen/{{{{ item.id }}}}">{{{{ item.titel }}}}</a>
<p>{{{{ item.tekst }}}}</p></li>{{% endfor %}}</ul><p>{{{{ pad }}}}</p></body></html>"""
ITEMS = [{{"id": i, "titel": "Idee %d over de buurt" % i, "tekst": "tekst " * 30}} for i in range(20)]
with app.app_context():
    _len = len(render_template_string(TEMPLATE, title="Vloer", items=ITEMS, pad=""))
PAD = "x" * max(0, {list_bytes} - _len)


@app.route("/floor")
def floor():
    return render_template_string(TEMPLATE, title="Vloer", items=ITEMS, pad=PAD)
'''


def report(size: int, counts: dict[str, int], measured: dict[str, Any]) -> dict[str, float]:
    results = measured["results"]

    def runs(page: str) -> list[dict[str, float]]:
        return results[(0, page)] if (0, page) in results else results[(size, page)]

    med = {
        page: {
            key: statistics.median(run[key] for run in runs(page)) for key in ("rps", "p50", "p99")
        }
        for page in PAGES
    }
    floor = med["floor"]["rps"]
    print(
        f"\n== {size:,} ideas: {counts['idee']:,} ideas, {counts['steun']:,} supports, "
        f"{counts['reaction']:,} reactions, {counts['user']:,} accounts "
        f"(seeded in {counts['seconds']} s); /ideeen is {measured['list_bytes']:,} bytes =="
    )
    print(f"{'page':<16} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'/floor':>8}")
    for page in PAGES:
        m = med[page]
        ratio = m["rps"] / floor if floor else float("nan")
        print(f"{page:<16} {m['rps']:>9.1f} {m['p50']:>9.1f} {m['p99']:>9.1f} {ratio:>8.0%}")
    short = [p for p in DATA_PAGES if med[p]["rps"] < 0.7 * floor]
    print(
        "pages without a suffix: as a visitor without a session gets them (the page cache keeps "
        f"them 10 s); '{FRESH}': the page cache off. Target >= 70% of the floor: "
        + ("OK" if not short else "NIET GEHAALD for " + ", ".join(short))
    )
    return {page: med[page]["rps"] for page in PAGES}


def compare(small: int, large: int, per_size: dict[int, dict[str, float]]) -> None:
    print(f"\n== {large:,} ideas against {small:,} ideas (same rounds, interleaved) ==")
    print(f"{'page':<16} {'req/s':>8}")
    for page in PAGES[2:]:
        print(f"{page:<16} {per_size[large][page] / per_size[small][page]:>8.0%}")


def _database_for(url: str, size: int) -> str:
    """A database of its own per size, next to the one ``url`` names (created if needed)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    base, _, name = plain.rpartition("/")
    name = name.split("?")[0]
    sized = f"{name}_{size}"
    with psycopg.connect(plain, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sized]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{sized}"')
    return f"postgresql+psycopg://{base.split('://', 1)[1]}/{sized}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, action="append", help="number of ideas (repeatable)")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of ideas")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: start scripts/pg.sh)")
    parser.add_argument("--port", type=int, default=54338, help="port for scripts/pg.sh")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    sizes = (args.size or []) + (args.sizes or []) or [10_000]
    started_pg = False
    url = args.database_url
    if not url:
        url = subprocess.run(
            [str(ROOT / "scripts/pg.sh"), "start", str(args.port)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PGDATABASE": "open_nijmegen_bench"},
        ).stdout.strip()
        started_pg = True
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        print(
            f"wrk: {args.rounds} rounds x {args.duration} s per page, {args.connections} connections, gunicorn 2 workers; medians"
        )
        urls = {size: _database_for(url, size) for size in sizes}
        counts = {size: seed(urls[size], size) for size in sizes}
        measured = measure(urls, args.rounds, args.duration, args.connections)
        per_size = {size: report(size, counts[size], measured) for size in sizes}
        if len(sizes) > 1:
            compare(min(sizes), max(sizes), per_size)
    finally:
        if started_pg:
            subprocess.run([str(ROOT / "scripts/pg.sh"), "stop", str(args.port)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
