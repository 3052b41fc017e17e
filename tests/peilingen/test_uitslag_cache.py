"""The results of a peiling are kept per process (uitslag.bereken): computed once, again as
soon as the number of finished responses, the questions or the weighting figures change, and
after TTL seconds; open answers are read fresh every time."""

from __future__ import annotations

from datetime import date

from peilingen.factories import make_peiling, q

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import uitslag
from open_nijmegen.peilingen.models import Beoordeling, Inzending, OpenAntwoord, Staat


def _add(peiling, n, optie=0, start=0):
    vraag = q(peiling)["vervoer"]
    rows = []
    for i in range(start, start + n):
        row = Inzending(
            sleutel=f"c-{peiling.id}-{i}",
            peiling_id=peiling.id,
            dag=date(2026, 1, 1),
            af=True,
            antwoorden={str(vraag.id): vraag.opties[optie].id},
        )
        db.session.add(row)
        rows.append(row)
    db.session.commit()
    return rows


def _counting(monkeypatch):
    calls = []
    real = uitslag._bereken

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(uitslag, "_bereken", counted)
    return calls


def test_kept_until_something_changes(app, monkeypatch):
    peiling = make_peiling(staat=Staat.GESLOTEN)
    rows = _add(peiling, 6)
    calls = _counting(monkeypatch)
    first = uitslag.bereken(peiling)
    again = uitslag.bereken(peiling)
    assert len(calls) == 1 and again.n == first.n == 6
    assert again.vragen[0].vraag is q(peiling)["vervoer"]  # this session's objects
    _add(peiling, 1, start=6)  # a new response: at once
    assert uitslag.bereken(peiling).n == 7 and len(calls) == 2
    q(peiling)["vervoer"].opties[0].tekst = "Met de fiets"  # a typo corrected: at once
    db.session.commit()
    assert uitslag.bereken(peiling).vragen[0].regels[0].label == "Met de fiets"
    assert len(calls) == 3
    # A changed answer keeps the count: kept until TTL, then computed again.
    rows[0].antwoorden = {str(q(peiling)["vervoer"].id): q(peiling)["vervoer"].opties[1].id}
    db.session.commit()
    assert uitslag.bereken(peiling).vragen[0].regels[0].aantal == 7
    monkeypatch.setattr(uitslag, "TTL", 0.0)
    # 6 by bike and 1 by bus now: the bus is hidden, and the bike with it (7 - 6 gives 1).
    assert uitslag.bereken(peiling).vragen[0].regels[0].aantal is None
    assert uitslag.bereken(peiling, fresh=True).vragen[0].regels[1].verborgen == uitslag.KLEIN


def test_open_answers_are_read_fresh(app):
    peiling = make_peiling(staat=Staat.GESLOTEN)
    rows = _add(peiling, 6)
    idee = q(peiling)["idee"]
    rows[0].open_antwoorden.append(OpenAntwoord(vraag_id=idee.id, tekst="Meer bankjes."))
    db.session.commit()
    found = {r.vraag.id: r for r in uitslag.bereken(peiling).vragen}
    assert found[idee.id].open_teksten == []
    answer = db.session.scalars(db.select(OpenAntwoord)).one()
    answer.beoordeling = Beoordeling.GOED
    db.session.commit()
    found = {r.vraag.id: r for r in uitslag.bereken(peiling).vragen}
    assert found[idee.id].open_teksten == ["Meer bankjes."]
