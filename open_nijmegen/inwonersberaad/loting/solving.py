"""The distribution over panels: ``bereken_verdeling`` runs ``sortition_algorithms`` (maximin or
nash, HiGHS) and gives a ``Verdeling`` in canonical form."""

from __future__ import annotations

import logging
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from open_nijmegen.inwonersberaad.loting.common import (
    _QUOTA_KOLOMMEN,
    ALGORITMES,
    N_,
    SOLVER,
    LotingInvoerFout,
    _,
)
from open_nijmegen.inwonersberaad.loting.input import LotingInput, controleer_haalbaarheid

_BIBLIOTHEEK_LOGGERS = ("sortition_algorithms", "sortition_algorithms_user")


@dataclass(frozen=True)
class Verdeling:
    """A distribution over panels, in canonical order (see module docstring, step a)."""

    algoritme: str
    panels: tuple[tuple[str, ...], ...]
    kansen: tuple[float, ...]

    @classmethod
    def maak(
        cls, algoritme: str, panels: Sequence[Sequence[str]], kansen: Sequence[float]
    ) -> Verdeling:
        """Build the canonical form: sorted ids, sorted panels, equal panels merged, no zeros."""
        if len(panels) != len(kansen):
            raise ValueError("panels and probabilities differ in length")
        samen: dict[tuple[str, ...], float] = defaultdict(float)
        for panel, kans in zip(panels, kansen, strict=True):
            if not isinstance(kans, int | float) or isinstance(kans, bool):
                raise TypeError("probability is not a number")
            if not all(isinstance(pid, str) for pid in panel):
                raise TypeError("panel ids must be strings")
            samen[tuple(sorted(panel))] += float(kans)
        paren = sorted((p, k) for p, k in samen.items() if k > 0)
        return cls(algoritme, tuple(p for p, _ in paren), tuple(k for _, k in paren))

    def kans_per_persoon(self, ids: Sequence[str] = ()) -> dict[str, float]:
        """Selection probability per person: the sum over the panels that contain them."""
        bijdragen: dict[str, list[float]] = {pid: [] for pid in ids}
        for panel, kans in zip(self.panels, self.kansen, strict=True):
            for pid in panel:
                bijdragen.setdefault(pid, []).append(kans)
        return {pid: math.fsum(k) for pid, k in bijdragen.items()}


# --- the lottery ---------------------------------------------------------------------------------

_log_slot = threading.Lock()
_log_diepte = 0
_log_niveaus: dict[str, int] = {}


@contextmanager
def _stille_bibliotheek() -> Iterator[None]:
    """Raise the library loggers' threshold to ERROR (they print to stdout), then restore.

    Nested and concurrent use is counted: the first entry silences, the last exit restores.
    HiGHS prints a one-line banner from C the first time a solver is made; that cannot be
    silenced from Python.
    """
    global _log_diepte
    with _log_slot:
        if _log_diepte == 0:
            for naam in _BIBLIOTHEEK_LOGGERS:
                logger = logging.getLogger(naam)
                _log_niveaus[naam] = logger.level
                logger.setLevel(logging.ERROR)
        _log_diepte += 1
    try:
        yield
    finally:
        with _log_slot:
            _log_diepte -= 1
            if _log_diepte == 0:
                for naam, niveau in _log_niveaus.items():
                    logging.getLogger(naam).setLevel(niveau)


_patch_slot = threading.Lock()


def _doel_zonder_oplossen() -> None:
    """Make the library's HiGHS layer set an objective without solving (once per process).

    ``HighsSolver.set_objective`` calls highspy's ``maximize(expr)``/``minimize(expr)``, which
    set the objective *and solve the model*; every caller then calls ``optimize()``, which solves
    it again. For the panel search (an integer program, solved hundreds of times per lottery)
    that is every solve twice. After this patch ``set_objective`` only sets the costs and the
    sense (highspy's ``setObjective``); ``optimize()`` solves once. What the library computes
    does not change: the objective and the model are the same when ``optimize()`` runs.
    """
    from sortition_algorithms.committee_generation import solver as laag

    with _patch_slot:
        if getattr(laag.HighsSolver.set_objective, "_open_nijmegen", False):
            return

        def set_objective(self: Any, expr: Any, sense: Any) -> None:
            self._objective_sense = sense
            richting = (
                self._highspy.ObjSense.kMaximize
                if sense == laag.SolverSense.MAXIMIZE
                else self._highspy.ObjSense.kMinimize
            )
            self._h.setObjective(expr, richting)

        set_objective._open_nijmegen = True  # type: ignore[attr-defined]
        laag.HighsSolver.set_objective = set_objective  # type: ignore[method-assign]


Voortgang = Callable[[str, float], None]

_FASEN = {
    "multiplicative_weights": (N_("We zoeken panels die de quota halen."), 0.05, 0.40),
    "maximin_optimization": (N_("We maken de kansen zo eerlijk mogelijk."), 0.40, 0.95),
    "leximin_outer": (N_("We maken de kansen zo eerlijk mogelijk."), 0.40, 0.95),
}


class _VoortgangAdapter:
    """Turns the library's progress events into ``progress(message, fraction)`` calls."""

    def __init__(self, progress: Voortgang) -> None:
        self._progress = progress
        self._fase: str | None = None
        self._totaal: int | None = None
        self._laatste = 0.0

    def melding(self, tekst: str, fractie: float) -> None:
        self._laatste = max(self._laatste, min(1.0, fractie))
        self._progress(_(tekst), self._laatste)

    def start_phase(
        self, name: str, total: int | None = None, *, message: str | None = None
    ) -> None:
        self._fase, self._totaal = name, total
        tekst, begin, _eind = _FASEN.get(name, (N_("We rekenen."), self._laatste, self._laatste))
        self.melding(tekst, begin)

    def update(self, current: int, *, message: str | None = None) -> None:
        tekst, begin, eind = _FASEN.get(
            self._fase or "", (N_("We rekenen."), self._laatste, self._laatste)
        )
        # A loop without a known end (total None) approaches the end of its range slowly.
        deel = current / self._totaal if self._totaal else 1 - 1 / (1 + current / 20)
        self.melding(tekst, begin + (eind - begin) * max(0.0, min(1.0, deel)))

    def end_phase(self) -> None:
        pass


def _solver_fout_naar_b1(fout: Exception, invoer: LotingInput) -> LotingInvoerFout:
    from sortition_algorithms.errors import InfeasibleQuotasError

    algemeen = _(
        "De quota zijn samen niet haalbaar met deze aanmeldingen. "
        "Elk kenmerk apart klopt wel, maar alle kenmerken samen niet."
    )
    if isinstance(fout, InfeasibleQuotasError):
        voorstel: list[str] = []
        for q in invoer.quota:
            try:
                nieuw = fout.features[q.kenmerk][q.waarde]
            except (KeyError, TypeError):
                continue
            if nieuw.min < q.min:
                voorstel.append(
                    _(
                        "Verlaag het minimum van '%(kenmerk)s' = '%(waarde)s' van %(oud)s naar "
                        "%(nieuw)s.",
                        kenmerk=q.kenmerk,
                        waarde=q.waarde,
                        oud=q.min,
                        nieuw=nieuw.min,
                    )
                )
            if nieuw.max > q.max:
                voorstel.append(
                    _(
                        "Verhoog het maximum van '%(kenmerk)s' = '%(waarde)s' van %(oud)s naar "
                        "%(nieuw)s.",
                        kenmerk=q.kenmerk,
                        waarde=q.waarde,
                        oud=q.max,
                        nieuw=nieuw.max,
                    )
                )
        if voorstel:
            return LotingInvoerFout([algemeen, _("Met deze aanpassing lukt het wel:"), *voorstel])
    return LotingInvoerFout([algemeen, _("Maak minimums lager of maximums hoger.")])


def bereken_verdeling(
    invoer: LotingInput,
    panelgrootte: int,
    algoritme: str = "maximin",
    progress: Voortgang | None = None,
) -> Verdeling:
    """Compute the fair distribution over panels with ``sortition_algorithms``.

    Raises ``LotingInvoerFout`` when the quotas cannot be met (pre-check or solver).
    This is the slow step (seconds for 200 people, minutes for 1,000).
    """
    if algoritme not in ALGORITMES:
        raise ValueError(f"unknown algorithm {algoritme!r}; choose one of {ALGORITMES}")
    fouten = controleer_haalbaarheid(invoer, panelgrootte, 0)
    if fouten:
        raise LotingInvoerFout(fouten)

    from sortition_algorithms import Settings, SortitionBaseError, read_in_features, read_in_people
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        find_distribution_nash,
        standardize_distribution,
    )

    adapter = _VoortgangAdapter(progress) if progress else None
    _doel_zonder_oplossen()
    with _stille_bibliotheek():
        try:
            features, _rest1, _rest2 = read_in_features(
                list(_QUOTA_KOLOMMEN),
                [
                    {"feature": q.kenmerk, "value": q.waarde, "min": str(q.min), "max": str(q.max)}
                    for q in invoer.quota
                ],
                number_to_select=panelgrootte,
            )
            settings = Settings(
                id_column=invoer.id_kolom, columns_to_keep=[], solver_backend=SOLVER
            )
            people, _rapport = read_in_people(
                [invoer.id_kolom, *invoer.kenmerken],
                [{invoer.id_kolom: pid, **waarden} for pid, waarden in invoer.personen.items()],
                features,
                settings,
            )
            if algoritme == "leximin":
                from open_nijmegen.inwonersberaad.loting.leximin import (
                    find_distribution_leximin_highs,
                )

                panels, kansen = find_distribution_leximin_highs(
                    features, people, panelgrootte, SOLVER, progress_reporter=adapter
                )
            else:
                zoek = (
                    find_distribution_maximin if algoritme == "maximin" else find_distribution_nash
                )
                panels, kansen, _verslag = zoek(
                    features, people, panelgrootte, [], SOLVER, progress_reporter=adapter
                )
        except SortitionBaseError as fout:
            raise _solver_fout_naar_b1(fout, invoer) from fout
        panels, kansen = standardize_distribution(panels, kansen)
    return Verdeling.maak(algoritme, [list(p) for p in panels], kansen)
