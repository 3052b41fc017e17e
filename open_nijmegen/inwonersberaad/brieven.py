"""The invitation letters of stage 1 as a PDF: one A4 letter per drawn address with the
officer's text, a new one-time code and a QR code to ``/inwonersberaad/aanmelden``. Made by
the background job ``inwonersberaad.brieven`` (progress on the job), never in a request.

The codes are made inside the job and written only into the PDF and, beside it, a CSV for a
print house (one line per letter: the address fields and the code, in the PDF's order); the
database keeps their keyed hash (``core.codes``). A letter holds no name: it goes to "De
bewoners van" the address. The PDF and the CSV are deleted with the drawn list, after
``bewaar.werving_adressen_dagen``.
The text is set in DejaVu Sans (shipped in ``fonts/`` with its licence, the Bitstream Vera
licence), a Unicode TrueType font that fpdf2 embeds as a subset: the euro sign, curly quotes and
letters such as Polish ł and ś print as typed. The code is in Courier (its alphabet is ASCII).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import qrcode
import sqlalchemy as sa
from flask import current_app
from fpdf import FPDF

from open_nijmegen.core import codes
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import enqueue, job_handler, set_progress
from open_nijmegen.core.models import Job
from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.aanmelding_models import BriefBatch
from open_nijmegen.inwonersberaad.models import AdresTrekking, Beraad
from open_nijmegen.inwonersberaad.werving_cli import CODE_OWNER

MAX_TEKST = 5000
STANDAARD_TEKST = (
    "Beste bewoner,\n\n"
    "De gemeente Nijmegen zoekt inwoners voor een inwonersberaad. Een groep inwoners praat "
    "samen over een vraag en geeft de gemeente advies. Uw adres is door loting gekozen.\n\n"
    "Doet u mee? U krijgt een vergoeding. U hoeft niets te weten over het onderwerp. "
    "Meld u aan op de website met de code hieronder. Of scan de QR-code met uw telefoon.\n\n"
    "Heeft u geen internet? Bel dan 14 024. Wij melden u dan aan de telefoon aan.\n\n"
    "Met vriendelijke groet,\nGemeente Nijmegen"
)


class BriefFout(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return pdf


def link() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + "/inwonersberaad/aanmelden"


def maak_pdf(
    beraad: Beraad,
    adressen: list[dict[str, str]],
    letter_codes: list[str],
    tekst: str,
    voortgang: Any = None,
) -> bytes:
    """The PDF: one page per address. ``voortgang(i, n)`` is called every 50 letters."""
    url = link()
    qr = io.BytesIO()
    qrcode.make(url, border=2).save(qr, format="PNG")
    pdf = _pdf()
    pdf.set_title(f"Brieven inwonersberaad {beraad.id}")
    pdf.set_auto_page_break(auto=False)
    for i, (adres, code) in enumerate(zip(adressen, letter_codes, strict=True), start=1):
        pdf.add_page()
        pdf.set_font(FONT, "B", 14)
        pdf.set_xy(20, 20)
        pdf.cell(0, 8, "Gemeente Nijmegen")
        pdf.set_font(FONT, "", 11)
        pdf.set_xy(20, 50)
        pdf.multi_cell(
            90,
            6,
            f"De bewoners van\nhuisnummer {adres['huisnummer']}\n{adres['postcode']}  Nijmegen",
        )
        pdf.set_xy(20, 85)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(170, 7, f"Uitnodiging: inwonersberaad over {beraad.vraag}")
        pdf.set_font(FONT, "", 11)
        pdf.set_x(20)
        pdf.multi_cell(170, 6, tekst)
        y = max(pdf.get_y() + 8, 200)
        pdf.set_xy(20, y)
        pdf.set_font(FONT, "", 11)
        pdf.cell(0, 6, f"Meld u aan op: {url}")
        pdf.set_xy(20, y + 8)
        pdf.cell(0, 6, "Uw code (werkt maar een keer):")
        pdf.set_xy(20, y + 15)
        pdf.set_font("Courier", "B", 18)
        pdf.cell(0, 9, code)
        qr.seek(0)
        pdf.image(qr, x=150, y=y, w=40, h=40)
        if voortgang is not None and (i % 50 == 0 or i == len(adressen)):
            voortgang(i, len(adressen))
    return bytes(pdf.output())


def start(actor: Any, beraad: Beraad, trekking: AdresTrekking, tekst: str) -> BriefBatch:
    """Queue a batch for every address of the draw (the caller commits)."""
    tekst = (tekst or "").strip()
    if not tekst:
        raise BriefFout("Schrijf de tekst van de brief.")
    if len(tekst) > MAX_TEKST:
        raise BriefFout(f"De tekst is te lang. Gebruik niet meer dan {MAX_TEKST} tekens.")
    if trekking.beraad_id != beraad.id or not trekking.adressen:
        raise BriefFout("De lijst met adressen van deze trekking is gewist.")
    batch = BriefBatch(
        beraad_id=beraad.id, trekking_id=trekking.id, tekst=tekst, aantal=len(trekking.adressen)
    )
    db.session.add(batch)
    db.session.flush()
    job = enqueue("inwonersberaad.brieven", {"batch_id": batch.id})
    job.max_attempts = 1
    batch.job_id = job.id
    record_audit(actor, "werving.brieven", beraad, trekking=trekking.id, count=batch.aantal)
    return batch


def maak(batch: BriefBatch, job: Job | None = None) -> None:
    """Make the codes and the PDF of a batch (commits)."""
    vul(batch, job)
    db.session.commit()


def vul(batch: BriefBatch, job: Job | None = None) -> None:
    """Make the codes and the PDF of a batch (the caller commits)."""
    trekking = db.session.get(AdresTrekking, batch.trekking_id)
    beraad = db.session.get(Beraad, batch.beraad_id)
    if trekking is None or beraad is None or not trekking.adressen:
        batch.fout = "De lijst met adressen is gewist. Er zijn geen brieven gemaakt."
        batch.klaar_op = utcnow()
        return
    adressen = list(trekking.adressen)
    letter_codes = codes.make_codes(CODE_OWNER, beraad.id, len(adressen))

    def voortgang(i: int, n: int) -> None:
        if job is not None:
            set_progress(job, i / n, f"{i} van de {n} brieven zijn klaar.")

    batch.pdf = maak_pdf(beraad, adressen, letter_codes, batch.tekst, voortgang)
    batch.drukkerij_csv = drukkerij_csv(adressen, letter_codes)
    batch.klaar_op = utcnow()
    record_audit(None, "werving.codes_gemaakt", beraad, count=len(adressen), trekking=trekking.id)


def drukkerij_csv(adressen: list[dict[str, str]], letter_codes: list[str]) -> str:
    """The print house's CSV of a batch: the same lines as ``adres_codes_csv`` (letter number,
    address fields, code), with a BOM so a spreadsheet reads it as UTF-8."""
    from open_nijmegen.core.csvfile import BOM
    from open_nijmegen.inwonersberaad.werving_views import adres_codes_csv

    return BOM + adres_codes_csv(adressen, letter_codes)


@job_handler("inwonersberaad.brieven")
def brieven_job(job: Job) -> dict[str, Any]:
    batch = db.session.get(BriefBatch, int(job.payload.get("batch_id", 0)))
    if batch is None or batch.klaar_op is not None:
        return {"ok": batch is not None}
    maak(batch, job)
    return {"ok": not batch.fout, "batch_id": batch.id}


def purge_letters(now: datetime, dry_run: bool = False) -> int:
    """Delete letter PDFs and their print house CSVs older than ``bewaar.werving_adressen_dagen``.
    Never commits."""
    cutoff = now - timedelta(days=int(get_setting("bewaar.werving_adressen_dagen")))
    rows = db.session.scalars(
        sa.select(BriefBatch).where(
            BriefBatch.verwijderd_op.is_(None),
            sa.or_(BriefBatch.pdf.is_not(None), BriefBatch.drukkerij_csv.is_not(None)),
            BriefBatch.created_at < cutoff,
        )
    ).all()
    if not dry_run:
        for row in rows:
            row.pdf = None
            row.drukkerij_csv = None
            row.verwijderd_op = now
        db.session.flush()
    return len(rows)
