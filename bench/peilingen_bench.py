"""Peilingen under load (issue 18, quality):

    python bench/peilingen_bench.py --database-url postgresql+psycopg://... [--responses 50000]

Seeded into PostgreSQL (COPY): one weighted peiling with 20 questions on two pages (12 single
choice, 4 multiple choice, 2 scales, a ranking, a number), open with live results, and
--responses finished responses with a wijk and an age group (skewed, as real respondents are).
Served by gunicorn (2 workers, production configuration behind a simulated TLS proxy):

1. **The results page** (``/peilingen/<id>/uitslag``: every question counted, weighted by
   raking, charts): the median of --requests sequential requests after two warm-up requests.
   Target: under 200 ms warm.
2. **Raking** --responses respondents on two margins (wijk, age group) in this process with
   ``weging.rake``: the median of three runs. Target: under 2 s.
3. **The answering page** (``/peilingen/<id>/invullen``, logged in as a resident who has not
   answered) with wrk against the floor: a bare Flask app rendering a template of the same
   size. Interleaved rounds, medians (the machine is shared). Target: at least 70% of the
   floor in the same run. The list of peilingen for the same resident is measured beside it,
   to tell the site's cost per request from the answering page's own.

Targets are printed as OK or NIET GEHAALD, not as the exit status: on the shared machine the
figures move with the load (``uptime`` is printed beside them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from begroten_bench import PASSWORD, Voter, wrk_with  # noqa: E402
from ideeen_bench import (  # noqa: E402
    ROOT,
    _copy,
    _floor_source,
    _free_port,
    _gunicorn,
    _site_env,
    _stop,
    _wait,
)

# Respondents skewed as in the demo: more older people, more Oost and Centrum.
_WIJK_KANS = [14, 26, 11, 8, 11, 9, 9, 4, 8]
_LEEFTIJD_KANS = [6, 18, 36, 40]


def _questions() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(12):
        out.append({"soort": "enkel", "tekst": f"Vraag {i + 1}: wat vindt u van plan {i + 1}?",
                    "opties": ["Goed", "Niet goed", "Weet ik niet", "Maakt mij niet uit"]})  # fmt: skip
    for i in range(4):
        out.append({"soort": "meer", "tekst": f"Wat wilt u meer in uw straat ({i + 1})?",
                    "opties": ["Bomen", "Bankjes", "Licht", "Fietsrekken", "Speelplek"],
                    "max_keuzes": 3})  # fmt: skip
    for i in range(2):
        out.append({"soort": "schaal", "tekst": f"Hoe tevreden bent u ({i + 1})?",
                    "schaal_max": 5})  # fmt: skip
    out.append({"soort": "rangorde", "tekst": "Wat is het belangrijkst?",
                "opties": ["Veilig", "Schoon", "Groen", "Rustig"]})  # fmt: skip
    out.append({"soort": "getal", "tekst": "Hoeveel jaar woont u in Nijmegen?",
                "getal_min": 0, "getal_max": 110})  # fmt: skip
    return out


def _answer(rng: random.Random, vraag: Any) -> Any:
    soort = vraag.soort.value
    if soort == "enkel":
        return rng.choice(vraag.opties).id
    if soort == "meer":
        return sorted(o.id for o in rng.sample(list(vraag.opties), rng.randint(1, 3)))
    if soort == "schaal":
        return rng.randint(1, vraag.schaal_max or 5)
    if soort == "rangorde":
        return [o.id for o in rng.sample(list(vraag.opties), len(vraag.opties))]
    return rng.randint(0, 80)


def seed(url: str, responses: int, secret_key: str) -> dict[str, Any]:
    import psycopg

    os.environ["OPEN_NIJMEGEN_DATABASE_URL"] = url
    from open_nijmegen import create_app
    from open_nijmegen.accounts.models import User
    from open_nijmegen.accounts.passwords import hash_password
    from open_nijmegen.extensions import db
    from open_nijmegen.peilingen import bevolking
    from open_nijmegen.peilingen.models import (
        Doelgroep,
        Inzending,
        Optie,
        Peiling,
        Sectie,
        Soort,
        Vraag,
    )

    rng = random.Random(18)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    app = create_app({"DATABASE_URL": url, "ENV": "test", "SECRET_KEY": secret_key})
    started = time.perf_counter()
    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        peiling = Peiling(
            titel="Wonen in Nijmegen (bench)",
            intro="Twintig vragen over uw straat en uw wijk. Het duurt tien minuten.",
            doelgroep=Doelgroep.ACCOUNTS,
            opent_op=now - timedelta(days=20),
            sluit_op=now + timedelta(days=20),
            gepubliceerd_op=now - timedelta(days=20),
            wegen=True,
            uitslag_live=True,
        )
        een, twee = Sectie(titel="Uw straat", volgorde=0), Sectie(titel="Uw wijk", volgorde=1)
        peiling.secties.extend([een, twee])
        db.session.add(peiling)
        for i, spec in enumerate(_questions()):
            opties = spec.pop("opties", [])
            vraag = Vraag(
                peiling=peiling,
                sectie=een if i < 10 else twee,
                soort=Soort(spec.pop("soort")),
                volgorde=i,
                verplicht=i == 0,
                **spec,
            )
            vraag.opties.extend(Optie(tekst=t, volgorde=k) for k, t in enumerate(opties))
            db.session.add(vraag)
        resident = User(
            display_name="Bench inwoner",
            display_name_key="bench inwoner",
            email="inwoner@bench.invalid",
            email_confirmed_at=now,
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(resident)
        db.session.commit()
        peiling_id = peiling.id
        vragen = peiling.vragen_op_volgorde()
        rows = []
        for n in range(responses):
            rows.append(
                {
                    "sleutel": f"code-{n:08d}-{secrets.token_hex(8)}",
                    "peiling_id": peiling_id,
                    "dag": (now - timedelta(days=rng.randrange(20))).date(),
                    "af": True,
                    "antwoorden": json.dumps({str(v.id): _answer(rng, v) for v in vragen}),
                    "wijk": rng.choices(bevolking.WIJKEN, weights=_WIJK_KANS)[0],
                    "leeftijd": rng.choices(bevolking.LEEFTIJDEN, weights=_LEEFTIJD_KANS)[0],
                }
            )
        db.session.remove()
    with psycopg.connect(plain) as conn:
        _copy(conn, Inzending.__table__, rows)
        conn.commit()
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")
    return {
        "peiling_id": peiling_id,
        "questions": len(vragen),
        "seconds": round(time.perf_counter() - started),
    }


def time_rake(responses: int) -> list[float]:
    from open_nijmegen.peilingen import bevolking
    from open_nijmegen.peilingen.weging import rake

    rng = random.Random(7)
    respondents = [
        {
            "wijk": rng.choices(bevolking.WIJKEN, weights=_WIJK_KANS)[0],
            "leeftijd": rng.choices(bevolking.LEEFTIJDEN, weights=_LEEFTIJD_KANS)[0],
        }
        for _ in range(responses)
    ]
    rake(respondents[:1000], bevolking.marges())  # imports pandas and weightipy
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        rake(respondents, bevolking.marges())
        timings.append(time.perf_counter() - started)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=10, help="results page requests")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    url = args.database_url
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

    rake_times = time_rake(args.responses)
    rake_median = statistics.median(rake_times)
    print(
        f"raking {args.responses:,} respondents on two margins (9 wijken, 4 age groups) with "
        f"weightipy: median {rake_median * 1000:.0f} ms of 3 runs "
        f"({', '.join(f'{t * 1000:.0f}' for t in rake_times)} ms); target < 2 s: "
        f"{'OK' if rake_median < 2 else 'NIET GEHAALD'}"
    )

    secret_key = secrets.token_urlsafe(40)
    data = seed(url, args.responses, secret_key)
    print(
        f"peilingen data: 1 weighted peiling, {data['questions']} questions on 2 pages, "
        f"{args.responses:,} finished responses with wijk and age group "
        f"(seeded in {data['seconds']} s)"
    )
    env = {**_site_env(url), "OPEN_NIJMEGEN_SECRET_KEY": secret_key}
    env["OPEN_NIJMEGEN_TRUSTED_PROXIES"] = "1"
    servers = []
    try:
        port = _free_port()
        servers.append(_gunicorn("open_nijmegen:create_app()", port, env, ROOT))
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/peilingen")
        pid = data["peiling_id"]

        visitor = Voter(base, "10.18.0.2")
        results_path = f"/peilingen/{pid}/uitslag"
        timings, cold = [], []
        for k in range(args.requests + 2):
            started = time.perf_counter()
            page = visitor.send("GET", results_path)
            elapsed = time.perf_counter() - started
            if page.status_code != 200 or "Gewogen" not in page.text:
                raise RuntimeError(f"{results_path}: HTTP {page.status_code} or not weighted")
            (timings if k >= 2 else cold).append(elapsed)
        median = statistics.median(timings) * 1000
        print(
            f"results page ({len(page.content):,} bytes, {data['questions']} questions, "
            f"{args.responses:,} responses, weighted): median {median:.0f} ms, slowest "
            f"{max(timings) * 1000:.0f} ms of {args.requests} requests after 2 warm-up "
            f"requests; target < 200 ms warm: {'OK' if median < 200 else 'NIET GEHAALD'}"
        )
        print(
            "results page, the 2 warm-up requests (a worker that does not keep the figures yet "
            "counts and weighs all responses; which worker answers is up to gunicorn): "
            + ", ".join(f"{t * 1000:.0f} ms" for t in cold)
        )
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

        resident = Voter(base, "10.18.0.1")
        resident.login("inwoner@bench.invalid")
        answer_path = f"/peilingen/{pid}/invullen"
        page = resident.send("GET", answer_path)
        if page.status_code != 200 or "Pagina 1 van 2" not in page.text:
            raise RuntimeError(f"{answer_path}: HTTP {page.status_code}, not the first page")
        page_bytes = len(page.content)
        floor_port = _free_port()
        floor_dir = Path(tempfile.mkdtemp(prefix="peilingen-floor-"))
        (floor_dir / "floor_app.py").write_text(_floor_source(page_bytes))
        servers.append(_gunicorn("floor_app:app", floor_port, _site_env(""), floor_dir))
        _wait(f"http://127.0.0.1:{floor_port}/floor")
        proxy = ["X-Forwarded-Proto: https", "X-Forwarded-For: 10.18.0.1"]
        runs = {
            "floor": (f"http://127.0.0.1:{floor_port}/floor", []),
            "invullen": (base + answer_path, [*proxy, f"Cookie: {resident.cookie_header()}"]),
            # For comparison: a small page of the site for the same resident (the site's own
            # cost per request: session, user, security headers, layout).
            "peilingen": (base + "/peilingen", [*proxy, f"Cookie: {resident.cookie_header()}"]),
        }
        for target, headers in runs.values():  # warm up
            wrk_with(target, 3, args.connections, headers)
        found: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        names = list(runs)
        for r in range(args.rounds):
            shift = r % len(names)
            for name in names[shift:] + names[:shift]:
                target, headers = runs[name]
                found[name].append(wrk_with(target, args.duration, args.connections, headers))
        med = {
            name: {k: statistics.median(x[k] for x in rows) for k in ("rps", "p50", "p99")}
            for name, rows in found.items()
        }
        floor = med["floor"]["rps"]
        print(
            f"wrk: {args.rounds} rounds x {args.duration} s per page, {args.connections} "
            f"connections, gunicorn 2 workers; medians. The answering page is {page_bytes:,} "
            "bytes; the floor renders a template of the same size"
        )
        print(f"{'page':<12} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'/floor':>8}")
        for name, m in med.items():
            print(
                f"{name:<12} {m['rps']:>9.1f} {m['p50']:>9.1f} {m['p99']:>9.1f} "
                f"{m['rps'] / floor:>8.0%}"
            )
        ratio = med["invullen"]["rps"] / floor
        print(
            f"peilingen answering page (20 questions): {ratio:.0%} of the floor; target >= 70%: "
            f"{'OK' if ratio >= 0.7 else 'NIET GEHAALD'}"
        )
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        for process in servers:
            _stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
