"""Issue 15 point 13: "Controleer mijn tekst" never triggers the form's action. Without
JavaScript the button submits the form; every form that has the button (found by crawling the
demo site as each role) must then show the report, keep everything typed, save nothing and
queue no mail. The same in a real browser with JavaScript off: tests/browser/test_check_button.py.
"""

from __future__ import annotations

import html as html_lib

import pytest
from forms_support import TEXT_TYPES, changed_tables, forms_with_check_button, table_state

from open_nijmegen.extensions import limiter

ROLES = ["inwoner", "participatiemedewerker", "beheerder"]
TEKST = (
    "Teneinde de leefbaarheid te bevorderen, wordt derhalve kenbaar gemaakt dat wij "
    "beginnen. Regel {n} van mijn eigen tekst."
)
# Every form with the button in the templates (forms.textarea(..., taal=True)); the crawl must
# reach each one, so a form cannot drop out of the sweep unnoticed.
EXPECTED_ENDPOINTS = {
    "ideeen.nieuw",
    "ideeen.bewerken",
    "ideeen_beheer.status",
    "ideeen_beheer.traject",
    "ideeen_beheer.traject_nieuw",
    "interactions.react",
    "interactions.edit_reaction",
    "uitdaagrecht.concept_stap",
    "uitdaagrecht.mijn_stap",
    "uitdaagrecht_beheer.stap",
    "uitdaagrecht_beheer.beoordeling",
    "uitdaagrecht_beheer.publiek",
    "inwonersberaad.vragen",
    "inwonersberaad_beheer.nieuw",
    "inwonersberaad_beheer.bewerken",
    "inwonersberaad_beheer.reactie",
    "inwonersberaad_beheer.voortgang",
    "inwonersberaad_beheer.vraag",
}


def states_the_demo_lacks(demo_site):  # type: ignore[no-untyped-def]
    """Forms the demo data does not show: an idea its author may still edit, an
    aanbeveling without a published response, a beraad at work whose member may ask a question.
    Returns extra start pages per role."""
    import sqlalchemy as sa
    from ideeen.factories import make_idee

    from open_nijmegen.extensions import db
    from open_nijmegen.inwonersberaad.models import (
        Aanbeveling,
        AanbevelingStatus,
        Beraad,
        Beraadslid,
        Fase,
    )

    inwoner = demo_site["inwoner"]
    idee = make_idee(author=inwoner, titel="Een idee dat nog mag veranderen")
    lid = db.session.scalar(sa.select(Beraadslid).where(Beraadslid.user_id == inwoner.id))
    beraad = db.session.get(Beraad, lid.beraad_id)
    beraad.fase = Fase.BERAADSLAGING
    aanbeveling = db.session.scalar(sa.select(Aanbeveling).limit(1))
    aanbeveling.status = AanbevelingStatus.OPEN
    aanbeveling.reactie_gepubliceerd_op = None
    db.session.commit()
    return {
        "inwoner": [f"/ideeen/{idee.id}/bewerken", f"/inwonersberaad/{beraad.id}/dossier/vragen"],
        "participatiemedewerker": [
            f"/beheer/inwonersberaad/{aanbeveling.beraad_id}/aanbevelingen/{aanbeveling.id}"
        ],
    }


def typed_data(form, field_id):  # type: ignore[no-untyped-def]
    """The form as shown, with text typed into every text area and empty text box."""
    data = form.data()
    typed = {}
    for n, f in enumerate(form.fields):
        if f.tag == "textarea":
            typed[f.name] = TEKST.format(n=n)
        elif f.tag == "input" and f.type in TEXT_TYPES and not f.value and f.name != "csrf_token":
            typed[f.name] = f"Getypt {n}"
    data.update(typed)
    data["taal_check"] = field_id
    return data, typed


@pytest.fixture()
def check_forms(app, demo_site):  # type: ignore[no-untyped-def]
    found = forms_with_check_button(app, demo_site, ROLES, states_the_demo_lacks(demo_site))
    limiter.reset()
    return found


def test_every_check_button_shows_the_report_and_saves_nothing(app, demo_site, check_forms):
    from site_helpers import client_for

    endpoints = {f.endpoint for f in check_forms}
    assert endpoints >= EXPECTED_ENDPOINTS, f"not reached: {EXPECTED_ENDPOINTS - endpoints}"
    failures = []
    for found in check_forms:
        client = client_for(app, demo_site, found.role)
        page = client.get(found.page)  # a fresh CSRF token for this client
        from forms_support import parse_forms

        field_id = found.button
        form = next(
            f for f in parse_forms(page.get_data(as_text=True)) if field_id in f.taal_buttons()
        )
        data, typed = typed_data(form, field_id)
        action = form.action or found.page
        before = table_state()
        response = client.post(action, data=data)
        limiter.reset()
        body = response.get_data(as_text=True)
        where = f"{found.endpoint} ({action}, field {field_id}, as {found.role})"
        changed = changed_tables(before, table_state())
        if response.status_code != 200:
            failures.append(f"{where}: answered {response.status_code}")
        if changed:
            failures.append(f"{where}: saved something: {changed}")
        if "Hoe leesbaar is uw tekst?" not in body or '"Teneinde" is ambtelijke taal' not in (
            html_lib.unescape(body)
        ):
            failures.append(f"{where}: no report")
        for name, value in typed.items():
            if html_lib.escape(value, quote=False) not in body and value not in body:
                failures.append(f"{where}: lost what was typed in {name}")
        if "Er gaat iets mis" in body:
            failures.append(f"{where}: shows an error summary for a check")
    assert not failures, "\n".join(failures)
