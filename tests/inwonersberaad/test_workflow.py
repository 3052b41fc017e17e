"""Phases (transition table, history, deadline snapshot, overdue), invitations, advice and
response with progress, and mail to followers for every published change (real SMTP)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from factories import make_staff, make_user
from helpers import csrf_token, login_as, send_mail
from inwonersberaad.ib_world import add_stuk, make_beraad

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions.services import set_follow
from open_nijmegen.core.models import StatusChange
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.models import (
    FASE_OVERGANGEN,
    FASEN,
    AanbevelingStatus,
    Beraadslid,
    Fase,
)


@pytest.fixture()
def officer():
    return make_staff(areas=["inwonersberaad"], password="")


@pytest.mark.parametrize("oud", list(Fase))
@pytest.mark.parametrize("nieuw", list(Fase))
def test_transition_table(officer, oud, nieuw):
    beraad = make_beraad(officer, fase=oud)
    services.save_aanbeveling(officer, beraad, 1, "Meer bomen", "Plant bomen.", 90)
    if nieuw == Fase.REACTIE_GEPUBLICEERD:
        item = beraad.aanbevelingen[0]
        services.save_reactie(officer, item, AanbevelingStatus.OVERGENOMEN, "Goed plan.", "Stad")
        services.publish_reactie(officer, item)
    if nieuw in FASE_OVERGANGEN[oud]:
        services.move_fase(officer, beraad, nieuw)
        assert beraad.fase == nieuw
    else:
        with pytest.raises(services.BeraadFout):
            services.move_fase(officer, beraad, nieuw)
        assert beraad.fase == oud


def test_every_phase_is_reachable_in_order():
    for index, fase in enumerate(FASEN[:-1]):
        assert FASEN[index + 1] in FASE_OVERGANGEN[fase]
    assert FASE_OVERGANGEN[Fase.AFGESLOTEN] == frozenset()


def test_refused_transition_gives_a_b1_message_on_the_page(client, officer):
    login_as(client, officer)
    beraad = make_beraad(officer, fase=Fase.OPDRACHT)
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/fase",
        data={"csrf_token": csrf_token(client), "fase": "afgesloten"},
    )
    body = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Er gaat iets mis" in body and "kan het beraad niet naar 'Afgesloten'" in body
    db.session.expire_all()
    assert beraad.fase == Fase.OPDRACHT
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/fase",
        data={
            "csrf_token": csrf_token(client),
            "fase": "werving",
            "toelichting": "Brieven gaan uit.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert beraad.fase == Fase.WERVING
    rows = db.session.query(StatusChange).filter_by(object_type="beraad", object_id=beraad.id).all()
    assert [(r.from_status, r.to_status) for r in rows] == [
        (None, "opdracht"),
        ("opdracht", "werving"),
    ]
    assert rows[-1].explanation == "Brieven gaan uit." and rows[-1].actor_id == officer.id


def test_deadline_is_a_snapshot_and_overdue_shows(app, client, officer):
    set_setting(officer, "inwonersberaad.reactie_termijn_maanden", "2")
    beraad = make_beraad(officer, fase=Fase.ADVIES_VASTGESTELD)
    services.save_aanbeveling(officer, beraad, 1, "Meer bomen", "Plant bomen.", 90)
    moment = utcnow() - timedelta(days=100)
    services.move_fase(officer, beraad, Fase.AANGEBODEN, now=moment)
    db.session.commit()
    assert beraad.aangeboden_op == moment
    assert 59 <= (beraad.reactie_deadline - moment).days <= 62
    set_setting(officer, "inwonersberaad.reactie_termijn_maanden", "12")
    db.session.commit()
    assert 59 <= (beraad.reactie_deadline - moment).days <= 62  # unchanged
    assert services.is_overdue(beraad)
    page = client.get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    assert "De reactie is te laat." in page
    login_as(client, officer)
    dashboard = client.get("/beheer/").get_data(as_text=True)
    assert "te laat" in dashboard and beraad.vraag[:3] in html.unescape(dashboard)


def test_countdown_before_the_deadline(client, officer):
    beraad = make_beraad(officer, fase=Fase.ADVIES_VASTGESTELD)
    services.save_aanbeveling(officer, beraad, 1, "Meer bomen", "Plant bomen.", 90)
    services.move_fase(officer, beraad, Fase.AANGEBODEN)
    db.session.commit()
    page = client.get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    assert re.search(r"Nog \d+ dagen\.", page)


def test_invitation_flow(app, client, officer, smtp_server):
    beraad = make_beraad(officer)
    login_as(client, officer)
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/leden",
        data={"csrf_token": csrf_token(client), "email": "nieuw.lid@example.org"},
    )
    assert response.status_code == 302
    db.session.commit()
    send_mail()
    [message] = smtp_server.messages
    assert message["To"] == "nieuw.lid@example.org"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"http://open-nijmegen.test(/inwonersberaad/uitnodiging/\S+)", text).group(1)

    resident = make_user(password="")
    visitor = app.test_client()
    assert "Log eerst in" in visitor.get(link).get_data(as_text=True)
    member = app.test_client()
    login_as(member, resident)
    assert member.get(f"/inwonersberaad/{beraad.id}/dossier").status_code == 404
    assert "Ik doe mee" in member.get(link).get_data(as_text=True)
    response = member.post(link, data={"csrf_token": csrf_token(member)})
    assert response.status_code == 302
    assert member.get(f"/inwonersberaad/{beraad.id}/dossier").status_code == 200
    lid = db.session.query(Beraadslid).filter_by(user_id=resident.id).one()
    assert lid.beraad_id == beraad.id and lid.geaccepteerd_op is not None
    # Single use; a forged token does nothing.
    other = app.test_client()
    login_as(other, make_user(password=""))
    assert other.get(link).status_code == 400
    assert other.post(link, data={"csrf_token": csrf_token(other)}).status_code == 400
    assert other.get("/inwonersberaad/uitnodiging/vals").status_code == 400
    assert db.session.query(Beraadslid).count() == 1


def test_unconfirmed_account_cannot_accept(app, officer):
    beraad = make_beraad(officer)
    item = services.invite_member(officer, beraad, "x@example.org")
    db.session.commit()
    from open_nijmegen.accounts.passwords import make_token

    link = f"/inwonersberaad/uitnodiging/{make_token(services.INVITE_PURPOSE, {'i': item.id, 'b': beraad.id})}"
    client = app.test_client()
    login_as(client, make_user(confirmed=False, password=""))
    assert client.post(link, data={"csrf_token": csrf_token(client)}).status_code == 403
    assert db.session.query(Beraadslid).count() == 0


def test_every_published_change_mails_the_followers(app, officer, smtp_server):
    beraad = make_beraad(officer, fase=Fase.ADVIES_VASTGESTELD)
    item = services.save_aanbeveling(officer, beraad, 1, "Meer bomen", "Plant bomen.", 90)
    fan_beraad = make_user(password="")
    fan_punt = make_user(password="")
    fan_beide = make_user(password="")
    set_follow(fan_beraad, beraad, True)
    set_follow(fan_punt, item, True)
    set_follow(fan_beide, beraad, True)
    set_follow(fan_beide, item, True)
    db.session.commit()

    def mails() -> dict[str, list[str]]:
        db.session.commit()
        send_mail()
        out: dict[str, list[str]] = {}
        for m in smtp_server.messages:
            out.setdefault(m["To"], []).append(m["Subject"])
        smtp_server.messages.clear()
        return out

    services.move_fase(officer, beraad, Fase.AANGEBODEN)
    got = mails()
    assert set(got) == {fan_beraad.email, fan_beide.email}
    assert all(len(v) == 1 and "Nieuwe fase" in v[0] for v in got.values())

    stuk = add_stuk(beraad)
    assert mails() == {}  # closed document: no mail
    services.publish_stuk(officer, stuk)
    got = mails()
    assert set(got) == {fan_beraad.email, fan_beide.email}

    services.save_reactie(officer, item, AanbevelingStatus.OVERGENOMEN, "Goed plan.", "Stadsbeheer")
    assert mails() == {}  # a draft is not published
    services.publish_reactie(officer, item)
    got = mails()
    assert set(got) == {fan_beraad.email, fan_punt.email, fan_beide.email}
    assert all(len(v) == 1 for v in got.values())  # following both: one mail

    services.add_voortgang(officer, item, "De eerste bomen staan.", AanbevelingStatus.IN_UITVOERING)
    got = mails()
    assert set(got) == {fan_beraad.email, fan_punt.email, fan_beide.email}
    message_text = None
    services.add_voortgang(officer, item, "Alle bomen staan.", AanbevelingStatus.UITGEVOERD)
    db.session.commit()
    send_mail()
    message_text = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "Alle bomen staan." in message_text and "Uitgevoerd" in message_text
    assert "/volgen/stoppen/" in message_text
    with pytest.raises(services.BeraadFout):
        services.add_voortgang(officer, item, "Terug?", AanbevelingStatus.IN_UITVOERING)


def test_response_workflow_through_the_pages(app, client, officer):
    login_as(client, officer)
    beraad = make_beraad(officer, fase=Fase.ADVIES_VASTGESTELD)
    base = f"/beheer/inwonersberaad/{beraad.id}"
    r = client.post(
        f"{base}/aanbevelingen/nieuw",
        data={
            "csrf_token": csrf_token(client),
            "nummer": "1",
            "titel": "Meer bomen",
            "tekst": "Plant meer bomen in Hatert.",
            "steun_procent": "91",
        },
    )
    assert r.status_code == 302
    item = beraad.aanbevelingen[0]
    r = client.post(
        f"{base}/aanbevelingen/nieuw",
        data={"csrf_token": csrf_token(client), "nummer": "1", "titel": "Dubbel", "tekst": "x"},
    )
    assert r.status_code == 400 and "Er is al een aanbeveling met nummer 1" in r.get_data(
        as_text=True
    )
    r = client.post(
        f"{base}/aanbevelingen/{item.id}/reactie",
        data={
            "csrf_token": csrf_token(client),
            "r-besluit": "overgenomen",
            "r-reden": "Dit is een goed plan.",
            "r-verantwoordelijke": "Stadsbeheer",
        },
    )
    assert r.status_code == 302
    public = (
        app.test_client().get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    )
    assert "Dit is een goed plan." not in public  # draft
    r = client.post(
        f"{base}/aanbevelingen/{item.id}/publiceren", data={"csrf_token": csrf_token(client)}
    )
    assert r.status_code == 302
    public = (
        app.test_client().get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    )
    assert "Dit is een goed plan." in public and "91% van de leden" in public
    r = client.post(
        f"{base}/aanbevelingen/{item.id}/voortgang",
        data={"csrf_token": csrf_token(client), "v-tekst": "Gestart.", "v-status_na": "uitgevoerd"},
    )
    assert r.status_code == 302
    r = client.post(
        f"{base}/aanbevelingen/{item.id}/voortgang",
        data={"csrf_token": csrf_token(client), "v-tekst": "Toch niet.", "v-status_na": "open"},
    )
    assert r.status_code == 400 and "kan de aanbeveling niet naar" in html.unescape(
        r.get_data(as_text=True)
    )
    public = (
        app.test_client().get(f"/inwonersberaad/{beraad.id}-{beraad.slug}").get_data(as_text=True)
    )
    assert "Gestart." in public and "Klaar: 1." in public


def test_public_page_shows_no_member_names_or_addresses(app, client, officer):
    beraad = make_beraad(officer)
    lid = make_user(name="Geheime Naam Lid", email="geheim.lid@example.org", password="")
    services.add_member_directly(beraad, lid)
    services.invite_member(officer, beraad, "uitgenodigd@example.org")
    stuk = add_stuk(beraad, openbaar=True)
    db.session.commit()
    pages = [
        f"/inwonersberaad/{beraad.id}-{beraad.slug}",
        "/inwonersberaad",
        f"/inwonersberaad/{beraad.id}/stukken/{stuk.id}",
    ]
    for role_client in (client, login_as(app.test_client(), make_user(password=""))):
        for url in pages:
            body = role_client.get(url).get_data(as_text=True)
            assert "Geheime Naam Lid" not in body
            assert "@example.org" not in body
