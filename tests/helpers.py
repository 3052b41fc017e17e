"""Helpers for tests: CSRF tokens from real forms, logging in, a real SMTP server handler."""

from __future__ import annotations

import re
import socket
import threading
from typing import Any

from flask.testing import FlaskClient

from open_nijmegen.accounts.models import User
from open_nijmegen.core.db import utcnow

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str = "/account/inloggen") -> str:
    """A CSRF token for this client's session, read from a real form."""
    html = client.get(url).get_data(as_text=True)
    match = _TOKEN.search(html)
    if match is None:
        # Logged-in users are redirected from the login page; the account page has a form.
        html = client.get("/account").get_data(as_text=True)
        match = _TOKEN.search(html)
    assert match is not None, "no CSRF token found"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=payload, **kwargs)


def login_as(client: FlaskClient, user: User) -> FlaskClient:
    """Log in by setting the session the way a real login does (with its server-side row)."""
    from open_nijmegen.accounts.sessions import open_login_session
    from open_nijmegen.extensions import db

    value = open_login_session(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = value
        session["_fresh"] = True
        session["login_at"] = utcnow().isoformat()
        session.permanent = True
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CapturingHandler:
    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"


def send_mail() -> None:
    from open_nijmegen.notifications.sender import send_outbox

    while True:
        sent, failed = send_outbox()
        assert failed == 0
        if sent == 0:
            break


def huge_png(width: int = 7800, height: int = 7800) -> bytes:
    """A valid grey PNG of ``width`` x ``height`` that is small on disk (all zeros compress
    well), built row by row so making it never holds the whole picture in memory."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + one byte per pixel (8-bit grey)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
