"""Use cases of logging in through a provider. They flush; the request commits once.

Accounts are found by (issuer, subject) only, never by e-mail address. Only what is needed is
kept: the subject, the assurance level (``acr``) and, when the person chooses, an e-mail address.
A BSN never reaches the database or the log: claims are read from an allow-list, and a subject
that looks like a BSN is stored as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, session

from open_nijmegen.accounts import services as account_services
from open_nijmegen.accounts.models import Identity, Role, User
from open_nijmegen.accounts.oidc.assurance import SESSION_KEY, acr_rank, level_rank
from open_nijmegen.accounts.oidc.postcodes import wijk_of_claim
from open_nijmegen.accounts.oidc.providers import ProviderConfig
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

PENDING_KEY = "oidc_pending"
PENDING_SECONDS = 15 * 60
MAX_ID_TOKEN_IN_SESSION = 2500  # bytes; the session cookie must stay under 4 KB


class LoginRefused(Exception):
    """The login is not allowed; ``reason`` is for the log, ``message`` for the person."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


def is_bsn(value: Any) -> bool:
    """Nine digits passing the eleven test (elfproef) of the burgerservicenummer."""
    if not isinstance(value, str) or len(value) != 9 or not value.isdigit():
        return False
    digits = [int(d) for d in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and value != "000000000"


def stored_subject(issuer: str, subject: str) -> str:
    """The subject as stored: as given, or a keyed hash when it looks like a BSN."""
    if not is_bsn(subject):
        return subject
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{issuer}\n{subject}".encode(), hashlib.sha256).hexdigest()
    return f"hmac-sha256:{digest}"


def carries_bsn(claims: dict[str, Any]) -> bool:
    return is_bsn(claims.get("sub")) or any("bsn" in str(name).lower() for name in claims)


@dataclass
class ProviderLogin:
    """What a provider told us, after the allow-list: nothing else is kept."""

    provider: str
    issuer: str
    subject: str
    acr: str | None
    email: str | None  # only when the provider says it is verified
    staff_role: str | None
    id_token: str | None  # for id_token_hint at logout; None when it carries a BSN
    wijk: str | None = None  # the wijk the provider says the resident lives in (wijk_claim)

    def to_session(self) -> dict[str, Any]:
        return {
            "p": self.provider,
            "iss": self.issuer,
            "sub": self.subject,
            "acr": self.acr,
            "email": self.email,
            "role": self.staff_role,
            "idt": self.id_token,
            "w": self.wijk,
            "exp": time.time() + PENDING_SECONDS,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> ProviderLogin:
        return cls(
            provider=data["p"],
            issuer=data["iss"],
            subject=data["sub"],
            acr=data.get("acr"),
            email=data.get("email"),
            staff_role=data.get("role"),
            id_token=data.get("idt"),
            wijk=data.get("w"),
        )


def read_claims(
    provider: ProviderConfig, id_claims: dict[str, Any], userinfo: dict[str, Any], raw: str
) -> ProviderLogin:
    """Take what we need from the ID token and userinfo; check the staff group and level."""
    issuer = str(id_claims["iss"])
    subject = stored_subject(issuer, str(id_claims["sub"]))
    acr = id_claims.get("acr") if isinstance(id_claims.get("acr"), str) else None
    email = None
    if userinfo.get("email_verified") is True and isinstance(userinfo.get("email"), str):
        email = account_services.normalise_email(userinfo["email"])[:254] or None
    staff_role = None
    if provider.staff_only:
        groups = userinfo.get(provider.group_claim, id_claims.get(provider.group_claim))
        roles = provider.roles_from_groups(groups)
        if not roles:
            raise LoginRefused(
                "staff provider without staff group",
                "U hebt geen toegang als medewerker van de gemeente. Vraag dit aan uw leidinggevende.",
            )
        staff_role = Role.PARTICIPATIEMEDEWERKER.value
    minimum = provider.min_acr.get("login")
    if minimum and acr_rank(acr, provider.acr_levels) < level_rank(minimum, provider.acr_levels):
        raise LoginRefused(
            "assurance level too low",
            "U logde in op een te laag niveau. Log opnieuw in, bijvoorbeeld met de app.",
        )
    keep_token = not carries_bsn(id_claims) and len(raw) <= MAX_ID_TOKEN_IN_SESSION
    wijk = None
    if provider.wijk_claim:
        value = userinfo.get(provider.wijk_claim, id_claims.get(provider.wijk_claim))
        if isinstance(value, str) and 0 < len(value.strip()) <= 80:
            wijk = " ".join(value.split())
    if wijk is None and provider.postcode_claim:
        # Only the wijk is kept: the postcode (and the rest of the address) is dropped here.
        wijk = wijk_of_claim(
            userinfo.get(provider.postcode_claim, id_claims.get(provider.postcode_claim))
        )
    return ProviderLogin(
        provider=provider.name,
        issuer=issuer,
        subject=subject,
        acr=acr[:255] if acr else None,
        email=email,
        staff_role=staff_role,
        id_token=raw if keep_token else None,
        wijk=wijk,
    )


def find_identity(login: ProviderLogin) -> Identity | None:
    return db.session.scalar(
        sa.select(Identity).where(
            Identity.issuer == login.issuer, Identity.subject == login.subject
        )
    )


def _check_role(provider: ProviderConfig, user: User, login: ProviderLogin) -> None:
    if login.staff_role and user.role == Role.INWONER:
        # Staff single sign-on: the group claim makes a resident account a participatiemedewerker.
        account_services.set_role(None, user, Role(login.staff_role), areas=[])
        record_audit(None, "user.role_from_sso", user, provider=provider.name)
    if user.role.value not in provider.allowed_roles:
        raise LoginRefused(
            f"role {user.role.value} not allowed for provider",
            "Met deze manier van inloggen kunt u niet in dit account. "
            "Log in met uw e-mailadres en wachtwoord.",
        )


def login_existing(provider: ProviderConfig, login: ProviderLogin) -> User | None:
    """The account linked to this identity (checked and updated), or None for a first login."""
    identity = find_identity(login)
    if identity is None:
        return None
    user = identity.user
    if not user.is_active:
        raise LoginRefused("account not active", "Dit account bestaat niet meer of is gestopt.")
    _check_role(provider, user, login)
    if login.acr:
        identity.acr = login.acr
    identity.last_used_at = utcnow()
    return user


def create_account(
    provider: ProviderConfig, login: ProviderLogin, display_name: str, email: str | None
) -> User:
    """First login: a new account with the chosen name; e-mail is optional."""
    email = account_services.normalise_email(email) if email else None
    confirmed = bool(email) and email == login.email
    role = Role(login.staff_role) if login.staff_role else Role.INWONER
    if role.value not in provider.allowed_roles:
        raise LoginRefused("role not allowed for new account", "U kunt hier geen account maken.")
    user = account_services.create_user(display_name, email, None, confirmed=confirmed)
    if role != Role.INWONER:
        account_services.set_role(None, user, role, areas=[])
        record_audit(None, "user.role_from_sso", user, provider=provider.name)
    db.session.add(
        Identity(
            user_id=user.id,
            issuer=login.issuer,
            subject=login.subject,
            acr=login.acr,
            last_used_at=utcnow(),
        )
    )
    db.session.flush()
    user.identities  # noqa: B018  (load: an account without e-mail is confirmed by its identity)
    if email and not confirmed:
        account_services.send_confirmation(user)
    return user


def check_can_link(provider: ProviderConfig, login: ProviderLogin, user: User) -> None:
    """Raise LoginRefused when this identity may not be linked to ``user`` (changes nothing)."""
    if not user.is_active:
        raise LoginRefused("account not active", "Dit account bestaat niet meer of is gestopt.")
    role = user.role.value
    if login.staff_role and user.role == Role.INWONER:
        role = login.staff_role
    if role not in provider.allowed_roles:
        raise LoginRefused(
            f"role {role} not allowed for provider",
            "Met deze manier van inloggen kunt u niet in dit account. "
            "Log in met uw e-mailadres en wachtwoord.",
        )
    if find_identity(login) is not None:
        raise LoginRefused("identity already linked", "Dit account is al gekoppeld.")
    other = db.session.scalar(
        sa.select(Identity).where(Identity.user_id == user.id, Identity.issuer == login.issuer)
    )
    if other is not None:
        raise LoginRefused(
            "account already linked to another subject at this issuer",
            "Aan dit account is al een ander account van deze dienst gekoppeld.",
        )


def link_account(provider: ProviderConfig, login: ProviderLogin, user: User) -> None:
    """Link this identity to an account whose password was just given."""
    check_can_link(provider, login, user)
    _check_role(provider, user, login)
    db.session.add(
        Identity(
            user_id=user.id,
            issuer=login.issuer,
            subject=login.subject,
            acr=login.acr,
            last_used_at=utcnow(),
        )
    )
    db.session.flush()
    record_audit(user, "user.identity_linked", user, provider=provider.name)


def remember_login(user: User, login: ProviderLogin) -> None:
    """After ``start_session``: what logout (id_token_hint) and ``has_assurance`` need."""
    session[SESSION_KEY] = {
        "u": user.id,
        "p": login.provider,
        "acr": login.acr,
        "idt": login.id_token,
        "w": login.wijk,
    }


def login_wijk(user: Any) -> str | None:
    """The wijk the provider of this login named (``wijk_claim``), or None: a password login,
    a provider without the claim, or a session of someone else."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or not getattr(user, "is_authenticated", False):
        return None
    if data.get("u") != user.id or not isinstance(data.get("w"), str):
        return None
    return str(data["w"])


def save_pending(login: ProviderLogin, next_url: str) -> None:
    data = login.to_session()
    data["n"] = next_url
    session[PENDING_KEY] = data


def pending_login() -> tuple[ProviderLogin, str] | None:
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("exp", 0) < time.time():
        return None
    try:
        return ProviderLogin.from_session(data), str(data.get("n") or "")
    except (KeyError, TypeError):
        return None


def drop_pending() -> None:
    session.pop(PENDING_KEY, None)
