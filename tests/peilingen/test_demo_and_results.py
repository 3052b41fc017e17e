"""Demo data (every question type open; 1,200 skewed panel responses, weighted) and the
results page: counts and percentages as SVG bars with a data table, cells under 5 hidden,
weighted beside unweighted with design effect, effective sample size and margin of error."""

from __future__ import annotations

import re
import time

import sqlalchemy as sa
from factories import make_user
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, q, set_state

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import demo, uitslag
from open_nijmegen.peilingen.models import Inzending, Peiling, Soort, Staat


def _seed():
    from open_nijmegen.demo import seed_demo

    seed_demo()
    db.session.commit()
    return {p.titel: p for p in db.session.scalars(sa.select(Peiling))}


def test_demo_has_every_state_and_question_type_and_is_idempotent():
    items = _seed()
    assert items[demo.OPEN].staat() == Staat.OPEN
    assert items[demo.GESLOTEN].staat() == Staat.GESLOTEN
    assert items[demo.PANEL].staat() == Staat.OPEN
    assert items[demo.CONCEPT].staat() == Staat.CONCEPT
    assert {v.soort for v in items[demo.OPEN].vragen} == set(Soort)
    assert any(v.toon_als_vraag_id for v in items[demo.OPEN].vragen)
    closed = items[demo.GESLOTEN]
    assert closed.wegen
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Inzending)
            .where(Inzending.peiling_id == closed.id)
        )
        == 1200
    )
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Inzending))
    _seed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Inzending)) == before


def test_the_skewed_demo_panel_is_weighted_and_the_weighting_moves_the_result():
    closed = _seed()[demo.GESLOTEN]
    started = time.perf_counter()
    result = uitslag.bereken(closed)
    assert time.perf_counter() - started < 5
    assert result.n == 1200 and result.weging is not None and result.weging.gelukt
    assert result.papier == 3
    assert result.weging.n == 1140  # one in twenty gave no wijk or age
    assert 1.0 < result.weging.design_effect < 3.0
    assert result.weging.n_eff < result.weging.n
    fiets = result.vragen[0].regels[0]
    assert fiets.label == "Fiets"
    # Young people cycle more and answered less: weighted, cycling goes up.
    assert fiets.gewogen > fiets.procent + 3
    assert 0 < fiets.marge < 5


def test_the_results_page_shows_bars_tables_and_the_explanation(client):
    closed = _seed()[demo.GESLOTEN]
    html = client.get(f"/peilingen/{closed.id}/uitslag").get_data(as_text=True)
    assert "1200 mensen vulden de vragen in." in html
    assert "Wat betekent gewogen?" in html and "Design-effect" in html
    assert '<svg class="site-grafiek__beeld"' in html and "site-grafiek__tabel" in html
    assert "Niet gewogen" in html and "Foutmarge" in html and "± " in html
    # Only open answers an officer approved are shown.
    assert "De stalling bij het station is vaak vol." in html
    assert "Bel mij maar" not in html and "groene golf" not in html


def test_cells_under_five_are_not_shown(client, login):
    peiling = make_peiling()
    v = q(peiling)
    for i in range(7):
        login(make_user())
        vervoer = 0 if i < 6 else 2  # six Fiets, one Auto
        data = {
            **answers(peiling, vervoer=vervoer),
            "csrf_token": csrf_token(client),
            "actie": "versturen",
            "pagina": "2",
        }
        assert client.post(f"/peilingen/{peiling.id}/invullen", data=data).status_code == 302
    set_state(peiling, Staat.GESLOTEN)
    result = uitslag.bereken(peiling)
    first = result.vragen[0]
    assert first.n == 7
    fiets, bus, auto = first.regels
    # The one by car is hidden, and then the six by bike too (7 - 6 - 0 would give the 1);
    # nobody by bus: 0 is shown.
    assert (fiets.aantal, bus.aantal, auto.aantal) == (None, 0, None)
    assert (fiets.verborgen, auto.verborgen) == (uitslag.AANVULLEND, uitslag.KLEIN)
    assert fiets.procent is None and auto.procent is None
    # The bus question (skip rule) had fewer than five answers: not shown at all.
    bus_q = next(r for r in result.vragen if r.vraag.id == v["bus"].id)
    assert bus_q.te_weinig
    html = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert "minder dan 5" in html and "Te weinig antwoorden om te laten zien." in html
    assert not re.search(r">1<|>14%<|>86%<", html)


def test_results_wait_for_the_close_unless_live(client):
    peiling = make_peiling()
    html = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert "De uitslag komt op de site als de peiling sluit" in html
    peiling.uitslag_live = True
    db.session.commit()
    html = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert "De peiling is nog open. De uitslag kan nog veranderen." in html


def test_weighting_without_a_group_gives_a_b1_message(client, login):
    peiling = make_peiling(wegen=True)
    for _ in range(6):
        login(make_user())
        data = {
            **answers(peiling, **{"achtergrond-wijk": "Dukenburg", "achtergrond-leeftijd": "65+"}),
            "csrf_token": csrf_token(client),
            "actie": "versturen",
            "pagina": "2",
        }
        assert client.post(f"/peilingen/{peiling.id}/invullen", data=data).status_code == 302
    set_state(peiling, Staat.GESLOTEN)
    result = uitslag.bereken(peiling)
    assert result.weging is not None and not result.weging.gelukt
    assert "Daarom kan de uitslag niet gewogen worden" in result.weging.melding
    assert result.vragen[0].regels[0].gewogen is None
    html = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert "Daarom kan de uitslag niet gewogen worden" in html
