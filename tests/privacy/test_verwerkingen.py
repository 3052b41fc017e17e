"""The processing log (verwerkingenlog): every staff look at personal data is recorded in
structured columns, cannot be forged, and the resident sees it on Mijn gegevens."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from crawl import crawl
from factories import make_admin, make_staff
from markupsafe import escape
from privacy.seed import count, rich_person

from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import Verwerking
from open_nijmegen.privacy.services import log_verwerking


@pytest.mark.parametrize(
    ("object_type", "purpose", "action"),
    [
        ("gebruiker\n2026-01-01 beheerder bekeek niets", "ondersteuning", "inzien"),
        ("gebruiker\x1b[2K", "ondersteuning", "inzien"),
        ("gebruiker", "ondersteuning\r\nmoderatie", "inzien"),
        ("gebruiker", "ondersteuning", "inzien\nwissen"),
        ("", "ondersteuning", "inzien"),
        ("g" * 41, "ondersteuning", "inzien"),
    ],
)
def test_values_with_control_characters_cannot_forge_entries(object_type, purpose, action):
    officer = make_staff(password="")
    with pytest.raises(ValueError):
        log_verwerking(officer, object_type, 1, purpose, action=action)
    db.session.rollback()
    assert count(Verwerking) == 0


def test_ids_must_be_numbers():
    officer = make_staff(password="")
    with pytest.raises(ValueError):
        log_verwerking(officer, "gebruiker", "1; DROP", "ondersteuning")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        log_verwerking(officer, "gebruiker", 1, "ondersteuning", subject_user_id="2\n3")  # type: ignore[arg-type]


def test_an_entry_is_structured():
    person = rich_person()
    entry = db.session.scalars(
        sa.select(Verwerking).where(Verwerking.subject_user_id == person.user.id)
    ).one()
    assert (entry.actor_id, entry.object_type, entry.object_id, entry.purpose, entry.action) == (
        person.officer.id,
        "gebruiker",
        person.user.id,
        "ondersteuning",
        "inzien",
    )


def test_resident_sees_who_looked_at_their_data(app, client, login):
    person = rich_person()
    admin = make_admin(password="", name="Beheerder <b>Bas</b> & co")
    admin_client = app.test_client()
    from helpers import login_as

    login_as(admin_client, admin)
    response = admin_client.get(f"/beheer/gebruikers/{person.user.id}?doel=privacyverzoek")
    assert response.status_code == 200
    entries = db.session.scalars(
        sa.select(Verwerking)
        .where(Verwerking.subject_user_id == person.user.id)
        .order_by(Verwerking.id)
    ).all()
    assert [(e.actor_id, e.purpose) for e in entries][-1] == (admin.id, "privacyverzoek")

    login(person.user)
    html = client.get("/account/mijn-gegevens").get_data(as_text=True)
    section = html.split('id="verwerking-subject_user_id"', 1)[1].split("</section>", 1)[0]
    assert str(escape(admin.display_name)) in section
    assert "<b>Bas</b>" not in section
    assert "Een vraag om gegevens te zien of te wissen" in section
    assert "Een inwoner helpen met het account" in section
    assert "Bekeken" in section


def _shown(html: str, values: list[str]) -> bool:
    return any(value in html or str(escape(value)) in html for value in values)


@pytest.mark.parametrize("role", ["beheerder", "medewerker"])
def test_every_staff_page_with_personal_data_is_logged(app, role):
    """Crawl the staff area; every page that shows a resident's e-mail address or private
    value must add a processing-log entry when it is opened."""
    from helpers import login_as

    people = [rich_person(), rich_person()]
    officer = make_admin(password="") if role == "beheerder" else make_staff(password="")
    client = login_as(app.test_client(), officer)
    start = ["/beheer/"] + [f"/beheer/gebruikers/{p.user.id}?doel=ondersteuning" for p in people]
    pages = crawl(client, start, submit_forms=False).pages
    values = [v for p in people for v in (p.email, p.private["telefoon"], p.private["ip"])]
    unlogged = []
    checked = 0
    for page in pages:
        if page.kind != "page" or page.status != 200 or not _shown(page.html, values):
            continue
        before = count(Verwerking)
        again = client.get(page.url)
        assert _shown(again.get_data(as_text=True), values)
        checked += 1
        if count(Verwerking) <= before:
            unlogged.append(page.url)
    assert not unlogged, f"staff pages show personal data without a log entry: {unlogged}"
    if role == "beheerder":
        assert checked >= 2  # the user pages really were checked
