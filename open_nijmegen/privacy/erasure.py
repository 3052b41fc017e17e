"""Erase an account: remove the person, keep what the public and the law need.

Driven by the registry (``privacy.registry``): every foreign key to ``user.id`` is declared with
what happens on erasure, so a module that adds one cannot be forgotten. Afterwards the account
row holds no personal data: no e-mail, password, name (it shows as "verwijderde deelnemer"),
identities or login history; its session version is bumped, so every session ends. When no
row refers to it any more (an account that never took part), the row itself is deleted.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from open_nijmegen.accounts.models import BlockedDisplayName, Role, User, blocked_name_hash
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.privacy.registry import (
    USER_KEPT_ON_ERASE,
    USER_SET_ON_ERASE,
    active_declarations,
    user_foreign_keys,
)

ERASED_NAME = "verwijderde deelnemer"
VIA = {
    "zelf": "De inwoner wiste het account zelf",
    "medewerker": "Een medewerker wiste het account op verzoek",
    "inactief": "Het account werd lang niet gebruikt",
    "onbevestigd": "Het e-mailadres werd nooit bevestigd",
}


class ErasureError(ValueError):
    """The account cannot be erased (already erased, a placeholder...)."""


@dataclass
class EraseContext:
    now: datetime
    actor: Any
    placeholder: User | None = None
    retained: list[tuple[str, int, list[int]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ErasureResult:
    user_id: int
    row_deleted: bool
    counts: dict[str, int]
    retained_uploads: int


def _anonymous_key(prefix: str) -> str:
    # Never the key of a real name: real keys come from names of at most 40 characters.
    return f"{prefix} {secrets.token_hex(16)}"


def make_placeholder() -> User:
    """A placeholder account for one erased person's supports; it holds no personal data."""
    placeholder = User(
        display_name=ERASED_NAME,
        display_name_key=_anonymous_key("plaatshouder"),
        email=None,
        password_hash=None,
        role=Role.INWONER,
        is_placeholder=True,
        is_active_account=False,
    )
    db.session.add(placeholder)
    db.session.flush()
    return placeholder


def _scrub_values(table: sa.Table, columns: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in columns:
        column = table.c[name]
        values[name] = None if column.nullable else ""
    return values


def _attribute(column_name: str) -> str:
    """The mapped attribute of a ``user`` column (they share names, checked here)."""
    mapper = sa.inspect(User)
    for prop in mapper.column_attrs:
        if any(c.name == column_name for c in prop.columns):
            return prop.key
    raise LookupError(column_name)


def references(user_id: int) -> int:
    """How many rows in any table still point at this account."""
    total = 0
    for table_name, column in user_foreign_keys(db.metadata):
        table = db.metadata.tables[table_name]
        total += db.session.scalar(
            sa.select(sa.func.count()).select_from(table).where(table.c[column] == user_id)
        )
    return total


def erase_user(
    user: User,
    *,
    actor: Any = None,
    now: datetime | None = None,
    via: str = "zelf",
    kenmerk: str | None = None,
    block_name: bool = True,
) -> ErasureResult:
    """Erase ``user``. ``actor`` is the officer who processes a request (None: the person
    themself or the retention purge). Flushes; the caller commits."""
    if via not in VIA:
        raise ValueError(f"unknown erasure route {via!r}")
    if user.is_placeholder or user.erased_at is not None:
        raise ErasureError("Dit account is al gewist.")
    now = now or utcnow()
    context = EraseContext(now=now, actor=actor)
    user_id = user.id
    old_key = user.display_name_key
    old_email = user.email
    db.session.flush()

    ordered = sorted(active_declarations(db.metadata), key=lambda item: item[0].erase_order)
    for decl, table in ordered:
        link = table.c[decl.user_fk] == user_id
        if decl.before_erase is not None:
            decl.before_erase(table, user_id, context)
        count = 0
        if decl.delete_where is not None:
            result = db.session.execute(sa.delete(table).where(link, decl.delete_where(table)))
            count += int(result.rowcount or 0)
        if decl.on_erase == "delete":
            result = db.session.execute(sa.delete(table).where(link))
        elif decl.on_erase == "anonymise":
            values = {decl.user_fk: None, **_scrub_values(table, decl.scrub)}
            result = db.session.execute(sa.update(table).where(link).values(**values))
        elif decl.on_erase == "move_to_placeholder":
            has_rows = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(link))
            if has_rows and context.placeholder is None:
                context.placeholder = make_placeholder()
            result = (
                db.session.execute(
                    sa.update(table).where(link).values({decl.user_fk: context.placeholder.id})
                )
                if has_rows and context.placeholder is not None
                else None
            )
        else:  # keep: the row stays linked to the account, which loses its personal data
            result = (
                db.session.execute(
                    sa.update(table).where(link).values(**_scrub_values(table, decl.scrub))
                )
                if decl.scrub
                else None
            )
        count += int(result.rowcount or 0) if result is not None else 0
        context.counts[decl.key] = count

    # Mail queued to the address without a link to the account (e.g. "already registered").
    if old_email:
        from open_nijmegen.notifications.models import OutboxMessage

        db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.recipient == old_email))

    db.session.expire_all()
    user = db.session.get(User, user_id)  # type: ignore[assignment]
    # Deny by default: every column that is not kept or set below becomes NULL (e-mail,
    # password, login times, two-step secrets and any column added later).
    for column in User.__table__.columns:
        if column.name in USER_KEPT_ON_ERASE or column.name in USER_SET_ON_ERASE:
            continue
        if not column.nullable:
            raise RuntimeError(
                f"user.{column.name} is NOT NULL: say in privacy.registry what erasure does"
            )
        setattr(user, _attribute(column.name), None)
    user.display_name = ERASED_NAME
    user.display_name_key = _anonymous_key("gewist")
    user.role = Role.INWONER
    user.work_areas = []
    user.digest_mode = "direct"
    user.is_active_account = False
    user.session_version = (user.session_version or 1) + 1
    user.erased_at = now

    if block_name:  # for good, as a hash: nobody can pose as them later
        name_hash = blocked_name_hash(old_key)
        if db.session.get(BlockedDisplayName, name_hash) is None:
            db.session.add(BlockedDisplayName(name_hash=name_hash))

    officer = actor if getattr(actor, "is_staff", False) else None
    record_audit(officer, "privacy.account_gewist", user, via=via, kenmerk=kenmerk or "")
    for object_type, object_id, upload_ids in context.retained:
        record_audit(
            None,
            "privacy.bijlagen_bewaard",
            SimpleNamespace(__object_type__=object_type, id=object_id),
            uploads=upload_ids,
            reden="bewaartermijn",
        )
    if officer is not None:
        from open_nijmegen.privacy.services import log_verwerking

        log_verwerking(
            officer,
            "gebruiker",
            user_id,
            "privacyverzoek",
            subject_user_id=user_id,
            action="wissen",
        )
    db.session.flush()

    row_deleted = False
    if references(user_id) == 0:
        db.session.delete(user)
        db.session.flush()
        row_deleted = True
    return ErasureResult(
        user_id=user_id,
        row_deleted=row_deleted,
        counts=context.counts,
        retained_uploads=sum(len(ids) for _t, _i, ids in context.retained),
    )
