"""Public pages: the agenda, a page per event, signing up (with an account or with name and
e-mail), confirming and cancelling by a signed link (a page with a button: a GET never
changes anything), calendar files and the Atom feed."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.bijeenkomsten import agenda, permissions, queries, services
from open_nijmegen.bijeenkomsten.forms import AanmeldForm, EmptyForm
from open_nijmegen.bijeenkomsten.models import STATUS_LABELS, Bijeenkomst
from open_nijmegen.core.interactions.services import is_following
from open_nijmegen.core.permissions import confirmed_required, custom_access, public
from open_nijmegen.core.ratelimits import user_key
from open_nijmegen.core.registry import registry
from open_nijmegen.core.uploads import upload_url
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db, limiter

POST_LIMIT = "10 per minute;50 per day"
PAST_PAGE = 20


def _item(bijeenkomst_id: int) -> Bijeenkomst:
    item = db.session.get(Bijeenkomst, bijeenkomst_id)
    if item is None:
        abort(404)
    return item


def hoort_bij(item: Any) -> tuple[str, str, str] | None:
    """(label, title, url) of what the event belongs to, when that is public."""
    if not item.hoort_bij_type:
        return None
    target = registry.link_targets.get(item.hoort_bij_type)
    found = target.describe(item.hoort_bij_id) if target is not None else None
    if found is None:
        return None
    return (str(target.label), found[0], found[1])


@public
def index() -> ResponseReturnValue:
    toon = request.args.get("toon")
    voorbij = toon == "voorbij"
    stmt = queries.past() if voorbij else queries.upcoming()
    items = list(db.session.scalars(stmt.limit(PAST_PAGE if voorbij else 200)))
    return render_template(
        "bijeenkomsten/index.html", items=items, voorbij=voorbij, labels=STATUS_LABELS
    )


@public
def short(bijeenkomst_id: int) -> ResponseReturnValue:
    return redirect(_item(bijeenkomst_id).object_url(), 301)


@public
def detail(bijeenkomst_id: int, slug: str) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    if slug != item.slug:
        return redirect(item.object_url(), 301)
    mine = services.registration_of(item, current_user)
    return render_template(
        "bijeenkomsten/detail.html",
        item=item,
        mine=mine,
        positie=queries.waiting_position(mine)
        if mine is not None and mine.status == "wachtlijst"
        else None,
        can_register=permissions.can_register(current_user, item),
        can_see_link=permissions.can_see_link(current_user, item, mine),
        can_follow=permissions.can_follow(current_user, item),
        following=is_following(current_user, item),
        is_staff=permissions.is_bijeenkomsten_staff(current_user),
        hoort_bij=hoort_bij(item),
        fotos=[(p, upload_url(p)) for p in queries.photos(item)] if item.verslag_op else [],
        labels=STATUS_LABELS,
        form=EmptyForm(),
    )


@public
def online(bijeenkomst_id: int) -> ResponseReturnValue:
    """The online meeting, checked when it is clicked: only with a confirmed seat (or staff).
    The page never holds the link itself."""
    item = _item(bijeenkomst_id)
    mine = services.registration_of(item, current_user)
    if not permissions.can_see_link(current_user, item, mine):
        abort(404)
    response = redirect(item.online_link or item.object_url(), 303)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@public
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def aanmelden(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    mine = services.registration_of(item, current_user)
    if mine is not None and mine.status in ("aangemeld", "wachtlijst"):
        flash(_("U bent al aangemeld."), "info")
        return redirect(item.object_url())
    account = current_user.is_authenticated
    if account and not current_user.is_confirmed:
        flash(_("Bevestig eerst uw e-mailadres. Kijk in uw mail voor de link."), "warning")
        return redirect(url_for("accounts.bevestig_opnieuw"))
    form = AanmeldForm()
    if account:
        del form.naam
        del form.email
    if not permissions.can_register(current_user, item):
        return render_template("bijeenkomsten/aanmelden.html", item=item, form=form, dicht=True), (
            400 if request.method == "POST" else 200
        )
    if form.validate_on_submit():
        try:
            row, _new = services.register(
                item,
                user=current_user if account else None,
                naam=None if account else form.naam.data,
                email=None if account else form.email.data,
                tolk=form.tolk.data,
                kinderopvang=form.kinderopvang.data,
                hulp=form.hulp.data or "",
            )
        except services.BijeenkomstFout as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            return render_template("bijeenkomsten/aanmelden.html", item=item, form=form), 400
        db.session.commit()
        if not account:
            return render_template("bijeenkomsten/kijk_in_mail.html", item=item)
        if row.status == "aangemeld":
            flash(_("U bent aangemeld. U krijgt een mail met de gegevens."), "success")
        else:
            flash(
                _(
                    "De bijeenkomst is vol. U staat op de wachtlijst. Komt er een plek vrij, dan krijgt u mail."
                ),
                "info",
            )
        return redirect(item.object_url())
    code = 400 if request.method == "POST" else 200
    return render_template("bijeenkomsten/aanmelden.html", item=item, form=form), code


@confirmed_required
def afmelden_eigen(bijeenkomst_id: int) -> ResponseReturnValue:
    """Cancel your own registration from the page (logged in)."""
    item = _item(bijeenkomst_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    mine = services.registration_of(item, current_user)
    if mine is not None and services.cancel_registration(mine):
        db.session.commit()
        flash(_("U bent afgemeld. Uw plek gaat naar iemand anders."), "success")
    return redirect(item.object_url())


@custom_access
@limiter.limit(POST_LIMIT, methods=["POST"])
def bevestigen(token: str) -> ResponseReturnValue:
    """The link in the confirmation mail: a page with a button (mail scanners open links)."""
    row = services.aanmelding_voor_bevestig_token(token)
    if row is None:
        return render_template("bijeenkomsten/link_ongeldig.html"), 400
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        ok = services.confirm(row)
        db.session.commit()
        if not ok:
            return render_template(
                "bijeenkomsten/bevestigd.html", row=row, item=row.bijeenkomst, te_laat=True
            )
        return render_template("bijeenkomsten/bevestigd.html", row=row, item=row.bijeenkomst)
    return render_template(
        "bijeenkomsten/bevestigen.html", row=row, item=row.bijeenkomst, form=form, token=token
    )


@custom_access
@limiter.limit(POST_LIMIT, methods=["POST"])
def afmelden(token: str) -> ResponseReturnValue:
    """The cancel link in every mail: a page with a button; the POST cancels."""
    row = services.aanmelding_voor_afmeld_token(token)
    if row is None:
        return render_template("bijeenkomsten/link_ongeldig.html"), 400
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        services.cancel_registration(row)
        db.session.commit()
        return render_template("bijeenkomsten/afgemeld.html", item=row.bijeenkomst)
    return render_template(
        "bijeenkomsten/afmelden.html", row=row, item=row.bijeenkomst, form=form, token=token
    )


# -- calendars and the feed ------------------------------------------------------------------


@public
def ics(bijeenkomst_id: int) -> ResponseReturnValue:
    item = _item(bijeenkomst_id)
    return agenda.ics_response(agenda.calendar([item], item.titel), f"bijeenkomst-{item.id}.ics")


@public
def ics_alle() -> ResponseReturnValue:
    body = agenda.calendar(queries.for_feed(500), "Bijeenkomsten – Open Nijmegen")
    return agenda.ics_response(body, "bijeenkomsten.ics")


@public
def ics_van(object_type: str, object_id: int) -> ResponseReturnValue:
    """The events of one project (or idea, or beraad): a calendar to subscribe to."""
    target = registry.link_targets.get(object_type)
    found = target.describe(object_id) if target is not None else None
    if found is None:
        abort(404)
    items = list(db.session.scalars(queries.belonging_to(object_type, object_id).limit(500)))
    body = agenda.calendar(items, f"Bijeenkomsten: {found[0]}")
    return agenda.ics_response(body, f"bijeenkomsten-{object_type}-{object_id}.ics")


@public
def atom() -> ResponseReturnValue:
    from open_nijmegen.api.feeds import Entry
    from open_nijmegen.api.feeds import atom as atom_feed

    entries = [
        Entry(
            key=f"bijeenkomst/{item.id}",
            title=f"{item.titel} ({agenda.datum_tekst(item)})"
            + (f" – {_('gaat niet door')}" if item.is_geannuleerd else ""),
            updated=item.updated_at,
            published=item.created_at,
            link=external_url("bijeenkomsten.detail", bijeenkomst_id=item.id, slug=item.slug),
            summary=agenda.samenvatting(item),
        )
        for item in queries.for_feed()
    ]
    return atom_feed(
        "bijeenkomsten",
        "Bijeenkomsten – Open Nijmegen",
        "bijeenkomsten.atom",
        external_url("bijeenkomsten.index"),
        entries,
    )
