"""Phases of a traject and the table of what residents may do in each phase.

A traject (participation project) has dated phases. The phase that began last decides which
actions are open, as in adhocracy+: one table, read by the permission predicates and the tests.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Fase(enum.StrEnum):
    VOORBEREIDING = "voorbereiding"  # before the first phase starts: nothing open yet
    IDEEEN = "ideeen"  # ideas in
    STEUNEN = "steunen"  # support only
    BEANTWOORDEN = "beantwoorden"  # the municipality answers; reactions still possible
    RESULTATEN = "resultaten"  # results published; read only
    GESLOTEN = "gesloten"
    DOORLOPEND = "doorlopend"  # the standing traject: always open


class Actie(enum.StrEnum):
    INDIENEN = "indienen"  # post a new idea
    BEWERKEN = "bewerken"  # edit one's own idea
    STEUNEN = "steunen"  # support or withdraw a support
    REAGEREN = "reageren"


ALL_ACTIONS = frozenset(Actie)

TOEGESTAAN: dict[Fase, frozenset[Actie]] = {
    Fase.VOORBEREIDING: frozenset(),
    Fase.IDEEEN: ALL_ACTIONS,
    Fase.STEUNEN: frozenset({Actie.STEUNEN, Actie.REAGEREN}),
    Fase.BEANTWOORDEN: frozenset({Actie.REAGEREN}),
    Fase.RESULTATEN: frozenset(),
    Fase.GESLOTEN: frozenset(),
    Fase.DOORLOPEND: ALL_ACTIONS,
}

FASE_LABELS = {
    Fase.VOORBEREIDING: _l("Start binnenkort"),
    Fase.IDEEEN: _l("Ideeën insturen"),
    Fase.STEUNEN: _l("Ideeën steunen"),
    Fase.BEANTWOORDEN: _l("De gemeente geeft antwoord"),
    Fase.RESULTATEN: _l("Resultaten"),
    Fase.GESLOTEN: _l("Gesloten"),
    Fase.DOORLOPEND: _l("Altijd open"),
}


def allowed(fase: Fase, actie: Actie) -> bool:
    return actie in TOEGESTAAN[fase]
