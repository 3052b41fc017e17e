"""``make loadtest``: several app servers under load and faults, then proof that nothing was lost.

On loopback only: PostgreSQL (started by scripts/loadtest.sh), a Redis server with an
append-only file, two app instances (gunicorn with deploy/gunicorn.conf.py, production
configuration behind a simulated TLS proxy: X-Forwarded-For/-Proto), two ``flask worker``
processes and a real SMTP server (aiosmtpd) that records every Message-ID.

A few hundred pre-created residents (plus a few who register and confirm by the mail link)
log in through either instance and support, withdraw, react, follow and browse through both
instances at once; an officer answers ideas (mail to every follower). In the middle: one app
instance is killed (SIGKILL) and started again, one worker is killed while it sends mail and
started again, and Redis is stopped and started again.

Afterwards it proves, and exits non-zero when one fails:
- per idea: database recount of supports == stored counter == count on the public page (both
  instances) == the client's own log; requests whose outcome is unknown (the instance died
  under them) are counted as ambiguous and resolved by reading the resident's own page;
  reactions and follows likewise;
- every outbox mail was delivered exactly once (Message-ID de-duplication at the SMTP server);
  a second copy is allowed only for mails the killed worker had claimed (the crash window),
  and is reported apart;
- the login rate limit holds across both instances (the configured number in total, not per
  instance), and while Redis is down the app keeps serving and limits in memory;
- a pg_dump (custom format) restored into a fresh database gives the same row counts.

    python bench/loadtest.py --database-url postgresql+psycopg://... [--seconds 90]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email
import itertools
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email import policy
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import requests
import urllib3

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

PASSWORD = "loadtest-wachtwoord-2026"  # noqa: S105 - throwaway accounts on loopback
DOMAIN = "loadtest.example.org"
BASE_URL = "https://open-nijmegen.loadtest"
GUNICORN_WORKERS = 2  # per app instance
SUPPORT_IDEAS = 30  # ideas residents support, withdraw and react on
FOLLOW_IDEAS = 8  # ideas residents only follow and unfollow (no supports: follows stay simple)

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_SUPPORT_COUNT = re.compile(r"(\d+) (?:persoon steunt|personen steunen) dit idee")
_REACTION_COUNT = re.compile(r"Reacties \((\d+)\)")


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the SMTP server -------------------------------------------------------------------------


class Sink:
    """A real SMTP server; records Message-ID, recipient and arrival time of every mail."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.received: list[tuple[str, str, float]] = []
        self.bodies: dict[str, str] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        await asyncio.sleep(self.delay)  # a real mail server takes a moment
        text = message.get_body(("plain",))
        with self.lock:
            self.received.append((str(message["Message-ID"]), str(message["To"]), time.time()))
            self.bodies[str(message["To"])] = text.get_content() if text else ""
        return "250 OK"

    def body_for(self, address: str) -> str | None:
        with self.lock:
            return self.bodies.get(address)


# -- processes -------------------------------------------------------------------------------


@dataclass
class Proc:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=5).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"no answer from {url}")


def wait_redis(port: int, up: bool, timeout: float = 20) -> None:
    import redis

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            redis.Redis(port=port, socket_timeout=1).ping()
            if up:
                return
        except redis.RedisError:
            if not up:
                return
        time.sleep(0.1)
    raise RuntimeError(f"redis did not go {'up' if up else 'down'}")


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: list[float] = field(default_factory=list)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # 5xx and connection problems
    refused: int = 0  # connection refused (instance down): retried on the other instance
    actions: Counter = field(default_factory=Counter)  # confirmed by the server
    limited: Counter = field(default_factory=Counter)  # 429
    refusals: Counter = field(default_factory=Counter)  # other 4xx, by request

    def note(self, seconds: float, status: int, what: str) -> None:
        with self.lock:
            self.latency.append(seconds)
            self.requests += 1
            self.statuses[status // 100 * 100] += 1
            if status >= 500:
                self.errors[f"HTTP {status}"] += 1
            elif status >= 400 and status != 429:
                self.refusals[f"{status} {what}"] += 1

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


class Refused(Exception):
    """The connection was refused: the request never reached an app."""


class Ambiguous(Exception):
    """The request may or may not have been handled (the instance died under it)."""


def _path(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location).split("#")[0]


def supported(page: str, idea: int) -> bool:
    """The idea page, seen by a logged-in resident, offers to withdraw only their own support."""
    return f"/ideeen/{idea}/steun-intrekken" in page


def following(page: str) -> bool:
    return 'name="volgen" value="0"' in page


class Cluster:
    """The two app instances; a resident sends each request to one of the ports that are up."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports

    def pick(self, rng: random.Random) -> int:
        return rng.choice(self.ports)

    def other(self, port: int) -> int:
        return next(p for p in self.ports if p != port)


class Browser:
    """One person's browser: its own cookies (Secure cookies over our plain-HTTP loopback, as
    a TLS proxy would pass them), its own client address, requests to either instance."""

    def __init__(self, cluster: Cluster, stats: Stats, address: str, seed: int) -> None:
        self.cluster = cluster
        self.stats = stats
        self.address = address
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.cookies: dict[str, str] = {}

    def _store_cookies(self, response: requests.Response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if expired or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.http.cookies.clear()

    def send(
        self, method: str, path: str, data: dict[str, str] | None = None, port: int | None = None
    ) -> tuple[requests.Response, int]:
        """Send one request; a refused connection is retried once on the other instance."""
        port = port or self.cluster.pick(self.rng)
        for attempt in range(2):
            try:
                return self._send_once(method, path, data, port), port
            except Refused:
                with self.stats.lock:
                    self.stats.refused += 1
                if attempt == 1:
                    raise
                port = self.cluster.other(port)
        raise AssertionError("unreachable")

    def _send_once(
        self, method: str, path: str, data: dict[str, str] | None, port: int
    ) -> requests.Response:
        headers = {
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{port}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            response = self.http.request(
                method,
                f"http://127.0.0.1:{port}{path}",
                data=data,
                headers=headers,
                allow_redirects=False,
                timeout=60,
            )
        except requests.ConnectionError as error:
            reason = error.args[0] if error.args else None
            if isinstance(reason, urllib3.exceptions.MaxRetryError) and isinstance(
                reason.reason, urllib3.exceptions.NewConnectionError
            ):
                raise Refused from error
            self.stats.error("connection lost")
            raise Ambiguous(str(error)) from error
        except requests.Timeout as error:
            self.stats.error("timeout")
            raise Ambiguous(str(error)) from error
        self.stats.note(time.perf_counter() - started, response.status_code, f"{method} {path}")
        self._store_cookies(response)
        if response.status_code >= 500:
            raise Ambiguous(f"HTTP {response.status_code}")
        return response

    def get(self, path: str, port: int | None = None) -> str:
        response, _ = self.send("GET", path, port=port)
        while response.status_code in (301, 302, 303, 308):
            response, _ = self.send("GET", _path(response.headers["Location"]))
        return response.text

    def token(self, page: str) -> str:
        match = _TOKEN.search(page)
        if match is None:
            raise RuntimeError("no CSRF token on the page")
        return match.group(1)

    def post(
        self, path: str, page: str, data: dict[str, str] | None = None, port: int | None = None
    ) -> requests.Response:
        payload = {"csrf_token": self.token(page), **(data or {})}
        response, _ = self.send("POST", path, payload, port=port)
        if response.status_code == 429:
            with self.stats.lock:
                self.stats.limited[path.split("/")[1]] += 1
        return response

    def login(self, address: str, password: str) -> bool:
        page = self.get("/account/inloggen")
        response = self.post("/account/inloggen", page, {"email": address, "password": password})
        return response.status_code == 302


# -- the residents ---------------------------------------------------------------------------


@dataclass
class Resident:
    id: int
    email: str
    browser: Browser
    supports: dict[int, bool | None] = field(default_factory=dict)  # None: outcome unknown
    follows: dict[int, bool | None] = field(default_factory=dict)
    reactions: dict[str, tuple[int, bool | None]] = field(default_factory=dict)  # tag -> idea
    logged_in: bool = False


@dataclass
class Ledger:
    """Everything the server confirmed, and every action with an unknown outcome."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    ambiguous: Counter = field(default_factory=Counter)
    mails_expected: int = 0


class Load:
    def __init__(self, cluster: Cluster, stats: Stats, ideas: dict[int, str], staff: str) -> None:
        self.cluster = cluster
        self.stats = stats
        self.ideas = ideas  # id -> page path
        self.support_ideas = sorted(ideas)[:SUPPORT_IDEAS]
        self.follow_ideas = sorted(ideas)[SUPPORT_IDEAS:]
        self.ledger = Ledger()
        self.residents: list[Resident] = []
        self.counter = itertools.count(1)
        self.stop = threading.Event()
        self.staff_email = staff

    def resident(self, user_id: int, address: str) -> Resident:
        n = len(self.residents) + 1
        ip = f"10.{n // 250}.{n % 250}.{1 + n % 200}"
        r = Resident(user_id, address, Browser(self.cluster, self.stats, ip, seed=user_id))
        self.residents.append(r)
        return r

    def _confirmed(self, kind: str) -> None:
        with self.stats.lock:
            self.stats.actions[kind] += 1

    def _unknown(self, kind: str) -> None:
        with self.ledger.lock:
            self.ledger.ambiguous[kind] += 1

    # One visit: log in when needed, then a handful of actions on random instances.
    def visit(self, r: Resident) -> None:
        b = r.browser
        try:
            if not r.logged_in:
                r.logged_in = b.login(r.email, PASSWORD)
                if not r.logged_in:
                    self.stats.error("login refused")
                    return
                self._confirmed("login")
            for _ in range(b.rng.randint(4, 9)):
                if self.stop.is_set():
                    return
                self.action(r)
        except (Ambiguous, Refused):
            return  # the outcome of the last action was noted; the next visit goes on

    def action(self, r: Resident) -> None:
        b = r.browser
        roll = b.rng.random()
        if roll < 0.15:
            b.get(b.rng.choice(["/ideeen", "/ideeen?sort=steun", "/", "/ideeen?sort=reacties"]))
            self._confirmed("browse")
            return
        if roll < 0.60:
            idea = b.rng.choice(self.support_ideas)
            state = r.supports.get(idea, False)
            if state is None:
                return  # unknown after a crash: this resident leaves it until the end
            self.toggle_support(r, idea, add=not state if b.rng.random() < 0.8 else True)
        elif roll < 0.78:
            self.react(r, b.rng.choice(self.support_ideas + self.follow_ideas))
        elif roll < 0.93:
            idea = b.rng.choice(self.follow_ideas)
            if r.follows.get(idea, False) is None:
                return
            self.follow(r, idea, not r.follows.get(idea, False))
        else:
            self.forgot_password(r)

    def toggle_support(self, r: Resident, idea: int, add: bool) -> None:
        b = r.browser
        page = b.get(self.ideas[idea])
        path = f"/ideeen/{idea}/steunen" if add else f"/ideeen/{idea}/steun-intrekken"
        try:
            response = b.post(path, page)
        except Ambiguous:
            r.supports[idea] = None
            self._unknown("support" if add else "withdraw")
            raise
        if response.status_code == 429:
            return
        if response.status_code != 302:
            self.stats.error(f"{path.split('/')[-1]} {response.status_code}")
            return
        # Confirmed: the page the server sends the resident to shows their support or not (a
        # rule may refuse, e.g. supporting one's own idea).
        try:
            after = b.get(_path(response.headers["Location"]))
        except (Ambiguous, Refused):
            r.supports[idea] = None
            self._unknown("support" if add else "withdraw")
            raise
        now = supported(after, idea)
        if now == add:
            self._confirmed("support" if add else "withdraw")
        else:
            self._confirmed("refused by a rule")
        r.supports[idea] = now

    def react(self, r: Resident, idea: int) -> None:
        b = r.browser
        page = b.get(self.ideas[idea])
        tag = f"lt{r.id}x{next(self.counter)}"
        body = f"Goed idee. Ik woon hier ook en ik help graag mee. Code {tag}."
        try:
            response = b.post(f"/reacties/idee/{idea}", page, {"body": body})
        except Ambiguous:
            r.reactions[tag] = (idea, None)
            self._unknown("react")
            raise
        if response.status_code == 302:
            r.reactions[tag] = (idea, True)
            self._confirmed("react")
        elif response.status_code != 429:
            self.stats.error(f"react {response.status_code}")

    def follow(self, r: Resident, idea: int, active: bool) -> None:
        b = r.browser
        page = b.get(self.ideas[idea])
        try:
            response = b.post(f"/volgen/idee/{idea}", page, {"volgen": "1" if active else "0"})
        except Ambiguous:
            r.follows[idea] = None
            self._unknown("follow")
            raise
        if response.status_code != 302:
            self.stats.error(f"follow {response.status_code}")
            return
        try:
            after = b.get(_path(response.headers["Location"]))
        except (Ambiguous, Refused):
            r.follows[idea] = None
            self._unknown("follow")
            raise
        r.follows[idea] = following(after)
        self._confirmed("follow" if r.follows[idea] else "unfollow")

    def forgot_password(self, r: Resident) -> None:
        b = r.browser
        page = b.get("/account/wachtwoord-vergeten")
        try:
            response = b.post("/account/wachtwoord-vergeten", page, {"email": r.email})
        except Ambiguous:
            self._unknown("password mail")
            raise
        if response.status_code == 200:
            self._confirmed("password mail")
        elif response.status_code != 429:
            self.stats.error(f"password mail {response.status_code}")

    def register(self, n: int, sink: Sink) -> Resident | None:
        """A new resident registers, gets the mail, confirms by its link, logs in."""
        address = f"nieuw{n}@{DOMAIN}"
        r = self.resident(-n, address)
        b = r.browser
        page = b.get("/account/registreren")
        response = b.post(
            "/account/registreren",
            page,
            {
                "display_name": f"Nieuwe bewoner {n}",
                "email": address,
                "password": PASSWORD,
                "accept": "y",
            },
        )
        if response.status_code != 302:
            self.stats.error(f"register {response.status_code}")
            return None
        self._confirmed("register")
        deadline = time.time() + 60
        while (body := sink.body_for(address)) is None and time.time() < deadline:
            time.sleep(0.5)
        match = re.search(r"https?://[^/\s]+(/account/bevestigen/\S+)", body or "")
        if match is None:
            self.stats.error("no confirmation mail")
            return None
        link = match.group(1)
        page = b.get(link)
        if b.post(link, page).status_code != 302:
            self.stats.error("confirmation refused")
            return None
        self._confirmed("confirm e-mail")
        return r

    def answer(self, idea: int, text: str) -> bool:
        """The officer gives an official answer: a mail to every follower."""
        officer = Browser(self.cluster, self.stats, "172.16.0.9", seed=7)
        if not officer.login(self.staff_email, PASSWORD):
            self.stats.error("staff login refused")
            return False
        page = officer.get(f"/beheer/ideeen/{idea}")
        response = officer.post(
            f"/beheer/ideeen/{idea}/status",
            page,
            {"status": "in_behandeling", "toelichting": text},
        )
        ok = response.status_code == 302
        if ok:
            self._confirmed("official answer")
        else:
            self.stats.error(f"answer {response.status_code}")
        return ok

    def run(self, seconds: float, threads: int) -> None:
        deadline = time.time() + seconds
        order = list(self.residents)

        def loop(k: int) -> None:
            rng = random.Random(k)
            while time.time() < deadline and not self.stop.is_set():
                r = rng.choice(order)
                with _busy(r) as free:
                    if free:
                        self.visit(r)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            for future in [pool.submit(loop, k) for k in range(threads)]:
                future.result()


_BUSY: set[int] = set()
_BUSY_LOCK = threading.Lock()


@contextlib.contextmanager
def _busy(r: Resident) -> Iterator[bool]:
    """One browser per resident acts at a time (a person does one thing after another)."""
    with _BUSY_LOCK:
        free = r.id not in _BUSY
        _BUSY.add(r.id)
    try:
        yield free
    finally:
        if free:
            with _BUSY_LOCK:
                _BUSY.discard(r.id)


# -- seeding ---------------------------------------------------------------------------------


def seed(app: Any, residents: int) -> tuple[list[int], dict[int, str], str]:
    """Reference data, residents (one shared password hash), an officer, published ideas."""
    import sqlalchemy as sa

    from open_nijmegen.accounts import services as account_services
    from open_nijmegen.accounts.models import Role, User
    from open_nijmegen.accounts.passwords import hash_password
    from open_nijmegen.core.db import utcnow
    from open_nijmegen.core.models import Setting
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.extensions import db
    from open_nijmegen.ideeen.demo import seed_reference_data
    from open_nijmegen.ideeen.models import Idee, Moderatie, Thema, Traject

    with app.app_context():
        seed_reference_data()
        # Officers log in with a password only here (the two-step code is tested elsewhere).
        db.session.add(Setting(key="accounts.tweestaps_medewerkers", value=False))
        db.session.commit()
        shared = hash_password(PASSWORD)
        now = utcnow()
        db.session.execute(
            sa.insert(User),
            [
                {
                    "display_name": f"Bewoner {i}",
                    "display_name_key": f"bewoner {i}",
                    "email": f"bewoner{i}@{DOMAIN}",
                    "email_confirmed_at": now,
                    "password_hash": shared,
                    "role": Role.INWONER,
                }
                for i in range(1, residents + 1)
            ],
        )
        staff = account_services.create_user(
            "Medewerker Ideeën",
            f"medewerker@{DOMAIN}",
            PASSWORD,
            Role.PARTICIPATIEMEDEWERKER,
            confirmed=True,
        )
        account_services.set_role(None, staff, Role.PARTICIPATIEMEDEWERKER, ["ideeen"])
        traject = db.session.scalar(sa.select(Traject).where(Traject.doorlopend.is_(True)))
        wijken = list(db.session.scalars(sa.select(Wijk)))
        themas = list(db.session.scalars(sa.select(Thema)))
        ids = list(db.session.scalars(sa.select(User.id).where(User.role == Role.INWONER)))
        ideas = []
        for k in range(SUPPORT_IDEAS + FOLLOW_IDEAS):
            idea = Idee(
                traject=traject,
                author_id=ids[k],
                titel=f"Meer groen in de straat, plan {k + 1}",
                tekst="Wij willen meer bomen en planten in onze straat. Dat is fijn voor iedereen.",
                wijk=wijken[k % len(wijken)],
                thema=themas[k % len(themas)],
                moderatie=Moderatie.GOEDGEKEURD,
                published_at=now,
            )
            db.session.add(idea)
            ideas.append(idea)
        db.session.commit()
        pages = {i.id: f"/ideeen/{i.id}-{i.slug}" for i in ideas}
        db.session.remove()
        return ids, pages, f"medewerker@{DOMAIN}"


# -- checks ----------------------------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def expect(self, ok: bool, text: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {text}")
        if not ok:
            self.failures.append(text)


def count_table(conn: Any, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608


MAIN_TABLES = [
    "user",
    "idee",
    "steun",
    "reaction",
    "follow",
    "status_change",
    "outbox_message",
    "job",
    "audit_log",
    "login_event",
]


def table_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        counts = {t: count_table(conn, t) for t in MAIN_TABLES}
        counts["sum(support_count)"] = int(
            conn.execute("SELECT coalesce(sum(support_count), 0) FROM idee").fetchone()[0]
        )
        counts["sum(reaction_count)"] = int(
            conn.execute("SELECT coalesce(sum(reaction_count), 0) FROM idee").fetchone()[0]
        )
    return counts


def dump_and_restore(plain_url: str, workdir: Path, checks: Checks) -> None:
    import psycopg

    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    tool = (lambda name: str(pgbin[-1] / name)) if pgbin else (lambda name: name)
    dump = workdir / "open_nijmegen.dump"
    started = time.perf_counter()
    subprocess.run([tool("pg_dump"), "-Fc", "-f", str(dump), "-d", plain_url], check=True)
    restored_name = "open_nijmegen_restored"
    admin = re.sub(r"/[^/]+$", "/postgres", plain_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        conn.execute(f'CREATE DATABASE "{restored_name}"')
    restored = re.sub(r"/[^/]+$", f"/{restored_name}", plain_url)
    subprocess.run(
        [tool("pg_restore"), "--no-owner", "--exit-on-error", "-d", restored, str(dump)],
        check=True,
    )
    seconds = time.perf_counter() - started
    before, after = table_counts(plain_url), table_counts(restored)
    print(f"\n== pg_dump -Fc ({dump.stat().st_size / 1e6:.1f} MB) + pg_restore: {seconds:.1f} s ==")
    print(f"  {'table':<22} {'live':>9} {'restored':>9}")
    for name in before:
        print(f"  {name:<22} {before[name]:>9} {after[name]:>9}")
    checks.expect(before == after, "the restored database has the same row counts and counters")


# -- main ------------------------------------------------------------------------------------


def main() -> int:  # noqa: C901 - one scenario, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--new-residents", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=90, help="length of the load phase")
    parser.add_argument("--threads", type=int, default=24, help="residents acting at once")
    parser.add_argument("--redis-port", type=int, default=0)
    args = parser.parse_args()

    url = args.database_url
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    plain_url = url.replace("postgresql+psycopg://", "postgresql://")
    work = Path(tempfile.mkdtemp(prefix="open-nijmegen-loadtest-"))
    uploads = work / "uploads"  # the shared upload volume of both instances
    uploads.mkdir()
    checks = Checks()
    procs: list[Proc] = []
    keep = os.environ.get("LOADTEST_KEEP") == "1"

    from aiosmtpd.controller import Controller

    sink = Sink(delay=0.01)
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    redis_port = args.redis_port or free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OPEN_NIJMEGEN_")},
        "OPEN_NIJMEGEN_ENV": "production",
        "OPEN_NIJMEGEN_SECRET_KEY": secrets.token_urlsafe(40),
        "OPEN_NIJMEGEN_DATABASE_URL": url,
        "OPEN_NIJMEGEN_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "OPEN_NIJMEGEN_BASE_URL": BASE_URL,
        "OPEN_NIJMEGEN_TRUSTED_PROXIES": "1",
        "OPEN_NIJMEGEN_SMTP_HOST": "127.0.0.1",
        "OPEN_NIJMEGEN_SMTP_PORT": str(smtp_port),
        "OPEN_NIJMEGEN_MAIL_PRINT": "0",
        "OPEN_NIJMEGEN_UPLOAD_FOLDER": str(uploads),
        "OPEN_NIJMEGEN_LOG_LEVEL": "WARNING",
        "FLASK_APP": "open_nijmegen",
        "GUNICORN_WORKERS": str(GUNICORN_WORKERS),
        "GUNICORN_LOGLEVEL": "warning",
    }
    redis = Proc(
        "redis",
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(work),
            "--save",
            "",
            "--appendonly",
            "yes",  # rate-limit counters survive a restart
            "--appendfsync",
            "everysec",
        ],
        env,
        work / "redis.log",
    )
    ports = [free_port(), free_port()]
    apps = [
        Proc(
            f"app{i + 1}",
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
            {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            work / f"app{i + 1}.log",
        )
        for i, port in enumerate(ports)
    ]
    workers = [
        Proc(f"worker{i + 1}", [str(BIN / "flask"), "worker"], env, work / f"worker{i + 1}.log")
        for i in range(2)
    ]
    try:
        say(f"work folder {work}; SMTP on {smtp_port}, Redis on {redis_port}, apps on {ports}")
        redis.start()
        procs.append(redis)
        wait_redis(redis_port, up=True)
        subprocess.run(
            [str(BIN / "flask"), "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        os.environ.update({k: v for k, v in env.items() if k.startswith("OPEN_NIJMEGEN_")})
        from open_nijmegen import create_app

        app = create_app()
        started = time.perf_counter()
        user_ids, ideas, staff = seed(app, args.residents)
        say(
            f"seeded {len(user_ids)} residents, 1 officer, {len(ideas)} ideas in "
            f"{time.perf_counter() - started:.1f} s"
        )
        for p in apps + workers:
            p.start()
            procs.append(p)
        for port in ports:
            wait_http(f"http://127.0.0.1:{port}/healthz")
        stats = Stats()
        cluster = Cluster(ports)
        load = Load(cluster, stats, ideas, staff)
        for i, uid in enumerate(user_ids, start=1):
            load.resident(uid, f"bewoner{i}@{DOMAIN}")

        # New residents register and confirm by mail while the others are busy.
        def newcomers() -> None:
            for n in range(1, args.new_residents + 1):
                if load.stop.is_set():
                    return
                with contextlib.suppress(Ambiguous, Refused):
                    r = load.register(n, sink)
                    if r is not None:
                        load.visit(r)

        events: list[str] = []
        crash_window: set[str] = set()
        redis_up_at = [0.0]
        redis_down: dict[str, Any] = {"served": 0, "errors": 0, "limited_after": None}
        from open_nijmegen.accounts.views import LOGIN_LIMIT

        per_minute = int(LOGIN_LIMIT.split(" per minute")[0])

        def faults() -> None:  # noqa: C901 - the timeline, in order
            import psycopg

            def at(fraction: float) -> None:
                while time.time() < t0 + args.seconds * fraction and not load.stop.is_set():
                    time.sleep(0.1)

            at(0.08)
            load.answer(load.support_ideas[0], "We gaan dit idee bekijken. U hoort snel meer.")
            at(0.18)
            victim = apps[1]
            victim.kill(signal.SIGKILL)
            events.append(f"{time.time() - t0:5.1f} s  app2 killed (SIGKILL)")
            time.sleep(3)
            victim.start()
            wait_http(f"http://127.0.0.1:{ports[1]}/healthz")
            events.append(f"{time.time() - t0:5.1f} s  app2 serving again")
            at(0.30)
            load.answer(load.support_ideas[1], "We gaan dit idee bekijken. U hoort snel meer.")
            # Kill a worker while it is sending: some mails are then claimed but not marked.
            deadline = time.time() + 10
            with psycopg.connect(plain_url, autocommit=True) as conn:
                while time.time() < deadline:
                    rows = conn.execute(
                        "SELECT message_id FROM outbox_message WHERE status = 'sending'"
                    ).fetchall()
                    if rows:
                        break
                    time.sleep(0.02)
                for w in workers:
                    w.kill(signal.SIGKILL)  # both: whichever was sending
                rows = conn.execute(
                    "SELECT message_id FROM outbox_message WHERE status = 'sending'"
                ).fetchall()
                crash_window.update(r[0] for r in rows)
            events.append(
                f"{time.time() - t0:5.1f} s  both workers killed (SIGKILL) while sending; "
                f"{len(crash_window)} mails left claimed"
            )
            time.sleep(2)
            for w in workers:
                w.start()
            events.append(f"{time.time() - t0:5.1f} s  workers started again")
            at(0.40)
            with stats.lock:
                before = sum(stats.statuses.values()), sum(stats.errors.values())
            redis.kill(signal.SIGTERM)  # a clean stop writes the append-only file
            wait_redis(redis_port, up=False)
            down_at = time.time()
            events.append(f"{time.time() - t0:5.1f} s  Redis stopped")
            # While Redis is down the site serves on, and every app process limits in its own
            # memory: one instance lets through at most (its processes x the limit).
            probe = Browser(cluster, stats, "192.0.2.88", seed=88)
            page = probe.get("/account/inloggen", port=ports[0])
            for attempt in range(GUNICORN_WORKERS * per_minute + 2):
                response = probe.post(
                    "/account/inloggen",
                    page,
                    {"email": f"x@{DOMAIN}", "password": "fout"},
                    port=ports[0],
                )
                if response.status_code == 429:
                    redis_down["limited_after"] = attempt
                    break
            time.sleep(max(0.0, 10 - (time.time() - down_at)))
            with stats.lock:
                after = sum(stats.statuses.values()), sum(stats.errors.values())
            redis_down["served"] = after[0] - before[0]
            redis_down["errors"] = after[1] - before[1]
            redis_down["seconds"] = round(time.time() - down_at)
            redis.start()
            wait_redis(redis_port, up=True)
            redis_up_at[0] = time.time()
            events.append(f"{time.time() - t0:5.1f} s  Redis started again")
            at(0.65)
            load.answer(load.support_ideas[2], "We gaan dit idee bekijken. U hoort snel meer.")

        t0 = time.time()
        say(f"load: {len(load.residents)} residents, {args.threads} at once, {args.seconds} s")
        side = [threading.Thread(target=faults), threading.Thread(target=newcomers)]
        for t in side:
            t.start()
        load.run(args.seconds, args.threads)
        load.stop.set()
        for t in side:
            t.join()
        elapsed = time.time() - t0
        say("load done; resolving unknown outcomes, waiting for the outbox")

        # -- resolve the actions whose outcome is unknown: read the resident's own page --
        resolved = Counter()
        for r in load.residents:
            b = Browser(cluster, Stats(), r.browser.address, seed=1)
            b.cookies = dict(r.browser.cookies)
            for idea, state in list(r.supports.items()):
                if state is None:
                    page = b.get(ideas[idea], port=ports[0])
                    r.supports[idea] = supported(page, idea)
                    resolved[f"support -> {'on' if r.supports[idea] else 'off'}"] += 1
            for idea, state in list(r.follows.items()):
                if state is None:
                    page = b.get(ideas[idea], port=ports[0])
                    r.follows[idea] = following(page)
                    resolved[f"follow -> {'on' if r.follows[idea] else 'off'}"] += 1
            for tag, (idea, state) in list(r.reactions.items()):
                if state is None:
                    page = b.get(ideas[idea], port=ports[0])
                    r.reactions[tag] = (idea, tag in page)
                    resolved[f"react -> {'there' if tag in page else 'not there'}"] += 1

        # -- the outbox: wait until nothing is pending; then the crash window is re-queued --
        import psycopg

        from open_nijmegen.extensions import db
        from open_nijmegen.notifications.sender import recover_stuck

        def outbox_state() -> dict[str, int]:
            with psycopg.connect(plain_url) as conn:
                return dict(
                    conn.execute(
                        "SELECT status, count(*) FROM outbox_message GROUP BY status"
                    ).fetchall()
                )

        def outbox_sending() -> set[str]:
            with psycopg.connect(plain_url) as conn:
                rows = conn.execute(
                    "SELECT message_id FROM outbox_message WHERE status = 'sending'"
                ).fetchall()
            return {r[0] for r in rows}

        # Wait until the live workers are idle: nothing pending and nothing being sent except
        # what the killed workers left claimed; only then put those back in the queue (as
        # ``recover_stuck`` does after 15 minutes), so no live send is taken back.
        deadline = time.time() + 120
        while time.time() < deadline and (
            outbox_state().get("pending", 0) or not outbox_sending() <= crash_window
        ):
            time.sleep(1)
        with app.app_context():
            requeued = recover_stuck(minutes=0)
            db.session.remove()
        while (s := outbox_state()).get("pending", 0) + s.get("sending", 0) and (
            time.time() < deadline
        ):
            time.sleep(1)
        # Flask-Limiter re-checks a dead storage with a growing back-off (up to 32 s): give
        # every app process the time (and requests) to go back from memory to Redis.
        settle = Browser(cluster, Stats(), "192.0.2.11", seed=11)
        while time.time() < redis_up_at[0] + 40:
            for port in ports:
                settle.get("/over", port=port)
            time.sleep(0.5)

        # -- rate limits across both instances (Redis is back) --
        hammer = Browser(cluster, Stats(), "192.0.2.77", seed=77)
        passed_through = 0
        per_instance: Counter = Counter()
        page = hammer.get("/account/inloggen", port=ports[0])
        for attempt in range(2 * per_minute + 2):
            port = ports[attempt % 2]
            response, _ = hammer.send(
                "POST",
                "/account/inloggen",
                {"csrf_token": hammer.token(page), "email": f"x@{DOMAIN}", "password": "fout"},
                port=port,
            )
            if response.status_code == 429:
                break
            passed_through += 1
            per_instance[port] += 1
        import redis as redis_client

        in_redis = [
            int(redis_client.Redis(port=redis_port).get(key) or 0)
            for key in redis_client.Redis(port=redis_port).keys("LIMITS:*192.0.2.77*minute")
        ]

        # -- figures --
        lat = sorted(stats.latency)
        p50 = statistics.median(lat) * 1000 if lat else float("nan")
        p99 = lat[int(len(lat) * 0.99) - 1] * 1000 if lat else float("nan")
        print("\n== load ==")
        print(
            f"  residents: {len(load.residents)} ({args.residents} pre-created, "
            f"{len(load.residents) - args.residents} registered during the run)"
        )
        print(
            f"  app instances: 2 x gunicorn (2 workers), flask workers: 2, load threads: "
            f"{args.threads}, load phase {elapsed:.0f} s"
        )
        print(
            f"  requests: {stats.requests} ({stats.requests / elapsed:.1f}/s), "
            f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"
        )
        print(
            f"  responses: {dict(sorted(stats.statuses.items()))}; "
            f"refused connections retried on the other instance: {stats.refused}"
        )
        print(f"  errors: {dict(stats.errors) or 'none'}")
        print(f"  other 4xx answers: {dict(stats.refusals) or 'none'}")
        print(f"  rate-limited (429) during the load: {dict(stats.limited) or 'none'}")
        print(
            "  actions confirmed by the server: "
            + ", ".join(f"{k} {v}" for k, v in sorted(stats.actions.items()))
        )
        print(
            f"  ambiguous (instance died under the request): "
            f"{dict(load.ledger.ambiguous) or 'none'}; resolved from the page: "
            f"{dict(resolved) or 'nothing to resolve'}"
        )
        print("  timeline:")
        for line in events:
            print(f"    {line}")

        print("\n== supports, reactions and follows per idea ==")
        with psycopg.connect(plain_url) as conn:
            recount = dict(
                conn.execute("SELECT idee_id, count(*) FROM steun GROUP BY idee_id").fetchall()
            )
            stored = dict(conn.execute("SELECT id, support_count FROM idee").fetchall())
            reactions_db = dict(
                conn.execute(
                    "SELECT object_id, count(*) FROM reaction WHERE object_type = 'idee' "
                    "AND hidden_at IS NULL AND deleted_at IS NULL GROUP BY object_id"
                ).fetchall()
            )
            reactions_stored = dict(conn.execute("SELECT id, reaction_count FROM idee").fetchall())
            follows_db = dict(
                conn.execute(
                    "SELECT object_id, count(*) FROM follow WHERE object_type = 'idee' "
                    "AND active GROUP BY object_id"
                ).fetchall()
            )
        client_supports: Counter = Counter()
        client_reactions: Counter = Counter()
        client_follows: Counter = Counter()
        for r in load.residents:
            for idea, state in r.supports.items():
                client_supports[idea] += bool(state)
            for idea, state in r.reactions.values():
                client_reactions[idea] += bool(state)
            for idea, state in r.follows.items():
                client_follows[idea] += bool(state)
        mismatches = []
        reaction_mismatches = []
        follow_mismatches = []
        viewer = Browser(cluster, Stats(), "192.0.2.10", seed=10)
        print(
            f"  {'idea':>5} {'recount':>8} {'stored':>7} {'page1':>6} {'page2':>6} "
            f"{'client':>7} | {'reactions db/stored/page/client':>32} | follows db/client"
        )
        for idea in sorted(ideas):
            shown = []
            shown_reactions = []
            for port in ports:
                page = viewer.get(ideas[idea], port=port)
                m = _SUPPORT_COUNT.search(page)
                shown.append(int(m.group(1)) if m else -1)
                m = _REACTION_COUNT.search(page)
                shown_reactions.append(int(m.group(1)) if m else 0)
            row = [recount.get(idea, 0), stored[idea], *shown, client_supports[idea]]
            rrow = [
                reactions_db.get(idea, 0),
                reactions_stored[idea],
                *shown_reactions,
                client_reactions[idea],
            ]
            frow = [follows_db.get(idea, 0), client_follows[idea]]
            if len(set(row)) != 1:
                mismatches.append((idea, row))
            if len(set(rrow)) != 1:
                reaction_mismatches.append((idea, rrow))
            if len(set(frow)) != 1:
                follow_mismatches.append((idea, frow))
            print(
                f"  {idea:>5} {row[0]:>8} {row[1]:>7} {row[2]:>6} {row[3]:>6} {row[4]:>7} | "
                f"{'/'.join(map(str, rrow)):>32} | "
                f"{'/'.join(map(str, frow)) if idea in load.follow_ideas else '-'}"
            )
            if idea not in load.follow_ideas:
                follow_mismatches = [m for m in follow_mismatches if m[0] != idea]
        total = sum(client_supports.values())
        checks.expect(
            not mismatches,
            f"supports: recount == counter == both pages == client log "
            f"({total} supports over {len(ideas)} ideas) {mismatches or ''}",
        )
        checks.expect(
            not reaction_mismatches,
            f"reactions: recount == counter == page == client log "
            f"({sum(client_reactions.values())}) {reaction_mismatches or ''}",
        )
        checks.expect(
            not follow_mismatches,
            f"follows on the follow-only ideas: database == client log {follow_mismatches or ''}",
        )

        print("\n== mail ==")
        with psycopg.connect(plain_url) as conn:
            outbox = dict(conn.execute("SELECT message_id, status FROM outbox_message").fetchall())
        received = Counter(mid for mid, _to, _t in sink.received)
        statuses = Counter(outbox.values())
        duplicates = {m: n for m, n in received.items() if n > 1}
        in_window = {m for m in duplicates if m in crash_window}
        outside = {m for m in duplicates if m not in crash_window}
        lost = [m for m, s in outbox.items() if s == "sent" and m not in received]
        unsent = [m for m, s in outbox.items() if s not in ("sent", "digested")]
        unknown = [m for m in received if m not in outbox]
        print(
            f"  outbox: {len(outbox)} messages {dict(statuses)}; received by the SMTP "
            f"server: {sum(received.values())} ({len(received)} distinct Message-IDs)"
        )
        print(
            f"  crash window: {len(crash_window)} mails claimed by the killed workers, "
            f"re-queued by recover_stuck: {requeued}; sent twice inside the window: "
            f"{len(in_window)}"
        )
        print(f"  sent twice outside the crash window: {len(outside)}")
        checks.expect(not unsent, f"every outbox mail was sent ({len(unsent)} not sent)")
        checks.expect(not lost, f"every sent mail reached the SMTP server ({len(lost)} lost)")
        checks.expect(not outside, f"no mail sent twice outside the crash window ({len(outside)})")
        checks.expect(not unknown, "no mail at the SMTP server that is not in the outbox")

        print("\n== rate limits ==")
        checks.expect(
            passed_through == per_minute,
            f"login limit across both instances: {passed_through} wrong passwords got "
            f"through ({ {f'app on {p}': n for p, n in per_instance.items()} }), then 429; "
            f"configured: {per_minute} per minute in total; the counter in Redis: {in_redis}",
        )
        limited_after = redis_down["limited_after"]
        checks.expect(
            limited_after is not None
            and per_minute <= limited_after <= GUNICORN_WORKERS * per_minute,
            f"with Redis down the login limit held in memory: 429 after {limited_after} "
            f"attempts on one instance (each of its {GUNICORN_WORKERS} processes counts "
            f"{per_minute} on its own)",
        )
        checks.expect(
            redis_down["served"] > 0 and redis_down["errors"] == 0,
            f"with Redis down the site kept serving: {redis_down['served']} responses, "
            f"{redis_down['errors']} errors in its {redis_down.get('seconds')} s down",
        )
        checks.expect(
            not any(k.startswith("HTTP 5") for k in stats.errors),
            "no 5xx response during the whole load",
        )

        dump_and_restore(plain_url, work, checks)

        print()
        if checks.failures:
            print(f"LOADTEST FAILED: {len(checks.failures)} check(s) failed")
            for line in checks.failures:
                print(f"  - {line}")
            print(f"Logs: {work}")
            keep = True
            return 1
        print("LOADTEST PASSED: every check held.")
        return 0
    finally:
        for p in reversed(procs):
            p.kill(signal.SIGTERM)
        smtp.stop()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
