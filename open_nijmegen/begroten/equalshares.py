"""A fast search for the add1 round of the Method of Equal Shares (cost satisfaction,
approval ballots), in numpy floats.

Why: "add1" runs equal shares again and again, each time with one euro more per voter,
until the outcome no longer fits the budget or nothing fits any more. pabutools does every
round with exact fractions (gmpy2): 60 plans x 20,000 voters took 41 rounds and 128 s.
This module runs the same rounds, the same steps and the same tie-breaking as pabutools'
``mes_inner_algo`` (``binary_sat``, resolute, lexicographic ties on the plan's name), but in
floats and per group of identical ballots, to find *which* round add1 keeps. The count in
``counting.count`` then runs that one round with pabutools in exact fractions (the
published outcome and its explanation come from pabutools), and checks that both agree.
If they do not, it counts the slow way with pabutools alone.

Floats are compared with a small relative margin (``EPS``): two prices that are equal in
exact arithmetic count as a tie, as they do in pabutools; a project that costs exactly what
its supporters have left stays affordable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

EPS = 1e-9


@dataclass
class Groups:
    """Identical ballots counted together: ``members[j]`` are the groups that chose plan j."""

    names: list[str]  # the plans' names as pabutools sees them (str(id)): ties go by these
    costs: np.ndarray  # float, per plan
    multiplicity: np.ndarray  # float, per group
    members: list[np.ndarray]  # per plan: indices of the groups that chose it
    voters: int


def make_groups(
    plan_ids: Sequence[int], costs: Sequence[int], ballots: Sequence[Sequence[int]]
) -> Groups:
    index = {plan_id: j for j, plan_id in enumerate(plan_ids)}
    counted: dict[frozenset[int], int] = {}
    for choice in ballots:
        key = frozenset(index[i] for i in choice if i in index)
        counted[key] = counted.get(key, 0) + 1
    keys = list(counted)
    members: list[list[int]] = [[] for _ in plan_ids]
    for g, key in enumerate(keys):
        for j in key:
            members[j].append(g)
    return Groups(
        names=[str(i) for i in plan_ids],
        costs=np.asarray(costs, dtype=float),
        multiplicity=np.asarray([counted[k] for k in keys], dtype=float),
        members=[np.asarray(m, dtype=np.intp) for m in members],
        voters=len(ballots),
    )


def _price(budgets: np.ndarray, weights: np.ndarray, cost: float) -> float | None:
    """The lowest payment per supporter q such that sum(min(b, q) * m) = cost, as
    pabutools finds it (poorest first); None when they cannot pay it."""
    order = np.argsort(budgets, kind="stable")
    b = budgets[order]
    m = weights[order]
    paid_before = np.concatenate(([0.0], np.cumsum(b * m)[:-1]))
    rich_left = m[::-1].cumsum()[::-1]  # supporters from this one on
    q = (cost - paid_before) / rich_left
    fits = np.nonzero(q <= b * (1 + EPS))[0]
    if fits.size == 0:
        return None
    return float(q[fits[0]])


def run_round(groups: Groups, per_voter: float) -> list[int]:
    """One run of equal shares with ``per_voter`` euros each: the plan indices bought."""
    budgets = np.full(groups.multiplicity.shape, per_voter, dtype=float)
    weights = groups.multiplicity
    # pabutools' affordability rho (payment = rho * cost); at the start 1 / supporters.
    afford: dict[int, float] = {}
    for j, who in enumerate(groups.members):
        total = float(weights[who].sum()) if who.size else 0.0
        if total > 0 and groups.costs[j] > 0:
            afford[j] = 1.0 / total
    chosen: list[int] = []
    while True:
        best = float("inf")
        tied: list[int] = []
        for j in sorted(afford, key=afford.__getitem__):
            who = groups.members[j]
            cost = float(groups.costs[j])
            have = budgets[who]
            if float((have * weights[who]).sum()) < cost * (1 - EPS):
                del afford[j]
                continue
            if afford[j] > best * (1 + EPS):
                break
            q = _price(have, weights[who], cost)
            if q is None:
                del afford[j]
                continue
            rho = q / cost
            afford[j] = rho
            if rho < best * (1 - EPS):
                best, tied = rho, [j]
            elif rho <= best * (1 + EPS):
                tied.append(j)
        if not tied:
            return chosen
        pick = min(tied, key=lambda j: groups.names[j])
        chosen.append(pick)
        del afford[pick]
        who = groups.members[pick]
        pay = best * float(groups.costs[pick])
        budgets[who] -= np.minimum(budgets[who], pay)


def add1_round(groups: Groups, budget: int, max_rounds: int = 100_000) -> int:
    """How many euros add1 adds per voter in the round it keeps (0: plain equal shares;
    -1: not even plain equal shares fits, so nothing is bought, as in pabutools)."""
    start = budget / groups.voters
    available = [j for j, who in enumerate(groups.members) if who.size and groups.costs[j] > 0]
    costs = [int(c) for c in groups.costs]
    for k in range(max_rounds):
        chosen = run_round(groups, start + k)
        spent = sum(costs[j] for j in chosen)
        if spent > budget:
            return k - 1
        taken = set(chosen)
        if all(j in taken or costs[j] + spent > budget for j in available):
            return k
    return max_rounds
