"""Leximin on open-source solvers: Flanigan et al. (Nature 2021), by column generation, per type.

``sortition_algorithms.committee_generation.leximin`` has the algorithm but solves its two linear
programs with Gurobi, over one variable per person. This module solves the same problem on HiGHS
(``highspy`` directly), over one variable per *type*: the people with the same value on every
feature. The quotas only see how many people of each type a panel has (its *composition*
c = (c_t)), so people of one type are interchangeable; the leximin chances are unique, so two
people of one type get the same chance p_t. Any distribution over panels can be made symmetric
within each type (average it over the swaps of people of one type) without changing what the
quotas or the chances of the types are. So leximin over people is leximin over the types' chances
p_t = E[c_t] / n_t (n_t people of type t), over distributions of compositions.

Leximin maximises the smallest chance (like maximin), then the second smallest, and so on. Outer
loop (a *level*): with the chances fixed so far, solve

    maximise z  s.t.  Σ_C x_C c_t / n_t ≥ z (t not fixed),  Σ_C x_C c_t / n_t ≥ p_t (t fixed),
    Σ_C x_C ≤ 1

over the compositions found so far, through its dual

    minimise ŷ - Σ_{t fixed} p_t y_t  s.t.  Σ_t y_t c_t / n_t ≤ ŷ (every composition C),
    Σ_{t not fixed} y_t = 1,  y, ŷ ≥ 0

(y_t is the sum of the people's y_i of the per-person dual). Column generation: a small integer
program (one integer c_t per type, the panel size and the quotas) finds the composition with the
largest Σ_t y_t c_t / n_t; while that is more than ŷ (plus ``EPS``), it is added and the dual solved
again. Then every type with y_t > ``EPS`` is fixed at the optimum (such a constraint is tight in
every optimal solution; at least one type is fixed per level, as the y_t of the free types add up
to 1). When the free types at the level's value z take all seats that are left
(Σ_{t free} n_t z = k - Σ_{t fixed} n_t p_t), every one of them is at z and all are fixed.

One dual LP is kept for the whole run (a new composition is a new row, fixing a type changes one
coefficient and one cost; HiGHS keeps its basis), and one integer program (only its objective
changes). The start set of compositions comes from multiplicative weights over the types (as the library does over people); column generation finds the rest. A type that fits
in no panel ends at chance 0 on the first level (the dual puts its weight there, ŷ = 0).

**From compositions to panels.** A last LP gives the compositions' probabilities x_C. A panel is
made from a composition by choosing which c_t of the n_t people of each type sit in it; every
person of type t must end up with chance p_t. Such panels always exist (per type, the n_t / g
windows of c_t people in a circle, g = gcd(n_t, c_t), each equally likely, give everyone c_t / n_t;
one uniform number picks the window of every type at once). Of those many panels, a second LP
over people (minimise the largest shortfall s: Σ_{P ∋ i} x_P + s ≥ p_i, Σ_P x_P = 1) keeps at most
one per person plus one, by column generation: per composition, the panel with the largest sum of
the people's duals takes the c_t people of each type with the largest duals. It stops when no
panel improves the LP, so s ends at 0 (a solution with s = 0 exists among these panels).

The library's ``setup_committee_generation`` still checks the quotas first, so infeasible quotas
raise its ``InfeasibleQuotasError`` with its advice.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Any

from open_nijmegen.inwonersberaad.loting.common import SOLVER

# Lower fixed chances by this much when rounding makes the fixed chances infeasible (as the library).
VERLAGING = 0.0001
MAX_VERLAGINGEN = 1000
# The panel LP: a panel improves it when its reduced cost is below this.
VERBETERING = 1e-10
# Start panels per composition in the panel LP (uniform numbers spread over [0, 1)).
START_PANELS = 16
MAX_PANEL_RONDES = 5000
# The largest shortfall of a person's chance that the panel LP may leave (then: an error).
MAX_TEKORT = 1e-7


def _highs() -> Any:
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 1)
    return h


Samenstelling = tuple[int, ...]


class _Samenstellingen:
    """The integer program over compositions: c_t of type t (0 .. n_t), k in all, the quotas on
    the c_t; the objective changes per search."""

    def __init__(self, features: Any, k: int, typen: list[tuple[str, ...]], groottes: Any) -> None:
        import highspy
        import numpy as np
        from sortition_algorithms.features import iterate_feature_collection

        self._np, self._hs = np, highspy
        namen = [naam.lower() for naam in features]
        aantal = len(typen)
        h = _highs()
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.addCols(
            aantal,
            np.zeros(aantal),
            np.zeros(aantal),
            np.asarray(groottes, dtype=float),
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        self.kolommen = np.arange(aantal, dtype=np.int32)
        h.changeColsIntegrality(
            aantal, self.kolommen, np.array([highspy.HighsVarType.kInteger] * aantal)
        )
        h.addRow(float(k), float(k), aantal, self.kolommen, np.ones(aantal))
        for kenmerk, waarde, grenzen in iterate_feature_collection(features):
            plek = namen.index(kenmerk.lower())
            kolommen = [n for n, t in enumerate(typen) if t[plek] == waarde.lower()]
            h.addRow(
                float(grenzen.min),
                float(grenzen.max),
                len(kolommen),
                np.array(kolommen, dtype=np.int32),
                np.ones(len(kolommen)),
            )
        self.h = h

    def zoek(self, kosten: Any) -> tuple[Samenstelling, float]:
        """The composition with the largest Σ kosten_t c_t, and the best value any can reach."""
        self.h.changeColsCost(len(self.kolommen), self.kolommen, kosten)
        self.h.run()
        s = self._hs.HighsModelStatus
        status = self.h.getModelStatus()
        if status not in (s.kOptimal, s.kTimeLimit, s.kSolutionLimit, s.kInterrupt):
            raise RuntimeError("leximin: the panel search failed")
        c = tuple(round(v) for v in self.h.getSolution().col_value)
        waarde = float(self._np.dot(kosten, c))
        bovengrens = self.h.getInfo().mip_dual_bound if status == s.kOptimal else float("inf")
        return c, max(bovengrens, waarde)


class _Duaal:
    """The dual LP of one level (module docstring) over the types, kept for the whole run: new
    compositions are new rows, a newly fixed type leaves the row ``Σ y = 1`` and gets the cost
    ``-p_t``."""

    def __init__(self, groottes: Any) -> None:
        import highspy
        import numpy as np

        self._np, self._hs = np, highspy
        self.groottes = np.asarray(groottes, dtype=float)
        self.n = len(self.groottes)
        self.kap = self.n  # column of ŷ
        h = _highs()
        h.setOptionValue("presolve", "off")  # keep the basis between solves
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

    def voeg_toe(self, samenstellingen: list[Samenstelling]) -> None:
        """One row Σ_t (c_t / n_t) y_t - ŷ ≤ 0 per composition."""
        if not samenstellingen:
            return
        np = self._np
        starts, indices, waarden = [], [], []
        for c in samenstellingen:
            starts.append(len(indices))
            for t, aantal in enumerate(c):
                if aantal:
                    indices.append(t)
                    waarden.append(aantal / self.groottes[t])
            indices.append(self.kap)
            waarden.append(-1.0)
        self.h.addRows(
            len(samenstellingen),
            np.full(len(samenstellingen), -self._hs.kHighsInf),
            np.zeros(len(samenstellingen)),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(waarden),
        )

    def zet_vast(self, vast: dict[int, float], nieuw: list[int]) -> None:
        for t in nieuw:
            self.h.changeCoeff(0, t, 0.0)
        self.zet_kosten(vast)

    def zet_kosten(self, vast: dict[int, float]) -> None:
        np = self._np
        if not vast:
            return
        kolommen = np.array(list(vast), dtype=np.int32)
        self.h.changeColsCost(len(kolommen), kolommen, np.array([-vast[t] for t in vast]))

    def los_op(self) -> tuple[bool, Any, float, float]:
        """(optimal, y per type, ŷ, objective)."""
        self.h.run()
        if self.h.getModelStatus() != self._hs.HighsModelStatus.kOptimal:
            # A warm start can end in a wrong state after many changes: once more from scratch.
            self.h.clearSolver()
            self.h.run()
            if self.h.getModelStatus() != self._hs.HighsModelStatus.kOptimal:
                return False, None, 0.0, 0.0
        waarden = self._np.asarray(self.h.getSolution().col_value)
        return True, waarden[: self.n], waarden[self.kap], self.h.getInfo().objective_function_value


def _types(people: Any, features: Any) -> dict[str, tuple[str, ...]]:
    namen = list(features)
    return {pid: tuple(str(data[naam]).lower() for naam in namen) for pid, data in people.items()}


def _startsamenstellingen(
    zoeker: _Samenstellingen, groottes: Any, rng: random.Random
) -> set[Samenstelling]:
    """A varied start set: multiplicative weights over the types (as the library's over people:
    a type's weight falls with the share of its people a found panel takes). Column generation
    adds what the levels need."""
    import numpy as np

    aantal = len(groottes)
    gewichten = np.array([rng.uniform(0.99, 1.0) for _ in range(aantal)])
    gevonden: set[Samenstelling] = set()
    for _ in range(aantal):  # one round per type (the library: one per person)
        c, _grens = zoeker.zoek(gewichten)
        if c in gevonden:
            gewichten = 0.9 * gewichten + 0.1
        else:
            gevonden.add(c)
            gewichten = gewichten * np.power(0.8, np.asarray(c) / groottes)
        gewichten *= aantal / gewichten.sum()
    return gevonden


def _niveau(
    duaal: _Duaal,
    zoeker: _Samenstellingen,
    samenstellingen: set[Samenstelling],
    vast: dict[int, float],
    groottes: Any,
    k: int,
    teller: int,
) -> int:
    """One level: add compositions until the dual is solved, then fix types. Returns ``teller``
    (the number of times the fixed chances had to be lowered)."""
    from sortition_algorithms.committee_generation.common import EPS

    while True:
        optimaal, y, kap, optimum = duaal.los_op()
        if not optimaal:
            # Rounding can make the fixed chances just infeasible (the dual is then unbounded):
            # lower all of them a little, as the library does.
            teller += 1
            if teller > MAX_VERLAGINGEN:
                raise RuntimeError("leximin: the fixed probabilities stay infeasible")
            for t in vast:
                vast[t] = max(0.0, vast[t] - VERLAGING)
            duaal.zet_kosten(vast)
            continue
        nieuw, bovengrens = zoeker.zoek(y / groottes)
        if bovengrens <= kap + EPS:
            break
        if nieuw in samenstellingen:  # cannot happen with exact arithmetic; stop, do not loop
            raise RuntimeError("leximin: column generation found a known composition")
        samenstellingen.add(nieuw)
        duaal.voeg_toe([nieuw])

    waarde = max(0.0, optimum)
    vrij = [t for t in range(len(groottes)) if t not in vast]
    rest = k - sum(groottes[t] * p for t, p in vast.items())
    if abs(sum(groottes[t] for t in vrij) * waarde - rest) <= EPS:
        nieuw_vast = vrij  # the free types at this level take every seat that is left
    else:
        nieuw_vast = [t for t in vrij if y[t] > EPS]
        if not nieuw_vast:  # a very large pool can spread y below EPS: fix the largest one
            nieuw_vast = [max(vrij, key=lambda t: (y[t], -t))]
    for t in nieuw_vast:
        vast[t] = waarde
    duaal.zet_vast(vast, nieuw_vast)
    return teller


def _kleinste_tekort(
    kolommen: list[dict[int, float]], ondergrenzen: list[float]
) -> tuple[Any, list[float]]:
    """The LP: minimise the largest shortfall s, Σ_j a_ij x_j + s ≥ ondergrens_i, Σ_j x_j = 1,
    x ≥ 0, with column j given as {row i: a_ij} (rows from 1; row 0 is the sum). Returns the
    HiGHS model (to add columns to) and x."""
    import highspy
    import numpy as np

    h = _highs()
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    aantal = len(ondergrenzen) + 1
    h.addRows(
        aantal,
        np.array([1.0, *ondergrenzen]),
        np.array([1.0] + [highspy.kHighsInf] * len(ondergrenzen)),
        0,
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0),
    )
    # the shortfall s: in every row but the sum row
    h.addCol(
        1.0,
        0.0,
        highspy.kHighsInf,
        aantal - 1,
        np.arange(1, aantal, dtype=np.int32),
        np.ones(aantal - 1),
    )
    _voeg_kolommen_toe(h, kolommen)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError("leximin: no probabilities for the fixed chances")
    return h, list(h.getSolution().col_value[1:])


def _voeg_kolommen_toe(h: Any, kolommen: list[dict[int, float]]) -> None:
    import highspy
    import numpy as np

    starts, indices, waarden = [], [], []
    for kolom in kolommen:
        starts.append(len(indices))
        indices.append(0)
        waarden.append(1.0)
        for rij, a in kolom.items():
            indices.append(rij)
            waarden.append(a)
    h.addCols(
        len(kolommen),
        np.zeros(len(kolommen)),
        np.zeros(len(kolommen)),
        np.full(len(kolommen), highspy.kHighsInf),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(waarden),
    )


def _venster_panel(c: Samenstelling, leden: list[list[str]], u: float) -> frozenset[str]:
    """The panel of composition c at the uniform number u: per type the window of c_t people
    (in a circle) numbered floor(u · n_t / gcd(n_t, c_t)); over u these give everyone of the
    type the chance c_t / n_t."""
    panel: list[str] = []
    for t, aantal in enumerate(c):
        mensen = leden[t]
        n = len(mensen)
        if aantal == 0:
            continue
        if aantal >= n:
            panel.extend(mensen)
            continue
        vensters = n // math.gcd(n, aantal)
        r = min(int(u * vensters), vensters - 1)
        panel.extend(mensen[(r * aantal + j) % n] for j in range(aantal))
    return frozenset(panel)


def _beste_panel(
    c: Samenstelling, leden: list[list[str]], duaal: dict[str, float]
) -> frozenset[str]:
    """The panel of composition c with the largest sum of the people's duals."""
    panel: list[str] = []
    for t, aantal in enumerate(c):
        if aantal:
            panel.extend(sorted(leden[t], key=lambda pid: (-duaal.get(pid, 0.0), pid))[:aantal])
    return frozenset(panel)


def _panels(
    verdeling: list[tuple[Samenstelling, float]],
    leden: list[list[str]],
    kans: dict[str, float],
) -> tuple[list[frozenset[str]], list[float]]:
    """Panels and their probabilities that give every person their chance, from the
    compositions in ``verdeling`` (module docstring)."""
    rijen = {pid: n + 1 for n, pid in enumerate(p for p, v in kans.items() if v > 0)}
    ondergrenzen = [kans[pid] for pid in rijen]

    def kolom(panel: frozenset[str]) -> dict[int, float]:
        return {rijen[pid]: 1.0 for pid in panel if pid in rijen}

    panels: list[frozenset[str]] = []
    bekend: set[frozenset[str]] = set()
    for c, _x in verdeling:
        for j in range(START_PANELS):
            panel = _venster_panel(c, leden, (j + 0.5) / START_PANELS)
            if panel not in bekend:
                bekend.add(panel)
                panels.append(panel)
    h, _x = _kleinste_tekort([kolom(p) for p in panels], ondergrenzen)
    for _ronde in range(MAX_PANEL_RONDES):
        oplossing = h.getSolution()
        rij_duaal = oplossing.row_dual
        duaal = {pid: rij_duaal[rij] for pid, rij in rijen.items()}
        erbij: list[frozenset[str]] = []
        for c, _x in verdeling:
            panel = _beste_panel(c, leden, duaal)
            gereduceerd = -(rij_duaal[0] + sum(duaal.get(pid, 0.0) for pid in panel))
            if gereduceerd < -VERBETERING and panel not in bekend:
                bekend.add(panel)
                erbij.append(panel)
        if not erbij:
            break
        panels.extend(erbij)
        _voeg_kolommen_toe(h, [kolom(p) for p in erbij])
        h.run()
    waarden = h.getSolution().col_value
    if waarden[0] > MAX_TEKORT:
        raise RuntimeError("leximin: no panels give every person their chance")
    x = [min(1.0, max(0.0, v)) for v in waarden[1:]]
    totaal = math.fsum(x)
    gekozen = [(p, v / totaal) for p, v in zip(panels, x, strict=True) if v > 0]
    return [p for p, _v in gekozen], [v for _p, v in gekozen]


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
    import numpy as np
    from sortition_algorithms.committee_generation.common import setup_committee_generation
    from sortition_algorithms.progress import coerce_reporter, phase

    if solver_backend != "highspy":
        raise ValueError("leximin runs on highspy")
    reporter = coerce_reporter(progress_reporter)
    # The library's check of the quotas (its B1-ready advice when they cannot be met).
    setup_committee_generation(features, people, number_people_wanted, [], solver_backend)
    type_van = _types(people, features)
    per_type: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for pid, t in type_van.items():
        per_type[t].append(pid)
    typen = list(per_type)
    leden = [per_type[t] for t in typen]
    groottes = np.array([len(m) for m in leden], dtype=float)
    k = number_people_wanted
    zoeker = _Samenstellingen(features, k, typen, groottes)
    samenstellingen = _startsamenstellingen(zoeker, groottes, random.Random(len(type_van)))
    duaal = _Duaal(groottes)
    duaal.voeg_toe(sorted(samenstellingen))
    vast: dict[int, float] = {}
    teller = 0

    def vaste_mensen() -> int:
        return int(sum(groottes[t] for t in vast))

    with phase(reporter, "leximin_outer", total=people.count, message="leximin"):
        while len(vast) < len(typen):
            reporter.update(vaste_mensen(), message="leximin")
            teller = _niveau(duaal, zoeker, samenstellingen, vast, groottes, k, teller)
        reporter.update(vaste_mensen(), message="leximin")

    # The compositions' probabilities (the LP of _kleinste_tekort over the types), then panels.
    lijst = sorted(samenstellingen)
    rij_van = {t: n + 1 for n, t in enumerate(t for t in range(len(typen)) if vast[t] > 0)}
    _h, x = _kleinste_tekort(
        [
            {rij_van[t]: a / groottes[t] for t, a in enumerate(c) if a and t in rij_van}
            for c in lijst
        ],
        [vast[t] for t in rij_van],
    )
    verdeling = [(c, v) for c, v in zip(lijst, x, strict=True) if v > 1e-12]
    kans = {pid: vast[t] for t, mensen in enumerate(leden) for pid in mensen}
    return _panels(verdeling, leden, kans)
