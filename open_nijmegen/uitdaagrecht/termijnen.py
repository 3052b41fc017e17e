"""Deadlines (termijnen) for an uitdaging, as pure code.

Nothing here reads the clock, the database or the locale: every function gets the dates it
needs, including ``vandaag`` ("today"). That keeps the legal rules testable day by day.

The legal rules, and how this module applies them
--------------------------------------------------
* Counting a term: a term "vangt aan met ingang van de dag na" the event (Awb 6:8 lid 1 says so
  for bezwaar, Awb 7:10 lid 1 and 4:15 count the same way, and "binnen acht weken na ontvangst"
  in Awb 4:13 is read alike). A term of N weeks therefore ends at the end of the same weekday N
  weeks later: event + 7N days. All terms are stored in days (8 weeks = 56 days), so a
  municipality can also set e.g. 10 days.
* Decision term (Awb 4:13): without a term in a regulation, a decision is due within a reasonable
  time, at the latest 8 weeks after receipt of the application. Default: 56 days after receipt.
* Extension (Awb 4:14): the municipality may extend once, with a notice that names a new term.
  The notice must be sent before the current term ends. The extension is added to the current
  end of the term. The default maximum is 6 weeks (see ``Termijnen``).
* Suspension (Awb 4:15 lid 1 sub a): after a request to complete the application (Awb 4:5) the
  term is suspended "met ingang van de dag na die waarop de aanvrager ... is uitgenodigd de
  aanvraag aan te vullen, tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde
  termijn ongebruikt is verstreken". "Tot" is exclusive in Dutch legislation, so the suspended
  days are the days strictly between the request day and the day the information arrives: the
  term runs again on the day of receipt. When nothing arrives, the term "has passed unused" on the
  first day after its last day, and the clock runs again from that day. Information that arrives
  after the term does not change that.
* Not processing an incomplete application (Awb 4:5 lid 1 and 4): after the term for completion
  has passed unused, the municipality may decide not to process the application ("buiten
  behandeling"), and must send that decision within 4 weeks.
* Bezwaar term (Awb 6:7, 6:8 lid 1): 6 weeks, starting the day after the decision was sent
  (bekendmaking by sending, Awb 3:41).
* Decision on bezwaar (Awb 7:10): 6 weeks (12 weeks with an advisory committee as in Awb 7:13),
  counted from the day after the bezwaar term ended; once extendable by at most 6 weeks (lid 3);
  suspended while the objector repairs an omission (lid 2, Awb 6:6), with the same counting as
  Awb 4:15. For a bezwaar received after the bezwaar term, this module counts from the day after
  receipt (a design choice: the term is never shorter than the statutory term counted from
  receipt; for a bezwaar filed in time the result is identical to Awb 7:10).
* Algemene termijnenwet (Atw):
    - art. 1: a term that ends on a Saturday, Sunday or algemeen erkende feestdag is extended up
      to and including the next day that is none of these;
    - art. 2: a term of at least 3 days is extended, if needed, until it contains at least two
      days that are not a Saturday, Sunday or feestdag (only matters for very short terms);
    - art. 3 lid 1: the feestdagen are Nieuwjaarsdag, Tweede Paasdag, Tweede Pinksterdag, Eerste
      en Tweede Kerstdag, Hemelvaartsdag, the day the King's birthday is celebrated (Koningsdag:
      27 April, or 26 April when the 27th is a Sunday) and 5 May (every year);
    - art. 3 lid 2: Goede Vrijdag counts as a feestdag too;
    - art. 3 lid 3: other days can be equated by Koninklijk Besluit. The government does this for
      a few years at a time (usually the Friday after Hemelvaartsdag and some bridge days). The
      known days are in ``GELIJKGESTELDE_DAGEN``; add new ones when a new Besluit appears.
  Strictly, the Atw only governs terms set in a statute. This module applies the same rule to
  every end date it computes (also the term we give for an aanvulling), so residents see one rule
  that is never to their disadvantage.

Differences with the ``holidays`` package (``holidays.NL``): it lists Easter Sunday and Whit
Sunday (always Sundays, so no difference in effect), it has 5 May only in lustrum years (the Atw
has it every year), and it does not know the days equated by Koninklijk Besluit.

User-facing strings are wrapped in ``N_`` so ``pybabel extract`` finds them; the web layer
translates them with ``gettext`` when it shows them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from babel.dates import format_date
from dateutil.easter import easter

__all__ = [
    "GELIJKGESTELDE_DAGEN",
    "STANDAARD_KALENDER",
    "CaseClock",
    "ClockState",
    "Kalender",
    "Opschorting",
    "TermijnFout",
    "Termijnen",
    "Verdaging",
    "aanvullingstermijn_einde",
    "bezwaar_beslistermijn_begin",
    "bezwaartermijn_einde",
    "bezwaartermijn_open",
    "buiten_behandeling_uiterlijk",
    "format_datum",
    "wettelijke_feestdagen",
]

DAG = timedelta(days=1)


def N_(message: str) -> str:
    """Mark a string for translation without translating it (gettext_noop)."""
    return message


class TermijnFout(ValueError):
    """A deadline operation that the rules do not allow. The message is B1 Dutch."""


# ---------------------------------------------------------------------------------------------
# Settings: the terms that apply to a case
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Termijnen:
    """The terms, in days, that apply to one case.

    A case stores ``to_dict()`` when it is filed, so later changes to the settings do not change
    the terms of cases already running.

    Defaults and why:
    * ``beslistermijn_dagen`` 56 (8 weeks): the Awb 4:13 maximum when no term is set.
    * ``verdaging_max_dagen`` 42 (6 weeks): Awb 4:14 only asks for "a term as short as possible".
      6 weeks mirrors Awb 7:10 lid 3 and the regular procedure of the Omgevingswet; the
      participatieverordening may set another value.
    * ``aanvullingstermijn_dagen`` 28 (4 weeks): Awb 4:5 lets the municipality choose. Challengers
      are volunteers who may need to collect quotes or signatures, so 4 weeks rather than 2.
    * ``buiten_behandeling_dagen`` 28 (4 weeks): Awb 4:5 lid 4, statutory.
    * ``bezwaartermijn_dagen`` 42 (6 weeks): Awb 6:7, statutory.
    * ``bezwaar_beslistermijn_dagen`` 42 (6 weeks): Awb 7:10 lid 1. Set 84 (12 weeks) when an
      independent advisory committee (Awb 7:13) handles bezwaren.
    * ``bezwaar_verdaging_max_dagen`` 42 (6 weeks): Awb 7:10 lid 3, statutory maximum.
    * ``bezwaar_hersteltermijn_dagen`` 14 (2 weeks): term to repair an incomplete bezwaar
      (Awb 6:6); the law leaves the length open, 2 weeks is common practice.
    """

    beslistermijn_dagen: int = 56
    verdaging_max_dagen: int = 42
    aanvullingstermijn_dagen: int = 28
    buiten_behandeling_dagen: int = 28
    bezwaartermijn_dagen: int = 42
    bezwaar_beslistermijn_dagen: int = 42
    bezwaar_verdaging_max_dagen: int = 42
    bezwaar_hersteltermijn_dagen: int = 14

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{f.name} must be an int, got {value!r}")
            minimum = 0 if f.name.endswith("verdaging_max_dagen") else 1
            if value < minimum:
                raise ValueError(f"{f.name} must be at least {minimum}, got {value}")

    def to_dict(self) -> dict[str, int]:
        """Serialise for storage on the case (JSON-safe)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Termijnen:
        """Read a stored copy.

        Unknown keys are an error (a typo must not pass silently). A key that is missing gets the
        default: it stands for a setting that did not exist yet when the case was filed.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown term settings: {sorted(unknown)}")
        return cls(**data)  # type: ignore[arg-type]  # __post_init__ checks the types


# ---------------------------------------------------------------------------------------------
# Calendar: Algemene termijnenwet
# ---------------------------------------------------------------------------------------------

#: Days equated with an algemeen erkende feestdag by Koninklijk Besluit (Atw art. 3 lid 3).
#: "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en
#: 30 mei 2025 met een algemeen erkende feestdag" and "Besluit gelijkstelling van 2 januari 2026,
#: 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag".
#: Extend this when the next Besluit (for 2029 and later) is published in the Staatscourant.
GELIJKGESTELDE_DAGEN: frozenset[date] = frozenset(
    {
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
)

_NAAM_GELIJKGESTELD = N_("Dag die telt als feestdag")


def _koningsdag(jaar: int) -> date:
    """The day the King's (or Queen's) birthday is celebrated (Atw art. 3 lid 1).

    Since 2014: 27 April, or 26 April when the 27th is a Sunday. From 1980 to 2013: 30 April, or
    29 April when the 30th is a Sunday. Earlier years are not needed by this application.
    """
    dag = date(jaar, 4, 27) if jaar >= 2014 else date(jaar, 4, 30)
    if dag.weekday() == 6:
        dag -= DAG
    return dag


@functools.lru_cache(maxsize=256)
def _feestdagen_cached(jaar: int) -> tuple[tuple[date, str], ...]:
    pasen = easter(jaar)
    dagen = [
        (date(jaar, 1, 1), N_("Nieuwjaarsdag")),
        (pasen - 2 * DAG, N_("Goede Vrijdag")),
        (pasen + DAG, N_("Tweede Paasdag")),
        (_koningsdag(jaar), N_("Koningsdag")),
        (date(jaar, 5, 5), N_("Bevrijdingsdag")),
        (pasen + 39 * DAG, N_("Hemelvaartsdag")),
        (pasen + 50 * DAG, N_("Tweede Pinksterdag")),
        (date(jaar, 12, 25), N_("Eerste Kerstdag")),
        (date(jaar, 12, 26), N_("Tweede Kerstdag")),
    ]
    return tuple(sorted(dagen))


def wettelijke_feestdagen(jaar: int) -> dict[date, str]:
    """The algemeen erkende feestdagen of Atw art. 3 lid 1 and 2 in ``jaar``, with their names.

    When two fall on the same day (5 May and Hemelvaartsdag in some years) the later one in the
    list above wins; that does not matter for the computation.
    """
    return dict(_feestdagen_cached(jaar))


@dataclass(frozen=True)
class Kalender:
    """Which days count as working days for the Algemene termijnenwet.

    ``gelijkgestelde_dagen`` are the days equated by Koninklijk Besluit (Atw art. 3 lid 3).
    """

    gelijkgestelde_dagen: frozenset[date] = GELIJKGESTELDE_DAGEN

    def feestdag(self, dag: date) -> str | None:
        """The name of the feestdag on ``dag``, or None. Weekends are not named."""
        naam = wettelijke_feestdagen(dag.year).get(dag)
        if naam is None and dag in self.gelijkgestelde_dagen:
            naam = _NAAM_GELIJKGESTELD
        return naam

    def is_werkdag(self, dag: date) -> bool:
        """True unless ``dag`` is a Saturday, Sunday or (equated) feestdag."""
        return dag.weekday() < 5 and self.feestdag(dag) is None

    def eerste_werkdag_vanaf(self, dag: date) -> date:
        """``dag`` itself if it is a working day, else the next working day (Atw art. 1)."""
        while not self.is_werkdag(dag):
            dag += DAG
        return dag

    def atw_einde(self, eerste_dag: date, einde: date, lengte: int) -> date:
        """Apply Atw art. 2 and art. 1 to a term that runs from ``eerste_dag`` to ``einde``.

        ``lengte`` is the term's length in days as set (art. 2 applies when it is at least 3).
        """
        if lengte >= 3:
            werkdagen = sum(
                1
                for i in range((einde - eerste_dag).days + 1)
                if self.is_werkdag(eerste_dag + i * DAG)
            )
            while werkdagen < 2:
                einde += DAG
                if self.is_werkdag(einde):
                    werkdagen += 1
        return self.eerste_werkdag_vanaf(einde)

    def termijn_einde(self, gebeurtenis: date, dagen: int) -> date:
        """Last day of a term of ``dagen`` days that starts the day after ``gebeurtenis``.

        Example: a 6-week term after a decision sent on Tuesday 24 March 2026 ends on Tuesday
        5 May 2026; that is Bevrijdingsdag, so the term ends on Wednesday 6 May 2026.
        """
        if dagen < 1:
            raise ValueError("a term needs at least 1 day")
        return self.atw_einde(gebeurtenis + DAG, gebeurtenis + dagen * DAG, dagen)


STANDAARD_KALENDER = Kalender()


# ---------------------------------------------------------------------------------------------
# Single terms
# ---------------------------------------------------------------------------------------------


def aanvullingstermijn_einde(
    gevraagd_op: date, termijnen: Termijnen, kalender: Kalender = STANDAARD_KALENDER
) -> date:
    """Default last day for the challenger to complete the application (Awb 4:5)."""
    return kalender.termijn_einde(gevraagd_op, termijnen.aanvullingstermijn_dagen)


def buiten_behandeling_uiterlijk(
    aanvullen_voor: date, termijnen: Termijnen, kalender: Kalender = STANDAARD_KALENDER
) -> date:
    """Last day to send a decision not to process the application (Awb 4:5 lid 4).

    Counted from the day after the last day of the term for completion.
    """
    return kalender.termijn_einde(aanvullen_voor, termijnen.buiten_behandeling_dagen)


def bezwaartermijn_einde(
    verzonden_op: date, termijnen: Termijnen, kalender: Kalender = STANDAARD_KALENDER
) -> date:
    """Last day to file a bezwaar against a decision sent on ``verzonden_op`` (Awb 6:7, 6:8)."""
    return kalender.termijn_einde(verzonden_op, termijnen.bezwaartermijn_dagen)


def bezwaartermijn_open(
    verzonden_op: date,
    vandaag: date,
    termijnen: Termijnen,
    kalender: Kalender = STANDAARD_KALENDER,
) -> bool:
    """True while a bezwaar can still be filed in time (up to and including the last day)."""
    return verzonden_op <= vandaag <= bezwaartermijn_einde(verzonden_op, termijnen, kalender)


def bezwaar_beslistermijn_begin(
    verzonden_op: date,
    bezwaar_ontvangen_op: date,
    termijnen: Termijnen,
    kalender: Kalender = STANDAARD_KALENDER,
) -> date:
    """The day after which the term to decide on a bezwaar runs (Awb 7:10 lid 1).

    That is the last day of the bezwaar term, or the day of receipt for a late bezwaar.
    """
    return max(bezwaartermijn_einde(verzonden_op, termijnen, kalender), bezwaar_ontvangen_op)


# ---------------------------------------------------------------------------------------------
# The decision clock
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opschorting:
    """One request for more information, which suspends the decision term (Awb 4:15, 7:10).

    ``gevraagd_op`` is the day the request was sent; ``aanvullen_voor`` the last day of the term
    the challenger got; ``ontvangen_op`` the day the information arrived (None: not yet).
    """

    gevraagd_op: date
    aanvullen_voor: date
    ontvangen_op: date | None = None

    def __post_init__(self) -> None:
        if self.aanvullen_voor < self.gevraagd_op:
            raise TermijnFout(N_("De termijn voor de informatie eindigt vóór de vraag."))
        if self.ontvangen_op is not None and self.ontvangen_op < self.gevraagd_op:
            raise TermijnFout(N_("De informatie kan niet eerder binnenkomen dan de vraag."))

    def termijn_verstreken(self, vandaag: date) -> bool:
        """True when the term has passed without the information (Awb 4:5: may close the case)."""
        op_tijd = self.ontvangen_op is not None and self.ontvangen_op <= self.aanvullen_voor
        return not op_tijd and vandaag > self.aanvullen_voor

    def hervat_op(self, vandaag: date) -> date | None:
        """The day the decision term runs again, or None while it is still suspended."""
        if self.ontvangen_op is not None and self.ontvangen_op <= self.aanvullen_voor:
            return self.ontvangen_op
        if self.ontvangen_op is not None or vandaag > self.aanvullen_voor:
            return self.aanvullen_voor + DAG
        return None

    def opgeschorte_dagen(self, vandaag: date) -> int | None:
        """Number of suspended days, or None while the suspension still runs."""
        hervat = self.hervat_op(vandaag)
        if hervat is None:
            return None
        return max(0, (hervat - self.gevraagd_op).days - 1)


@dataclass(frozen=True)
class Verdaging:
    """The one extension of the decision term (Awb 4:14, 7:10 lid 3)."""

    op: date  # the day the notice was sent
    dagen: int


@dataclass(frozen=True)
class ClockState:
    """Where a decision clock stands on a given day.

    ``deadline`` is the last day to decide, after the Atw shift; None while the clock is paused,
    because it depends on when the information arrives. ``days_left`` is ``deadline - vandaag``
    (negative when overdue). While paused it is frozen at the value it will have on the day the
    information arrives; on that day it may grow by a day or two when the new end falls on a
    weekend or feestdag. ``onverschoven_deadline`` is the end before the Atw shift, to explain a
    shift to the reader.
    """

    deadline: date | None
    onverschoven_deadline: date | None
    days_left: int
    is_paused: bool
    is_overdue: bool
    opgeschorte_dagen: int
    aanvulling_verstreken: bool


@dataclass(frozen=True)
class CaseClock:
    """The decision term of an application or of a bezwaar, with suspensions and an extension.

    ``begindag`` is the event day (receipt of the application, or the end of the bezwaar term);
    the term starts the day after. ``ontvangen_op`` is the day the application or bezwaar was
    received when that lies before ``begindag`` (a bezwaar filed within its term): a request to
    repair it may be sent from then on, and only its days after ``begindag`` suspend the term. Instances are immutable: the methods return a new clock, so a
    service can store the result and keep the old one for the history.
    """

    begindag: date
    termijn_dagen: int
    max_verdaging_dagen: int
    aanvullingstermijn_dagen: int
    opschortingen: tuple[Opschorting, ...] = ()
    verdaging: Verdaging | None = None
    kalender: Kalender = field(default=STANDAARD_KALENDER, repr=False, compare=False)
    ontvangen_op: date | None = None

    @classmethod
    def voor_aanvraag(
        cls,
        ontvangen_op: date,
        termijnen: Termijnen,
        kalender: Kalender = STANDAARD_KALENDER,
    ) -> CaseClock:
        """The clock for deciding on an uitdaging received on ``ontvangen_op`` (Awb 4:13)."""
        return cls(
            begindag=ontvangen_op,
            termijn_dagen=termijnen.beslistermijn_dagen,
            max_verdaging_dagen=termijnen.verdaging_max_dagen,
            aanvullingstermijn_dagen=termijnen.aanvullingstermijn_dagen,
            kalender=kalender,
        )

    @classmethod
    def voor_bezwaar(
        cls,
        besluit_verzonden_op: date,
        bezwaar_ontvangen_op: date,
        termijnen: Termijnen,
        kalender: Kalender = STANDAARD_KALENDER,
    ) -> CaseClock:
        """The clock for deciding on a bezwaar (Awb 7:10)."""
        return cls(
            begindag=bezwaar_beslistermijn_begin(
                besluit_verzonden_op, bezwaar_ontvangen_op, termijnen, kalender
            ),
            termijn_dagen=termijnen.bezwaar_beslistermijn_dagen,
            max_verdaging_dagen=termijnen.bezwaar_verdaging_max_dagen,
            aanvullingstermijn_dagen=termijnen.bezwaar_hersteltermijn_dagen,
            kalender=kalender,
            ontvangen_op=bezwaar_ontvangen_op,
        )

    # -- computation --------------------------------------------------------------------------

    def _plain_end(self) -> date:
        return self.begindag + self.termijn_dagen * DAG

    def _walk(self, vandaag: date) -> tuple[date, Opschorting | None, int]:
        """Raw end (before Atw), the suspension still running on ``vandaag`` (if any), and the
        number of suspended days so far.

        The extension is applied first: it must be noticed before the term ends, so a suspension
        that started after the original end but before the extended end is correctly counted.
        A request sent on or after the last day has nothing left to suspend.
        """
        einde = self._plain_end()
        if self.verdaging is not None:
            einde += self.verdaging.dagen * DAG
        totaal = 0
        for opschorting in sorted(self.opschortingen, key=lambda o: o.gevraagd_op):
            if opschorting.gevraagd_op >= einde:
                continue
            dagen = opschorting.opgeschorte_dagen(vandaag)
            if dagen is None:
                return einde, opschorting, totaal
            if opschorting.gevraagd_op < self.begindag:
                # Requested before the term started: only the days after ``begindag`` count.
                hervat = opschorting.hervat_op(vandaag)
                assert hervat is not None
                dagen = max(0, (hervat - self.begindag).days - 1)
            einde += dagen * DAG
            totaal += dagen
        return einde, None, totaal

    def state(self, vandaag: date) -> ClockState:
        """Where the clock stands on ``vandaag``."""
        einde, lopend, opgeschort = self._walk(vandaag)
        verstreken = any(o.termijn_verstreken(vandaag) for o in self.opschortingen)
        if lopend is not None:
            return ClockState(
                deadline=None,
                onverschoven_deadline=None,
                days_left=(einde - max(lopend.gevraagd_op, self.begindag)).days - 1,
                is_paused=True,
                is_overdue=False,
                opgeschorte_dagen=opgeschort,
                aanvulling_verstreken=verstreken,
            )
        deadline = self.kalender.atw_einde(self.begindag + DAG, einde, self.termijn_dagen)
        return ClockState(
            deadline=deadline,
            onverschoven_deadline=einde,
            days_left=(deadline - vandaag).days,
            is_paused=False,
            is_overdue=vandaag > deadline,
            opgeschorte_dagen=opgeschort,
            aanvulling_verstreken=verstreken,
        )

    def deadline(self, vandaag: date) -> date | None:
        """The last day to decide, or None while paused."""
        return self.state(vandaag).deadline

    # -- events -------------------------------------------------------------------------------

    def open_opschorting(self) -> Opschorting | None:
        """The latest request for information, if no answer to it is recorded yet.

        Requests follow each other, so only the last one can be open; an earlier one without an
        answer has passed its term (``vraag_aanvulling`` checks that).
        """
        if self.opschortingen and self.opschortingen[-1].ontvangen_op is None:
            return self.opschortingen[-1]
        return None

    def vraag_aanvulling(self, gevraagd_op: date, aanvullen_voor: date | None = None) -> CaseClock:
        """Record a request for more information sent on ``gevraagd_op``.

        ``aanvullen_voor`` defaults to the term in the settings, with the Atw shift.
        A new request is only possible when an earlier one is answered or its term has passed.
        """
        if gevraagd_op < min(self.begindag, self.ontvangen_op or self.begindag):
            raise TermijnFout(N_("De vraag kan niet vóór de ontvangst liggen."))
        open_ = self.open_opschorting()
        if open_ is not None and not open_.termijn_verstreken(gevraagd_op):
            raise TermijnFout(N_("Er staat al een vraag om informatie open."))
        for eerdere in self.opschortingen:
            hervat = eerdere.hervat_op(gevraagd_op)
            if gevraagd_op < eerdere.gevraagd_op or (hervat is not None and gevraagd_op < hervat):
                raise TermijnFout(N_("Deze vraag overlapt met een eerdere vraag."))
        if aanvullen_voor is None:
            aanvullen_voor = self.kalender.termijn_einde(gevraagd_op, self.aanvullingstermijn_dagen)
        nieuw = Opschorting(gevraagd_op=gevraagd_op, aanvullen_voor=aanvullen_voor)
        return replace(self, opschortingen=(*self.opschortingen, nieuw))

    def ontvang_aanvulling(self, ontvangen_op: date) -> CaseClock:
        """Record that the requested information arrived on ``ontvangen_op``."""
        open_ = self.open_opschorting()
        if open_ is None:
            raise TermijnFout(N_("Er staat geen vraag om informatie open."))
        gesloten = replace(open_, ontvangen_op=ontvangen_op)
        return replace(
            self,
            opschortingen=tuple(gesloten if o is open_ else o for o in self.opschortingen),
        )

    def kan_verdagen(self, op: date) -> bool:
        """True when an extension noticed on ``op`` is allowed: once, and within the term."""
        if self.verdaging is not None or self.max_verdaging_dagen < 1:
            return False
        deadline = self.deadline(op)
        return deadline is None or op <= deadline

    def verdaag(self, op: date, dagen: int | None = None) -> CaseClock:
        """Extend the term once, by ``dagen`` (default: the maximum), noticed on ``op``."""
        if self.verdaging is not None:
            raise TermijnFout(N_("Het besluit is al een keer uitgesteld. Dat kan maar één keer."))
        if dagen is None:
            dagen = self.max_verdaging_dagen
        if not 1 <= dagen <= self.max_verdaging_dagen:
            raise TermijnFout(N_("Zo lang uitstellen mag niet."))
        if not self.kan_verdagen(op):
            raise TermijnFout(N_("De termijn is al voorbij. Uitstellen kan nu niet meer."))
        return replace(self, verdaging=Verdaging(op=op, dagen=dagen))

    def verdaag_tot(self, op: date, nieuwe_datum: date) -> CaseClock:
        """Extend the term so that it ends on ``nieuwe_datum`` (Atw shift still applies)."""
        einde, lopend, _ = self._walk(op)
        if lopend is not None:
            raise TermijnFout(N_("De termijn staat stil. Uitstellen kan nu niet."))
        return self.verdaag(op, (nieuwe_datum - einde).days)


# ---------------------------------------------------------------------------------------------
# Dutch dates
# ---------------------------------------------------------------------------------------------


def format_datum(dag: date, *, met_weekdag: bool = True) -> str:
    """A date in Dutch, independent of the system locale: "dinsdag 6 januari 2026"."""
    patroon = "EEEE d MMMM y" if met_weekdag else "d MMMM y"
    return format_date(dag, patroon, locale="nl")
