"""The seeded draw from a distribution (``trek``, method ``DRAW_METHOD``) and the quota checks on
a group of ids (``quota_fouten``, ``vervanger_voor``)."""

from __future__ import annotations

import bisect
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from open_nijmegen.inwonersberaad.loting.common import MAX_RESERVE_TREKKINGEN, _, _mensen
from open_nijmegen.inwonersberaad.loting.input import LotingInput
from open_nijmegen.inwonersberaad.loting.solving import Verdeling


@dataclass(frozen=True)
class Trekking:
    """The outcome of the seeded draw."""

    seed: int
    panel_index: int
    panel: tuple[str, ...]  # sorted
    reserves: tuple[str, ...]  # ordered: reserve 1 first


def trek(verdeling: Verdeling, seed: int, aantal_reserves: int = 0) -> Trekking:
    """The seeded draw of one panel and an ordered reserve list (see the module docstring)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0:
        raise ValueError("the seed must be a positive whole number")
    if not verdeling.panels:
        raise ValueError("the distribution is empty")
    rng = random.Random(seed)
    cumulatief = list(itertools.accumulate(verdeling.kansen))
    totaal = cumulatief[-1]

    def kies() -> int:
        u = rng.random() * totaal
        return min(bisect.bisect_right(cumulatief, u), len(cumulatief) - 1)

    index = kies()
    panel = verdeling.panels[index]
    reserves = _reserves(verdeling.panels, panel, aantal_reserves, kies, rng)
    return Trekking(seed=seed, panel_index=index, panel=panel, reserves=reserves)


def _reserves(
    panels: Sequence[tuple[str, ...]],
    panel: tuple[str, ...],
    aantal_reserves: int,
    kies: Callable[[], int],
    rng: random.Random,
) -> tuple[str, ...]:
    """The ordered reserve list: draw whole panels with ``kies`` and append their members who
    are not chosen yet (sorted, then ``rng.shuffle``), until there are enough."""
    gekozen = set(panel)
    # People who appear in some panel but are not chosen yet: when none are left, stop.
    over = set(itertools.chain.from_iterable(panels)) - gekozen
    reserves: list[str] = []
    trekkingen = 0
    while len(reserves) < aantal_reserves and over and trekkingen < MAX_RESERVE_TREKKINGEN:
        trekkingen += 1
        nieuw = sorted(set(panels[kies()]) - gekozen)
        rng.shuffle(nieuw)
        for pid in nieuw[: aantal_reserves - len(reserves)]:
            reserves.append(pid)
            gekozen.add(pid)
            over.discard(pid)
    return tuple(reserves)


def quota_fouten(panel: Sequence[str], invoer: LotingInput) -> list[str]:
    """B1 messages for every quotum that this group of ids does not meet (empty: all met)."""
    tel = Counter((k, w) for pid in panel for k, w in invoer.personen[pid].items())
    return [
        _(
            "'%(kenmerk)s' = '%(waarde)s' heeft %(mensen)s. Dat moet tussen %(min)s en %(max)s "
            "liggen.",
            kenmerk=q.kenmerk,
            waarde=q.waarde,
            mensen=_mensen(tel[(q.kenmerk, q.waarde)]),
            min=q.min,
            max=q.max,
        )
        for q in invoer.quota
        if not q.min <= tel[(q.kenmerk, q.waarde)] <= q.max
    ]


def vervanger_voor(
    invoer: LotingInput, panel: Sequence[str], uitvaller: str, reserves: Sequence[str]
) -> str | None:
    """The first reserve who can replace ``uitvaller`` while all quotas stay met (or None)."""
    rest = [pid for pid in panel if pid != uitvaller]
    for kandidaat in reserves:
        if kandidaat not in rest and not quota_fouten([*rest, kandidaat], invoer):
            return kandidaat
    return None
