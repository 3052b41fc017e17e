"""Project pages (``/projecten/<id>-<slug>``): a traject with its image, description, phase
timeline and ideas; and what the home page shows of the open ones.

The timeline and "what can I do now" are computed from the cached ``queries.TrajectInfo``
(the phase dates) and the moment, so they are exact in time without a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from open_nijmegen.core.dates import datum
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.db_requests import read_only
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.permissions import public
from open_nijmegen.core.registry import HomeFigure, OpenProject
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import queries
from open_nijmegen.ideeen.phases import FASE_LABELS, Fase

KLAAR, NU, LATER = "klaar", "nu", "later"
STAP_LABELS = {KLAAR: N_("Klaar"), NU: N_("Nu bezig"), LATER: N_("Nog niet begonnen")}
OPEN_FASES = {Fase.VOORBEREIDING, Fase.IDEEEN, Fase.STEUNEN, Fase.BEANTWOORDEN, Fase.DOORLOPEND}


@dataclass(frozen=True)
class Stap:
    """One phase on the timeline."""

    fase: Fase
    begint_op: datetime
    eindigt_op: datetime | None  # when the next phase begins; None for the last one
    staat: str  # KLAAR, NU or LATER

    @property
    def label(self) -> Any:
        return FASE_LABELS[self.fase]

    @property
    def staat_label(self) -> str:
        return _(STAP_LABELS[self.staat])


def tijdlijn(info: queries.TrajectInfo, moment: datetime | None = None) -> list[Stap]:
    moment = moment or utcnow()
    stappen = []
    for i, (fase, begint_op) in enumerate(info.fases):
        eindigt_op = info.fases[i + 1][1] if i + 1 < len(info.fases) else None
        if begint_op > moment:
            staat = LATER
        elif eindigt_op is not None and eindigt_op <= moment:
            staat = KLAAR
        else:
            staat = NU
        stappen.append(Stap(fase, begint_op, eindigt_op, staat))
    return stappen


def _laatste_dag(eindigt_op: datetime) -> str:
    """The last day of a phase that ends when the next one begins (at midnight)."""
    return datum(eindigt_op - timedelta(seconds=1))


def nu_te_doen(info: queries.TrajectInfo, moment: datetime | None = None) -> str:
    """What a resident can do in this project now, and until when, in one B1 sentence."""
    moment = moment or utcnow()
    fase = info.fase_op(moment)
    if fase == Fase.DOORLOPEND:
        return _("U kunt altijd een idee insturen en ideeën steunen.")
    nu = next((s for s in tijdlijn(info, moment) if s.staat == NU), None)
    if fase == Fase.VOORBEREIDING:
        if not info.fases:  # no dates set yet (an officer is still preparing it)
            return _("Dit project begint binnenkort.")
        return _("Dit project begint op %(d)s.", d=datum(info.fases[0][1]))
    tot = "" if nu is None or nu.eindigt_op is None else _laatste_dag(nu.eindigt_op)
    if fase == Fase.IDEEEN:
        if tot:
            return _("U kunt een idee insturen en steunen tot en met %(d)s.", d=tot)
        return _("U kunt een idee insturen en steunen.")
    if fase == Fase.STEUNEN:
        if tot:
            return _("U kunt ideeën steunen tot en met %(d)s.", d=tot)
        return _("U kunt ideeën steunen.")
    if fase == Fase.BEANTWOORDEN:
        return _("De gemeente geeft nu antwoord op de ideeën. U kunt nog reageren.")
    return _("Dit project is klaar. U kunt lezen wat eruit kwam.")


def open_projecten() -> list[OpenProject]:
    """The trajecten a resident can take part in now (for the home page, via the registry)."""
    moment = utcnow()
    found = []
    for info in queries.traject_infos():
        fase = info.fase_op(moment)
        if fase not in OPEN_FASES:
            continue
        nu = next((s for s in tijdlijn(info, moment) if s.staat == NU), None)
        ends = nu.eindigt_op if nu is not None and nu.eindigt_op else None
        found.append(
            OpenProject(
                title=info.titel,
                url=info.object_url(),
                line=info.samenvatting,
                action=nu_te_doen(info, moment),
                kind=_("Ideeën"),
                image_url=info.image_url(),
                foto=info.afbeelding,
                # The standing project last; the others by the day their phase ends.
                sort_key=(info.doorlopend, fase == Fase.VOORBEREIDING, ends or moment, info.titel),
            )
        )
    return found


def cijfers() -> list[HomeFigure]:
    c = queries.cijfers()
    return [
        HomeFigure(c.ideas, _("ideeën van inwoners")),
        HomeFigure(c.supporters, _("mensen steunen een idee")),
        HomeFigure(c.answered, _("ideeën kregen antwoord van de gemeente")),
    ]


@public
@read_only
def detail(traject_id: int, slug: str) -> ResponseReturnValue:
    from open_nijmegen.ideeen.models import Traject
    from open_nijmegen.ideeen.views import list_filters

    traject = db.session.get(Traject, traject_id)
    if traject is None:
        abort(404)
    if slug != traject.slug:
        return redirect(url_for("projecten.detail", traject_id=traject.id, slug=traject.slug), 301)
    info = queries.traject_info(traject.id)
    moment = utcnow()
    page = list_filters(traject_id=traject.id)
    args = {k: v for k, v in request.args.items() if k != "na" and v}
    here = url_for("projecten.detail", traject_id=traject.id, slug=traject.slug)
    return render_template(
        "ideeen/project.html",
        info=info,
        fase=info.fase_op(moment),
        stappen=tijdlijn(info, moment),
        nu_te_doen=nu_te_doen(info, moment),
        list_url=here,
        active_filters=page.active(here),
        next_url=url_for(request.endpoint, **request.view_args, **args, na=page.next_cursor)
        if page.next_cursor
        else None,
        first_url=url_for(request.endpoint, **request.view_args, **args)
        if request.args.get("na")
        else None,
        **page.context(),
    )
