"""After the draw (issue 19 point 5): the chosen get the membership invitation, reserves their
number in order, the others a thank-you (real SMTP); a dropout is replaced by the first
reserve who keeps the quotas (``vervanger_voor``) with a POST button; who was not chosen is
deleted after ``bewaar.werving_aanmeldingen_dagen`` by the purger, as /privacy says."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from factories import make_staff
from helpers import csrf_token, login_as, send_mail
from inwonersberaad.werving_world import make_codes, make_open_beraad

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import aanmelding as A
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.aanmelding_models import AanmeldStatus, BeraadAanmelding
from open_nijmegen.inwonersberaad.models import Loting, LotingStatus, Uitnodiging
from open_nijmegen.privacy.purge import purge

# (leeftijd, geslacht) per person; quotas: each value 1..2 in a panel of 2.
MENSEN = [
    ("16 tot 35 jaar", "Vrouw"),  # 0  panel
    ("35 jaar of ouder", "Man"),  # 1  panel
    ("16 tot 35 jaar", "Man"),  # 2  reserve 1: cannot replace 0 (no woman left)
    ("16 tot 35 jaar", "Vrouw"),  # 3  reserve 2: replaces 0
    ("35 jaar of ouder", "Vrouw"),  # 4  not chosen
]


def _world():
    beraad = make_open_beraad(omvang=2, reserves=2)
    rows = []
    for n, (leeftijd, geslacht) in enumerate(MENSEN):
        code_id = A.check_code(beraad, make_codes(beraad, 1)[0], "test")
        rows.append(
            A.register(
                beraad,
                code_id,
                A.Gegevens(
                    kenmerken={"leeftijd": leeftijd, "geslacht": geslacht},
                    naam=f"Persoon {n}",
                    email=f"p{n}@example.org",
                    telefoon="",
                    postcode="6511 AB",
                    huisnummer=str(n + 1),
                ),
            )
        )
    opzet = A.opzet_voor(beraad)
    personen = A.pool_csv(rows, opzet)
    invoer = lot.parse_input(personen, opzet.quota_csv)
    ids = [r.pseudoniem for r in rows]
    verdeling = lot.Verdeling.maak("voorbeeld", [[ids[0], ids[1]]], [1.0])
    record = lot.maak_resultaat(invoer, verdeling, 2, 0, 12345).to_public_dict()
    record["reserves"] = [ids[2], ids[3]]  # a fixed reserve order for the test
    run = Loting(
        beraad_id=beraad.id,
        status=LotingStatus.KLAAR,
        panelgrootte=2,
        reserves=2,
        aantal_personen=len(rows),
        personen_csv=personen,
        quota_csv=opzet.quota_csv,
        personen_sha256=invoer.personen_sha256,
        quota_sha256=invoer.quota_sha256,
        seed=12345,
        record=record,
        klaar_op=utcnow(),
    )
    db.session.add(run)
    db.session.commit()
    return beraad, rows


def _purged(now) -> int:
    return next(
        line.count for line in purge(now, dry_run=True) if line.name == "werving_aanmeldingen"
    )


def _status(rows):
    return [db.session.get(BeraadAanmelding, r.id).status for r in rows]


def test_after_the_draw_mails_replaces_a_dropout_and_purges(app, client, smtp_server):
    beraad, rows = _world()
    officer = make_staff(areas=["inwonersberaad"], password="")
    login_as(client, officer)
    url = f"/beheer/inwonersberaad/{beraad.id}/werving/uitslag"
    body = client.get(url).get_data(as_text=True)
    assert "Verstuur de uitslag" in body
    send_mail()  # the confirmations of the registrations
    smtp_server.messages.clear()
    response = client.post(f"{url}/versturen", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    assert _status(rows) == [
        AanmeldStatus.GEKOZEN,
        AanmeldStatus.GEKOZEN,
        AanmeldStatus.RESERVE,
        AanmeldStatus.RESERVE,
        AanmeldStatus.NIET_GEKOZEN,
    ]
    assert [db.session.get(BeraadAanmelding, r.id).reserve_nummer for r in rows[2:4]] == [1, 2]
    send_mail()
    mails = {
        m["To"]: m.get_body(preferencelist=("plain",)).get_content() for m in smtp_server.messages
    }
    assert (
        "U bent gekozen" in mails["p0@example.org"] and "U bent gekozen" in mails["p1@example.org"]
    )
    assert "reserve nummer 1" in mails["p2@example.org"]
    assert "reserve nummer 2" in mails["p3@example.org"]
    assert "niet gekozen" in mails["p4@example.org"] and "30 dagen" in mails["p4@example.org"]
    # Only once.
    client.post(f"{url}/versturen", data={"csrf_token": csrf_token(client, url)})
    assert db.session.query(Uitnodiging).count() == 2

    # Person 0 drops out: reserve 1 would break the quotas (no woman left), reserve 2 fits.
    smtp_server.messages.clear()
    response = client.post(
        f"/beheer/inwonersberaad/{beraad.id}/werving/aanmelding/{rows[0].id}/afgevallen",
        data={"csrf_token": csrf_token(client, url)},
    )
    assert response.status_code == 302
    assert _status(rows)[:4] == [
        AanmeldStatus.AFGEVALLEN,
        AanmeldStatus.GEKOZEN,
        AanmeldStatus.RESERVE,
        AanmeldStatus.GEKOZEN,
    ]
    send_mail()
    assert [m["To"] for m in smtp_server.messages] == ["p3@example.org"]
    # Person 1 drops out: no reserve keeps the quotas (a man aged 35+ is needed)... reserve 1
    # is a man but 16-35: leeftijd '35 jaar of ouder' would get 0 < 1.
    client.post(
        f"/beheer/inwonersberaad/{beraad.id}/werving/aanmelding/{rows[1].id}/afgevallen",
        data={"csrf_token": csrf_token(client, url)},
    )
    assert _status(rows)[1:3] == [AanmeldStatus.AFGEVALLEN, AanmeldStatus.RESERVE]
    page = client.get(url).get_data(as_text=True)
    assert "Doen niet meer mee (2)" in page and "Reserves, op volgorde (1)" in page

    # The purge: nothing before the term, the not chosen and the dropouts after it.
    db.session.commit()
    assert _purged(utcnow()) == 0
    later = utcnow() + timedelta(days=31)
    assert _purged(later) == 3
    purge(later)
    db.session.commit()
    left = db.session.scalars(sa.select(BeraadAanmelding.naam).order_by(BeraadAanmelding.id))
    assert list(left) == ["Persoon 2", "Persoon 3"]


def test_the_term_is_on_the_privacy_page(client):
    body = client.get("/privacy").get_data(as_text=True)
    assert "Aanmeldingen voor een inwonersberaad van wie niet is gekozen" in body


def _purged_after_end(now) -> int:
    return next(line.count for line in purge(now, dry_run=True) if line.name == "werving_leden")


def test_members_and_reserves_are_deleted_a_term_after_the_end(app, client):
    """The chosen and the reserves stay while the beraad runs; ``bewaar.werving_leden_dagen``
    (a setting) after the beraad was closed, every registration of it goes; /privacy says so."""
    from open_nijmegen.core.settings import set_setting
    from open_nijmegen.inwonersberaad.models import Fase

    beraad, _rows = _world()
    officer = make_staff(areas=["inwonersberaad"], password="")
    A.verwerk_uitslag(officer, beraad, A.uitslag_loting(beraad))
    db.session.commit()
    other = make_open_beraad()  # another beraad, still running
    other_row = A.register(
        other,
        A.check_code(other, make_codes(other, 1)[0], "test"),
        A.Gegevens(
            kenmerken={"leeftijd": "16 tot 35 jaar", "geslacht": "Vrouw"},
            naam="Nog bezig",
            email="",
            telefoon="024 123 4567",
            postcode="6512 AB",
            huisnummer="9",
        ),
    )
    db.session.commit()
    now = utcnow()
    # Running: nothing goes, however late.
    assert _purged_after_end(now + timedelta(days=3650)) == 0
    beraad.fase = Fase.AFGESLOTEN
    beraad.fase_sinds = now
    db.session.commit()
    assert _purged_after_end(now + timedelta(days=89)) == 0
    assert _purged_after_end(now + timedelta(days=91)) == 5
    set_setting(None, "bewaar.werving_leden_dagen", 200)
    db.session.commit()
    assert _purged_after_end(now + timedelta(days=91)) == 0
    purge(now + timedelta(days=201))
    db.session.commit()
    left = list(db.session.scalars(sa.select(BeraadAanmelding)))
    assert [r.id for r in left] == [other_row.id]
    body = client.get("/privacy").get_data(as_text=True)
    assert "Bent u gekozen of reserve? Dan wissen wij uw aanmelding 200 dagen na het einde" in body
    assert "van wie is gekozen of reserve was" in body
