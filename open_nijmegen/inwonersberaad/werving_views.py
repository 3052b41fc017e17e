"""Officer pages and services for stage 1 of the recruitment: draw addresses for the letters.

Privacy: the uploaded BRP extract is read in the request that draws and never stored (not as
an upload, not in a table): only its SHA-256 stays, in the record. So "the address file is
deleted after the draw" holds by construction. The drawn list (address id, postcode, house
number, wijk) is kept on ``AdresTrekking.adressen`` for the letters until
``bewaar.werving_adressen_dagen``; then ``purge_drawn_addresses`` deletes it and the record keeps
only the hash of the drawn ids. Only staff with the inwonersberaad work area see these pages;
every view of a drawn list is logged (``log_verwerking``).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.csvfile import csv_download, csv_response
from open_nijmegen.core.csvsafe import safe_cell
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import brieven, werving
from open_nijmegen.inwonersberaad.aanmelding_models import BriefBatch
from open_nijmegen.inwonersberaad.forms import AdresTrekkingForm, BriefForm, getal
from open_nijmegen.inwonersberaad.models import AdresTrekking, Beraad
from open_nijmegen.privacy.services import log_verwerking

STAFF = staff_required(WorkArea.INWONERSBERAAD)


# -- services ---------------------------------------------------------------------------------


def draw_addresses(
    actor: Any, beraad: Beraad, data: bytes, aantal: int, methode: str, seed: int | None = None
) -> AdresTrekking:
    """Parse, draw and store the drawn list with its record (the caller commits), or raise
    ``werving.AdresInvoerFout``. The file itself is not kept."""
    adressen = werving.parse_adressen(data)
    werving.check_aantal(adressen, aantal)
    if seed is None:
        seed = werving.new_seed()
    getrokken = werving.trek(adressen, aantal, seed, methode)
    nu = utcnow()
    record = werving.maak_verslag(
        adressen, aantal, seed, methode, getrokken, nu.replace(microsecond=0).isoformat()
    )
    gekozen = set(getrokken)
    lijst = sorted(
        (a.als_dict() for a in adressen.rijen if a.adres_id in gekozen),
        key=lambda a: a["adres_id"],
    )
    row = AdresTrekking(
        beraad_id=beraad.id,
        methode=methode,
        aantal=aantal,
        aantal_adressen=len(adressen.rijen),
        seed=seed,
        invoer_sha256=adressen.sha256,
        record=record,
        adressen=lijst,
        created_at=nu,
    )
    db.session.add(row)
    db.session.flush()
    record_audit(
        actor,
        "werving.adressen_getrokken",
        beraad,
        trekking=row.id,
        input_sha256=adressen.sha256,
        seed=seed,
        method=methode,
        count=aantal,
    )
    return row


def purge_drawn_addresses(now: datetime, dry_run: bool = False) -> int:
    """Delete drawn address lists older than ``bewaar.werving_adressen_dagen``; the record keeps
    the hash of the drawn ids. Idempotent; a dry run only counts. Never commits."""
    cutoff = now - timedelta(days=int(get_setting("bewaar.werving_adressen_dagen")))
    rows = db.session.scalars(
        sa.select(AdresTrekking).where(
            AdresTrekking.lijst_verwijderd_op.is_(None), AdresTrekking.created_at < cutoff
        )
    ).all()
    if not dry_run:
        for row in rows:
            row.adressen = None
            row.record = werving.zonder_lijst(row.record)
            row.lijst_verwijderd_op = now
            record_audit(None, "werving.adressen_verwijderd", row.beraad, trekking=row.id)
        db.session.flush()
    return len(rows)


def adres_codes_csv(adressen: list[dict[str, str]], codes: list[str]) -> str:
    """A CSV for a print house: one drawn address per line with its new code, ``;``-separated,
    every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["volgnummer", "adres_id", "postcode", "huisnummer", "wijk", "code"])
    for number, (adres, code) in enumerate(zip(adressen, codes, strict=True), start=1):
        writer.writerow(
            [number]
            + [safe_cell(adres[k]) for k in ("adres_id", "postcode", "huisnummer", "wijk")]
            + [safe_cell(code)]
        )
    return out.getvalue()


def trekkingen(beraad: Beraad) -> list[AdresTrekking]:
    return list(
        db.session.scalars(
            sa.select(AdresTrekking)
            .where(AdresTrekking.beraad_id == beraad.id)
            .order_by(AdresTrekking.created_at.desc(), AdresTrekking.id.desc())
        )
    )


# -- views ------------------------------------------------------------------------------------


def _beraad(beraad_id: int) -> Beraad:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None:
        abort(404)
    return beraad


def _trekking(beraad: Beraad, trekking_id: int) -> AdresTrekking:
    row = db.session.get(AdresTrekking, trekking_id)
    if row is None or row.beraad_id != beraad.id:
        abort(404)
    return row


def _render_form(
    beraad: Beraad,
    form: AdresTrekkingForm | None = None,
    rapport: list[str] | None = None,
    code: int = 200,
) -> Any:
    if form is None:
        form = AdresTrekkingForm(formdata=None)
        form.methode.data = werving.UNIFORM
    return (
        render_template(
            "inwonersberaad/beheer/werving_form.html",
            beraad=beraad,
            form=form,
            rapport=rapport or [],
            trekkingen=trekkingen(beraad),
            methoden=werving.METHODE_LABELS,
            bewaar_dagen=int(get_setting("bewaar.werving_adressen_dagen")),
        ),
        code,
    )


@STAFF
def werving_form(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    if request.method == "GET":
        return _render_form(item)
    form = AdresTrekkingForm()
    if not form.validate_on_submit():
        return _render_form(item, form, None, 400)
    data = form.adressen.data.read(werving.MAX_BESTAND_BYTES + 1)
    startgetal = getal(form.startgetal)
    try:
        row = draw_addresses(
            current_user, item, data, getal(form.aantal) or 0, form.methode.data, startgetal
        )
    except werving.AdresInvoerFout as error:
        db.session.rollback()
        return _render_form(item, form, error.errors, 400)
    db.session.commit()
    flash(
        _("De adressen zijn getrokken. Het bestand met alle adressen is niet bewaard."), "success"
    )
    return redirect(
        url_for("inwonersberaad_beheer.werving_trekking", beraad_id=item.id, trekking_id=row.id)
    )


def _render_trekking(
    item: Beraad, row: AdresTrekking, form: BriefForm | None = None, code: int = 200
) -> Any:
    if form is None:
        form = BriefForm(formdata=None)
        form.tekst.data = brieven.STANDAARD_TEKST
    batches = db.session.scalars(
        sa.select(BriefBatch)
        .where(BriefBatch.trekking_id == row.id)
        .order_by(BriefBatch.created_at.desc(), BriefBatch.id.desc())
    ).all()
    return render_template(
        "inwonersberaad/beheer/werving_trekking.html",
        beraad=item,
        trekking=row,
        form=form,
        batches=batches,
        record=row.record,
        methoden=werving.METHODE_LABELS,
        bewaar_tot=row.created_at
        + timedelta(days=int(get_setting("bewaar.werving_adressen_dagen"))),
    ), code


@STAFF
def werving_trekking(beraad_id: int, trekking_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _trekking(item, trekking_id)
    if row.adressen:
        log_verwerking(current_user, "adres_trekking", row.id, "loting")
        db.session.commit()
    return _render_trekking(item, row)


@STAFF
def brieven_maken(beraad_id: int, trekking_id: int) -> ResponseReturnValue:
    """Queue the letters PDF of this draw (a background job)."""
    item = _beraad(beraad_id)
    row = _trekking(item, trekking_id)
    form = BriefForm()
    if not form.validate_on_submit():
        return _render_trekking(item, row, form, 400)
    try:
        batch = brieven.start(current_user, item, row, form.tekst.data or "")
    except brieven.BriefFout as error:
        db.session.rollback()
        form.tekst.errors = [error.message]
        return _render_trekking(item, row, form, 400)
    db.session.commit()
    flash(_("De brieven worden gemaakt. Dit kan een paar minuten duren."), "success")
    return redirect(
        url_for(
            "inwonersberaad_beheer.werving_brieven",
            beraad_id=item.id,
            trekking_id=row.id,
            batch_id=batch.id,
        )
    )


def _batch(row: AdresTrekking, batch_id: int) -> BriefBatch:
    batch = db.session.get(BriefBatch, batch_id)
    if batch is None or batch.trekking_id != row.id:
        abort(404)
    return batch


@STAFF
def werving_brieven(beraad_id: int, trekking_id: int, batch_id: int) -> ResponseReturnValue:
    """How far the job is (the page refreshes itself without JavaScript), then the PDF."""
    item = _beraad(beraad_id)
    row = _trekking(item, trekking_id)
    batch = _batch(row, batch_id)
    return render_template(
        "inwonersberaad/beheer/werving_brieven.html",
        beraad=item,
        trekking=row,
        batch=batch,
        procent=round(100 * float(batch.job.progress if batch.job else 0.0)),
    )


@STAFF
def werving_brieven_pdf(beraad_id: int, trekking_id: int, batch_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _trekking(item, trekking_id)
    batch = _batch(row, batch_id)
    if batch.pdf is None:
        abort(404)
    log_verwerking(current_user, "werving_brieven", batch.id, "loting")
    db.session.commit()
    return Response(
        batch.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="brieven-{item.id}-{batch.id}.pdf"'},
    )


@STAFF
def werving_brieven_csv(beraad_id: int, trekking_id: int, batch_id: int) -> ResponseReturnValue:
    """The print house's CSV of a batch: personal data (addresses with their codes), so the
    download is logged like the PDF."""
    item = _beraad(beraad_id)
    row = _trekking(item, trekking_id)
    batch = _batch(row, batch_id)
    if batch.drukkerij_csv is None:
        abort(404)
    log_verwerking(current_user, "werving_brieven_csv", batch.id, "loting")
    db.session.commit()
    return csv_download(batch.drukkerij_csv, f"drukkerij-{item.id}-{batch.id}.csv")


@STAFF
def werving_verslag(beraad_id: int, trekking_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _trekking(item, trekking_id)
    return Response(
        werving.verslag_json(row.record),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="adressen-{row.id}.json"'},
    )


@STAFF
def werving_voorbeeld() -> ResponseReturnValue:
    kop, rijen = werving.VOORBEELD
    return csv_response("voorbeeld-adressen.csv", kop, rijen)
