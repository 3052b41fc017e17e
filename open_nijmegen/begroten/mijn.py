"""The begroten sections of Mijn Open Nijmegen.

- "Stemmen over geld voor de wijk": every begroting where voting is open now, with whether I
  voted and until when I can vote or change my vote. Only *that* I voted is read (the
  ``Deelname`` row); the ballot itself is not read here and never shown on /mijn. The one
  page that shows a voter their own choice stays ``/begroten/<id>/gestemd`` (see
  ``begroten/ballots.py`` and the README on ballot secrecy); /mijn links to it.
- "Mijn plannen voor een begroting": the plans I sent in, with their state in words.
Each reads only the rows of the user it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.begroten import permissions
from open_nijmegen.begroten.models import Begroting, Deelname, Plan, PlanStatus
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import MijnSection, registry
from open_nijmegen.extensions import db

MAX_ITEMS = 200


@dataclass(frozen=True)
class OpenStemming:
    begroting: Begroting
    gestemd: bool


def open_votes(user: Any) -> list[OpenStemming]:
    """The begrotingen ``user`` can vote on now, each with whether they voted already."""
    now = utcnow()
    begrotingen = db.session.scalars(
        sa.select(Begroting)
        .where(
            Begroting.stemlijst_op.is_not(None),
            Begroting.stemmen_vanaf <= now,
            Begroting.uitslag_vanaf > now,
        )
        .order_by(Begroting.uitslag_vanaf, Begroting.id)
        .limit(MAX_ITEMS)
    )
    open_now = [b for b in begrotingen if permissions.can_vote(user, b)]
    if not open_now:
        return []
    voted = set(
        db.session.scalars(
            sa.select(Deelname.begroting_id).where(
                Deelname.user_id == user.id,
                Deelname.begroting_id.in_([b.id for b in open_now]),
            )
        )
    )
    return [OpenStemming(b, b.id in voted) for b in open_now]


def my_plans(user: Any) -> list[Plan]:
    return list(
        db.session.scalars(
            sa.select(Plan)
            .where(Plan.author_id == user.id)
            .order_by(Plan.created_at.desc(), Plan.id.desc())
            .limit(MAX_ITEMS)
        )
    )


def plan_state(plan: Plan) -> Any:
    """What the author reads about their own plan: the check, the vote, the work; no code."""
    begroting = plan.begroting
    if plan.status == PlanStatus.HAALBAAR and begroting.is_geteld:
        if plan.id in set((begroting.uitslag or {}).get("winnaars", [])):
            if plan.uitvoering is not None:
                return _l("Gekozen. %(stand)s", stand=plan.uitvoering_label)
            return _l("Gekozen bij de stemming")
        return _l("Niet gekozen bij de stemming")
    if plan.status == PlanStatus.HAALBAAR and begroting.stemlijst_op is not None:
        return _l("Staat op de lijst om op te stemmen")
    return plan.status_label


def _votes_context(user: Any) -> dict[str, Any] | None:
    stemmingen = open_votes(user)
    return {"stemmingen": stemmingen} if stemmingen else None


def _plans_context(user: Any) -> dict[str, Any]:
    return {"plannen": [(plan, plan_state(plan)) for plan in my_plans(user)]}


registry.add_mijn_section(
    MijnSection(
        "stemmen",
        N_("Stemmen over geld voor de wijk"),
        "begroten/_mijn_stemmen.html",
        _votes_context,
        order=25,
    )
)
registry.add_mijn_section(
    MijnSection(
        "plannen",
        N_("Mijn plannen voor een begroting"),
        "begroten/_mijn_plannen.html",
        _plans_context,
        order=26,
    )
)
