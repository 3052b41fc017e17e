"""Phases of a begroting and what residents may do in each: one table, read by the
permission predicates and the permission-grid test.

A begroting has five dated phases. The phase that began last is the current one (the same
rule as a traject's, ``core.phases.phase_at``). Before the first: voorbereiding.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Fase(enum.StrEnum):
    VOORBEREIDING = "voorbereiding"
    PLANNEN = "plannen"  # residents send plans
    HAALBAARHEID = "haalbaarheid"  # officers check plans and set their cost
    STEMMEN = "stemmen"  # residents vote
    UITSLAG = "uitslag"  # voting closed; counted and published
    UITVOERING = "uitvoering"  # the winners are carried out


class Actie(enum.StrEnum):
    INDIENEN = "indienen"  # send a plan
    REAGEREN = "reageren"
    STEMMEN = "stemmen"  # cast or change a ballot
    # officers
    BEOORDELEN = "beoordelen"  # feasibility, official cost, merge, reject
    STEMLIJST = "stemlijst"  # publish the ballot list
    PAPIER = "papier"  # enter a paper ballot
    TELLEN = "tellen"  # count the ballots
    VOORTGANG = "voortgang"  # progress of a winner


TOEGESTAAN: dict[Fase, frozenset[Actie]] = {
    Fase.VOORBEREIDING: frozenset(),
    Fase.PLANNEN: frozenset({Actie.INDIENEN, Actie.REAGEREN, Actie.BEOORDELEN}),
    Fase.HAALBAARHEID: frozenset({Actie.REAGEREN, Actie.BEOORDELEN, Actie.STEMLIJST}),
    Fase.STEMMEN: frozenset({Actie.REAGEREN, Actie.STEMMEN, Actie.PAPIER}),
    Fase.UITSLAG: frozenset({Actie.REAGEREN, Actie.PAPIER, Actie.TELLEN, Actie.VOORTGANG}),
    Fase.UITVOERING: frozenset({Actie.REAGEREN, Actie.TELLEN, Actie.VOORTGANG}),
}

FASE_LABELS = {
    Fase.VOORBEREIDING: _l("Start binnenkort"),
    Fase.PLANNEN: _l("Plannen insturen"),
    Fase.HAALBAARHEID: _l("De gemeente bekijkt de plannen"),
    Fase.STEMMEN: _l("Stemmen"),
    Fase.UITSLAG: _l("Uitslag"),
    Fase.UITVOERING: _l("Uitvoering"),
}

# The order of the dated phases, with the column that holds each start.
FASE_KOLOMMEN: tuple[tuple[Fase, str], ...] = (
    (Fase.PLANNEN, "plannen_vanaf"),
    (Fase.HAALBAARHEID, "haalbaarheid_vanaf"),
    (Fase.STEMMEN, "stemmen_vanaf"),
    (Fase.UITSLAG, "uitslag_vanaf"),
    (Fase.UITVOERING, "uitvoering_vanaf"),
)


def allowed(fase: Fase, actie: Actie) -> bool:
    return actie in TOEGESTAAN[fase]
