from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from open_nijmegen.accounts import services as account_services
from open_nijmegen.accounts.models import LoginEvent, Role, User
from open_nijmegen.beheer.forms import ModerationForm, PurposeForm, RoleForm, SearchForm
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.models import AuditLog, Reaction
from open_nijmegen.core.objects import load_object, work_area_of
from open_nijmegen.core.permissions import beheerder_required, staff_required
from open_nijmegen.core.registry import registry
from open_nijmegen.core.settings import get_setting, set_setting, specs
from open_nijmegen.extensions import db
from open_nijmegen.moderation.models import REPORT_REASONS, Hideable, Report
from open_nijmegen.notifications.services import queue_mail
from open_nijmegen.privacy.services import log_verwerking

if TYPE_CHECKING:
    from open_nijmegen.core.charts import BarChart
    from open_nijmegen.core.resultaten import Blok, Cijfer, Periode

PAGE_SIZE = 50
HIDDEN_SHOWN = 50  # the most recently hidden reactions, on the reports page


def may_moderate(user: Any, target: Any) -> bool:
    """Officers moderate what belongs to their work area (a reaction: that of the object it
    is on); what belongs to no area, only a beheerder."""
    area = work_area_of(target)
    return bool(user.is_beheerder if area is None else user.has_work_area(area))


def _open_report_items() -> list[tuple[Any, list[Report]]]:
    """Reported objects with their open reports, oldest first: those this officer moderates."""
    rows = db.session.scalars(
        sa.select(Report).where(Report.resolved_at.is_(None)).order_by(Report.created_at).limit(500)
    ).all()
    grouped: dict[tuple[str, int], list[Report]] = {}
    for report in rows:
        grouped.setdefault((report.object_type, report.object_id), []).append(report)
    items = []
    for (object_type, object_id), reports in grouped.items():
        target = load_object(object_type, object_id)
        if target is not None and may_moderate(current_user, target):
            items.append((target, reports))
    return items


@staff_required()
def dashboard() -> ResponseReturnValue:
    panels = []
    for panel in registry.dashboard_panels:
        if panel.beheerder_only and not current_user.is_beheerder:
            continue
        if panel.area is None or current_user.has_work_area(panel.area):
            panels.append((panel, panel.context(current_user)))
    open_reports = len(_open_report_items())
    return render_template("beheer/dashboard.html", panels=panels, open_reports=open_reports)


@staff_required()
def meldingen() -> ResponseReturnValue:
    items = _open_report_items()
    hidden = [
        reaction
        for reaction in db.session.scalars(
            sa.select(Reaction)
            .where(Reaction.hidden_at.is_not(None), Reaction.deleted_at.is_(None))
            .order_by(Reaction.hidden_at.desc(), Reaction.id.desc())
            .limit(HIDDEN_SHOWN)
        )
        if may_moderate(current_user, reaction)
    ]
    return render_template(
        "beheer/meldingen.html",
        items=items,
        hidden=hidden,
        reasons=REPORT_REASONS,
        form=ModerationForm(),
    )


@staff_required()
def reactie_tonen(reaction_id: int) -> ResponseReturnValue:
    """Show a hidden reaction again (hidden by mistake, or after an objection)."""
    reaction = db.session.get(Reaction, reaction_id)
    if (
        reaction is None
        or reaction.hidden_at is None
        or reaction.deleted_at is not None
        or not may_moderate(current_user, reaction)
    ):
        abort(404)
    reaction.show_again()  # the target's counter follows
    record_audit(current_user, "moderation.weer_tonen", reaction)
    if reaction.author is not None and reaction.author.erased_at is None:
        queue_mail(
            reaction.author,
            "moderation/weer_zichtbaar",
            _l("Uw reactie is weer te zien"),
            target=reaction,
        )
    db.session.commit()
    flash(_("De reactie is weer te zien."), "success")
    return redirect(url_for("beheer.meldingen"))


@staff_required()
def melding_afhandelen(object_type: str, object_id: int) -> ResponseReturnValue:
    target = load_object(object_type, object_id)
    if target is None or not may_moderate(current_user, target):
        abort(404)
    form = ModerationForm()
    if not form.validate_on_submit():
        flash(_("Kies wat u met de meldingen doet."), "error")
        return redirect(url_for("beheer.meldingen"))
    now = utcnow()
    hide = form.besluit.data == "verbergen"
    if hide:
        if not isinstance(target, Hideable):
            abort(400)
        reason = (form.reden.data or "").strip()
        target.hide(current_user.id, reason, now)
        author = getattr(target, "author", None)
        if author is not None:
            queue_mail(
                author,
                "moderation/verborgen",
                _l("Uw bijdrage is verborgen"),
                target=target,
                reason=reason,
            )
    reports = db.session.scalars(
        sa.select(Report).where(
            Report.object_type == object_type,
            Report.object_id == object_id,
            Report.resolved_at.is_(None),
        )
    ).all()
    for report in reports:
        report.resolved_at = now
        report.resolved_by_id = current_user.id
        report.outcome = form.besluit.data
    record_audit(current_user, f"moderation.{form.besluit.data}", target, reports=len(reports))
    db.session.commit()
    flash(_("De melding is afgehandeld."), "success")
    return redirect(url_for("beheer.meldingen"))


@beheerder_required
def gebruikers() -> ResponseReturnValue:
    form = SearchForm(request.args)
    stmt = sa.select(User).where(User.is_placeholder.is_(False)).order_by(User.id)
    if form.validate() and form.q.data:
        from open_nijmegen.accounts.models import display_name_key

        # autoescape: %, _ and the escape character itself are literal (a lone "\" in a
        # LIKE pattern is an error on PostgreSQL).
        stmt = stmt.where(
            User.display_name_key.contains(display_name_key(form.q.data), autoescape=True)
        )
    users = db.session.scalars(stmt.limit(PAGE_SIZE)).all()
    return render_template("beheer/gebruikers.html", users=users, form=form)


@beheerder_required
def gebruiker(user_id: int) -> ResponseReturnValue:
    user = db.session.get(User, user_id)
    if user is None or user.is_placeholder:
        abort(404)
    purpose_form = PurposeForm(request.args)
    # Validated only once sent: a first visit shows the question, not an error.
    if request.method == "GET" and not (request.args and purpose_form.validate()):
        # Personal data is shown only after the officer says why; every look is logged.
        return render_template("beheer/gebruiker_doel.html", user=user, form=purpose_form)
    role_form = RoleForm(obj=user)
    if request.method == "GET":
        role_form.role.data = user.role.value
        role_form.areas.data = [a.area.value for a in user.work_areas]
    if request.method == "POST" and role_form.validate_on_submit():
        if user.id == current_user.id and role_form.role.data != Role.BEHEERDER.value:
            flash(_("U kunt uw eigen rol als beheerder niet weghalen."), "error")
        else:
            account_services.set_role(
                current_user, user, Role(role_form.role.data), role_form.areas.data or []
            )
            db.session.commit()
            flash(_("De rol is veranderd."), "success")
        return redirect(url_for("beheer.gebruiker", user_id=user.id, doel="ondersteuning"))
    log_verwerking(
        current_user, "gebruiker", user.id, purpose_form.doel.data or "ondersteuning", user.id
    )
    db.session.commit()
    logins = db.session.scalars(
        sa.select(LoginEvent)
        .where(LoginEvent.user_id == user.id)
        .order_by(LoginEvent.id.desc())
        .limit(10)
    ).all()
    from open_nijmegen.core.refusals import failed_logins_of

    return render_template(
        "beheer/gebruiker.html",
        user=user,
        role_form=role_form,
        logins=logins,
        failed_logins=failed_logins_of(user),
    )


@beheerder_required
def instellingen() -> ResponseReturnValue:
    all_specs = sorted(specs().values(), key=lambda s: (s.area, s.key))
    in_force: dict[str, Any] = {s.key: get_setting(s.key) for s in all_specs}
    values = dict(in_force)
    errors: dict[str, str] = {}
    if request.method == "POST":
        from flask_wtf.csrf import validate_csrf
        from wtforms import ValidationError

        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            abort(400)
        submitted: dict[str, Any] = {}
        for spec in all_specs:
            raw = (
                request.form.get(spec.key, "")
                if spec.kind is not bool
                else request.form.get(spec.key)
            )
            if spec.kind is bool:
                submitted[spec.key] = raw is not None
                continue
            try:
                submitted[spec.key] = spec.parse(raw)
            except ValueError as error:
                errors[spec.key] = str(error)
                submitted[spec.key] = raw
        values.update(submitted)
        if not errors:
            # Only what the officer changed: storing an unchanged value would freeze a default
            # (an environment's default, or a later release's) as if someone had chosen it.
            for key, value in submitted.items():
                if value != in_force[key]:
                    set_setting(current_user, key, value)
            db.session.commit()
            flash(_("De instellingen zijn opgeslagen."), "success")
            return redirect(url_for("beheer.instellingen"))
    return render_template(
        "beheer/instellingen.html", specs=all_specs, values=values, errors=errors
    )


@staff_required()
def logboek() -> ResponseReturnValue:
    before = request.args.get("voor", type=parse_id)
    stmt = sa.select(AuditLog).order_by(AuditLog.id.desc()).limit(PAGE_SIZE)
    if before:
        stmt = stmt.where(AuditLog.id < before)
    entries = db.session.scalars(stmt).all()
    return render_template("beheer/logboek.html", entries=entries, page_size=PAGE_SIZE)


REFUSALS_SHOWN = 100


@beheerder_required
def weigeringen() -> ResponseReturnValue:
    """What the site refused lately (403s, failed logins, ...) and the accounts with the most
    failed logins in the last day. Beheerder only; each account shown is in the processing log."""
    from open_nijmegen.core import refusals

    before = request.args.get("voor", type=parse_id)
    events = refusals.recent_events(REFUSALS_SHOWN, before)
    accounts = refusals.failed_logins_per_account(hours=24)
    seen = {user.id for user, _n in accounts}
    seen |= {e.user_id for e in events if e.user_id} | {
        e.account_id for e in events if e.account_id
    }
    for user_id in sorted(seen):
        log_verwerking(current_user, "weigeringen", None, "beveiliging", user_id)
    db.session.commit()
    return render_template(
        "beheer/weigeringen.html",
        events=events,
        accounts=accounts,
        page_size=REFUSALS_SHOWN,
        kind_label=refusals.kind_label,
        reason_label=refusals.reason_label,
        page_of=refusals.page_of,
    )


@staff_required()
def resultaten() -> ResponseReturnValue:
    """The figures of /resultaten per quarter (the last six), for officers; same suppression."""
    from open_nijmegen.core import resultaten as R

    periodes = R.recent_quarters()
    trend = R.trend(periodes)
    return render_template(
        "beheer/resultaten.html",
        periodes=periodes,
        trend=trend,
        grafieken={blok.key: _trend_grafiek(blok, figures, periodes) for blok, figures in trend},
        min_cel=R.MIN_CEL,
    )


def _trend_grafiek(
    blok: Blok, figures: list[list[Cijfer]], periodes: list[Periode]
) -> BarChart | None:
    """The first one or two counts of a part per quarter as bars, so a trend shows at a glance.

    A suppressed count (1 to 4) draws no bar and says "minder dan 5", as the table does."""
    from open_nijmegen.core.charts import bar_chart

    counts = [row for row in figures if row and row[0].eenheid == "aantal"][:2]
    if not counts:
        return None

    def shown(c: Cijfer) -> float | None:
        return None if c.verborgen or c.waarde is None else float(c.waarde)

    series = [(str(row[0].label), [shown(c) for c in row]) for row in counts]
    top = max([v for _name, values in series for v in values if v is not None] + [1.0])
    cells = [tuple(row[i].getoond for row in counts) for i in range(len(periodes))]
    names = [name for name, _values in series]
    said = "; ".join(
        f"{p.label}: " + ", ".join(f"{n} {c}" for n, c in zip(names, cells[i], strict=True))
        for i, p in enumerate(periodes)
    )
    return bar_chart(
        f"trend-{blok.key}",
        _("%(onderdeel)s per kwartaal", onderdeel=blok.titel),
        [p.label for p in periodes],
        series,
        maximum=top,
        fmt=lambda v: "-" if v is None else f"{int(v):,}".replace(",", "."),
        columns=names,
        cells=cells,
        description=said + ".",
    )


@staff_required()
def resultaten_csv() -> ResponseReturnValue:
    from open_nijmegen.core import resultaten as R
    from open_nijmegen.core.csvfile import csv_response

    periodes = R.recent_quarters()
    rows = [
        (blok.titel, c[0].key, c[0].label, *[x.getoond for x in c])
        for blok, figures in R.trend(periodes)
        for c in figures
    ]
    return csv_response(
        "resultaten-per-kwartaal.csv",
        ["onderdeel", "sleutel", "cijfer", *[p.key() for p in periodes]],
        rows,
    )
