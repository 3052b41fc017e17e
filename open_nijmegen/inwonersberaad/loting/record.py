"""The result of a lottery and its publishable record: ``maak_resultaat`` draws from a computed
distribution, ``run_loting`` does the whole lottery, ``LotingResult.to_public_dict`` is the
record that ``verify`` checks."""

from __future__ import annotations

import json
import platform
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from open_nijmegen.inwonersberaad.loting.common import (
    DRAW_METHOD,
    DRAW_METHOD_DESCRIPTION,
    RECORD_FORMAT,
    SOLVER,
    LotingInvoerFout,
    _,
    _getal,
    new_seed,
)
from open_nijmegen.inwonersberaad.loting.drawing import Trekking, quota_fouten, trek
from open_nijmegen.inwonersberaad.loting.input import LotingInput, Quotum, controleer_haalbaarheid
from open_nijmegen.inwonersberaad.loting.solving import Verdeling, Voortgang, bereken_verdeling
from open_nijmegen.inwonersberaad.loting.uniform import (
    DRAW_METHOD_UNIFORM,
    DRAW_METHOD_UNIFORM_DESCRIPTION,
    UniformeLoting,
    rond_af,
    trek_uniform,
)


@dataclass(frozen=True)
class QuotumUitkomst:
    """How the drawn panel meets one quotum."""

    kenmerk: str
    waarde: str
    min: int
    max: int
    in_pool: int
    in_panel: int
    in_reserves: int

    @property
    def gehaald(self) -> bool:
        return self.min <= self.in_panel <= self.max


@dataclass(frozen=True)
class Kansen:
    """Selection probabilities: per person and summarised."""

    per_persoon: Mapping[str, float]
    minimum: float
    maximum: float

    @property
    def spreiding(self) -> float:
        return self.maximum - self.minimum


@dataclass(frozen=True)
class LotingResult:
    """Everything the result page and the public record need."""

    invoer: LotingInput
    panelgrootte: int
    reserves_gevraagd: int
    verdeling: Verdeling
    trekking: Trekking
    kansen: Kansen
    quota_uitkomst: tuple[QuotumUitkomst, ...]
    versies: Mapping[str, str]
    waarschuwingen: tuple[str, ...] = ()
    duur_seconden: float = 0.0
    uniform: UniformeLoting | None = None  # the uniform final step, when asked for

    @property
    def seed(self) -> int:
        return self.trekking.seed

    @property
    def panel(self) -> tuple[str, ...]:
        return self.trekking.panel

    @property
    def reserves(self) -> tuple[str, ...]:
        return self.trekking.reserves

    def to_public_dict(self) -> dict[str, Any]:
        """The publishable verification record: JSON-serialisable and deterministic.

        Lists are sorted, except ``reserves`` (its order is the reserve order) and
        ``distribution`` (canonical order, which is itself sorted by panel).
        """
        kansen = self.kansen
        if self.uniform is None:
            draw_method = {"id": DRAW_METHOD, "description": DRAW_METHOD_DESCRIPTION}
        else:
            draw_method = {
                "id": DRAW_METHOD_UNIFORM,
                "description": DRAW_METHOD_UNIFORM_DESCRIPTION,
            }
        record: dict[str, Any] = {
            "format": RECORD_FORMAT,
            "algorithm": {
                "name": self.verdeling.algoritme,
                "library": "sortition-algorithms",
                "solver": SOLVER,
            },
            "versions": dict(sorted(self.versies.items())),
            "input": {
                "id_column": self.invoer.id_kolom,
                "features": sorted(self.invoer.kenmerken),
                "people_count": self.invoer.aantal_personen,
                "people_sha256": self.invoer.personen_sha256,
                "quotas_sha256": self.invoer.quota_sha256,
            },
            "quotas": _quota_als_dicts(self.invoer.quota),
            "panel_size": self.panelgrootte,
            "reserves_requested": self.reserves_gevraagd,
            "seed": self.seed,
            "draw_method": draw_method,
            "distribution": [
                {"panel": list(panel), "probability": kans}
                for panel, kans in zip(self.verdeling.panels, self.verdeling.kansen, strict=True)
            ],
            "panel": list(self.panel),
            "reserves": list(self.reserves),
            "probabilities": {
                "min": kansen.minimum,
                "max": kansen.maximum,
                "spread": kansen.spreiding,
                "per_person": dict(sorted(kansen.per_persoon.items())),
            },
            "quotas_met": [
                {
                    "feature": u.kenmerk,
                    "value": u.waarde,
                    "min": u.min,
                    "max": u.max,
                    "pool": u.in_pool,
                    "panel": u.in_panel,
                    "reserves": u.in_reserves,
                }
                for u in sorted(self.quota_uitkomst, key=lambda u: (u.kenmerk, u.waarde))
            ],
        }
        if self.uniform is not None:
            # The chances above are those of the M panels: the lottery that was really used.
            record["uniform"] = {
                "m": self.uniform.m,
                "rounding": self.uniform.rounding,
                "max_deviation": self.uniform.max_afwijking,
                "panel_number": self.trekking.panel_index + 1,
                "panels": [list(p) for p in self.uniform.panels],
            }
        return record


def _quota_als_dicts(quota: Sequence[Quotum]) -> list[dict[str, Any]]:
    return [
        {"feature": q.kenmerk, "value": q.waarde, "min": q.min, "max": q.max}
        for q in sorted(quota, key=lambda q: (q.kenmerk, q.waarde))
    ]


def versies() -> dict[str, str]:
    """Versions of Python and the libraries that take part in the lottery."""
    uit: dict[str, str] = {"python": platform.python_version()}
    for pakket in ("sortition-algorithms", "highspy"):
        try:
            uit[pakket] = metadata.version(pakket)
        except metadata.PackageNotFoundError:
            uit[pakket] = "onbekend"
    return uit


def public_json(record: Mapping[str, Any]) -> str:
    """Canonical JSON text of a record (sorted keys, UTF-8 friendly)."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, indent=1)


def _quota_uitkomst(invoer: LotingInput, trekking: Trekking) -> tuple[QuotumUitkomst, ...]:
    pool = invoer.telling()
    panel = Counter((k, w) for pid in trekking.panel for k, w in invoer.personen[pid].items())
    res = Counter((k, w) for pid in trekking.reserves for k, w in invoer.personen[pid].items())
    return tuple(
        QuotumUitkomst(
            kenmerk=q.kenmerk,
            waarde=q.waarde,
            min=q.min,
            max=q.max,
            in_pool=pool[(q.kenmerk, q.waarde)],
            in_panel=panel[(q.kenmerk, q.waarde)],
            in_reserves=res[(q.kenmerk, q.waarde)],
        )
        for q in invoer.quota
    )


def maak_resultaat(
    invoer: LotingInput,
    verdeling: Verdeling,
    panelgrootte: int,
    reserves: int,
    seed: int,
    duur_seconden: float = 0.0,
    uniform: UniformeLoting | None = None,
) -> LotingResult:
    """Draw from a computed distribution (or from its M uniform panels, made by ``rond_af``
    before the seed existed) and gather probabilities and quota results."""
    if uniform is None:
        trekking = trek(verdeling, seed, reserves)
        per_persoon = verdeling.kans_per_persoon(list(invoer.personen))
    else:
        trekking = trek_uniform(uniform, seed, reserves)
        per_persoon = uniform.kans_per_persoon(list(invoer.personen))
    fouten = quota_fouten(trekking.panel, invoer)
    if fouten or len(trekking.panel) != panelgrootte:  # cannot happen with a sound distribution
        raise RuntimeError("the drawn panel does not meet the quotas: " + " ".join(fouten))
    kansen = Kansen(
        per_persoon=per_persoon,
        minimum=min(per_persoon.values()),
        maximum=max(per_persoon.values()),
    )
    waarschuwingen: list[str] = []
    nul = sum(1 for k in per_persoon.values() if k <= 0)
    if nul:
        waarschuwingen.append(
            _(
                "Aantal mensen met kans 0: %(n)s. Door de quota passen zij in geen enkel panel.",
                n=_getal(nul),
            )
        )
    if len(trekking.reserves) < reserves:
        waarschuwingen.append(
            _(
                "Aantal reserves: %(n)s in plaats van %(gevraagd)s. "
                "Er zijn niet genoeg mensen die in een passend panel kunnen komen.",
                n=_getal(len(trekking.reserves)),
                gevraagd=_getal(reserves),
            )
        )
    return LotingResult(
        invoer=invoer,
        panelgrootte=panelgrootte,
        reserves_gevraagd=reserves,
        verdeling=verdeling,
        trekking=trekking,
        kansen=kansen,
        quota_uitkomst=_quota_uitkomst(invoer, trekking),
        versies=versies(),
        waarschuwingen=tuple(waarschuwingen),
        duur_seconden=duur_seconden,
        uniform=uniform,
    )


def run_loting(
    input: LotingInput,
    panel_size: int,
    reserves: int = 0,
    seed: int | None = None,
    algorithm: str = "maximin",
    progress: Voortgang | None = None,
    uniform_m: int | None = None,
) -> LotingResult:
    """Run the whole lottery: distribution, seed, draw.

    With ``seed=None`` (recommended for real lotteries) the seed is drawn with ``new_seed`` only
    after the distribution is fixed. Store the result (it holds the seed) before showing the
    panel. ``progress(message, fraction)`` gets B1 Dutch messages and a fraction from 0 to 1;
    exceptions it raises during the solver phases are swallowed by the library.
    With ``uniform_m`` the distribution is rounded to that many equally likely panels (the
    uniform final step) before the seed is drawn, and the pick is made from those.
    """
    begin = time.monotonic()
    fouten = controleer_haalbaarheid(input, panel_size, reserves)
    if fouten:
        raise LotingInvoerFout(fouten)
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0):
        raise LotingInvoerFout([_("De seed moet een heel getal groter dan 0 zijn.")])
    if progress:
        progress(_("We controleren de invoer."), 0.0)
    verdeling = bereken_verdeling(input, panel_size, algorithm, progress)
    uniform = None
    if uniform_m is not None:
        if progress:
            progress(_("We maken de panels die even veel kans hebben."), 0.9)
        uniform = rond_af(verdeling, uniform_m, invoer=input, panelgrootte=panel_size)
    if progress:
        progress(_("We trekken het panel."), 0.95)
    resultaat = maak_resultaat(
        input,
        verdeling,
        panel_size,
        reserves,
        new_seed() if seed is None else seed,
        duur_seconden=time.monotonic() - begin,
        uniform=uniform,
    )
    if progress:
        progress(_("De loting is klaar."), 1.0)
    return resultaat
