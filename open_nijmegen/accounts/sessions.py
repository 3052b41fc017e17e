"""Logins kept on the server: one ``LoginSession`` row per login on a device.

The signed session cookie (and the remember-me cookie, which Flask-Login fills from the same
value) carries "<user id>:<token>"; the row keeps only the token's SHA-256. The loader refuses a
cookie whose row is gone, so logging out ends that cookie and every copy of it, and deleting a
person's rows (password change, "log out everywhere", role change, erasure) ends all their
logins at once. Visitors who are not logged in never reach the loader: they cost no query and
no write. "Last seen" is written at most every ``TOUCH_EVERY``, on a connection of its own, so
read-only pages stay read-only.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import current_user, logout_user
from sqlalchemy import orm

from open_nijmegen.accounts.models import LoginSession, User
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db, login_manager

TOUCH_EVERY = timedelta(minutes=5)
CURRENT_KEY = "login_session_id"  # in ``g``: the row of this request's login


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def max_age(user: User, remember: bool) -> timedelta:
    """How long a login lasts from its start (staff are never remembered)."""
    config = current_app.config
    if user.is_staff:
        return config["STAFF_SESSION_LIFETIME"]  # type: ignore[no-any-return]
    if remember:
        return config["REMEMBER_COOKIE_DURATION"]  # type: ignore[no-any-return]
    return config["PERMANENT_SESSION_LIFETIME"]  # type: ignore[no-any-return]


def longest_age() -> timedelta:
    config = current_app.config
    return max(
        config["STAFF_SESSION_LIFETIME"],
        config["REMEMBER_COOKIE_DURATION"],
        config["PERMANENT_SESSION_LIFETIME"],
    )


@lru_cache(maxsize=512)
def device_summary(user_agent: str) -> str | None:
    """ "Firefox op Windows": the browser and system, not the full user agent."""
    if not user_agent:
        return None
    from ua_parser import parse  # compiles its rules on first use: only logins pay for it

    result = parse(user_agent[:512])
    browser = result.user_agent.family if result.user_agent else None
    system = result.os.family if result.os else None
    if browser and system:
        return f"{browser} op {system}"[:80]
    return (browser or system or "")[:80] or None


def ip_prefix(address: str | None) -> str | None:
    """The network, never the address: a /24 for IPv4, a /48 for IPv6."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def open_login_session(user: User, remember: bool = False) -> str:
    """Add a row for a new login; returns the value for Flask-Login's ``_user_id``."""
    token = secrets.token_urlsafe(32)
    agent = request.headers.get("User-Agent", "") if has_request_context() else ""
    address = request.remote_addr if has_request_context() else None
    now = utcnow()
    row = LoginSession(
        user_id=user.id,
        token_hash=_hash(token),
        created_at=now,
        last_seen_at=now,
        remember=remember,
        user_agent=device_summary(agent),
        ip_prefix=ip_prefix(address),
    )
    db.session.add(row)
    db.session.flush()
    if has_request_context():
        setattr(g, CURRENT_KEY, row.id)
    return f"{user.id}:{token}"


def current_session_id() -> int | None:
    return g.get(CURRENT_KEY)


def user_sessions(user: User) -> list[LoginSession]:
    return list(
        db.session.scalars(
            sa.select(LoginSession)
            .where(LoginSession.user_id == user.id)
            .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
        )
    )


def end_login_session(user: User, session_id: int) -> bool:
    """Delete one of ``user``'s own logins; False when it is not theirs (or gone)."""
    result = db.session.execute(
        sa.delete(LoginSession).where(
            LoginSession.id == session_id, LoginSession.user_id == user.id
        )
    )
    return bool(result.rowcount)


def end_current_session() -> None:
    session_id = current_session_id()
    if session_id is not None and current_user.is_authenticated:
        end_login_session(current_user, session_id)


def end_user_sessions(user: User) -> None:
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))


def _touch(row_id: int, now: datetime) -> None:
    # Its own short transaction: the request's may be read-only or may never commit.
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(LoginSession).where(LoginSession.id == row_id).values(last_seen_at=now)
        )


def load_user(value: str) -> User | None:
    try:
        raw_id, token = value.split(":", 1)
        user_id = int(raw_id)
    except (ValueError, AttributeError):
        return None
    if not token or ":" in token:
        return None
    # One statement per request: the login row, the user and the user's work areas (joined;
    # the relationship's own selectin load would be a second round trip on every request).
    # Nothing is kept between requests, so a change in the database (a deactivated account,
    # a deleted login, a role or a work area) counts on the next request of every process.
    rows = (
        db.session.execute(
            sa.select(
                User,
                LoginSession.id,
                LoginSession.created_at,
                LoginSession.last_seen_at,
                LoginSession.remember,
            )
            .join(LoginSession, LoginSession.user_id == User.id)
            .where(LoginSession.token_hash == _hash(token), User.id == user_id)
            .options(orm.joinedload(User.work_areas))
        )
        .unique()
        .all()
    )
    if not rows:
        return None
    user, row_id, created_at, last_seen_at, remember = rows[0]
    if not user.is_active:
        return None
    now = utcnow()
    if now - created_at > max_age(user, remember):
        return None
    if now - last_seen_at > TOUCH_EVERY:
        _touch(row_id, now)
    setattr(g, CURRENT_KEY, row_id)
    return user  # type: ignore[no-any-return]


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @app.before_request
    def expire_staff_sessions() -> None:
        # Staff sessions end sooner than resident sessions.
        if not current_user.is_authenticated:
            return
        lifetime = (
            current_app.config["STAFF_SESSION_LIFETIME"]
            if current_user.is_staff
            else current_app.config["PERMANENT_SESSION_LIFETIME"]
        )
        started = session.get("login_at")
        now = utcnow()
        if started is not None:
            try:
                started_at = datetime.fromisoformat(started)
            except ValueError:
                started_at = now - lifetime - lifetime
            if now - started_at > lifetime:
                logout_user()
                session.clear()
