"""Retention for challenge files: attachments of a closed challenge are deleted once the term
``bewaar.uitdaging_bestanden_dagen`` after closure has passed (registered with the privacy
module's purge, ``flask privacy purge``). The case itself and its public summary stay."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.models import Upload
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.uploads import delete_upload_file
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht.models import Uitdaging


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


def register_purger() -> None:
    from open_nijmegen.privacy.purge import register_purger as register

    register(
        "uitdaging_bestanden",
        "Bijlagen van afgeronde uitdagingen",
        purge_closed_challenge_files,
        label_en="attachments of closed challenges",
    )
