"""Attachments of closed challenges are deleted after the retention term (fake clock)."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.models import AuditLog, Upload
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.uploads import store_upload, upload_folder
from open_nijmegen.extensions import db
from open_nijmegen.privacy.purge import kinds, purge
from open_nijmegen.uitdaagrecht.blueprint import ur_datum
from open_nijmegen.uitdaagrecht.models import Uitdaging
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


def _set_updated(uitdaging, when):
    db.session.execute(
        sa.update(Uitdaging).where(Uitdaging.id == uitdaging.id).values(updated_at=when)
    )
    db.session.commit()


def test_concepts_never_filed_are_warned_by_mail_then_deleted_with_their_files(
    app, people, smtp_server
):
    from helpers import send_mail

    def concept_mails():  # the purge also warns the (fake-clock) inactive accounts
        send_mail()
        return [m for m in smtp_server.messages if "concept" in m["Subject"]]

    term = int(get_setting("bewaar.uitdaging_concept_dagen"))
    grace = int(get_setting("privacy.concept_waarschuwing_dagen"))
    start = datetime(2030, 1, 1, tzinfo=UTC)
    old = make_concept(people["uitdager"], tot_stap=2)
    young = make_concept(people["ander"], tot_stap=2)
    file = _attach(people["uitdager"], old)
    path = os.path.join(upload_folder(), file.stored_name)
    _set_updated(old, start)
    _set_updated(young, start + timedelta(days=60))

    # Not yet due for the warning: nothing happens.
    purge(start + timedelta(days=term - grace - 1))
    db.session.commit()
    assert concept_mails() == []

    # Due (the purge ran late): one mail with the date and a link to continue; nothing
    # deleted yet.
    warn_day = start + timedelta(days=term - grace + 5)
    purge(warn_day)
    db.session.commit()
    assert len(concept_mails()) == 1
    message = concept_mails()[0]
    assert message["To"] == people["uitdager"].email
    text = message.get_body(preferencelist=("plain",)).get_content()
    expected = ur_datum(max(start + timedelta(days=term), warn_day + timedelta(days=grace)).date())
    assert f"wordt op {expected} verwijderd" in " ".join(text.split())
    assert f"/uitdaagrecht/concept/{old.id}/stap/" in text
    assert db.session.get(Uitdaging, old.id) is not None
    purge(warn_day + timedelta(days=1))  # warned once per period without change
    db.session.commit()
    assert len(concept_mails()) == 1

    # After the term, but the warning is not old enough yet: kept.
    purge(start + timedelta(days=term + 1))
    db.session.commit()
    assert db.session.get(Uitdaging, old.id) is not None

    # The warning is old enough: deleted, with its file; the younger concept stays.
    lines = {line.name: line.count for line in purge(warn_day + timedelta(days=grace + 1))}
    db.session.commit()
    assert lines["uitdaging_concepten_gewist"] == 1
    assert db.session.get(Uitdaging, old.id) is None
    assert db.session.get(Upload, file.id) is None and not os.path.exists(path)
    assert db.session.get(Uitdaging, young.id) is not None


def test_a_concept_changed_after_the_warning_is_kept(people):
    term = int(get_setting("bewaar.uitdaging_concept_dagen"))
    grace = int(get_setting("privacy.concept_waarschuwing_dagen"))
    start = datetime(2030, 1, 1, tzinfo=UTC)
    concept = make_concept(people["uitdager"], tot_stap=2)
    _set_updated(concept, start)
    warn_day = start + timedelta(days=term - grace + 1)
    purge(warn_day)
    db.session.commit()
    _set_updated(concept, warn_day + timedelta(days=1))  # the challenger went on
    purge(warn_day + timedelta(days=grace + 2))
    db.session.commit()
    assert db.session.get(Uitdaging, concept.id) is not None


def test_the_concept_term_is_a_setting_shown_on_the_privacy_page(client):
    from open_nijmegen.core.settings import specs

    assert specs()["bewaar.uitdaging_concept_dagen"].kind is int
    html = " ".join(client.get("/privacy").get_data(as_text=True).split())
    assert "nooit is ingediend" in html
