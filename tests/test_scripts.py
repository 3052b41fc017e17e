"""scripts/pg.sh: two runs on one machine get servers of their own (issue 15 point 24)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
PG_SH = ROOT / "scripts" / "pg.sh"

pytestmark = pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl") or shutil.which("psql") is None,
    reason="PostgreSQL is not installed",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PGPORT", None)  # PGPORT in the environment is the older fixed-port form
    env.pop("PGDATA", None)
    return env


def _pg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(PG_SH), *args], capture_output=True, text=True, env=_env(), timeout=120
    )


def _answers(url: str) -> bool:
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    done = subprocess.run(
        ["psql", plain, "-tAc", "SELECT 42"], capture_output=True, text=True, timeout=30
    )
    return done.returncode == 0 and done.stdout.strip() == "42"


def _port(url: str) -> int:
    match = re.search(r"127\.0\.0\.1:(\d+)/", url)
    assert match, url
    return int(match.group(1))


def test_two_runs_at_once_get_their_own_server_and_folder():
    first = _pg("start")
    second = _pg("start")
    urls = [first.stdout.strip(), second.stdout.strip()]
    try:
        assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
        assert _port(urls[0]) != _port(urls[1])
        # `start` says where the server is and how to stop it.
        assert f"scripts/pg.sh stop {_port(urls[0])}" in first.stderr
        folders = [re.search(r"data in (\S+)\)", run.stderr).group(1) for run in (first, second)]
        assert folders[0] != folders[1] and all(Path(f).is_dir() for f in folders)
        assert _answers(urls[0]) and _answers(urls[1])

        assert _pg("stop", urls[0]).returncode == 0
        assert not _answers(urls[0])
        assert not Path(folders[0]).exists()
        assert _answers(urls[1])  # stopping one run leaves the other alone
    finally:
        for url in urls:
            if url:
                _pg("stop", url)
    assert not _answers(urls[1])


def test_the_fixed_port_form_still_works():
    # Other scripts and people run `scripts/pg.sh start PORT` / `stop PORT`: keep that working.
    port = free_port()
    started = _pg("start", str(port))
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert _port(url) == port and _answers(url)
        again = _pg("start", str(port))  # a second start reuses the running server
        assert again.returncode == 0 and again.stdout.strip() == url
        assert _pg("url", str(port)).stdout.strip() == url
    finally:
        assert _pg("stop", str(port)).returncode == 0
    assert not _answers(url)
    assert not Path(f"/tmp/open-nijmegen-pg-{port}").exists()
