"""Server-drawn SVG bar charts (core.charts + core/_grafiek.html): geometry, the accessible
markup (role=img, title, desc, a data table) and no inline style or script."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from open_nijmegen.core.charts import BAR_SPACE, bar_chart, procent

MACRO = '{% from "core/_grafiek.html" import staafdiagram %}{{ staafdiagram(chart) }}'


def test_bars_are_proportional_and_clipped_to_the_maximum():
    chart = bar_chart("g1", "Vervoer", ["Fiets", "Auto", "Bus"], [("Aandeel", [50.0, 120.0, None])])
    widths = [row.bars[0].x_end for row in chart.rows]
    assert widths == [BAR_SPACE / 2, BAR_SPACE, 0.0]
    assert [row.bars[0].text for row in chart.rows] == ["50%", "120%", "-"]
    assert chart.description == "Fiets: 50%; Auto: 120%; Bus: -."
    assert chart.rows[1].bars[0].y > chart.rows[0].bars[0].y
    assert chart.height > chart.rows[-1].bars[0].y


def test_two_series_each_get_a_bar_and_a_column():
    chart = bar_chart(
        "g2", "Mening", ["Ja", "Nee"], [("Gewogen", [60.0, 40.0]), ("Ongewogen", [70.0, 30.0])]
    )
    assert chart.columns == ("Gewogen", "Ongewogen")
    assert [b.series for b in chart.rows[0].bars] == [1, 2]
    assert chart.rows[0].cells == ("60%", "70%")
    assert "Ja: Gewogen 60%, Ongewogen 70%" in chart.description


def test_wrong_shapes_are_refused():
    with pytest.raises(ValueError):
        bar_chart("g", "t", ["a"], [])
    with pytest.raises(ValueError):
        bar_chart("g", "t", ["a", "b"], [("s", [1.0])])
    with pytest.raises(ValueError):
        bar_chart("g", "t", ["a"], [("s", [1.0])], cells=[("x", "y")], columns=("één",))


def test_dutch_percentages():
    assert procent(42.46, 1) == "42,5%"
    assert procent(None) == "-"


def test_markup_is_accessible_escaped_and_csp_safe(app):
    label = '<script>alert(1)</script> "lang" ' + "woord " * 30
    chart = bar_chart(
        "vraag-3", "Hoe gaat u naar het werk?", [label, "Fiets"], [("Aandeel", [25.0, 75.0])]
    )
    with app.test_request_context():
        html = render_template_string(MACRO, chart=chart)
    assert '<svg class="site-grafiek__beeld"' in html and 'role="img"' in html
    assert 'aria-labelledby="vraag-3-titel vraag-3-uitleg"' in html
    assert '<title id="vraag-3-titel">Hoe gaat u naar het werk?</title>' in html
    assert '<desc id="vraag-3-uitleg">' in html
    assert html.count('<tr class="utrecht-table__row">') == 3  # header + 2 rows
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    # The full label is in the table; the picture gets a shortened one.
    assert "woord woord woord woord woord woord woord woord woord woord woord woord" in html
    assert "…" in html


def test_two_series_get_a_legend_one_series_none(app):
    """Which bar is which must be visible, not only in the description: a legend names each
    series beside a swatch drawn with the bar's own class (the second series is outlined)."""
    two = bar_chart(
        "g2", "Mening", ["Ja", "Nee"], [("Gewogen", [60.0, 0.0]), ("Niet gewogen", [70.0, 30.0])]
    )
    one = bar_chart("g1", "Vervoer", ["Fiets"], [("Aandeel", [50.0])])
    with app.test_request_context():
        html_two = render_template_string(MACRO, chart=two)
        html_one = render_template_string(MACRO, chart=one)
    legend = re.search(r'<ul class="site-grafiek__legenda">(.*?)</ul>', html_two, re.S)
    assert legend is not None
    items = re.findall(r"<li>(.*?)</li>", legend.group(1), re.S)
    assert [re.sub(r"<[^>]+>", "", i).strip() for i in items] == ["Gewogen", "Niet gewogen"]
    assert "site-grafiek__balk--1" in items[0] and "site-grafiek__balk--2" in items[1]
    assert 'aria-hidden="true"' in items[0]
    assert "site-grafiek__legenda" not in html_one
    # A zero bar draws nothing (an outlined bar of width 0 would show as a line).
    bars = re.findall(r'<rect class="site-grafiek__balk site-grafiek__balk--\d" x="0"', html_two)
    assert len(bars) == 3
