"""The uitdaagrecht figures on /resultaten (issue 22): requests filed, decisions per outcome,
and the share decided within the legal term.

"Op tijd" counts as the law does: the decision term of the Awb (Awb 4:13 and the municipal
regulation's term) with its suspensions while information was asked (Awb 4:15), an extension
(Awb 4:14) and the Algemene termijnenwet shift, all through the case's own clock
(``services.clock_voor``, the same one the officers' deadlines use). A decision counts in the
period its letter was sent.
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
    aandeel,
    register_result_source,
)
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht.models import Uitdaging
from open_nijmegen.uitdaagrecht.workflow import Status

TOEGEKEND = "toegekend"
DEELS = "deels"
AFGEWEZEN = "afgewezen"
NIET_ONTVANKELIJK = "niet_ontvankelijk"
BUITEN_BEHANDELING = "buiten_behandeling"

OUTCOME_LABELS = {
    TOEGEKEND: _l("Toegekend"),
    DEELS: _l("Deels toegekend"),
    AFGEWEZEN: _l("Afgewezen"),
    NIET_ONTVANKELIJK: _l("Past niet binnen de regels"),
    BUITEN_BEHANDELING: _l("Niet verder behandeld"),
}
_AFTER_GRANT = {
    Status.TOEGEKEND,
    Status.OVEREENKOMST,
    Status.IN_UITVOERING,
    Status.EVALUATIE,
    Status.AFGEROND,
}


def outcome(case: Uitdaging) -> str | None:
    """The decision in one word, also after the case moved on (agreement, execution)."""
    if case.status == Status.AFGEWEZEN:
        return AFGEWEZEN
    if case.status == Status.NIET_ONTVANKELIJK:
        return NIET_ONTVANKELIJK
    if case.status == Status.BUITEN_BEHANDELING:
        return BUITEN_BEHANDELING
    if case.status == Status.DEELS_TOEGEKEND or (
        case.status in _AFTER_GRANT and case.toegekend_deel
    ):
        return DEELS
    if case.status in _AFTER_GRANT:
        return TOEGEKEND
    return None


def decided_on_time(case: Uitdaging) -> bool | None:
    """Whether the decision letter went out within the term (None: no term to measure)."""
    from open_nijmegen.uitdaagrecht.services import clock_voor

    if case.klok_begindag is None or case.besluit_verzonden_op is None:
        return None
    deadline = clock_voor(case).deadline(case.besluit_verzonden_op)
    return deadline is not None and case.besluit_verzonden_op <= deadline


def figures(periode: Periode, _gebied: Gebied | None) -> list[Cijfer]:
    ingediend = int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Uitdaging)
            .where(
                Uitdaging.ingediend_op >= periode.begin_datum,
                Uitdaging.ingediend_op < periode.eind_datum,
            )
        )
        or 0
    )
    decided = list(
        db.session.scalars(
            sa.select(Uitdaging).where(
                Uitdaging.besluit_verzonden_op >= periode.begin_datum,
                Uitdaging.besluit_verzonden_op < periode.eind_datum,
            )
        )
    )
    per_outcome = dict.fromkeys(OUTCOME_LABELS, 0)
    timed = []
    for case in decided:
        found = outcome(case)
        if found is None:
            continue
        per_outcome[found] += 1
        on_time = decided_on_time(case)
        if on_time is not None:
            timed.append(on_time)
    link = url_for("uitdaagrecht.index")
    result = [Cijfer("ingediend", str(_l("Aanvragen ingediend")), ingediend, link=link)]
    result += [
        Cijfer(f"besluit_{key}", str(_l("Besluit: %(uitkomst)s", uitkomst=label)), per_outcome[key])
        for key, label in OUTCOME_LABELS.items()
    ]
    result.append(
        Cijfer(
            "op_tijd",
            str(_l("Besluiten binnen de wettelijke termijn")),
            aandeel(sum(timed), len(timed)),
            eenheid="procent",
            basis=len(timed),
            uitleg=str(
                _l(
                    "De wet geeft de gemeente een termijn om te beslissen. Vraagt de gemeente "
                    "om meer informatie, dan staat de termijn zo lang stil. Soms mag de "
                    "gemeente de termijn één keer verlengen. Dat tellen we mee, zoals de wet "
                    "het doet."
                )
            ),
        )
    )
    return result


register_result_source(
    ResultSource(
        "uitdaagrecht",
        _l("Uitdaagrecht"),
        figures,
        order=30,
        uitleg=_l("Inwoners en groepen vragen of zij een taak van de gemeente mogen overnemen."),
    )
)
