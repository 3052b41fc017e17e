"""No hidden figure of the results can be worked out from what is shown (issue 18 point 5:
cells under 5 are not shown). A question's number of answers is shown, so the other cells of
a question with one small cell would give it by subtraction: uitslag.verberg hides the
smallest shown cell too (and more when needed), on the page, in the CSV, in the API, and the
weighted figures and the average of a scale with them; a question asked only after a hidden
answer is not shown at all."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import date

import pytest
from peilingen.factories import make_peiling, q, set_state

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import uitslag
from open_nijmegen.peilingen.bevolking import LEEFTIJDEN, WIJKEN
from open_nijmegen.peilingen.models import Inzending, Staat
from open_nijmegen.peilingen.uitslag import AANVULLEND, KLEIN, verberg

_keys = itertools.count(1)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([20, 8, 3], [None, AANVULLEND, KLEIN]),  # 31 - 20 - 8 would give the 3
        ([20, 0, 3], [AANVULLEND, None, KLEIN]),  # 23 = 1-4 + 19-22: neither is known
        ([1, 5], None),  # 6 = 1 + 5 (a hidden 5 or more): even hiding both gives the 1
        ([0, 0, 50], [None, None, None]),  # a 0 points at nobody: shown
        ([2, 3, 50], [KLEIN, KLEIN, None]),  # 5 between them: each 1 to 4, not known
        ([4, 4, 50, 60], [KLEIN, KLEIN, AANVULLEND, None]),  # 8 between two of 1-4: both 4
        ([1, 1, 50], [KLEIN, KLEIN, AANVULLEND]),  # 2 between two: both 1
        ([1, 5, 60], [KLEIN, AANVULLEND, AANVULLEND]),  # 6 = 1 + 5: 5 alone is not enough
        ([3, 8, 8, 40], [KLEIN, AANVULLEND, None, None]),
        ([7, 9], [None, None]),
    ],
)
def test_verberg(counts, expected):
    assert verberg(counts) == expected


def _fixture(wegen=False):
    """41 answers: 30 by bike (satisfied 5), 8 by car (4), 3 by bus (2, and the bus question
    'Elke dag'); every wijk and age group takes part (round robin), for the weighting."""
    peiling = make_peiling(staat=Staat.GESLOTEN, wegen=wegen)
    v = q(peiling)
    plan = [(0, 5)] * 30 + [(2, 4)] * 8 + [(1, 2)] * 3
    for i, (vervoer, tevreden) in enumerate(plan):
        antwoorden = {
            str(v["vervoer"].id): v["vervoer"].opties[vervoer].id,
            str(v["tevreden"].id): tevreden,
        }
        if vervoer == 1:
            antwoorden[str(v["bus"].id)] = v["bus"].opties[0].id
        db.session.add(
            Inzending(
                sleutel=f"v-{peiling.id}-{next(_keys)}",
                peiling_id=peiling.id,
                dag=date(2026, 1, 1),
                af=True,
                antwoorden=antwoorden,
                wijk=WIJKEN[i % len(WIJKEN)],
                leeftijd=LEEFTIJDEN[(i // len(WIJKEN)) % len(LEEFTIJDEN)],
            )
        )
    db.session.commit()
    set_state(peiling, Staat.GESLOTEN)
    return peiling, v


@pytest.mark.parametrize("wegen", [False, True])
def test_the_small_cell_cannot_be_worked_out_from_the_figures(app, wegen):
    peiling, v = _fixture(wegen)
    result = uitslag.bereken(peiling, fresh=True)
    assert (result.weging is not None and result.weging.gelukt) is wegen
    vervoer = result.vragen[0]
    assert vervoer.n == 41
    fiets, bus, auto = vervoer.regels
    assert (fiets.aantal, bus.aantal, auto.aantal) == (30, None, None)
    assert (bus.verborgen, auto.verborgen) == (KLEIN, AANVULLEND)
    assert vervoer.n - fiets.aantal == 11  # not 3
    assert bus.procent is auto.procent is bus.gewogen is auto.gewogen is None
    assert bus.marge is auto.marge is None
    if wegen:
        assert fiets.gewogen is not None and fiets.marge is not None
    tevreden = next(r for r in result.vragen if r.vraag.id == v["tevreden"].id)
    assert [r.aantal for r in tevreden.regels] == [0, None, 0, None, 30]
    assert tevreden.gemiddelde is None  # 41 x average - 150 = 2 x 3 + 4 x 8 gives them back
    bus_q = next(r for r in result.vragen if r.vraag.id == v["bus"].id)
    assert bus_q.na_verborgen and bus_q.te_weinig and not bus_q.regels


def test_the_page_shows_no_figure_that_gives_the_small_cell(client):
    peiling, v = _fixture(wegen=True)
    html = client.get(f"/peilingen/{peiling.id}/uitslag").get_data(as_text=True)
    section = html.split(f'id="uitslag-{v["vervoer"].id}"')[1].split("</section>")[0]
    assert "41 mensen gaven antwoord." in section and ">30<" in section
    assert "minder dan 5" in section and "niet getoond" in section
    # 8 and 3 (and 8/41 = 20%, 3/41 = 7%) are nowhere in the question's chart or table.
    assert not re.search(r">\s*(8|3|20%|7%|19,5%|7,3%)\s*<", section)
    assert "Anders kunt u het verborgen getal uitrekenen." in html
    bus = html.split(f'id="uitslag-{v["bus"].id}"')[1].split("</section>")[0]
    assert "gaven antwoord" not in bus and "gaf antwoord" not in bus
    assert "Dat antwoord laten wij niet zien." in bus
    tevreden = html.split(f'id="uitslag-{v["tevreden"].id}"')[1].split("</section>")[0]
    assert "Gemiddeld cijfer" not in tevreden


def test_the_csv_and_the_api_give_no_figure_that_gives_the_small_cell(client):
    peiling, v = _fixture(wegen=True)
    body = client.get(f"/peilingen/{peiling.id}/uitslag.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][2] == "aantal (leeg: niet getoond)" and rows[0][6] == "waarom niet getoond"
    vervoer = {r[1]: r for r in rows[1:] if r[0] == v["vervoer"].tekst}
    assert vervoer["Fiets"][2] == "30"
    assert vervoer["Bus"][2:7] == ["", "", "", "", "minder dan 5"]
    assert vervoer["Auto"][2:7] == ["", "", "", "", "anders uit te rekenen"]
    assert not any(r[0] == v["bus"].tekst for r in rows)

    data = client.get(f"/api/v1/peilingen/{peiling.id}").get_json()["data"]["uitslag"]
    vragen = {x["id"]: x for x in data["vragen"]}
    first = vragen[v["vervoer"].id]
    shown = [a["aantal"] for a in first["antwoorden"] if a["aantal"] is not None]
    assert first["aantal"] == 41 and shown == [30] and first["aantal"] - sum(shown) == 11
    assert [a["procent_gewogen"] is None for a in first["antwoorden"]] == [False, True, True]
    assert vragen[v["tevreden"].id]["gemiddelde"] is None
    bus = vragen[v["bus"].id]
    assert bus["aantal"] is None and bus["te_weinig"] and bus["antwoorden"] == []
