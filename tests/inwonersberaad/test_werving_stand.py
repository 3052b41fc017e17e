"""The officer side of the recruitment: who may see what (deny by default), the questions set
from a quotas file, the dashboard per stratum with the lottery's feasibility warning, the
reminder batch for addresses without a registration, registering someone on the phone
(assisted), and the draw started straight from the registrations."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from factories import make_admin, make_staff, make_user
from helpers import csrf_token, login_as
from inwonersberaad.werving_world import QUOTA, answers, make_codes, make_open_beraad

from open_nijmegen.core import codes
from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import aanmelding as A
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.aanmelding_models import BeraadAanmelding, WervingOpzet
from open_nijmegen.inwonersberaad.models import Loting
from open_nijmegen.inwonersberaad.werving_views import draw_addresses
from open_nijmegen.privacy.models import Verwerking

ADRESSEN = (
    "adres_id,postcode,huisnummer,wijk\n"
    + "".join(f"BRP{i:03d},6511 AB,{i + 1},Oost\n" for i in range(6))
).encode()


def _add(beraad, leeftijd: str, geslacht: str, n: int, **kw) -> BeraadAanmelding:
    code_id = A.check_code(beraad, make_codes(beraad, 1)[0], "test")
    row = A.register(
        beraad,
        code_id,
        A.Gegevens(
            kenmerken={"leeftijd": leeftijd, "geslacht": geslacht},
            naam=f"Persoon {n}",
            email=kw.get("email", ""),
            telefoon="024 123 45 67",
            postcode="6511 AB",
            huisnummer=str(n),
        ),
        namens=kw.get("namens"),
    )
    db.session.commit()
    return row


def _urls(beraad_id: int) -> tuple[list[str], list[str]]:
    base = f"/beheer/inwonersberaad/{beraad_id}/werving"
    gets = [f"{base}/aanmeldingen", f"{base}/aanmeldingen/telefoon", f"{base}/uitslag"]
    posts = [
        f"{base}/aanmeldingen/vragen",
        f"{base}/aanmeldingen/herinnering.csv",
        f"{base}/aanmeldingen/telefoon",
        f"{base}/aanmeldingen/loting",
        f"{base}/uitslag/versturen",
    ]
    return gets, posts


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anoniem", False),
        ("inwoner", False),
        ("medewerker_ander_gebied", False),
        ("medewerker", True),
        ("beheerder", True),
    ],
)
def test_permission_grid_deny_by_default(app, role, allowed):
    beraad = make_open_beraad()
    row = _add(beraad, "16 tot 35 jaar", "Vrouw", 1)
    users = {
        "anoniem": None,
        "inwoner": make_user(password=""),
        "medewerker_ander_gebied": make_staff(areas=["ideeen"], password=""),
        "medewerker": make_staff(areas=["inwonersberaad"], password=""),
        "beheerder": make_admin(password=""),
    }
    client = app.test_client()
    if users[role] is not None:
        login_as(client, users[role])
    gets, posts = _urls(beraad.id)
    posts.append(f"/beheer/inwonersberaad/{beraad.id}/werving/aanmelding/{row.id}/afgevallen")
    token = csrf_token(client)
    for url in gets:
        response = client.get(url)
        body = response.get_data(as_text=True)
        if allowed:
            assert response.status_code == 200, (url, response.status_code)
        else:
            assert response.status_code in (302, 401, 403), (url, response.status_code)
            assert "Persoon 1" not in body and "024 123 45 67" not in body
    if not allowed:
        for url in posts:
            response = client.post(url, data={"csrf_token": token, "quota": "x"})
            assert response.status_code in (302, 401, 403), (url, response.status_code)
        assert db.session.get(WervingOpzet, A.opzet_voor(beraad).id).quota_csv == QUOTA
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Loting)) == 0
    # Unknown ids are 404 for the officer, also an aanmelding of another beraad.
    if role == "medewerker":
        other = make_open_beraad()
        assert client.get("/beheer/inwonersberaad/99999/werving/aanmeldingen").status_code == 404
        response = client.post(
            f"/beheer/inwonersberaad/{other.id}/werving/aanmelding/{row.id}/afgevallen",
            data={"csrf_token": token},
        )
        assert response.status_code == 404


@pytest.fixture()
def officer(client):
    staff = make_staff(areas=["inwonersberaad"], password="")
    login_as(client, staff)
    return staff


def test_the_dashboard_counts_per_stratum_and_warns_while_infeasible(client, officer):
    beraad = make_open_beraad(omvang=2, reserves=1)
    url = f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen"
    body = client.get(url).get_data(as_text=True)
    assert "Er zijn nog geen aanmeldingen." in body
    _add(beraad, "16 tot 35 jaar", "Vrouw", 1)
    _add(beraad, "16 tot 35 jaar", "Vrouw", 2)
    body = client.get(url).get_data(as_text=True)
    assert "Met deze aanmeldingen lukt de loting nog niet" in body
    # The lottery's own feasibility check, in its words.
    assert "&#39;leeftijd&#39; = &#39;35 jaar of ouder&#39; is het minimum 1" in body
    assert "Aanmeldingen: 2. Nodig voor de loting: minstens 3" in body
    assert "Codes gemaakt: 2. Gebruikt: 2. Nog geen antwoord: 0." in body
    _add(beraad, "35 jaar of ouder", "Man", 3)
    body = client.get(url).get_data(as_text=True)
    assert "Met deze aanmeldingen lukt de loting nog niet" not in body
    assert "Met deze aanmeldingen kan de loting." in body
    stand = A.stand(beraad, A.opzet_voor(beraad))
    assert [(s.waarde, s.aangemeld, s.tekort) for s in stand.strata] == [
        ("16 tot 35 jaar", 2, 0),
        ("35 jaar of ouder", 1, 0),
        ("Vrouw", 2, 0),
        ("Man", 1, 0),
    ]
    assert "Persoon 1" not in body  # the dashboard shows counts, no names


def test_questions_are_set_from_a_quotas_file_and_bad_files_keep_what_was_typed(client, officer):
    beraad = make_open_beraad()
    url = f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen/vragen"
    bad = "kenmerk,waarde,min,max\nleeftijd,jong,3,1\nnaam,Jan,0,1\n"
    response = client.post(
        url, data={"csrf_token": csrf_token(client), "quota": bad, "reserves": "2", "sessies": ""}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "min (3) is groter dan max (1)" in body and "lijkt een persoonsgegeven" in body
    assert "leeftijd,jong,3,1" in body
    assert A.opzet_voor(beraad).quota_csv == QUOTA
    response = client.post(
        url,
        data={"csrf_token": csrf_token(client), "quota": "x", "reserves": "2", "sessies": "morgen"},
    )
    assert response.status_code == 400
    assert "Regel 1: dit is geen datum" in response.get_data(as_text=True)
    good = QUOTA.decode().replace("1,2", "0,2")
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "quota": good,
            "reserves": "3",
            "sessies": "20-01-2027\n2027-02-03\n",
        },
    )
    assert response.status_code == 302
    opzet = A.opzet_voor(beraad)
    assert opzet.reserves == 3 and opzet.sessies == ["2027-01-20", "2027-02-03"]
    # Once people registered, the questions and answers cannot change any more.
    _add(beraad, "16 tot 35 jaar", "Vrouw", 1)
    changed = good.replace("Vrouw", "Vrouwen")
    response = client.post(
        url, data={"csrf_token": csrf_token(client), "quota": changed, "reserves": "3"}
    )
    assert response.status_code == 400
    assert "niet de vragen of de antwoorden" in response.get_data(as_text=True)


def test_reminder_batch_for_addresses_without_a_registration(client, officer):
    beraad = make_open_beraad()
    draw_addresses(officer, beraad, ADRESSEN, 4, "uniform", 7)
    db.session.commit()
    trekking, open_ = A.niet_gereageerd(beraad)
    first = trekking.adressen[0]
    code_id = A.check_code(beraad, make_codes(beraad, 1)[0], "test")
    A.register(
        beraad,
        code_id,
        A.Gegevens(
            kenmerken={"leeftijd": "16 tot 35 jaar", "geslacht": "Man"},
            naam="Jan",
            email="",
            telefoon="0612345678",
            postcode=first["postcode"].lower(),
            huisnummer=first["huisnummer"] + " ",
        ),
    )
    db.session.commit()
    body = client.get(f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen").get_data(
        as_text=True
    )
    assert "hebben 3 adressen nog niemand aangemeld" in body
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen/herinnering.csv",
        data={"csrf_token": csrf_token(client)},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
    assert sorted(r["adres_id"] for r in rows) == sorted(
        a["adres_id"] for a in trekking.adressen[1:]
    )
    # The new codes work (and are stored hashed only).
    assert A.check_code(beraad, rows[0]["code"], "test")
    assert rows[0]["code"] not in str(db.session.scalars(sa.select(codes.OneTimeCode.digest)).all())
    assert db.session.query(AuditLog).filter_by(action="werving.herinnering").count() == 1
    assert db.session.query(Verwerking).filter_by(purpose="loting").count() >= 1
    # GET does nothing.
    assert (
        client.get(
            f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen/herinnering.csv"
        ).status_code
        == 405
    )


def test_an_officer_registers_someone_on_the_phone(client, officer):
    beraad = make_open_beraad()
    code = make_codes(beraad, 1)[0]
    url = f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen/telefoon"
    data = answers(email="", telefoon="024 329 99 99", toestemming=None, code=code)
    data["csrf_token"] = csrf_token(client, url)
    response = client.post(url, data=data)
    assert response.status_code == 400  # no consent asked yet: everything stays
    body = response.get_data(as_text=True)
    assert "Zet een vinkje bij toestemming." in body and f'value="{code}"' in body
    data["toestemming"] = "y"
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    (row,) = db.session.scalars(sa.select(BeraadAanmelding)).all()
    assert row.is_assisted and row.namens_id == officer.id and row.email is None
    assert "via de telefoon" in client.get(
        f"/beheer/inwonersberaad/{beraad.id}/werving/uitslag"
    ).get_data(as_text=True)
    body = client.get(f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen").get_data(
        as_text=True
    )
    assert "Aangemeld door een medewerker aan de telefoon: 1." in body
    # A used code on the phone gets the same generic message.
    response = client.post(url, data=data | {"huisnummer": "99"})
    assert response.status_code == 400 and codes.wrong_message() in response.get_data(as_text=True)


def test_the_draw_starts_straight_from_the_registrations(client, officer):
    beraad = make_open_beraad(omvang=2, reserves=1)
    rows = [
        _add(beraad, "16 tot 35 jaar", "Vrouw", 1),
        _add(beraad, "35 jaar of ouder", "Man", 2),
        _add(beraad, "16 tot 35 jaar", "Man", 3),
    ]
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen/loting",
        data={"csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    run = db.session.scalars(sa.select(Loting)).one()
    assert (run.panelgrootte, run.reserves, run.aantal_personen) == (2, 1, 3)
    invoer = lot.parse_input(run.personen_csv, run.quota_csv)
    assert set(invoer.personen) == {r.pseudoniem for r in rows}
    assert invoer.personen[rows[1].pseudoniem] == {
        "leeftijd": "35 jaar of ouder",
        "geslacht": "Man",
    }
    # The people file holds no name, phone or address.
    assert b"Persoon" not in run.personen_csv and b"6511" not in run.personen_csv
    assert run.job_id is not None
