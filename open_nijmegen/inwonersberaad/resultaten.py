"""The inwonersberaad figures on /resultaten (issue 22): recommendations the municipality
answered in the period, per answer, and what has become of the ones it took over (now).

Only public beraden count. An answer counts in the period it was published.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.resultaten import (
    Cijfer,
    Gebied,
    Periode,
    ResultSource,
    register_result_source,
)
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.models import (
    AANBEVELING_LABELS,
    BESLUITEN,
    OVERGENOMEN,
    Aanbeveling,
    AanbevelingStatus,
    Beraad,
)


def figures(periode: Periode, _gebied: Gebied | None) -> list[Cijfer]:
    public = sa.and_(Beraad.openbaar.is_(True), Aanbeveling.reactie_gepubliceerd_op.is_not(None))
    in_period = sa.and_(
        Aanbeveling.reactie_gepubliceerd_op >= periode.begin,
        Aanbeveling.reactie_gepubliceerd_op < periode.eind,
    )
    rows = db.session.execute(
        sa.select(Aanbeveling.reactie_besluit, Aanbeveling.status)
        .join(Beraad, Beraad.id == Aanbeveling.beraad_id)
        .where(public, in_period)
    ).all()
    per_answer = dict.fromkeys(BESLUITEN, 0)
    for besluit, _status in rows:
        if besluit in per_answer:
            per_answer[besluit] += 1
    taken = [status for besluit, status in rows if besluit in OVERGENOMEN]
    link = url_for("inwonersberaad.index")
    result = [Cijfer("beantwoord", str(_l("Aanbevelingen beantwoord")), len(rows), link=link)]
    result += [
        Cijfer(
            f"reactie_{besluit.value}",
            str(_l("Reactie: %(reactie)s", reactie=AANBEVELING_LABELS[besluit])),
            per_answer[besluit],
        )
        for besluit in BESLUITEN
    ]
    result += [
        Cijfer(
            "nu_in_uitvoering",
            str(_l("Overgenomen en nu in uitvoering")),
            sum(1 for s in taken if s == AanbevelingStatus.IN_UITVOERING),
        ),
        Cijfer(
            "nu_uitgevoerd",
            str(_l("Overgenomen en nu uitgevoerd")),
            sum(1 for s in taken if s == AanbevelingStatus.UITGEVOERD),
        ),
    ]
    return result


register_result_source(
    ResultSource(
        "inwonersberaad",
        _l("Inwonersberaad"),
        figures,
        order=40,
        uitleg=_l(
            "Wat de gemeente antwoordde op de aanbevelingen van het inwonersberaad, en wat "
            "daarvan nu gebeurt."
        ),
    )
)
