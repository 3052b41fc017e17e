"""The pages: agenda, event page, signing up with and without account, the signed links
(GET shows a button, POST acts), officer forms with hostile dates and oversized input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from bijeenkomsten.factories import make_bijeenkomst, make_past
from factories import make_staff, make_user
from helpers import csrf_token, login_as

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.bijeenkomsten.models import Aanmelding, AanmeldStatus, Bijeenkomst, Status
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage
from open_nijmegen.privacy.models import Verwerking


def _post(client, url, data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _url(item) -> str:
    return f"/bijeenkomsten/{item.id}-{item.slug}"


def _link(text: str, prefix: str) -> str:
    match = re.search(rf"http://open-nijmegen\.test({prefix}[^\s]+)", text)
    assert match is not None, text
    return match.group(1)


def test_agenda_shows_upcoming_and_past(client):
    coming = make_bijeenkomst()
    gone = make_past()
    html = client.get("/bijeenkomsten").get_data(as_text=True)
    assert (
        coming.titel.split("<")[0] in html
        and "&lt;script&gt;" in html
        and "<script>alert" not in html
    )
    assert gone.titel not in html
    past = client.get("/bijeenkomsten?toon=voorbij").get_data(as_text=True)
    assert "Geweest" in past and "Wijkavond" not in past


def test_event_page_redirects_to_its_slug_and_404s_unknown(client):
    item = make_bijeenkomst()
    response = client.get(f"/bijeenkomsten/{item.id}-verkeerd")
    assert response.status_code == 301 and response.headers["Location"].endswith(item.slug)
    assert client.get("/bijeenkomsten/999999-x").status_code == 404


def test_guest_signs_up_confirms_by_post_and_cancels_by_post(client):
    item = make_bijeenkomst(online=True, online_link="https://meet.example.org/geheim", adres="")
    page = client.get(_url(item)).get_data(as_text=True)
    assert "meet.example.org/geheim" not in page  # only for people with a seat
    response = _post(
        client,
        f"/bijeenkomsten/{item.id}/aanmelden",
        {"naam": "Joke", "email": "joke@example.org", "kinderopvang": "y"},
    )
    assert response.status_code == 200 and "Kijk in uw mail" in response.get_data(as_text=True)
    mail = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    confirm = _link(mail.body_text, "/bijeenkomsten/bevestigen/")
    # A GET (a mail scanner opening the link) changes nothing.
    assert client.get(confirm).status_code == 200
    row = db.session.scalar(sa.select(Aanmelding))
    assert row.bevestigd_op is None and row.kinderopvang
    response = _post(client, confirm, {})
    assert "Uw aanmelding is klaar" in response.get_data(as_text=True)
    db.session.refresh(row)
    assert row.is_bevestigd
    seat_mail = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    assert "meet.example.org/geheim" in seat_mail.body_text
    cancel = _link(seat_mail.body_text, "/bijeenkomsten/afmelden/")
    assert client.get(cancel).status_code == 200
    db.session.refresh(row)
    assert row.status == AanmeldStatus.AANGEMELD
    response = _post(client, cancel, {})
    assert "U bent afgemeld" in response.get_data(as_text=True)
    db.session.refresh(row)
    assert row.status == AanmeldStatus.AFGEMELD


@pytest.mark.parametrize("path", ["bevestigen", "afmelden"])
def test_forged_links_are_refused(client, path):
    assert client.get(f"/bijeenkomsten/{path}/vervalst").status_code == 400


def test_account_signs_up_sees_the_online_link_and_cancels(client):
    item = make_bijeenkomst(online=True, online_link="https://meet.example.org/geheim", adres="")
    user = make_user()
    login_as(client, user)
    form = client.get(f"/bijeenkomsten/{item.id}/aanmelden").get_data(as_text=True)
    assert 'name="email"' not in form  # the account's address is used
    response = _post(client, f"/bijeenkomsten/{item.id}/aanmelden", {"tolk": "y"})
    assert response.status_code == 302
    page = client.get(_url(item)).get_data(as_text=True)
    assert f"/bijeenkomsten/{item.id}/online" in page
    assert client.get(f"/bijeenkomsten/{item.id}/online").headers["Location"].endswith("geheim")
    response = _post(client, f"/bijeenkomsten/{item.id}/afmelden", {})
    assert response.status_code == 302
    assert services.registration_of(item, user).status == AanmeldStatus.AFGEMELD


def test_sign_up_form_keeps_input_and_answers_400(client):
    item = make_bijeenkomst()
    response = _post(
        client,
        f"/bijeenkomsten/{item.id}/aanmelden",
        {"naam": "Joke", "email": "geen-adres", "hulp": "x" * 600},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er gaat iets mis" in html and 'value="Joke"' in html
    assert "Vul een geldig e-mailadres in" in html and "niet meer dan 500 tekens" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Aanmelding)) == 0


def test_closed_registration_shows_a_b1_message(client):
    item = make_past()
    response = _post(
        client, f"/bijeenkomsten/{item.id}/aanmelden", {"naam": "A", "email": "a@b.nl"}
    )
    assert response.status_code == 400
    assert "niet meer aanmelden" in response.get_data(as_text=True)


def test_calendar_files_and_feeds(client):
    item = make_bijeenkomst(online=True, online_link="https://meet.example.org/geheim", adres="")
    one = client.get(f"/bijeenkomsten/{item.id}.ics")
    assert one.mimetype == "text/calendar"
    body = one.get_data(as_text=True)
    assert "BEGIN:VEVENT" in body and "geheim" not in body
    assert item.begint_op.strftime("%Y%m%dT%H%M%SZ") in body
    all_ = client.get("/bijeenkomsten/agenda.ics").get_data(as_text=True)
    assert all_.count("BEGIN:VEVENT") == 1
    atom = client.get("/bijeenkomsten/bijeenkomsten.atom")
    assert atom.mimetype == "application/atom+xml" and "geheim" not in atom.get_data(as_text=True)
    assert client.get("/bijeenkomsten/agenda/onbekend-1.ics").status_code == 404


# -- officers --------------------------------------------------------------------------------

GOOD = {
    "titel": "Wijkavond in Hatert",
    "tekst": "We praten over het plein. Kom ook en neem uw buren mee.",
    "datum": "",
    "begintijd": "19:30",
    "eindtijd": "21:00",
    "adres": "Hatertseweg 1, Nijmegen",
    "aanmelden_nodig": "y",
    "capaciteit": "20",
}


def _good(**changes):
    day = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%d")
    return {**GOOD, "datum": day, **changes}


def test_officer_creates_an_event_in_amsterdam_time(client):
    login_as(client, make_staff())
    response = _post(client, "/beheer/bijeenkomsten/nieuw", _good(datum="2030-07-01"))
    assert response.status_code == 302
    item = db.session.scalar(sa.select(Bijeenkomst))
    assert item.begint_op.hour == 17 and item.begint_op.minute == 30  # 19:30 summer time
    assert item.capaciteit == 20 and item.status == Status.GEPLAND


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eindtijd": "18:00"}, "Het einde moet na het begin liggen."),
        ({"datum": "9999-01-01"}, "Kies een jaar tussen 2000 en 2100."),
        ({"datum": "31-02-2027"}, "Deze datum bestaat niet."),
        ({"datum": "morgen"}, "Schrijf de datum zo"),
        ({"begintijd": "25:00"}, "Deze tijd bestaat niet."),
        ({"einddatum": "99999-01-01"}, "Schrijf de datum zo"),
        ({"aanmelden_tot_datum": "2001-01-01"}, "Deze datum is al voorbij."),
        (
            {"aanmelden_tot_datum": "2099-01-01"},
            "Aanmelden moet stoppen voor de bijeenkomst begint.",
        ),
        ({"capaciteit": "-3"}, "Vul een heel getal in"),
        ({"capaciteit": "9" * 40}, "Vul een heel getal in"),
        ({"adres": ""}, "Vul het adres in, of kies voor online."),
        ({"online": "y", "online_link": "javascript:alert(1)"}, "Een link begint met https://"),
        ({"titel": "x" * 5000}, "De titel moet 5 tot 120 tekens lang zijn."),
        ({"tekst": "x" * 20000}, "De uitleg moet 20 tot 10000 tekens lang zijn."),
        ({"hoort_bij": "idee:999999"}, "Kies iets uit de lijst."),
    ],
)
def test_hostile_input_gets_a_b1_message_and_keeps_the_input(client, changes, message):
    login_as(client, make_staff())
    data = _good(**changes)
    response = _post(client, "/beheer/bijeenkomsten/nieuw", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[:500]
    assert "Er gaat iets mis" in html and message in html
    assert 'value="Hatertseweg 1, Nijmegen"' in html or not data["adres"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bijeenkomst)) == 0


def test_officer_edits_cancels_and_messages(client):
    staff = make_staff()
    item = make_bijeenkomst(staff)
    user = make_user()
    services.register(item, user=user)
    db.session.commit()
    login_as(client, staff)
    edit = f"/beheer/bijeenkomsten/{item.id}/bewerken"
    form = client.get(edit).get_data(as_text=True)
    assert 'value="Grote zaal"' in form
    response = _post(
        client,
        f"/beheer/bijeenkomsten/{item.id}/bericht",
        {"onderwerp": "Let op", "tekst": "Neem een jas mee, het is koud."},
    )
    assert response.status_code == 302
    mail = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    assert mail.recipient == user.email and "Neem een jas mee" in mail.body_text
    response = _post(
        client, f"/beheer/bijeenkomsten/{item.id}/annuleren", {"reden": "De zaal is dicht."}
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.is_geannuleerd
    assert "De zaal is dicht." in client.get(_url(item)).get_data(as_text=True)


def test_attendee_list_and_door_csv_are_logged(client):
    staff = make_staff()
    item = make_bijeenkomst(staff)
    services.register(item, naam='=HYPERLINK("x")', email="gast@example.org", hulp="Rolstoel")
    db.session.commit()
    login_as(client, staff)
    html = client.get(f"/beheer/bijeenkomsten/{item.id}/deelnemers").get_data(as_text=True)
    assert "gast@example.org" in html and "Rolstoel" in html
    csv = client.get(f"/beheer/bijeenkomsten/{item.id}/deurlijst.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv and "gast@example.org" not in csv
    logged = db.session.scalars(sa.select(Verwerking).order_by(Verwerking.id)).all()
    assert [(v.purpose, v.action, v.object_id) for v in logged] == [
        ("bijeenkomst", "inzien", item.id),
        ("bijeenkomst", "downloaden", item.id),
    ]


def test_report_with_attendance_is_shown(client):
    staff = make_staff()
    item = make_past()
    login_as(client, staff)
    response = _post(
        client,
        f"/beheer/bijeenkomsten/{item.id}/verslag",
        {"verslag": "Er kwamen veel mensen uit de wijk.", "aanwezig": "27"},
    )
    assert response.status_code == 302
    html = client.get(_url(item)).get_data(as_text=True)
    assert "Er waren 27 mensen." in html and "Er kwamen veel mensen" in html
    bad = _post(
        client,
        f"/beheer/bijeenkomsten/{item.id}/verslag",
        {"verslag": "Kort verslag van de avond hier.", "aanwezig": "veel"},
    )
    assert bad.status_code == 400 and "Vul een heel getal in" in bad.get_data(as_text=True)


def test_events_show_on_the_page_they_belong_to(client):
    from open_nijmegen.inwonersberaad.models import Beraad

    beraad = Beraad(vraag="Hoe maken we de stad groener?", openbaar=True)
    db.session.add(beraad)
    db.session.commit()
    item = make_bijeenkomst(hoort_bij_type="beraad", hoort_bij_id=beraad.id)
    html = client.get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    assert _url(item) in html
    assert f"/bijeenkomsten/agenda/beraad-{beraad.id}.ics" in html
    assert client.get(f"/bijeenkomsten/agenda/beraad-{beraad.id}.ics").status_code == 200
    event = client.get(_url(item)).get_data(as_text=True)
    assert f"/inwonersberaad/{beraad.id}-{beraad.slug}" in event


def test_privacy_page_explains_registrations_with_the_term(client):
    from open_nijmegen.core.settings import set_setting

    set_setting(None, "bewaar.bijeenkomst_aanmeldingen_dagen", 45)
    db.session.commit()
    html = client.get("/privacy").get_data(as_text=True)
    assert "Aanmelden voor een bijeenkomst" in html and "45 dagen na de bijeenkomst" in html


def test_purge_deletes_registrations_after_the_term(client):
    from datetime import datetime

    from open_nijmegen.bijeenkomsten.privacy import purge_registrations

    item = make_past()
    db.session.add(Aanmelding(bijeenkomst_id=item.id, naam="A", email="a@example.org",
                              status=AanmeldStatus.AANGEMELD))  # fmt: skip
    db.session.commit()
    soon: datetime = item.eindigt_op + timedelta(days=29)
    assert purge_registrations(soon, dry_run=False) == 0
    later = item.eindigt_op + timedelta(days=31)
    assert purge_registrations(later, dry_run=True) == 1
    assert purge_registrations(later, dry_run=False) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Aanmelding)) == 0


def test_an_event_can_belong_to_a_begroting_and_shows_on_its_page(client):
    from begroten.factories import make_begroting

    begroting = make_begroting()
    login_as(client, make_staff())
    form = client.get("/beheer/bijeenkomsten/nieuw").get_data(as_text=True)
    assert f'value="begroting:{begroting.id}"' in form
    item = make_bijeenkomst(hoort_bij_type="begroting", hoort_bij_id=begroting.id)
    page = f"/begroten/{begroting.id}-{begroting.slug}"
    html = client.get(page).get_data(as_text=True)
    assert _url(item) in html
    assert f"/bijeenkomsten/agenda/begroting-{begroting.id}.ics" in html
    event = client.get(_url(item)).get_data(as_text=True)
    assert page in event
