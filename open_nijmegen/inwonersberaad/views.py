"""Public pages (list, a beraad, published documents, the lottery record), the invitation
link, and the closed members' area (404 for everyone who is not a member or officer)."""

from __future__ import annotations

import os
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.forms import choices
from open_nijmegen.core.interactions.forms import ReactionForm
from open_nijmegen.core.interactions.services import is_following, reaction_tree
from open_nijmegen.core.permissions import custom_access, public
from open_nijmegen.core.ratelimits import user_key
from open_nijmegen.extensions import db, limiter
from open_nijmegen.inwonersberaad import aanmelding, permissions, queries, services
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.forms import EmptyForm, NotitieForm, VraagForm
from open_nijmegen.inwonersberaad.models import (
    AANBEVELING_LABELS,
    FASE_LABELS,
    FASE_UITLEG,
    FASEN,
    Beraad,
    Dossierstuk,
)

BESTANDEN = os.path.join(os.path.dirname(__file__), "bestanden")
POST_LIMIT = "20 per minute;300 per day"


@public
def bestand(filename: str) -> ResponseReturnValue:
    """This module's own static files (polling script, print style)."""
    if filename not in {"loting.js", "inwonersberaad.css"}:
        abort(404)
    response = send_from_directory(BESTANDEN, filename, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# -- public ----------------------------------------------------------------------------------


@public
def index() -> ResponseReturnValue:
    beraden = list(db.session.scalars(queries.public_beraden()))
    return render_template(
        "inwonersberaad/index.html",
        beraden=beraden,
        leden={b.id: queries.aantal_leden(b) for b in beraden},
    )


def _public_beraad(beraad_id: int) -> Beraad:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None or not permissions.can_view_beraad(current_user, beraad):
        abort(404)
    return beraad


@public
def short(beraad_id: int) -> ResponseReturnValue:
    beraad = _public_beraad(beraad_id)
    return redirect(beraad.object_url(), 301)


def tijdlijn(beraad: Beraad) -> list[dict[str, Any]]:
    history = queries.fase_historie(beraad)
    rows = []
    for index, fase in enumerate(FASEN):
        if index < beraad.fase_index:
            state = "klaar"
        elif index == beraad.fase_index:
            state = "nu"
        else:
            state = "later"
        rows.append(
            {
                "fase": fase,
                "label": FASE_LABELS[fase],
                "uitleg": FASE_UITLEG[fase],
                "state": state,
                "datum": history.get(fase.value) if state != "later" else None,
            }
        )
    return rows


def deadline_info(beraad: Beraad) -> dict[str, Any] | None:
    if beraad.reactie_deadline is None:
        return None
    now = utcnow()
    dagen = (beraad.reactie_deadline - now).days
    return {
        "datum": beraad.reactie_deadline,
        "dagen": max(dagen, 0),
        "te_laat": services.is_overdue(beraad, now),
        "dagen_te_laat": max((now - beraad.reactie_deadline).days, 0),
        "klaar": beraad.reactie_gepubliceerd_op is not None,
    }


@public
def detail(beraad_id: int, slug: str) -> ResponseReturnValue:
    beraad = _public_beraad(beraad_id)
    if slug != beraad.slug:
        return redirect(beraad.object_url(), 301)
    aanbevelingen = beraad.aanbevelingen
    following = {a.id: is_following(current_user, a) for a in aanbevelingen}
    loting = queries.published_loting(beraad)
    return render_template(
        "inwonersberaad/detail.html",
        beraad=beraad,
        tijdlijn=tijdlijn(beraad),
        aantal_leden=queries.aantal_leden(beraad),
        stukken=queries.per_sessie(queries.public_stukken(beraad)),
        aanbevelingen=aanbevelingen,
        samenvatting=queries.samenvatting(beraad),
        deadline=deadline_info(beraad),
        following=is_following(current_user, beraad),
        following_aanbeveling=following,
        can_follow=permissions.can_follow(current_user, beraad),
        can_use_dossier=permissions.can_use_dossier(current_user, beraad),
        aanmelden_open=beraad.openbaar and aanmelding.is_open(beraad),
        is_staff=permissions.is_beraad_staff(current_user),
        loting=loting,
        labels=AANBEVELING_LABELS,
        procent=lot.procent,
    )


@public
def publiek_stuk(beraad_id: int, stuk_id: int) -> ResponseReturnValue:
    beraad = _public_beraad(beraad_id)
    stuk = db.session.get(Dossierstuk, stuk_id)
    if stuk is None or stuk.beraad_id != beraad.id or not stuk.is_openbaar:
        abort(404)
    return render_template("inwonersberaad/publiek_stuk.html", beraad=beraad, stuk=stuk)


@public
def loting_json(beraad_id: int) -> ResponseReturnValue:
    beraad = _public_beraad(beraad_id)
    item = queries.published_loting(beraad)
    if item is None or item.record is None:
        abort(404)
    return Response(
        lot.public_json(item.record),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="loting-beraad-{beraad.id}.json"'},
    )


@public
def loting_uitleg(beraad_id: int) -> ResponseReturnValue:
    beraad = _public_beraad(beraad_id)
    item = queries.published_loting(beraad)
    if item is None or item.record is None:
        abort(404)
    return render_template(
        "inwonersberaad/loting_uitleg.html",
        beraad=beraad,
        loting=item,
        record=item.record,
        procent=lot.procent,
    )


TECHNIEK = """Technische uitleg bij het verslag van de loting (inwonersberaad, Open Nijmegen)

Het verslag (JSON, formaat {format}) bevat:
- algorithm: de methode (maximin van het pakket sortition-algorithms, Sortition Foundation,
  GPL-3.0, met de HiGHS-solver) en versions: de vastgezette versies van Python en de pakketten;
- input: de SHA-256 van het bestand met aanmeldingen en van het quotabestand;
- quotas: per kenmerk en waarde het minimum en maximum;
- distribution: alle panels met hun kans (de verdeling, berekend voor de seed bestond);
- seed: het startgetal, getrokken nadat de verdeling vastlag en opgeslagen voor de uitslag;
- panel, reserves (in volgorde) en probabilities (kans per persoon, kleinste, grootste).

Trekking ({method}):
{description}

Zelf controleren met de broncode van deze site:

    flask --app open_nijmegen loting verify AANMELDINGEN.csv QUOTA.csv VERSLAG.json

Het programma controleert de SHA-256 van beide bestanden, de quota, dat elk panel in de
verdeling de quota haalt, dat de kansen optellen tot 1, en het herhaalt de trekking met de
seed. Het drukt elke bevinding af en stopt met code 1 als iets niet klopt. De solver zelf
wordt niet opnieuw gedraaid: die is niet deterministisch en kan een andere, even eerlijke
verdeling vinden. Daarom staat de verdeling zelf in het verslag.
"""


@public
def loting_techniek(beraad_id: int) -> ResponseReturnValue:
    beraad = _public_beraad(beraad_id)
    item = queries.published_loting(beraad)
    if item is None or item.record is None:
        abort(404)
    text = TECHNIEK.format(
        format=lot.RECORD_FORMAT, method=lot.DRAW_METHOD, description=lot.DRAW_METHOD_DESCRIPTION
    )
    return Response(text, mimetype="text/plain")


# -- invitation ------------------------------------------------------------------------------


@custom_access
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def uitnodiging(token: str) -> ResponseReturnValue:
    """The signed link from the invitation mail. GET shows the page; POST (logged in,
    confirmed account) makes the account a member."""
    item = services.invitation_for_token(token)
    if item is None:
        return render_template("inwonersberaad/uitnodiging_ongeldig.html"), 400
    beraad = db.session.get(Beraad, item.beraad_id)
    form = EmptyForm()
    if request.method == "POST":
        if not current_user.is_authenticated or not current_user.is_confirmed:
            abort(403)
        if not form.validate_on_submit():
            abort(400)
        services.accept_invitation(current_user, item)
        db.session.commit()
        flash(_("Welkom! U bent nu lid van dit inwonersberaad."), "success")
        return redirect(url_for("inwonersberaad.dossier", beraad_id=item.beraad_id))
    return render_template("inwonersberaad/uitnodiging.html", beraad=beraad, form=form, token=token)


# -- members' area ---------------------------------------------------------------------------


def _dossier_or_404(beraad_id: int) -> Beraad:
    beraad = db.session.get(Beraad, beraad_id)
    if beraad is None or not permissions.can_use_dossier(current_user, beraad):
        abort(404)
    return beraad


def _stuk_or_404(beraad: Beraad, stuk_id: int) -> Dossierstuk:
    stuk = db.session.get(Dossierstuk, stuk_id)
    if stuk is None or stuk.beraad_id != beraad.id:
        abort(404)
    return stuk


@custom_access
def dossier(beraad_id: int) -> ResponseReturnValue:
    beraad = _dossier_or_404(beraad_id)
    alle = queries.stukken(beraad)
    leeslijst = queries.leeslijst(beraad)
    return render_template(
        "inwonersberaad/dossier.html",
        beraad=beraad,
        sessies=queries.per_sessie(alle),
        gelezen=queries.gelezen_ids(current_user, beraad),
        leeslijst=leeslijst,
        leden=queries.leden(beraad),
        aantal_leden=queries.aantal_leden(beraad),
        is_staff=permissions.is_beraad_staff(current_user),
    )


def _render_stuk(
    beraad: Beraad, stuk: Dossierstuk, notitie_form: NotitieForm | None = None, code: int = 200
) -> ResponseReturnValue:
    note = services.note_for(current_user, stuk)
    if notitie_form is None:
        notitie_form = NotitieForm(data={"tekst": note.tekst if note else ""})
    return (
        render_template(
            "inwonersberaad/stuk.html",
            beraad=beraad,
            stuk=stuk,
            gelezen=stuk.id in queries.gelezen_ids(current_user, beraad),
            notitie_form=notitie_form,
            note=note,
            tree=reaction_tree("dossierstuk", stuk.id),
            reaction_form=ReactionForm(),
            can_react=permissions.can_discuss(current_user, beraad),
            is_member=permissions.is_member(current_user, beraad),
            form=EmptyForm(),
        ),
        code,
    )


@custom_access
def stuk(beraad_id: int, stuk_id: int) -> ResponseReturnValue:
    beraad = _dossier_or_404(beraad_id)
    return _render_stuk(beraad, _stuk_or_404(beraad, stuk_id))


@custom_access
def gelezen(beraad_id: int, stuk_id: int) -> ResponseReturnValue:
    beraad = _dossier_or_404(beraad_id)
    item = _stuk_or_404(beraad, stuk_id)
    if not permissions.is_member(current_user, beraad):
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    services.mark_read(current_user, item, request.form.get("gelezen") == "1")
    db.session.commit()
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("inwonersberaad.stuk", beraad_id=beraad.id, stuk_id=item.id))


@custom_access
@limiter.limit(POST_LIMIT, key_func=user_key)
def notitie(beraad_id: int, stuk_id: int) -> ResponseReturnValue:
    beraad = _dossier_or_404(beraad_id)
    item = _stuk_or_404(beraad, stuk_id)
    if not permissions.is_member(current_user, beraad):
        abort(404)
    form = NotitieForm()
    if form.validate_on_submit():
        services.save_note(current_user, item, form.tekst.data or "")
        db.session.commit()
        flash(_("Uw notitie is opgeslagen. Alleen u ziet deze."), "success")
        return redirect(
            url_for("inwonersberaad.stuk", beraad_id=beraad.id, stuk_id=item.id) + "#notitie"
        )
    return _render_stuk(beraad, item, form, 400)


@custom_access
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def vragen(beraad_id: int) -> ResponseReturnValue:
    beraad = _dossier_or_404(beraad_id)
    can_ask = permissions.can_ask_expert(current_user, beraad)
    form = VraagForm()
    alle = queries.stukken(beraad)
    form.stuk_id.choices = choices(
        [("", _("Geen bepaald stuk"))] + [(str(s.id), s.titel) for s in alle]
    )
    code = 200
    if request.method == "POST":
        if not can_ask:
            abort(404)
        if form.validate_on_submit():
            raw = form.stuk_id.data or ""
            stuk_obj = next((s for s in alle if str(s.id) == raw), None)
            services.ask_expert(current_user, beraad, form.vraag.data or "", stuk_obj)
            db.session.commit()
            flash(_("Uw vraag is verstuurd. Het antwoord komt op deze pagina."), "success")
            return redirect(url_for("inwonersberaad.vragen", beraad_id=beraad.id))
        else:
            code = 400
    return render_template(
        "inwonersberaad/vragen.html",
        beraad=beraad,
        vragen=queries.expert_vragen(beraad),
        stukken={s.id: s for s in alle},
        form=form,
        can_ask=can_ask,
    ), code
