"""Leximin on open-source solvers: Flanigan et al. (Nature 2021), by column generation.

``sortition_algorithms.committee_generation.leximin`` has the algorithm but solves its two linear
programs with Gurobi. This module is the same algorithm with both programs on HiGHS (``highspy``
directly); the panel search (an integer program over the quotas, with the library's advice when
the quotas cannot be met) and the start set of panels are the library's own functions.

Leximin maximises the smallest selection chance (like maximin), then the second smallest, and so
on. Outer loop (a *level*): with the chances fixed so far, solve

    maximise z  s.t.  Σ_{P ∋ i} x_P ≥ z (i not fixed),  Σ_{P ∋ i} x_P ≥ p_i (i fixed),  Σ_P x_P ≤ 1

over the panels found so far, through its dual

    minimise ŷ - Σ_{i fixed} p_i y_i  s.t.  Σ_{i ∈ P} y_i ≤ ŷ (every panel P),
    Σ_{i not fixed} y_i = 1,  y, ŷ ≥ 0.

Column generation: the integer program finds the panel P with the largest Σ_{i ∈ P} y_i; while
that is more than ŷ (plus ``EPS``), P is added and the dual solved again. Then every agent with
y_i > ``EPS`` is fixed at the optimum (such a constraint is tight in every optimal solution).
At least one agent is fixed per level (the y_i of the free agents add up to 1). At the end a
last linear program finds panel probabilities that give every agent their fixed chance.

What makes it fast enough for 1,000 people and 150 seats (``make bench``), without changing
what it computes:

* **One dual LP for the whole run, warm-started.** A new panel is one new row; fixing an agent
  changes one coefficient and one cost. HiGHS keeps its basis between solves, so a solve after a
  new row takes a few simplex iterations instead of a solve from scratch.
* **One panel-search model for the whole run** (the library's), only its objective changes.
* **Whole types at once.** People with the same value on every feature (a *type*) are
  interchangeable: the problem does not change when two of them swap. The leximin chances are
  unique, so two people of one type get the same chance, and if one of them is tight in every
  optimum, so is the other (swap them in any optimum). So when one agent of a type is fixed, the
  whole type is fixed at the same value.
* **More panels per search.** Next to the panel P the search finds, the panels that take other
  people of the same types (P with its members of each type replaced by the next ones of that
  type, in order of y) meet the quotas too; those that also cut off the current dual solution
  are added in the same round.
* **Early end of a level loop.** Every panel has k seats, so the chances add up to k. When the
  free agents at the level's value z already take all that is left (|free| · z = k - Σ fixed),
  every free agent is at exactly z in every optimum: all are fixed and the loop ends.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from open_nijmegen.inwonersberaad.loting.common import SOLVER

# Lower fixed chances by this much when rounding makes the fixed chances infeasible (as the library).
VERLAGING = 0.0001
MAX_VERLAGINGEN = 1000
# Extra panels per search (same types, other people); only those that cut off the dual are kept.
EXTRA_PANELS = 8


def _highs() -> Any:
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 1)
    return h


class _Duaal:
    """The dual LP of one level (module docstring), kept for the whole run: new panels are new
    rows, a newly fixed agent leaves the row ``Σ y = 1`` and gets the cost ``-p_i``."""

    def __init__(self, ids: list[str], committees: set[frozenset[str]]) -> None:
        import highspy
        import numpy as np

        self._np = np
        self._hs = highspy
        self.ids = ids
        self.index = {pid: n for n, pid in enumerate(ids)}
        self.n = len(ids)
        self.kap = self.n  # column of ŷ
        h = _highs()
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        kosten = np.zeros(self.n + 1)
        kosten[self.kap] = 1.0
        h.addCols(
            self.n + 1,
            kosten,
            np.zeros(self.n + 1),
            np.full(self.n + 1, highspy.kHighsInf),
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        h.addRow(1.0, 1.0, self.n, np.arange(self.n, dtype=np.int32), np.ones(self.n))
        self.h = h
        self.voeg_toe(list(committees))

    def voeg_toe(self, panels: list[frozenset[str]]) -> None:
        """One row Σ_{i ∈ P} y_i - ŷ ≤ 0 per panel."""
        if not panels:
            return
        np = self._np
        starts, indices, waarden = [], [], []
        for panel in panels:
            starts.append(len(indices))
            indices.extend(self.index[pid] for pid in panel)
            waarden.extend([1.0] * len(panel))
            indices.append(self.kap)
            waarden.append(-1.0)
        self.h.addRows(
            len(panels),
            np.full(len(panels), -self._hs.kHighsInf),
            np.zeros(len(panels)),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(waarden),
        )

    def zet_vast(self, vast: dict[str, float], nieuw: list[str]) -> None:
        for pid in nieuw:
            self.h.changeCoeff(0, self.index[pid], 0.0)
        self.zet_kosten(vast)

    def zet_kosten(self, vast: dict[str, float]) -> None:
        np = self._np
        if not vast:
            return
        kolommen = np.array([self.index[pid] for pid in vast], dtype=np.int32)
        self.h.changeColsCost(len(kolommen), kolommen, np.array([-vast[p] for p in vast]))

    def los_op(self) -> tuple[bool, dict[str, float], float, float]:
        """(optimal, y per agent, ŷ, objective)."""
        self.h.run()
        if self.h.getModelStatus() != self._hs.HighsModelStatus.kOptimal:
            # A warm start can end in a wrong state after many changes: once more from scratch.
            self.h.clearSolver()
            self.h.run()
            if self.h.getModelStatus() != self._hs.HighsModelStatus.kOptimal:
                return False, {}, 0.0, 0.0
        waarden = self.h.getSolution().col_value
        y = {pid: waarden[n] for n, pid in enumerate(self.ids)}
        return True, y, waarden[self.kap], self.h.getInfo().objective_function_value


class _Zoeker:
    """The library's panel search (one integer program for the whole run): the panel with the
    largest Σ y_i, and the best value any panel can reach (the solver's bound)."""

    def __init__(self, ilp: Any, agent_vars: dict[str, Any]) -> None:
        import highspy
        import numpy as np

        self._np = np
        self._hs = highspy
        self.h = ilp._h  # the library's HighsSolver: the highspy model itself
        self.ids = list(agent_vars)
        self.kolommen = np.array([agent_vars[pid].index for pid in self.ids], dtype=np.int32)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def zoek(self, y: dict[str, float]) -> tuple[frozenset[str], float]:
        np = self._np
        gewichten = np.array([y[pid] for pid in self.ids])
        self.h.changeColsCost(len(self.kolommen), self.kolommen, gewichten)
        self.h.run()
        status = self.h.getModelStatus()
        s = self._hs.HighsModelStatus
        if status not in (s.kOptimal, s.kTimeLimit, s.kSolutionLimit, s.kInterrupt):
            raise RuntimeError("leximin: the panel search failed")
        waarden = self.h.getSolution().col_value
        panel = frozenset(
            pid for pid, kol in zip(self.ids, self.kolommen, strict=True) if waarden[kol] > 0.5
        )
        info = self.h.getInfo()
        bovengrens = info.mip_dual_bound if status == s.kOptimal else float("inf")
        return panel, max(bovengrens, sum(y[pid] for pid in panel))


class _TypeZoeker:
    """The same panel search, per type instead of per person, so it is exact and much faster.

    The quotas only see how many people of each type a panel has, so the best panel for weights
    y takes the c_t people of type t with the largest y. One integer c_t per type (0 .. size of
    the type), the panel size and the quotas on the c_t; per type continuous z_{t,1..s_t} in
    [0, 1] with Σ_j z_{t,j} = c_t and cost y of the j-th person of the type in order of y (high
    first). The costs fall with j, so the best z is the first c_t of them: the optimum is that of
    the integer program per person, without its many equal solutions (people of one type can be
    swapped) that make that one slow.
    """

    def __init__(
        self,
        features: Any,
        k: int,
        leden: dict[tuple[str, ...], list[str]],
    ) -> None:
        import highspy
        import numpy as np
        from sortition_algorithms.features import iterate_feature_collection

        self._np, self._hs = np, highspy
        self.typen = list(leden)
        self.leden = leden
        namen = [naam.lower() for naam in features]
        h = _highs()
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        aantal_typen = len(self.typen)
        groottes = np.array([len(leden[t]) for t in self.typen], dtype=float)
        # columns 0 .. T-1: c_t; then per type its z columns
        h.addCols(
            aantal_typen,
            np.zeros(aantal_typen),
            np.zeros(aantal_typen),
            groottes,
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        h.changeColsIntegrality(
            aantal_typen,
            np.arange(aantal_typen, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * aantal_typen),
        )
        self.z_begin: list[int] = []
        volgende = aantal_typen
        for t in self.typen:
            self.z_begin.append(volgende)
            volgende += len(leden[t])
        totaal_z = volgende - aantal_typen
        h.addCols(
            totaal_z,
            np.zeros(totaal_z),
            np.zeros(totaal_z),
            np.ones(totaal_z),
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        for nummer, t in enumerate(self.typen):
            zs = list(range(self.z_begin[nummer], self.z_begin[nummer] + len(leden[t])))
            h.addRow(
                0.0,
                0.0,
                len(zs) + 1,
                np.array([nummer, *zs], dtype=np.int32),
                np.array([-1.0] + [1.0] * len(zs)),
            )
        alle = np.arange(aantal_typen, dtype=np.int32)
        h.addRow(float(k), float(k), aantal_typen, alle, np.ones(aantal_typen))
        for kenmerk, waarde, grenzen in iterate_feature_collection(features):
            plek = namen.index(kenmerk.lower())
            kolommen = [n for n, t in enumerate(self.typen) if t[plek] == waarde.lower()]
            h.addRow(
                float(grenzen.min),
                float(grenzen.max),
                len(kolommen),
                np.array(kolommen, dtype=np.int32),
                np.ones(len(kolommen)),
            )
        self.h = h
        self.z_kolommen = np.arange(aantal_typen, volgende, dtype=np.int32)

    def zoek(self, y: dict[str, float]) -> tuple[frozenset[str], float]:
        np = self._np
        volgorde = {t: sorted(self.leden[t], key=lambda pid: (-y[pid], pid)) for t in self.typen}
        kosten = np.array([y[pid] for t in self.typen for pid in volgorde[t]])
        self.h.changeColsCost(len(self.z_kolommen), self.z_kolommen, kosten)
        self.h.run()
        s = self._hs.HighsModelStatus
        status = self.h.getModelStatus()
        if status not in (s.kOptimal, s.kTimeLimit, s.kSolutionLimit, s.kInterrupt):
            raise RuntimeError("leximin: the panel search failed")
        waarden = self.h.getSolution().col_value
        panel = frozenset(
            pid
            for nummer, t in enumerate(self.typen)
            for pid in volgorde[t][: round(waarden[nummer])]
        )
        bovengrens = self.h.getInfo().mip_dual_bound if status == s.kOptimal else float("inf")
        return panel, max(bovengrens, sum(y[pid] for pid in panel))


def _types(people: Any, features: Any) -> dict[str, tuple[str, ...]]:
    namen = list(features)
    return {pid: tuple(str(data[naam]).lower() for naam in namen) for pid, data in people.items()}


def _varianten(
    panel: frozenset[str],
    y: dict[str, float],
    type_van: dict[str, tuple[str, ...]],
    leden: dict[tuple[str, ...], list[str]],
    aantal: int,
) -> list[frozenset[str]]:
    """Panels with the same number of people of each type as ``panel`` (so they meet the
    quotas): per type the members ordered by y (high first), and variant r takes the block that
    starts r places further in that order, wrapping around."""
    per_type: dict[tuple[str, ...], int] = defaultdict(int)
    for pid in panel:
        per_type[type_van[pid]] += 1
    geordend = {
        t: sorted(leden[t], key=lambda pid: (-y[pid], pid)) for t in per_type if len(leden[t]) > 1
    }
    if not geordend:
        return []
    uit: list[frozenset[str]] = []
    for r in range(1, aantal + 1):
        nieuw: list[str] = []
        for t, c in per_type.items():
            rij = geordend.get(t)
            if rij is None:
                nieuw.extend(pid for pid in panel if type_van[pid] == t)
                continue
            begin = (r * c) % len(rij)
            nieuw.extend(rij[(begin + j) % len(rij)] for j in range(c))
        kandidaat = frozenset(nieuw)
        if kandidaat != panel:
            uit.append(kandidaat)
    return uit


def _niveau(
    duaal: _Duaal,
    zoeker: _Zoeker | _TypeZoeker,
    committees: set[frozenset[str]],
    vast: dict[str, float],
    type_van: dict[str, tuple[str, ...]],
    leden: dict[tuple[str, ...], list[str]],
    k: int,
    teller: int,
) -> int:
    """One level: add panels until the dual is solved, then fix agents (whole types). Returns
    ``teller`` (the number of times the fixed chances had to be lowered)."""
    from sortition_algorithms.committee_generation.common import EPS

    while True:
        optimaal, y, kap, optimum = duaal.los_op()
        if not optimaal:
            # Rounding can make the fixed chances just infeasible (the dual is then unbounded):
            # lower all of them a little, as the library does.
            teller += 1
            if teller > MAX_VERLAGINGEN:
                raise RuntimeError("leximin: the fixed probabilities stay infeasible")
            for pid in vast:
                vast[pid] = max(0.0, vast[pid] - VERLAGING)
            duaal.zet_kosten(vast)
            continue
        nieuw, bovengrens = zoeker.zoek(y)
        if bovengrens <= kap + EPS:
            break
        if nieuw in committees:  # cannot happen with exact arithmetic; stop instead of looping
            raise RuntimeError("leximin: column generation found a known panel")
        erbij = [nieuw]
        for variant in _varianten(nieuw, y, type_van, leden, EXTRA_PANELS):
            if variant not in committees and sum(y[p] for p in variant) > kap + EPS:
                erbij.append(variant)
        erbij = list(dict.fromkeys(erbij))
        committees.update(erbij)
        duaal.voeg_toe(erbij)

    waarde = max(0.0, optimum)
    vrij = [pid for pid in type_van if pid not in vast]
    rest = k - sum(vast.values())
    if abs(len(vrij) * waarde - rest) <= EPS:
        # The free agents at this level take every seat that is left: all are at this value.
        nieuw_vast = vrij
    else:
        typen = {type_van[pid] for pid, gewicht in y.items() if gewicht > EPS and pid not in vast}
        if not typen:  # a very large pool can spread y below EPS: fix the largest one's type
            typen = {type_van[max(vrij, key=lambda pid: (y[pid], pid))]}
        nieuw_vast = [pid for pid in vrij if type_van[pid] in typen]
    for pid in nieuw_vast:
        vast[pid] = waarde
    duaal.zet_vast(vast, nieuw_vast)
    return teller


def _panelkansen(committees: list[frozenset[str]], vast: dict[str, float]) -> list[float]:
    """Panel probabilities that give every agent (about) their fixed chance: the last LP
    (minimise the largest shortfall t: Σ_{P ∋ i} x_P + t ≥ p_i, Σ x_P = 1)."""
    import highspy
    import numpy as np

    rijen = {pid: n + 1 for n, pid in enumerate(p for p, kans in vast.items() if kans > 0)}
    h = _highs()
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    aantal = len(rijen) + 1
    ondergrens = np.array([1.0] + [vast[pid] for pid in rijen])
    bovengrens = np.array([1.0] + [highspy.kHighsInf] * len(rijen))
    h.addRows(
        aantal,
        ondergrens,
        bovengrens,
        0,
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0),
    )
    starts, indices, waarden = [], [], []
    for panel in committees:
        starts.append(len(indices))
        indices.append(0)
        indices.extend(rijen[pid] for pid in panel if pid in rijen)
    waarden = [1.0] * len(indices)
    # the shortfall t: in every agent row, not in the sum row
    starts.append(len(indices))
    indices.extend(range(1, aantal))
    waarden.extend([1.0] * (aantal - 1))
    kosten = np.zeros(len(committees) + 1)
    kosten[-1] = 1.0
    h.addCols(
        len(committees) + 1,
        kosten,
        np.zeros(len(committees) + 1),
        np.ones(len(committees) + 1),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(waarden),
    )
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError("leximin: no panel probabilities for the fixed chances")
    x = h.getSolution().col_value[: len(committees)]
    kansen = [min(1.0, max(0.0, v)) for v in x]
    totaal = sum(kansen)
    return [kans / totaal for kans in kansen]


def find_distribution_leximin_highs(
    features: Any,
    people: Any,
    number_people_wanted: int,
    solver_backend: str = SOLVER,
    *,
    progress_reporter: Any = None,
) -> tuple[list[frozenset[str]], list[float]]:
    """Leximin distribution over panels: (panels, probabilities), like the library's functions.

    Raises the library's ``InfeasibleQuotasError`` when the quotas cannot be met.
    """
    from sortition_algorithms.committee_generation.common import (
        generate_initial_committees,
        setup_committee_generation,
    )
    from sortition_algorithms.progress import coerce_reporter, phase

    if solver_backend != "highspy":
        raise ValueError("leximin runs on highspy")
    reporter = coerce_reporter(progress_reporter)
    ilp, agent_vars = setup_committee_generation(
        features, people, number_people_wanted, [], solver_backend
    )
    committees, _gedekt, _rapport = generate_initial_committees(
        ilp, agent_vars, people.count, progress_reporter=reporter
    )
    type_van = _types(people, features)
    leden: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for pid, t in type_van.items():
        leden[t].append(pid)
    duaal = _Duaal(list(type_van), committees)
    zoeker: _Zoeker | _TypeZoeker = _TypeZoeker(features, number_people_wanted, leden)
    vast: dict[str, float] = {}
    teller = 0
    with phase(reporter, "leximin_outer", total=people.count, message="leximin"):
        while len(vast) < people.count:
            reporter.update(len(vast), message="leximin")
            teller = _niveau(
                duaal, zoeker, committees, vast, type_van, leden, number_people_wanted, teller
            )
        reporter.update(len(vast), message="leximin")
    panels = list(committees)
    return panels, _panelkansen(panels, vast)
