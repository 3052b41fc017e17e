"""The language checker on the site: a "Controleer mijn tekst" button on every long-text field.

Without JavaScript the button submits the form with ``taal_check``; the view calls
``handle_taal_check(form)`` first, which checks the text fields and re-renders the same form
(nothing is saved, nothing typed is lost). With JavaScript, ``static/js/taal.js`` posts the text
to ``POST /taal/check`` (CSRF-protected, rate-limited) and shows the same report in a live region.
"""

from __future__ import annotations

from typing import Any

from flask import g, request
from wtforms import TextAreaField

from open_nijmegen.taal.checker import Report, check_text

MAX_CHECK_CHARS = 20000


def taal_check_requested() -> bool:
    return request.method == "POST" and "taal_check" in request.form


def handle_taal_check(form: Any) -> bool:
    """When the writer asked for a check, put a report per long-text field in ``g`` and return
    True: the view then renders the form again instead of saving it."""
    if not taal_check_requested():
        return False
    reports: dict[str, Report] = {}
    for field in form:
        if isinstance(field, TextAreaField) and (field.data or "").strip():
            reports[field.id] = check_text(field.data[:MAX_CHECK_CHARS])
    g.taal_reports = reports
    g.taal_checked = True
    return True


def taal_report_for(field_id: str) -> Report | None:
    return (g.get("taal_reports") or {}).get(field_id)


def taal_was_checked() -> bool:
    return bool(g.get("taal_checked"))
