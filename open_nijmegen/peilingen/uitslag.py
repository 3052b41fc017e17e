"""The results of a peiling: per question counts and percentages, unweighted and (when the
peiling is weighted) weighted to the population margins, with the design effect, the
effective sample size and a 95% margin of error per percentage.

Cells with fewer than ``MIN_CEL`` respondents are not shown (``None``): a small group's
answer could point at a person. Everything is computed from all finished responses at once;
no per-response figure leaves this module.

Freshness: counting and weighting tens of thousands of responses takes seconds, so the figures
are kept per process (``bereken``) under a key of the peiling, the number of finished
responses, the questions' texts and options, the weighting figures and the language, for at
most ``TTL`` seconds: a new response (or paper form) shows at once, a changed answer within
``TTL``. Open answers are read fresh on every call (an approved one shows at once).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
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
from open_nijmegen.peilingen.weging import WegingFout, foutmarge, rake, samenvatting

MIN_CEL = 5
TTL = 60.0  # seconds computed figures are kept (see the module text)


@dataclass
class Regel:
    label: str
    aantal: int | None  # None: fewer than MIN_CEL, not shown
    procent: float | None
    gewogen: float | None = None
    marge: float | None = None


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


def _rows(peiling_id: int) -> list[tuple[dict[str, Any], str | None, str | None, bool]]:
    return [
        (dict(a or {}), w, age, p is not None)
        for a, w, age, p in db.session.execute(
            sa.select(
                Inzending.antwoorden, Inzending.wijk, Inzending.leeftijd, Inzending.paper_form_id
            ).where(Inzending.peiling_id == peiling_id, Inzending.af.is_(True))
        )
    ]


def _share(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


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
        ids = [(r.vraag.id, r.vraag.soort == Soort.OPEN) for r in computed.vragen]
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


def _bereken(peiling: Peiling, *, open_teksten: bool = True) -> Uitslag:
    rows = _rows(peiling.id)
    weights: list[float | None] = [None] * len(rows)
    weging = None
    if peiling.wegen:
        idx = [i for i, (_a, w, age, _p) in enumerate(rows) if w and age]
        try:
            found = rake(
                [{"wijk": rows[i][1], "leeftijd": rows[i][2]} for i in idx],
                bevolking.marges(peiling.marges),
            )
        except WegingFout as error:
            weging = Weging(False, str(error))
        else:
            for i, w in zip(idx, found, strict=True):
                weights[i] = w
            s = samenvatting(found)
            weging = Weging(True, n=s.n, n_eff=s.n_eff, design_effect=s.design_effect)
    gewogen = weging is not None and weging.gelukt
    out: list[VraagUitslag] = []
    for vraag in peiling.vragen_op_volgorde():
        key = str(vraag.id)
        if vraag.soort == Soort.OPEN:
            out.append(_open(vraag, open_teksten))
            continue
        answered = [(rows[i][0][key], weights[i]) for i in range(len(rows)) if key in rows[i][0]]
        n = len(answered)
        result = VraagUitslag(vraag, n)
        if n < MIN_CEL:
            result.te_weinig = True
            out.append(result)
            continue
        if vraag.soort == Soort.GETAL:
            values = [float(v) for v, _w in answered]
            result.gemiddelde = statistics.fmean(values)
            result.mediaan = statistics.median(values)
            out.append(result)
            continue
        if vraag.soort == Soort.SCHAAL:
            cats = [(str(k), k) for k in range(1, (vraag.schaal_max or 5) + 1)]
            result.gemiddelde = statistics.fmean(float(v) for v, _w in answered)

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

        wsum = sum(w for _v, w in answered if w is not None)
        wsq = sum(w * w for _v, w in answered if w is not None)
        n_eff = wsum * wsum / wsq if wsq else 0.0
        for label, cat in cats:
            count = sum(1 for v, _w in answered if has(v, cat))
            shown = count >= MIN_CEL
            regel = Regel(label, count if shown else None, _share(count, n) if shown else None)
            if gewogen and shown and wsum:
                share = sum(w for v, w in answered if w is not None and has(v, cat)) / wsum
                regel.gewogen = share * 100
                regel.marge = foutmarge(share, n_eff) * 100
            result.regels.append(regel)
        result.grafiek = _chart(vraag, result, gewogen)
        out.append(result)
    papier = sum(1 for r in rows if r[3])
    return Uitslag(peiling, len(rows), papier, out, weging)


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


def _pct(value: float | None) -> str:
    return procent(value) if value is not None else _("minder dan 5")


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
                str(r.aantal) if r.aantal is not None else _("minder dan 5"),
                _pct(r.procent),
                _pct(r.gewogen),
                ("± " + procent(r.marge, 1)) if r.marge is not None else "-",
            ]
            for r in result.regels
        ]
    else:
        series = [(_("Aandeel"), [r.procent for r in result.regels])]
        columns = [_("Aantal"), _("Aandeel")]
        cells = [
            [str(r.aantal) if r.aantal is not None else _("minder dan 5"), _pct(r.procent)]
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
        fmt=lambda v: procent(v) if v is not None else _("minder dan 5"),
        columns=columns,
        cells=cells,
    )
