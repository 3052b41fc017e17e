"""Bench: count P projects x N ballots with equal shares (add1, pabutools, exact fractions)
and greedy, in one process: wall time and peak memory (tracemalloc). Target here: 60 x
20,000 under 10 s and 500 MB. ``python -m open_nijmegen.begroten.bench``."""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

from open_nijmegen.begroten.counting import PlanInput, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--budget", type=int, default=1_000_000)
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
    tracemalloc.start()
    started = time.perf_counter()
    result = count(plans, ballots, args.budget)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    print(
        f"begroten count: {args.projects} projects x {args.ballots} ballots: {seconds:.1f} s, "
        f"peak {peak:.0f} MB; equal shares chose {len(result.winnaars)} "
        f"(EUR {result.budget_gebruikt}), greedy {len(result.greedy)} (EUR {result.budget_greedy}); "
        f"target < 10 s and < 500 MB: {'OK' if seconds < 10 and peak < 500 else 'NIET GEHAALD'}"
    )


if __name__ == "__main__":
    main()
