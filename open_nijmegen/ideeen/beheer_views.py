"""Officer pages under /beheer/ideeen: moderation, answers, merging, wijken, thema's, export.

Staff pages show no e-mail addresses: officers work with display names only, so no personal
data is processed here beyond what the public page shows.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.csvfile import BOM, csv_download
from open_nijmegen.core.csvsafe import safe_cell
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import queries, services
from open_nijmegen.ideeen.forms import (
    EmptyForm,
    MergeForm,
    ReasonForm,
    StatusForm,
    ThemaForm,
    WijkForm,
)
from open_nijmegen.ideeen.models import STATUS_LABELS, Idee, IdeeStatus, Thema
from open_nijmegen.moderation.models import REPORT_REASONS, Report

STAFF = staff_required(WorkArea.IDEEEN)
STATES = {
    "alle": "Alle ideeën",
    "openbaar": "Op de site",
    "wacht": N_("Wachten op controle"),
    "afgewezen": "Afgewezen",
    "verborgen": "Verborgen",
    "ingetrokken": "Ingetrokken",
    "samengevoegd": N_("Samengevoegd"),
}


@STAFF
def index() -> ResponseReturnValue:
    reported_ids = db.session.scalars(
        sa.select(Report.object_id)
        .where(Report.object_type == "idee", Report.resolved_at.is_(None))
        .distinct()
        .limit(200)
    ).all()
    reported = (
        list(db.session.scalars(sa.select(Idee).where(Idee.id.in_(reported_ids))).unique())
        if reported_ids
        else []
    )
    due, overdue = queries.answers_due_counts(utcnow())
    return render_template(
        "ideeen/beheer/index.html",
        waiting=queries.waiting_for_moderation(),
        reported=reported,
        due=due,
        overdue=overdue,
    )


@STAFF
def alle() -> ResponseReturnValue:
    state = request.args.get("staat", "alle")
    if state not in STATES:
        state = "alle"
    before = request.args.get("voor", type=parse_id)
    ideas = queries.staff_list(state, before)
    next_url = (
        url_for("ideeen_beheer.alle", staat=state, voor=ideas[-1].id) if len(ideas) == 50 else None
    )
    return render_template(
        "ideeen/beheer/alle.html", ideas=ideas, state=state, states=STATES, next_url=next_url
    )


def _idee(idee_id: int) -> Idee:
    idee = db.session.get(Idee, idee_id)
    if idee is None:
        abort(404)
    return idee


@STAFF
def idee(idee_id: int) -> ResponseReturnValue:
    item = _idee(idee_id)
    return _render_idee(item)


def _render_idee(
    item: Idee,
    status_form: StatusForm | None = None,
    reason_form: ReasonForm | None = None,
    reason_action: str = "",
    merge_form: MergeForm | None = None,
    code: int = 200,
) -> ResponseReturnValue:
    reports = db.session.scalars(
        sa.select(Report)
        .where(Report.object_type == "idee", Report.object_id == item.id)
        .order_by(Report.id.desc())
    ).all()
    status_form = status_form or StatusForm()
    if status_form.status.data is None and item.status != IdeeStatus.OPEN:
        status_form.status.data = item.status.value
    return (
        render_template(
            "ideeen/beheer/idee.html",
            idee=item,
            history=queries.full_history(item),
            reports=reports,
            reasons=REPORT_REASONS,
            status_form=status_form,
            reject_form=reason_form
            if reason_action == "afwijzen" and reason_form
            else ReasonForm(prefix="afwijzen", formdata=None),
            hide_form=reason_form
            if reason_action == "verbergen" and reason_form
            else ReasonForm(prefix="verbergen", formdata=None),
            merge_form=merge_form or MergeForm(),
            empty_form=EmptyForm(),
            status_labels=STATUS_LABELS,
        ),
        code,
    )


def _done(item: Idee, message: str) -> ResponseReturnValue:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("ideeen_beheer.idee", idee_id=item.id))


def _refused(item: Idee, error: Exception) -> ResponseReturnValue:
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for("ideeen_beheer.idee", idee_id=item.id))


@STAFF
def publiceren(idee_id: int) -> ResponseReturnValue:
    item = _idee(idee_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.publish_idee(current_user, item)
    except services.IdeeError as error:
        return _refused(item, error)
    return _done(item, _("Het idee staat nu op de site. De schrijver krijgt een mail."))


def _with_reason(idee_id: int, action: str) -> ResponseReturnValue:
    item = _idee(idee_id)
    form = ReasonForm(prefix=action)
    if not form.validate_on_submit():
        return _render_idee(item, reason_form=form, reason_action=action, code=400)
    try:
        if action == "afwijzen":
            services.reject_idee(current_user, item, form.reden.data)
        else:
            services.hide_idee(current_user, item, form.reden.data)
    except services.IdeeError as error:
        form.reden.errors = [str(error)]
        db.session.rollback()
        return _render_idee(item, reason_form=form, reason_action=action, code=400)
    if action == "afwijzen":
        return _done(item, _("Het idee is afgewezen. De schrijver krijgt een mail met de reden."))
    return _done(item, _("Het idee is verborgen. De schrijver krijgt een mail met de reden."))


@STAFF
def afwijzen(idee_id: int) -> ResponseReturnValue:
    return _with_reason(idee_id, "afwijzen")


@STAFF
def verbergen(idee_id: int) -> ResponseReturnValue:
    return _with_reason(idee_id, "verbergen")


@STAFF
def herstellen(idee_id: int) -> ResponseReturnValue:
    item = _idee(idee_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.restore_idee(current_user, item)
    except services.IdeeError as error:
        return _refused(item, error)
    return _done(item, _("Het idee is hersteld."))


@STAFF
def status(idee_id: int) -> ResponseReturnValue:
    item = _idee(idee_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _render_idee(item, status_form=form, code=400)
    try:
        services.set_status(current_user, item, IdeeStatus(form.status.data), form.toelichting.data)
    except services.IdeeError as error:
        db.session.rollback()
        form.toelichting.errors = [str(error)]
        return _render_idee(item, status_form=form, code=400)
    return _done(item, _("Het antwoord staat op de site. Volgers krijgen een mail."))


@STAFF
def samenvoegen(idee_id: int) -> ResponseReturnValue:
    item = _idee(idee_id)
    form = MergeForm()
    if not form.validate_on_submit():
        return _render_idee(item, merge_form=form, code=400)
    target = db.session.get(Idee, parse_id(form.doel_id.data))
    if target is None:
        form.doel_id.errors = [_("Er is geen idee met dit nummer.")]
        return _render_idee(item, merge_form=form, code=400)
    try:
        moved = services.merge_idee(current_user, item, target)
    except services.IdeeError as error:
        db.session.rollback()
        form.doel_id.errors = [str(error)]
        return _render_idee(item, merge_form=form, code=400)
    return _done(
        item,
        _("Het idee is samengevoegd. %(n)d steunbetuigingen zijn meegegaan.", n=moved),
    )


@STAFF
def antwoord_nodig() -> ResponseReturnValue:
    return render_template(
        "ideeen/beheer/antwoord_nodig.html", ideas=queries.answers_due(), now=utcnow()
    )


@STAFF
def wijken() -> ResponseReturnValue:
    form = WijkForm()
    if form.validate_on_submit():
        try:
            services.save_wijk(
                current_user, None, form.naam.data, form.stadsdeel.data, form.actief.data
            )
        except services.IdeeError as error:
            db.session.rollback()
            form.naam.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("De wijk is toegevoegd."), "success")
            return redirect(url_for("ideeen_beheer.wijken"))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "ideeen/beheer/wijken.html", wijken=queries.all_wijken(), form=form
    ), code


@STAFF
def wijk(wijk_id: int) -> ResponseReturnValue:
    item = db.session.get(Wijk, wijk_id)
    if item is None:
        abort(404)
    form = WijkForm(obj=item)
    if form.validate_on_submit():
        try:
            services.save_wijk(
                current_user, item, form.naam.data, form.stadsdeel.data, form.actief.data
            )
        except services.IdeeError as error:
            db.session.rollback()
            form.naam.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("De wijk is aangepast."), "success")
            return redirect(url_for("ideeen_beheer.wijken"))
    code = 400 if request.method == "POST" else 200
    return render_template("ideeen/beheer/wijk.html", wijk=item, form=form), code


@STAFF
def themas() -> ResponseReturnValue:
    form = ThemaForm()
    if form.validate_on_submit():
        try:
            services.save_thema(current_user, None, form.naam.data, form.actief.data)
        except services.IdeeError as error:
            db.session.rollback()
            form.naam.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Het thema is toegevoegd."), "success")
            return redirect(url_for("ideeen_beheer.themas"))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "ideeen/beheer/themas.html", themas=queries.all_themas(), form=form
    ), code


@STAFF
def thema(thema_id: int) -> ResponseReturnValue:
    item = db.session.get(Thema, thema_id)
    if item is None:
        abort(404)
    form = ThemaForm(obj=item)
    if form.validate_on_submit():
        try:
            services.save_thema(current_user, item, form.naam.data, form.actief.data)
        except services.IdeeError as error:
            db.session.rollback()
            form.naam.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Het thema is aangepast."), "success")
            return redirect(url_for("ideeen_beheer.themas"))
    code = 400 if request.method == "POST" else 200
    return render_template("ideeen/beheer/thema.html", thema=item, form=form), code


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value  # type: ignore[attr-defined]
    if isinstance(value, str):
        return safe_cell(value)  # no formulas when opened in a spreadsheet
    return "" if value is None else value


@STAFF
def export() -> ResponseReturnValue:
    """All ideas with their counts as CSV; no personal data."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    stmt = queries.export_rows()
    writer.writerow([c.name for c in stmt.selected_columns])
    for row in db.session.execute(stmt):
        writer.writerow([_cell(v) for v in row])
    record_audit(current_user, "idee.export", None)
    db.session.commit()
    return csv_download(BOM + buffer.getvalue(), "ideeen.csv")


@STAFF
def trajecten() -> ResponseReturnValue:
    from open_nijmegen.ideeen.phases import FASE_LABELS

    return render_template(
        "ideeen/beheer/trajecten.html", trajecten=queries.trajecten(), fase_labels=FASE_LABELS
    )


@STAFF
def traject(traject_id: int | None = None) -> ResponseReturnValue:
    from open_nijmegen.ideeen.forms import PHASE_FIELDS, TrajectForm
    from open_nijmegen.ideeen.models import Traject
    from open_nijmegen.ideeen.phases import FASE_LABELS

    item = db.session.get(Traject, traject_id) if traject_id else None
    if traject_id and item is None:
        abort(404)
    form = TrajectForm(obj=item)
    if request.method == "GET" and item is not None:
        from zoneinfo import ZoneInfo

        for phase in (p for p in item.fases if p.fase.value in PHASE_FIELDS):
            getattr(form, phase.fase.value).data = phase.begint_op.astimezone(
                ZoneInfo("Europe/Amsterdam")
            ).date()
    form.needs_phases = item is None or not item.doorlopend
    upload, valid = None, form.validate_on_submit()
    file = form.afbeelding.data
    if valid and file is not None and getattr(file, "filename", ""):
        from open_nijmegen.core.uploads import UploadError, store_upload

        try:
            upload = store_upload(file, {"image"}, owner=current_user)
        except UploadError as error:
            form.afbeelding.errors = [str(error)]
            valid = False
    if valid:
        phases = {name: getattr(form, name).data for name in PHASE_FIELDS}
        saved = services.save_traject(
            current_user, item, form.titel.data, form.beschrijving.data or "", phases,
            samenvatting=form.samenvatting.data or "",
            afbeelding=upload,
            afbeelding_weghalen=bool(form.afbeelding_weghalen.data),
        )  # fmt: skip
        db.session.commit()
        flash(_("Het project is opgeslagen."), "success")
        return redirect(url_for("ideeen_beheer.traject", traject_id=saved.id))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "ideeen/beheer/traject.html",
        traject=item,
        form=form,
        phase_fields=PHASE_FIELDS,
        fase_labels=FASE_LABELS,
    ), code
