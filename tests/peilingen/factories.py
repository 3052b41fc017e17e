"""Factories for peilingen: a questionnaire with every question type on two pages, in any
state, and the form data of a complete, valid response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from factories import hostile

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import Doelgroep, Optie, Peiling, Sectie, Soort, Staat, Vraag

_DATES = {
    Staat.CONCEPT: (-1, 10),
    Staat.GEPLAND: (2, 10),
    Staat.OPEN: (-1, 10),
    Staat.GESLOTEN: (-10, -1),
}


def set_state(peiling: Peiling, staat: Staat) -> None:
    now = utcnow()
    opens, closes = _DATES[staat]
    peiling.opent_op = now + timedelta(days=opens)
    peiling.sluit_op = now + timedelta(days=closes)
    peiling.gepubliceerd_op = None if staat == Staat.CONCEPT else now - timedelta(days=3)
    db.session.commit()


def _vraag(peiling: Peiling, sectie: Sectie, soort: Soort, tekst: str, **kw: Any) -> Vraag:
    opties = kw.pop("opties", [])
    vraag = Vraag(
        peiling=peiling, sectie=sectie, soort=soort, tekst=tekst, volgorde=len(peiling.vragen), **kw
    )
    for i, o in enumerate(opties):
        vraag.opties.append(Optie(tekst=o, volgorde=i))
    db.session.add(vraag)
    return vraag


def make_peiling(
    staat: Staat = Staat.OPEN, doelgroep: Doelgroep = Doelgroep.ACCOUNTS, wegen: bool = False
) -> Peiling:
    """Page 1: vervoer (one choice, required), wensen (at most 2), tevreden (1-5).
    Page 2: volgorde (ranking), idee (open), leeftijd_kind (number 0-18), bus (only when
    vervoer is Bus)."""
    peiling = Peiling(
        titel=hostile("Peiling "),
        intro="Wat vindt u van het verkeer in uw wijk? " + hostile(),
        doelgroep=doelgroep,
        opent_op=utcnow(),
        sluit_op=utcnow() + timedelta(days=1),
        wegen=wegen,
    )
    db.session.add(peiling)
    een = Sectie(titel="Uw vervoer", volgorde=0)
    twee = Sectie(titel="Uw ideeën", volgorde=1)
    peiling.secties.extend([een, twee])
    _vraag(
        peiling,
        een,
        Soort.ENKEL,
        "Hoe gaat u meestal naar de stad?",
        verplicht=True,
        opties=["Fiets", "Bus", "Auto"],
    )
    _vraag(
        peiling,
        een,
        Soort.MEER,
        "Wat wilt u meer?",
        max_keuzes=2,
        opties=["Bomen", "Bankjes", "Fietsrekken", "Licht"],
    )
    _vraag(
        peiling,
        een,
        Soort.SCHAAL,
        "Hoe tevreden bent u?",
        schaal_max=5,
        label_laag="Niet",
        label_hoog="Heel",
    )
    _vraag(
        peiling,
        twee,
        Soort.RANGORDE,
        "Wat is het belangrijkst?",
        opties=["Veilig", "Snel", "Goedkoop"],
    )
    _vraag(peiling, twee, Soort.OPEN, "Heeft u een idee?")
    _vraag(peiling, twee, Soort.GETAL, "Hoe oud is uw jongste kind?", getal_min=0, getal_max=18)
    db.session.flush()
    vragen = peiling.vragen_op_volgorde()
    bus = vragen[0].opties[1]
    _vraag(
        peiling,
        twee,
        Soort.ENKEL,
        "Hoe vaak neemt u de bus?",
        toon_als_vraag_id=vragen[0].id,
        toon_als_optie_id=bus.id,
        opties=["Elke dag", "Soms"],
    )
    db.session.commit()
    set_state(peiling, staat)
    return peiling


def q(peiling: Peiling) -> dict[str, Vraag]:
    names = ["vervoer", "wensen", "tevreden", "volgorde", "idee", "kind", "bus"]
    return dict(zip(names, peiling.vragen_op_volgorde(), strict=True))


def answers(peiling: Peiling, *, vervoer: int = 0, **overrides: Any) -> dict[str, Any]:
    """Form data of a complete response (both pages)."""
    v = q(peiling)
    data: dict[str, Any] = {
        f"v{v['vervoer'].id}": str(v["vervoer"].opties[vervoer].id),
        f"v{v['wensen'].id}": [str(v["wensen"].opties[0].id), str(v["wensen"].opties[2].id)],
        f"v{v['tevreden'].id}": "4",
        f"v{v['idee'].id}": "Meer groen. Mail me op jan@example.org of bel 06-12345678.",
        f"v{v['kind'].id}": "7",
    }
    for place, optie in enumerate(v["volgorde"].opties, start=1):
        data[f"v{v['volgorde'].id}-{optie.id}"] = str(place)
    if vervoer == 1:
        data[f"v{v['bus'].id}"] = str(v["bus"].opties[0].id)
    data.update(overrides)
    return {k: val for k, val in data.items() if val is not None}
