"""The results of a peiling: per question counts and percentages, unweighted and (when the
peiling is weighted) weighted to the population margins, with the design effect, the
effective sample size and a 95% margin of error per percentage.

Cells with fewer than ``MIN_CEL`` respondents are not shown (``None``): a small group's
answer could point at a person. Everything is computed from all finished responses at once,
counted in the database (``telling.tel``: per wijk, age group, question and answer, how many;
no response is loaded into Python); no per-response figure leaves this module. Raking weights
depend only on the wijk and age group, so the weighted figures follow from the same counts.

Secondary suppression (``verberg``): a question's number of answers is shown, and for most
questions the counts add up to it, so one hidden cell could be found by subtracting the shown
ones (n - shown = the hidden 3). We choose to hide more cells rather than to hide the totals
(the totals are also on the page as "N mensen vulden de vragen in"): the smallest shown cell
is hidden too, and again, until no hidden count can be worked out from what is shown (see
``_herleidbaar`` for the reasoning an outsider can follow). A count of 0 is shown: it points
at nobody. When a cell is hidden, the percentages, the weighted figures and (for a scale) the
average of that question leave it out too, since they would give it back. A question shown only
after an answer that is hidden (a skip rule) is not shown at all: its number of answers would
be the hidden count. The breakdowns (uitsplitsing.py) use the same ``verberg``.

Freshness: counting and weighting 50,000 responses still takes most of a second (the grouped
query and the raking; it was 5 s when every response was read into Python), so the figures
are kept per process (``bereken``) under a key of the peiling, the number of finished
responses, the questions' texts and options, the weighting figures and the language, for at
most ``TTL`` seconds: a new response (or paper form) shows at once, a changed answer within
``TTL``. Open answers are read fresh on every call (an approved one shows at once).
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from open_nijmegen.core.charts import BarChart, bar_chart, procent
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import bevolking
from open_nijmegen.peilingen.models import (
    Beoordeling,
    Inzending,
    OpenAntwoord,
    Peiling,
    Soort,
    Vraag,
)
from open_nijmegen.peilingen.telling import Cel, tel
from open_nijmegen.peilingen.weging import WegingFout, foutmarge, rake, samenvatting

MIN_CEL = 5
KLEIN = "klein"  # hidden: fewer than MIN_CEL (and more than 0)
AANVULLEND = "aanvullend"  # hidden as well, so that a small one cannot be worked out
TTL = 60.0  # seconds computed figures are kept (see the module text)


@dataclass
class Regel:
    label: str
    aantal: int | None  # None: fewer than MIN_CEL, not shown
    procent: float | None
    gewogen: float | None = None
    marge: float | None = None
    verborgen: str | None = None  # KLEIN or AANVULLEND when not shown


@dataclass
class VraagUitslag:
    vraag: Vraag
    n: int
    regels: list[Regel] = field(default_factory=list)
    grafiek: BarChart | None = None
    gemiddelde: float | None = None
    mediaan: float | None = None
    open_teksten: list[str] = field(default_factory=list)
    te_weinig: bool = False
    # Shown only after an answer to another question that is not shown: nothing of it is
    # shown, not even its number of answers.
    na_verborgen: bool = False


@dataclass
class Weging:
    gelukt: bool
    melding: str = ""
    n: int = 0
    n_eff: float = 0.0
    design_effect: float = 0.0


@dataclass
class Uitslag:
    peiling: Peiling
    n: int
    papier: int
    vragen: list[VraagUitslag]
    weging: Weging | None


def _share(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


def _herleidbaar(counts: Sequence[int], reasons: Sequence[str | None]) -> bool:
    """Whether an outsider could work out a hidden count from what is shown.

    We assume the outsider knows the total of the hidden counts (the question's number of
    answers minus the shown counts; conservative: for multiple choice it is not exact), that a
    cell hidden as KLEIN holds 1 to MIN_CEL - 1 (0 is shown) and one hidden as AANVULLEND at
    least MIN_CEL and at most the smallest count still shown (we hide the smallest first).
    A hidden count can be worked out when those bounds leave it one possible value."""
    hidden = [i for i, r in enumerate(reasons) if r]
    if not hidden:
        return False
    still = [counts[i] for i, r in enumerate(reasons) if r is None and counts[i] > 0]
    total = sum(counts[i] for i in hidden)
    cap = min(still) if still else total
    lo = {i: 1 if reasons[i] == KLEIN else MIN_CEL for i in hidden}
    hi = {i: MIN_CEL - 1 if reasons[i] == KLEIN else cap for i in hidden}
    lo_sum, hi_sum = sum(lo.values()), sum(hi.values())
    for i in hidden:
        low = max(lo[i], total - (hi_sum - hi[i]))
        high = min(hi[i], total - (lo_sum - lo[i]))
        if low >= high:
            return True
    return False


def verberg(counts: Sequence[int]) -> list[str | None] | None:
    """Per cell None (shown), KLEIN or AANVULLEND; None as a whole when even hiding every cell
    leaves a count that can be worked out (then show none of the question's cells)."""
    reasons: list[str | None] = [KLEIN if 0 < c < MIN_CEL else None for c in counts]
    while _herleidbaar(counts, reasons):
        shown = [i for i, r in enumerate(reasons) if r is None and counts[i] > 0]
        if not shown:
            return None
        reasons[min(shown, key=lambda i: (counts[i], i))] = AANVULLEND
    return reasons


# key -> (when, figures, (question id, is open) per question: the kept Vraag objects belong to
# an ended session and are not read again).
_cache: dict[tuple[Any, ...], tuple[float, Uitslag, list[tuple[int, bool]]]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop the kept figures (tests)."""
    with _lock:
        _cache.clear()


def _key(peiling: Peiling) -> tuple[Any, ...]:
    finished = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Inzending)
        .where(Inzending.peiling_id == peiling.id, Inzending.af.is_(True))
    )
    shape = tuple(
        (v.id, v.soort.value, v.tekst, v.schaal_max, v.label_laag, v.label_hoog)
        + tuple((o.id, o.tekst) for o in v.opties)
        for v in peiling.vragen_op_volgorde()
    )
    weights = json.dumps(peiling.marges, sort_keys=True) if peiling.marges else None
    return (peiling.id, str(get_locale() or ""), int(finished or 0), peiling.wegen, weights, shape)


def bereken(peiling: Peiling, *, open_teksten: bool = True, fresh: bool = False) -> Uitslag:
    """The results of ``peiling``; kept up to ``TTL`` seconds unless ``fresh``."""
    if fresh:
        return _bereken(peiling, open_teksten=open_teksten)
    key = _key(peiling)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is None or now - hit[0] >= TTL:
        computed = _bereken(peiling, open_teksten=False)
        ids = [
            (r.vraag.id, r.vraag.soort == Soort.OPEN and not r.na_verborgen)
            for r in computed.vragen
        ]
        hit = (now, computed, ids)
        with _lock:
            for old in [k for k, entry in _cache.items() if now - entry[0] >= TTL]:
                del _cache[old]
            _cache[key] = hit
    _when, kept, ids = hit
    # The kept figures with this request's own objects, and the open answers read fresh.
    current = {v.id: v for v in peiling.vragen_op_volgorde()}
    vragen = [
        _open(current[vraag_id], open_teksten) if is_open else replace(r, vraag=current[vraag_id])
        for (vraag_id, is_open), r in zip(ids, kept.vragen, strict=True)
    ]
    return replace(kept, peiling=peiling, vragen=vragen)


def _median(values: list[tuple[float, int]], n: int) -> float:
    """The median of ``n`` numbers given as (value, how many), as statistics.median."""
    ordered = sorted(values)

    def at(index: int) -> float:
        seen = 0
        for value, count in ordered:
            seen += count
            if index < seen:
                return value
        raise IndexError(index)

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2


def _bereken(peiling: Peiling, *, open_teksten: bool = True) -> Uitslag:
    counted = tel(peiling.id)
    weights: dict[Cel, float] = {}  # the raking weight of a respondent in a wijk x age group
    weging = None
    if peiling.wegen:
        cells = [
            (cel, k) for cel, k in sorted(counted.cellen.items(), key=str) if cel[0] and cel[1]
        ]
        try:
            found = rake(
                [{"wijk": cel[0], "leeftijd": cel[1]} for cel, k in cells for _i in range(k)],
                bevolking.marges(peiling.marges),
            )
        except WegingFout as error:
            weging = Weging(False, str(error))
        else:
            # Raking gives everyone of one wijk and age group the same weight.
            start = 0
            for cel, k in cells:
                weights[cel] = found[start]
                start += k
            s = samenvatting(found)
            weging = Weging(True, n=s.n, n_eff=s.n_eff, design_effect=s.design_effect)
    gewogen = weging is not None and weging.gelukt
    out: list[VraagUitslag] = []
    hidden_options: set[int] = set()  # option ids whose count is not shown
    for vraag in peiling.vragen_op_volgorde():
        if vraag.soort == Soort.OPEN:
            out.append(_open(vraag, open_teksten))
            continue
        # (cell, answer, how many gave it)
        answered = counted.antwoorden.get(str(vraag.id), [])
        n = sum(k for _c, _v, k in answered)
        result = VraagUitslag(vraag, n)
        if n < MIN_CEL:
            result.te_weinig = True
            out.append(result)
            continue
        if vraag.soort == Soort.GETAL:
            values = [(float(v), k) for _c, v, k in answered]
            result.gemiddelde = math.fsum(v * k for v, k in values) / n
            result.mediaan = _median(values, n)
            out.append(result)
            continue
        if vraag.soort == Soort.SCHAAL:
            cats = [(str(k), k) for k in range(1, (vraag.schaal_max or 5) + 1)]
            result.gemiddelde = math.fsum(float(v) * k for _c, v, k in answered) / n

            def has(value: Any, cat: Any) -> bool:
                return bool(value == cat)

        elif vraag.soort == Soort.RANGORDE:
            cats = [(o.tekst, o.id) for o in vraag.opties]

            def has(value: Any, cat: Any) -> bool:
                return bool(value and value[0] == cat)

        elif vraag.soort == Soort.MEER:
            cats = [(o.tekst, o.id) for o in vraag.opties]

            def has(value: Any, cat: Any) -> bool:
                return isinstance(value, list) and cat in value

        else:
            cats = [(o.tekst, o.id) for o in vraag.opties]

            def has(value: Any, cat: Any) -> bool:
                return bool(value == cat)

        wsum = math.fsum(weights[c] * k for c, _v, k in answered if c in weights)
        wsq = math.fsum(weights[c] ** 2 * k for c, _v, k in answered if c in weights)
        n_eff = wsum * wsum / wsq if wsq else 0.0
        counts = [sum(k for _c, v, k in answered if has(v, cat)) for _label, cat in cats]
        reasons = verberg(counts)
        if reasons is None:
            result.te_weinig = True
            result.gemiddelde = None
            out.append(result)
            continue
        if any(reasons):
            result.gemiddelde = None  # with n and the other cells it gives the hidden ones
            hidden_options.update(cat for (_l, cat), r in zip(cats, reasons, strict=True) if r)
        for (label, cat), count, reason in zip(cats, counts, reasons, strict=True):
            shown = reason is None
            regel = Regel(
                label,
                count if shown else None,
                _share(count, n) if shown else None,
                verborgen=reason,
            )
            if gewogen and shown and wsum:
                share = (
                    math.fsum(
                        weights[c] * k for c, v, k in answered if c in weights and has(v, cat)
                    )
                    / wsum
                )
                regel.gewogen = share * 100
                regel.marge = foutmarge(share, n_eff) * 100
            result.regels.append(regel)
        result.grafiek = _chart(vraag, result, gewogen)
        out.append(result)
    _na_verborgen(out, hidden_options)
    return Uitslag(peiling, counted.n, counted.papier, out, weging)


def _na_verborgen(out: list[VraagUitslag], hidden_options: set[int]) -> None:
    """Hide, as a whole, a question asked only after an answer that is not shown (or after a
    question that is not shown): its number of answers would give the hidden count."""
    by_id = {r.vraag.id: r for r in out}
    changed = True
    while changed:
        changed = False
        for r in out:
            y = r.vraag.toon_als_vraag_id
            if r.na_verborgen or y is None or y not in by_id:
                continue
            parent = by_id[y]
            if (
                parent.na_verborgen
                or parent.te_weinig
                or r.vraag.toon_als_optie_id in hidden_options
            ):
                r.na_verborgen = r.te_weinig = True
                r.n = 0
                r.regels, r.grafiek, r.open_teksten = [], None, []
                r.gemiddelde = r.mediaan = None
                changed = True


def _open(vraag: Vraag, with_texts: bool) -> VraagUitslag:
    n = int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OpenAntwoord)
            .join(Inzending, Inzending.sleutel == OpenAntwoord.inzending_sleutel)
            .where(OpenAntwoord.vraag_id == vraag.id, Inzending.af.is_(True))
        )
        or 0
    )
    texts: list[str] = []
    if with_texts:
        texts = list(
            db.session.scalars(
                sa.select(OpenAntwoord.tekst)
                .join(Inzending, Inzending.sleutel == OpenAntwoord.inzending_sleutel)
                .where(
                    OpenAntwoord.vraag_id == vraag.id,
                    Inzending.af.is_(True),
                    OpenAntwoord.beoordeling == Beoordeling.GOED,
                )
                .order_by(OpenAntwoord.tekst)
                .limit(200)
            )
        )
    return VraagUitslag(vraag, n, open_teksten=texts)


def _hidden(r: Regel) -> str:
    return _("minder dan 5") if r.verborgen == KLEIN else _("niet getoond")


def _pct(r: Regel, value: float | None) -> str:
    return procent(value) if value is not None else _hidden(r)


def _chart(vraag: Vraag, result: VraagUitslag, gewogen: bool) -> BarChart:
    labels = [r.label for r in result.regels]
    if vraag.soort == Soort.SCHAAL:
        labels = [
            f"{r.label} ({vraag.label_laag})"
            if r.label == "1" and vraag.label_laag
            else f"{r.label} ({vraag.label_hoog})"
            if r.label == str(vraag.schaal_max) and vraag.label_hoog
            else r.label
            for r in result.regels
        ]
    if gewogen:
        series = [
            (_("Gewogen"), [r.gewogen for r in result.regels]),
            (_("Niet gewogen"), [r.procent for r in result.regels]),
        ]
        columns = [_("Aantal"), _("Niet gewogen"), _("Gewogen"), _("Foutmarge")]
        cells = [
            [
                str(r.aantal) if r.aantal is not None else _hidden(r),
                _pct(r, r.procent),
                _pct(r, r.gewogen),
                ("± " + procent(r.marge, 1)) if r.marge is not None else "-",
            ]
            for r in result.regels
        ]
    else:
        series = [(_("Aandeel"), [r.procent for r in result.regels])]
        columns = [_("Aantal"), _("Aandeel")]
        cells = [
            [str(r.aantal) if r.aantal is not None else _hidden(r), _pct(r, r.procent)]
            for r in result.regels
        ]
    title = vraag.tekst
    if vraag.soort == Soort.RANGORDE:
        title = _("%(v)s (wie dit op plaats 1 zette)", v=vraag.tekst)
    return bar_chart(
        f"vraag-{vraag.id}",
        title,
        labels,
        series,
        # In the picture a hidden cell says "niet getoond" (the table says why).
        fmt=lambda v: procent(v) if v is not None else _("niet getoond"),
        columns=columns,
        cells=cells,
    )
