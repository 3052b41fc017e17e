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
3. The M panels are listed in canonical order, each panel as often as its copies: panel 1 to
   panel M. The record holds all M and the largest difference (``max_deviation``, as a chance).

The pick (``DRAW_METHOD_UNIFORM``): panel number ``(seed mod M) + 1``. Reserves: as in
``drawing.trek``, but every extra draw is ``rng.randrange(M)`` with ``rng = random.Random(seed)``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from open_nijmegen.inwonersberaad.loting.common import SOLVER
from open_nijmegen.inwonersberaad.loting.drawing import Trekking, _reserves
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


@dataclass(frozen=True)
class UniformeLoting:
    """M equally likely panels (numbered order) and how far they are from the distribution."""

    m: int
    panels: tuple[tuple[str, ...], ...]  # length m, canonical order, repeats allowed
    max_afwijking: float  # the largest |new chance - old chance| over all people

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


def rond_af(verdeling: Verdeling, m: int, tijd: float = TIJDSLIMIET_SECONDEN) -> UniformeLoting:
    """Round ``verdeling`` to ``m`` equally likely panels (see the module docstring)."""
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
