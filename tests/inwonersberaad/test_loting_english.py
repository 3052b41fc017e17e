"""The lottery's messages go through gettext (issue 20): English on an English page, Dutch
(B1) outside a request, as in the CLI and the worker."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from open_nijmegen.inwonersberaad import loting as lot

PEOPLE = "id,leeftijd\np1,jong\np1,jong\n"
QUOTAS = "kenmerk,waarde,min,max\nleeftijd,jong,0,2\n"


def _errors() -> list[str]:
    with pytest.raises(lot.LotingInvoerFout) as info:
        lot.parse_input(PEOPLE, QUOTAS)
    return info.value.errors


def test_dutch_by_default_english_on_an_english_page(app):
    with app.app_context():
        assert _errors() == [
            "Het bestand met aanmeldingen, regel 3: de id 'p1' staat er al op regel 2. "
            "Elke id mag maar één keer voorkomen."
        ]
    with app.test_request_context(), force_locale("en"):
        assert _errors() == [
            "The file of sign-ups, line 3: the id 'p1' is already on line 2. "
            "Each id can be there only once."
        ]
        assert lot.procent(0.0914) == "9.14%"
    assert lot.procent(0.0914) == "9,14%"  # no application: Dutch


def test_the_command_stays_dutch(app, tmp_path):
    (tmp_path / "p.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "q.csv").write_text(QUOTAS, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=[
            "loting",
            "trek",
            str(tmp_path / "p.csv"),
            str(tmp_path / "q.csv"),
            "--panel",
            "1",
            "--out",
            str(tmp_path / "r.json"),
        ]
    )
    assert result.exit_code == 1
    assert "staat er al op regel 2" in result.output
