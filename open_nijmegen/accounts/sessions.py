"""Sessions in signed cookies that carry a per-user session version.

``User.get_id()`` returns "<id>:<session_version>"; the loader refuses a cookie whose version is
no longer current, so a password change, an erasure or "log out everywhere" ends every other
session and remember-me cookie at once.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, session
from flask_login import current_user

from open_nijmegen.accounts.models import User
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db, login_manager


def load_user(token: str) -> User | None:
    try:
        raw_id, raw_version = token.split(":", 1)
        user_id, version = int(raw_id), int(raw_version)
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user


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
                from flask_login import logout_user

                logout_user()
                session.clear()
