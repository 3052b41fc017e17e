"""Shared pieces of the registration: limits, the error, the question, the answers and the
registrations of a beraad."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.aanmelding_models import (
    AanmeldStatus,
    BeraadAanmelding,
)
from open_nijmegen.inwonersberaad.models import Beraad, Fase

OPEN_FASEN = (Fase.WERVING, Fase.AANMELDING)
MAX_SESSIES = 20
POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")
HUISNUMMER = re.compile(r"[1-9][0-9]{0,4}([ -]?[A-Za-z0-9]{1,6})?")

# The question for the features a beraad usually has; any other feature is asked by its name.
_VRAGEN = {
    "leeftijd": "Hoe oud bent u?",
    "leeftijdsgroep": "Hoe oud bent u?",
    "geslacht": "Wat is uw geslacht?",
    "gender": "Wat is uw geslacht?",
    "wijk": "In welke wijk woont u?",
    "stadsdeel": "In welk deel van de stad woont u?",
    "opleiding": "Wat is de hoogste opleiding die u heeft afgemaakt?",
    "opleidingsniveau": "Wat is de hoogste opleiding die u heeft afgemaakt?",
    "mening": "Wat vindt u nu van het onderwerp?",
}


class AanmeldFout(Exception):
    """The registration cannot be stored; ``message`` is the B1 text for the form."""

    def __init__(self, message: str, veld: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.veld = veld


@dataclass(frozen=True)
class Vraag:
    kenmerk: str
    tekst: str
    waarden: tuple[str, ...]


@dataclass
class Gegevens:
    kenmerken: dict[str, str]
    naam: str
    email: str
    telefoon: str
    postcode: str
    huisnummer: str
    beschikbaar: list[str] = field(default_factory=list)
    toegankelijkheid: str = ""
    kinderopvang: bool = False
    tolk: str = ""


def aanmeldingen(beraad: Beraad, *statussen: AanmeldStatus) -> list[BeraadAanmelding]:
    query = sa.select(BeraadAanmelding).where(BeraadAanmelding.beraad_id == beraad.id)
    if statussen:
        query = query.where(BeraadAanmelding.status.in_(statussen))
    return list(db.session.scalars(query.order_by(BeraadAanmelding.id)))


def aantal(beraad: Beraad) -> int:
    return int(
        db.session.scalar(sa.select(sa.func.count()).where(BeraadAanmelding.beraad_id == beraad.id))
        or 0
    )
