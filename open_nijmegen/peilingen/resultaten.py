"""The peilingen figures on /resultaten (issue 22): peilingen that closed in the period and
how many answered them (online and on paper; only finished responses count)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.resultaten import (
    Cijfer,
    Gebied,
    Periode,
    ResultSource,
    register_result_source,
)
from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import Inzending, Peiling


def figures(periode: Periode, _gebied: Gebied | None) -> list[Cijfer]:
    closed = sa.and_(
        Peiling.gepubliceerd_op.is_not(None),
        Peiling.sluit_op >= periode.begin,
        Peiling.sluit_op < min(periode.eind, utcnow()),
    )
    held = int(
        db.session.scalar(sa.select(sa.func.count()).select_from(Peiling).where(closed)) or 0
    )
    answered = int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Inzending)
            .join(Peiling, Peiling.id == Inzending.peiling_id)
            .where(closed, Inzending.af.is_(True))
        )
        or 0
    )
    link = url_for("peilingen.index")
    return [
        Cijfer("gehouden", str(_l("Peilingen die sloten")), held, link=link),
        Cijfer("antwoorden", str(_l("Mensen die een peiling invulden")), answered),
    ]


register_result_source(
    ResultSource(
        "peilingen",
        _l("Peilingen"),
        figures,
        order=25,
        uitleg=_l("Vragenlijsten van de gemeente. We tellen ze in de periode dat ze sloten."),
    )
)
