"""The Toegankelijkheid page shows the automated checks that ran, from the report the suite
writes; without a report it says so and shows nothing made up."""

from __future__ import annotations

from datetime import UTC, datetime

from open_nijmegen.core.controles import read_report, write_result


def test_page_without_a_report_says_so(app, client, tmp_path):
    app.config["AUTOMATIC_CHECKS_FILE"] = str(tmp_path / "geen.json")
    try:
        html = client.get("/toegankelijkheid").get_data(as_text=True)
    finally:
        app.config["AUTOMATIC_CHECKS_FILE"] = ""
    assert "Op deze server staat nog geen uitslag van de automatische controles." in html
    assert "gecontroleerd" not in html


def test_page_shows_each_check_with_pages_problems_and_date(app, client, tmp_path):
    path = tmp_path / "controles.json"
    when = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    write_result(path, "axe", "anoniem", 40, 0, "axe-core 4.10.2", when)
    write_result(path, "axe", "beheerder", 60, 2, "axe-core 4.10.2", when)
    write_result(path, "html", "alle rollen", 150, 0, "W3C Nu HTML Checker", when)
    app.config["AUTOMATIC_CHECKS_FILE"] = str(path)
    try:
        html = client.get("/toegankelijkheid").get_data(as_text=True)
    finally:
        app.config["AUTOMATIC_CHECKS_FILE"] = ""
    assert "100 pagina’s gecontroleerd" in html and "2 fouten gevonden" in html
    assert "150 pagina’s gecontroleerd" in html and "geen fouten gevonden" in html
    assert "3 december 2026" in html
    assert "320 pixels" not in html  # that check did not run: not shown


def test_a_broken_report_is_ignored(tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text('{"axe": {"pages": "veel"}, "onbekend": {}}', encoding="utf-8")
    assert read_report(path) == []
    path.write_text("geen json", encoding="utf-8")
    assert read_report(path) == []
