"""Officer pages under /beheer/inwonersberaad: beraden, phases, members, dossier, advice,
responses and progress, and the lottery.

Every officer look at lottery input (the pool with its features) is logged in the processing
log with purpose "loting". Staff pages show no member e-mail addresses except open invitations.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core.csvfile import csv_response
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.core.uploads import UploadError, store_upload
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad import queries, services
from open_nijmegen.inwonersberaad.forms import (
    AanbevelingForm,
    AdviesForm,
    AntwoordForm,
    BeraadForm,
    EmptyForm,
    FaseForm,
    LotingForm,
    ReactieForm,
    StukForm,
    UitnodigingForm,
    VoortgangForm,
    getal,
)
from open_nijmegen.inwonersberaad.models import (
    AANBEVELING_LABELS,
    AANBEVELING_OVERGANGEN,
    FASE_LABELS,
    FASE_OVERGANGEN,
    FASEN,
    Aanbeveling,
    AanbevelingStatus,
    Beraad,
    Beraadslid,
    Dossierstuk,
    ExpertVraag,
    Fase,
    Loting,
    LotingStatus,
    Uitnodiging,
)
from open_nijmegen.privacy.services import log_verwerking

STAFF = staff_required(WorkArea.INWONERSBERAAD)


def _beraad(beraad_id: int) -> Beraad:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None:
        abort(404)
    return beraad


def _fase_choices(beraad: Beraad) -> list[Fase]:
    return [f for f in FASEN if f in FASE_OVERGANGEN[beraad.fase]]


@STAFF
def index() -> ResponseReturnValue:
    now = utcnow()
    return render_template(
        "inwonersberaad/beheer/index.html",
        beraden=list(db.session.scalars(queries.all_beraden())),
        te_laat=queries.overdue_beraden(now),
        wachtend=queries.waiting_beraden(now),
        now=now,
    )


def _beraad_data(form: BeraadForm) -> services.BeraadData:
    return services.BeraadData(
        vraag=form.vraag.data or "",
        opdracht=form.opdracht.data or "",
        opdrachtgever=form.opdrachtgever.data or "",
        omvang=getal(form.omvang),
        selectiemethode=form.selectiemethode.data or "",
        openbaar=bool(form.openbaar.data),
    )


@STAFF
def nieuw() -> ResponseReturnValue:
    form = BeraadForm()
    if form.validate_on_submit():
        beraad = services.create_beraad(current_user, _beraad_data(form))
        db.session.commit()
        flash(_("Het beraad is gemaakt."), "success")
        return redirect(url_for("inwonersberaad_beheer.beraad", beraad_id=beraad.id))
    code = 400 if request.method == "POST" else 200
    return render_template("inwonersberaad/beheer/beraad_form.html", form=form, beraad=None), code


@STAFF
def bewerken(beraad_id: int) -> ResponseReturnValue:
    beraad = _beraad(beraad_id)
    form = BeraadForm(obj=beraad) if request.method == "GET" else BeraadForm()
    if request.method == "GET":
        form.omvang.data = str(beraad.omvang) if beraad.omvang else ""
    if form.validate_on_submit():
        services.update_beraad(current_user, beraad, _beraad_data(form))
        db.session.commit()
        flash(_("Het beraad is aangepast."), "success")
        return redirect(url_for("inwonersberaad_beheer.beraad", beraad_id=beraad.id))
    code = 400 if request.method == "POST" else 200
    return render_template("inwonersberaad/beheer/beraad_form.html", form=form, beraad=beraad), code


def _render_beraad(
    beraad: Beraad,
    fase_form: FaseForm | None = None,
    errors: list[Any] | None = None,
    code: int = 200,
) -> ResponseReturnValue:
    if fase_form is None:
        fase_form = FaseForm(formdata=None)
    fase_form.set_choices(_fase_choices(beraad))
    return (
        render_template(
            "inwonersberaad/beheer/beraad.html",
            beraad=beraad,
            fase_form=fase_form,
            fase_errors=errors or [],
            aantal_leden=queries.aantal_leden(beraad),
            aantal_stukken=len(queries.stukken(beraad)),
            deadline=_deadline(beraad),
            fase_labels=FASE_LABELS,
        ),
        code,
    )


def _deadline(beraad: Beraad) -> dict[str, Any] | None:
    from open_nijmegen.inwonersberaad.views import deadline_info

    return deadline_info(beraad)


@STAFF
def beraad(beraad_id: int) -> ResponseReturnValue:
    return _render_beraad(_beraad(beraad_id))


@STAFF
def fase(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    form = FaseForm()
    form.set_choices(_fase_choices(item))
    if form.validate_on_submit():
        try:
            nieuw = Fase(form.fase.data)
            services.move_fase(current_user, item, nieuw, form.toelichting.data or "")
        except ValueError as error:
            db.session.rollback()
            message = (
                str(error)
                if isinstance(error, services.BeraadFout)
                else _("Kies een fase die in de lijst staat.")
            )
            return _render_beraad(_beraad(beraad_id), form, [(None, message)], 400)
        db.session.commit()
        flash(_("Het beraad is nu in de fase '%(f)s'.", f=FASE_LABELS[nieuw]), "success")
        return redirect(url_for("inwonersberaad_beheer.beraad", beraad_id=item.id))
    return _render_beraad(item, form, None, 400)


# -- members ---------------------------------------------------------------------------------


def _render_leden(beraad: Beraad, form: UitnodigingForm | None = None, code: int = 200) -> Any:
    return (
        render_template(
            "inwonersberaad/beheer/leden.html",
            beraad=beraad,
            form=form or UitnodigingForm(formdata=None),
            leden=queries.leden(beraad),
            uitnodigingen=queries.open_uitnodigingen(beraad),
        ),
        code,
    )


@STAFF
def leden(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    if request.method == "GET":
        return _render_leden(item)
    form = UitnodigingForm()
    if form.validate_on_submit():
        try:
            services.invite_member(current_user, item, form.email.data or "")
        except services.BeraadFout as error:
            form.email.errors = [str(error)]
            return _render_leden(item, form, 400)
        db.session.commit()
        flash(_("De uitnodiging is verstuurd."), "success")
        return redirect(url_for("inwonersberaad_beheer.leden", beraad_id=item.id))
    return _render_leden(item, form, 400)


@STAFF
def lid_stoppen(beraad_id: int, lid_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    lid = db.session.get(Beraadslid, lid_id)
    if lid is None or lid.beraad_id != item.id or not EmptyForm().validate_on_submit():
        abort(404)
    services.remove_member(current_user, lid)
    db.session.commit()
    flash(_("Dit lid heeft geen toegang meer tot het dossier."), "success")
    return redirect(url_for("inwonersberaad_beheer.leden", beraad_id=item.id))


@STAFF
def uitnodiging_intrekken(beraad_id: int, uitnodiging_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = db.session.get(Uitnodiging, uitnodiging_id)
    if row is None or row.beraad_id != item.id or not EmptyForm().validate_on_submit():
        abort(404)
    services.withdraw_invitation(current_user, row)
    db.session.commit()
    flash(_("De uitnodiging is ingetrokken."), "success")
    return redirect(url_for("inwonersberaad_beheer.leden", beraad_id=item.id))


# -- dossier ---------------------------------------------------------------------------------


def _render_stukken(
    beraad: Beraad, form: StukForm | None = None, errors: Any = None, code: int = 200
) -> Any:
    return (
        render_template(
            "inwonersberaad/beheer/stukken.html",
            beraad=beraad,
            form=form or StukForm(formdata=None),
            errors=errors or [],
            sessies=queries.per_sessie(queries.stukken(beraad)),
        ),
        code,
    )


@STAFF
def stukken(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    if request.method == "GET":
        return _render_stukken(item)
    form = StukForm()
    if form.validate_on_submit():
        upload = None
        file = form.pdf.data
        if file is not None and getattr(file, "filename", ""):
            try:
                upload = store_upload(file, {"pdf"}, owner=current_user)
            except UploadError as error:
                form.pdf.errors = [str(error)]
                return _render_stukken(item, form, None, 400)
        try:
            services.add_stuk(
                current_user,
                item,
                form.titel.data or "",
                getal(form.sessie) or 1,
                form.sessie_naam.data or "",
                form.tekst.data or "",
                upload,
            )
        except services.BeraadFout as error:
            db.session.rollback()
            return _render_stukken(item, form, [(form.tekst.id, str(error))], 400)
        db.session.commit()
        flash(_("Het stuk staat in het dossier. Alleen de leden zien het."), "success")
        return redirect(url_for("inwonersberaad_beheer.stukken", beraad_id=item.id))
    return _render_stukken(item, form, None, 400)


def _stuk(beraad: Beraad, stuk_id: int) -> Dossierstuk:
    row = db.session.get(Dossierstuk, stuk_id)
    if row is None or row.beraad_id != beraad.id:
        abort(404)
    return row


@STAFF
def stuk_openbaar(beraad_id: int, stuk_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _stuk(item, stuk_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("openbaar") == "1":
        services.publish_stuk(current_user, row)
        flash(_("Het stuk staat nu op de openbare pagina."), "success")
    else:
        services.unpublish_stuk(current_user, row)
        flash(_("Het stuk is niet meer openbaar."), "success")
    db.session.commit()
    return redirect(url_for("inwonersberaad_beheer.stukken", beraad_id=item.id))


@STAFF
def vragen(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    return render_template(
        "inwonersberaad/beheer/vragen.html", beraad=item, vragen=queries.expert_vragen(item)
    )


@STAFF
def vraag(beraad_id: int, vraag_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = db.session.get(ExpertVraag, vraag_id)
    if row is None or row.beraad_id != item.id:
        abort(404)
    form = AntwoordForm(obj=row) if request.method == "GET" else AntwoordForm()
    if form.validate_on_submit():
        services.answer_expert(current_user, row, form.antwoord.data or "", form.expert.data or "")
        db.session.commit()
        flash(_("Het antwoord staat in het dossier."), "success")
        return redirect(url_for("inwonersberaad_beheer.vragen", beraad_id=item.id))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "inwonersberaad/beheer/vraag.html", beraad=item, vraag=row, form=form
    ), code


# -- advice, recommendations, response, progress ---------------------------------------------


def _render_advies(
    beraad: Beraad,
    advies_form: AdviesForm | None = None,
    aanbeveling_form: AanbevelingForm | None = None,
    errors: Any = None,
    code: int = 200,
) -> Any:
    if advies_form is None:
        advies_form = AdviesForm(formdata=None, samenvatting=beraad.advies_samenvatting)
        advies_form.stemmers.data = str(beraad.advies_stemmers or "")
    if aanbeveling_form is None:
        aanbeveling_form = AanbevelingForm(formdata=None)
        aanbeveling_form.nummer.data = str(len(beraad.aanbevelingen) + 1)
    return (
        render_template(
            "inwonersberaad/beheer/advies.html",
            beraad=beraad,
            advies_form=advies_form,
            aanbeveling_form=aanbeveling_form,
            errors=errors or [],
            labels=AANBEVELING_LABELS,
        ),
        code,
    )


@STAFF
def advies(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    if request.method == "GET":
        return _render_advies(item)
    form = AdviesForm()
    if form.validate_on_submit():
        services.save_advies(current_user, item, form.samenvatting.data or "", getal(form.stemmers))
        db.session.commit()
        flash(_("Het advies is opgeslagen."), "success")
        return redirect(url_for("inwonersberaad_beheer.advies", beraad_id=item.id))
    return _render_advies(item, advies_form=form, code=400)


@STAFF
def aanbeveling_nieuw(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    form = AanbevelingForm()
    if form.validate_on_submit():
        try:
            services.save_aanbeveling(
                current_user,
                item,
                getal(form.nummer) or 1,
                form.titel.data or "",
                form.tekst.data or "",
                getal(form.steun_procent),
            )
        except services.BeraadFout as error:
            db.session.rollback()
            form.nummer.errors = [str(error)]
            return _render_advies(_beraad(beraad_id), aanbeveling_form=form, code=400)
        db.session.commit()
        flash(_("De aanbeveling is opgeslagen."), "success")
        return redirect(url_for("inwonersberaad_beheer.advies", beraad_id=item.id))
    return _render_advies(item, aanbeveling_form=form, code=400)


def _aanbeveling(beraad: Beraad, aanbeveling_id: int) -> Aanbeveling:
    row = db.session.get(Aanbeveling, aanbeveling_id)
    if row is None or row.beraad_id != beraad.id:
        abort(404)
    return row


def _render_aanbeveling(
    beraad: Beraad,
    row: Aanbeveling,
    tekst_form: AanbevelingForm | None = None,
    reactie_form: ReactieForm | None = None,
    voortgang_form: VoortgangForm | None = None,
    errors: Any = None,
    code: int = 200,
) -> Any:
    if tekst_form is None:
        tekst_form = AanbevelingForm(formdata=None, obj=row, prefix="a")
        tekst_form.nummer.data = str(row.nummer)
        tekst_form.steun_procent.data = "" if row.steun_procent is None else str(row.steun_procent)
    if reactie_form is None:
        reactie_form = ReactieForm(formdata=None, prefix="r")
        reactie_form.besluit.data = row.reactie_besluit.value if row.reactie_besluit else None
        reactie_form.reden.data = row.reactie_reden
        reactie_form.verantwoordelijke.data = row.verantwoordelijke
    if voortgang_form is None:
        voortgang_form = VoortgangForm(formdata=None, prefix="v")
    voortgang_form.set_choices(sorted(AANBEVELING_OVERGANGEN[row.status]))
    return (
        render_template(
            "inwonersberaad/beheer/aanbeveling.html",
            beraad=beraad,
            aanbeveling=row,
            tekst_form=tekst_form,
            reactie_form=reactie_form,
            voortgang_form=voortgang_form,
            errors=errors or [],
            labels=AANBEVELING_LABELS,
        ),
        code,
    )


@STAFF
def aanbeveling(beraad_id: int, aanbeveling_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _aanbeveling(item, aanbeveling_id)
    if request.method == "GET":
        return _render_aanbeveling(item, row)
    form = AanbevelingForm(prefix="a")
    if form.validate_on_submit():
        try:
            services.save_aanbeveling(
                current_user,
                item,
                getal(form.nummer) or row.nummer,
                form.titel.data or "",
                form.tekst.data or "",
                getal(form.steun_procent),
                row,
            )
        except services.BeraadFout as error:
            db.session.rollback()
            form.nummer.errors = [str(error)]
            return _render_aanbeveling(
                item, _aanbeveling(item, aanbeveling_id), tekst_form=form, code=400
            )
        db.session.commit()
        flash(_("De aanbeveling is opgeslagen."), "success")
        return redirect(
            url_for("inwonersberaad_beheer.aanbeveling", beraad_id=item.id, aanbeveling_id=row.id)
        )
    return _render_aanbeveling(item, row, tekst_form=form, code=400)


@STAFF
def reactie(beraad_id: int, aanbeveling_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _aanbeveling(item, aanbeveling_id)
    form = ReactieForm(prefix="r")
    if form.validate_on_submit():
        try:
            besluit = AanbevelingStatus(form.besluit.data)
            services.save_reactie(
                current_user, row, besluit, form.reden.data or "", form.verantwoordelijke.data or ""
            )
        except ValueError as error:
            db.session.rollback()
            message = (
                str(error)
                if isinstance(error, services.BeraadFout)
                else _("Kies een reactie uit de lijst.")
            )
            form.besluit.errors = [message]
            return _render_aanbeveling(
                item, _aanbeveling(item, aanbeveling_id), reactie_form=form, code=400
            )
        publish = request.form.get("publiceren") == "1"
        if publish:
            services.publish_reactie(current_user, row)
        db.session.commit()
        flash(
            _("De reactie staat op de site. Volgers krijgen mail.")
            if publish
            else _("De reactie is opgeslagen. Zij is nog niet openbaar."),
            "success",
        )
        return redirect(
            url_for("inwonersberaad_beheer.aanbeveling", beraad_id=item.id, aanbeveling_id=row.id)
        )
    return _render_aanbeveling(item, row, reactie_form=form, code=400)


@STAFF
def reactie_publiceren(beraad_id: int, aanbeveling_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _aanbeveling(item, aanbeveling_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.publish_reactie(current_user, row)
    except services.BeraadFout as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash(_("De reactie staat op de site. Volgers krijgen mail."), "success")
    return redirect(
        url_for("inwonersberaad_beheer.aanbeveling", beraad_id=item.id, aanbeveling_id=row.id)
    )


@STAFF
def voortgang(beraad_id: int, aanbeveling_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _aanbeveling(item, aanbeveling_id)
    form = VoortgangForm(prefix="v")
    form.set_choices(sorted(AANBEVELING_OVERGANGEN[row.status]))
    if form.validate_on_submit():
        raw = form.status_na.data or ""
        try:
            status = AanbevelingStatus(raw) if raw else None
            services.add_voortgang(current_user, row, form.tekst.data or "", status)
        except ValueError as error:
            db.session.rollback()
            message = (
                str(error)
                if isinstance(error, services.BeraadFout)
                else _("Kies een status uit de lijst.")
            )
            return _render_aanbeveling(
                item,
                _aanbeveling(item, aanbeveling_id),
                voortgang_form=form,
                errors=[(None, message)],
                code=400,
            )
        db.session.commit()
        flash(_("De voortgang staat op de site. Volgers krijgen mail."), "success")
        return redirect(
            url_for("inwonersberaad_beheer.aanbeveling", beraad_id=item.id, aanbeveling_id=row.id)
        )
    return _render_aanbeveling(item, row, voortgang_form=form, code=400)


# -- lottery ---------------------------------------------------------------------------------


def _render_loting_form(
    beraad: Beraad,
    form: LotingForm | None = None,
    rapport: list[str] | None = None,
    code: int = 200,
) -> Any:
    if form is None:
        form = LotingForm(formdata=None)
        form.panelgrootte.data = str(beraad.omvang or "")
        form.reserves.data = "0"
    return (
        render_template(
            "inwonersberaad/beheer/loting_form.html",
            beraad=beraad,
            form=form,
            rapport=rapport or [],
            lotingen=queries.lotingen(beraad),
        ),
        code,
    )


VOORBEELDEN = {"aanmeldingen": lot.VOORBEELD_AANMELDINGEN, "quota": lot.VOORBEELD_QUOTA}


@STAFF
def loting_voorbeeld(soort: str) -> ResponseReturnValue:
    """An example file for the lottery, to fill in (Dutch column names)."""
    if soort not in VOORBEELDEN:
        abort(404)
    kop, rijen = VOORBEELDEN[soort]
    return csv_response(f"voorbeeld-{soort}.csv", kop, rijen)


@STAFF
def loting(beraad_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    if request.method == "GET":
        return _render_loting_form(item)
    form = LotingForm()
    if not form.validate_on_submit():
        return _render_loting_form(item, form, None, 400)
    personen = form.personen.data.read(lot.MAX_BESTAND_BYTES + 1)
    quota = form.quota.data.read(lot.MAX_BESTAND_BYTES + 1)
    try:
        run = services.start_loting(
            current_user,
            item,
            personen,
            quota,
            getal(form.panelgrootte) or 0,
            getal(form.reserves) or 0,
            form.methode.data,
            int(form.uniform.data) if form.uniform.data else None,  # checked by the form
        )
    except lot.LotingInvoerFout as error:
        db.session.rollback()
        return _render_loting_form(item, form, error.errors, 400)
    except services.BeraadFout as error:
        db.session.rollback()
        return _render_loting_form(item, form, [str(error)], 400)
    db.session.commit()
    flash(_("De loting is gestart. Dit kan een paar minuten duren."), "success")
    return redirect(
        url_for("inwonersberaad_beheer.loting_run", beraad_id=item.id, loting_id=run.id)
    )


def _run(beraad: Beraad, loting_id: int) -> Loting:
    row = db.session.get(Loting, loting_id)
    if row is None or row.beraad_id != beraad.id:
        abort(404)
    return row


def _kenmerken(row: Loting) -> dict[str, dict[str, str]]:
    """Features per person from the stored input (empty once the input is purged)."""
    if row.personen_csv is None or row.quota_csv is None:
        return {}
    try:
        invoer = lot.parse_input(row.personen_csv, row.quota_csv)
    except lot.LotingInvoerFout:
        return {}
    return {pid: dict(values) for pid, values in invoer.personen.items()}


@STAFF
def loting_run(beraad_id: int, loting_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _run(item, loting_id)
    kenmerken: dict[str, dict[str, str]] = {}
    if row.status == LotingStatus.KLAAR:
        kenmerken = _kenmerken(row)
        if kenmerken:
            log_verwerking(current_user, "loting", row.id, "loting")
            db.session.commit()
    return render_template(
        "inwonersberaad/beheer/loting_run.html",
        beraad=item,
        loting=row,
        record=row.record,
        kenmerken=kenmerken,
        procent=lot.procent,
        print_mode=False,
    )


@STAFF
def loting_verslag(beraad_id: int, loting_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _run(item, loting_id)
    if row.status != LotingStatus.KLAAR:
        abort(404)
    kenmerken = _kenmerken(row)
    if kenmerken:
        log_verwerking(current_user, "loting", row.id, "loting")
        db.session.commit()
    return render_template(
        "inwonersberaad/beheer/loting_verslag.html",
        beraad=item,
        loting=row,
        record=row.record,
        kenmerken=kenmerken,
        procent=lot.procent,
    )


@STAFF
def loting_status(beraad_id: int, loting_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _run(item, loting_id)
    job = row.job
    return jsonify(
        status=row.status.value,
        voortgang=round(float(job.progress if job else 0.0), 3),
        tekst=(job.progress_text if job else "") or "",
        klaar=row.status in (LotingStatus.KLAAR, LotingStatus.MISLUKT),
    )


@STAFF
def loting_record(beraad_id: int, loting_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _run(item, loting_id)
    if row.record is None:
        abort(404)
    return Response(
        lot.public_json(row.record),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="loting-{row.id}.json"'},
    )


@STAFF
def loting_publiceren(beraad_id: int, loting_id: int) -> ResponseReturnValue:
    item = _beraad(beraad_id)
    row = _run(item, loting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.publish_loting(current_user, row)
    except services.BeraadFout as error:
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash(_("Het verslag van de loting staat op de openbare pagina."), "success")
    return redirect(
        url_for("inwonersberaad_beheer.loting_run", beraad_id=item.id, loting_id=row.id)
    )
