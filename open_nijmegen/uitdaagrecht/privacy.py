"""Retention for the uitdaagrecht (registered with the privacy module's purge, ``flask privacy
purge``):

- attachments of a closed challenge are deleted once the term ``bewaar.uitdaging_bestanden_dagen``
  after closure has passed. The case itself and its public summary stay;
- a concept that was never filed (contact name, e-mail, phone, attachments) is deleted when it
  was not changed for ``bewaar.uitdaging_concept_dagen``. The challenger gets a mail first
  (``privacy.concept_waarschuwing_dagen`` before, with the date and a link to continue); the
  concept is deleted only when that warning is at least that old and nothing changed since.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.models import AuditLog, Upload
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.uploads import delete_upload_file
from open_nijmegen.extensions import db
from open_nijmegen.notifications.services import queue_mail
from open_nijmegen.uitdaagrecht.models import Status, Uitdaging

CONCEPT_WARNED = "uitdaging.concept_gewaarschuwd"


def purge_closed_challenge_files(now: datetime, dry_run: bool = False) -> int:
    """Delete attachments of challenges closed longer ago than the retention term.
    Idempotent; a dry run only counts; never commits (the purge command does)."""
    cutoff = (now - timedelta(days=int(get_setting("bewaar.uitdaging_bestanden_dagen")))).date()
    rows = db.session.execute(
        sa.select(Upload, Uitdaging)
        .join(
            Uitdaging,
            sa.and_(Upload.object_type == "uitdaging", Upload.object_id == Uitdaging.id),
        )
        .where(Uitdaging.afgesloten_op.is_not(None), Uitdaging.afgesloten_op < cutoff)
    ).all()
    if dry_run:
        return len(rows)
    for upload, uitdaging in rows:
        delete_upload_file(upload)
        record_audit(
            None, "uitdaging.bijlage_verwijderd", uitdaging, sha256=upload.sha256, size=upload.size
        )
        db.session.delete(upload)
    db.session.flush()
    return len(rows)


def _days(key: str) -> timedelta:
    return timedelta(days=int(get_setting(key)))


def _last_warning() -> Any:
    return (
        sa.select(sa.func.max(AuditLog.created_at))
        .where(
            AuditLog.action == CONCEPT_WARNED,
            AuditLog.object_type == "uitdaging",
            AuditLog.object_id == Uitdaging.id,
        )
        .scalar_subquery()
    )


def _old_concepts(now: datetime) -> sa.Select[tuple[Uitdaging]]:
    """Concepts not changed for (term - warning): the warning is due from then on."""
    due = (
        now - _days("bewaar.uitdaging_concept_dagen") + _days("privacy.concept_waarschuwing_dagen")
    )
    return sa.select(Uitdaging).where(
        Uitdaging.status == Status.CONCEPT, Uitdaging.updated_at < due
    )


def warn_old_concepts(now: datetime, dry_run: bool = False) -> int:
    """Mail once per period without change: "uw concept wordt op <datum> verwijderd"."""
    warning = _last_warning()
    concepts = db.session.scalars(
        _old_concepts(now)
        .where(sa.or_(warning.is_(None), warning < Uitdaging.updated_at))
        .order_by(Uitdaging.id)
    ).all()
    if dry_run:
        return len(concepts)
    term = _days("bewaar.uitdaging_concept_dagen")
    grace = _days("privacy.concept_waarschuwing_dagen")
    for concept in concepts:
        weg_op = max(concept.updated_at + term, now + grace)
        if concept.uitdager is not None:
            queue_mail(
                concept.uitdager,
                "uitdaagrecht/concept_verloopt",
                _l("Uw concept voor het uitdaagrecht wordt verwijderd"),
                concept=concept,
                weg_op=weg_op.date(),
            )
        # Written with the purge's clock, so the warning's age is measured on the same clock
        # (the row's own updated_at does not change).
        db.session.add(
            AuditLog(
                created_at=now,
                actor_id=None,
                action=CONCEPT_WARNED,
                object_type="uitdaging",
                object_id=concept.id,
                details={"weg_op": weg_op.date().isoformat()},
            )
        )
    return len(concepts)


def purge_old_concepts(now: datetime, dry_run: bool = False) -> int:
    """Delete concepts older than the term whose warning is old enough and still current."""
    from open_nijmegen.uitdaagrecht.services.concept import delete_concept

    warning = _last_warning()
    cutoff = now - _days("bewaar.uitdaging_concept_dagen")
    grace_cutoff = now - _days("privacy.concept_waarschuwing_dagen")
    concepts = db.session.scalars(
        sa.select(Uitdaging)
        .where(
            Uitdaging.status == Status.CONCEPT,
            Uitdaging.updated_at < cutoff,
            warning.is_not(None),
            warning >= Uitdaging.updated_at,
            warning <= grace_cutoff,
        )
        .order_by(Uitdaging.id)
    ).all()
    if dry_run:
        return len(concepts)
    for concept in concepts:
        record_audit(None, "uitdaging.concept_verwijderd", concept)
        delete_concept(concept)
    db.session.flush()
    return len(concepts)


def register_purger() -> None:
    from open_nijmegen.privacy.purge import register_purger as register

    register(
        "uitdaging_bestanden",
        "Bijlagen van afgeronde uitdagingen",
        purge_closed_challenge_files,
        label_en="attachments of closed challenges",
    )
    # A concept warned today is never deleted today: the warning must be old enough.
    register(
        "uitdaging_concepten_gewist",
        "Concepten van uitdagingen die nooit zijn ingediend: verwijderd",
        purge_old_concepts,
        label_en="challenge concepts never filed, deleted after the warning",
    )
    register(
        "uitdaging_concepten_gewaarschuwd",
        "Concepten van uitdagingen die nooit zijn ingediend: waarschuwing gemaild",
        warn_old_concepts,
        label_en="challenge concepts never filed, warning mailed",
    )
