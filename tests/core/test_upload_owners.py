"""``/uploads/<id>/<name>`` serves a file only when the object it belongs to lets the visitor
see it (the owner type's ``can_view_upload`` hook). One test per owner type, with real files
on disk: 200 while the visitor may see it, 404 once not (or for someone who may not)."""

from __future__ import annotations

import io
from datetime import timedelta

from begroten.factories import make_begroting
from bijeenkomsten.factories import make_past
from factories import make_user
from helpers import login_as
from ideeen.factories import make_idee, standing_traject
from inwonersberaad.ib_world import add_stuk, make_beraad
from PIL import Image
from uitdaagrecht.cases import make_concept
from werkzeug.datastructures import FileStorage

from open_nijmegen.core import objects
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Upload
from open_nijmegen.core.uploads import attach, store_upload
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import services as ib_services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Owner types whose uploads are tested below; a new owner type must be added here.
TESTED_OWNERS = {"idee", "traject", "plan", "bijeenkomst", "uitdaging", "dossierstuk"}


def _photo(owner, obj=None) -> Upload:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(out, "PNG")
    out.seek(0)
    upload = store_upload(FileStorage(out, "foto.png"), {"image"}, owner=owner, obj=obj)
    db.session.commit()
    return upload


def _status(client, upload: Upload) -> int:
    with client.get(f"/uploads/{upload.id}/{upload.stored_name}") as response:
        if response.status_code == 200:
            assert response.data  # the real file was sent
        return response.status_code


def test_every_owner_type_of_uploads_is_tested():
    owners = {t for t, cls in objects.object_types().items() if hasattr(cls, "can_view_upload")}
    assert owners == TESTED_OWNERS


def test_unattached_upload_only_for_its_owner(app, client):
    owner = make_user(password="")
    upload = _photo(owner)
    assert _status(client, upload) == 404
    assert _status(login_as(app.test_client(), make_user(password="")), upload) == 404
    assert _status(login_as(app.test_client(), owner), upload) == 200


def test_idee_photo_only_while_the_idea_is_public(client):
    idee = make_idee()
    upload = _photo(idee.author)
    attach(upload, idee)
    idee.image_id = upload.id
    db.session.commit()
    assert _status(client, upload) == 200
    idee.hidden_at, idee.hidden_reason = utcnow(), "Scheldwoorden"
    db.session.commit()
    assert _status(client, upload) == 404
    idee.hidden_at, idee.withdrawn_at = None, utcnow()
    db.session.commit()
    assert _status(client, upload) == 404


def test_idee_author_still_sees_the_photo_of_the_hidden_idea(app):
    idee = make_idee("verborgen")
    upload = _photo(idee.author, idee)
    idee.image_id = upload.id
    db.session.commit()
    assert _status(login_as(app.test_client(), idee.author), upload) == 200
    assert _status(login_as(app.test_client(), make_user(password="")), upload) == 404


def test_traject_image_only_the_current_one(client):
    traject = standing_traject()
    old = _photo(None, traject)
    traject.afbeelding_id = old.id
    db.session.commit()
    assert _status(client, old) == 200
    new = _photo(None, traject)
    traject.afbeelding_id = new.id
    db.session.commit()
    assert _status(client, new) == 200
    assert _status(client, old) == 404  # a replaced image is not on the page any more


def test_plan_photo_only_the_current_one(client):
    plan = make_begroting().plannen[0]
    old = _photo(plan.author, plan)
    plan.image_id = old.id
    db.session.commit()
    assert _status(client, old) == 200
    plan.image_id = _photo(plan.author, plan).id
    db.session.commit()
    assert _status(client, old) == 404


def test_bijeenkomst_photos_only_after_the_report_is_published(app, client):
    item = make_past()
    upload = _photo(None, item)
    assert _status(client, upload) == 404
    staff = make_user("participatiemedewerker", areas=["bijeenkomsten"], password="")
    assert _status(login_as(app.test_client(), staff), upload) == 200
    item.verslag, item.verslag_op = "Het was een goede avond.", utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _status(client, upload) == 200


def test_uitdaging_attachment_only_for_the_challenger_and_staff(app, client):
    challenger = make_user(password="")
    uitdaging = make_concept(challenger, tot_stap=1)
    upload = store_upload(
        FileStorage(io.BytesIO(PDF), "begroting.pdf"), {"pdf"}, owner=challenger, obj=uitdaging
    )
    db.session.commit()
    assert _status(login_as(app.test_client(), challenger), upload) == 200
    assert _status(client, upload) == 404
    assert _status(login_as(app.test_client(), make_user(password="")), upload) == 404
    # Staff do not see a concept that was never sent.
    staff = make_user("participatiemedewerker", areas=["uitdaagrecht"], password="")
    assert _status(login_as(app.test_client(), staff), upload) == 404


def test_dossierstuk_file_for_members_until_published(app, client):
    beraad = make_beraad()
    member = make_user(password="")
    ib_services.add_member_directly(beraad, member)
    db.session.commit()
    stuk = add_stuk(beraad, pdf=True)
    upload = db.session.get(Upload, stuk.upload_id)
    assert upload.object_type == "dossierstuk"
    assert _status(login_as(app.test_client(), member), upload) == 200
    assert _status(client, upload) == 404
    assert _status(login_as(app.test_client(), make_user(password="")), upload) == 404
    staff = make_user("participatiemedewerker", areas=["inwonersberaad"], password="")
    ib_services.publish_stuk(staff, stuk)
    db.session.commit()
    assert _status(client, upload) == 200
