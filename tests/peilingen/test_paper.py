"""Paper questionnaires: an officer types in a numbered form (each number once per peiling,
also under concurrency through core.paper), checked as online, counted apart, not linked to
anyone; nothing typed is lost on an error."""

from __future__ import annotations

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, q, set_state

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import uitslag
from open_nijmegen.peilingen.models import Inzending, Staat


def _paper(client, peiling, nummer, **over):
    data = {**answers(peiling, **over), "nummer": nummer, "csrf_token": csrf_token(client)}
    return client.post(f"/beheer/peilingen/{peiling.id}/papier", data=data)


def test_an_officer_enters_numbered_paper_forms_each_number_once(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_staff(areas=["peilingen"]))
    page = client.get(f"/beheer/peilingen/{peiling.id}/papier").get_data(as_text=True)
    assert "Nummer op het papieren formulier" in page and "Vraag 7 van 7" in page
    assert _paper(client, peiling, "17").status_code == 302
    response = _paper(client, peiling, "17", vervoer=1)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Formulier nummer 17 is al ingevoerd" in html
    assert f'value="{v["vervoer"].opties[1].id}" checked' in html  # nothing typed is lost
    rows = db.session.scalars(sa.select(Inzending)).all()
    assert len(rows) == 1 and rows[0].is_paper and rows[0].af
    assert "jan@example.org" not in rows[0].open_antwoorden[0].tekst  # masked as online
    # An incomplete paper form is fine; a wrong value is not.
    assert _paper(client, peiling, "18", **{f"v{v['vervoer'].id}": None}).status_code == 302
    response = _paper(client, peiling, "19", **{f"v{v['tevreden'].id}": "8"})
    assert (
        response.status_code == 400
        and "Kies een cijfer van 1 tot en met 5" in response.get_data(as_text=True)
    )
    for bad in ("", "0", "abc", "12,5", "9" * 20):
        assert _paper(client, peiling, bad).status_code == 400, bad
    assert len(db.session.scalars(sa.select(Inzending)).all()) == 2
    set_state(peiling, Staat.GESLOTEN)
    assert uitslag.bereken(peiling).papier == 2


def test_paper_entry_is_for_officers_and_not_before_the_opening(client, login):
    peiling = make_peiling(staat=Staat.GEPLAND)
    login(make_user())
    assert _paper(client, peiling, "1").status_code == 403
    login(make_staff(areas=["ideeen"]))
    assert _paper(client, peiling, "1").status_code == 403
    login(make_staff(areas=["peilingen"]))
    assert _paper(client, peiling, "1").status_code == 302
    assert db.session.scalars(sa.select(Inzending)).all() == []
