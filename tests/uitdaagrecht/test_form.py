"""The challenge form in steps: every step saved as a concept, errors keep all input, a refused
attachment keeps the rest, "later verder", a new session finds the concept, the summary and
filing; and the public register shows no personal data."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token, login_as
from markupsafe import escape

from open_nijmegen.core.models import Upload
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage
from open_nijmegen.uitdaagrecht.models import Uitdaging
from open_nijmegen.uitdaagrecht.termijnen import format_datum
from open_nijmegen.uitdaagrecht.workflow import Status
from uitdaagrecht.cases import make_concept, reach

MARK = '<b>"Mijn tekst" & meer</b>'

VALID = {
    1: {
        "soort_uitdager": "organisatie",
        "organisatie_naam": "Buurtvereniging " + MARK,
        "rechtsvorm": "vereniging",
        "kvk_nummer": "12345678",
        "contact_naam": "Contact " + MARK,
        "contact_email": "contact@example.org",
        "contact_telefoon": "024 123 45 67",
    },
    2: {"taak": "Groen " + MARK, "taak_omschrijving": "Omschrijving " + MARK},
    3: {"waarom_beter": "Beter " + MARK},
    4: {"ervaring": "Ervaring " + MARK},
    5: {"draagvlak": "Steun " + MARK},
    6: {"kosten": "Kosten " + MARK, "budget_gevraagd": "ja", "budget_bedrag": "1500"},
    7: {"hulp_gemeente": "Hulp " + MARK},
    8: {"kwaliteit": "Kwaliteit " + MARK},
    9: {"opmerkingen": "Opmerking " + MARK},
}
# Per step: one field left empty or wrong, and the message the user gets.
BROKEN = {
    1: ("kvk_nummer", "12ab", "Een KvK-nummer heeft 8 cijfers"),
    2: ("taak_omschrijving", "", "Beschrijf de taak"),
    3: ("waarom_beter", "", "Schrijf op waarom u het beter of goedkoper kunt."),
    4: ("ervaring", "", "Schrijf op wat uw kennis en ervaring is."),
    5: ("draagvlak", "", "Schrijf op wie uw plan steunen"),
    6: ("budget_bedrag", "veel", "Vul een heel bedrag in euro"),
    7: ("hulp_gemeente", "", "Schrijf op welke hulp u van de gemeente wilt."),
    8: ("kwaliteit", "", "Schrijf op hoe u zorgt"),
    9: ("opmerkingen", "x" * 5001, "Gebruik niet meer dan 5000 tekens."),
}


def _html(response) -> str:
    return response.get_data(as_text=True)


def _step_url(concept_id: int | None, nummer: int) -> str:
    if concept_id is None:
        return "/uitdaagrecht/nieuw"
    return f"/uitdaagrecht/concept/{concept_id}/stap/{nummer}"


def _post_step(client, concept_id, nummer, data, **extra):
    payload = {"csrf_token": csrf_token(client, _step_url(concept_id, nummer)), **data, **extra}
    return client.post(
        _step_url(concept_id, nummer), data=payload, content_type="multipart/form-data"
    )


def _concept_id(user) -> int:
    return db.session.scalar(
        sa.select(Uitdaging.id)
        .where(Uitdaging.uitdager_id == user.id)
        .order_by(Uitdaging.id.desc())
    )


def test_the_whole_form_then_filing(app, client):
    user = make_user(password="")
    login_as(client, user)
    first = client.get("/uitdaagrecht/nieuw")
    assert "Stap 1 van 9" in _html(first) and "novalidate" in _html(first)
    concept_id = None
    for nummer in range(1, 10):
        response = _post_step(client, concept_id, nummer, VALID[nummer], volgende="1")
        assert response.status_code == 302, (nummer, _html(response)[:2000])
        concept_id = concept_id or _concept_id(user)
        target = (
            f"/uitdaagrecht/concept/{concept_id}/controleren"
            if nummer == 9
            else _step_url(concept_id, nummer + 1)
        )
        assert response.headers["Location"].endswith(target)
        concept = db.session.get(Uitdaging, concept_id)
        assert concept.status == Status.CONCEPT and concept.stap == nummer
    summary = _html(client.get(f"/uitdaagrecht/concept/{concept_id}/controleren"))
    assert str(escape("Kwaliteit " + MARK)) in summary and MARK not in summary
    assert "Er ontbreekt nog iets" not in summary
    filed = client.post(
        f"/uitdaagrecht/concept/{concept_id}/indienen",
        data={"csrf_token": csrf_token(client, f"/uitdaagrecht/concept/{concept_id}/controleren")},
    )
    concept = db.session.get(Uitdaging, concept_id)
    assert concept.status == Status.INGEDIEND
    assert filed.headers["Location"].endswith(f"/uitdaagrecht/mijn/{concept.referentie}")
    assert concept.budget_bedrag == 1500 and concept.budget_gevraagd is True
    page = _html(client.get(f"/uitdaagrecht/mijn/{concept.referentie}"))
    assert concept.referentie in page
    assert format_datum(concept.ingediend_op) in page  # "zondag 29 november 2026"
    assert "Wat gebeurt er nu?" in page and "uiterlijk op" in page
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert concept.referentie in mail.subject and concept.referentie in mail.body_text
    # Filing twice is not possible.
    again = client.post(
        f"/uitdaagrecht/concept/{concept_id}/indienen", data={"csrf_token": csrf_token(client)}
    )
    assert again.status_code == 404


@pytest.mark.parametrize("nummer", list(BROKEN))
def test_a_step_with_errors_keeps_all_input(app, client, nummer):
    user = make_user(password="")
    login_as(client, user)
    concept_id = None if nummer == 1 else make_concept(user, tot_stap=nummer - 1).id
    field, bad, message = BROKEN[nummer]
    data = {**VALID[nummer], field: bad}
    response = _post_step(client, concept_id, nummer, data, volgende="1")
    assert response.status_code == 400
    html = _html(response)
    assert "Er gaat iets mis" in html and message in html
    assert f'href="#{field}"' in html
    for name, value in VALID[nummer].items():
        if name != field and name not in ("soort_uitdager", "rechtsvorm", "budget_gevraagd"):
            assert str(escape(value)) in html, (name, value)
    if nummer == 1:
        assert 'value="organisatie" checked' in html or "checked" in html
    # Nothing was saved from the broken step.
    if concept_id is not None:
        db.session.expire_all()
        concept = db.session.get(Uitdaging, concept_id)
        assert concept.stap == nummer - 1


def test_later_verder_saves_what_is_filled_in(app, client):
    user = make_user(password="")
    login_as(client, user)
    concept = make_concept(user, tot_stap=1)
    response = _post_step(
        client, concept.id, 2, {"taak": "Bankjes verven", "taak_omschrijving": ""}, later="1"
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/uitdaagrecht/mijn"
    )
    db.session.expire_all()
    concept = db.session.get(Uitdaging, concept.id)
    assert concept.taak == "Bankjes verven" and concept.taak_omschrijving is None
    # A wrong value is not saved, also not for later.
    wrong = _post_step(client, concept.id, 1, {**VALID[1], "kvk_nummer": "1"}, later="1")
    assert wrong.status_code == 400 and "8 cijfers" in _html(wrong)


def test_a_new_session_finds_the_concept(app, client):
    user = make_user(password="")
    login_as(client, user)
    _post_step(client, None, 1, VALID[1], later="1")
    concept_id = _concept_id(user)
    # The session ends (another browser, or the cookie expired) and the user logs in again.
    other = app.test_client()
    assert other.get(_step_url(concept_id, 1)).status_code == 302  # to the login page
    login_as(other, user)
    listing = _html(other.get("/uitdaagrecht/mijn"))
    assert f"/uitdaagrecht/concept/{concept_id}/stap/2" in listing
    step1 = _html(other.get(_step_url(concept_id, 1)))
    assert str(escape(VALID[1]["organisatie_naam"])) in step1
    start = _html(other.get("/uitdaagrecht/nieuw"))
    assert "U heeft al een uitdaging die u nog niet heeft ingediend" in start


def test_a_bad_attachment_is_refused_and_the_text_is_kept(app, client):
    user = make_user(password="")
    login_as(client, user)
    concept = make_concept(user)
    fake = (io.BytesIO(b"Dit is gewoon tekst, geen PDF.\n"), "begroting.pdf")
    response = _post_step(
        client, concept.id, 9, {"opmerkingen": "Opmerking " + MARK, "bijlage": fake}, toevoegen="1"
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Dit soort bestand kan niet. Kies een PDF of een foto" in html
    assert str(escape("Opmerking " + MARK)) in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Upload)) == 0
    good = (io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "begroting.pdf")
    ok = _post_step(client, concept.id, 9, {"opmerkingen": "", "bijlage": good}, toevoegen="1")
    assert ok.status_code == 302 and ok.headers["Location"].endswith(_step_url(concept.id, 9))
    upload = db.session.scalars(sa.select(Upload)).one()
    assert (upload.object_type, upload.object_id) == ("uitdaging", concept.id)
    assert "begroting.pdf" in _html(client.get(_step_url(concept.id, 9)))
    removed = client.post(
        f"/uitdaagrecht/concept/{concept.id}/bijlage/{upload.id}/verwijderen",
        data={"csrf_token": csrf_token(client, _step_url(concept.id, 9))},
    )
    assert removed.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Upload)) == 0


def test_steps_are_filled_in_order_and_a_concept_can_be_deleted(app, client):
    user = make_user(password="")
    login_as(client, user)
    concept = make_concept(user, tot_stap=2)
    jump = client.get(_step_url(concept.id, 7))
    assert jump.headers["Location"].endswith(_step_url(concept.id, 3))
    assert client.get(_step_url(concept.id, 10)).status_code == 404
    summary = _html(client.get(f"/uitdaagrecht/concept/{concept.id}/controleren"))
    assert "Er ontbreekt nog iets" in summary and "Uitdaging indienen" not in summary
    concept_id = concept.id
    deleted = client.post(
        f"/uitdaagrecht/concept/{concept_id}/verwijderen",
        data={"csrf_token": csrf_token(client, f"/uitdaagrecht/concept/{concept_id}/verwijderen")},
    )
    assert deleted.status_code == 302
    db.session.expunge_all()
    assert db.session.get(Uitdaging, concept_id) is None


def test_the_register_shows_no_personal_data(app, client):
    officer = make_staff(password="")
    person = make_user(password="", name="Jansen Privé Persoon", email="jansen@example.org")
    org = make_user(password="", name="Voorzitter Org", email="voorzitter@example.org")
    private = reach(Status.AFGEWEZEN, person, officer)
    private.soort_uitdager = "persoon"
    private.organisatie_naam = None
    private.rechtsvorm = None
    private.kvk_nummer = None
    public = reach(Status.TOEGEKEND, org, officer)
    concept = make_concept(org)
    db.session.commit()
    html = _html(client.get("/uitdaagrecht/register"))
    assert private.referentie in html and public.referentie in html
    assert str(escape(public.organisatie_naam)) in html
    assert "Een inwoner" in html
    assert "Uitleg over waarde." in html  # the reasons of a public decision
    for secret in (
        "Persoonlijke Naam Contact",
        "contact-prive@example.org",
        "024-1234567",
        person.display_name,
        org.display_name,
        person.email,
        org.email,
        "12345678",
    ):
        assert secret not in html, secret
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html)
    assert str(escape(concept.taak)) not in html
