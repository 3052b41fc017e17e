"""Breakdowns of a peiling's results by wijk or by age group (issue 18 point 5), shown when an
officer turned them on for the peiling (``Peiling.uitsplitsen``).

They use only what a response already holds anonymously: the wijk and the age group the
respondent chose for weighting (``Inzending.wijk``/``leeftijd``; no person, no time finer
than the day). One dimension at a time, never wijk x age group x answer. Unweighted counts.

Small cells are not shown: a group with fewer than ``MIN_CEL`` answers is left out as a whole,
and a cell with fewer than ``MIN_CEL`` (but not 0) is hidden. The same rule as the main results
(``uitslag.verberg``) then hides the smallest shown cells too until no hidden figure can be
found by subtracting the shown ones from the group's total; a group where even that is not
enough is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from open_nijmegen.peilingen import bevolking
from open_nijmegen.peilingen.models import Peiling, Soort, Vraag
from open_nijmegen.peilingen.telling import tel
from open_nijmegen.peilingen.uitslag import MIN_CEL, verberg

PER = {"wijk": _l("per wijk"), "leeftijd": _l("per leeftijdsgroep")}


@dataclass
class Groep:
    label: str
    n: int
    cellen: list[float | None]  # percentage per category; None: hidden


@dataclass
class VraagUitsplitsing:
    vraag: Vraag
    kolommen: list[str]
    groepen: list[Groep] = field(default_factory=list)
    weggelaten: int = 0  # groups left out: fewer than MIN_CEL answers


def _categories(vraag: Vraag) -> tuple[list[tuple[str, Any]], Any] | None:
    if vraag.soort == Soort.SCHAAL:
        cats = [(str(k), k) for k in range(1, (vraag.schaal_max or 5) + 1)]
        return cats, lambda value, cat: value == cat
    if vraag.soort == Soort.ENKEL:
        return [(o.tekst, o.id) for o in vraag.opties], lambda value, cat: value == cat
    if vraag.soort == Soort.MEER:
        cats = [(o.tekst, o.id) for o in vraag.opties]
        return cats, lambda value, cat: isinstance(value, list) and cat in value
    if vraag.soort == Soort.RANGORDE:
        cats = [(o.tekst, o.id) for o in vraag.opties]
        return cats, lambda value, cat: bool(value) and value[0] == cat
    return None  # open answers and numbers have no categories


def groups_of(per: str) -> list[tuple[str, str]]:
    if per == "wijk":
        return [(w, w) for w in bevolking.WIJKEN]
    return [(a, bevolking.LEEFTIJD_LABELS[a]) for a in bevolking.LEEFTIJDEN]


def bereken(peiling: Peiling, per: str) -> list[VraagUitsplitsing]:
    """Per question with categories, a row per group (``per``: "wijk" or "leeftijd")."""
    if per not in PER:
        raise ValueError(per)
    column = 0 if per == "wijk" else 1  # in the (wijk, age group) of a count
    counted = tel(peiling.id)
    out = []
    for vraag in peiling.vragen_op_volgorde():
        found = _categories(vraag)
        if found is None:
            continue
        cats, has = found
        key = str(vraag.id)
        result = VraagUitsplitsing(vraag, [label for label, _c in cats])
        answers = counted.antwoorden.get(key, [])
        for value, label in groups_of(per):
            answered = [(a, k) for cel, a, k in answers if cel[column] == value]
            n = sum(k for _a, k in answered)
            if n < MIN_CEL:
                result.weggelaten += 1
                continue
            counts = [sum(k for a, k in answered if has(a, cat)) for _label, cat in cats]
            reasons = verberg(counts)
            if reasons is None:
                result.weggelaten += 1
                continue
            cells = [None if r else c / n * 100 for c, r in zip(counts, reasons, strict=True)]
            result.groepen.append(Groep(label, n, cells))
        out.append(result)
    return out
