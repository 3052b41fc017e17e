"""With Redis configured but unreachable, the site still serves and limits in memory.

Runs in a process of its own: the limiter is one object per process, and this app points it
at a Redis that is not there."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import free_port

SCRIPT = """
import json, sys
from open_nijmegen import create_app
from open_nijmegen.accounts.views import LOGIN_LIMIT
from open_nijmegen.extensions import db

app = create_app({
    "ENV": "test", "DATABASE_URL": sys.argv[1], "SECRET_KEY": "f" * 40,
    "REDIS_URL": sys.argv[2], "WTF_CSRF_ENABLED": False,
})
with app.app_context():
    db.create_all()
client = app.test_client()
per_minute = int(LOGIN_LIMIT.split(" per minute")[0])
logins = [
    client.post("/account/inloggen", data={"email": "x@example.org", "password": "fout"}).status_code
    for _ in range(per_minute + 1)
]
print(json.dumps({"per_minute": per_minute, "logins": logins, "page": client.get("/over").status_code}))
"""


def test_login_limit_holds_in_memory_while_redis_is_down(tmp_path):
    down = free_port()  # nothing listens here
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            f"sqlite:///{tmp_path / 'fallback.sqlite'}",
            f"redis://127.0.0.1:{down}/0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["logins"] == [400] * seen["per_minute"] + [429]
    assert seen["page"] == 200
