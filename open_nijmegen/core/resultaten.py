"""Verantwoording (``/resultaten``): what happened with residents' input, in public figures.

Every module registers a ``ResultSource`` (``register_result_source``): a function that
returns its figures for one period (a year or a quarter, in Nijmegen time) and, when the
module knows where its items are, for one stadsdeel or wijk. The core never imports a module.

Privacy: only aggregates. A count of 1 to 4 is shown as "minder dan 5" and a share or median
that rests on fewer than 5 cases is not shown (small-cell suppression), so nobody can be
singled out. Zero is shown: it singles out nobody.

Freshness: the figures of a period and area are computed once and kept for ``TTL`` seconds per
process (the page says when they were made). Counting 100,000 ideas and a million supports for
every visitor would cost a whole-table read per page; residents do not need figures that are
fresher than a few minutes.
"""

from __future__ import annotations

import csv
import functools
import statistics
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.db import utcnow

NIJMEGEN = ZoneInfo("Europe/Amsterdam")
MIN_CEL = 5  # counts and bases under this are not shown
TTL = 600.0  # seconds a computed set of figures is kept
FIRST_YEAR = 2024  # the first year the site can show

KWARTAAL_LABELS = {
    1: _l("januari tot en met maart"),
    2: _l("april tot en met juni"),
    3: _l("juli tot en met september"),
    4: _l("oktober tot en met december"),
}


@dataclass(frozen=True)
class Periode:
    """A calendar year, or one quarter of it, in Nijmegen time."""

    jaar: int
    kwartaal: int | None = None

    @property
    def _months(self) -> tuple[int, int]:
        if self.kwartaal is None:
            return 1, 13
        first = 3 * (self.kwartaal - 1) + 1
        return first, first + 3

    @property
    def begin_datum(self) -> date:
        return date(self.jaar, self._months[0], 1)

    @property
    def eind_datum(self) -> date:
        """The first day after the period."""
        end = self._months[1]
        return date(self.jaar + 1, 1, 1) if end == 13 else date(self.jaar, end, 1)

    @property
    def begin(self) -> datetime:
        """The start as a UTC time (the columns store UTC)."""
        local = datetime.combine(self.begin_datum, datetime.min.time(), NIJMEGEN)
        return local.astimezone(UTC)

    @property
    def eind(self) -> datetime:
        local = datetime.combine(self.eind_datum, datetime.min.time(), NIJMEGEN)
        return local.astimezone(UTC)

    @property
    def label(self) -> str:
        if self.kwartaal is None:
            return str(self.jaar)
        return f"{KWARTAAL_LABELS[self.kwartaal]} {self.jaar}"

    def key(self) -> str:
        return f"{self.jaar}" if self.kwartaal is None else f"{self.jaar}-k{self.kwartaal}"


@dataclass(frozen=True)
class Gebied:
    """A stadsdeel or a wijk (by name, as the wijk table has them)."""

    soort: str  # "stadsdeel" or "wijk"
    naam: str


@dataclass(frozen=True)
class Cijfer:
    """One figure. ``basis`` is the number of cases a share or a median rests on."""

    key: str
    label: str  # B1
    waarde: int | float | None
    eenheid: str = "aantal"  # aantal, procent, dagen, euro
    basis: int | None = None
    link: str | None = None  # the list behind the figure
    uitleg: str = ""

    @property
    def verborgen(self) -> bool:
        if self.waarde is None:
            return True
        if self.eenheid == "aantal":
            return 0 < int(self.waarde) < MIN_CEL
        if self.eenheid in ("procent", "dagen"):
            return self.basis is None or self.basis < MIN_CEL
        return False

    @property
    def getoond(self) -> str:
        """The figure as the page and the CSV show it, suppressed where needed."""
        if self.waarde is None:
            return _("nog geen gegevens")
        if self.verborgen:
            if self.eenheid == "aantal":
                return _("minder dan %(n)s", n=MIN_CEL)
            return _("te weinig gegevens")
        if self.eenheid == "procent":
            return f"{round(float(self.waarde))}%"
        if self.eenheid == "dagen":
            n = round(float(self.waarde))
            return _("%(n)s dagen", n=n) if n != 1 else _("1 dag")
        if self.eenheid == "euro":
            return "€ " + f"{int(self.waarde):,}".replace(",", ".")
        return f"{int(self.waarde):,}".replace(",", ".")

    def openbaar(self) -> dict[str, Any]:
        """For the CSV and the API: the value only when it may be shown."""
        value = None if self.verborgen else self.waarde
        if isinstance(value, float):
            value = round(value, 1)
        return {"key": self.key, "label": str(self.label), "waarde": value,
                "getoond": self.getoond, "eenheid": self.eenheid}  # fmt: skip


@dataclass(frozen=True)
class Blok:
    key: str
    titel: str
    cijfers: list[Cijfer]
    uitleg: str = ""
    per_gebied: bool = False  # the area filter applies to these figures


@dataclass(frozen=True)
class ResultSource:
    key: str
    titel: Any  # B1, lazy
    compute: Callable[[Periode, Gebied | None], list[Cijfer]]
    order: int = 50
    uitleg: Any = ""
    per_gebied: bool = False


@dataclass
class _Registry:
    sources: list[ResultSource] = field(default_factory=list)
    areas: Callable[[], list[tuple[str, str]]] | None = None  # (stadsdeel, wijk) names
    # period -> {wijk name: people who took part there} (the ideeen module knows the wijk)
    participants: Callable[[Periode], dict[str, int]] | None = None


_registry = _Registry()


def register_result_source(source: ResultSource) -> None:
    if all(s.key != source.key for s in _registry.sources):
        _registry.sources.append(source)
        _registry.sources.sort(key=lambda s: s.order)


def register_areas(areas: Callable[[], list[tuple[str, str]]]) -> None:
    """Who knows the wijken (the ideeen module) tells the core: (stadsdeel, wijk) pairs."""
    _registry.areas = areas


def register_participants(count: Callable[[Periode], dict[str, int]]) -> None:
    _registry.participants = count


def areas() -> list[tuple[str, str]]:
    return _registry.areas() if _registry.areas is not None else []


# -- reach: participants per 1,000 inhabitants per wijk ----------------------------------------

BEVOLKING_CSV = Path(__file__).parent / "data" / "inwoners_per_wijk.csv"
WEINIG = 0.5  # a wijk under half the city's rate is marked as little reached


@dataclass(frozen=True)
class Bevolking:
    """Inhabitants per wijk with the source and year of the figures (from the data file)."""

    inwoners: dict[str, tuple[str, int]]  # wijk -> (stadsdeel, inhabitants)
    bron: str
    jaar: str
    officieel: bool


@functools.lru_cache(maxsize=4)
def bevolking(path: str | None = None) -> Bevolking:
    """Read the inhabitants file: ``# bron:``, ``# jaar:``, ``# officieel:`` lines, then
    ``wijk;stadsdeel;inwoners``. The shipped file says whether its figures are official."""
    meta: dict[str, str] = {}
    rows: dict[str, tuple[str, int]] = {}
    text = Path(path or BEVOLKING_CSV).read_text(encoding="utf-8")
    body = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, _sep, value = line[1:].partition(":")
            meta[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    for row in csv.DictReader(body, delimiter=";"):
        rows[row["wijk"].strip()] = (row["stadsdeel"].strip(), int(row["inwoners"]))
    return Bevolking(rows, meta.get("bron", ""), meta.get("jaar", ""),
                     meta.get("officieel", "nee").lower() == "ja")  # fmt: skip


@dataclass(frozen=True)
class BereikRij:
    wijk: str
    stadsdeel: str
    inwoners: int
    deelnemers: int
    per_1000: float | None  # None when suppressed (fewer than MIN_CEL people)
    weinig: bool  # under WEINIG times the city's rate

    @property
    def deelnemers_getoond(self) -> str:
        if 0 < self.deelnemers < MIN_CEL:
            return _("minder dan %(n)s", n=MIN_CEL)
        return str(self.deelnemers)

    @property
    def per_1000_getoond(self) -> str:
        if self.per_1000 is None:
            return _("te weinig gegevens") if self.deelnemers else "0"
        return f"{self.per_1000:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Bereik:
    rijen: list[BereikRij]
    stad_per_1000: float | None
    bevolking: Bevolking


def bereik(periode: Periode) -> Bereik | None:
    """Participants per 1,000 inhabitants per wijk of the inhabitants file."""
    if _registry.participants is None:
        return None
    population = bevolking(current_app.config.get("RESULTATEN_INWONERS_CSV"))
    counts = _registry.participants(periode)
    total_people = sum(counts.get(w, 0) for w in population.inwoners)
    total_inhabitants = sum(n for _s, n in population.inwoners.values())
    city = 1000.0 * total_people / total_inhabitants if total_inhabitants else None
    rows = []
    for wijk, (stadsdeel, inwoners) in population.inwoners.items():
        n = counts.get(wijk, 0)
        rate = 1000.0 * n / inwoners if inwoners and (n == 0 or n >= MIN_CEL) else None
        low = city is not None and city > 0 and (rate if rate is not None else 0) < WEINIG * city
        rows.append(BereikRij(wijk, stadsdeel, inwoners, n, rate if n else 0.0, low))
    # The least reached first: that is where officers should go.
    rows.sort(key=lambda r: (r.per_1000 if r.per_1000 is not None else -1.0, r.wijk))
    return Bereik(rows, city, population)


@dataclass(frozen=True)
class Uitkomst:
    periode: Periode
    gebied: Gebied | None
    blokken: list[Blok]
    bijgewerkt_op: datetime
    bereik: Bereik | None = None


# Keyed by language too: the labels are written out in the visitor's language when computed.
_cache: dict[tuple[str, Gebied | None, str], tuple[float, Uitkomst]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop the kept figures (tests; after a demo load)."""
    with _lock:
        _cache.clear()


def compute(periode: Periode, gebied: Gebied | None = None, *, fresh: bool = False) -> Uitkomst:
    """Every registered source's figures for ``periode`` (and ``gebied``), kept TTL seconds."""
    key = (periode.key(), gebied, str(get_locale() or ""))
    now = time.monotonic()
    if not fresh:
        with _lock:
            hit = _cache.get(key)
        if hit is not None and now - hit[0] < TTL:
            return hit[1]
    blokken = []
    for source in _registry.sources:
        if gebied is not None and not source.per_gebied:
            continue
        blokken.append(
            Blok(
                source.key,
                str(source.titel),
                source.compute(periode, gebied),
                str(source.uitleg),
                source.per_gebied,
            )  # fmt: skip
        )
    uitkomst = Uitkomst(
        periode, gebied, blokken, utcnow(), bereik(periode) if gebied is None else None
    )
    with _lock:
        _cache[key] = (now, uitkomst)
    return uitkomst


# -- helpers for the sources ---------------------------------------------------------------


def mediaan(values: Iterable[float]) -> tuple[float | None, int]:
    """The median and the number of values (computed here, the same on both databases)."""
    found = list(values)
    return (statistics.median(found) if found else None), len(found)


def aandeel(deel: int, geheel: int) -> float | None:
    return 100.0 * deel / geheel if geheel else None


def days_between(start: datetime | date, end: datetime | date) -> float:
    """Whole days in Nijmegen time (a day is a calendar day, as residents count)."""

    def local(value: datetime | date) -> date:
        if isinstance(value, datetime):
            aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
            return aware.astimezone(NIJMEGEN).date()
        return value

    return float((local(end) - local(start)).days)


def periodes(today: date | None = None) -> list[Periode]:
    """The years the page offers, newest first, with their quarters."""
    today = today or utcnow().astimezone(NIJMEGEN).date()
    found = []
    for jaar in range(today.year, FIRST_YEAR - 1, -1):
        found.append(Periode(jaar))
    return found


def recent_quarters(n: int = 6, today: date | None = None) -> list[Periode]:
    """The last ``n`` quarters up to the current one, oldest first (the staff trend)."""
    today = today or utcnow().astimezone(NIJMEGEN).date()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _step in range(n):
        found.append(Periode(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(found))


def trend(periodes_: list[Periode]) -> list[tuple[Blok, list[list[Cijfer]]]]:
    """Per part: its figures (rows) for each period (columns), for the staff page and CSV."""
    uitkomsten = [compute(p) for p in periodes_]
    rows = []
    for index, blok in enumerate(uitkomsten[-1].blokken):
        per_figure = [
            [u.blokken[index].cijfers[i] for u in uitkomsten] for i in range(len(blok.cijfers))
        ]
        rows.append((blok, per_figure))
    return rows


def parse_periode(jaar: str | None, kwartaal: str | None, today: date | None = None) -> Periode:
    """The period asked in the query string; anything odd gives the current year."""
    today = today or utcnow().astimezone(NIJMEGEN).date()
    try:
        year = int(jaar) if jaar else today.year
    except ValueError:
        year = today.year
    if not FIRST_YEAR <= year <= today.year:
        year = today.year
    try:
        quarter = int(kwartaal) if kwartaal else None
    except ValueError:
        quarter = None
    if quarter not in (1, 2, 3, 4):
        quarter = None
    return Periode(year, quarter)


def parse_gebied(value: str | None) -> Gebied | None:
    """``stadsdeel:Dukenburg`` or ``wijk:Meijhorst``, only when it exists."""
    soort, _sep, naam = (value or "").partition(":")
    if soort == "stadsdeel" and any(s == naam for s, _w in areas()):
        return Gebied("stadsdeel", naam)
    if soort == "wijk" and any(w == naam for _s, w in areas()):
        return Gebied("wijk", naam)
    return None
