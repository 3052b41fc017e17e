"""Issue 15 point 21: form states that mislead, swept over every form the crawler reaches as
each role: no error text before anything was sent; a form that shows errors answers 400; a field
marked "(niet verplicht)" really is optional (submit without it: no error for it)."""

from __future__ import annotations

import re
from datetime import date

from crawl import crawl
from forms_support import parse_forms
from site_helpers import START, client_for

from open_nijmegen.extensions import limiter

ERROR_MARKS = ("Er gaat iets mis", "utrecht-form-field-error-message", "Fout:")


def _pages(app, demo_site, role):  # type: ignore[no-untyped-def]
    client = client_for(app, demo_site, role)
    result = crawl(client, START[role], submit_forms=False)
    limiter.reset()
    return client, [p for p in result.pages if "text/html" in p.headers.get("Content-Type", "")]


def test_no_error_text_before_anything_was_sent(app, demo_site):
    failures = []
    for role in START:
        _client, pages = _pages(app, demo_site, role)
        for page in pages:
            shown = [m for m in ERROR_MARKS if m in page.html]
            if shown:
                failures.append(f"{page.url} ({role}): {shown}")
    assert not failures, "\n".join(failures)


def _filled_without_optional(form):  # type: ignore[no-untyped-def]
    """The form with every field that is not marked optional filled in plausibly."""
    data = form.data()
    for f in form.fields:
        if f.id in form.optional_ids:
            if f.tag == "select" or f.type not in {"hidden", "checkbox", "radio"}:
                data[f.name] = ""
            continue
        if f.type == "hidden" or f.name == "csrf_token":
            continue
        if f.tag == "textarea" or (f.tag == "input" and f.type in {"text", "search", ""}):
            data[f.name] = data.get(f.name) or "Een gewone tekst van een inwoner."
        elif f.type == "date":
            data[f.name] = data.get(f.name) or date.today().isoformat()
        elif f.type == "email":
            data[f.name] = data.get(f.name) or "iemand@example.org"
        elif f.tag == "select":
            options = [v for v, _sel in f.options if v]
            data[f.name] = data.get(f.name) or (options[0] if options else "")
        elif f.type == "radio" and f.name not in data:
            data[f.name] = f.value
    return data


def test_forms_answer_400_on_errors_and_optional_fields_are_optional(app, demo_site):
    failures = []
    for role in START:
        client, pages = _pages(app, demo_site, role)
        done = set()
        for page in pages:
            for form in parse_forms(page.html):
                action = form.action or page.url
                if form.method != "post" or not form.novalidate or action in done:
                    continue
                done.add(action)
                empty = {k: v for k, v in form.data().items() if k == "csrf_token"}
                answer = client.post(action, data=empty)
                limiter.reset()
                body = answer.get_data(as_text=True)
                if "Er gaat iets mis" in body and answer.status_code != 400:
                    failures.append(f"{action} ({role}): errors shown with {answer.status_code}")
                if not form.optional_ids:
                    continue
                answer = client.post(action, data=_filled_without_optional(form))
                limiter.reset()
                body = answer.get_data(as_text=True)
                for field_id in sorted(form.optional_ids):
                    if re.search(
                        rf'(href="#{re.escape(field_id)}"|id="{re.escape(field_id)}-fout")', body
                    ):
                        failures.append(
                            f"{action} ({role}): {field_id} is marked optional but is required"
                        )
    assert not failures, "\n".join(failures)


def test_uitdaagrecht_checklist_notes_are_not_marked_optional(app, demo_site):
    # The decision refuses a checklist without a note per point, so "(niet verplicht)" misled.
    import sqlalchemy as sa

    from open_nijmegen.extensions import db
    from open_nijmegen.uitdaagrecht.models import Uitdaging

    client = client_for(app, demo_site, "participatiemedewerker")
    found = 0
    for ref in db.session.scalars(sa.select(Uitdaging.referentie)):
        html = client.get(f"/beheer/uitdaagrecht/{ref}?doel=behandeling").get_data(as_text=True)
        for form in parse_forms(html):
            notes = [f for f in form.fields if f.name.startswith("toelichting_")]
            found += len(notes)
            assert not [f.id for f in notes if f.id in form.optional_ids]
        if "toelichting_" in html:
            assert "(nodig voor het besluit)" in html
    assert found
