"""Leximin on open-source solvers: Flanigan et al. (Nature 2021), by column generation.

``sortition_algorithms.committee_generation.leximin`` has the algorithm but solves its two linear
programs with Gurobi. This module is the same algorithm with both programs on HiGHS, through the
library's own solver layer (``create_solver("highspy")``); the panel search (an integer program
over the quotas) and the start set of panels are the library's own functions.

Leximin maximises the smallest selection chance (like maximin), then the second smallest, and so
on. Outer loop: with the chances fixed so far, solve

    maximise z  s.t.  Σ_{P ∋ i} x_P ≥ z (i not fixed),  Σ_{P ∋ i} x_P ≥ p_i (i fixed),  Σ_P x_P ≤ 1

over the panels found so far, through its dual

    minimise ŷ - Σ_{i fixed} p_i y_i  s.t.  Σ_{i ∈ P} y_i ≤ ŷ (every panel P),
    Σ_{i not fixed} y_i = 1,  y, ŷ ≥ 0.

Column generation: the integer program finds the panel P with the largest Σ_{i ∈ P} y_i; while
that is more than ŷ (plus ``EPS``), P is added and the dual solved again. Then every agent with
y_i > ``EPS`` is fixed at the optimum (such a constraint is tight in every optimal solution).
At least one agent is fixed per round (the y_i of the free agents add up to 1). At the end a
last linear program finds panel probabilities that give every agent their fixed chance.
"""

from __future__ import annotations

from typing import Any

from open_nijmegen.inwonersberaad.loting.common import SOLVER

# Lower fixed chances by this much when rounding makes the fixed chances infeasible (as the library).
VERLAGING = 0.0001
MAX_VERLAGINGEN = 1000


def _duaal(solver_backend: str, people: Any, committees: set, vast: dict[str, float]):
    """The dual LP over ``committees`` (see the module docstring): (solver, y vars, ŷ var)."""
    from sortition_algorithms.committee_generation.solver import (
        SolverSense,
        create_solver,
        solver_sum,
    )

    lp = create_solver(backend=solver_backend)
    oneindig = float("inf")
    y = {pid: lp.add_continuous_var(lb=0.0, ub=oneindig) for pid in people}
    kap = lp.add_continuous_var(lb=0.0, ub=oneindig)
    lp.add_constr(solver_sum(y[pid] for pid in people if pid not in vast) == 1)
    for panel in committees:
        lp.add_constr(solver_sum(y[pid] for pid in panel) <= kap)
    lp.set_objective(
        kap - solver_sum(vast[pid] * y[pid] for pid in vast) if vast else kap + 0,
        SolverSense.MINIMIZE,
    )
    return lp, y, kap


def _kolomgeneratie(ilp, agent_vars, people, committees, vast, solver_backend, teller) -> int:
    """One outer round: add panels until the dual is solved, then fix agents. Returns ``teller``."""
    from sortition_algorithms.committee_generation.common import EPS, ilp_results_to_committee
    from sortition_algorithms.committee_generation.solver import (
        SolverSense,
        SolverStatus,
        solver_sum,
    )

    lp, y, kap = _duaal(solver_backend, people, committees, vast)
    while True:
        if lp.optimize() != SolverStatus.OPTIMAL:
            # Rounding can make the fixed chances just infeasible (the dual is then unbounded):
            # lower all of them a little and build the dual again, as the library does.
            teller += 1
            if teller > MAX_VERLAGINGEN:
                raise RuntimeError("leximin: the fixed probabilities stay infeasible")
            for pid in vast:
                vast[pid] = max(0.0, vast[pid] - VERLAGING)
            lp, y, kap = _duaal(solver_backend, people, committees, vast)
            continue
        gewichten = {pid: lp.get_value(var) for pid, var in y.items()}
        ilp.set_objective(
            solver_sum(gewichten[pid] * agent_vars[pid] for pid in people), SolverSense.MAXIMIZE
        )
        if ilp.optimize() not in (SolverStatus.OPTIMAL, SolverStatus.FEASIBLE):
            raise RuntimeError("leximin: the panel search failed")
        nieuw = ilp_results_to_committee(ilp, agent_vars)
        waarde = sum(gewichten[pid] for pid in nieuw)
        bovengrens = lp.get_value(kap)
        optimum = lp.get_objective_value()
        if waarde <= bovengrens + EPS:
            for pid, gewicht in gewichten.items():
                if gewicht > EPS and pid not in vast:
                    vast[pid] = max(0.0, optimum)
            return teller
        if nieuw in committees:  # cannot happen with exact arithmetic; stop instead of looping
            raise RuntimeError("leximin: column generation found a known panel")
        committees.add(nieuw)
        lp.add_constr(solver_sum(y[pid] for pid in nieuw) <= kap)


def _panelkansen(solver_backend: str, committees: list, vast: dict[str, float]) -> list[float]:
    """Panel probabilities that give every agent (about) their fixed chance: the last LP."""
    from sortition_algorithms.committee_generation.solver import (
        SolverSense,
        SolverStatus,
        create_solver,
        solver_sum,
    )

    lp = create_solver(backend=solver_backend)
    x = [lp.add_continuous_var(lb=0.0, ub=1.0) for _ in committees]
    tekort = lp.add_continuous_var(lb=0.0, ub=1.0)
    lp.add_constr(solver_sum(x) == 1)
    leden: dict[str, list[int]] = {}
    for nummer, panel in enumerate(committees):
        for pid in panel:
            leden.setdefault(pid, []).append(nummer)
    for pid, kans in vast.items():
        if kans > 0 and pid in leden:
            lp.add_constr(solver_sum(x[n] for n in leden[pid]) + tekort >= kans)
    lp.set_objective(tekort + 0, SolverSense.MINIMIZE)
    if lp.optimize() != SolverStatus.OPTIMAL:
        raise RuntimeError("leximin: no panel probabilities for the fixed chances")
    kansen = [min(1.0, max(0.0, lp.get_value(var))) for var in x]
    totaal = sum(kansen)
    return [k / totaal for k in kansen]


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

    reporter = coerce_reporter(progress_reporter)
    ilp, agent_vars = setup_committee_generation(
        features, people, number_people_wanted, [], solver_backend
    )
    committees, _gedekt, _rapport = generate_initial_committees(
        ilp, agent_vars, 3 * people.count, progress_reporter=reporter
    )
    vast: dict[str, float] = {}
    teller = 0
    with phase(reporter, "leximin_outer", total=people.count, message="leximin"):
        while len(vast) < people.count:
            reporter.update(len(vast), message="leximin")
            teller = _kolomgeneratie(
                ilp, agent_vars, people, committees, vast, solver_backend, teller
            )
        reporter.update(len(vast), message="leximin")
    panels = list(committees)
    return panels, _panelkansen(solver_backend, panels, vast)
