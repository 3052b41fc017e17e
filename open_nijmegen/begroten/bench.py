"""Bench: count P projects x N ballots with equal shares (add1) and greedy, in one process.

The count is ``counting.count``: a float search for the add1 round, then pabutools counts
that round in exact fractions (see ``equalshares``). Printed: the data sizes, the wall time
(a run without memory tracing) and the peak memory (a second run under tracemalloc, which
is slower). Target here: 60 x 20,000 under 10 s and 500 MB. ``--exact`` times pabutools
counting every add1 round itself, the way it was counted before (128 s for 60 x 20,000).
``python -m open_nijmegen.begroten.bench``."""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

from open_nijmegen.begroten import equalshares
from open_nijmegen.begroten.counting import PlanInput, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--budget", type=int, default=1_000_000)
    parser.add_argument("--exact", action="store_true", help="pabutools counts every round")
    args = parser.parse_args()
    rng = random.Random(17)
    plans = [
        PlanInput(i + 1, rng.randint(5, 200) * 1000, f"Plan {i + 1}") for i in range(args.projects)
    ]
    weights = [rng.random() for _ in plans]
    ballots = []
    for _ in range(args.ballots):
        chosen = {p.id for p in rng.choices(plans, weights=weights, k=rng.randint(1, 6))}
        ballots.append((sorted(chosen), False))
    groups = equalshares.make_groups(
        [p.id for p in plans], [p.cost for p in plans], [c for c, _p in ballots]
    )
    rounds = equalshares.add1_round(groups, args.budget) + 1
    print(
        f"begroten data: {args.projects} projects, {args.ballots} ballots "
        f"({len(groups.multiplicity)} different ones), "
        f"{sum(len(c) for c, _p in ballots)} choices, budget EUR {args.budget}, "
        f"add1: {rounds} rounds of equal shares"
    )
    started = time.perf_counter()
    result = count(plans, ballots, args.budget, exact=args.exact)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    traced_started = time.perf_counter()
    again = count(plans, ballots, args.budget, exact=args.exact)
    traced = time.perf_counter() - traced_started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert again.as_dict() == result.as_dict()
    print(
        f"begroten count ({'pabutools every round' if args.exact else 'fast'}): "
        f"{args.projects} projects x {args.ballots} ballots: {seconds:.1f} s "
        f"({traced:.1f} s under tracemalloc), peak {peak:.0f} MB; "
        f"equal shares chose {len(result.winnaars)} (EUR {result.budget_gebruikt}), "
        f"greedy {len(result.greedy)} (EUR {result.budget_greedy}); "
        f"target < 10 s and < 500 MB: {'OK' if seconds < 10 and peak < 500 else 'NIET GEHAALD'}"
    )


if __name__ == "__main__":
    main()
