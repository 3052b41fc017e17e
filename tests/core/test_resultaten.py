"""/resultaten (issue 22): every figure against a hand-built fixture with exact numbers, on
both databases (the suite runs on SQLite and PostgreSQL); small cells suppressed; periods in
Nijmegen time; the page, the CSV and odd query strings."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from factories import make_user
from flask import current_app
from ideeen.factories import make_idee, make_wijk

from open_nijmegen.core import resultaten as R
from open_nijmegen.core.models import StatusChange
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, Steun

Y = 2025


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(Y, month, day, hour, tzinfo=UTC)


def _answer(idee: Idee, when: datetime, status: str = "overgenomen") -> None:
    db.session.add(
        StatusChange(
            object_type="idee",
            object_id=idee.id,
            from_status="open",
            to_status=status,
            explanation="Antwoord.",
            created_at=when,
        )
    )


def _figures(periode: R.Periode, gebied: R.Gebied | None = None) -> dict[str, dict[str, R.Cijfer]]:
    with current_app.test_request_context():  # the figures link to their lists
        uitkomst = R.compute(periode, gebied, fresh=True)
    return {b.key: {c.key: c for c in b.cijfers} for b in uitkomst.blokken}


@pytest.fixture()
def ideas_fixture(app):
    """Wijk A (stadsdeel Oost) and B (stadsdeel West), ideas and answers in 2025."""
    a = make_wijk("Wijk A", stadsdeel="Oost")
    b = make_wijk("Wijk B", stadsdeel="West")
    ideas = [make_idee(wijk=a) for _ in range(7)] + [make_idee(wijk=b) for _ in range(2)]
    for i, idee in enumerate(ideas):
        idee.published_at = at(2 + i % 9, 1)
    # Just after midnight in Nijmegen on 1 January: 2025, although still 2024 in UTC.
    ideas[0].published_at = datetime(Y - 1, 12, 31, 23, 30, tzinfo=UTC)
    hidden = make_idee("verborgen", wijk=a)
    hidden.published_at = at(3, 1)
    older = make_idee(wijk=a)
    older.published_at = datetime(Y - 1, 6, 1, tzinfo=UTC)
    # Supports in 2025: 12 by 6 people on wijk A's ideas, 1 on the hidden idea (not counted),
    # 1 in 2024 (not counted).
    people = [make_user() for _ in range(6)]
    for n in range(12):
        db.session.add(
            Steun(user_id=people[n % 6].id, idee_id=ideas[n % 7].id, created_at=at(4, 1 + n))
        )
    db.session.add(Steun(user_id=people[0].id, idee_id=hidden.id, created_at=at(4, 1)))
    db.session.add(
        Steun(user_id=people[1].id, idee_id=older.id, created_at=datetime(Y - 1, 7, 1, tzinfo=UTC))
    )
    # Six ideas of wijk A over the threshold in 2025, their answer due 60 days later:
    # answered after 10, 20, 30 and 40 days (on time), after 70 days (late), and never.
    for idee, days in zip(ideas[1:7], (10, 20, 30, 40, 70, None), strict=True):
        idee.threshold_reached_at = at(3, 1)
        idee.answer_due_at = at(3, 1) + timedelta(days=60)
        if days is not None:
            _answer(idee, at(3, 1) + timedelta(days=days))
            # A later second answer does not change when the first one came.
            _answer(idee, at(3, 1) + timedelta(days=days + 100), "uitgevoerd")
    # An answer before the threshold does not count as the answer to it, but is an answer.
    _answer(ideas[7], at(2, 15))
    db.session.commit()
    return a, b


def test_idea_figures_are_exact_for_the_year(ideas_fixture):
    f = _figures(R.Periode(Y))["ideeen"]
    assert f["ideeen_geplaatst"].waarde == 9
    assert f["steun"].waarde == 12
    assert f["steuners"].waarde == 6
    # ideas[1..5] answered in 2025 (first and second answers), ideas[7] once: 6 ideas.
    assert f["beantwoord"].waarde == 6
    assert f["drempel"].waarde == 6
    assert f["op_tijd"].basis == 6 and f["op_tijd"].waarde == pytest.approx(400 / 6)
    assert f["op_tijd"].getoond == "67%"
    assert f["mediaan_dagen"].basis == 5 and f["mediaan_dagen"].waarde == 30
    assert f["mediaan_dagen"].getoond == "30 dagen"


def test_quarters_and_nijmegen_time(ideas_fixture):
    # Q1: ideas[0] (31 December 23:30 UTC is 1 January in Nijmegen) and ideas[1] (1 March).
    q1 = _figures(R.Periode(Y, 1))["ideeen"]
    assert q1["ideeen_geplaatst"].waarde == 2
    assert _figures(R.Periode(Y, 2))["ideeen"]["ideeen_geplaatst"].waarde == 3  # Apr-Jun
    q4_last_year = _figures(R.Periode(Y - 1, 4))["ideeen"]
    assert q4_last_year["ideeen_geplaatst"].waarde == 0  # the 31 December idea is not here
    assert R.Periode(Y, 1).begin == datetime(Y - 1, 12, 31, 23, 0, tzinfo=UTC)
    assert R.Periode(Y, 3).begin == datetime(Y, 6, 30, 22, 0, tzinfo=UTC)  # summer time


def test_area_filter_and_small_cells(ideas_fixture):
    f = _figures(R.Periode(Y), R.Gebied("wijk", "Wijk B"))
    assert set(f) == {"ideeen"}  # the other parts do not know their wijk
    assert f["ideeen"]["ideeen_geplaatst"].waarde == 2
    assert f["ideeen"]["ideeen_geplaatst"].getoond == "minder dan 5"
    assert f["ideeen"]["ideeen_geplaatst"].openbaar()["waarde"] is None
    assert f["ideeen"]["steun"].getoond == "0"  # zero singles out nobody
    assert f["ideeen"]["op_tijd"].getoond == "nog geen gegevens"  # nothing was due there
    oost = _figures(R.Periode(Y), R.Gebied("stadsdeel", "Oost"))["ideeen"]
    assert oost["ideeen_geplaatst"].waarde == 7 and oost["drempel"].waarde == 6


@pytest.mark.parametrize(
    ("waarde", "eenheid", "basis", "getoond"),
    [
        (0, "aantal", None, "0"),
        (1, "aantal", None, "minder dan 5"),
        (4, "aantal", None, "minder dan 5"),
        (5, "aantal", None, "5"),
        (12345, "aantal", None, "12.345"),
        (50.0, "procent", 4, "te weinig gegevens"),
        (50.0, "procent", 5, "50%"),
        (3.0, "dagen", 4, "te weinig gegevens"),
        (1.0, "dagen", 9, "1 dag"),
        (2500, "euro", None, "€ 2.500"),
        (None, "procent", 0, "nog geen gegevens"),
    ],
)
def test_suppression_and_display(app, waarde, eenheid, basis, getoond):
    with app.test_request_context():
        assert R.Cijfer("x", "X", waarde, eenheid=eenheid, basis=basis).getoond == getoond


def test_uitdaagrecht_outcomes_and_legal_term(app):
    from open_nijmegen.uitdaagrecht.models import Uitdaging
    from open_nijmegen.uitdaagrecht.termijnen import Termijnen
    from open_nijmegen.uitdaagrecht.workflow import Status

    wet = Termijnen().to_dict()  # the legal default: 56 days
    refs = iter(range(1, 100))

    start = date(Y, 3, 3)  # a Monday; 56 days later is Monday 28 April
    cases = [
        (Status.TOEGEKEND, date(Y, 4, 28), None, None),  # on the last day: on time
        (Status.IN_UITVOERING, date(Y, 4, 1), None, None),  # granted, moved on
        (Status.OVEREENKOMST, date(Y, 4, 2), "Alleen het maaien", None),  # partly granted
        (Status.AFGEWEZEN, date(Y, 4, 29), None, None),  # one day late
        (Status.NIET_ONTVANKELIJK, date(Y, 3, 20), None, None),
        (Status.AFGEWEZEN, date(Y, 5, 20), None, (date(Y, 4, 20), 28)),  # extended: on time
    ]
    for status, sent, deel, verdaging in cases:
        db.session.add(
            Uitdaging(
                status=status,
                referentie=f"UR-{Y}-{next(refs):04d}",
                termijnen=wet,
                klok_begindag=start,
                ingediend_op=start,
                ingediend_at=at(3, 3),
                besluit_verzonden_op=sent,
                toegekend_deel=deel,
                verdaagd_op=verdaging[0] if verdaging else None,
                verdaging_dagen=verdaging[1] if verdaging else None,
            )
        )
    db.session.add(
        Uitdaging(
            status=Status.IN_BEHANDELING,
            klok_begindag=date(Y, 11, 3),
            ingediend_op=date(Y, 11, 3),
            referentie="UR-2025-0099",
            termijnen=wet,
        )
    )
    db.session.add(Uitdaging(status=Status.CONCEPT))
    db.session.commit()
    f = _figures(R.Periode(Y))["uitdaagrecht"]
    assert f["ingediend"].waarde == 7
    assert f["besluit_toegekend"].waarde == 2
    assert f["besluit_deels"].waarde == 1
    assert f["besluit_afgewezen"].waarde == 2
    assert f["besluit_niet_ontvankelijk"].waarde == 1
    assert f["besluit_buiten_behandeling"].waarde == 0
    assert f["op_tijd"].basis == 6 and f["op_tijd"].waarde == pytest.approx(500 / 6)
    assert _figures(R.Periode(Y, 2))["uitdaagrecht"]["op_tijd"].basis == 5


def test_inwonersberaad_answers_and_progress(app):
    from open_nijmegen.inwonersberaad.models import Aanbeveling, AanbevelingStatus, Beraad

    S = AanbevelingStatus
    public = Beraad(vraag="Hoe wordt de stad groener?", openbaar=True)
    closed = Beraad(vraag="Nog niet openbaar", openbaar=False)
    db.session.add_all([public, closed])
    db.session.flush()
    rows = [
        (public, S.OVERGENOMEN, S.OVERGENOMEN, at(5, 1)),
        (public, S.OVERGENOMEN, S.IN_UITVOERING, at(5, 1)),
        (public, S.OVERGENOMEN, S.UITGEVOERD, at(5, 1)),
        (public, S.DEELS_OVERGENOMEN, S.IN_UITVOERING, at(5, 1)),
        (public, S.NIET_OVERGENOMEN, S.NIET_OVERGENOMEN, at(5, 1)),
        (public, S.NADER_ONDERZOEK, S.NADER_ONDERZOEK, at(6, 1)),
        (public, S.OVERGENOMEN, S.UITGEVOERD, datetime(Y - 1, 5, 1, tzinfo=UTC)),
        (closed, S.OVERGENOMEN, S.OVERGENOMEN, at(5, 1)),
        (public, None, S.OPEN, None),
    ]
    for n, (beraad, besluit, status, published) in enumerate(rows, start=1):
        db.session.add(
            Aanbeveling(
                beraad_id=beraad.id,
                nummer=n,
                titel=f"Aanbeveling {n}",
                reactie_besluit=besluit,
                status=status,
                reactie_gepubliceerd_op=published,
            )
        )
    db.session.commit()
    f = _figures(R.Periode(Y))["inwonersberaad"]
    assert f["beantwoord"].waarde == 6
    assert f["reactie_overgenomen"].waarde == 3
    assert f["reactie_deels_overgenomen"].waarde == 1
    assert f["reactie_niet_overgenomen"].waarde == 1
    assert f["reactie_nader_onderzoek"].waarde == 1
    assert f["nu_in_uitvoering"].waarde == 2
    assert f["nu_uitgevoerd"].waarde == 1


def test_begroten_money_decided_and_carried_out(app):
    from begroten.factories import make_begroting

    from open_nijmegen.begroten.models import Fase, Stembiljet, Uitvoering

    begroting = make_begroting(Fase.UITVOERING, plans=(20_000, 15_000, 10_000))
    p1, p2, p3 = begroting.plannen
    p2.kosten = 14_000  # the official cost counts, not the estimate (15,000)
    p1.uitvoering = Uitvoering.KLAAR
    p2.uitvoering = Uitvoering.IN_UITVOERING
    begroting.geteld_op = at(7, 1)
    begroting.uitslag = {"winnaars": [p1.id, p2.id]}
    for n in range(7):
        db.session.add(Stembiljet(sleutel=f"k{n}", begroting_id=begroting.id, keuzes=[p1.id]))
    other = make_begroting(Fase.UITVOERING, plans=(5_000,))
    other.geteld_op = datetime(Y - 1, 7, 1, tzinfo=UTC)
    other.uitslag = {"winnaars": [other.plannen[0].id]}
    db.session.commit()
    f = _figures(R.Periode(Y))["begroten"]
    assert f["geteld"].waarde == 1
    assert f["stemmen"].waarde == 7
    assert f["plannen_gekozen"].waarde == 2
    assert f["besloten"].waarde == 34_000 and f["besloten"].getoond == "€ 34.000"
    assert f["uitgevoerd"].waarde == 20_000


def test_page_and_csv(client, ideas_fixture):
    html = client.get(f"/resultaten?jaar={Y}").get_data(as_text=True)
    assert "Wat gebeurde er met uw inbreng?" in html
    assert "Bijgewerkt op" in html and "67%" in html and "30 dagen" in html
    assert 'href="/ideeen"' in html  # each figure links to the list behind it
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    response = client.get(f"/resultaten.csv?jaar={Y}&gebied=wijk:Wijk%20B")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    placed = next(r for r in rows if r["sleutel"] == "ideeen_geplaatst")
    assert placed["gebied"] == "Wijk B" and placed["waarde"] == ""  # 2: suppressed
    assert placed["getoond"] == "minder dan 5"


@pytest.mark.parametrize(
    "query",
    [
        "jaar=abc",
        "jaar=99999",
        "jaar=1900&kwartaal=7",
        "kwartaal=x",
        "gebied=wijk:Bestaat%20niet",
        "gebied=%00%ff",
        "gebied=stadsdeel:",
        "jaar=-1&kwartaal=-1",
    ],  # fmt: skip
)
def test_odd_query_strings_show_the_current_year(client, query):
    response = client.get("/resultaten?" + query)
    assert response.status_code == 200
    year = str(datetime.now(UTC).astimezone(R.NIJMEGEN).year)
    assert f'<option value="{year}" selected>' in response.get_data(as_text=True)


def test_figures_are_kept_and_forgotten(ideas_fixture):
    with current_app.test_request_context():
        first = R.compute(R.Periode(Y))
        make_idee().published_at = at(6, 6)
        db.session.commit()
        assert R.compute(R.Periode(Y)) is first  # kept: the page says when it was made
        R.forget()
        assert R.compute(R.Periode(Y)).blokken[0].cijfers[0].waarde == 10


def test_kept_figures_are_per_language(client, ideas_fixture):
    """A Dutch visit must not fill the kept figures with labels an English visit then sees."""
    dutch = client.get(f"/resultaten?jaar={Y}").get_data(as_text=True)
    english = client.get(f"/en/resultaten?jaar={Y}").get_data(as_text=True)
    assert "Ideeën geplaatst" in dutch and "Ideeën geplaatst" not in english
    assert "Ideas posted" in english
    again = client.get(f"/resultaten?jaar={Y}").get_data(as_text=True)
    assert "Ideeën geplaatst" in again and "Ideas posted" not in again


def test_api_gives_the_same_figures_suppressed_alike(client, ideas_fixture):
    response = client.get(f"/api/v1/resultaten?jaar={Y}&gebied=wijk:Wijk%20B")
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["periode"] == str(Y) and data["gebied"] == "wijk:Wijk B"
    assert data["minimum_aantal"] == 5
    [ideeen] = data["onderdelen"]
    placed = next(c for c in ideeen["cijfers"] if c["key"] == "ideeen_geplaatst")
    assert placed == {
        "key": "ideeen_geplaatst",
        "label": "Ideeën geplaatst",
        "waarde": None,
        "getoond": "minder dan 5",
        "eenheid": "aantal",
    }
    whole = client.get(f"/api/v1/resultaten?jaar={Y}").get_json()["data"]
    figures = {
        c["key"]: c for o in whole["onderdelen"] for c in o["cijfers"] if o["key"] == "ideeen"
    }
    assert figures["op_tijd"]["waarde"] == pytest.approx(66.7)
    assert {o["key"] for o in whole["onderdelen"]} >= {"ideeen", "uitdaagrecht", "inwonersberaad"}
    assert client.get("/api/v1/resultaten?jaar=abc").status_code == 400
    assert client.get("/api/v1/resultaten?kwartaal=5").status_code == 400
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/resultaten" in spec["paths"]


def test_officers_see_the_trend_per_quarter(client, ideas_fixture):
    from factories import make_staff
    from helpers import login_as

    assert client.get("/beheer/resultaten").status_code in (302, 403)  # staff only
    login_as(client, make_user())
    assert client.get("/beheer/resultaten").status_code == 403
    login_as(client, make_staff())
    with current_app.test_request_context():
        quarters = R.recent_quarters()
    assert len(quarters) == 6 and quarters[-1].kwartaal is not None
    html = client.get("/beheer/resultaten").get_data(as_text=True)
    assert "Resultaten per kwartaal" in html and quarters[0].label in html
    assert 'id="trend-ideeen-bijschrift"' in html  # the trend of the ideas as a chart
    body = client.get("/beheer/resultaten.csv").get_data(as_text=True)
    header = next(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert header == ["onderdeel", "sleutel", "cijfer", *[q.key() for q in quarters]]


def test_the_trend_chart_draws_counts_and_hides_small_cells(app):
    from open_nijmegen.beheer.views import _trend_grafiek

    quarters = [R.Periode(Y, 1), R.Periode(Y, 2)]
    posted = [R.Cijfer("geplaatst", "Geplaatst", 12), R.Cijfer("geplaatst", "Geplaatst", 3)]
    answered = [R.Cijfer("klaar", "Beantwoord", 6), R.Cijfer("klaar", "Beantwoord", 0)]
    share = [R.Cijfer("op_tijd", "Op tijd", 50.0, "procent", basis=8)] * 2
    blok = R.Blok("ideeen", "Ideeën", [posted[0], answered[0], share[0]])
    with app.test_request_context():
        chart = _trend_grafiek(blok, [posted, answered, share], quarters)
    assert chart is not None and chart.series == ("Geplaatst", "Beantwoord")  # counts only
    first, second = chart.rows
    assert [b.x_end for b in first.bars] == [320, 160]  # 12 is the longest bar, 6 half of it
    assert [b.x_end for b in second.bars] == [0, 0] and second.bars[0].text == "-"
    assert second.cells == ("minder dan 5", "0")  # 3 is not shown; 0 singles out nobody
    assert chart.description == (
        f"{quarters[0].label}: Geplaatst 12, Beantwoord 6; "
        f"{quarters[1].label}: Geplaatst minder dan 5, Beantwoord 0."
    )
    only_shares = R.Blok("x", "X", [share[0]])
    with app.test_request_context():
        assert _trend_grafiek(only_shares, [share], quarters) is None


def test_recent_quarters_cross_the_year():
    found = R.recent_quarters(3, today=date(Y, 2, 10))
    assert [(p.jaar, p.kwartaal) for p in found] == [(Y - 1, 3), (Y - 1, 4), (Y, 1)]


def test_reach_per_1000_inhabitants_with_small_cells(app, ideas_fixture, tmp_path, monkeypatch):
    population = tmp_path / "inwoners.csv"
    population.write_text(
        "# bron: Testcijfers.\n# jaar: 2025\n# officieel: ja\n"
        "wijk;stadsdeel;inwoners\nWijk A;Oost;2000\nWijk B;West;1000\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(app.config, "RESULTATEN_INWONERS_CSV", str(population))
    with current_app.test_request_context():
        reach = R.compute(R.Periode(Y), fresh=True).bereik
    assert (
        reach is not None and reach.bevolking.bron == "Testcijfers." and reach.bevolking.officieel
    )
    rows = {r.wijk: r for r in reach.rijen}
    # Wijk A: 7 authors of ideas published in 2025 and 6 supporters, all different people.
    assert rows["Wijk A"].deelnemers == 13 and rows["Wijk A"].per_1000 == pytest.approx(6.5)
    assert rows["Wijk A"].per_1000_getoond == "6,5" and not rows["Wijk A"].weinig
    # Wijk B: 2 authors: not shown, and under half the city's 5.0 per 1,000.
    assert rows["Wijk B"].deelnemers_getoond == "minder dan 5"
    assert rows["Wijk B"].per_1000 is None and rows["Wijk B"].weinig
    assert reach.stad_per_1000 == pytest.approx(5.0)
    assert [r.wijk for r in reach.rijen] == ["Wijk B", "Wijk A"]  # the least reached first


def test_the_shipped_inhabitants_file_says_it_is_not_official():
    shipped = R.bevolking(None)
    assert not shipped.officieel and "geen officiële cijfers" in shipped.bron
    assert len(shipped.inwoners) >= 30 and all(n > 0 for _s, n in shipped.inwoners.values())


def test_peilingen_closed_in_the_period_and_their_responses(app):
    from open_nijmegen.peilingen.models import Inzending, Peiling

    def peiling(closes: datetime, published: bool = True) -> Peiling:
        row = Peiling(titel="Peiling", opent_op=closes - timedelta(days=30), sluit_op=closes,
                      gepubliceerd_op=closes - timedelta(days=31) if published else None)  # fmt: skip
        db.session.add(row)
        db.session.flush()
        return row

    a, b = peiling(at(3, 1)), peiling(at(9, 1))
    concept = peiling(at(5, 1), published=False)
    last_year = peiling(datetime(Y - 1, 6, 1, tzinfo=UTC))
    n = iter(range(1000))
    for target, done, open_ in ((a, 4, 1), (b, 3, 0), (concept, 2, 0), (last_year, 5, 0)):
        for i in range(done + open_):
            db.session.add(Inzending(sleutel=f"s{next(n)}", peiling_id=target.id,
                                     dag=date(Y, 1, 1), af=i < done))  # fmt: skip
    db.session.commit()
    f = _figures(R.Periode(Y))["peilingen"]
    assert f["gehouden"].waarde == 2
    assert f["antwoorden"].waarde == 7  # 4 + 3 finished; the one saved for later does not count
    assert _figures(R.Periode(Y, 1))["peilingen"]["antwoorden"].waarde == 4
