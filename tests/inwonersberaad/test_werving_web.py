"""Stage 1 of the recruitment through the officer pages and the CLI: only staff with the
inwonersberaad work area draw or see addresses; a bad file gives the report, 400 and nothing
stored; the record downloads and verifies (``loting verify-adressen``); the drawn list goes
after the retention term (on /privacy); codes for the letters are stored hashed, single use."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from factories import make_staff, make_user
from helpers import csrf_token, login_as
from inwonersberaad.ib_world import make_beraad

from open_nijmegen.core import codes
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import werving
from open_nijmegen.inwonersberaad.models import AdresTrekking, Fase
from open_nijmegen.inwonersberaad.werving_views import purge_drawn_addresses
from open_nijmegen.privacy.models import Verwerking

HEADER = "adres_id,postcode,huisnummer,wijk\n"
FILE = (
    HEADER
    + "".join(f"BRP{i:04d},6511 AB,{i + 1},{'Oost' if i % 4 else 'Hatert'}\n" for i in range(40))
).encode()


def _post(client, url, data: bytes, aantal="10", methode="per_wijk", startgetal=""):
    return client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "adressen": (io.BytesIO(data), "adressen.csv"),
            "aantal": aantal,
            "methode": methode,
            "startgetal": startgetal,
        },
        content_type="multipart/form-data",
    )


@pytest.fixture()
def officer(client):
    staff = make_staff(areas=["inwonersberaad"], password="")
    login_as(client, staff)
    return staff


def test_draw_end_to_end(app, client, officer, tmp_path):
    beraad = make_beraad(officer, fase=Fase.WERVING)
    base = f"/beheer/inwonersberaad/{beraad.id}/werving"
    page = client.get(base)
    assert page.status_code == 200 and "Adressen trekken" in page.get_data(as_text=True)
    response = _post(client, base, FILE, startgetal="20261203")
    assert response.status_code == 302
    row = db.session.query(AdresTrekking).one()
    assert row.seed == 20261203 and row.methode == "per_wijk" and row.aantal == 10
    assert len(row.adressen) == 10 and row.record["wijken"]["Hatert"]["getrokken"] == 3
    assert b"BRP" not in json.dumps(row.record["wijken"]).encode()  # no ids outside the list
    # The file itself is stored nowhere: only its hash.
    assert row.invoer_sha256 == row.record["invoer_sha256"]
    assert not hasattr(row, "bestand")

    before = db.session.query(Verwerking).filter_by(purpose="loting").count()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for adres in row.adressen:
        assert adres["adres_id"] in page
    assert row.invoer_sha256 in page and "20261203" in page and "Per wijk naar verhouding" in page
    assert db.session.query(Verwerking).filter_by(purpose="loting").count() == before + 1

    record = client.get(f"{base}/{row.id}/verslag.json")
    assert record.status_code == 200
    (tmp_path / "verslag.json").write_bytes(record.get_data())
    (tmp_path / "adressen.csv").write_bytes(FILE)
    cli = app.test_cli_runner()
    args = [
        "loting",
        "verify-adressen",
        str(tmp_path / "verslag.json"),
        str(tmp_path / "adressen.csv"),
    ]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "alles klopt" in result.output
    (tmp_path / "adressen.csv").write_bytes(FILE.replace(b"BRP0039", b"BRP0040"))
    result = cli.invoke(args=args)
    assert result.exit_code == 1
    assert "niet hetzelfde bestand" in result.output

    audit = db.session.query(AuditLog).filter_by(action="werving.adressen_getrokken").one()
    assert audit.details["input_sha256"] == row.invoer_sha256

    # Retention: the list goes, the record still verifies by hash.
    assert purge_drawn_addresses(utcnow(), dry_run=True) == 0
    later = utcnow() + timedelta(days=91)
    assert purge_drawn_addresses(later, dry_run=True) == 1
    assert purge_drawn_addresses(later) == 1
    db.session.commit()
    row = db.session.get(AdresTrekking, row.id)
    assert row.adressen is None and row.record["getrokken"] is None
    assert werving.verify(FILE, werving.verslag_json(row.record).encode()).ok
    page = client.get(f"{base}/{row.id}").get_data(as_text=True)
    assert "BRP0" not in page and "is gewist" in page


def test_a_seed_is_chosen_when_left_empty(client, officer):
    beraad = make_beraad(officer, fase=Fase.WERVING)
    base = f"/beheer/inwonersberaad/{beraad.id}/werving"
    assert _post(client, base, FILE, methode="uniform").status_code == 302
    row = db.session.query(AdresTrekking).one()
    assert 0 <= row.seed < 2**53 and row.methode == "uniform"
    adressen = werving.parse_adressen(FILE)
    assert row.record["getrokken"] == werving.trek(adressen, 10, row.seed, "uniform")


@pytest.mark.parametrize(
    "data, fields, expected",
    [
        (
            FILE.replace(b"BRP0003", b"BRP0002"),
            {},
            "Regel 5: adres_id BRP0002 staat ook op regel 4",
        ),
        ((HEADER + "A1,6511AB,1,Zuidé\n").encode("latin-1"), {}, "geen UTF-8-tekst"),
        (FILE, {"aantal": "41"}, "maar 40"),
        (FILE, {"aantal": "tien"}, "Vul een heel getal in"),
        (FILE, {"aantal": "0"}, "groter dan 0"),
        (FILE, {"methode": "stiekem"}, "Kies een van de twee manieren"),
        (FILE, {"startgetal": "-1"}, "hoogstens 15 cijfers"),
        (b"", {}, "Het bestand is leeg"),
    ],
)
def test_bad_input_gives_400_a_b1_message_and_stores_nothing(
    client, officer, data, fields, expected
):
    beraad = make_beraad(officer, fase=Fase.WERVING)
    base = f"/beheer/inwonersberaad/{beraad.id}/werving"
    response = _post(client, base, data, **fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert expected in body, body
    assert db.session.query(AdresTrekking).count() == 0
    if "aantal" in fields:
        assert f'value="{fields["aantal"]}"' in body  # what was typed stays


def test_only_staff_with_the_work_area(app, officer):
    beraad = make_beraad(officer, fase=Fase.WERVING)
    from open_nijmegen.inwonersberaad.werving_views import draw_addresses

    row = draw_addresses(officer, beraad, FILE, 5, "uniform", 1)
    db.session.commit()
    base = f"/beheer/inwonersberaad/{beraad.id}/werving"
    urls = [base, f"{base}/{row.id}", f"{base}/{row.id}/verslag.json"]
    for user in [
        make_staff(areas=["ideeen"], password=""),
        make_user(password=""),
    ]:
        other = app.test_client()
        login_as(other, user)
        for url in urls:
            response = other.get(url)
            assert response.status_code == 403, (url, response.status_code)
            assert "BRP" not in response.get_data(as_text=True)
        assert _post(other, base, FILE).status_code == 403
    anon = app.test_client()
    for url in urls:
        assert anon.get(url).status_code in (302, 401)
    assert db.session.query(AdresTrekking).count() == 1
    # A draw of another beraad is not reachable under this beraad's URL.
    other_beraad = make_beraad(officer, fase=Fase.WERVING)
    staff = app.test_client()
    login_as(staff, officer)
    assert (
        staff.get(f"/beheer/inwonersberaad/{other_beraad.id}/werving/{row.id}").status_code == 404
    )


def test_privacy_page_shows_the_retention_term(client):
    body = client.get("/privacy").get_data(as_text=True)
    assert "getrokken voor de brieven van het inwonersberaad" in body


def test_codes_cli_prints_codes_stored_hashed_and_single_use(app, officer):
    beraad = make_beraad(officer, fase=Fase.WERVING)
    result = app.test_cli_runner().invoke(args=["inwonersberaad", "codes", str(beraad.id), "5"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output), delimiter=";"))
    assert rows[0] == ["volgnummer", "code"] and len(rows) == 6
    printed = [r[1] for r in rows[1:]]
    stored = db.session.query(codes.OneTimeCode).filter_by(owner_id=beraad.id).all()
    assert len(stored) == 5 and all(r.owner_type == "inwonersberaad" for r in stored)
    digests = {r.digest for r in stored}
    for code in printed:
        assert codes.normalise(code) not in digests and code not in digests
        assert all(codes.normalise(code) not in str(v) for r in stored for v in vars(r).values())
    codes.redeem("inwonersberaad", beraad.id, printed[0], "1.2.3.4")
    db.session.commit()
    with pytest.raises(codes.CodeError):
        codes.redeem("inwonersberaad", beraad.id, printed[0], "1.2.3.4")
    assert codes.counts("inwonersberaad", beraad.id) == (5, 1)


def test_codes_cli_per_drawn_address_and_refusals(app, officer):
    beraad = make_beraad(officer, fase=Fase.WERVING)
    from open_nijmegen.inwonersberaad.werving_views import draw_addresses

    row = draw_addresses(officer, beraad, FILE, 4, "uniform", 9)
    db.session.commit()
    cli = app.test_cli_runner()
    result = cli.invoke(args=["inwonersberaad", "codes", str(beraad.id), "--trekking", str(row.id)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output), delimiter=";"))
    assert [r[1] for r in rows[1:]] == [a["adres_id"] for a in row.adressen]
    assert codes.counts("inwonersberaad", beraad.id) == (4, 0)
    for args in [["99999", "3"], [str(beraad.id), "0"], [str(beraad.id)]]:
        result = cli.invoke(args=["inwonersberaad", "codes", *args])
        assert result.exit_code == 1 and "FOUT" in result.output
    assert codes.counts("inwonersberaad", beraad.id) == (4, 0)
