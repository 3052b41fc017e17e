"""Weighting of peiling results to population margins by raking (iterative proportional
fitting), through the kept library ``weightipy`` (MIT; RIM weighting on pandas).

``rake`` gives one weight per respondent (mean 1) so that the weighted share of every
category of every margin equals its target share. ``samenvatting`` gives the design effect,
the effective sample size n_eff = (sum w)^2 / sum w^2 and the 95% margin of error
1.96 * sqrt(p(1-p)/n_eff) (DOMAIN.md, Peilingen).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class WegingFout(ValueError):
    """Weighting is not possible; ``str(error)`` is a B1 sentence for the officer."""


@dataclass(frozen=True)
class Samenvatting:
    n: int
    n_eff: float
    design_effect: float


def rake(
    respondents: Sequence[Mapping[str, str]], margins: Mapping[str, Mapping[str, float]]
) -> list[float]:
    """Weights for ``respondents`` (each a mapping margin -> category) to ``margins``
    (margin -> category -> target, any positive scale)."""
    import pandas as pd
    import weightipy

    if not respondents:
        raise WegingFout("Er zijn nog geen antwoorden. Wegen kan pas als er antwoorden zijn.")
    targets: dict[str, dict[str, float]] = {}
    for name, cells in margins.items():
        total = sum(v for v in cells.values() if v > 0)
        if total <= 0:
            raise WegingFout(f"De cijfers voor '{name}' tellen op tot nul.")
        seen = {r.get(name) for r in respondents}
        missing = sorted(c for c, v in cells.items() if v > 0 and c not in seen)
        if missing:
            raise WegingFout(
                f"Niemand uit de groep {', '.join(missing)} ({name}) deed mee. "
                "Daarom kan de uitslag niet gewogen worden."
            )
        unknown = sorted({str(c) for c in seen} - set(cells))
        if unknown:
            raise WegingFout(f"De groep {', '.join(unknown)} ({name}) staat niet in de cijfers.")
        targets[name] = {c: v / total * 100 for c, v in cells.items() if v > 0}
    frame = pd.DataFrame([{name: r[name] for name in margins} for r in respondents])
    scheme = weightipy.scheme_from_dict(
        targets, rim_params={"convcrit": 1e-12, "max_iterations": 10_000}
    )
    weights = [float(w) for w in weightipy.weight(frame, scheme)]
    if any(not math.isfinite(w) or w < 0 for w in weights):
        raise WegingFout("Het wegen gaf geen bruikbare uitkomst.")
    return weights


def samenvatting(weights: Sequence[float]) -> Samenvatting:
    total = sum(weights)
    squares = sum(w * w for w in weights)
    n = len(weights)
    n_eff = total * total / squares if squares else 0.0
    return Samenvatting(n=n, n_eff=n_eff, design_effect=(n / n_eff) if n_eff else math.inf)


def foutmarge(p: float, n_eff: float) -> float:
    """The 95% margin of error of a share ``p`` (0..1) with effective sample size ``n_eff``."""
    if n_eff <= 0:
        return math.inf
    return 1.96 * math.sqrt(p * (1 - p) / n_eff)
