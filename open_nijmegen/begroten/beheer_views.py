"""Officer pages under /beheer/begroten: begrotingen, the feasibility check of plans, the
ballot list, paper ballots, the count and the progress of winners.

Officers see totals only, never a person's ballot: no page here reads a ballot's choices.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.begroten import ballots, jobs, permissions, services
from open_nijmegen.begroten.forms import (
    BegrotingForm,
    BeoordelingForm,
    PapierForm,
    VoortgangForm,
)
from open_nijmegen.begroten.models import (
    HISTORY_LABELS,
    PLAN_STATUS_LABELS,
    Begroting,
    Gebied,
    Plan,
    PlanStatus,
    Stemwijze,
    Telmethode,
    Uitvoering,
)
from open_nijmegen.begroten.phases import FASE_KOLOMMEN, FASE_LABELS
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.interactions.forms import EmptyForm
from open_nijmegen.core.paper import PaperNumberTaken, paper_count
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db

STAFF = staff_required(WorkArea.BEGROTEN)
ZONE = ZoneInfo("Europe/Amsterdam")


def _begroting(begroting_id: int) -> Begroting:
    begroting = db.session.get(Begroting, begroting_id)
    if begroting is None:
        abort(404)
    return begroting


def _plan(begroting: Begroting, plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.begroting_id != begroting.id:
        abort(404)
    return plan


@STAFF
def index() -> ResponseReturnValue:
    begrotingen = list(db.session.scalars(sa.select(Begroting).order_by(Begroting.id.desc())))
    return render_template(
        "begroten/beheer/index.html", begrotingen=begrotingen, fase_labels=FASE_LABELS
    )


def _form_choices(form: BegrotingForm) -> None:
    wijken = list(
        db.session.scalars(sa.select(Wijk).where(Wijk.actief.is_(True)).order_by(Wijk.naam))
    )
    form.set_choices(sorted({w.stadsdeel for w in wijken}), wijken)


def _local(value: datetime) -> datetime:
    return value.astimezone(ZONE).replace(tzinfo=None)


@STAFF
def begroting_form(begroting_id: int | None = None) -> ResponseReturnValue:
    item = _begroting(begroting_id) if begroting_id else None
    form = BegrotingForm(obj=item)
    _form_choices(form)
    if request.method == "GET" and item is not None:
        for _fase, kolom in FASE_KOLOMMEN:
            getattr(form, kolom).data = _local(getattr(item, kolom))
        form.gebied.data = item.gebied.value
        form.stemwijze.data = item.stemwijze.value
        form.telmethode.data = item.telmethode.value
        form.wijken.data = [str(w.id) for w in item.wijken]
        form.stadsdeel.data = item.stadsdeel or ""
    if request.method == "GET":
        return render_template("begroten/beheer/begroting_form.html", form=form, item=item)
    errors: list[tuple[str | None, str]] = []
    if (
        item is not None
        and item.stemlijst_op is not None
        and form.budget.data not in (None, item.budget)
    ):
        errors.append(
            ("budget", _("Het budget kan niet meer veranderen: de stemlijst is al gepubliceerd."))
        )
    if form.validate_on_submit() and not errors:
        item = item or Begroting()
        item.titel = form.titel.data
        item.vraag = form.vraag.data
        item.budget = int(form.budget.data)
        item.gebied = Gebied(form.gebied.data)
        item.stadsdeel = form.stadsdeel.data if item.gebied == Gebied.STADSDEEL else None
        chosen = {i for i in (parse_id(str(v)) for v in form.wijken.data or []) if i}
        item.wijken = (
            list(db.session.scalars(sa.select(Wijk).where(Wijk.id.in_(chosen))))
            if item.gebied == Gebied.WIJKEN
            else []
        )
        item.stemwijze = Stemwijze(form.stemwijze.data)
        item.max_keuzes = (
            int(form.max_keuzes.data) if item.stemwijze == Stemwijze.MAXIMAAL else None
        )
        item.telmethode = Telmethode(form.telmethode.data)
        item.minimum_leeftijd = int(form.minimum_leeftijd.data)
        for _fase, kolom in FASE_KOLOMMEN:
            setattr(item, kolom, getattr(form, kolom).data.replace(tzinfo=ZONE))
        db.session.add(item)
        db.session.flush()
        record_audit(current_user, "begroting.opgeslagen", item)
        db.session.commit()
        flash(_("De begroting is opgeslagen."), "success")
        return redirect(url_for("begroten_beheer.begroting", begroting_id=item.id))
    return render_template(
        "begroten/beheer/begroting_form.html", form=form, item=item, extra_errors=errors
    ), 400


@STAFF
def begroting(begroting_id: int) -> ResponseReturnValue:
    item = _begroting(begroting_id)
    return _overview(item)


def _overview(item: Begroting, status: int = 200, **extra: Any) -> Any:
    return render_template(
        "begroten/beheer/begroting.html",
        item=item,
        fase_label=FASE_LABELS[item.fase_op()],
        plans=list(item.plannen),
        status_labels=PLAN_STATUS_LABELS,
        counts=ballots.counts(item.id),
        papier=paper_count("begroting", item.id),
        can_publish=permissions.can_publish_list(current_user, item),
        can_paper=permissions.can_enter_paper(current_user, item),
        can_count=permissions.can_count(current_user, item) and not item.is_geteld,
        paper_form=extra.pop("paper_form", None) or PapierForm(),
        ballot_plans=ballots.ballot_plans(item),
        chosen=extra.pop("chosen", set()),
        euro=ballots.euro,
        empty_form=EmptyForm(),
        **extra,
    ), status


@STAFF
def plan(begroting_id: int, plan_id: int) -> ResponseReturnValue:
    item = _begroting(begroting_id)
    target = _plan(item, plan_id)
    form = BeoordelingForm()
    others = [p for p in item.plannen if p.id != target.id and p.status != PlanStatus.SAMENGEVOEGD]
    form.samenvoegen_met.choices = [("", _("Kies een plan"))] + [
        (str(p.id), p.titel) for p in others
    ]
    progress = VoortgangForm(prefix="voortgang")
    errors: list[tuple[str | None, str]] = []
    status = 200
    if request.method == "GET":
        form.status.data = target.status.value if target.status != PlanStatus.INGEDIEND else None
        form.kosten.data = target.kosten or target.geschatte_kosten
        form.kosten_reden.data = target.kosten_reden or ""
        form.reden.data = target.reden or ""
    elif form.validate_on_submit():
        merge = None
        merge_id = parse_id(form.samenvoegen_met.data)
        if merge_id is not None:
            merge = db.session.get(Plan, merge_id)
        try:
            services.assess(
                current_user,
                target,
                PlanStatus(form.status.data),
                form.reden.data or "",
                kosten=form.kosten.data,
                kosten_reden=form.kosten_reden.data or "",
                merge_into=merge,
            )
        except services.BegrotenFout as error:
            db.session.rollback()
            errors.append((None, str(error)))
            status = 400
        else:
            db.session.commit()
            flash(_("Het besluit is opgeslagen en staat bij het plan."), "success")
            return redirect(
                url_for("begroten_beheer.plan", begroting_id=item.id, plan_id=target.id)
            )
    else:
        status = 400
    return render_template(
        "begroten/beheer/plan.html",
        item=item,
        plan=target,
        form=form,
        progress=progress,
        extra_errors=errors,
        can_assess=permissions.can_assess(current_user, item),
        can_progress=permissions.can_report_progress(current_user, target),
        history=services.history(target),
        history_labels=HISTORY_LABELS,
        euro=ballots.euro,
    ), status


@STAFF
def voortgang(begroting_id: int, plan_id: int) -> ResponseReturnValue:
    item = _begroting(begroting_id)
    target = _plan(item, plan_id)
    form = VoortgangForm(prefix="voortgang")
    errors: list[tuple[str | None, str]] = []
    if form.validate_on_submit():
        try:
            services.report_progress(
                current_user, target, Uitvoering(form.status.data), form.tekst.data
            )
        except services.BegrotenFout as error:
            db.session.rollback()
            errors.append((None, str(error)))
        else:
            db.session.commit()
            flash(_("De voortgang staat bij het plan. Wie het plan volgt, krijgt mail."), "success")
            return redirect(
                url_for("begroten_beheer.plan", begroting_id=item.id, plan_id=target.id)
            )
    beoordeling = BeoordelingForm(formdata=None)
    beoordeling.samenvoegen_met.choices = [("", _("Kies een plan"))]
    return render_template(
        "begroten/beheer/plan.html",
        item=item,
        plan=target,
        form=beoordeling,
        progress=form,
        extra_errors=errors,
        can_assess=permissions.can_assess(current_user, item),
        can_progress=permissions.can_report_progress(current_user, target),
        history=services.history(target),
        history_labels=HISTORY_LABELS,
        euro=ballots.euro,
    ), 400


@STAFF
def stemlijst(begroting_id: int) -> ResponseReturnValue:
    item = _begroting(begroting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        n = services.publish_list(current_user, item)
    except services.BegrotenFout as error:
        db.session.rollback()
        return _overview(item, 400, extra_errors=[(None, str(error))])
    db.session.commit()
    flash(_("De stemlijst staat op de site met %(n)s plannen.", n=n), "success")
    return redirect(url_for("begroten_beheer.begroting", begroting_id=item.id))


@STAFF
def papier(begroting_id: int) -> ResponseReturnValue:
    """Enter a numbered paper ballot: the plans ticked on paper and the form's number."""
    item = _begroting(begroting_id)
    form = PapierForm()
    errors: list[tuple[str | None, str]] = []
    chosen: set[int] = set()
    if not permissions.can_enter_paper(current_user, item):
        errors.append((None, _("Papieren stembiljetten kunnen nu niet worden ingevoerd.")))
    else:
        try:
            ids = ballots.parse_choice(request.form.getlist("plan"))
            chosen = set(ids)
            keuze = ballots.check_choice(item, ids)
        except ballots.StemFout as error:
            errors.append(("plannen", str(error)))
            keuze = None
        if form.validate_on_submit() and keuze is not None and not errors:
            try:
                ballots.cast_paper(item, current_user, int(form.nummer.data), keuze)
            except PaperNumberTaken as error:
                db.session.rollback()
                form.nummer.errors = [str(error)]
            else:
                db.session.commit()
                flash(_("Papieren stembiljet %(n)s is ingevoerd.", n=form.nummer.data), "success")
                return redirect(
                    url_for("begroten_beheer.begroting", begroting_id=item.id) + "#papier"
                )
    return _overview(item, 400, paper_form=form, chosen=chosen, extra_errors=errors)


@STAFF
def tellen(begroting_id: int) -> ResponseReturnValue:
    """Count now (after the close), in a background job; the page shows when it is done."""
    item = _begroting(begroting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not permissions.can_count(current_user, item) or item.is_geteld:
        return _overview(
            item,
            400,
            extra_errors=[
                (None, _("Tellen kan pas als het stemmen is gesloten, en maar één keer."))
            ],
        )
    jobs.schedule_count(item)
    record_audit(current_user, "begroting.tellen_gevraagd", item)
    db.session.commit()
    flash(_("Het tellen is gestart. Over een paar minuten staat de uitslag op de site."), "success")
    return redirect(url_for("begroten_beheer.begroting", begroting_id=item.id))
