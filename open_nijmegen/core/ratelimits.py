"""Rate limits shared by every module: posting is limited per account (not per address, so a
household or an office behind one address is not throttled together)."""

from __future__ import annotations

from flask import request
from flask_login import current_user

POST_LIMIT = "10 per minute;100 per day"


def user_key() -> str:
    """The limiter key: the account when logged in, else the client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or ""
