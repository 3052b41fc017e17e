"""The uniform final step (Flanigan, Kehne and Procaccia 2021, "Fair sortition made
transparent"): round a distribution over panels to M panels that are equally likely, publish
all M, and pick one with the public seed, so anyone can check the pick by hand.

Rounding (``rond_af``), done before any seed exists:

1. Every panel of the distribution (canonical order) gets a whole number of copies ``c_j >= 0``
   with ``sum(c_j) = M``. Each person's chance becomes (copies of the panels with them) / M.
2. The copies are chosen by an integer program on HiGHS: minimise the largest difference
   ``|sum(c_j for j with i) - M * p_i|`` over all people ``i`` (``p_i``: the person's chance in
   the distribution), with a fixed solver seed and a time limit. The start is the largest
   remainder rounding of ``M * p_j`` (ties: canonical order); the better of the two is kept.
3. Copies of the distribution's own panels often cannot give everyone their chance within
   1/M: on a larger pool (1,000 people, 150 seats) each person is in many panels, and the
   rounding errors of those panels add up. With the pool at hand (``rond_af(..., invoer=...)``,
   as the site and ``flask loting trek`` do) the rounding then swaps panels: it takes out the
   panel whose removal helps most and puts in the best panel that meets the quotas, found by an
   integer program over the pool (HiGHS, fixed seed). The aim is that every person's number of
   panels differs at most 1 from M times their chance; each swap must lower the total of what is
   over that limit, and it stops when nothing is over it, when no swap helps, or at the time
   limit. A swapped-in panel need not be in the distribution, but it meets every quota, like
   all the others.
4. The M panels are listed in canonical order, each panel as often as its copies: panel 1 to
   panel M. The record holds all M and the largest difference (``max_deviation``, as a chance),
   so the guarantee is checked, not assumed: within 1/M holds exactly when
   ``max_deviation <= 1/M``; ``binnen_een_m`` says so, and the site and the CLI say it when it
   does not hold.

The pick (``DRAW_METHOD_UNIFORM``): panel number ``(seed mod M) + 1``. Reserves: as in
``drawing.trek``, but every extra draw is ``rng.randrange(M)`` with ``rng = random.Random(seed)``.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from open_nijmegen.inwonersberaad.loting.common import SOLVER
from open_nijmegen.inwonersberaad.loting.drawing import Trekking, _reserves
from open_nijmegen.inwonersberaad.loting.input import LotingInput
from open_nijmegen.inwonersberaad.loting.solving import Verdeling

DRAW_METHOD_UNIFORM = "uniform-seed-mod-m-v1"
DRAW_METHOD_UNIFORM_DESCRIPTION = (
    "Uniform final step (Flanigan, Kehne, Procaccia 2021): the distribution is rounded to M "
    "equally likely panels, listed in canonical order (each panel as often as its copies), "
    "numbered 1 to M. Panel: number (seed mod M) + 1. Reserves: rng = random.Random(seed); "
    "repeat: take panel rng.randrange(M) of the list; its ids not yet chosen, sorted, "
    "rng.shuffle, appended until enough reserves."
)
MIN_M = 2
MAX_M = 100_000
TIJDSLIMIET_SECONDEN = 20.0
ROUNDING = "ilp-highs-min-max-deviation-v1"
ROUNDING_MET_RUIL = "ilp-highs-min-max-deviation+panel-swaps-v2"
RUIL_TIJDSLIMIET_SECONDEN = 120.0


@dataclass(frozen=True)
class UniformeLoting:
    """M equally likely panels (numbered order) and how far they are from the distribution."""

    m: int
    panels: tuple[tuple[str, ...], ...]  # length m, canonical order, repeats allowed
    max_afwijking: float  # the largest |new chance - old chance| over all people
    rounding: str = ROUNDING

    @property
    def binnen_een_m(self) -> bool:
        """Does every person's chance differ at most 1/M from the distribution's?"""
        return self.max_afwijking <= 1 / self.m + 1e-9

    def kans_per_persoon(self, ids: Sequence[str] = ()) -> dict[str, float]:
        tel: dict[str, int] = dict.fromkeys(ids, 0)
        for panel in self.panels:
            for pid in panel:
                tel[pid] = tel.get(pid, 0) + 1
        return {pid: n / self.m for pid, n in tel.items()}


def als_lijst(verdeling: Verdeling, kopieen: Sequence[int]) -> tuple[tuple[str, ...], ...]:
    """Panel j as often as its copies, in the distribution's (canonical) order."""
    return tuple(p for p, c in zip(verdeling.panels, kopieen, strict=True) for _ in range(c))


def afwijking(verdeling: Verdeling, panels: Sequence[Sequence[str]], m: int) -> float:
    """The largest difference between a person's chance in ``panels`` (each 1/m) and in the
    distribution."""
    oud = verdeling.kans_per_persoon()
    nieuw: dict[str, int] = {}
    for panel in panels:
        for pid in panel:
            nieuw[pid] = nieuw.get(pid, 0) + 1
    return max(
        (abs(nieuw.get(pid, 0) / m - oud.get(pid, 0.0)) for pid in set(oud) | set(nieuw)),
        default=0.0,
    )


def _grootste_rest(kansen: Sequence[float], m: int) -> list[int]:
    exact = [k * m for k in kansen]
    kopieen = [math.floor(x) for x in exact]
    over = m - sum(kopieen)
    volgorde = sorted(range(len(exact)), key=lambda j: (-(exact[j] - kopieen[j]), j))
    for j in volgorde[:over]:
        kopieen[j] += 1
    return kopieen


def _ilp(verdeling: Verdeling, m: int, start: list[int], tijd: float) -> list[int] | None:
    from sortition_algorithms.committee_generation.solver import (
        SolverSense,
        SolverStatus,
        create_solver,
        solver_sum,
    )

    ilp = create_solver(backend=SOLVER, seed=1, time_limit=tijd)
    c = [ilp.add_integer_var(lb=0.0, ub=float(m)) for _ in verdeling.panels]
    t = ilp.add_continuous_var(lb=0.0, ub=float(m))
    ilp.add_constr(solver_sum(c) == m)
    leden: dict[str, list[int]] = {}
    for j, panel in enumerate(verdeling.panels):
        for pid in panel:
            leden.setdefault(pid, []).append(j)
    for pid, kans in verdeling.kans_per_persoon().items():
        som = solver_sum(c[j] for j in leden[pid])
        ilp.add_constr(som - m * kans <= t)
        ilp.add_constr(m * kans - som <= t)
    ilp.set_objective(t + 0, SolverSense.MINIMIZE)
    highs = getattr(ilp, "_h", None)
    if highs is not None:  # the largest remainder rounding as a start
        try:
            import highspy

            oplossing = highspy.HighsSolution()
            oplossing.col_value = [float(x) for x in start] + [float(m)]
            highs.setSolution(oplossing)
        except (AttributeError, TypeError, ValueError):  # pragma: no cover - older highspy
            pass
    if ilp.optimize() not in (SolverStatus.OPTIMAL, SolverStatus.FEASIBLE):
        return None
    kopieen = [max(0, round(ilp.get_value(x))) for x in c]
    return kopieen if sum(kopieen) == m else None


def _teveel(x: float) -> float:
    """How far a difference (in panels) is over the limit of 1."""
    return max(0.0, abs(x) - 1.0 - 1e-9)


class _PanelZoeker:
    """The best panel for given weights: an integer program over the pool (one binary per
    person, the panel size, every quotum), on HiGHS with a fixed seed."""

    def __init__(self, invoer: LotingInput, panelgrootte: int, tijd: float) -> None:
        import highspy
        import numpy as np

        self._hs, self._np = highspy, np
        self.ids = list(invoer.personen)
        n = len(self.ids)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("random_seed", 1)
        h.setOptionValue("time_limit", max(1.0, tijd))
        alle = np.arange(n, dtype=np.int32)
        h.addCols(
            n,
            np.zeros(n),
            np.zeros(n),
            np.ones(n),
            0,
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        h.changeColsIntegrality(n, alle, np.array([highspy.HighsVarType.kInteger] * n))
        h.addRow(panelgrootte, panelgrootte, n, alle, np.ones(n))
        for q in invoer.quota:
            leden = [
                j for j, pid in enumerate(self.ids) if invoer.personen[pid][q.kenmerk] == q.waarde
            ]
            h.addRow(q.min, q.max, len(leden), np.array(leden, dtype=np.int32), np.ones(len(leden)))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.h = h
        self.alle = alle

    def zoek(self, gewicht: dict[str, float]) -> tuple[str, ...] | None:
        np = self._np
        self.h.changeColsCost(
            len(self.ids), self.alle, np.array([gewicht.get(pid, 0.0) for pid in self.ids])
        )
        self.h.run()
        s = self._hs.HighsModelStatus
        if self.h.getModelStatus() not in (s.kOptimal, s.kTimeLimit):
            return None
        waarden = self.h.getSolution().col_value
        if len(waarden) != len(self.ids):
            return None
        return tuple(sorted(pid for pid, x in zip(self.ids, waarden, strict=True) if x > 0.5))


def _ruil(
    verdeling: Verdeling,
    panels: list[tuple[str, ...]],
    m: int,
    invoer: LotingInput,
    panelgrootte: int,
    tijd: float,
) -> list[tuple[str, ...]]:
    """Swap panels (module docstring, step 3) until nobody is more than 1 panel off."""
    begin = time.monotonic()
    doel = {pid: m * k for pid, k in verdeling.kans_per_persoon(list(invoer.personen)).items()}
    tel = Counter(pid for panel in panels for pid in panel)
    verschil = {pid: tel[pid] - doel[pid] for pid in doel}
    totaal = math.fsum(_teveel(v) for v in verschil.values())
    zoeker: _PanelZoeker | None = None
    while totaal > 0 and time.monotonic() - begin < tijd:
        # Which panel to take out: the one whose members are most over their number.
        winst = {
            panel: sum(_teveel(verschil[p]) - _teveel(verschil[p] - 1) for p in panel)
            for panel in set(panels)
        }
        beter = False
        for uit in sorted(winst, key=lambda p: (-winst[p], p))[:3]:
            na = dict(verschil)
            for pid in uit:
                na[pid] -= 1
            # Linear weights: what adding a person to the new panel saves (or costs); a small
            # second term prefers those who are under their number.
            gewicht = {pid: _teveel(v) - _teveel(v + 1) - 1e-6 * v / m for pid, v in na.items()}
            if zoeker is None:
                zoeker = _PanelZoeker(invoer, panelgrootte, tijd)
            erin = zoeker.zoek(gewicht)
            if erin is None or erin == uit:
                continue
            for pid in erin:
                na[pid] += 1
            nieuw_totaal = math.fsum(_teveel(v) for v in na.values())
            if nieuw_totaal < totaal - 1e-9:
                panels.remove(uit)
                panels.append(erin)
                verschil, totaal, beter = na, nieuw_totaal, True
                break
        if not beter:
            break
    return sorted(panels)


def rond_af(
    verdeling: Verdeling,
    m: int,
    tijd: float = TIJDSLIMIET_SECONDEN,
    *,
    invoer: LotingInput | None = None,
    panelgrootte: int | None = None,
    ruiltijd: float = RUIL_TIJDSLIMIET_SECONDEN,
) -> UniformeLoting:
    """Round ``verdeling`` to ``m`` equally likely panels (see the module docstring). With
    ``invoer`` and ``panelgrootte`` panels are swapped when the copies alone are more than 1/M
    off (step 3)."""
    if not isinstance(m, int) or isinstance(m, bool) or not MIN_M <= m <= MAX_M:
        raise ValueError(f"M must be a whole number from {MIN_M} to {MAX_M}")
    if not verdeling.panels:
        raise ValueError("the distribution is empty")
    start = _grootste_rest(verdeling.kansen, m)
    beste = als_lijst(verdeling, start)
    beste_afwijking = afwijking(verdeling, beste, m)
    kopieen = _ilp(verdeling, m, start, tijd)
    if kopieen is not None:
        lijst = als_lijst(verdeling, kopieen)
        if (a := afwijking(verdeling, lijst, m)) < beste_afwijking:
            beste, beste_afwijking = lijst, a
    if invoer is None or panelgrootte is None or beste_afwijking <= 1 / m + 1e-9:
        return UniformeLoting(m=m, panels=beste, max_afwijking=beste_afwijking)
    geruild = tuple(_ruil(verdeling, list(beste), m, invoer, panelgrootte, ruiltijd))
    if (a := afwijking(verdeling, geruild, m)) < beste_afwijking:
        return UniformeLoting(m=m, panels=geruild, max_afwijking=a, rounding=ROUNDING_MET_RUIL)
    return UniformeLoting(m=m, panels=beste, max_afwijking=beste_afwijking)


def trek_uniform(uniform: UniformeLoting, seed: int, aantal_reserves: int = 0) -> Trekking:
    """Panel number (seed mod M) + 1, then the reserves (``DRAW_METHOD_UNIFORM``)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0:
        raise ValueError("the seed must be a positive whole number")
    index = seed % uniform.m
    rng = random.Random(seed)
    panel = uniform.panels[index]
    reserves = _reserves(
        uniform.panels, panel, aantal_reserves, lambda: rng.randrange(uniform.m), rng
    )
    return Trekking(seed=seed, panel_index=index, panel=panel, reserves=reserves)
