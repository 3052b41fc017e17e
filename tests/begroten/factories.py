"""Factories for begroten: a begroting in any phase, plans on the ballot list, voters."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from factories import hostile, make_user

from open_nijmegen.begroten.models import Begroting, Gebied, Plan, PlanStatus, Stemwijze
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db

_n = itertools.count(1)

# Days from now at which each phase starts, so that ``fase`` is the current one.
_OFFSETS = {
    Fase.VOORBEREIDING: (1, 2, 3, 4, 5),
    Fase.PLANNEN: (-1, 2, 3, 4, 5),
    Fase.HAALBAARHEID: (-2, -1, 3, 4, 5),
    Fase.STEMMEN: (-3, -2, -1, 4, 5),
    Fase.UITSLAG: (-4, -3, -2, -1, 5),
    Fase.UITVOERING: (-5, -4, -3, -2, -1),
}
COLUMNS = (
    "plannen_vanaf",
    "haalbaarheid_vanaf",
    "stemmen_vanaf",
    "uitslag_vanaf",
    "uitvoering_vanaf",
)


def wijk(naam: str = "Lindenholt", stadsdeel: str = "Nijmegen-West") -> Wijk:
    found = db.session.query(Wijk).filter_by(naam=naam).first()
    if found is None:
        found = Wijk(naam=naam, stadsdeel=stadsdeel, actief=True)
        db.session.add(found)
        db.session.commit()
    return found


def _dates(fase: Fase) -> dict[str, Any]:
    now = utcnow()
    return {c: now + timedelta(days=d) for c, d in zip(COLUMNS, _OFFSETS[fase], strict=True)}


def set_phase(begroting: Begroting, fase: Fase) -> None:
    for column, value in _dates(fase).items():
        setattr(begroting, column, value)
    db.session.commit()


def make_begroting(
    fase: Fase = Fase.STEMMEN,
    *,
    budget: int = 50_000,
    stemwijze: Stemwijze = Stemwijze.BUDGET,
    max_keuzes: int | None = None,
    plans: tuple[int, ...] = (20_000, 15_000, 10_000, 8_000),
    published: bool | None = None,
) -> Begroting:
    home = wijk()
    begroting = Begroting(
        titel=hostile("Begroting "),
        vraag=hostile("Waar gaat het geld heen? "),
        gebied=Gebied.WIJKEN,
        budget=budget,
        stemwijze=stemwijze,
        max_keuzes=max_keuzes,
        minimum_leeftijd=16,
        **_dates(fase),
    )
    begroting.wijken = [home]
    db.session.add(begroting)
    db.session.flush()
    author = make_user()
    for cost in plans:
        db.session.add(
            Plan(
                begroting_id=begroting.id,
                author_id=author.id,
                titel=hostile(f"Plan {next(_n)} "),
                tekst=hostile("Tekst van het plan ") * 2,
                wijk_id=home.id,
                geschatte_kosten=cost,
                kosten=cost,
                kosten_reden="Volgens de offerte.",
                status=PlanStatus.HAALBAAR,
            )
        )
    if (
        published
        if published is not None
        else fase in (Fase.STEMMEN, Fase.UITSLAG, Fase.UITVOERING)
    ):
        begroting.stemlijst_op = utcnow()
    db.session.commit()
    return begroting


def plan_ids(begroting: Begroting) -> list[int]:
    return sorted(p.id for p in begroting.plannen)


def vote_data(begroting: Begroting, ids: list[Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plan": [str(i) for i in ids],
        "wijk_id": str(wijk().id),
        "leeftijd": "y",
        "actie": "stem",
    }
    data.update(extra)
    return data
