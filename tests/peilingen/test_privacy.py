"""Anonymous by design, seen from the privacy side: what the export holds, what erasure does,
what /privacy says, and that no staff page shows a person next to answers."""

from __future__ import annotations

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, q

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import services
from open_nijmegen.peilingen.models import Deelname, Inzending, OpenAntwoord
from open_nijmegen.privacy import export
from open_nijmegen.privacy.erasure import erase_user


def _answer(client, peiling, **over):
    data = {
        **answers(peiling, **over),
        "csrf_token": csrf_token(client),
        "actie": "versturen",
        "pagina": "2",
    }
    return client.post(f"/peilingen/{peiling.id}/invullen", data=data)


def test_the_export_says_that_you_took_part_but_not_what_you_answered(client, login):
    peiling = make_peiling()
    v = q(peiling)
    user = make_user()
    login(user)
    assert (
        _answer(client, peiling, **{f"v{v['idee'].id}": "Mijn geheime idee 4711"}).status_code
        == 302
    )
    sections = {s.key: s for s in export.collect(user)}
    assert len(sections["peiling_deelname.user_id"].rows) == 1
    dumped = repr([(s.key, s.rows) for s in sections.values()])
    assert "geheime idee 4711" not in dumped


def test_erasure_removes_the_participation_and_keeps_the_anonymous_answers(client, login):
    peiling = make_peiling()
    user = make_user()
    login(user)
    assert _answer(client, peiling).status_code == 302
    erase_user(user)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deelname)) == 0
    assert services.aantal_inzendingen(peiling.id) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OpenAntwoord)) == 1


def test_the_privacy_page_explains_it():
    from flask import current_app

    html = current_app.test_client().get("/privacy").get_data(as_text=True)
    assert 'id="peilingen"' in html
    assert "Daar staat niet bij wie het was" in html
    assert "e-mailadressen en telefoonnummers" in html


def test_no_staff_page_shows_a_person_next_to_answers(client, login):
    peiling = make_peiling()
    v = q(peiling)
    resident = make_user(name="Herkenbare Naam 123")
    login(resident)
    assert (
        _answer(client, peiling, **{f"v{v['idee'].id}": "Een idee over de brug"}).status_code == 302
    )
    login(make_staff(areas=["peilingen"]))
    for url in (
        "/beheer/peilingen",
        f"/beheer/peilingen/{peiling.id}",
        f"/beheer/peilingen/{peiling.id}/open-antwoorden",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "Herkenbare Naam 123" not in html and resident.email not in html
    html = client.get(f"/beheer/peilingen/{peiling.id}/open-antwoorden").get_data(as_text=True)
    assert "Een idee over de brug" in html
    row = db.session.scalars(sa.select(Inzending)).one()
    assert row.sleutel not in html


def test_masking_of_mail_addresses_and_phone_numbers():
    m = services.maskeer
    assert "@" not in m("mail naar piet.jansen+x@gemeente.nijmegen.nl graag")
    for phone in (
        "06-12345678",
        "024 329 99 99",
        "+31 6 1234 5678",
        "0031612345678",
        "(024) 3299999",
    ):
        out = m(f"bel {phone} even")
        assert "weggehaald" in out and phone not in out, phone
    for kept in ("In 2025 wil ik 3 bomen", "Tussen 10 en 12 uur", "Postcode 6511 AB"):
        assert m(kept) == kept
