"""Pages of stage 2 (registration with the code from the letter, no account, no JavaScript)
and the officer pages around it: the recruitment dashboard, registering someone on the
phone (assisted), the draw from the registrations and what happens after the draw.

The code is checked on the first page and kept in the session (only its id; it is used when
the registration is stored). Every officer view of names or contact details is logged.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core import codes
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.permissions import public, staff_required
from open_nijmegen.core.ratelimits import POST_LIMIT
from open_nijmegen.extensions import db, limiter
from open_nijmegen.inwonersberaad import aanmelding as A
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.aanmelding_forms import CodeForm, OpzetForm, gegevens_form
from open_nijmegen.inwonersberaad.aanmelding_models import AANMELD_LABELS, AanmeldStatus
from open_nijmegen.inwonersberaad.forms import EmptyForm, WervingLotingForm, getal
from open_nijmegen.inwonersberaad.models import Beraad
from open_nijmegen.inwonersberaad.werving_views import adres_codes_csv
from open_nijmegen.privacy.services import log_verwerking

STAFF = staff_required(WorkArea.INWONERSBERAAD)
SESSIE = "ib_aanmelden"


def _client() -> str:
    return request.remote_addr or ""


def _open_beraad(beraad_id: int) -> tuple[Beraad, Any]:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None or not beraad.openbaar:
        abort(404)
    opzet = A.opzet_voor(beraad)
    return beraad, (opzet if beraad.fase in A.OPEN_FASEN else None)


def _gegevens(form: Any) -> A.Gegevens:
    return A.Gegevens(
        kenmerken=form.kenmerken(),
        naam=form.naam.data or "",
        email=form.email.data or "",
        telefoon=(form.telefoon.data or "").strip(),
        postcode=form.postcode.data or "",
        huisnummer=form.huisnummer.data or "",
        beschikbaar=list(form.beschikbaar.data or []),
        toegankelijkheid=form.toegankelijkheid.data or "",
        kinderopvang=bool(form.kinderopvang.data),
        tolk=form.tolk.data or "",
    )


# -- public ---------------------------------------------------------------------------------


@public
def start() -> ResponseReturnValue:
    """``/inwonersberaad/aanmelden`` (the link and QR code in the letter)."""
    beraden = [b for b in A.open_beraden() if b.openbaar]
    if len(beraden) == 1:
        return redirect(url_for("inwonersberaad.aanmelden", beraad_id=beraden[0].id))
    return render_template("inwonersberaad/aanmelden_start.html", beraden=beraden)


@public
def aanmelden(beraad_id: int) -> ResponseReturnValue:
    """Step 1: the code from the letter. Guessing is stopped by the wrong-code limit of
    ``core.codes`` (per client address), which answers with a B1 message. A visitor who
    comes back here with a good code in the session (the back button) can go on with step 2."""
    beraad, opzet = _open_beraad(beraad_id)
    if opzet is None:
        return render_template("inwonersberaad/aanmelden_dicht.html", beraad=beraad)
    form = CodeForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            code_id = A.check_code(beraad, form.code.data, _client())
        except codes.CodeError as error:
            form.code.errors = [error.message]
        else:
            session[SESSIE] = {"b": beraad.id, "c": code_id}
            return redirect(url_for("inwonersberaad.aanmelden_gegevens", beraad_id=beraad.id))
    code = 400 if request.method == "POST" else 200
    stap = session.get(SESSIE) or {}
    verder = stap.get("b") == beraad.id and A.code_is_bruikbaar(beraad, stap.get("c"))
    return (
        render_template(
            "inwonersberaad/aanmelden_code.html", beraad=beraad, form=form, verder=verder
        ),
        code,
    )


@public
@limiter.limit(POST_LIMIT, methods=["POST"])
def aanmelden_gegevens(beraad_id: int) -> ResponseReturnValue:
    """Step 2: the questions, contact details, dates, needs and consent."""
    beraad, opzet = _open_beraad(beraad_id)
    stap = session.get(SESSIE) or {}
    if (
        opzet is None
        or stap.get("b") != beraad.id
        or not A.code_is_bruikbaar(beraad, stap.get("c"))
    ):
        session.pop(SESSIE, None)
        return redirect(url_for("inwonersberaad.aanmelden", beraad_id=beraad_id))
    vragen = A.vragen(opzet)
    form = gegevens_form(vragen, opzet.sessies)()
    fouten: list[tuple[str | None, str]] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            A.register(beraad, stap["c"], _gegevens(form), user=current_user)
        except A.AanmeldFout as error:
            db.session.rollback()
            fouten.append((error.veld, error.message))
        else:
            db.session.commit()
            session.pop(SESSIE, None)
            session["ib_aangemeld"] = beraad.id
            return redirect(url_for("inwonersberaad.aanmelden_klaar", beraad_id=beraad.id))
    return (
        render_template(
            "inwonersberaad/aanmelden_gegevens.html",
            beraad=beraad,
            form=form,
            fouten=fouten,
            action=url_for("inwonersberaad.aanmelden_gegevens", beraad_id=beraad.id),
            namens=False,
        ),
        400 if request.method == "POST" else 200,
    )


@public
def aanmelden_klaar(beraad_id: int) -> ResponseReturnValue:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None or not beraad.openbaar:
        abort(404)
    return render_template(
        "inwonersberaad/aanmelden_klaar.html",
        beraad=beraad,
        net_gedaan=session.get("ib_aangemeld") == beraad.id,
    )


# -- officers -------------------------------------------------------------------------------


def _beraad(beraad_id: int) -> Beraad:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None:
        abort(404)
    return beraad


def _render_dashboard(
    beraad: Beraad,
    form: OpzetForm | None = None,
    rapport: list[str] | None = None,
    code: int = 200,
    loting_form: WervingLotingForm | None = None,
) -> Any:
    opzet = A.opzet_voor(beraad)
    if form is None:
        form = OpzetForm(formdata=None)
        if opzet is not None:
            form.quota.data = opzet.quota_csv.decode("utf-8", "replace")
            form.sessies.data = "\n".join(opzet.sessies)
            form.reserves.data = str(opzet.reserves)
        else:
            form.quota.data = "kenmerk,waarde,min,max\n"
            form.reserves.data = "0"
    trekking, open_adressen = A.niet_gereageerd(beraad)
    return (
        render_template(
            "inwonersberaad/beheer/werving_aanmeldingen.html",
            beraad=beraad,
            opzet=opzet,
            stand=A.stand(beraad, opzet) if opzet is not None else None,
            form=form,
            rapport=rapport or [],
            trekking=trekking,
            open_adressen=len(open_adressen),
            uitslag=A.uitslag_loting(beraad),
            leeg=EmptyForm(formdata=None),
            loting_form=loting_form or WervingLotingForm(formdata=None),
        ),
        code,
    )


@STAFF
def dashboard(beraad_id: int) -> ResponseReturnValue:
    return _render_dashboard(_beraad(beraad_id))


@STAFF
def opzet(beraad_id: int) -> ResponseReturnValue:
    beraad = _beraad(beraad_id)
    form = OpzetForm()
    if not form.validate_on_submit():
        return _render_dashboard(beraad, form, None, 400)
    try:
        sessies = A.lees_sessies(form.sessies.data or "")
    except ValueError as error:
        form.sessies.errors = [str(error)]
        return _render_dashboard(beraad, form, None, 400)
    try:
        A.save_opzet(
            current_user,
            beraad,
            (form.quota.data or "").encode("utf-8"),
            sessies,
            getal(form.reserves) or 0,
        )
    except lot.LotingInvoerFout as error:
        db.session.rollback()
        return _render_dashboard(beraad, form, error.errors, 400)
    db.session.commit()
    flash(_("De vragen voor de aanmelding zijn bewaard."), "success")
    return redirect(url_for("inwonersberaad_beheer.werving_aanmeldingen", beraad_id=beraad.id))


@STAFF
def herinnering(beraad_id: int) -> ResponseReturnValue:
    """New codes for the drawn addresses that did not register: a CSV for the print house."""
    beraad = _beraad(beraad_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    trekking, adressen = A.niet_gereageerd(beraad)
    if trekking is None or not adressen:
        flash(_("Er zijn geen adressen zonder aanmelding."), "warning")
        return redirect(url_for("inwonersberaad_beheer.werving_aanmeldingen", beraad_id=beraad.id))
    nieuwe = codes.make_codes(A.CODE_OWNER, beraad.id, len(adressen))
    record_audit(
        current_user, "werving.herinnering", beraad, trekking=trekking.id, count=len(adressen)
    )
    log_verwerking(current_user, "adres_trekking", trekking.id, "loting")
    db.session.commit()
    return Response(
        adres_codes_csv(adressen, nieuwe),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="herinnering-{beraad.id}.csv"'},
    )


@STAFF
def telefoon(beraad_id: int) -> ResponseReturnValue:
    """An officer registers a resident who calls (assisted entry, marked as such)."""
    beraad = _beraad(beraad_id)
    opzet = A.opzet_voor(beraad)
    if opzet is None or beraad.fase not in A.OPEN_FASEN:
        flash(_("Aanmelden kan nu niet voor dit beraad."), "warning")
        return redirect(url_for("inwonersberaad_beheer.werving_aanmeldingen", beraad_id=beraad.id))
    form = gegevens_form(A.vragen(opzet), opzet.sessies, met_code=True, namens=True)()
    fouten: list[tuple[str | None, str]] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            code_id = A.check_code(beraad, form.code.data, f"medewerker:{current_user.id}")
            A.register(beraad, code_id, _gegevens(form), namens=current_user)
        except codes.CodeError as error:
            db.session.rollback()
            fouten.append(("code", error.message))
        except A.AanmeldFout as error:
            db.session.rollback()
            fouten.append((error.veld, error.message))
        else:
            db.session.commit()
            flash(
                _(
                    "De aanmelding is bewaard. De inwoner krijgt een mail als er een e-mailadres is."
                ),
                "success",
            )
            return redirect(
                url_for("inwonersberaad_beheer.werving_aanmeldingen", beraad_id=beraad.id)
            )
    return (
        render_template(
            "inwonersberaad/beheer/werving_telefoon.html",
            beraad=beraad,
            form=form,
            fouten=fouten,
            action=url_for("inwonersberaad_beheer.werving_telefoon", beraad_id=beraad.id),
            namens=True,
        ),
        400 if request.method == "POST" else 200,
    )


@STAFF
def loting_starten(beraad_id: int) -> ResponseReturnValue:
    beraad = _beraad(beraad_id)
    form = WervingLotingForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _render_dashboard(beraad, None, None, 400, loting_form=form)
    try:
        run = A.start_loting(
            current_user,
            beraad,
            form.methode.data,
            int(form.uniform.data) if form.uniform.data else None,  # checked by the form
        )
    except (lot.LotingInvoerFout, services.BeraadFout) as error:
        db.session.rollback()
        berichten = error.errors if isinstance(error, lot.LotingInvoerFout) else [str(error)]
        return _render_dashboard(beraad, None, berichten, 400, loting_form=form)
    db.session.commit()
    flash(_("De loting is gestart. Dit kan een paar minuten duren."), "success")
    return redirect(
        url_for("inwonersberaad_beheer.loting_run", beraad_id=beraad.id, loting_id=run.id)
    )


@STAFF
def uitslag(beraad_id: int) -> ResponseReturnValue:
    """After the draw: who is chosen, the reserves in order, and the dropouts."""
    beraad = _beraad(beraad_id)
    opzet = A.opzet_voor(beraad)
    rijen = A.aanmeldingen(beraad) if opzet is not None else []
    if rijen:
        log_verwerking(current_user, "beraad_aanmelding", beraad.id, "loting")
        db.session.commit()
    per_status = {s: [r for r in rijen if r.status == s] for s in AanmeldStatus}
    per_status[AanmeldStatus.RESERVE].sort(key=lambda r: r.reserve_nummer or 0)
    return render_template(
        "inwonersberaad/beheer/werving_uitslag.html",
        beraad=beraad,
        opzet=opzet,
        loting=A.uitslag_loting(beraad),
        per_status=per_status,
        labels=AANMELD_LABELS,
        leeg=EmptyForm(formdata=None),
    )


@STAFF
def uitslag_versturen(beraad_id: int) -> ResponseReturnValue:
    beraad = _beraad(beraad_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    run = A.uitslag_loting(beraad)
    if run is None:
        flash(_("Er is nog geen loting met de aanmeldingen."), "warning")
    else:
        try:
            tel = A.verwerk_uitslag(current_user, beraad, run)
        except services.BeraadFout as error:
            db.session.rollback()
            flash(str(error), "warning")
        else:
            db.session.commit()
            flash(
                _(
                    "De uitslag is verstuurd: %(g)d gekozen, %(r)d reserves, %(n)d niet gekozen.",
                    g=tel["gekozen"],
                    r=tel["reserve"],
                    n=tel["niet_gekozen"],
                ),
                "success",
            )
    return redirect(url_for("inwonersberaad_beheer.werving_uitslag", beraad_id=beraad.id))


@STAFF
def afgevallen(beraad_id: int, aanmelding_id: int) -> ResponseReturnValue:
    beraad = _beraad(beraad_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = db.session.get(A.BeraadAanmelding, aanmelding_id)
    if row is None or row.beraad_id != beraad.id:
        abort(404)
    try:
        vervanger = A.vervang(current_user, beraad, row)
    except services.BeraadFout as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        db.session.commit()
        if vervanger is None:
            flash(_("Geen reserve past binnen de quota. De plaats blijft leeg."), "warning")
        else:
            flash(
                _("De eerste reserve die past, neemt de plaats in: %(n)s.", n=vervanger.naam),
                "success",
            )
    return redirect(url_for("inwonersberaad_beheer.werving_uitslag", beraad_id=beraad.id))
