"""Breakdowns by wijk or age group (issue 18 point 5): only when an officer turned them on for
a weighted peiling (it asks wijk and age group), from the anonymous response rows, one
dimension at a time, unweighted, small groups left out and small cells hidden (also a second
cell when one alone would be hidden)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from factories import make_staff
from helpers import csrf_token
from peilingen.factories import make_peiling, q, set_state

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import uitsplitsing
from open_nijmegen.peilingen.models import Inzending, Staat

_keys = itertools.count(1)


def _add(peiling, vervoer_optie, wijk, leeftijd, n):
    vraag = q(peiling)["vervoer"]
    for _i in range(n):
        db.session.add(
            Inzending(
                sleutel=f"t-{peiling.id}-{next(_keys)}",
                peiling_id=peiling.id,
                dag=date(2026, 1, 1),
                af=True,
                antwoorden={str(vraag.id): vraag.opties[vervoer_optie].id},
                wijk=wijk,
                leeftijd=leeftijd,
            )
        )
    db.session.commit()


def _peiling(uitsplitsen=True):
    peiling = make_peiling(staat=Staat.GESLOTEN, wegen=True)
    peiling.uitsplitsen = uitsplitsen
    db.session.commit()
    # Oost: 10 by bike, 6 by bus, 2 by car (2 hidden, and the bus too, so 2 is not 18-10-6).
    _add(peiling, 0, "Nijmegen-Oost", "25-44", 10)
    _add(peiling, 1, "Nijmegen-Oost", "65+", 6)
    _add(peiling, 2, "Nijmegen-Oost", "65+", 2)
    # Centrum: 5 by bike, 5 by bus.
    _add(peiling, 0, "Nijmegen-Centrum", "25-44", 5)
    _add(peiling, 1, "Nijmegen-Centrum", "16-24", 5)
    # Lindenholt: 3 answers, a group too small to show.
    _add(peiling, 0, "Lindenholt", "45-64", 3)
    return peiling


def test_breakdown_by_wijk_hides_small_groups_and_cells(app):
    peiling = _peiling()
    vervoer = next(
        r for r in uitsplitsing.bereken(peiling, "wijk") if r.vraag.tekst.startswith("Hoe gaat")
    )
    assert vervoer.kolommen == ["Fiets", "Bus", "Auto"]
    groups = {g.label: g for g in vervoer.groepen}
    assert set(groups) == {"Nijmegen-Oost", "Nijmegen-Centrum"}
    assert vervoer.weggelaten == len(uitsplitsing.groups_of("wijk")) - 2
    oost = groups["Nijmegen-Oost"]
    assert oost.n == 18
    assert oost.cellen[0] == pytest.approx(10 / 18 * 100)
    assert oost.cellen[1] is None and oost.cellen[2] is None  # secondary suppression
    centrum = groups["Nijmegen-Centrum"]
    assert centrum.cellen == [pytest.approx(50.0), pytest.approx(50.0), 0.0]  # 0 is shown


def test_breakdown_by_age_group(app):
    peiling = _peiling()
    vervoer = uitsplitsing.bereken(peiling, "leeftijd")[0]
    groups = {g.label: g for g in vervoer.groepen}
    assert set(groups) == {"25 tot 45 jaar", "16 tot 25 jaar", "65 jaar of ouder"}
    assert groups["25 tot 45 jaar"].n == 15
    assert groups["65 jaar of ouder"].n == 8  # 6 bus, 2 car: both hidden, the bike 0
    assert groups["65 jaar of ouder"].cellen[1] is None
    assert groups["65 jaar of ouder"].cellen[2] is None
    assert groups["65 jaar of ouder"].cellen[0] == 0.0


def test_the_page_shows_only_when_the_officer_turned_it_on(client):
    peiling = _peiling(uitsplitsen=False)
    assert client.get(f"/peilingen/{peiling.id}/uitslag/wijk").status_code == 404
    assert "Uitslag per wijk" not in client.get(f"/peilingen/{peiling.id}/uitslag").get_data(
        as_text=True
    )
    peiling.uitsplitsen = True
    db.session.commit()
    results = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    assert f'href="/peilingen/{peiling.id}/uitslag/wijk"' in results
    assert f'href="/peilingen/{peiling.id}/uitslag/leeftijd"' in results
    page = client.get(f"/peilingen/{peiling.id}/uitslag/wijk")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Nijmegen-Oost" in html and "56%" in html and "Lindenholt" not in html
    assert "niet getoond" in html
    assert client.get(f"/peilingen/{peiling.id}/uitslag/iets").status_code == 404


def test_no_breakdown_before_the_results_are_public(client):
    peiling = _peiling()
    set_state(peiling, Staat.OPEN)
    response = client.get(f"/peilingen/{peiling.id}/uitslag/wijk")
    assert "Nijmegen-Oost" not in response.get_data(as_text=True)


def test_the_officer_turns_breakdowns_on_only_with_weighting(client, login):
    peiling = make_peiling(wegen=False)
    login(make_staff(areas=["peilingen"]))
    data = {
        "csrf_token": csrf_token(client),
        "titel": "Fietsen in Nijmegen",
        "intro": "Wij willen weten hoe u fietst. Het duurt vijf minuten.",
        "doelgroep": "accounts",
        "opent_op": "2026-01-01T09:00",
        "sluit_op": "2030-01-01T09:00",
        "uitsplitsen": "y",
    }
    response = client.post(f"/beheer/peilingen/{peiling.id}/bewerken", data=data)
    assert response.status_code == 400
    assert "vraagt dan ook naar wijk en leeftijd" in response.get_data(as_text=True)
    response = client.post(f"/beheer/peilingen/{peiling.id}/bewerken", data=data | {"wegen": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert peiling.uitsplitsen and peiling.wegen
