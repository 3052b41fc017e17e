"""Benchmarks of the inwonersberaad (``make bench``).

* ``python -m open_nijmegen.inwonersberaad.bench`` (1,000 volunteers, 150 seats; minutes): one
  lottery, its time and the smallest selection probability. ``--people``, ``--seats``,
  ``--features 4|5`` and ``--algorithm`` for other runs.
* ``--compare``: maximin and leximin on the same input (the distribution only, no draw), each
  with its time and its smallest probability, and whether leximin's sorted probability vector is
  lexicographically at least as good as maximin's (target, issue 19: leximin for 1,000 / 150 /
  5 features within 10 minutes).
* ``--letters N``: N invitation letters as one PDF (``brieven.maak_pdf``; target: 2,000 under
  2 minutes), with the PDF's size.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from open_nijmegen.inwonersberaad.loting import (
    bereken_verdeling,
    parse_input,
    procent,
    run_loting,
    verify,
    voorbeeld_pool,
)

TOLERANTIE = 1e-6


def run_bench(
    n_people: int = 1000,
    seats: int = 150,
    *,
    reserves: int = 0,
    pool_seed: int = 2024,
    algorithm: str = "maximin",
    features: int = 4,
    quiet: bool = False,
) -> dict[str, Any]:
    """Run one lottery on ``voorbeeld_pool(n_people, pool_seed, seats)`` and report timings.

    Returns a dict with the sizes, the time in seconds of the lottery and of ``verify``, the
    number of panels in the distribution and the min/max selection probability.
    """
    people_csv, quotas_csv = voorbeeld_pool(n_people, pool_seed, seats, kenmerken=features)
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
        "features": features,
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
            f"loting {algorithm}: {n_people} volunteers, {seats} seats, {features} features: "
            f"{duur:.1f} s; minimum probability {procent(resultaat.kansen.minimum)} "
            f"(k/n = {procent(seats / n_people)}), maximum {procent(resultaat.kansen.maximum)}; "
            f"{len(resultaat.verdeling.panels)} panels in the distribution; "
            f"verify {duur_verify:.1f} s ({'ok' if rapport.ok else 'FAILED'})"
        )
    return uitkomst


def lexicografisch_minstens(a: list[float], b: list[float], tol: float = TOLERANTIE) -> bool:
    """Is the sorted vector ``a`` lexicographically at least ``b`` (within ``tol``)?"""
    for x, y in zip(sorted(a), sorted(b), strict=True):
        if abs(x - y) > tol:
            return x > y
    return True


def compare(
    n_people: int = 1000, seats: int = 150, *, features: int = 5, pool_seed: int = 2024
) -> dict[str, Any]:
    """Maximin and leximin on the same input: time and smallest probability of each."""
    people_csv, quotas_csv = voorbeeld_pool(n_people, pool_seed, seats, kenmerken=features)
    invoer = parse_input(people_csv.encode(), quotas_csv.encode(), panel_size=seats)
    ids = list(invoer.personen)
    uit: dict[str, Any] = {"people": n_people, "seats": seats, "features": features}
    vectoren: dict[str, list[float]] = {}
    print(
        f"loting maximin vs leximin: {n_people} volunteers, {seats} seats, {features} features "
        f"({len(invoer.quota)} quota lines), pool seed {pool_seed}, k/n = "
        f"{procent(seats / n_people)}",
        flush=True,
    )
    for algoritme in ("maximin", "leximin"):
        begin = time.perf_counter()
        verdeling = bereken_verdeling(invoer, seats, algoritme)
        duur = time.perf_counter() - begin
        kansen = verdeling.kans_per_persoon(ids)
        vectoren[algoritme] = [kansen[pid] for pid in ids]
        minimum = min(vectoren[algoritme])
        onder = sum(1 for k in vectoren[algoritme] if k < seats / n_people - TOLERANTIE)
        uit[algoritme] = {"seconds": round(duur, 1), "min_probability": minimum}
        print(
            f"  {algoritme}: {duur:.1f} s; minimum probability {procent(minimum)}; "
            f"{onder} people below k/n; {len(verdeling.panels)} panels",
            flush=True,
        )
    uit["leximin_at_least_maximin"] = lexicografisch_minstens(
        vectoren["leximin"], vectoren["maximin"]
    )
    print(
        "  leximin's sorted probabilities are lexicographically at least maximin's: "
        + ("yes" if uit["leximin_at_least_maximin"] else "NO")
    )
    return uit


def letters(n: int = 2000) -> dict[str, Any]:
    """N letters as one PDF, outside the job (no database): time and size."""
    from types import SimpleNamespace

    from open_nijmegen import create_app
    from open_nijmegen.inwonersberaad import brieven

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    beraad = SimpleNamespace(id=1, vraag="Hoe maken we de wijk groener en veiliger?")
    adressen = [
        {"adres_id": f"A{i:06d}", "postcode": "6511AB", "huisnummer": str(i), "wijk": "Oost"}
        for i in range(1, n + 1)
    ]
    codes = [f"ABCD-EFGH-{i:04d}"[:14] for i in range(n)]
    tekst = brieven.STANDAARD_TEKST + "\n\nDe vergoeding is 50 €. „Doe mee”, zegt de wijk."
    with app.test_request_context():
        begin = time.perf_counter()
        pdf = brieven.maak_pdf(beraad, adressen, codes, tekst)  # type: ignore[arg-type]
        duur = time.perf_counter() - begin
    print(
        f"brieven: {n} letters as one PDF in {duur:.1f} s ({n / duur:.0f} letters/s), "
        f"{len(pdf) / 1e6:.1f} MB (target: 2,000 under 120 s)"
    )
    return {"letters": n, "seconds": round(duur, 1), "bytes": len(pdf)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=150)
    parser.add_argument("--features", type=int, default=4, choices=(4, 5))
    parser.add_argument("--reserves", type=int, default=0)
    parser.add_argument("--pool-seed", type=int, default=2024)
    parser.add_argument("--algorithm", default="maximin")
    parser.add_argument("--compare", action="store_true", help="maximin and leximin")
    parser.add_argument("--letters", type=int, default=0, help="make N letters as a PDF")
    args = parser.parse_args(argv)
    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1 and 5 min), "
        f"{os.cpu_count()} cores"
    )
    if args.letters:
        letters(args.letters)
    elif args.compare:
        compare(args.people, args.seats, features=args.features, pool_seed=args.pool_seed)
    else:
        run_bench(
            args.people,
            args.seats,
            reserves=args.reserves,
            pool_seed=args.pool_seed,
            algorithm=args.algorithm,
            features=args.features,
        )


if __name__ == "__main__":
    main()
