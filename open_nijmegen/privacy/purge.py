"""Retention: remove what is kept longer than its term. Idempotent and safe to run daily.

``purge(now, dry_run)`` runs every kind below and every purger that a module registered with
``register_purger(name, label, func)``; ``func(now, dry_run) -> int`` returns how many items
it removed (or would remove). The clock is passed in, never read inside, so tests use a fake
clock. A dry run counts and changes nothing.

Kinds built in:
- unconfirmed accounts older than ``bewaar.onbevestigde_accounts_dagen``: erased;
- inactive accounts (no login for ``bewaar.inactieve_accounts_dagen``): a warning mail first;
  erased ``privacy.inactief_waarschuwing_dagen`` after that warning if still not used;
- IP addresses in the login history older than ``bewaar.ip_adressen_dagen``: set to NULL;
- sent, failed and bundled mails older than ``bewaar.verzonden_mail_dagen``: deleted;
- logins (``LoginSession``) older than the longest login term: deleted;
- refusals (403s, failed logins, ...) older than ``bewaar.weigeringen_dagen``: deleted;
- uploads never attached to anything, older than ``bewaar.losse_bestanden_dagen``: deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.accounts.models import Identity, LoginEvent, User
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.jobs import job_handler
from open_nijmegen.core.models import AuditLog, Job, Upload
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.uploads import delete_upload_file
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus
from open_nijmegen.notifications.services import queue_mail
from open_nijmegen.privacy.erasure import erase_user

Purger = Callable[[datetime, bool], int]
WARNED = "privacy.inactief_gewaarschuwd"


@dataclass(frozen=True)
class PurgeKind:
    name: str
    label: str  # B1 Dutch
    label_en: str
    func: Purger


_PURGERS: dict[str, PurgeKind] = {}


def register_purger(name: str, label: str, func: Purger, label_en: str = "") -> Purger:
    """Register a module's retention purger (e.g. lottery input files, challenge files after
    closure). ``func(now, dry_run)`` must be idempotent, must not commit, and must change
    nothing when ``dry_run`` is true."""
    existing = _PURGERS.get(name)
    if existing is not None and existing.func is not func:
        raise RuntimeError(f"purger {name!r} registered twice")
    _PURGERS[name] = PurgeKind(name, label, label_en or name, func)
    return func


def unregister_purger(name: str) -> None:
    _PURGERS.pop(name, None)


def _days(key: str) -> timedelta:
    return timedelta(days=int(get_setting(key)))


# -- accounts ------------------------------------------------------------------------------


def _real_accounts() -> sa.Select[tuple[User]]:
    return sa.select(User).where(User.erased_at.is_(None), User.is_placeholder.is_(False))


def purge_unconfirmed(now: datetime, dry_run: bool) -> int:
    cutoff = now - _days("bewaar.onbevestigde_accounts_dagen")
    has_identity = sa.select(Identity.id).where(Identity.user_id == User.id).exists()
    users = db.session.scalars(
        _real_accounts()
        .where(
            User.email.is_not(None),
            User.email_confirmed_at.is_(None),
            User.created_at < cutoff,
            ~has_identity,
        )
        .order_by(User.id)
    ).all()
    if not dry_run:
        for user in users:
            # Never confirmed, so never public: the name need not be blocked.
            erase_user(user, now=now, via="onbevestigd", block_name=False)
    return len(users)


def _last_active() -> Any:
    return sa.func.coalesce(User.last_login_at, User.created_at)


def _last_warning() -> Any:
    return (
        sa.select(sa.func.max(AuditLog.created_at))
        .where(
            AuditLog.action == WARNED,
            AuditLog.object_type == "gebruiker",
            AuditLog.object_id == User.id,
        )
        .scalar_subquery()
    )


def _inactive(now: datetime) -> sa.Select[tuple[User]]:
    cutoff = now - _days("bewaar.inactieve_accounts_dagen")
    staff = ("participatiemedewerker", "beheerder")
    return _real_accounts().where(
        _last_active() < cutoff,
        User.role.not_in(staff),
        # Unconfirmed accounts have their own, shorter term.
        sa.or_(User.email.is_(None), User.email_confirmed_at.is_not(None)),
    )


def warn_inactive(now: datetime, dry_run: bool) -> int:
    """Mail once per period of inactivity: a warning counts when it came after the last use."""
    warning = _last_warning()
    users = db.session.scalars(
        _inactive(now).where(sa.or_(warning.is_(None), warning < _last_active())).order_by(User.id)
    ).all()
    if not dry_run:
        grace = int(get_setting("privacy.inactief_waarschuwing_dagen"))
        for user in users:
            queue_mail(
                user,
                "privacy/inactief",
                _l("Uw account wordt binnenkort gewist"),
                dagen=grace,
            )
            db.session.add(
                AuditLog(
                    created_at=now,
                    actor_id=None,
                    action=WARNED,
                    object_type="gebruiker",
                    object_id=user.id,
                    details={},
                )
            )
    return len(users)


def erase_inactive(now: datetime, dry_run: bool) -> int:
    warning = _last_warning()
    grace_cutoff = now - _days("privacy.inactief_waarschuwing_dagen")
    users = db.session.scalars(
        _inactive(now)
        .where(warning.is_not(None), warning >= _last_active(), warning < grace_cutoff)
        .order_by(User.id)
    ).all()
    if not dry_run:
        for user in users:
            erase_user(user, now=now, via="inactief")
    return len(users)


# -- logs and mail -------------------------------------------------------------------------


def purge_ip_addresses(now: datetime, dry_run: bool) -> int:
    cutoff = now - _days("bewaar.ip_adressen_dagen")
    where = (LoginEvent.created_at < cutoff, LoginEvent.ip_address.is_not(None))
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(*where)) or 0)
    result = db.session.execute(sa.update(LoginEvent).where(*where).values(ip_address=None))
    return int(result.rowcount or 0)


def purge_outbox(now: datetime, dry_run: bool) -> int:
    cutoff = now - _days("bewaar.verzonden_mail_dagen")
    done = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.DIGESTED)
    where = (
        OutboxMessage.status.in_(done),
        sa.func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < cutoff,
    )
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(*where)) or 0)
    result = db.session.execute(sa.delete(OutboxMessage).where(*where))
    return int(result.rowcount or 0)


def purge_login_sessions(now: datetime, dry_run: bool) -> int:
    """Logins older than the longest login term: their cookies no longer work."""
    from open_nijmegen.accounts.models import LoginSession
    from open_nijmegen.accounts.sessions import longest_age

    where = (LoginSession.created_at < now - longest_age(),)
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(*where)) or 0)
    result = db.session.execute(sa.delete(LoginSession).where(*where))
    return int(result.rowcount or 0)


def purge_refusal_events(now: datetime, dry_run: bool) -> int:
    """Refusals (403s, failed logins, ...) older than ``bewaar.weigeringen_dagen``."""
    from open_nijmegen.core.refusals import purge_refusals

    return purge_refusals(now - _days("bewaar.weigeringen_dagen"), dry_run)


def purge_loose_uploads(now: datetime, dry_run: bool) -> int:
    """Uploads that never got attached to anything: a photo chosen for the preview of an idea
    that was then not sent, or a file whose form was left. Everything in use is attached
    (``core.uploads.attach``; ``object_type`` set), so only leftovers match."""
    cutoff = now - _days("bewaar.losse_bestanden_dagen")
    where = (Upload.object_type.is_(None), Upload.created_at < cutoff)
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(*where)) or 0)
    uploads = list(db.session.scalars(sa.select(Upload).where(*where)))
    for upload in uploads:
        delete_upload_file(upload)
        db.session.delete(upload)
    return len(uploads)


BUILT_IN = [
    PurgeKind(
        "onbevestigde_accounts",
        "Accounts met een e-mailadres dat nooit is bevestigd",
        "unconfirmed accounts erased",
        purge_unconfirmed,
    ),
    PurgeKind(
        "inactieve_accounts_gewist",
        "Accounts die na de waarschuwing nog steeds niet zijn gebruikt",
        "inactive accounts erased after the warning",
        erase_inactive,
    ),
    PurgeKind(
        "inactieve_accounts_gewaarschuwd",
        "Accounts die lang niet zijn gebruikt: waarschuwing gemaild",
        "inactive accounts warned",
        warn_inactive,
    ),
    PurgeKind("ip_adressen", "IP-adressen gewist", "IP addresses cleared", purge_ip_addresses),
    PurgeKind("mail", "Oude e-mails gewist", "old mails deleted", purge_outbox),
    PurgeKind(
        "verlopen_logins",
        "Logins die zijn verlopen",
        "expired logins deleted",
        purge_login_sessions,
    ),
    PurgeKind(
        "weigeringen",
        "Wat de website weigerde (zoals een verkeerd wachtwoord)",
        "refusal events deleted",
        purge_refusal_events,
    ),
    PurgeKind(
        "losse_bestanden",
        "Foto's en bestanden die nergens bij zijn geplaatst",
        "uploads never attached to anything",
        purge_loose_uploads,
    ),
]


@dataclass(frozen=True)
class PurgeLine:
    name: str
    label: str
    label_en: str
    count: int


def kinds() -> list[PurgeKind]:
    return [*BUILT_IN, *sorted(_PURGERS.values(), key=lambda k: k.name)]


def purge(now: datetime, dry_run: bool = False) -> list[PurgeLine]:
    """Run every kind. The caller commits (or, for a dry run, rolls back)."""
    lines = []
    for kind in kinds():
        count = kind.func(now, dry_run)
        lines.append(PurgeLine(kind.name, kind.label, kind.label_en, int(count)))
    if not dry_run:
        db.session.flush()
    return lines


def report(lines: list[PurgeLine], dry_run: bool) -> str:
    head = (
        "Proefrun: er is niets gewijzigd. Dit zou er gebeuren: / Dry run: nothing was changed."
        if dry_run
        else "Opgeruimd: / Purged:"
    )
    body = [f"  {line.count:6d}  {line.label} / {line.label_en}" for line in lines]
    return "\n".join([head, *body])


@job_handler("privacy.purge")
def purge_job(job: Job) -> dict[str, Any]:
    from open_nijmegen.core.db import utcnow

    dry_run = bool((job.payload or {}).get("dry_run"))
    lines = purge(utcnow(), dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        record_audit(None, "privacy.opgeruimd", None, **{line.name: line.count for line in lines})
        db.session.commit()
    return {line.name: line.count for line in lines}
