"""Letters of stage 1 (issue 19 point 1): a PDF per batch, one A4 letter per drawn address
with a new one-time code and a QR code to /inwonersberaad/aanmelden, made by the background
job with progress; officers only; the PDF goes after the retention term."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token, login_as
from inwonersberaad.werving_world import make_open_beraad

from open_nijmegen.core import codes
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import work
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import brieven
from open_nijmegen.inwonersberaad.aanmelding_models import BriefBatch
from open_nijmegen.inwonersberaad.werving_views import draw_addresses
from open_nijmegen.privacy.models import Verwerking

ADRESSEN = (
    "adres_id,postcode,huisnummer,wijk\n"
    + "".join(f"BRP{i:03d},6511 AB,{i + 1},Oost\n" for i in range(9))
).encode()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_letters_pdf_by_the_job_with_codes_and_progress(app, client):
    officer = make_staff(areas=["inwonersberaad"], password="")
    login_as(client, officer)
    beraad = make_open_beraad()
    trekking = draw_addresses(officer, beraad, ADRESSEN, 7, "uniform", 3)
    db.session.commit()
    base = f"/beheer/inwonersberaad/{beraad.id}/werving/{trekking.id}"
    page = client.get(base).get_data(as_text=True)
    assert "Brieven maken (PDF)" in page and "Controleer mijn tekst" in page
    # No text: 400, and nothing queued.
    response = client.post(
        f"{base}/brieven", data={"csrf_token": csrf_token(client, base), "tekst": " "}
    )
    assert response.status_code == 400 and "Schrijf de tekst van de brief." in response.get_data(
        as_text=True
    )
    assert db.session.query(BriefBatch).count() == 0
    tekst = "Beste bewoner,\n\nDoet u mee? Meld u aan. Café één €"
    response = client.post(
        f"{base}/brieven", data={"csrf_token": csrf_token(client, base), "tekst": tekst}
    )
    assert response.status_code == 302
    wait = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De brieven worden gemaakt: 0% klaar." in wait
    assert codes.counts("inwonersberaad", beraad.id) == (0, 0)  # codes only in the job
    assert work(once=True) == 1
    batch = db.session.scalars(sa.select(BriefBatch)).one()
    db.session.refresh(batch)
    assert batch.klaar_op is not None and batch.fout == ""
    assert batch.job.progress == 1.0
    assert batch.job.progress_text == "7 van de 7 brieven zijn klaar."  # set by the job
    assert _pages(batch.pdf) == 7 and batch.pdf.startswith(b"%PDF")
    assert codes.counts("inwonersberaad", beraad.id) == (7, 0)
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De 7 brieven zijn klaar." in done
    pdf = client.get(f"{response.headers['Location']}/brieven.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert db.session.query(Verwerking).filter_by(object_type="werving_brieven").count() == 1
    # The PDF goes after the term; the page says so.
    assert brieven.purge_letters(utcnow()) == 0
    assert brieven.purge_letters(utcnow() + timedelta(days=91)) == 1
    db.session.commit()
    assert client.get(f"{response.headers['Location']}/brieven.pdf").status_code == 404
    assert "De PDF is gewist" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_letter_pdf_holds_the_code_and_the_link(app):
    beraad = make_open_beraad()
    with app.test_request_context():
        pdf = brieven.maak_pdf(
            beraad,
            [{"postcode": "6511AB", "huisnummer": "12A", "adres_id": "X", "wijk": "Oost"}],
            ["ABCD-EFGH-JKMN"],
            "Beste bewoner,\nDoe mee.",
        )
    assert _pages(pdf) == 1
    # The text as an extractor reads it (the page stream is compressed, the font embedded).
    text = _pdf_text(pdf)
    assert "ABCD-EFGH-JKMN" in text and "/inwonersberaad/aanmelden" in text
    assert "12A" in text and b"/Subtype /Image" in pdf  # the QR code


def test_only_officers_with_the_work_area(app):
    officer = make_staff(areas=["inwonersberaad"], password="")
    beraad = make_open_beraad()
    trekking = draw_addresses(officer, beraad, ADRESSEN, 3, "uniform", 3)
    batch = brieven.start(officer, beraad, trekking, "Beste bewoner.")
    db.session.commit()
    base = f"/beheer/inwonersberaad/{beraad.id}/werving/{trekking.id}/brieven"
    for user in (None, make_user(password=""), make_staff(areas=["ideeen"], password="")):
        client = app.test_client()
        if user is not None:
            login_as(client, user)
        for url in (f"{base}/{batch.id}", f"{base}/{batch.id}/brieven.pdf"):
            assert client.get(url).status_code in (302, 401, 403), url
        assert client.post(
            base, data={"csrf_token": csrf_token(client), "tekst": "x"}
        ).status_code in (302, 401, 403)
    assert db.session.query(BriefBatch).count() == 1


def test_print_house_csv_beside_the_pdf(app, client):
    """One line per letter (the PDF's order) with the address fields and the same code as in
    the PDF; officers only; the download is logged; it goes with the PDF after the term."""
    officer = make_staff(areas=["inwonersberaad"], password="")
    beraad = make_open_beraad()
    rows = "adres_id,postcode,huisnummer,wijk\nBRP1,6511 AB,3,=1+2\nBRP2,6512 CD,7,Lent\n"
    trekking = draw_addresses(officer, beraad, rows.encode(), 2, "uniform", 3)
    batch = brieven.start(officer, beraad, trekking, "Beste bewoner.")
    db.session.commit()
    assert work(once=True) == 1
    db.session.refresh(batch)
    url = f"/beheer/inwonersberaad/{beraad.id}/werving/{trekking.id}/brieven/{batch.id}"
    for user in (None, make_user(password=""), make_staff(areas=["ideeen"], password="")):
        other = app.test_client()
        if user is not None:
            login_as(other, user)
        assert other.get(f"{url}/drukkerij.csv").status_code in (302, 401, 403)
    assert db.session.query(Verwerking).filter_by(object_type="werving_brieven_csv").count() == 0
    login_as(client, officer)
    assert "Download de lijst voor de drukkerij (CSV)" in client.get(url).get_data(as_text=True)
    response = client.get(f"{url}/drukkerij.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "volgnummer;adres_id;postcode;huisnummer;wijk;code"
    cells = [line.split(";") for line in lines[1:]]
    assert len(cells) == 2 and [c[0] for c in cells] == ["1", "2"]
    assert {c[1] for c in cells} == {"BRP1", "BRP2"}
    assert "'=1+2" in text  # a formula is made harmless
    # The codes are the ones in the PDF.
    pdf_text = _pdf_text(batch.pdf)
    for c in cells:
        assert c[5] in pdf_text
    assert db.session.query(Verwerking).filter_by(object_type="werving_brieven_csv").count() == 1
    assert brieven.purge_letters(utcnow() + timedelta(days=91)) == 1
    db.session.commit()
    db.session.refresh(batch)
    assert batch.drukkerij_csv is None and batch.pdf is None
    assert client.get(f"{url}/drukkerij.csv").status_code == 404


def _pdf_text(pdf: bytes) -> str:
    """The text an extractor reads from an fpdf2 PDF: every Tj string decoded with its font's
    ToUnicode map (embedded TrueType fonts) or as Latin-1 (core fonts). Small on purpose: it
    knows only what fpdf2 writes (uncompressed objects, compressed page streams)."""
    import zlib

    def obj(number: bytes) -> bytes:
        return re.search(rb"\n" + number + rb" 0 obj\r?\n(.*?)endobj", pdf, re.S).group(1)

    def stream(body: bytes) -> bytes:
        data = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S).group(1)
        return zlib.decompress(data) if b"/FlateDecode" in body else data

    def unescape(raw: bytes) -> bytes:
        return re.sub(
            rb"\\([0-7]{1,3}|.)",
            lambda m: (
                bytes([int(m.group(1), 8)])
                if m.group(1)[:1].isdigit()
                else {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(
                    m.group(1), m.group(1)
                )
            ),
            raw,
            flags=re.S,
        )

    maps: dict[bytes, dict[int, str] | None] = {}
    for page in re.findall(rb"/Type /Page\n", pdf) and re.findall(rb"/Resources (\d+) 0 R", pdf):
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", obj(page)):
            font = obj(number)
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", font)
            maps[name] = (
                {
                    int(a, 16): chr(int(b, 16))
                    for a, b in re.findall(
                        rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", stream(obj(cmap.group(1)))
                    )
                }
                if cmap
                else None
            )
    text: list[str] = []
    for body in re.findall(
        rb"\n\d+ 0 obj\r?\n(<<[^>]*?/Length \d+\r?\n>>\r?\nstream.*?endstream)", pdf, re.S
    ):
        content = stream(body)
        if b" Tj" not in content:
            continue
        font: bytes = b""
        string = rb"\(((?:\\.|[^\\)])*)\)"
        for token in re.finditer(
            rb"/(F\d+) [\d.]+ Tf|" + string + rb" Tj|\[((?:" + string + rb"|[-\d. ])*)\] TJ",
            content,
            re.S,
        ):
            if token.group(1):
                font = token.group(1)
                continue
            if token.group(2) is not None:
                parts = [token.group(2)]
            else:  # a justified line: strings with spacing between them
                parts = [m.group(1) for m in re.finditer(string, token.group(3), re.S)]
            raw = b"".join(unescape(part) for part in parts)
            table = maps.get(font)
            if table is None:
                text.append(raw.decode("latin-1"))
            else:
                text.append(
                    "".join(
                        table.get(int.from_bytes(raw[i : i + 2]), "\ufffd")
                        for i in range(0, len(raw), 2)
                    )
                )
            text.append("\n")
    return "".join(text)


def test_the_letter_prints_text_outside_latin_1(app):
    """The euro sign, curly quotes and Polish letters come out as typed (a Unicode font,
    DejaVu Sans, shipped with its licence), not as '?'."""
    from pathlib import Path

    beraad = make_open_beraad()
    beraad.vraag = "Hoe maken we de Łąka-straat groen"
    tekst = (
        "Beste bewoner,\nDe vergoeding is 50 €. „Doe mee” zegt ‘de buurt’. Dzień dobry: ś, ł, ż."
    )
    with app.test_request_context():
        pdf = brieven.maak_pdf(
            beraad,
            [{"postcode": "6511AB", "huisnummer": "12A", "adres_id": "X", "wijk": "Oost"}],
            ["ABCD-EFGH-JKMN"],
            tekst,
        )
    text = _pdf_text(pdf)
    assert "50 €" in text and "„Doe mee” zegt ‘de buurt’." in text
    assert "Dzień dobry: ś, ł, ż." in text and "Łąka-straat" in text
    assert "?" not in text and "\ufffd" not in text
    assert "ABCD-EFGH-JKMN" in text and "/inwonersberaad/aanmelden" in text
    fonts = Path(brieven.__file__).parent / "fonts"
    assert (fonts / "LICENSE.txt").read_text().count("Bitstream") >= 1
    assert b"DejaVuSans" in pdf
