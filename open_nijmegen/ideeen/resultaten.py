"""The ideas' figures on /resultaten (issue 22): posted, supported, answered, and how often the
municipality answers an idea over the support threshold within its term.

Definitions (the page explains them in B1):
* an idea counts when it is public now (published, not hidden, withdrawn or merged);
* an official answer is a public status row other than "open" (``StatusChange``); an idea's
  answer to the threshold is the first one on or after the day it reached the threshold;
* "op tijd": of the ideas whose answer was due in the period (and the term has passed, or an
  answer came), the share answered on or before the due date;
* the median counts calendar days from reaching the threshold to that first answer, for the
  answers given in the period.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import StatusChange
from open_nijmegen.core.resultaten import (
    Cijfer,
    Gebied,
    Periode,
    ResultSource,
    aandeel,
    days_between,
    mediaan,
    register_areas,
    register_participants,
    register_result_source,
)
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, IdeeStatus, Steun
from open_nijmegen.ideeen.queries import public_condition

ANSWERS = [s.value for s in IdeeStatus if s != IdeeStatus.OPEN]


def _in(column: Any, periode: Periode) -> sa.ColumnElement[bool]:
    return sa.and_(column >= periode.begin, column < periode.eind)


def _area(gebied: Gebied | None) -> sa.ColumnElement[bool]:
    if gebied is None:
        return sa.true()
    column = Wijk.naam if gebied.soort == "wijk" else Wijk.stadsdeel
    return Idee.wijk_id.in_(sa.select(Wijk.id).where(column == gebied.naam))


def _count(stmt: sa.Select[Any]) -> int:
    return int(db.session.scalar(stmt) or 0)


def first_answer_after_threshold() -> sa.Subquery:
    """Per idea over the threshold: the first official answer on or after reaching it."""
    return (
        sa.select(
            StatusChange.object_id.label("idee_id"),
            sa.func.min(StatusChange.created_at).label("antwoord_op"),
        )
        .join(Idee, Idee.id == StatusChange.object_id)
        .where(
            StatusChange.object_type == "idee",
            StatusChange.is_public.is_(True),
            StatusChange.to_status.in_(ANSWERS),
            Idee.threshold_reached_at.is_not(None),
            StatusChange.created_at >= Idee.threshold_reached_at,
        )
        .group_by(StatusChange.object_id)
        .subquery("eerste_antwoord")
    )


def _list_link(gebied: Gebied | None) -> str:
    if gebied is not None and gebied.soort == "wijk":
        wijk_id = db.session.scalar(sa.select(Wijk.id).where(Wijk.naam == gebied.naam))
        if wijk_id is not None:
            return url_for("ideeen.index", wijk=wijk_id)
    return url_for("ideeen.index")


def figures(periode: Periode, gebied: Gebied | None) -> list[Cijfer]:
    public = sa.and_(public_condition(), _area(gebied))
    geplaatst = _count(
        sa.select(sa.func.count()).select_from(Idee).where(public, _in(Idee.published_at, periode))
    )
    steun_rows = (
        sa.select(Steun.user_id)
        .join(Idee, Idee.id == Steun.idee_id)
        .where(public, _in(Steun.created_at, periode))
    )
    steun = _count(sa.select(sa.func.count()).select_from(steun_rows.subquery()))
    steuners = _count(
        sa.select(sa.func.count(sa.distinct(Steun.user_id)))
        .join(Idee, Idee.id == Steun.idee_id)
        .where(public, _in(Steun.created_at, periode))
    )
    beantwoord = _count(
        sa.select(sa.func.count(sa.distinct(StatusChange.object_id)))
        .join(Idee, Idee.id == StatusChange.object_id)
        .where(
            public,
            StatusChange.object_type == "idee",
            StatusChange.is_public.is_(True),
            StatusChange.to_status.in_(ANSWERS),
            _in(StatusChange.created_at, periode),
        )
    )
    drempel = _count(
        sa.select(sa.func.count())
        .select_from(Idee)
        .where(public, _in(Idee.threshold_reached_at, periode))
    )

    first = first_answer_after_threshold()
    now = utcnow()
    due_rows = db.session.execute(
        sa.select(Idee.answer_due_at, first.c.antwoord_op)
        .outerjoin(first, first.c.idee_id == Idee.id)
        .where(public, Idee.threshold_reached_at.is_not(None), _in(Idee.answer_due_at, periode))
    ).all()
    counted = [(due, answered) for due, answered in due_rows if answered is not None or due <= now]
    op_tijd = sum(1 for due, answered in counted if answered is not None and answered <= due)
    answered_rows = db.session.execute(
        sa.select(Idee.threshold_reached_at, first.c.antwoord_op)
        .join(first, first.c.idee_id == Idee.id)
        .where(public, _in(first.c.antwoord_op, periode))
    ).all()
    median, n_median = mediaan(days_between(start, end) for start, end in answered_rows)

    link = _list_link(gebied)
    return [
        Cijfer("ideeen_geplaatst", str(_l("Ideeën geplaatst")), geplaatst, link=link),
        Cijfer("steun", str(_l("Keer dat iemand een idee steunde")), steun),
        Cijfer("steuners", str(_l("Mensen die een idee steunden")), steuners),
        Cijfer("beantwoord", str(_l("Ideeën die een antwoord kregen")), beantwoord, link=link),
        Cijfer("drempel", str(_l("Ideeën met genoeg steun voor een antwoord")), drempel),
        Cijfer(
            "op_tijd",
            str(_l("Ideeën met genoeg steun die op tijd antwoord kregen")),
            aandeel(op_tijd, len(counted)),
            eenheid="procent",
            basis=len(counted),
            uitleg=str(
                _l(
                    "Van de ideeën waarvan het antwoord in deze periode klaar moest zijn. "
                    "Op tijd is op of voor de datum die de gemeente beloofde."
                )
            ),
        ),
        Cijfer(
            "mediaan_dagen",
            str(_l("Dagen tot een antwoord (de middelste waarde)")),
            median,
            eenheid="dagen",
            basis=n_median,
            uitleg=str(
                _l(
                    "Vanaf de dag dat een idee genoeg steun had. De helft kreeg sneller "
                    "antwoord, de helft later."
                )
            ),
        ),
    ]


def participants(periode: Periode) -> dict[str, int]:
    """Per wijk: the different people who posted or supported a public idea there in the
    period (someone active in two wijken counts in both)."""
    posted = sa.select(Idee.author_id.label("user_id"), Idee.wijk_id.label("wijk_id")).where(
        public_condition(), Idee.author_id.is_not(None), _in(Idee.published_at, periode)
    )
    supported = (
        sa.select(Steun.user_id.label("user_id"), Idee.wijk_id.label("wijk_id"))
        .join(Idee, Idee.id == Steun.idee_id)
        .where(public_condition(), _in(Steun.created_at, periode))
    )
    people = sa.union(posted, supported).subquery("deelnemers")  # UNION: distinct pairs
    rows = db.session.execute(
        sa.select(Wijk.naam, sa.func.count())
        .select_from(people)
        .join(Wijk, Wijk.id == people.c.wijk_id)
        .group_by(Wijk.naam)
    )
    return {naam: int(n) for naam, n in rows}


def _areas() -> list[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(Wijk.stadsdeel, Wijk.naam).order_by(Wijk.stadsdeel, Wijk.naam)
    )
    return [(stadsdeel, naam) for stadsdeel, naam in rows]


register_areas(_areas)
register_participants(participants)
register_result_source(
    ResultSource(
        "ideeen",
        _l("Ideeën"),
        figures,
        order=10,
        uitleg=_l("Ideeën van inwoners, de steun die ze kregen en de antwoorden van de gemeente."),
        per_gebied=True,
    )
)
