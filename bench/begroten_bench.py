"""Begroten under load: the voting page with 10,000 ballots cast, and 24 voters at once.

    python bench/begroten_bench.py --database-url postgresql+psycopg://... [--ballots 10000]

Seeded into PostgreSQL (COPY): a wijk begroting of EUR 50,000 in the voting phase with 20
plans on the ballot list, --ballots voters who have voted (a ``begroting_deelname`` row and a
``stembiljet`` under the voter's HMAC key each, choices within the budget), one bench voter
who voted too, and --voters voters who have not voted yet. Served by gunicorn (2 workers,
production configuration behind a simulated TLS proxy), measured with wrk:

1. **The voting page** (``/begroten/<id>/stemmen``, logged in as a voter who voted: the page
   shows the running total and the own ballot) against the floor: a bare Flask app (own
   gunicorn, 2 workers) rendering a template of the same size. Interleaved rounds, medians,
   because the machine is shared. Target: at least 70% of the floor in the same run (printed
   as OK or NIET GEHAALD; not an exit status, the ratio moves with the machine's load). The
   public page of the begroting is measured beside it.
2. **24 voters at once**: each logs in, and all send their ballot at the same moment (a
   barrier), then each changes it twice more, again together. Afterwards the database is
   read: one ``begroting_deelname`` per voter, as many online ballots as voters, each load
   voter's ballot (found by its key) holds the last choice the server confirmed, and a recount
   (``counting.count`` over every ballot, as the count at the close does) gives per plan
   exactly the seeded votes plus the load voters' confirmed last choices. A non-2xx/3xx answer
   or a lost or doubled ballot fails the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
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

PASSWORD = "bench-wachtwoord-" + "k" * 12
BUDGET = 50_000
COSTS = [2_000 + 650 * i for i in range(20)]  # EUR 2,000 .. 14,350
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _choice(rng: random.Random, plan_ids: list[int], costs: dict[int, int]) -> list[int]:
    """A random ballot within the budget: plans in random order while they fit."""
    chosen, total = [], 0
    for pid in rng.sample(plan_ids, rng.randint(1, 8)):
        if total + costs[pid] <= BUDGET:
            chosen.append(pid)
            total += costs[pid]
    return sorted(chosen)


def seed(url: str, ballots: int, voters: int, secret_key: str) -> dict[str, Any]:
    import psycopg

    os.environ["OPEN_NIJMEGEN_DATABASE_URL"] = url
    from open_nijmegen import create_app
    from open_nijmegen.accounts.models import User
    from open_nijmegen.accounts.passwords import hash_password
    from open_nijmegen.begroten.ballots import ballot_key
    from open_nijmegen.begroten.models import (
        Begroting,
        Deelname,
        Gebied,
        Plan,
        PlanStatus,
        Stembiljet,
        Stemwijze,
    )
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.extensions import db
    from open_nijmegen.ideeen.demo import seed_reference_data

    rng = random.Random(17)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    # The same secret as the served site, so the ballot keys are the ones it computes.
    app = create_app({"DATABASE_URL": url, "ENV": "test", "SECRET_KEY": secret_key})
    started = time.perf_counter()
    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        seed_reference_data()
        wijk = db.session.scalar(db.select(Wijk).order_by(Wijk.naam).limit(1))
        begroting = Begroting(
            titel="Geld voor de wijk (bench)",
            vraag="Waar moet het geld van de wijk heen? Kies plannen binnen het budget.",
            gebied=Gebied.WIJKEN,
            budget=BUDGET,
            stemwijze=Stemwijze.BUDGET,
            plannen_vanaf=now - timedelta(days=30),
            haalbaarheid_vanaf=now - timedelta(days=20),
            stemmen_vanaf=now - timedelta(days=10),
            uitslag_vanaf=now + timedelta(days=10),
            uitvoering_vanaf=now + timedelta(days=40),
            stemlijst_op=now - timedelta(days=11),
        )
        begroting.wijken = [wijk]
        db.session.add(begroting)
        db.session.flush()
        for i, cost in enumerate(COSTS):
            db.session.add(
                Plan(
                    begroting_id=begroting.id,
                    titel=f"Plan {i + 1}: meer groen en bankjes in de straat",
                    tekst="Een plan voor de wijk. " * 20,
                    wijk_id=wijk.id,
                    geschatte_kosten=cost,
                    kosten=cost,
                    kosten_reden="Volgens de offerte.",
                    status=PlanStatus.HAALBAAR,
                )
            )
        db.session.commit()
        begroting_id, wijk_id = begroting.id, wijk.id
        plan_ids = sorted(db.session.scalars(db.select(Plan.id)))
        costs = dict(zip(plan_ids, COSTS, strict=True))
        # Users: 1..ballots voted, ballots+1 is the bench voter (voted), then the load voters.
        n_users = ballots + 1 + voters
        shared = hash_password(PASSWORD)
        users = [
            {
                "id": i,
                "display_name": f"Kiezer {i}",
                "display_name_key": f"kiezer {i}",
                "email": f"kiezer{i}@bench.invalid",
                "email_confirmed_at": now,
                "password_hash": shared,
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
        deelnames, biljetten = [], []
        seeded: Counter[int] = Counter()
        for uid in range(1, ballots + 2):
            chosen = _choice(rng, plan_ids, costs)
            seeded.update(chosen)
            day = (now - timedelta(days=rng.randrange(10))).date()
            deelnames.append({"begroting_id": begroting_id, "user_id": uid, "gestemd_op": day})
            biljetten.append(
                {
                    "sleutel": ballot_key(begroting_id, uid),
                    "begroting_id": begroting_id,
                    "keuzes": json.dumps(chosen),
                    "dag": day,
                }
            )
        db.session.remove()
    with psycopg.connect(plain) as conn:
        _copy(conn, User.__table__, users)
        _copy(conn, Deelname.__table__, deelnames)
        _copy(conn, Stembiljet.__table__, biljetten)
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('\"user\"', 'id'), (SELECT max(id) FROM \"user\"))"
        )
        conn.commit()
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")
    os.sync()
    return {
        "begroting_id": begroting_id,
        "wijk_id": wijk_id,
        "plan_ids": plan_ids,
        "costs": costs,
        "seeded": seeded,
        "bench_voter": ballots + 1,
        "load_voters": list(range(ballots + 2, n_users + 1)),
        "seconds": round(time.perf_counter() - started),
    }


class Voter:
    """One browser: its own cookies (Secure ones too, as a TLS proxy passes them) and address."""

    def __init__(self, base: str, address: str) -> None:
        self.base = base
        self.address = address
        self.http = requests.Session()
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
        from http.cookies import SimpleCookie

        headers = {
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Referer": self.base.replace("http://", "https://") + path,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(
            method, self.base + path, data=data, headers=headers, allow_redirects=False, timeout=60
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        self.http.cookies.clear()
        return response

    def token(self, path: str) -> str:
        page = self.send("GET", path).text
        match = _TOKEN.search(page)
        if match is None:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def login(self, email: str) -> None:
        token = self.token("/account/inloggen")
        response = self.send(
            "POST",
            "/account/inloggen",
            {"csrf_token": token, "email": email, "password": PASSWORD},
        )
        if response.status_code != 302:
            raise RuntimeError(f"login of {email}: HTTP {response.status_code}")

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def wrk_with(url: str, duration: int, connections: int, headers: list[str]) -> dict[str, float]:
    """``ideeen_bench.wrk`` with request headers (the voter's cookie, the proxy's headers)."""
    import subprocess

    extra = [arg for h in headers for arg in ("-H", h)]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {
        m.group(1): float(m.group(2)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(3)]
        for m in re.finditer(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return {"rps": rps, "p50": lat.get("50", float("nan")), "p99": lat.get("99", float("nan"))}


def load_run(base: str, data: dict[str, Any], changes: int) -> dict[str, Any]:
    """Every load voter logs in; then all vote at once, ``changes`` times (first vote, then
    changes). Returns the last choice the server confirmed (302) per voter, and failures."""
    voters = data["load_voters"]
    barrier = threading.Barrier(len(voters))
    confirmed: dict[int, list[int]] = {}
    failures: list[str] = []
    lock = threading.Lock()
    timings: list[float] = []
    path = f"/begroten/{data['begroting_id']}/stemmen"

    def one(k: int, uid: int) -> None:
        rng = random.Random(uid)
        voter = Voter(base, f"10.24.{k // 200}.{k % 200 + 1}")
        try:
            voter.login(f"kiezer{uid}@bench.invalid")
            for _ in range(changes):
                token = voter.token(path)
                chosen = _choice(rng, data["plan_ids"], data["costs"])
                form = {
                    "csrf_token": token,
                    "plan": [str(p) for p in chosen],
                    "wijk_id": str(data["wijk_id"]),
                    "leeftijd": "y",
                    "actie": "stem",
                }
                barrier.wait(timeout=120)
                started = time.perf_counter()
                response = voter.send("POST", path, form)
                with lock:
                    timings.append(time.perf_counter() - started)
                    if response.status_code == 302 and "/gestemd" in response.headers.get(
                        "Location", ""
                    ):
                        confirmed[uid] = chosen
                    else:
                        failures.append(f"voter {uid}: HTTP {response.status_code}")
        except Exception as error:  # noqa: BLE001 - every failure is reported, none hidden
            with lock:
                failures.append(f"voter {uid}: {error!r}")
            barrier.abort()

    threads = [threading.Thread(target=one, args=(k, uid)) for k, uid in enumerate(voters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"confirmed": confirmed, "failures": failures, "timings": timings}


def check_load(url: str, secret_key: str, data: dict[str, Any], run: dict[str, Any]) -> list[str]:
    """Read the database back: nothing lost, nothing doubled, the recount equals the totals."""
    from open_nijmegen import create_app
    from open_nijmegen.begroten import ballots
    from open_nijmegen.begroten.counting import PlanInput, count
    from open_nijmegen.begroten.models import Deelname, Stembiljet
    from open_nijmegen.extensions import db

    problems = list(run["failures"])
    app = create_app({"DATABASE_URL": url, "ENV": "test", "SECRET_KEY": secret_key})
    bid = data["begroting_id"]
    expected_voters = len(data["seeded_ids"]) + len(data["load_voters"])
    with app.app_context():
        voters = db.session.scalar(
            db.select(db.func.count()).select_from(Deelname).where(Deelname.begroting_id == bid)
        )
        online = ballots.counts(bid)["online"]
        if voters != expected_voters or online != expected_voters:
            problems.append(
                f"{voters} voters and {online} ballots in the database, {expected_voters} expected"
            )
        for uid in data["load_voters"]:
            row = db.session.get(Stembiljet, ballots.ballot_key(bid, uid))
            want = run["confirmed"].get(uid)
            if row is None or want is None or list(row.keuzes) != want:
                problems.append(
                    f"voter {uid}: stored {None if row is None else row.keuzes}, confirmed {want}"
                )
        plans = [PlanInput(pid, data["costs"][pid]) for pid in data["plan_ids"]]
        recount = count(plans, ballots.all_ballots(bid), BUDGET)
        totals = Counter(data["seeded"])
        for chosen in run["confirmed"].values():
            totals.update(chosen)
        for pid in data["plan_ids"]:
            got = recount.per_plan[pid]["stemmen"]
            if got != totals[pid]:
                problems.append(f"plan {pid}: recount {got} votes, the totals say {totals[pid]}")
        db.session.remove()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--voters", type=int, default=24, help="voters at once in the load run")
    parser.add_argument("--changes", type=int, default=3, help="ballots each load voter sends")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    url = args.database_url
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    secret_key = secrets.token_urlsafe(40)
    data = seed(url, args.ballots, args.voters, secret_key)
    data["seeded_ids"] = list(range(1, args.ballots + 2))
    print(
        f"begroten data: 1 begroting (budget EUR {BUDGET:,}), {len(data['plan_ids'])} plans, "
        f"{args.ballots + 1:,} ballots cast, {args.voters} voters for the load run "
        f"(seeded in {data['seconds']} s)"
    )
    env = {**_site_env(url), "OPEN_NIJMEGEN_SECRET_KEY": secret_key}
    env["OPEN_NIJMEGEN_TRUSTED_PROXIES"] = "1"
    servers = []
    status = 0
    try:
        port = _free_port()
        servers.append(_gunicorn("open_nijmegen:create_app()", port, env, ROOT))
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/begroten")
        bench_voter = Voter(base, "10.23.0.1")
        bench_voter.login(f"kiezer{data['bench_voter']}@bench.invalid")
        vote_path = f"/begroten/{data['begroting_id']}/stemmen"
        page = bench_voter.send("GET", vote_path)
        if page.status_code != 200 or "U hebt al gestemd" not in page.text:
            raise RuntimeError(f"{vote_path} is not the page of a voter who voted")
        page_bytes = len(page.content)
        detail = bench_voter.send("GET", f"/begroten/{data['begroting_id']}")
        detail_path = detail.headers.get("Location", f"/begroten/{data['begroting_id']}")
        floor_port = _free_port()
        floor_dir = Path(tempfile.mkdtemp(prefix="begroten-floor-"))
        (floor_dir / "floor_app.py").write_text(_floor_source(page_bytes))
        servers.append(_gunicorn("floor_app:app", floor_port, _site_env(""), floor_dir))
        _wait(f"http://127.0.0.1:{floor_port}/floor")
        proxy = ["X-Forwarded-Proto: https", "X-Forwarded-For: 10.23.0.1"]
        runs = {
            "floor": (f"http://127.0.0.1:{floor_port}/floor", []),
            "stemmen": (base + vote_path, [*proxy, f"Cookie: {bench_voter.cookie_header()}"]),
            "begroting": (base + detail_path, proxy),
        }
        for target, headers in runs.values():  # warm up
            wrk_with(target, 4, args.connections, headers)
        results: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        names = list(runs)
        for r in range(args.rounds):
            shift = r % len(names)
            for name in names[shift:] + names[:shift]:
                target, headers = runs[name]
                results[name].append(wrk_with(target, args.duration, args.connections, headers))
        med = {
            name: {k: statistics.median(x[k] for x in rows) for k in ("rps", "p50", "p99")}
            for name, rows in results.items()
        }
        floor = med["floor"]["rps"]
        print(
            f"wrk: {args.rounds} rounds x {args.duration} s per page, {args.connections} "
            f"connections, gunicorn 2 workers; medians. The voting page is {page_bytes:,} bytes; "
            "the floor renders a template of the same size"
        )
        print(f"{'page':<12} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'/floor':>8}")
        for name, m in med.items():
            print(
                f"{name:<12} {m['rps']:>9.1f} {m['p50']:>9.1f} {m['p99']:>9.1f} "
                f"{m['rps'] / floor:>8.0%}"
            )
        ratio = med["stemmen"]["rps"] / floor
        ok = ratio >= 0.7
        print(
            f"begroten voting page with {args.ballots + 1:,} ballots cast: {ratio:.0%} of the "
            f"floor; target >= 70%: {'OK' if ok else 'NIET GEHAALD'}"
        )
        # A missed target is printed, not an error: on the shared machine the ratio moves
        # with the load. A lost or doubled ballot below is an error.

        started = time.perf_counter()
        run = load_run(base, data, args.changes)
        seconds = time.perf_counter() - started
        problems = check_load(url, secret_key, data, run)
        timings = sorted(run["timings"])
        p50 = statistics.median(timings) * 1000 if timings else float("nan")
        worst = timings[-1] * 1000 if timings else float("nan")
        print(
            f"begroten load run: {args.voters} voters at once, {args.changes} ballots each "
            f"(a first vote, then changes), {len(timings)} ballots sent in {seconds:.1f} s "
            f"(submit p50 {p50:.0f} ms, slowest {worst:.0f} ms); "
            f"{len(run['confirmed'])} voters confirmed; recount = totals: "
            f"{'OK' if not problems else 'FOUT'}"
        )
        for problem in problems[:20]:
            print("  FOUT:", problem)
        status |= 1 if problems else 0
    finally:
        for process in servers:
            _stop(process)
    return status


if __name__ == "__main__":
    sys.exit(main())
