"""Attachments of closed challenges are deleted after the retention term (fake clock)."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta

from PIL import Image
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.models import AuditLog, Upload
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.uploads import store_upload, upload_folder
from open_nijmegen.extensions import db
from open_nijmegen.privacy.purge import kinds, purge
from open_nijmegen.uitdaagrecht.privacy import purge_closed_challenge_files
from uitdaagrecht.cases import make_concept


def _attach(user, uitdaging):
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, format="PNG")
    buf.seek(0)
    upload = store_upload(FileStorage(buf, filename="foto.png"), {"image", "pdf"}, user, uitdaging)
    db.session.commit()
    return upload


def test_files_of_long_closed_challenges_are_deleted(people):
    now = datetime(2030, 6, 1, tzinfo=UTC)
    days = int(get_setting("bewaar.uitdaging_bestanden_dagen"))
    old = make_concept(people["uitdager"])
    recent = make_concept(people["uitdager"])
    open_case = make_concept(people["uitdager"])
    old.afgesloten_op = (now - timedelta(days=days + 1)).date()
    recent.afgesloten_op = (now - timedelta(days=days - 1)).date()
    files = {
        name: _attach(people["uitdager"], u)
        for name, u in [("old", old), ("recent", recent), ("open", open_case)]
    }
    old_path = os.path.join(upload_folder(), files["old"].stored_name)
    assert os.path.exists(old_path)

    assert purge_closed_challenge_files(now, dry_run=True) == 1
    assert db.session.query(Upload).count() == 3  # a dry run changes nothing

    assert purge_closed_challenge_files(now) == 1
    db.session.commit()
    remaining = {u.id for u in db.session.query(Upload).all()}
    assert remaining == {files["recent"].id, files["open"].id}
    assert not os.path.exists(old_path)
    assert db.session.query(AuditLog).filter_by(action="uitdaging.bijlage_verwijderd").count() == 1
    assert purge_closed_challenge_files(now) == 0  # idempotent


def test_registered_with_the_privacy_purge(people):
    assert "uitdaging_bestanden" in {kind.name for kind in kinds()}
    now = datetime(2030, 6, 1, tzinfo=UTC)
    old = make_concept(people["uitdager"])
    old.afgesloten_op = (now - timedelta(days=10_000)).date()
    _attach(people["uitdager"], old)
    counts = {line.name: line.count for line in purge(now)}
    assert counts["uitdaging_bestanden"] == 1
    db.session.commit()
    assert db.session.query(Upload).count() == 0
