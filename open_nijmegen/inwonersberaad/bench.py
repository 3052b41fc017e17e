"""Benchmark of the lottery on a synthetic pool (``make bench``).

Run ``python -m open_nijmegen.inwonersberaad.bench`` (1,000 volunteers, 150 seats; this takes
minutes) or pass ``--people`` and ``--seats`` for other sizes. It prints the lottery's time and the
smallest selection probability.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from open_nijmegen.inwonersberaad.loting import (
    parse_input,
    procent,
    run_loting,
    verify,
    voorbeeld_pool,
)


def run_bench(
    n_people: int = 1000,
    seats: int = 150,
    *,
    reserves: int = 0,
    pool_seed: int = 2024,
    algorithm: str = "maximin",
    quiet: bool = False,
) -> dict[str, Any]:
    """Run one lottery on ``voorbeeld_pool(n_people, pool_seed, seats)`` and report timings.

    Returns a dict with the sizes, the time in seconds of the lottery and of ``verify``, the
    number of panels in the distribution and the min/max selection probability.
    """
    people_csv, quotas_csv = voorbeeld_pool(n_people, pool_seed, seats)
    invoer = parse_input(
        people_csv.encode(), quotas_csv.encode(), panel_size=seats, reserves=reserves
    )
    begin = time.perf_counter()
    resultaat = run_loting(invoer, seats, reserves, algorithm=algorithm)
    duur = time.perf_counter() - begin

    record = resultaat.to_public_dict()
    begin = time.perf_counter()
    rapport = verify(people_csv.encode(), quotas_csv.encode(), record)
    duur_verify = time.perf_counter() - begin

    uitkomst = {
        "people": n_people,
        "seats": seats,
        "reserves": reserves,
        "algorithm": algorithm,
        "seconds": round(duur, 2),
        "verify_seconds": round(duur_verify, 2),
        "verify_ok": rapport.ok,
        "panels_in_distribution": len(resultaat.verdeling.panels),
        "min_probability": resultaat.kansen.minimum,
        "max_probability": resultaat.kansen.maximum,
        "seats_over_people": seats / n_people,
    }
    if not quiet:
        print(
            f"loting {algorithm}: {n_people} volunteers, {seats} seats: "
            f"{duur:.1f} s; minimum probability {procent(resultaat.kansen.minimum)} "
            f"(k/n = {procent(seats / n_people)}), maximum {procent(resultaat.kansen.maximum)}; "
            f"{len(resultaat.verdeling.panels)} panels in the distribution; "
            f"verify {duur_verify:.1f} s ({'ok' if rapport.ok else 'FAILED'})"
        )
    return uitkomst


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=150)
    parser.add_argument("--reserves", type=int, default=0)
    parser.add_argument("--pool-seed", type=int, default=2024)
    parser.add_argument("--algorithm", default="maximin")
    args = parser.parse_args(argv)
    run_bench(
        args.people,
        args.seats,
        reserves=args.reserves,
        pool_seed=args.pool_seed,
        algorithm=args.algorithm,
    )


if __name__ == "__main__":
    main()
