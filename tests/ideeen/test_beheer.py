"""Officer pages: queue, moderation actions, answer-due list, wijken and thema's, merge,
export, dashboard panel, audit log."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from factories import HOSTILE, make_staff, make_user
from helpers import csrf_token
from ideeen.factories import make_idee

from open_nijmegen.core.models import AuditLog
from open_nijmegen.core.settings import set_setting
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import services
from open_nijmegen.ideeen.models import Idee, Thema


def _staff(login, client):
    staff = make_staff(areas=["ideeen"])
    login(staff)
    return staff, csrf_token(client, "/beheer/ideeen/wijken")


def _actions():
    return [a.action for a in db.session.scalars(sa.select(AuditLog).order_by(AuditLog.id))]


def test_queue_lists_waiting_and_reported_ideas(client, login):
    waiting = make_idee("wacht", titel="Wachtend idee over de Waalkade")
    reported = make_idee(titel="Gemeld idee over parkeren")
    services_report(reported)
    _staff(login, client)
    html = client.get("/beheer/ideeen").get_data(as_text=True)
    assert "Wachtend idee over de Waalkade" in html and "Gemeld idee over parkeren" in html
    assert waiting.id


def services_report(idee):
    from open_nijmegen.core.interactions.services import report

    report(make_user(), idee, "spam", "")
    db.session.commit()


def test_hide_needs_reason_and_restore_works(client, login):
    idee = make_idee()
    _s, token = _staff(login, client)
    response = client.post(f"/beheer/ideeen/{idee.id}/verbergen", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Er gaat iets mis" in response.get_data(as_text=True)
    assert db.session.get(Idee, idee.id).hidden_at is None
    client.post(
        f"/beheer/ideeen/{idee.id}/verbergen",
        data={"csrf_token": token, "verbergen-reden": HOSTILE},
    )
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).hidden_at is not None
    client.post(f"/beheer/ideeen/{idee.id}/herstellen", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Idee, idee.id).is_public
    assert _actions()[-2:] == ["idee.verborgen", "idee.hersteld"]


def test_status_form_errors_keep_text(client, login):
    idee = make_idee()
    _s, token = _staff(login, client)
    response = client.post(
        f"/beheer/ideeen/{idee.id}/status",
        data={"csrf_token": token, "toelichting": "Mijn halve antwoord"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kies een status." in html and "Mijn halve antwoord" in html


@pytest.mark.parametrize("raw", ["²", "١٢", "99999999999999999999", "-1"])
def test_merge_with_an_odd_number_is_a_field_error(client, login, raw):
    source = make_idee()
    _s, token = _staff(login, client)
    response = client.post(
        f"/beheer/ideeen/{source.id}/samenvoegen", data={"csrf_token": token, "doel_id": raw}
    )
    assert response.status_code == 400
    assert "Vul alleen het nummer in" in response.get_data(as_text=True)
    assert db.session.get(Idee, source.id).merged_into_id is None


def test_merge_through_the_page(client, login):
    source, target = make_idee(), make_idee()
    services.support(make_user(), source)
    db.session.commit()
    _s, token = _staff(login, client)
    bad = client.post(
        f"/beheer/ideeen/{source.id}/samenvoegen", data={"csrf_token": token, "doel_id": "abc"}
    )
    assert bad.status_code == 400
    missing = client.post(
        f"/beheer/ideeen/{source.id}/samenvoegen", data={"csrf_token": token, "doel_id": "99999"}
    )
    assert missing.status_code == 400
    assert "Er is geen idee met dit nummer." in missing.get_data(as_text=True)
    ok = client.post(
        f"/beheer/ideeen/{source.id}/samenvoegen",
        data={"csrf_token": token, "doel_id": str(target.id)},
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(Idee, target.id).support_count == 1
    assert db.session.get(Idee, source.id).merged_into_id == target.id


def test_answer_due_list_sorted_by_deadline(client, login):
    set_setting(None, "ideeen.drempel_steun", 1)
    db.session.commit()
    first, second = make_idee(titel="Eerst steun gekregen"), make_idee(titel="Later steun gekregen")
    services.support(make_user(), first)
    db.session.commit()
    services.support(make_user(), second)
    db.session.commit()
    _staff(login, client)
    html = client.get("/beheer/ideeen/antwoord-nodig").get_data(as_text=True)
    assert html.index("Eerst steun gekregen") < html.index("Later steun gekregen")
    dashboard = client.get("/beheer/").get_data(as_text=True)
    assert "2 ideeën moeten een antwoord krijgen" in dashboard


def test_wijken_and_themas_management(client, login):
    _s, token = _staff(login, client)
    response = client.post(
        "/beheer/ideeen/wijken",
        data={"csrf_token": token, "naam": "Ressen", "stadsdeel": "Nijmegen-Noord", "actief": "y"},
    )
    assert response.status_code == 302
    wijk = db.session.scalar(sa.select(Wijk).where(Wijk.naam == "Ressen"))
    assert wijk.actief
    duplicate = client.post(
        "/beheer/ideeen/wijken",
        data={"csrf_token": token, "naam": "ressen", "stadsdeel": "Noord"},
    )
    assert duplicate.status_code == 400
    assert "Er is al een wijk met deze naam." in duplicate.get_data(as_text=True)
    client.post(
        f"/beheer/ideeen/wijken/{wijk.id}",
        data={"csrf_token": token, "naam": "Ressen", "stadsdeel": "Nijmegen-Noord"},
    )
    db.session.expire_all()
    assert db.session.get(Wijk, wijk.id).actief is False
    assert "Ressen" not in client.get("/ideeen").get_data(as_text=True)
    empty = client.post("/beheer/ideeen/themas", data={"csrf_token": token, "naam": ""})
    assert empty.status_code == 400 and "Er gaat iets mis" in empty.get_data(as_text=True)
    client.post("/beheer/ideeen/themas", data={"csrf_token": token, "naam": HOSTILE[:70]})
    thema = db.session.scalar(sa.select(Thema).where(Thema.naam == " ".join(HOSTILE[:70].split())))
    assert thema is not None
    page = client.get(f"/beheer/ideeen/themas/{thema.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "wijk.nieuw" in _actions() and "thema.nieuw" in _actions()


def test_csv_export_has_counts_and_no_formulas(client, login):
    make_idee(titel='=HYPERLINK("http://kwaad")')
    make_idee("verborgen")
    _staff(login, client)
    response = client.get("/beheer/ideeen/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0][:2] == ["id", "titel"] and "support_count" in rows[0]
    assert len(rows) == 3
    assert rows[1][1].startswith("'=")
    assert "idee.export" in _actions()


def test_all_ideas_filter_by_state(client, login):
    make_idee("verborgen", titel="Verborgen idee in de lijst")
    make_idee(titel="Zichtbaar idee in de lijst")
    _staff(login, client)
    html = client.get("/beheer/ideeen/alle?staat=verborgen").get_data(as_text=True)
    assert "Verborgen idee in de lijst" in html and "Zichtbaar idee in de lijst" not in html
    assert client.get("/beheer/ideeen/alle?staat=<x>").status_code == 200


def test_traject_with_phases_decides_what_residents_can_do(client, login):
    from datetime import date, timedelta

    from open_nijmegen.ideeen.models import Traject
    from open_nijmegen.ideeen.phases import Fase

    _s, token = _staff(login, client)
    today = date.today()
    bad = client.post(
        "/beheer/ideeen/trajecten/nieuw",
        data={
            "csrf_token": token,
            "titel": "Groen in Dukenburg",
            "ideeen": (today - timedelta(days=5)).isoformat(),
            "steunen": (today - timedelta(days=9)).isoformat(),
        },
    )
    assert bad.status_code == 400
    assert "Kies een datum na de vorige fase." in bad.get_data(as_text=True)
    ok = client.post(
        "/beheer/ideeen/trajecten/nieuw",
        data={
            "csrf_token": token,
            "titel": "Groen in Dukenburg",
            "beschrijving": "Hoe maken we Dukenburg groener?",
            "ideeen": (today - timedelta(days=20)).isoformat(),
            "steunen": (today - timedelta(days=2)).isoformat(),
            "beantwoorden": (today + timedelta(days=30)).isoformat(),
        },
    )
    assert ok.status_code == 302
    traject = db.session.scalar(sa.select(Traject).where(Traject.slug == "groen-in-dukenburg"))
    assert traject.fase_op() == Fase.STEUNEN
    page = client.get(f"/beheer/ideeen/trajecten/{traject.id}").get_data(as_text=True)
    assert (today - timedelta(days=2)).isoformat() in page
    assert "Groen in Dukenburg" in client.get("/beheer/ideeen/trajecten").get_data(as_text=True)
    # In the support phase residents cannot post new ideas here.
    login(make_user())
    assert client.get("/ideeen/nieuw?traject=groen-in-dukenburg").status_code == 302
    assert "traject.nieuw" in _actions()


def test_standing_traject_keeps_no_phases(client, login):
    from open_nijmegen.ideeen.models import Traject

    standing = db.session.scalar(sa.select(Traject).where(Traject.doorlopend.is_(True)))
    _s, token = _staff(login, client)
    response = client.post(
        f"/beheer/ideeen/trajecten/{standing.id}",
        data={"csrf_token": token, "titel": "Ideeën voor heel Nijmegen"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    standing = db.session.get(Traject, standing.id)
    assert standing.titel == "Ideeën voor heel Nijmegen" and standing.fases == []
