"""The results are counted in the database (peilingen.telling: one grouped query over the
answers, none of the responses loaded into Python) and give exactly the figures of counting
every response one by one: counts, shares, weighted shares (raking weights depend only on the
wijk and age group), averages and medians, on SQLite and PostgreSQL."""

from __future__ import annotations

import math
import random
import statistics
from datetime import date

import pytest
import sqlalchemy as sa
from peilingen.factories import make_peiling, q, set_state

from open_nijmegen.extensions import db
from open_nijmegen.peilingen import bevolking, uitslag
from open_nijmegen.peilingen.models import Inzending, Soort, Staat
from open_nijmegen.peilingen.weging import rake


def _seed(n=400, seed=18):
    peiling = make_peiling(staat=Staat.GESLOTEN, wegen=True)
    v = q(peiling)
    rng = random.Random(seed)
    for i in range(n):
        ans = {str(v["vervoer"].id): rng.choice(v["vervoer"].opties).id}
        if rng.random() < 0.9:
            k = rng.randint(1, 2)
            ans[str(v["wensen"].id)] = sorted(o.id for o in rng.sample(v["wensen"].opties, k))
        ans[str(v["tevreden"].id)] = rng.randint(1, 5)
        order = [o.id for o in v["volgorde"].opties]
        rng.shuffle(order)
        ans[str(v["volgorde"].id)] = order
        if rng.random() < 0.8:
            ans[str(v["kind"].id)] = rng.randint(0, 18)
        if ans[str(v["vervoer"].id)] == v["vervoer"].opties[1].id:
            ans[str(v["bus"].id)] = rng.choice(v["bus"].opties).id
        db.session.add(
            Inzending(
                sleutel=f"t-{peiling.id}-{i}",
                peiling_id=peiling.id,
                dag=date(2026, 1, 1),
                af=i % 50 != 0,  # a few saved for later: not counted
                antwoorden=ans,
                # every wijk and age group, skewed; one in twenty without
                wijk=None if i % 20 == 7 else bevolking.WIJKEN[(i // 3) % 9 if i % 3 else 1],
                leeftijd=bevolking.LEEFTIJDEN[(i // 9) % 4 if i % 4 else 3],
            )
        )
    db.session.commit()
    set_state(peiling, Staat.GESLOTEN)
    return peiling


def _by_hand(peiling):
    """Every response one by one (the way the results were computed before)."""
    rows = [
        (dict(a), w, age)
        for a, w, age in db.session.execute(
            sa.select(Inzending.antwoorden, Inzending.wijk, Inzending.leeftijd).where(
                Inzending.peiling_id == peiling.id, Inzending.af.is_(True)
            )
        )
    ]
    idx = [i for i, (_a, w, age) in enumerate(rows) if w and age]
    found = rake(
        [{"wijk": rows[i][1], "leeftijd": rows[i][2]} for i in idx],
        bevolking.marges(peiling.marges),
    )
    weights = dict(zip(idx, found, strict=True))
    return rows, weights


@pytest.mark.parametrize("seed", [18, 19])
def test_the_counts_in_the_database_equal_counting_every_response(app, seed):
    peiling = _seed(seed=seed)
    result = uitslag.bereken(peiling, fresh=True)
    rows, weights = _by_hand(peiling)
    assert result.n == len(rows) == 392
    assert result.weging.gelukt and result.weging.n == len(weights)
    checked = 0
    for r in result.vragen:
        key = str(r.vraag.id)
        mine = [(i, row[0][key]) for i, row in enumerate(rows) if key in row[0]]
        assert r.n == len(mine) or r.na_verborgen
        if r.vraag.soort == Soort.GETAL:
            values = [float(a) for _i, a in mine]
            assert r.gemiddelde == pytest.approx(statistics.fmean(values), rel=1e-12)
            assert r.mediaan == statistics.median(values)
            checked += 1
            continue
        if r.vraag.soort == Soort.SCHAAL and r.gemiddelde is not None:
            assert r.gemiddelde == pytest.approx(statistics.fmean(a for _i, a in mine), rel=1e-12)
        wsum = math.fsum(weights[i] for i, _a in mine if i in weights)
        cats = (
            list(range(1, 6)) if r.vraag.soort == Soort.SCHAAL else [o.id for o in r.vraag.opties]
        )
        for regel, cat in zip(r.regels, cats, strict=True):

            def has(a, cat=cat, soort=r.vraag.soort):
                if soort == Soort.MEER:
                    return cat in a
                if soort == Soort.RANGORDE:
                    return a[0] == cat
                return a == cat

            count = sum(1 for _i, a in mine if has(a))
            if regel.aantal is None:
                assert regel.verborgen
                continue
            assert regel.aantal == count
            assert regel.procent == pytest.approx(count / len(mine) * 100, rel=1e-12)
            share = math.fsum(weights[i] for i, a in mine if i in weights and has(a)) / wsum
            assert regel.gewogen == pytest.approx(share * 100, rel=1e-9)
            checked += 1
    assert checked > 15


def test_no_response_is_loaded_into_python(app):
    peiling = _seed(n=60)
    statements = []

    def note(_conn, _cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        uitslag.bereken(peiling, fresh=True)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    reading = [s for s in statements if "antwoorden" in s and "peiling_inzending" in s]
    assert reading and all("json_each" in s and "GROUP BY" in s for s in reading)
