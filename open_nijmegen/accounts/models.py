"""Accounts: users, their roles and work areas, external identities and login history."""

from __future__ import annotations

import enum
import hashlib
import unicodedata
from datetime import datetime
from functools import lru_cache

import icu  # PyICU: the TR39 confusable skeleton
import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.objects import register_object_type
from open_nijmegen.extensions import db


class Role(enum.StrEnum):
    INWONER = "inwoner"
    PARTICIPATIEMEDEWERKER = "participatiemedewerker"
    BEHEERDER = "beheerder"


ROLE_LABELS: dict[str, str] = {
    "inwoner": N_("Inwoner"),
    "participatiemedewerker": N_("Participatiemedewerker"),
    "beheerder": N_("Beheerder"),
}


def role_label(role: Role | str) -> str:
    """The B1 name of a role, for pages; never the code."""
    from flask_babel import gettext

    return gettext(ROLE_LABELS.get(str(role), "Onbekende rol"))


_LOGIN_PARTS = {
    "wachtwoord": N_("met wachtwoord"),
    "wachtwoord gewijzigd": N_("na een nieuw wachtwoord"),
    "totp": N_("met een extra code"),
    "herstelcode": N_("met een reservecode"),
    "tweestaps ingesteld": N_("met een extra code (net aangezet)"),
}


def login_method_label(method: str | None) -> str:
    """How someone logged in, in B1 ("met wachtwoord + met een extra code"); the stored
    value is a code such as ``oidc:digid + totp``."""
    from flask_babel import gettext

    parts = []
    for part in (method or "").split(" + "):
        part = part.strip()
        if part.startswith("oidc:"):
            name = part[len("oidc:") :].removesuffix(" gekoppeld")
            try:
                from open_nijmegen.accounts.oidc.registry import find_provider

                config = find_provider(name)
            except Exception:  # noqa: BLE001 - no app or no providers: a plain name
                config = None
            label = config.label if config is not None else gettext("een andere dienst")
            text = gettext("via %(naam)s", naam=label)
            if part.endswith(" gekoppeld"):
                text += " " + gettext("(net gekoppeld)")
            parts.append(text)
        elif part in _LOGIN_PARTS:
            parts.append(gettext(_LOGIN_PARTS[part]))
        elif part:
            parts.append(gettext("op een andere manier"))
    return " + ".join(parts) or gettext("onbekend")


class WorkArea(enum.StrEnum):
    IDEEEN = "ideeen"
    UITDAAGRECHT = "uitdaagrecht"
    INWONERSBERAAD = "inwonersberaad"
    BEGROTEN = "begroten"
    BIJEENKOMSTEN = "bijeenkomsten"
    PEILINGEN = "peilingen"
    INHOUD = "inhoud"  # the texts of the site: home intro, Over, Privacy, own pages


STAFF_ROLES = frozenset({Role.PARTICIPATIEMEDEWERKER, Role.BEHEERDER})


@lru_cache(maxsize=1)
def _spoof_checker() -> icu.SpoofChecker:
    return icu.SpoofChecker()


def display_name_key(name: str) -> str:
    """The key under which display names must be unique: NFKC, without control and format
    characters, case-folded, then the Unicode confusable skeleton (TR39, by ICU), so that a name
    that only looks the same ("F\u0430tima" with a Cyrillic a, "Fatirna") has the same key."""
    normal = unicodedata.normalize("NFKC", name)
    normal = "".join(ch for ch in normal if unicodedata.category(ch) not in {"Cf", "Cc"})
    folded = " ".join(normal.casefold().split())
    skeleton = _spoof_checker().getSkeleton(0, folded)
    return " ".join(skeleton.casefold().split())


def mailbox_key(email: str) -> str:
    """The key under which e-mail addresses must be unique: one account per mailbox, so the
    ``+tag`` of the local part is left out ("inwoner+1@x.nl" is "inwoner@x.nl") and case does not
    count. Mail still goes to the address as it was given."""
    local, at, domain = email.strip().casefold().rpartition("@")
    if not at:
        return domain
    return f"{local.split('+', 1)[0] or local}@{domain}"


@register_object_type("gebruiker", label=N_("Account"))
class User(UserMixin, TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    # The skeleton can be longer than the name ("m" becomes "rn").
    display_name_key: Mapped[str] = mapped_column(sa.String(200), nullable=False, unique=True)
    # E-mail is optional: some login brokers (DigiD) give none; such an account gets no mail.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    # mailbox_key(email): one account per mailbox. NULL only for an account that shared its
    # mailbox with an older one before this rule (see the migration).
    email_key: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = enum_column(Role, "role", nullable=False, default=Role.INWONER)
    # Bumped by a password change, an erasure or "log out everywhere": ends every other session.
    session_version: Mapped[int] = mapped_column(nullable=False, default=1)
    is_active_account: Mapped[bool] = mapped_column(nullable=False, default=True)
    # True for the per-person placeholder that keeps an erased person's supports counted.
    is_placeholder: Mapped[bool] = mapped_column(nullable=False, default=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    digest_mode: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="direct")
    # The language of the site and of mail for this account ("nl", "en"; see core.i18n):
    # None until the resident chooses one; mail is then in Dutch.
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    # Mail per kind (notifications.preferences.KINDS): {"reactie": "uit" | "direct" |
    # "dagelijks", ...}; a kind that is not in it has its default. NULL: all defaults.
    mail_voorkeuren: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    # Two-step login (TOTP, RFC 6238): the shared secret once confirmed, the last time step
    # used (a code works once) and the Argon2 hashes of the unused recovery codes, one a line.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    recovery_codes: Mapped[str | None] = mapped_column(sa.Text)

    work_areas: Mapped[list[StaffWorkArea]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    identities: Mapped[list[Identity]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("digest_mode IN ('direct', 'dagelijks')", name="digest_mode"),
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

    # Flask-Login: the session carries id and session version, so bumping the version ends
    # every session and remember-me cookie that was issued before.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_active_account and self.erased_at is None and not self.is_placeholder

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None or (self.email is None and bool(self.identities))

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def has_totp(self) -> bool:
        return self.totp_secret is not None and self.totp_enabled_at is not None

    @property
    def is_beheerder(self) -> bool:
        return self.role == Role.BEHEERDER

    def has_work_area(self, area: WorkArea | str) -> bool:
        if self.role == Role.BEHEERDER:
            return True
        if self.role != Role.PARTICIPATIEMEDEWERKER:
            return False
        return any(w.area == WorkArea(area) for w in self.work_areas)

    def set_email(self, email: str | None) -> None:
        self.email = email
        self.email_key = mailbox_key(email) if email else None

    def set_display_name(self, name: str) -> None:
        self.display_name = " ".join(name.split())
        self.display_name_key = display_name_key(name)

    def object_title(self) -> str:
        return self.display_name

    def object_url(self, _external: bool = False) -> str:
        from flask import url_for

        return url_for("beheer.gebruiker", user_id=self.id, _external=_external)


class StaffWorkArea(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "staff_work_area"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[WorkArea] = enum_column(WorkArea, "area", primary_key=True)
    user: Mapped[User] = relationship(back_populates="work_areas")


class Identity(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A login at an external OpenID Connect provider, keyed on (issuer, subject)."""

    __tablename__ = "identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    issuer: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    acr: Mapped[str | None] = mapped_column(sa.String(255))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship(back_populates="identities")

    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="issuer_subject"),)


class LoginEvent(db.Model):  # type: ignore[name-defined,misc]
    """Login history shown to the user; the IP address is purged after the retention term."""

    __tablename__ = "login_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    method: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))


class LoginSession(db.Model):  # type: ignore[name-defined,misc]
    """One login on one device ("Waar bent u ingelogd"). The session and remember-me cookies
    carry a random token whose SHA-256 is kept here; logging out, a password change, "log out
    everywhere", a role change and erasure delete the row, and a cookie whose row is gone no
    longer logs anyone in. Only a summary of the browser and the first part of the IP address
    are kept."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    remember: Mapped[bool] = mapped_column(nullable=False, default=False)
    user_agent: Mapped[str | None] = mapped_column(sa.String(80))
    ip_prefix: Mapped[str | None] = mapped_column(sa.String(50))


def blocked_name_hash(key: str) -> str:
    """What is kept of an erased person's name: the SHA-256 of its key (the skeleton)."""
    return hashlib.sha256(key.encode()).hexdigest()


class BlockedDisplayName(db.Model):  # type: ignore[name-defined,misc]
    """Display names of erased accounts, blocked from reuse for good. Only a hash of the key
    (``blocked_name_hash``) is kept, so the list holds no readable name; a look-alike of the
    name has the same key, so it is blocked too."""

    __tablename__ = "blocked_display_name"

    name_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
