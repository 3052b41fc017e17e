"""Bar charts drawn on the server as SVG: no JavaScript, no inline style (CSP), readable by a
screen reader. Every module that shows figures (peiling results, budgets, lotteries) uses it.

``bar_chart`` turns labels and one or two series of values into a ``BarChart`` with the
geometry already worked out; the macro ``staafdiagram`` in ``core/_grafiek.html`` draws it as a
``<figure>``: an ``<svg role="img">`` with ``<title>`` and ``<desc>`` (the whole chart said in
words) and, beside it, a data table with the same figures, so nothing is only in the picture.
Colours and text sizes come from ``site.css`` classes (``site-grafiek__...``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 400  # viewBox units; the SVG scales to the width of its column
BAR_SPACE = 320  # the widest bar; the rest is for the figure written after it
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 4
ROW_GAP = 12
LABEL_MAX = 56  # characters of a label drawn in the picture (the table has all of it)


def procent(value: float | None, decimals: int = 0) -> str:
    """``42.5`` -> ``"42,5%"`` (Dutch decimal comma); None -> ``"-"``."""
    if value is None:
        return "-"
    return f"{value:.{decimals}f}".replace(".", ",") + "%"


@dataclass(frozen=True)
class Bar:
    x_end: float  # where the bar ends (its width)
    y: float
    height: float
    text_x: float
    text_y: float
    text: str
    series: int  # 1 or 2: the class that colours it


@dataclass(frozen=True)
class Row:
    label: str  # full label (table)
    drawn_label: str  # label in the picture, shortened when long
    label_y: float
    bars: tuple[Bar, ...]
    cells: tuple[str, ...]  # the table's cells after the label


@dataclass(frozen=True)
class BarChart:
    ident: str  # unique on the page: ids of title, desc and table derive from it
    title: str
    description: str
    series: tuple[str, ...]  # names of the series (legend and table headers)
    columns: tuple[str, ...]  # table headers after the label column
    rows: tuple[Row, ...]
    height: float
    width: int = WIDTH
    bar_space: int = BAR_SPACE

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height:g}"


def _shorten(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def bar_chart(
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    maximum: float = 100.0,
    fmt: Callable[[float | None], str] = procent,
    columns: Sequence[str] | None = None,
    cells: Sequence[Sequence[str]] | None = None,
    description: str | None = None,
) -> BarChart:
    """A chart of ``labels`` with one bar per series (one or two) each.

    ``series`` is ``[(name, values), ...]``, a value per label (None: not shown, e.g. a cell
    with too few answers). ``maximum`` is the value of a full bar (100 for percentages; for
    counts pass the largest). The table shows ``cells`` per label under ``columns``; by
    default the formatted value of each series. ``description`` defaults to every label with
    its figures in words.
    """
    if not 1 <= len(series) <= 2:
        raise ValueError("a chart has one or two series")
    if any(len(values) != len(labels) for _name, values in series):
        raise ValueError("every series needs a value per label")
    if cells is None:
        cells = [tuple(fmt(values[i]) for _name, values in series) for i in range(len(labels))]
        columns = tuple(name for name, _values in series)
    elif columns is None or any(len(c) != len(columns) for c in cells):
        raise ValueError("cells need a header per column")
    top = max(maximum, 1e-9)
    rows: list[Row] = []
    y = 0.0
    for i, label in enumerate(labels):
        label_y = y + LABEL_HEIGHT - 5
        y += LABEL_HEIGHT
        bars = []
        for number, (_name, values) in enumerate(series, start=1):
            value = values[i]
            width = 0.0 if value is None else max(0.0, min(value, top)) / top * BAR_SPACE
            width = round(width, 2)
            bars.append(
                Bar(
                    x_end=width,
                    y=y,
                    height=BAR_HEIGHT,
                    text_x=round(width + 6, 2),
                    text_y=y + BAR_HEIGHT - 3,
                    text=fmt(value),
                    series=number,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
        rows.append(Row(label, _shorten(label), label_y, tuple(bars), tuple(cells[i])))
    names = tuple(name for name, _values in series)
    if description is None:
        parts = []
        for row in rows:
            said = ", ".join(
                f"{name} {bar.text}" if len(names) > 1 else bar.text
                for name, bar in zip(names, row.bars, strict=True)
            )
            parts.append(f"{row.label}: {said}")
        description = "; ".join(parts) + "." if parts else ""
    return BarChart(
        ident=ident,
        title=title,
        description=description,
        series=names,
        columns=tuple(columns or ()),
        rows=tuple(rows),
        height=max(y, 1.0),
    )
