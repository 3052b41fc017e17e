"""The begroten figures on /resultaten (issue 22): budgets counted in the period, the money
residents decided on, and how much of it has been carried out.

A begroting counts in the period it was counted. "Besloten" is the cost of the chosen plans
(the official cost, else the estimate); "uitgevoerd" the part of it whose plans are done. The
ballots counted include the paper ones.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from open_nijmegen.begroten.models import Begroting, Plan, Stembiljet, Uitvoering
from open_nijmegen.core.resultaten import (
    Cijfer,
    Gebied,
    Periode,
    ResultSource,
    register_result_source,
)
from open_nijmegen.extensions import db


def figures(periode: Periode, _gebied: Gebied | None) -> list[Cijfer]:
    counted = list(
        db.session.scalars(
            sa.select(Begroting).where(
                Begroting.geteld_op >= periode.begin, Begroting.geteld_op < periode.eind
            )
        )
    )
    winners = [
        int(i) for b in counted for i in (b.uitslag or {}).get("winnaars", []) if str(i).isdigit()
    ]
    plans = list(db.session.scalars(sa.select(Plan).where(Plan.id.in_(winners)))) if winners else []
    besloten = sum(p.kosten if p.kosten is not None else p.geschatte_kosten for p in plans)
    uitgevoerd = sum(
        p.kosten if p.kosten is not None else p.geschatte_kosten
        for p in plans
        if p.uitvoering == Uitvoering.KLAAR
    )
    ballots = (
        int(
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Stembiljet)
                .where(Stembiljet.begroting_id.in_([b.id for b in counted]))
            )
            or 0
        )
        if counted
        else 0
    )
    link = url_for("begroten.index")
    return [
        Cijfer("geteld", str(_l("Begrotingen geteld")), len(counted), link=link),
        Cijfer("stemmen", str(_l("Stemmen geteld (ook op papier)")), ballots),
        Cijfer("plannen_gekozen", str(_l("Plannen gekozen")), len(plans)),
        Cijfer("besloten", str(_l("Geld waarover inwoners beslisten")), besloten, eenheid="euro"),
        Cijfer("uitgevoerd", str(_l("Daarvan al uitgevoerd")), uitgevoerd, eenheid="euro"),
    ]


register_result_source(
    ResultSource(
        "begroten",
        _l("Budget verdelen"),
        figures,
        order=20,
        uitleg=_l("Inwoners kiezen samen waar een budget heen gaat."),
    )
)
