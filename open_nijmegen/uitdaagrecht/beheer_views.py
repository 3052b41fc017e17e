"""Officer pages ``/beheer/uitdaagrecht``: the case list, a case with its allowed steps as forms,
the criteria checklist and the public summary. Staff with the uitdaagrecht work area only."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.accounts.models import User, WorkArea
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import PURPOSES
from open_nijmegen.privacy.services import log_verwerking
from open_nijmegen.uitdaagrecht import forms, queries, services, settings
from open_nijmegen.uitdaagrecht.models import OORDEEL_LABELS, RECHTSVORM_LABELS, Uitdaging
from open_nijmegen.uitdaagrecht.termijnen import STANDAARD_KALENDER, TermijnFout
from open_nijmegen.uitdaagrecht.workflow import (
    BEZWAAR_START_TRANSITIONS,
    BEZWAAR_TRANSITIONS,
    TRANSITIONS,
    Actor,
    Status,
    Transition,
    TransitionNotAllowed,
    Veld,
    allowed_bezwaar_starts,
    allowed_bezwaar_transitions,
    allowed_transitions,
    get_bezwaar_start,
    get_bezwaar_transition,
    get_transition,
)

AREA = WorkArea.UITDAAGRECHT
SCOPES = ("zaak", "bezwaar_start", "bezwaar")


@staff_required(AREA)
def index() -> ResponseReturnValue:
    form = forms.FilterForm(request.args)
    form.status.choices = forms.choices(
        [("", _("Alle statussen"))] + [(s.value, _(s.label)) for s in Status if s != Status.CONCEPT]
    )
    form.validate()
    status = Status(form.status.data) if form.status.data in {s.value for s in Status} else None
    only_open = (form.open.data or "open") == "open"
    op = services.vandaag()
    rows = queries.case_rows(op, status, only_open)
    termijn = form.termijn.data or ""
    if termijn == "te_laat":
        rows = [r for r in rows if r.is_overdue]
    elif termijn == "binnen_14":
        rows = [
            r for r in rows if r.days_left is not None and not r.is_paused and r.days_left <= 14
        ]
    elif termijn == "stil":
        rows = [r for r in rows if r.is_paused]
    return render_template("uitdaagrecht/beheer/index.html", rows=rows, form=form, vandaag=op)


def _load_case(referentie: str) -> Uitdaging:
    uitdaging = queries.by_referentie(referentie)
    if uitdaging is None or uitdaging.status == Status.CONCEPT:
        abort(404)
    return uitdaging


def _date_defaults(
    uitdaging: Uitdaging, scope: str, t: Transition[Any, Any], op: date
) -> dict[str, Any]:
    termijnen = services.termijnen_voor(uitdaging)
    data: dict[str, Any] = {}
    for veld in t.verplicht:
        if veld in (Veld.ONTVANGEN_OP, Veld.VERZONDEN_OP):
            data[veld.value] = op
        elif veld == Veld.AANVULLEN_VOOR:
            dagen = (
                termijnen.bezwaar_hersteltermijn_dagen
                if scope == "bezwaar"
                else termijnen.aanvullingstermijn_dagen
            )
            data[veld.value] = STANDAARD_KALENDER.termijn_einde(op, dagen)
        elif veld == Veld.NIEUWE_BESLISDATUM:
            bezwaar = services.lopend_bezwaar(uitdaging)
            clock = (
                services.bezwaar_clock(uitdaging, bezwaar)
                if scope == "bezwaar" and bezwaar is not None
                else services.clock_voor(uitdaging)
            )
            try:
                data[veld.value] = clock.verdaag(op).deadline(op)
            except TermijnFout:
                data[veld.value] = None
        elif veld == Veld.RECHTSMIDDELEN:
            data[veld.value] = settings.rechtsmiddelen_tekst()
    return data


def _prefix(scope: str, t: Transition[Any, Any]) -> str:
    return f"{scope}-{t.actie.value}"


def _actions(
    uitdaging: Uitdaging, op: date, posted: tuple[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The steps an officer may take now, each with its form; and the steps that wait for a
    condition, with the B1 reason."""
    feiten = services.feiten_voor(uitdaging, op)
    rows: list[tuple[str, Transition[Any, Any]]] = [
        ("zaak", t) for t in allowed_transitions(uitdaging.status, Actor.OFFICER, feiten)
    ]
    waiting: list[tuple[str, str]] = [
        (_(t.knop), _(t.voorwaarde.melding))
        for t in TRANSITIONS
        if t.van == uitdaging.status
        and t.actor == Actor.OFFICER
        and t.voorwaarde is not None
        and not feiten.voldoet_aan(t.voorwaarde)
    ]
    bezwaar = services.lopend_bezwaar(uitdaging)
    if bezwaar is None:
        rows += [
            ("bezwaar_start", t)
            for t in allowed_bezwaar_starts(uitdaging.status, Actor.OFFICER, feiten)
        ]
    else:
        bfeiten = services.bezwaar_feiten(uitdaging, bezwaar, op)
        rows += [
            ("bezwaar", t)
            for t in allowed_bezwaar_transitions(bezwaar.status, Actor.OFFICER, bfeiten)
        ]
        waiting += [
            (_(t.knop), _(t.voorwaarde.melding))
            for t in BEZWAAR_TRANSITIONS
            if t.van == bezwaar.status
            and t.actor == Actor.OFFICER
            and t.voorwaarde is not None
            and not bfeiten.voldoet_aan(t.voorwaarde)
        ]
    actions = []
    for scope, t in rows:
        prefix = _prefix(scope, t)
        if posted is not None and posted[0] == prefix:
            form = posted[1]
        else:
            form = forms.transition_form(
                prefix, t.verplicht, data=_date_defaults(uitdaging, scope, t, op), formdata=None
            )
        actions.append(
            {
                "scope": scope,
                "t": t,
                "form": form,
                "prefix": prefix,
                "has_fields": any(f.type not in ("CSRFTokenField",) for f in form),
                "needs_criteria": Veld.CRITERIA in t.verplicht,
                "url": url_for(
                    "uitdaagrecht_beheer.stap",
                    referentie=uitdaging.referentie,
                    scope=scope,
                    actie=t.actie.value,
                ),
            }
        )
    return actions, waiting


def _checklist_prefill(uitdaging: Uitdaging) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for b in uitdaging.beoordelingen:
        data[f"oordeel_{b.criterium}"] = b.oordeel.value if b.oordeel else None
        data[f"toelichting_{b.criterium}"] = b.toelichting
    return data


def _render_case(
    uitdaging: Uitdaging,
    doel: str,
    posted: tuple[str, Any] | None = None,
    checklist: Any = None,
    publiek: Any = None,
    status: int = 200,
) -> Any:
    op = services.vandaag()
    # Every look at the challenger's personal data is logged, with its purpose.
    log_verwerking(current_user, "uitdaging", uitdaging.id, doel, uitdaging.uitdager_id)
    db.session.commit()
    history = services.history(uitdaging)
    actor_ids = {h.actor_id for h in history if h.actor_id}
    actors = (
        {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(actor_ids)))}
        if actor_ids
        else {}
    )
    actions, waiting = _actions(uitdaging, op, posted)
    return (
        render_template(
            "uitdaagrecht/beheer/zaak.html",
            uitdaging=uitdaging,
            doel=doel,
            stand=services.termijnstand(uitdaging, op),
            history=history,
            actors=actors,
            bijlagen=services.bijlagen(uitdaging),
            actions=actions,
            waiting=waiting,
            checklist=checklist
            or forms.beoordeling_form(services.criteria(), _checklist_prefill(uitdaging)),
            criteria=services.criteria(),
            publiek=publiek
            or forms.PubliekForm(
                formdata=None, data={"publieke_samenvatting": uitdaging.publieke_samenvatting}
            ),
            lopend_bezwaar=services.lopend_bezwaar(uitdaging),
            oordeel_labels=OORDEEL_LABELS,
            rechtsvormen=RECHTSVORM_LABELS,
            stappen=forms.STAPPEN,
            vandaag=op,
            purposes=PURPOSES,
        ),
        status,
    )


@staff_required(AREA)
def zaak(referentie: str) -> ResponseReturnValue:
    uitdaging = _load_case(referentie)
    purpose = forms.PurposeForm(request.args)
    if not (request.args and purpose.validate()):  # a first visit: the question, no error
        # Personal data is shown only after the officer says why; every look is logged.
        return render_template("uitdaagrecht/beheer/doel.html", uitdaging=uitdaging, form=purpose)
    return _render_case(uitdaging, purpose.doel.data)


def _case_url(uitdaging: Uitdaging) -> str:
    return url_for("uitdaagrecht_beheer.zaak", referentie=uitdaging.referentie, doel="behandeling")


def _table_row(scope: str, actie: str) -> Transition[Any, Any] | None:
    """Any officer row of the table with this step (to know its fields), or None."""
    table: tuple[Transition[Any, Any], ...] = {
        "zaak": TRANSITIONS,
        "bezwaar_start": BEZWAAR_START_TRANSITIONS,
        "bezwaar": BEZWAAR_TRANSITIONS,
    }[scope]
    return next((t for t in table if t.actie == actie and t.actor == Actor.OFFICER), None)


@staff_required(AREA)
def stap(referentie: str, scope: str, actie: str) -> ResponseReturnValue:
    uitdaging = _load_case(referentie)
    if scope not in SCOPES:
        abort(404)
    row = _table_row(scope, actie)
    if row is None:
        abort(404)
    op = services.vandaag()
    # First ask the table: a step that is not allowed now gets a B1 message, not a form error.
    try:
        if scope == "zaak":
            t: Transition[Any, Any] = get_transition(
                uitdaging.status, actie, Actor.OFFICER, services.feiten_voor(uitdaging, op)
            )
        elif scope == "bezwaar_start":
            if services.lopend_bezwaar(uitdaging) is not None:
                raise TransitionNotAllowed(
                    _("Er loopt al een bezwaar tegen dit besluit."),
                    van=uitdaging.status,
                    actie=actie,
                    actor=Actor.OFFICER,
                )
            t = get_bezwaar_start(
                uitdaging.status, actie, Actor.OFFICER, services.feiten_voor(uitdaging, op)
            )
        else:
            bezwaar = services.lopend_bezwaar(uitdaging)
            if bezwaar is None:
                raise TransitionNotAllowed(
                    _("Er loopt geen bezwaar."),
                    van=uitdaging.status,
                    actie=actie,
                    actor=Actor.OFFICER,
                )
            t = get_bezwaar_transition(
                bezwaar.status,
                actie,
                Actor.OFFICER,
                services.bezwaar_feiten(uitdaging, bezwaar, op),
            )
    except TransitionNotAllowed as error:
        flash(_(str(error)), "error")
        return redirect(_case_url(uitdaging), 303)
    prefix = _prefix(scope, t)
    form = forms.transition_form(prefix, t.verplicht)
    if not form.validate_on_submit():
        return _render_case(uitdaging, "behandeling", posted=(prefix, form), status=422)
    velden = {k: v for k, v in form.data.items() if k != "csrf_token"}
    try:
        if scope == "zaak":
            services.take_step(current_user, uitdaging, actie, Actor.OFFICER, velden, op)
        elif scope == "bezwaar_start":
            services.start_bezwaar(current_user, uitdaging, actie, Actor.OFFICER, velden, op)
        else:
            services.take_bezwaar_step(current_user, uitdaging, actie, Actor.OFFICER, velden, op)
    except TransitionNotAllowed as error:
        db.session.rollback()
        flash(_(str(error)), "error")
        return redirect(_case_url(uitdaging), 303)
    except services.StapFout as error:
        db.session.rollback()
        for name, message in error.fouten.items():
            if name is not None and name in form:
                form[name].errors = [message]
            else:
                form.form_errors.append(message)
        return _render_case(uitdaging, "behandeling", posted=(prefix, form), status=422)
    db.session.commit()
    flash(
        _("De stap ‘%(knop)s’ is gezet. De uitdager krijgt een e-mail.", knop=_(t.knop)), "success"
    )
    return redirect(_case_url(uitdaging), 303)


@staff_required(AREA)
def beoordeling(referentie: str) -> ResponseReturnValue:
    uitdaging = _load_case(referentie)
    criteria = services.criteria()
    form = forms.beoordeling_form(criteria)
    if not form.validate_on_submit():
        return _render_case(uitdaging, "behandeling", checklist=form, status=422)
    values = {
        code: (
            forms.oordeel_waarde(form[f"oordeel_{code}"].data),
            form[f"toelichting_{code}"].data or "",
        )
        for code in criteria
    }
    services.save_beoordeling(current_user, uitdaging, values)
    db.session.commit()
    flash(_("De beoordeling is opgeslagen."), "success")
    return redirect(_case_url(uitdaging) + "#beoordeling", 303)


@staff_required(AREA)
def publiek(referentie: str) -> ResponseReturnValue:
    uitdaging = _load_case(referentie)
    form = forms.PubliekForm()
    if not form.validate_on_submit():
        return _render_case(uitdaging, "behandeling", publiek=form, status=422)
    services.save_publiek(current_user, uitdaging, form.publieke_samenvatting.data)
    db.session.commit()
    flash(_("De samenvatting voor het register is opgeslagen."), "success")
    return redirect(_case_url(uitdaging) + "#register", 303)


def dashboard_context(user: Any) -> dict[str, Any]:
    op = services.vandaag()
    rows = queries.case_rows(op)
    return {
        "overdue": [r for r in rows if r.is_overdue],
        "due": [
            r
            for r in rows
            if not r.is_overdue
            and r.days_left is not None
            and not r.is_paused
            and r.days_left <= 14
        ],
        "open_count": len(rows),
        "top": rows[:5],
    }
