"""The draw straight from the registrations (issue 19 point 4, stage 3) offers the same methods
as the lottery with files and ``flask loting trek``: maximin or leximin, with or without the
uniform final step. Each method runs through the site's own draw and background job; the record
says which method it used, has the same format as the CSV path and ``flask loting verify``
accepts it on the stored files. A bad M or method: B1 message, 400, what was typed is kept,
nothing started."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa
from factories import make_staff
from helpers import csrf_token, login_as
from inwonersberaad.werving_world import make_codes, make_open_beraad

from open_nijmegen.core.jobs import claim_next, run_job
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import aanmelding as A
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.models import Loting, LotingStatus

# (leeftijd, geslacht); quotas of werving_world: each value 1..2 in a panel of 2.
MENSEN = [
    ("16 tot 35 jaar", "Vrouw"),
    ("35 jaar of ouder", "Man"),
    ("16 tot 35 jaar", "Man"),
    ("16 tot 35 jaar", "Vrouw"),
    ("35 jaar of ouder", "Vrouw"),
    ("35 jaar of ouder", "Man"),
    ("16 tot 35 jaar", "Vrouw"),
]


@pytest.fixture()
def officer(client):
    staff = make_staff(areas=["inwonersberaad"], password="")
    login_as(client, staff)
    return staff


def _beraad_met_aanmeldingen():
    beraad = make_open_beraad(omvang=2, reserves=1)
    for n, (leeftijd, geslacht) in enumerate(MENSEN):
        code_id = A.check_code(beraad, make_codes(beraad, 1)[0], "test")
        A.register(
            beraad,
            code_id,
            A.Gegevens(
                kenmerken={"leeftijd": leeftijd, "geslacht": geslacht},
                naam=f"Persoon {n}",
                email="",
                telefoon="024 123 45 67",
                postcode="6511 AB",
                huisnummer=str(n + 1),
            ),
        )
    db.session.commit()
    return beraad


def _start(client, beraad, **data):
    url = f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen"
    return client.post(f"{url}/loting", data={"csrf_token": csrf_token(client, url), **data})


@pytest.mark.parametrize(
    ("methode", "uniform"),
    [("maximin", ""), ("leximin", ""), ("maximin", "12"), ("leximin", "9")],
)
def test_each_method_through_the_draw_from_the_registrations(
    app, client, officer, tmp_path, methode, uniform
):
    beraad = _beraad_met_aanmeldingen()
    page = client.get(f"/beheer/inwonersberaad/{beraad.id}/werving/aanmeldingen")
    body = page.get_data(as_text=True)
    assert "Leximin" in body and "Aantal groepen met gelijke kans" in body

    response = _start(client, beraad, methode=methode, uniform=uniform)
    assert response.status_code == 302, response.get_data(as_text=True)
    run_job(claim_next("test-worker", ["inwonersberaad.loting"]))
    db.session.expire_all()
    run = db.session.scalars(sa.select(Loting)).one()
    assert run.status == LotingStatus.KLAAR, run.fout
    record = run.record
    assert record["format"] == lot.RECORD_FORMAT
    assert record["algorithm"]["name"] == methode
    if uniform:
        m = int(uniform)
        assert record["draw_method"]["id"] == lot.DRAW_METHOD_UNIFORM
        assert record["uniform"]["m"] == m and len(record["uniform"]["panels"]) == m
        assert record["panel"] == record["uniform"]["panels"][run.seed % m]  # by hand
        assert run.verdeling["uniform"]["panels"] == record["uniform"]["panels"]
    else:
        assert record["draw_method"]["id"] == lot.DRAW_METHOD
        assert record.get("uniform") is None
    assert len(record["panel"]) == 2 and len(record["reserves"]) == 1
    assert lot.verify(run.personen_csv, run.quota_csv, record).ok

    # The auditor's command checks the same record against the same files.
    (tmp_path / "p.csv").write_bytes(run.personen_csv)
    (tmp_path / "q.csv").write_bytes(run.quota_csv)
    (tmp_path / "r.json").write_text(lot.public_json(record), encoding="utf-8")
    args = ["loting", "verify", *(str(tmp_path / n) for n in ("p.csv", "q.csv", "r.json"))]
    checked = app.test_cli_runner().invoke(args=args)
    assert checked.exit_code == 0 and "alles klopt" in checked.output, checked.output
    # A forged reserve fails there too.
    ander = next(
        p
        for p in record["probabilities"]["per_person"]
        if p not in record["panel"] and p not in record["reserves"]
    )
    forged = dict(record, reserves=[ander])
    (tmp_path / "r.json").write_text(lot.public_json(forged), encoding="utf-8")
    assert app.test_cli_runner().invoke(args=args).exit_code == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"methode": "leximin", "uniform": "1"}, "Vul een heel getal in van 2 tot 10.000."),
        ({"methode": "maximin", "uniform": "twintig"}, "Vul een heel getal in van 2 tot 10.000."),
        ({"methode": "leximin", "uniform": "20000"}, "Vul een heel getal in van 2 tot 10.000."),
        ({"methode": "stiekem", "uniform": ""}, "Kies een manier van rekenen."),
    ],
)
def test_a_bad_choice_keeps_what_was_typed_and_starts_nothing(client, officer, data, message):
    beraad = _beraad_met_aanmeldingen()
    response = _start(client, beraad, **data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in body
    if data["uniform"]:
        assert f'value="{html.escape(data["uniform"])}"' in body
    if data["methode"] == "leximin":
        assert re.search(r'<input[^>]*\bchecked\b[^>]*value="leximin"', body)
    assert db.session.scalars(sa.select(Loting)).first() is None


def test_without_the_fields_the_draw_keeps_maximin(client, officer):
    beraad = _beraad_met_aanmeldingen()
    assert _start(client, beraad).status_code == 302
    run = db.session.scalars(sa.select(Loting)).one()
    assert run.job.payload == {"loting_id": run.id}  # maximin, no uniform step
