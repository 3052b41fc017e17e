"""Account use cases. They validate, flush and queue mail; the request commits once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from open_nijmegen.accounts.forms import normalise_email
from open_nijmegen.accounts.models import LoginEvent, Role, User, mailbox_key
from open_nijmegen.accounts.passwords import (
    hash_password,
    make_token,
    needs_rehash,
    read_token,
    verify_password,
)
from open_nijmegen.accounts.sessions import end_user_sessions
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.refusals import RefusalKind, record_refusal
from open_nijmegen.core.urls import mail_url
from open_nijmegen.extensions import db
from open_nijmegen.notifications.services import queue_mail

CONFIRM_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 3600
EMAIL_CHANGE_MAX_AGE = 24 * 3600


class AccountError(ValueError):
    """A rule was broken; the message is B1 Dutch for the user."""


def find_by_email(email: str) -> User | None:
    """The account of this mailbox: the address itself, or one that differs only in its
    ``+tag`` (one account per mailbox)."""
    address = normalise_email(email)
    return db.session.scalar(
        sa.select(User)
        .where(sa.or_(User.email == address, User.email_key == mailbox_key(address)))
        .order_by(sa.case((User.email == address, 0), else_=1))
        .limit(1)
    )


def create_user(
    display_name: str,
    email: str | None,
    password: str | None,
    role: Role = Role.INWONER,
    confirmed: bool = False,
) -> User:
    user = User(
        password_hash=hash_password(password) if password else None,
        role=role,
        email_confirmed_at=utcnow() if confirmed and email else None,
    )
    user.set_email(normalise_email(email) if email else None)
    user.set_display_name(display_name)
    db.session.add(user)
    db.session.flush()
    return user


def register_user(display_name: str, email: str, password: str) -> User | None:
    """Create an account and send the confirmation link.

    When the e-mail address is already known, no account is made; the owner gets a mail
    instead, and the caller shows the same answer, so the form does not tell who has an account.
    """
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # the same work as a new account: the time tells nothing
        queue_mail(existing, "accounts/al_geregistreerd", _l("U hebt al een account"))
        return None
    user = create_user(display_name, email, password)
    from open_nijmegen.core.i18n import DEFAULT_LOCALE, current_locale

    if current_locale() != DEFAULT_LOCALE:  # registered on the English pages: mail in English
        user.locale = current_locale()
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    if not user.email:
        return
    token = make_token("bevestigen", {"u": user.id, "e": user.email})
    link = mail_url("accounts.bevestigen", token=token)
    queue_mail(user, "accounts/bevestigen", _l("Bevestig uw e-mailadres"), link=link)


def user_for_confirmation(token: str) -> User | None:
    data = read_token("bevestigen", token, CONFIRM_MAX_AGE)
    if data is None:
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or user.email != data.get("e"):
        return None
    return user


def confirm_email(user: User) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()


def authenticate(email: str, password: str) -> User | None:
    """The user, or None. Takes about the same time whether or not the address exists."""
    user = find_by_email(email) if email else None
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        _refuse_login(user, ok)
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _refuse_login(user: User | None, password_ok: bool) -> None:
    """A failed login is a refusal: recorded with the account it was aimed at (counted per
    account on the beheerder's page), never with the typed address or password."""
    if user is None:
        reason = "unknown_email"
    elif not user.password_hash:
        reason = "no_password"
    elif not password_ok:
        reason = "wrong_password"
    else:
        reason = "account_inactive"
    record_refusal(RefusalKind.LOGIN_FAILED, reason, account=user)


def record_login(user: User, method: str) -> None:
    user.last_login_at = utcnow()
    db.session.add(LoginEvent(user_id=user.id, method=method, ip_address=request.remote_addr))


def password_fingerprint(user: User) -> str:
    """Changes with the password, but shows nothing of the hash (a signed token is readable)."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_token(
        "herstel", {"u": user.id, "v": user.session_version, "h": password_fingerprint(user)}
    )
    link = mail_url("accounts.wachtwoord_herstellen", token=token)
    queue_mail(user, "accounts/wachtwoord_herstellen", _l("Een nieuw wachtwoord kiezen"), link=link)


def user_for_reset(token: str) -> User | None:
    """Single use: the token names the session version and the old hash, which both change."""
    data = read_token("herstel", token, RESET_MAX_AGE)
    if data is None:
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.is_active:
        return None
    if user.session_version != data.get("v") or password_fingerprint(user) != data.get("h"):
        return None
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    end_all_sessions(user)
    queue_mail(user, "accounts/wachtwoord_gewijzigd", _l("Uw wachtwoord is veranderd"))


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Uw huidige wachtwoord klopt niet."))
    set_password(user, new)


def request_email_change(user: User, password: str, new_email: str) -> None:
    if not verify_password(user.password_hash, password):
        raise AccountError(_("Uw wachtwoord klopt niet."))
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(_("Dit is al uw e-mailadres."))
    other = find_by_email(new_email)
    if other is not None and other.id == user.id:
        other = None  # the same mailbox with another +tag
    token = make_token("email", {"u": user.id, "e": new_email, "v": user.session_version})
    link = mail_url("accounts.email_bevestigen", token=token)
    if other is None:
        queue_mail(
            new_email,
            "accounts/email_wijzigen",
            _l("Bevestig uw nieuwe e-mailadres"),
            link=link,
            user=user,
        )
    if user.email:
        queue_mail(
            user, "accounts/email_wijziging_gevraagd", _l("U wilt uw e-mailadres veranderen")
        )


def user_for_email_change(token: str) -> tuple[User, str] | None:
    data = read_token("email", token, EMAIL_CHANGE_MAX_AGE)
    if data is None:
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or user.session_version != data.get("v"):
        return None
    return user, str(data.get("e"))


def apply_email_change(user: User, new_email: str) -> None:
    other = find_by_email(new_email)
    if other is not None and other.id != user.id:
        raise AccountError(_("Dit e-mailadres is al in gebruik."))
    user.set_email(new_email)
    user.email_confirmed_at = utcnow()
    end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """End every login of ``user`` (their rows go, so every session and remember-me cookie
    issued before stops working) and bump the session version (reset links, pending logins)."""
    end_user_sessions(user)
    user.session_version = (user.session_version or 1) + 1


@dataclass
class RoleChange:
    user: User
    old: Role
    new: Role


def set_role(
    actor: User | None, user: User, role: Role, areas: list[str] | None = None
) -> RoleChange:
    from open_nijmegen.accounts.models import StaffWorkArea, WorkArea

    old = user.role
    user.role = role
    if areas is not None:
        user.work_areas = [StaffWorkArea(area=WorkArea(a)) for a in areas]
    if role == Role.INWONER:
        user.work_areas = []
    end_all_sessions(user)
    record_audit(actor, "user.role_changed", user, old=str(old), new=str(role), areas=areas or [])
    return RoleChange(user, old, role)
