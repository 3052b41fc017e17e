"""Public pages: begrotingen, plans, voting, the result and its .pb file."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.begroten import ballots, permissions, services
from open_nijmegen.begroten.counting import (
    GEEN_STEMMEN,
    GEKOZEN_AANVULLING,
    GEKOZEN_GELIJKE_DELEN,
    PAST_NIET,
    TE_DUUR_VOOR_KIEZERS,
)
from open_nijmegen.begroten.forms import PlanForm, StemForm
from open_nijmegen.begroten.models import (
    HISTORY_LABELS,
    STEMWIJZE_LABELS,
    TELMETHODE_LABELS,
    Begroting,
    Plan,
    PlanStatus,
    Stemwijze,
)
from open_nijmegen.begroten.phases import FASE_LABELS
from open_nijmegen.core.interactions.forms import ReactionForm
from open_nijmegen.core.interactions.services import ReactionTree, is_following
from open_nijmegen.core.permissions import confirmed_required, public
from open_nijmegen.core.ratelimits import POST_LIMIT, user_key
from open_nijmegen.core.uploads import take_form_upload
from open_nijmegen.extensions import db, limiter
from open_nijmegen.taal.web import handle_taal_check

VOTE_LIMIT = "30 per minute;300 per day"


def _begroting(begroting_id: int) -> Begroting:
    begroting = db.session.get(Begroting, begroting_id)
    if begroting is None:
        abort(404)
    return begroting


def _plan(begroting_id: int, plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.begroting_id != begroting_id:
        abort(404)
    return plan


def _common(begroting: Begroting) -> dict[str, Any]:
    fase = begroting.fase_op()
    return {
        "begroting": begroting,
        "fase": fase,
        "fase_label": FASE_LABELS[fase],
        "stemwijze_label": STEMWIJZE_LABELS[begroting.stemwijze],
        "telmethode_label": TELMETHODE_LABELS[begroting.telmethode],
        "euro": ballots.euro,
    }


@public
def index() -> ResponseReturnValue:
    begrotingen = list(
        db.session.scalars(sa.select(Begroting).order_by(Begroting.stemmen_vanaf.desc()))
    )
    return render_template(
        "begroten/index.html",
        begrotingen=begrotingen,
        fase_labels=FASE_LABELS,
        euro=ballots.euro,
    )


@public
def short(begroting_id: int) -> ResponseReturnValue:
    return redirect(_begroting(begroting_id).object_url(), 301)


@public
def detail(begroting_id: int, slug: str) -> ResponseReturnValue:
    begroting = _begroting(begroting_id)
    if slug != begroting.slug:
        return redirect(begroting.object_url(), 301)
    plans = list(begroting.plannen)
    return render_template(
        "begroten/detail.html",
        plans=plans,
        wijken=services.eligible_wijken(begroting),
        on_list=[p for p in plans if p.status == PlanStatus.HAALBAAR],
        can_submit=permissions.can_submit(current_user, begroting),
        can_vote=permissions.can_vote(current_user, begroting),
        voting_open=permissions.voting_open(begroting),
        has_voted=ballots.has_voted(begroting, current_user),
        is_staff=permissions.is_begroten_staff(current_user),
        counts=ballots.counts(begroting.id) if begroting.is_geteld else None,
        **_common(begroting),
    )


@public
def plan(begroting_id: int, plan_id: int, slug: str) -> ResponseReturnValue:
    item = _plan(begroting_id, plan_id)
    if slug != item.slug:
        return redirect(item.object_url(), 301)
    begroting = item.begroting
    result = (begroting.uitslag or {}).get("per_plan", {}).get(str(item.id))
    return render_template(
        "begroten/plan.html",
        plan=item,
        history=services.history(item),
        history_labels=HISTORY_LABELS,
        result=result,
        reden=_reason(result) if result else None,
        tree=ReactionTree("plan", item.id),
        reaction_form=ReactionForm(),
        can_react=permissions.can_react(current_user, item),
        can_follow=permissions.can_follow(current_user, item),
        following=is_following(current_user, item),
        is_staff=permissions.is_begroten_staff(current_user),
        **_common(begroting),
    )


@confirmed_required
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def nieuw(begroting_id: int) -> ResponseReturnValue:
    begroting = _begroting(begroting_id)
    if not permissions.can_submit(current_user, begroting):
        flash(_("Bij deze begroting kunt u nu geen plan insturen."), "warning")
        return redirect(begroting.object_url())
    form = PlanForm()
    form.set_choices(services.eligible_wijken(begroting))
    if request.method == "GET":
        return render_template(
            "begroten/plan_form.html", form=form, upload=None, **_common(begroting)
        )
    if handle_taal_check(form):
        upload = take_form_upload(form, current_user)
        db.session.commit()
        return render_template(
            "begroten/plan_form.html", form=form, upload=upload, **_common(begroting)
        )
    valid = form.validate_on_submit()
    upload = take_form_upload(form, current_user)
    errors: list[tuple[str | None, str]] = []
    if valid and not form.foto.errors:
        data = services.PlanData(
            titel=form.titel.data,
            tekst=form.tekst.data,
            wijk_id=int(form.wijk_id.data),
            geschatte_kosten=int(form.geschatte_kosten.data),
            adres=form.adres.data or None,
            lat=form.lat.data if isinstance(form.lat.data, float) else None,
            lon=form.lon.data if isinstance(form.lon.data, float) else None,
        )
        try:
            item = services.submit_plan(current_user, begroting, data, upload)
        except services.BegrotenFout as error:
            errors.append((None, str(error)))
        else:
            db.session.commit()
            flash(_("Bedankt! Uw plan is ingestuurd. De gemeente bekijkt of het kan."), "success")
            return redirect(item.object_url())
    db.session.commit()  # keep a stored photo for the next try
    return render_template(
        "begroten/plan_form.html",
        form=form,
        upload=upload,
        extra_errors=errors,
        **_common(begroting),
    ), 400


def _vote_page(
    begroting: Begroting,
    form: StemForm,
    chosen: list[int],
    has_voted: bool | None = None,
    **extra: Any,
) -> str:
    plans = ballots.ballot_plans(begroting)
    chosen_set = set(chosen)
    total = sum(int(p.kosten or 0) for p in plans if p.id in chosen_set)
    return render_template(
        "begroten/stemmen.html",
        form=form,
        plans=plans,
        chosen=chosen_set,
        total=total,
        left=begroting.budget - total,
        knapsack=begroting.stemwijze == Stemwijze.BUDGET,
        has_voted=ballots.has_voted(begroting, current_user) if has_voted is None else has_voted,
        **extra,
        **_common(begroting),
    )


@confirmed_required
@limiter.limit(VOTE_LIMIT, key_func=user_key, methods=["POST"])
def stemmen(begroting_id: int) -> ResponseReturnValue:
    begroting = _begroting(begroting_id)
    if not permissions.can_vote(current_user, begroting):
        if request.method == "POST":
            return render_template("begroten/niet_stemmen.html", **_common(begroting)), 400
        flash(_("Stemmen kan nu niet bij deze begroting."), "warning")
        return redirect(begroting.object_url())
    form = StemForm()
    eligible = services.eligible_wijken(begroting)
    form.set_choices(eligible, begroting.minimum_leeftijd)
    wijk_check = services.wijk_from_login(current_user, eligible)
    if wijk_check.from_login:
        form.wijk_id.data = str(wijk_check.wijk.id) if wijk_check.wijk is not None else ""
    if request.method == "GET":
        voted, own = ballots.voter_state(begroting, current_user)
        return _vote_page(begroting, form, own, has_voted=voted, wijk_check=wijk_check)
    raw = request.form.getlist("plan")
    errors: list[tuple[str | None, str]] = []
    if wijk_check.refusal:
        errors.append(("wijk_id", wijk_check.refusal))
    try:
        ids = ballots.parse_choice(raw)
    except ballots.StemFout as error:
        ids = []
        errors.append(("plannen", str(error)))
    kept = [i for i in ids if i in {p.id for p in ballots.ballot_plans(begroting)}]
    if request.form.get("actie") == "bereken":  # no JavaScript: show the total, save nothing
        form.validate()
        form.wijk_id.errors = []
        form.leeftijd.errors = []
        return _vote_page(
            begroting, form, kept, berekend=True, extra_errors=errors, wijk_check=wijk_check
        )
    valid = form.validate_on_submit()
    if wijk_check.refusal:
        form.wijk_id.errors = []  # the one message is in ``errors``
    keuze = None
    if not errors:
        try:
            keuze = ballots.check_choice(begroting, ids)
        except ballots.StemFout as error:
            errors.append(("plannen", str(error)))
    if valid and keuze is not None and not errors:
        try:
            first = ballots.cast(begroting, current_user, keuze)
        except ballots.StemFout as error:
            db.session.rollback()
            errors.append((None, str(error)))
        else:
            db.session.commit()
            flash(
                _("Bedankt! Uw stem is opgeslagen. Tot de stemming sluit kunt u hem nog aanpassen.")
                if first
                else _("Uw stem is aangepast. Alleen uw nieuwe keuze telt."),
                "success",
            )
            return redirect(url_for("begroten.gestemd", begroting_id=begroting.id))
    return _vote_page(begroting, form, kept, extra_errors=errors, wijk_check=wijk_check), 400


@confirmed_required
def gestemd(begroting_id: int) -> ResponseReturnValue:
    begroting = _begroting(begroting_id)
    chosen = set(ballots.own_ballot(begroting, current_user))
    plans = [p for p in ballots.ballot_plans(begroting) if p.id in chosen]
    return render_template(
        "begroten/gestemd.html",
        plans=plans,
        total=sum(int(p.kosten or 0) for p in plans),
        can_vote=permissions.can_vote(current_user, begroting),
        **_common(begroting),
    )


def _reason(row: dict[str, Any]) -> str:
    """Why a plan won or not, in B1."""
    code = row.get("reden")
    if code == GEKOZEN_GELIJKE_DELEN:
        return _(
            "Gekozen met het geld van %(n)s kiezers. Zij betaalden het samen van hun deel.",
            n=row.get("betalers", 0),
        )
    if code == GEKOZEN_AANVULLING:
        return _(
            "Gekozen met het geld dat aan het eind over was. Van de plannen die nog pasten, "
            "had dit de meeste stemmen."
        )
    if code == GEEN_STEMMEN:
        return _("Niet gekozen: niemand stemde op dit plan.")
    if code == PAST_NIET:
        return _("Niet gekozen: het paste niet meer in het geld dat over was.")
    if code == TE_DUUR_VOOR_KIEZERS:
        return _(
            "Niet gekozen: te duur voor de kiezers die dit wilden. Zij hadden samen nog "
            "€ %(over)s over. Het plan kost € %(kosten)s.",
            over=ballots.euro(row.get("geld_over", 0)),
            kosten=ballots.euro(row.get("kosten", 0)),
        )
    return ""


@public
def uitslag(begroting_id: int) -> ResponseReturnValue:
    begroting = _begroting(begroting_id)
    if not begroting.is_geteld:
        return render_template("begroten/uitslag_nog_niet.html", **_common(begroting))
    result = begroting.uitslag or {}
    plans = {p.id: p for p in begroting.plannen}
    rows = []
    for key, row in result.get("per_plan", {}).items():
        item = plans.get(int(key))
        if item is not None:
            rows.append((item, row, _reason(row)))
    rows.sort(key=lambda r: (not r[1]["gekozen"], -r[1]["stemmen"], r[0].id))
    winners = set(result.get("winnaars", []))
    greedy = set(result.get("greedy", []))
    return render_template(
        "begroten/uitslag.html",
        result=result,
        rows=rows,
        only_mes=[plans[i] for i in sorted(winners - greedy) if i in plans],
        only_greedy=[plans[i] for i in sorted(greedy - winners) if i in plans],
        **_common(begroting),
    )


@public
def pb_bestand(begroting_id: int) -> ResponseReturnValue:
    begroting = _begroting(begroting_id)
    if not begroting.is_geteld or not begroting.pb_bestand:
        abort(404)
    return Response(
        begroting.pb_bestand,
        mimetype="text/plain",
        headers={
            "Content-Disposition": f'attachment; filename="begroting-{begroting.id}.pb"',
            "X-Content-Type-Options": "nosniff",
        },
    )
