"""The language checker on the site: a "Controleer mijn tekst" button on every long-text field.

Without JavaScript (or when the script is blocked) the button submits the form with
``taal_check``. ``BaseForm.validate_on_submit`` (core/forms.py) then calls
``handle_taal_check(form)`` and answers False, so every view renders the same form again, as after
an error, with a report per text field: nothing is saved, no mail is sent, nothing typed is lost.
``check_is_not_an_error`` turns that page's 400/422 into 200 (a check is not a mistake). With
JavaScript, ``static/js/taal.js`` posts the text to ``POST /taal/check`` (CSRF-protected,
rate-limited) and shows the same report in a live region.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, request
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


def check_is_not_an_error(response: Response) -> Response:
    """After a check the view renders its form as after an error (400/422); the form with the
    report is a normal answer. Only a page that holds the checker is changed, so a refusal
    (an ``abort(400)``) stays a refusal."""
    if (
        g.get("taal_checked")
        and response.status_code in (400, 422)
        and response.mimetype == "text/html"
        and b"data-taal-voor=" in response.get_data()
    ):
        response.status_code = 200
    return response
