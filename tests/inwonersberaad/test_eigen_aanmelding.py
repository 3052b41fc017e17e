"""A resident who registered without an account sees and erases their own registration through
the link in the confirmation mail: a random token, only its hash in the database; GET shows,
POST (with CSRF) erases; a chosen member cannot erase there; a wrong link gets a B1 page."""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa
from helpers import csrf_token, send_mail
from inwonersberaad.werving_world import make_codes, make_open_beraad, register

from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.aanmelding_models import AanmeldStatus, BeraadAanmelding


def _registered(client, smtp_server) -> tuple[str, str]:
    """Register through the pages; returns (the link's path, the token) from the mail."""
    beraad = make_open_beraad()
    code = make_codes(beraad, 1)[0]
    assert register(client, beraad, code).status_code == 302
    send_mail()
    (mail,) = smtp_server.messages
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    match = re.search(r"https?://[^/\s]+(/inwonersberaad/mijn-aanmelding/([A-Za-z0-9_-]+))", text)
    assert match, text
    assert match.group(1) in html and "Deel deze link niet met anderen." in text
    return match.group(1), match.group(2)


def test_the_mail_link_shows_and_erases_the_registration(app, client, smtp_server):
    path, token = _registered(client, smtp_server)
    row = db.session.scalars(sa.select(BeraadAanmelding)).one()
    # Hashed at rest: the token itself is nowhere in the row.
    assert row.eigen_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr({c.name: getattr(row, c.name) for c in row.__table__.columns})

    guest = app.test_client()  # another browser, no session, no account
    page = guest.get(path)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    text = page.get_data(as_text=True)
    for seen in (
        "Fatima de Vries",
        "fatima@example.org",
        "6511AB 12A",
        "Een plek voor mijn rolstoel",
    ):
        assert seen in text
    assert "16 tot 35 jaar" in text and "Wis mijn aanmelding" in text
    # GET changes nothing; a POST without CSRF changes nothing.
    assert db.session.query(BeraadAanmelding).count() == 1
    assert guest.post(path, data={}).status_code == 400
    assert db.session.query(BeraadAanmelding).count() == 1

    done = guest.post(path, data={"csrf_token": csrf_token(guest, path)})
    assert done.status_code == 200
    assert "Uw aanmelding is gewist" in done.get_data(as_text=True)
    assert db.session.query(BeraadAanmelding).count() == 0
    audit = db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "werving.zelf_gewist"))
    assert audit.one()
    # The link now says it does not work (B1), the same as a made-up one.
    for url in (
        path,
        "/inwonersberaad/mijn-aanmelding/" + "x" * 32,
        "/inwonersberaad/mijn-aanmelding/kort",
    ):
        gone = guest.get(url)
        assert gone.status_code == 404 and "Deze link werkt niet" in gone.get_data(as_text=True)


def test_a_chosen_member_is_asked_to_call(app, client, smtp_server):
    path, _token = _registered(client, smtp_server)
    row = db.session.scalars(sa.select(BeraadAanmelding)).one()
    row.status = AanmeldStatus.GEKOZEN
    db.session.commit()
    guest = app.test_client()
    text = guest.get(path).get_data(as_text=True)
    assert "Bel dan de gemeente op 14 024" in text and "Wis mijn aanmelding" not in text
    # Even with a valid CSRF token (from a form of the site), the POST is refused.
    token = csrf_token(guest)
    assert guest.post(path, data={"csrf_token": token}).status_code == 400
    assert db.session.query(BeraadAanmelding).count() == 1
