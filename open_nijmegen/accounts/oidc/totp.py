"""Two-step login for local passwords: TOTP codes (RFC 6238, pyotp) and recovery codes.

- A code works once: the last time step used is stored and only a later one is accepted,
  with a compare-and-set UPDATE, so two requests with the same code cannot both pass.
- Recovery codes are shown once and stored as Argon2 hashes; using one removes it, again
  with a compare-and-set UPDATE, so a recovery code works exactly once.
- Staff (participatiemedewerker, beheerder) must use it when the setting
  ``accounts.tweestaps_medewerkers`` is on. It is on by default in production, off in
  development and test (``SettingSpec.env_defaults``; the settings page shows the same).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import pyotp
import sqlalchemy as sa
from flask import session

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.passwords import hash_password, verify_password
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.settings import SettingSpec, declare, get_setting
from open_nijmegen.extensions import db

ISSUER_NAME = "Open Nijmegen"
RECOVERY_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
PENDING_KEY = "tweestaps"
ENROL_KEY = "tweestaps_nieuw"
PENDING_SECONDS = 10 * 60

REQUIRED_FOR_STAFF = declare(
    SettingSpec(
        key="accounts.tweestaps_medewerkers",
        kind=bool,
        default=True,
        env_defaults=(("development", False), ("test", False)),
        label="Medewerkers loggen in met een extra code (tweestapsverificatie)",
        help="Voor medewerkers en beheerders die inloggen met een wachtwoord. Standaard aan. "
        "Op een ontwikkel- of testsite staat het standaard uit.",
        area="algemeen",
    )
)


def required_for_staff() -> bool:
    """The setting; when nobody saved it: on in production, off in development and test."""
    return bool(get_setting(REQUIRED_FOR_STAFF.key))


def required_for(user: User) -> bool:
    return user.is_staff and required_for_staff()


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    label = user.email or user.display_name
    return pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=ISSUER_NAME)


def grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-").lower()


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step whose code this is (this step or one next to it), or None."""
    code = _clean(code)
    # ASCII digits only: "١٢٣٤٥٦".isdigit() is true, and compare_digest refuses non-ASCII text.
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    step_now = int(now // totp.interval)
    for step in (step_now, step_now - 1, step_now + 1):
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def use_totp(user: User, code: str) -> bool:
    """Check a code and record its time step; a code (or an older one) never works twice."""
    if not user.has_totp:
        return False
    step = matching_step(user.totp_secret or "", code)
    if step is None:
        return False
    result = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    user.totp_last_step = step
    return True


def make_recovery_codes() -> list[str]:
    codes = []
    for _i in range(RECOVERY_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def set_recovery_codes(user: User, codes: list[str]) -> None:
    user.recovery_codes = "\n".join(hash_password(_clean(c)) for c in codes)


def recovery_codes_left(user: User) -> int:
    return len([h for h in (user.recovery_codes or "").splitlines() if h])


def use_recovery_code(user: User, code: str) -> bool:
    """Check a recovery code and remove it; it works exactly once."""
    code = _clean(code)
    if len(code) != 10 or not user.recovery_codes:
        return False
    stored = user.recovery_codes
    hashes = [h for h in stored.splitlines() if h]
    for index, hashed in enumerate(hashes):
        if verify_password(hashed, code):
            remaining = "\n".join(hashes[:index] + hashes[index + 1 :]) or None
            result = db.session.execute(
                sa.update(User)
                .where(User.id == user.id, User.recovery_codes == stored)
                .values(recovery_codes=remaining)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return False
            user.recovery_codes = remaining
            return True
    return False


def check_code(user: User, code: str) -> str | None:
    """'totp' or 'herstelcode' when the code is right (and now used up), else None."""
    if use_totp(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "herstelcode"
    return None


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-step login on when ``code`` fits ``secret``; returns the new recovery codes."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = make_recovery_codes()
    set_recovery_codes(user, codes)
    return codes


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes = None


# A login that waits for its second step lives in the session (signed, not stored), tied to
# the account's session version so a password change in between cancels it.


def begin_pending(
    user: User, *, remember: bool, next_url: str, method: str, enrol: bool, link: bool = False
) -> None:
    session[PENDING_KEY] = {
        "u": user.id,
        "v": user.session_version,
        "r": bool(remember),
        "n": next_url,
        "m": method,
        "e": bool(enrol),
        "l": bool(link),
        "exp": time.time() + PENDING_SECONDS,
    }


def pending() -> dict[str, Any] | None:
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("exp", 0) < time.time():
        return None
    return data


def pending_user() -> User | None:
    data = pending()
    if data is None:
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.is_active or user.session_version != data.get("v"):
        return None
    return user


def pending_key() -> str:
    """Rate-limit key for code attempts: the account, not the address, so a new session or
    another address does not give an attacker new tries."""
    data = session.get(PENDING_KEY)
    if isinstance(data, dict) and data.get("u"):
        return f"tweestaps:{data['u']}"
    from flask import request

    return f"tweestaps-ip:{request.remote_addr}"
