"""The workflow of an uitdaging (right-to-challenge case) as one transition table.

Pure code: no Flask, no database. A service asks ``transition(status, actie, actor, feiten)``
for the next status; anything that is not a row in a table is refused with
``TransitionNotAllowed``.

Main path::

    concept -> ingediend -> ontvankelijkheidstoets
        -> aanvulling_gevraagd (clock paused) -> back to ontvankelijkheidstoets,
           or buiten_behandeling when the term passed unused (Awb 4:5)
        -> niet_ontvankelijk
        -> in_behandeling -> [verdaagd, once] -> toegekend | deels_toegekend | afgewezen
    toegekend | deels_toegekend -> overeenkomst -> in_uitvoering (progress reports)
        -> evaluatie -> afgerond
    ingetrokken: by the challenger, only before a decision.

Bezwaar (objection) is a side path with its own status (``BezwaarStatus``) and its own table,
because it runs next to the case: a bezwaar does not stop the decision from working (Awb 6:16),
so the case keeps its status (for example ``toegekend`` -> ``overeenkomst``) while the bezwaar
runs. A bezwaar can be started from every status that carries a decision. It ends as
``gegrond`` (the case goes back to ``in_behandeling`` for a new decision: the SYSTEM actor
applies ``Actie.HEROVERWEEG``, see ``BEZWAAR_GEVOLG``), ``ongegrond`` (the case keeps its
status), ``niet_ontvankelijk`` or ``ingetrokken``.

Conditions that depend on dates (one extension only, the aanvulling term has passed, the bezwaar
term is still open) are ``Voorwaarde`` values on a row. The caller passes them as ``Feiten``,
usually computed with ``termijnen.CaseClock``. ``Feiten()`` denies every condition, so a caller
that forgets them is refused rather than let through.

User-facing strings are B1 Dutch and wrapped in ``N_`` so ``pybabel extract`` finds them; the
web layer translates them with ``gettext`` when it shows them.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from open_nijmegen.uitdaagrecht.termijnen import format_datum

__all__ = [
    "BEZWAAR_GEVOLG",
    "BEZWAAR_START_TRANSITIONS",
    "BEZWAAR_TRANSITIONS",
    "STANDAARD_CRITERIA",
    "TRANSITIONS",
    "Actie",
    "Actor",
    "BezwaarStatus",
    "Feiten",
    "Status",
    "StatusInfo",
    "Transition",
    "TransitionNotAllowed",
    "Veld",
    "VeldSoort",
    "Voorwaarde",
    "allowed_bezwaar_starts",
    "allowed_bezwaar_transitions",
    "allowed_transitions",
    "bezwaar_transition",
    "get_bezwaar_start",
    "get_bezwaar_transition",
    "get_transition",
    "start_bezwaar",
    "transition",
]


def N_(message: str) -> str:
    """Mark a string for translation without translating it (gettext_noop)."""
    return message


# ---------------------------------------------------------------------------------------------
# Who acts
# ---------------------------------------------------------------------------------------------


class Actor(enum.StrEnum):
    """Who takes a step."""

    CHALLENGER = "uitdager"  # the resident or organisation that filed the uitdaging
    OFFICER = "medewerker"  # a participatiemedewerker of the municipality
    SYSTEM = "systeem"  # the application itself, as a consequence of another step


# ---------------------------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusInfo:
    """Texts and flags of one status.

    * ``label``: short B1 name for badges and lists.
    * ``wat_nu``: B1 text for the challenger: what happens now and what comes next.
    * ``is_closed``: the case (or bezwaar) is finished, unless a bezwaar reopens it.
    * ``clock_running``: the decision term runs in this status. While an aanvulling is asked
      it is paused; ``termijnen.CaseClock`` knows when it legally runs again.
    * ``heeft_besluit``: a decision was taken, so a bezwaar is possible (within its term).
    * ``is_public_decision``: the decision is published (Woo), without personal data.
    * ``toont_bezwaartermijn``: the page shows until when bezwaar is possible.
    * ``wacht_op``: who has to act next (None when nobody has to).
    """

    label: str
    wat_nu: str
    is_closed: bool = False
    clock_running: bool = False
    heeft_besluit: bool = False
    is_public_decision: bool = False
    toont_bezwaartermijn: bool = False
    wacht_op: Actor | None = None


class _InfoMixin:
    """Gives a status enum the properties of its ``StatusInfo``."""

    @property
    def info(self) -> StatusInfo:
        return _INFO[type(self)][self]  # type: ignore[index]

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def wat_nu(self) -> str:
        return self.info.wat_nu

    @property
    def is_closed(self) -> bool:
        return self.info.is_closed

    @property
    def clock_running(self) -> bool:
        return self.info.clock_running

    @property
    def heeft_besluit(self) -> bool:
        return self.info.heeft_besluit

    @property
    def is_public_decision(self) -> bool:
        return self.info.is_public_decision

    @property
    def toont_bezwaartermijn(self) -> bool:
        return self.info.toont_bezwaartermijn

    @property
    def wacht_op(self) -> Actor | None:
        return self.info.wacht_op


class Status(_InfoMixin, enum.StrEnum):
    """Status of an uitdaging. The values are stored in the database."""

    CONCEPT = "concept"
    INGEDIEND = "ingediend"
    ONTVANKELIJKHEIDSTOETS = "ontvankelijkheidstoets"
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd"
    NIET_ONTVANKELIJK = "niet_ontvankelijk"
    BUITEN_BEHANDELING = "buiten_behandeling"
    IN_BEHANDELING = "in_behandeling"
    VERDAAGD = "verdaagd"
    TOEGEKEND = "toegekend"
    DEELS_TOEGEKEND = "deels_toegekend"
    AFGEWEZEN = "afgewezen"
    OVEREENKOMST = "overeenkomst"
    IN_UITVOERING = "in_uitvoering"
    EVALUATIE = "evaluatie"
    AFGEROND = "afgerond"
    INGETROKKEN = "ingetrokken"


class BezwaarStatus(_InfoMixin, enum.StrEnum):
    """Status of a bezwaar against a decision on an uitdaging."""

    INGEDIEND = "ingediend"
    HERSTEL_GEVRAAGD = "herstel_gevraagd"  # Awb 6:6: the bezwaar is incomplete
    IN_BEHANDELING = "in_behandeling"
    VERDAAGD = "verdaagd"  # Awb 7:10 lid 3
    GEGROND = "gegrond"
    ONGEGROND = "ongegrond"
    NIET_ONTVANKELIJK = "niet_ontvankelijk"
    INGETROKKEN = "ingetrokken"


# Two dicts, not one: members of the two enums with the same value ("ingediend") are equal
# strings and would collide as keys of one dict.
_STATUS_INFO: dict[Status, StatusInfo] = {
    Status.CONCEPT: StatusInfo(
        label=N_("Concept"),
        wat_nu=N_(
            "U bent nog bezig met uw uitdaging. Wij hebben hem nog niet ontvangen. "
            "Maak het formulier af en dien het in."
        ),
        wacht_op=Actor.CHALLENGER,
    ),
    Status.INGEDIEND: StatusInfo(
        label=N_("Ingediend"),
        wat_nu=N_(
            "Wij hebben uw uitdaging ontvangen. U krijgt een bevestiging met een nummer. "
            "Een medewerker kijkt binnenkort of alles compleet is."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.ONTVANKELIJKHEIDSTOETS: StatusInfo(
        label=N_("Controle van de aanvraag"),
        wat_nu=N_(
            "Wij kijken of uw uitdaging compleet is. En of hij past binnen de regels. "
            "Mist er iets? Dan vragen wij u om meer informatie."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.AANVULLING_GEVRAAGD: StatusInfo(
        label=N_("Informatie gevraagd"),
        wat_nu=N_(
            "Wij hebben meer informatie van u nodig. Stuur die vóór de datum in onze vraag. "
            "Zolang wij wachten, staat de termijn voor ons besluit stil. "
            "Krijgen wij niets? Dan kunnen wij stoppen met uw uitdaging."
        ),
        wacht_op=Actor.CHALLENGER,
    ),
    Status.NIET_ONTVANKELIJK: StatusInfo(
        label=N_("Past niet binnen de regels"),
        wat_nu=N_(
            "Uw uitdaging past niet binnen de regels voor het uitdaagrecht. "
            "Daarom behandelen wij hem niet. In ons besluit staat waarom. "
            "Bent u het er niet mee eens? Dan kunt u bezwaar maken. "
            "Op deze pagina staat tot wanneer dat kan."
        ),
        is_closed=True,
        heeft_besluit=True,
        toont_bezwaartermijn=True,
    ),
    Status.BUITEN_BEHANDELING: StatusInfo(
        label=N_("Niet verder behandeld"),
        wat_nu=N_(
            "Wij hebben de gevraagde informatie niet op tijd gekregen. "
            "Daarom behandelen wij uw uitdaging niet verder. "
            "Bent u het er niet mee eens? Dan kunt u bezwaar maken. "
            "Op deze pagina staat tot wanneer dat kan."
        ),
        is_closed=True,
        heeft_besluit=True,
        toont_bezwaartermijn=True,
    ),
    Status.IN_BEHANDELING: StatusInfo(
        label=N_("In behandeling"),
        wat_nu=N_(
            "Uw uitdaging is compleet. Wij beoordelen hem nu. "
            "Op deze pagina ziet u wanneer ons besluit uiterlijk komt."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.VERDAAGD: StatusInfo(
        label=N_("Besluit uitgesteld"),
        wat_nu=N_(
            "Wij hebben meer tijd nodig voor ons besluit. U heeft daarover een bericht "
            "gekregen. Op deze pagina ziet u de nieuwe datum."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.TOEGEKEND: StatusInfo(
        label=N_("Toegekend"),
        wat_nu=N_(
            "Goed nieuws: u mag de taak uitvoeren. Wij maken nu samen met u afspraken. "
            "Die leggen wij vast in een overeenkomst."
        ),
        heeft_besluit=True,
        is_public_decision=True,
        toont_bezwaartermijn=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.DEELS_TOEGEKEND: StatusInfo(
        label=N_("Deels toegekend"),
        wat_nu=N_(
            "U mag een deel van de taak uitvoeren. In ons besluit staat welk deel, en waarom. "
            "Wij maken nu samen afspraken over dat deel. "
            "Bent u het niet eens met het besluit? Dan kunt u bezwaar maken."
        ),
        heeft_besluit=True,
        is_public_decision=True,
        toont_bezwaartermijn=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.AFGEWEZEN: StatusInfo(
        label=N_("Afgewezen"),
        wat_nu=N_(
            "U mag de taak niet uitvoeren. In ons besluit staat per punt waarom. "
            "Bent u het er niet mee eens? Dan kunt u bezwaar maken. "
            "Op deze pagina staat tot wanneer dat kan."
        ),
        is_closed=True,
        heeft_besluit=True,
        is_public_decision=True,
        toont_bezwaartermijn=True,
    ),
    Status.OVEREENKOMST: StatusInfo(
        label=N_("Afspraken gemaakt"),
        wat_nu=N_(
            "Wij hebben samen afspraken gemaakt. Die staan in de overeenkomst. "
            "Binnenkort begint u met de taak."
        ),
        heeft_besluit=True,
        is_public_decision=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.IN_UITVOERING: StatusInfo(
        label=N_("In uitvoering"),
        wat_nu=N_(
            "U voert de taak nu uit. Vertel ons regelmatig hoe het gaat. Dat doet u op deze pagina."
        ),
        heeft_besluit=True,
        is_public_decision=True,
        wacht_op=Actor.CHALLENGER,
    ),
    Status.EVALUATIE: StatusInfo(
        label=N_("Evaluatie"),
        wat_nu=N_(
            "De taak is klaar. Wij kijken nu samen met u terug. "
            "Wat ging goed? Wat kan beter? De uitkomst komt op deze pagina."
        ),
        heeft_besluit=True,
        is_public_decision=True,
        wacht_op=Actor.OFFICER,
    ),
    Status.AFGEROND: StatusInfo(
        label=N_("Afgerond"),
        wat_nu=N_("De uitdaging is afgerond. Op deze pagina leest u hoe het is gegaan."),
        is_closed=True,
        heeft_besluit=True,
        is_public_decision=True,
    ),
    Status.INGETROKKEN: StatusInfo(
        label=N_("Ingetrokken"),
        wat_nu=N_("U heeft uw uitdaging ingetrokken. Wij behandelen hem niet verder."),
        is_closed=True,
    ),
}

_BEZWAAR_INFO: dict[BezwaarStatus, StatusInfo] = {
    BezwaarStatus.INGEDIEND: StatusInfo(
        label=N_("Bezwaar ontvangen"),
        wat_nu=N_(
            "Wij hebben uw bezwaar ontvangen. Een medewerker kijkt of alles compleet is. "
            "Op deze pagina ziet u wanneer onze beslissing uiterlijk komt."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    BezwaarStatus.HERSTEL_GEVRAAGD: StatusInfo(
        label=N_("Informatie gevraagd"),
        wat_nu=N_(
            "Uw bezwaar is nog niet compleet. Wij hebben u om meer informatie gevraagd. "
            "Stuur die vóór de datum in onze vraag. Zolang wij wachten, staat de termijn stil."
        ),
        wacht_op=Actor.CHALLENGER,
    ),
    BezwaarStatus.IN_BEHANDELING: StatusInfo(
        label=N_("Bezwaar in behandeling"),
        wat_nu=N_(
            "Wij bekijken ons besluit opnieuw. Misschien vragen wij u om uw bezwaar uit te "
            "leggen. Op deze pagina ziet u wanneer onze beslissing uiterlijk komt."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    BezwaarStatus.VERDAAGD: StatusInfo(
        label=N_("Beslissing uitgesteld"),
        wat_nu=N_(
            "Wij hebben meer tijd nodig voor de beslissing op uw bezwaar. "
            "Op deze pagina ziet u de nieuwe datum."
        ),
        clock_running=True,
        wacht_op=Actor.OFFICER,
    ),
    BezwaarStatus.GEGROND: StatusInfo(
        label=N_("Gegrond: u krijgt gelijk"),
        wat_nu=N_("U krijgt gelijk. Daarom nemen wij een nieuw besluit over uw uitdaging."),
        is_closed=True,
        heeft_besluit=True,
    ),
    BezwaarStatus.ONGEGROND: StatusInfo(
        label=N_("Ongegrond: het besluit blijft"),
        wat_nu=N_(
            "U krijgt geen gelijk. Het besluit blijft zoals het was. "
            "Bent u het daar niet mee eens? Dan kunt u in beroep gaan bij de rechter. "
            "In onze beslissing staat hoe dat werkt."
        ),
        is_closed=True,
        heeft_besluit=True,
    ),
    BezwaarStatus.NIET_ONTVANKELIJK: StatusInfo(
        label=N_("Bezwaar niet behandeld"),
        wat_nu=N_(
            "Wij kunnen uw bezwaar niet behandelen. Bijvoorbeeld omdat het te laat was. "
            "In onze beslissing staat de reden. Daar staat ook wat u nog kunt doen."
        ),
        is_closed=True,
        heeft_besluit=True,
    ),
    BezwaarStatus.INGETROKKEN: StatusInfo(
        label=N_("Bezwaar ingetrokken"),
        wat_nu=N_("U heeft uw bezwaar ingetrokken. Wij behandelen het niet verder."),
        is_closed=True,
    ),
}

_INFO: dict[type, Mapping[enum.StrEnum, StatusInfo]] = {
    Status: _STATUS_INFO,  # type: ignore[dict-item]
    BezwaarStatus: _BEZWAAR_INFO,  # type: ignore[dict-item]
}


# ---------------------------------------------------------------------------------------------
# Actions, fields and conditions
# ---------------------------------------------------------------------------------------------


class Actie(enum.StrEnum):
    """Names of the steps. Used in URLs, forms and the history table."""

    DIEN_IN = "dien_in"
    START_TOETS = "start_toets"
    VRAAG_AANVULLING = "vraag_aanvulling"
    LEVER_AANVULLING = "lever_aanvulling"  # the challenger sends it on the site
    ONTVANG_AANVULLING = "ontvang_aanvulling"  # the officer records it (by post or e-mail)
    HERVAT_ZONDER_AANVULLING = "hervat_zonder_aanvulling"
    SLUIT_BUITEN_BEHANDELING = "sluit_buiten_behandeling"
    VERKLAAR_NIET_ONTVANKELIJK = "verklaar_niet_ontvankelijk"
    NEEM_IN_BEHANDELING = "neem_in_behandeling"
    VERDAAG = "verdaag"
    BESLUIT_TOEKENNEN = "besluit_toekennen"
    BESLUIT_DEELS_TOEKENNEN = "besluit_deels_toekennen"
    BESLUIT_AFWIJZEN = "besluit_afwijzen"
    TREK_IN = "trek_in"
    SLUIT_OVEREENKOMST = "sluit_overeenkomst"
    STOP_ZONDER_UITVOERING = "stop_zonder_uitvoering"
    START_UITVOERING = "start_uitvoering"
    MELD_VOORTGANG = "meld_voortgang"
    START_EVALUATIE = "start_evaluatie"
    ROND_AF = "rond_af"
    HEROVERWEEG = "heroverweeg"
    # bezwaar
    MAAK_BEZWAAR = "maak_bezwaar"
    REGISTREER_BEZWAAR = "registreer_bezwaar"
    START_BEHANDELING = "start_behandeling"
    VRAAG_HERSTEL = "vraag_herstel"
    VERKLAAR_GEGROND = "verklaar_gegrond"
    VERKLAAR_ONGEGROND = "verklaar_ongegrond"


class VeldSoort(enum.StrEnum):
    """How a field is checked and shown."""

    TEKST = "tekst"  # non-empty text
    DATUM = "datum"  # a date (shown in Dutch)
    CRITERIA = "criteria"  # a mapping criterion code -> reason, one reason per criterion


class Veld(enum.StrEnum):
    """A field that a step needs. The values are the keys of the ``velden`` mapping."""

    REDEN = "reden"
    GEVRAAGDE_AANVULLING = "gevraagde_aanvulling"
    AANVULLEN_VOOR = "aanvullen_voor"
    AANVULLING = "aanvulling"
    ONTVANGEN_OP = "ontvangen_op"
    NIEUWE_BESLISDATUM = "nieuwe_beslisdatum"
    CRITERIA = "criteria"
    TOEGEKEND_DEEL = "toegekend_deel"
    RECHTSMIDDELEN = "rechtsmiddelen"
    VERZONDEN_OP = "verzonden_op"
    SAMENVATTING_OVEREENKOMST = "samenvatting_overeenkomst"
    VOORTGANG = "voortgang"
    EVALUATIE = "evaluatie"
    GRONDEN = "gronden"

    @property
    def soort(self) -> VeldSoort:
        return _VELD_INFO[self][0]

    @property
    def label(self) -> str:
        return _VELD_INFO[self][1]

    @property
    def foutmelding(self) -> str:
        return _VELD_INFO[self][2]


_VELD_INFO: dict[Veld, tuple[VeldSoort, str, str]] = {
    Veld.REDEN: (VeldSoort.TEKST, N_("Reden"), N_("Schrijf de reden op.")),
    Veld.GEVRAAGDE_AANVULLING: (
        VeldSoort.TEKST,
        N_("Welke informatie ontbreekt"),
        N_("Schrijf op welke informatie ontbreekt."),
    ),
    Veld.AANVULLEN_VOOR: (
        VeldSoort.DATUM,
        N_("Uiterste datum voor de informatie"),
        N_("Kies een geldige datum."),
    ),
    Veld.AANVULLING: (
        VeldSoort.TEKST,
        N_("De gevraagde informatie"),
        N_("Vul de gevraagde informatie in."),
    ),
    Veld.ONTVANGEN_OP: (VeldSoort.DATUM, N_("Datum van ontvangst"), N_("Kies een geldige datum.")),
    Veld.NIEUWE_BESLISDATUM: (
        VeldSoort.DATUM,
        N_("Nieuwe datum voor het besluit"),
        N_("Kies een geldige datum."),
    ),
    Veld.CRITERIA: (
        VeldSoort.CRITERIA,
        N_("Uitleg per punt"),
        N_("Schrijf bij elk punt een uitleg."),
    ),
    Veld.TOEGEKEND_DEEL: (
        VeldSoort.TEKST,
        N_("Welk deel is toegekend"),
        N_("Schrijf op welk deel is toegekend."),
    ),
    Veld.RECHTSMIDDELEN: (
        VeldSoort.TEKST,
        N_("Uitleg over bezwaar en beroep"),
        N_("Vul de uitleg over bezwaar en beroep in."),
    ),
    Veld.VERZONDEN_OP: (VeldSoort.DATUM, N_("Datum van verzending"), N_("Kies een geldige datum.")),
    Veld.SAMENVATTING_OVEREENKOMST: (
        VeldSoort.TEKST,
        N_("Korte samenvatting van de afspraken"),
        N_("Schrijf een korte samenvatting van de afspraken."),
    ),
    Veld.VOORTGANG: (VeldSoort.TEKST, N_("Hoe gaat het?"), N_("Schrijf op hoe het gaat.")),
    Veld.EVALUATIE: (
        VeldSoort.TEKST,
        N_("Korte samenvatting van de evaluatie"),
        N_("Schrijf een korte samenvatting van de evaluatie."),
    ),
    Veld.GRONDEN: (
        VeldSoort.TEKST,
        N_("Waarom bent u het niet eens met het besluit?"),
        N_("Schrijf op waarom u het niet eens bent met het besluit."),
    ),
}

#: Default assessment criteria (DOMAIN.md). The participatieverordening decides the real list;
#: pass it to ``Transition.controleer_velden``. Keys are stored codes, values B1 labels.
STANDAARD_CRITERIA: Mapping[str, str] = {
    "waarde": N_("Waarde voor de buurt of de stad"),
    "haalbaar": N_("Het plan is haalbaar"),
    "draagvlak": N_("Steun van bewoners"),
    "blijvend": N_("Het resultaat blijft"),
    "veilig_en_wettig": N_("Veilig en volgens de wet"),
    "geen_nadeel": N_("Geen nadeel voor anderen"),
    "past_bij_contracten": N_("Past bij lopende contracten"),
    "budget": N_("Er is geld voor de taak"),
}


class Voorwaarde(enum.StrEnum):
    """A condition on a row that depends on dates; the caller supplies it in ``Feiten``."""

    VERDAGING_MOGELIJK = "verdaging_mogelijk"
    AANVULLINGSTERMIJN_VERSTREKEN = "aanvullingstermijn_verstreken"
    BEZWAARTERMIJN_OPEN = "bezwaartermijn_open"

    @property
    def melding(self) -> str:
        """B1 message shown when the condition is not met."""
        return _VOORWAARDE_MELDING[self]


_VOORWAARDE_MELDING: dict[Voorwaarde, str] = {
    Voorwaarde.VERDAGING_MOGELIJK: N_(
        "Het besluit is al een keer uitgesteld. Dat kan maar één keer."
    ),
    Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN: N_(
        "De termijn voor de informatie is nog niet voorbij. Wacht tot die voorbij is."
    ),
    Voorwaarde.BEZWAARTERMIJN_OPEN: N_(
        "De termijn voor bezwaar is voorbij. Neem contact op met de gemeente."
    ),
}


@dataclass(frozen=True)
class Feiten:
    """Facts that the conditions need. The defaults deny every condition.

    * ``verdaging_mogelijk``: the term was not extended yet (``CaseClock.kan_verdagen``).
    * ``aanvullingstermijn_verstreken``: the term for the aanvulling passed unused
      (``CaseClock.state(vandaag).aanvulling_verstreken``).
    * ``bezwaartermijn_open``: a bezwaar is still in time (``termijnen.bezwaartermijn_open``).
    """

    verdaging_mogelijk: bool = False
    aanvullingstermijn_verstreken: bool = False
    bezwaartermijn_open: bool = False

    def voldoet_aan(self, voorwaarde: Voorwaarde) -> bool:
        return bool(getattr(self, voorwaarde.value))


# ---------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------

V = TypeVar("V", Status, BezwaarStatus)
N = TypeVar("N", Status, BezwaarStatus)

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Transition(Generic[V, N]):
    """One row of a transition table.

    * ``van`` / ``naar``: from and to status. ``actie``: the step. ``actor``: who may take it.
    * ``knop``: B1 button text. ``uitleg``: B1 template for the history row and the e-mail,
      with ``{veld}`` placeholders that are all in ``verplicht``.
    * ``verplicht``: the fields the step needs. ``voorwaarde``: an optional date condition.
    """

    van: V
    actie: Actie
    naar: N
    actor: Actor
    knop: str
    uitleg: str
    verplicht: tuple[Veld, ...] = ()
    voorwaarde: Voorwaarde | None = None

    @property
    def placeholders(self) -> frozenset[str]:
        """The ``{names}`` used in ``uitleg``."""
        return frozenset(name for _, name, _, _ in _FORMATTER.parse(self.uitleg) if name)

    def controleer_velden(
        self,
        velden: Mapping[str, object],
        criteria: Mapping[str, str] = STANDAARD_CRITERIA,
    ) -> dict[Veld, str]:
        """Check the required fields; returns ``{veld: B1 error}`` (empty when all is well).

        Text must not be blank; a date must be a ``date`` (not a ``datetime``); criteria must
        give a non-blank reason for every criterion in ``criteria``.
        """
        fouten: dict[Veld, str] = {}
        for veld in self.verplicht:
            if not _veld_ok(veld, velden.get(veld.value), criteria):
                fouten[veld] = veld.foutmelding
        return fouten

    def maak_uitleg(self, velden: Mapping[str, object]) -> str:
        """The explanation for the history row, with the fields filled in (dates in Dutch).

        Raises ``ValueError`` when a field used in the text is missing or invalid.
        """
        waarden: dict[str, str] = {}
        for naam in self.placeholders:
            veld = Veld(naam)
            waarde = velden.get(naam)
            if not _veld_ok(veld, waarde, STANDAARD_CRITERIA):
                raise ValueError(f"field {naam!r} is missing or invalid")
            waarden[naam] = (
                format_datum(waarde) if isinstance(waarde, date) else str(waarde).strip()
            )
        return self.uitleg.format_map(waarden)


def _veld_ok(veld: Veld, waarde: object, criteria: Mapping[str, str]) -> bool:
    if veld.soort is VeldSoort.DATUM:
        return isinstance(waarde, date) and not isinstance(waarde, datetime)
    if veld.soort is VeldSoort.CRITERIA:
        return isinstance(waarde, Mapping) and all(
            isinstance(waarde.get(code), str) and waarde[code].strip() for code in criteria
        )
    return isinstance(waarde, str) and bool(waarde.strip())


class TransitionNotAllowed(ValueError):
    """A step that the tables do not allow. ``str(exc)`` is a B1 Dutch message."""

    def __init__(
        self,
        melding: str,
        *,
        van: enum.StrEnum,
        actie: str,
        actor: Actor,
        voorwaarde: Voorwaarde | None = None,
    ) -> None:
        super().__init__(melding)
        self.melding = melding
        self.van = van
        self.actie = actie
        self.actor = actor
        self.voorwaarde = voorwaarde


# -- the tables -------------------------------------------------------------------------------

_BESLUIT_VELDEN = (Veld.CRITERIA, Veld.RECHTSMIDDELEN, Veld.VERZONDEN_OP)
_AFWIJS_VELDEN = (Veld.REDEN, Veld.RECHTSMIDDELEN, Veld.VERZONDEN_OP)

_S = Status
_B = BezwaarStatus
_C, _O, _SYS = Actor.CHALLENGER, Actor.OFFICER, Actor.SYSTEM

_BESLUIT_STATUSSEN = tuple(s for s in Status if s.heeft_besluit)
_VOOR_BESLUIT = (
    _S.INGEDIEND,
    _S.ONTVANKELIJKHEIDSTOETS,
    _S.AANVULLING_GEVRAAGD,
    _S.IN_BEHANDELING,
    _S.VERDAAGD,
)

_UITLEG_INTREKKEN = N_("U heeft uw uitdaging ingetrokken. Wij behandelen hem niet verder.")
_UITLEG_TOEKENNEN = N_(
    "Wij hebben besloten: u mag de taak uitvoeren. In ons besluit leest u de uitleg per punt."
)
_UITLEG_DEELS = N_(
    "Wij hebben besloten: u mag een deel van de taak uitvoeren. "
    "Dit deel mag u doen: {toegekend_deel}. In ons besluit leest u de uitleg per punt."
)
_UITLEG_AFWIJZEN = N_(
    "Wij hebben besloten: u mag de taak niet uitvoeren. In ons besluit leest u per punt waarom."
)
_UITLEG_STOP = N_(
    "De uitdaging stopt. De taak wordt niet door u uitgevoerd. Dit is de reden: {reden}"
)

TRANSITIONS: tuple[Transition[Status, Status], ...] = (
    Transition(
        _S.CONCEPT,
        Actie.DIEN_IN,
        _S.INGEDIEND,
        _C,
        knop=N_("Uitdaging indienen"),
        uitleg=N_("U heeft uw uitdaging ingediend. Wij hebben hem goed ontvangen."),
    ),
    Transition(
        _S.INGEDIEND,
        Actie.START_TOETS,
        _S.ONTVANKELIJKHEIDSTOETS,
        _O,
        knop=N_("Controle starten"),
        uitleg=N_("Wij kijken nu of uw uitdaging compleet is."),
    ),
    Transition(
        _S.ONTVANKELIJKHEIDSTOETS,
        Actie.VRAAG_AANVULLING,
        _S.AANVULLING_GEVRAAGD,
        _O,
        knop=N_("Informatie vragen"),
        uitleg=N_(
            "Wij hebben meer informatie nodig. Dit ontbreekt: {gevraagde_aanvulling}. "
            "Stuur dit uiterlijk op {aanvullen_voor}. "
            "Tot dan staat de termijn voor ons besluit stil."
        ),
        verplicht=(Veld.GEVRAAGDE_AANVULLING, Veld.AANVULLEN_VOOR),
    ),
    Transition(
        _S.AANVULLING_GEVRAAGD,
        Actie.LEVER_AANVULLING,
        _S.ONTVANKELIJKHEIDSTOETS,
        _C,
        knop=N_("Informatie sturen"),
        uitleg=N_(
            "U heeft de gevraagde informatie gestuurd. De termijn voor ons besluit loopt weer."
        ),
        verplicht=(Veld.AANVULLING,),
    ),
    Transition(
        _S.AANVULLING_GEVRAAGD,
        Actie.ONTVANG_AANVULLING,
        _S.ONTVANKELIJKHEIDSTOETS,
        _O,
        knop=N_("Informatie ontvangen"),
        uitleg=N_(
            "Wij hebben de gevraagde informatie ontvangen op {ontvangen_op}. "
            "De termijn voor ons besluit loopt weer."
        ),
        verplicht=(Veld.ONTVANGEN_OP,),
    ),
    Transition(
        _S.AANVULLING_GEVRAAGD,
        Actie.HERVAT_ZONDER_AANVULLING,
        _S.ONTVANKELIJKHEIDSTOETS,
        _O,
        knop=N_("Verder zonder de informatie"),
        uitleg=N_(
            "Wij hebben de gevraagde informatie niet op tijd gekregen. "
            "Toch kijken wij verder naar uw uitdaging."
        ),
        voorwaarde=Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN,
    ),
    Transition(
        _S.AANVULLING_GEVRAAGD,
        Actie.SLUIT_BUITEN_BEHANDELING,
        _S.BUITEN_BEHANDELING,
        _O,
        knop=N_("Niet verder behandelen"),
        uitleg=N_(
            "Wij hebben de gevraagde informatie niet op tijd gekregen. "
            "Daarom behandelen wij uw uitdaging niet verder. Dit is de reden: {reden}"
        ),
        verplicht=_AFWIJS_VELDEN,
        voorwaarde=Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN,
    ),
    Transition(
        _S.ONTVANKELIJKHEIDSTOETS,
        Actie.VERKLAAR_NIET_ONTVANKELIJK,
        _S.NIET_ONTVANKELIJK,
        _O,
        knop=N_("Past niet binnen de regels"),
        uitleg=N_(
            "Uw uitdaging past niet binnen de regels voor het uitdaagrecht. "
            "Daarom behandelen wij hem niet. Dit is de reden: {reden}"
        ),
        verplicht=_AFWIJS_VELDEN,
    ),
    Transition(
        _S.ONTVANKELIJKHEIDSTOETS,
        Actie.NEEM_IN_BEHANDELING,
        _S.IN_BEHANDELING,
        _O,
        knop=N_("In behandeling nemen"),
        uitleg=N_("Uw uitdaging is compleet. Wij beoordelen hem nu."),
    ),
    Transition(
        _S.IN_BEHANDELING,
        Actie.VERDAAG,
        _S.VERDAAGD,
        _O,
        knop=N_("Besluit uitstellen"),
        uitleg=N_(
            "Wij hebben meer tijd nodig voor ons besluit. "
            "U krijgt het uiterlijk op {nieuwe_beslisdatum}. Dit is de reden: {reden}"
        ),
        verplicht=(Veld.NIEUWE_BESLISDATUM, Veld.REDEN),
        voorwaarde=Voorwaarde.VERDAGING_MOGELIJK,
    ),
    *(
        row
        for van in (_S.IN_BEHANDELING, _S.VERDAAGD)
        for row in (
            Transition(
                van,
                Actie.BESLUIT_TOEKENNEN,
                _S.TOEGEKEND,
                _O,
                knop=N_("Toekennen"),
                uitleg=_UITLEG_TOEKENNEN,
                verplicht=_BESLUIT_VELDEN,
            ),
            Transition(
                van,
                Actie.BESLUIT_DEELS_TOEKENNEN,
                _S.DEELS_TOEGEKEND,
                _O,
                knop=N_("Deels toekennen"),
                uitleg=_UITLEG_DEELS,
                verplicht=(Veld.TOEGEKEND_DEEL, *_BESLUIT_VELDEN),
            ),
            Transition(
                van,
                Actie.BESLUIT_AFWIJZEN,
                _S.AFGEWEZEN,
                _O,
                knop=N_("Afwijzen"),
                uitleg=_UITLEG_AFWIJZEN,
                verplicht=_BESLUIT_VELDEN,
            ),
        )
    ),
    *(
        Transition(
            van,
            Actie.TREK_IN,
            _S.INGETROKKEN,
            _C,
            knop=N_("Uitdaging intrekken"),
            uitleg=_UITLEG_INTREKKEN,
        )
        for van in _VOOR_BESLUIT
    ),
    *(
        Transition(
            van,
            Actie.SLUIT_OVEREENKOMST,
            _S.OVEREENKOMST,
            _O,
            knop=N_("Overeenkomst vastleggen"),
            uitleg=N_(
                "Wij hebben samen afspraken gemaakt. Dit zijn de belangrijkste: "
                "{samenvatting_overeenkomst}"
            ),
            verplicht=(Veld.SAMENVATTING_OVEREENKOMST,),
        )
        for van in (_S.TOEGEKEND, _S.DEELS_TOEGEKEND)
    ),
    *(
        Transition(
            van,
            Actie.STOP_ZONDER_UITVOERING,
            _S.AFGEROND,
            _O,
            knop=N_("Stoppen zonder uitvoering"),
            uitleg=_UITLEG_STOP,
            verplicht=(Veld.REDEN,),
        )
        for van in (_S.TOEGEKEND, _S.DEELS_TOEGEKEND, _S.OVEREENKOMST)
    ),
    Transition(
        _S.OVEREENKOMST,
        Actie.START_UITVOERING,
        _S.IN_UITVOERING,
        _O,
        knop=N_("Uitvoering starten"),
        uitleg=N_("De uitvoering is begonnen. Vertel ons regelmatig hoe het gaat."),
    ),
    Transition(
        _S.IN_UITVOERING,
        Actie.MELD_VOORTGANG,
        _S.IN_UITVOERING,
        _C,
        knop=N_("Vertel hoe het gaat"),
        uitleg=N_("U heeft verteld hoe het gaat met de taak."),
        verplicht=(Veld.VOORTGANG,),
    ),
    Transition(
        _S.IN_UITVOERING,
        Actie.MELD_VOORTGANG,
        _S.IN_UITVOERING,
        _O,
        knop=N_("Voortgang toevoegen"),
        uitleg=N_("Er is een nieuw verslag over hoe het gaat met de taak."),
        verplicht=(Veld.VOORTGANG,),
    ),
    Transition(
        _S.IN_UITVOERING,
        Actie.START_EVALUATIE,
        _S.EVALUATIE,
        _O,
        knop=N_("Evaluatie starten"),
        uitleg=N_("De uitvoering is klaar. Wij kijken nu samen met u terug."),
    ),
    Transition(
        _S.EVALUATIE,
        Actie.ROND_AF,
        _S.AFGEROND,
        _O,
        knop=N_("Afronden"),
        uitleg=N_("De uitdaging is afgerond. Dit is de kern van de evaluatie: {evaluatie}"),
        verplicht=(Veld.EVALUATIE,),
    ),
    *(
        Transition(
            van,
            Actie.HEROVERWEEG,
            _S.IN_BEHANDELING,
            _SYS,
            knop=N_("Opnieuw beoordelen"),
            uitleg=N_(
                "U heeft gelijk gekregen op uw bezwaar. "
                "Daarom nemen wij een nieuw besluit over uw uitdaging."
            ),
        )
        for van in _BESLUIT_STATUSSEN
    ),
)

#: Starting a bezwaar: from a case status that carries a decision to a new bezwaar.
BEZWAAR_START_TRANSITIONS: tuple[Transition[Status, BezwaarStatus], ...] = tuple(
    row
    for van in _BESLUIT_STATUSSEN
    for row in (
        Transition(
            van,
            Actie.MAAK_BEZWAAR,
            _B.INGEDIEND,
            _C,
            knop=N_("Bezwaar maken"),
            uitleg=N_("U heeft bezwaar gemaakt tegen ons besluit. Wij hebben het goed ontvangen."),
            verplicht=(Veld.GRONDEN,),
            voorwaarde=Voorwaarde.BEZWAARTERMIJN_OPEN,
        ),
        # An officer records a bezwaar that came by post, also a late one: lateness can be
        # excused (Awb 6:11), otherwise the officer declares it niet-ontvankelijk.
        Transition(
            van,
            Actie.REGISTREER_BEZWAAR,
            _B.INGEDIEND,
            _O,
            knop=N_("Bezwaar registreren"),
            uitleg=N_("Wij hebben uw bezwaar ontvangen op {ontvangen_op}."),
            verplicht=(Veld.GRONDEN, Veld.ONTVANGEN_OP),
        ),
    )
)

_UITLEG_BEZWAAR_NIET_ONTVANKELIJK = N_(
    "Wij kunnen uw bezwaar niet behandelen. Dit is de reden: {reden}"
)

BEZWAAR_TRANSITIONS: tuple[Transition[BezwaarStatus, BezwaarStatus], ...] = (
    Transition(
        _B.INGEDIEND,
        Actie.START_BEHANDELING,
        _B.IN_BEHANDELING,
        _O,
        knop=N_("Behandeling starten"),
        uitleg=N_("Wij behandelen uw bezwaar nu."),
    ),
    Transition(
        _B.INGEDIEND,
        Actie.VRAAG_HERSTEL,
        _B.HERSTEL_GEVRAAGD,
        _O,
        knop=N_("Informatie vragen"),
        uitleg=N_(
            "Uw bezwaar is niet compleet. Dit ontbreekt: {gevraagde_aanvulling}. "
            "Stuur dit uiterlijk op {aanvullen_voor}."
        ),
        verplicht=(Veld.GEVRAAGDE_AANVULLING, Veld.AANVULLEN_VOOR),
    ),
    Transition(
        _B.HERSTEL_GEVRAAGD,
        Actie.LEVER_AANVULLING,
        _B.INGEDIEND,
        _C,
        knop=N_("Informatie sturen"),
        uitleg=N_("U heeft de ontbrekende informatie gestuurd."),
        verplicht=(Veld.AANVULLING,),
    ),
    Transition(
        _B.HERSTEL_GEVRAAGD,
        Actie.ONTVANG_AANVULLING,
        _B.INGEDIEND,
        _O,
        knop=N_("Informatie ontvangen"),
        uitleg=N_("Wij hebben de ontbrekende informatie ontvangen op {ontvangen_op}."),
        verplicht=(Veld.ONTVANGEN_OP,),
    ),
    # Awb 6:6: only after the objector had the chance to repair the omission.
    Transition(
        _B.HERSTEL_GEVRAAGD,
        Actie.VERKLAAR_NIET_ONTVANKELIJK,
        _B.NIET_ONTVANKELIJK,
        _O,
        knop=N_("Niet ontvankelijk"),
        uitleg=_UITLEG_BEZWAAR_NIET_ONTVANKELIJK,
        verplicht=_AFWIJS_VELDEN,
        voorwaarde=Voorwaarde.AANVULLINGSTERMIJN_VERSTREKEN,
    ),
    *(
        Transition(
            van,
            Actie.VERKLAAR_NIET_ONTVANKELIJK,
            _B.NIET_ONTVANKELIJK,
            _O,
            knop=N_("Niet ontvankelijk"),
            uitleg=_UITLEG_BEZWAAR_NIET_ONTVANKELIJK,
            verplicht=_AFWIJS_VELDEN,
        )
        for van in (_B.INGEDIEND, _B.IN_BEHANDELING, _B.VERDAAGD)
    ),
    Transition(
        _B.IN_BEHANDELING,
        Actie.VERDAAG,
        _B.VERDAAGD,
        _O,
        knop=N_("Beslissing uitstellen"),
        uitleg=N_(
            "Wij hebben meer tijd nodig voor de beslissing op uw bezwaar. "
            "U krijgt die uiterlijk op {nieuwe_beslisdatum}. Dit is de reden: {reden}"
        ),
        verplicht=(Veld.NIEUWE_BESLISDATUM, Veld.REDEN),
        voorwaarde=Voorwaarde.VERDAGING_MOGELIJK,
    ),
    *(
        row
        for van in (_B.IN_BEHANDELING, _B.VERDAAGD)
        for row in (
            Transition(
                van,
                Actie.VERKLAAR_GEGROND,
                _B.GEGROND,
                _O,
                knop=N_("Gegrond"),
                uitleg=N_(
                    "U krijgt gelijk: uw bezwaar is gegrond. Wij nemen een nieuw besluit. "
                    "Dit is de reden: {reden}"
                ),
                verplicht=_AFWIJS_VELDEN,
            ),
            Transition(
                van,
                Actie.VERKLAAR_ONGEGROND,
                _B.ONGEGROND,
                _O,
                knop=N_("Ongegrond"),
                uitleg=N_(
                    "U krijgt geen gelijk: uw bezwaar is ongegrond. Het besluit blijft. "
                    "Dit is de reden: {reden}"
                ),
                verplicht=_AFWIJS_VELDEN,
            ),
        )
    ),
    *(
        Transition(
            van,
            Actie.TREK_IN,
            _B.INGETROKKEN,
            _C,
            knop=N_("Bezwaar intrekken"),
            uitleg=N_("U heeft uw bezwaar ingetrokken. Wij behandelen het niet verder."),
        )
        for van in (_B.INGEDIEND, _B.HERSTEL_GEVRAAGD, _B.IN_BEHANDELING, _B.VERDAAGD)
    ),
)

#: What a finished bezwaar means for the case: the SYSTEM actor applies this step to the case.
BEZWAAR_GEVOLG: Mapping[BezwaarStatus, Actie] = {BezwaarStatus.GEGROND: Actie.HEROVERWEEG}


# -- lookups ----------------------------------------------------------------------------------

_MELDING_NIET_IN_FASE = N_("Deze stap kan niet in de fase ‘{fase}’.")
_MELDING_NIET_VOOR_U = N_("U mag deze stap niet zetten.")
_MELDING_INTREKKEN = N_("Intrekken kan alleen vóór het besluit.")
_MELDING_AL_VERDAAGD = N_("Het besluit is al een keer uitgesteld. Dat kan maar één keer.")


E = TypeVar("E", Status, BezwaarStatus)


def _als(soort: type[E], waarde: object) -> E:
    """Coerce a stored string to ``soort``; refuse a member of the other status enum."""
    if isinstance(waarde, enum.Enum) and not isinstance(waarde, soort):
        raise TypeError(f"expected {soort.__name__}, got {waarde!r}")
    return soort(waarde)


def _weigering(van: Status | BezwaarStatus, actie: str) -> str:
    if actie == Actie.TREK_IN and van.heeft_besluit:
        return _MELDING_INTREKKEN
    if actie == Actie.VERDAAG and van in (Status.VERDAAGD, BezwaarStatus.VERDAAGD):
        return _MELDING_AL_VERDAAGD
    return _MELDING_NIET_IN_FASE.format(fase=van.label)


def _kies(
    table: tuple[Transition[V, N], ...],
    van: V,
    actie: str,
    actor: Actor,
    feiten: Feiten | None,
) -> Transition[V, N]:
    actor = Actor(actor)
    kandidaten = [t for t in table if t.van == van and t.actie == actie]
    if not kandidaten:
        raise TransitionNotAllowed(_weigering(van, actie), van=van, actie=actie, actor=actor)
    eigen = [t for t in kandidaten if t.actor == actor]
    if not eigen:
        raise TransitionNotAllowed(_MELDING_NIET_VOOR_U, van=van, actie=actie, actor=actor)
    gekozen = eigen[0]
    voorwaarde = gekozen.voorwaarde
    if voorwaarde is not None and not (feiten or Feiten()).voldoet_aan(voorwaarde):
        raise TransitionNotAllowed(
            voorwaarde.melding, van=van, actie=actie, actor=actor, voorwaarde=voorwaarde
        )
    return gekozen


def _toegestaan(
    table: tuple[Transition[V, N], ...], van: V, actor: Actor, feiten: Feiten | None
) -> tuple[Transition[V, N], ...]:
    feiten = feiten or Feiten()
    return tuple(
        t
        for t in table
        if t.van == van
        and t.actor == actor
        and (t.voorwaarde is None or feiten.voldoet_aan(t.voorwaarde))
    )


def allowed_transitions(
    status: Status | str, actor: Actor, feiten: Feiten | None = None
) -> tuple[Transition[Status, Status], ...]:
    """The steps ``actor`` may take on a case in ``status``, in table order.

    Rows with a condition are left out unless ``feiten`` meets it.
    """
    return _toegestaan(TRANSITIONS, _als(Status, status), actor, feiten)


def get_transition(
    status: Status | str, actie: str, actor: Actor, feiten: Feiten | None = None
) -> Transition[Status, Status]:
    """The row for this step, or ``TransitionNotAllowed``."""
    return _kies(TRANSITIONS, _als(Status, status), actie, actor, feiten)


def transition(
    status: Status | str, actie: str, actor: Actor, feiten: Feiten | None = None
) -> Status:
    """The status after the step, or ``TransitionNotAllowed`` for anything not in the table."""
    return get_transition(status, actie, actor, feiten).naar


def allowed_bezwaar_starts(
    status: Status | str, actor: Actor, feiten: Feiten | None = None
) -> tuple[Transition[Status, BezwaarStatus], ...]:
    """The ways ``actor`` may start a bezwaar against a case in ``status``."""
    return _toegestaan(BEZWAAR_START_TRANSITIONS, _als(Status, status), actor, feiten)


def get_bezwaar_start(
    status: Status | str, actie: str, actor: Actor, feiten: Feiten | None = None
) -> Transition[Status, BezwaarStatus]:
    """The row for starting a bezwaar, or ``TransitionNotAllowed``."""
    return _kies(BEZWAAR_START_TRANSITIONS, _als(Status, status), actie, actor, feiten)


def get_bezwaar_transition(
    status: BezwaarStatus | str, actie: str, actor: Actor, feiten: Feiten | None = None
) -> Transition[BezwaarStatus, BezwaarStatus]:
    """The row for this step on a bezwaar, or ``TransitionNotAllowed``."""
    return _kies(BEZWAAR_TRANSITIONS, _als(BezwaarStatus, status), actie, actor, feiten)


def start_bezwaar(
    status: Status | str, actie: str, actor: Actor, feiten: Feiten | None = None
) -> BezwaarStatus:
    """The status of a new bezwaar against a case in ``status``, or ``TransitionNotAllowed``."""
    return _kies(BEZWAAR_START_TRANSITIONS, _als(Status, status), actie, actor, feiten).naar


def allowed_bezwaar_transitions(
    status: BezwaarStatus | str, actor: Actor, feiten: Feiten | None = None
) -> tuple[Transition[BezwaarStatus, BezwaarStatus], ...]:
    """The steps ``actor`` may take on a bezwaar in ``status``."""
    return _toegestaan(BEZWAAR_TRANSITIONS, _als(BezwaarStatus, status), actor, feiten)


def bezwaar_transition(
    status: BezwaarStatus | str, actie: str, actor: Actor, feiten: Feiten | None = None
) -> BezwaarStatus:
    """The bezwaar status after the step, or ``TransitionNotAllowed``."""
    return _kies(BEZWAAR_TRANSITIONS, _als(BezwaarStatus, status), actie, actor, feiten).naar
