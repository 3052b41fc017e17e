"""Leximin on HiGHS (open_nijmegen.inwonersberaad.loting.leximin): on seeded random pools its
sorted probability vector is lexicographically at least maximin's, every panel meets the
quotas, and the record of ``flask loting trek --methode leximin`` verifies."""

from __future__ import annotations

import json
import math

import pytest

from open_nijmegen.inwonersberaad.loting import (
    bereken_verdeling,
    parse_input,
    quota_fouten,
    verify,
    voorbeeld_pool,
)

TOL = 1e-4


def _gesorteerd(verdeling, invoer) -> list[float]:
    return sorted(verdeling.kans_per_persoon(list(invoer.personen)).values())


def _lex_vergelijk(a: list[float], b: list[float]) -> int:
    """1 if a > b lexicographically (differences below TOL count as equal), -1 if less, 0 equal."""
    for x, y in zip(a, b, strict=True):
        if abs(x - y) > TOL:
            return 1 if x > y else -1
    return 0


@pytest.mark.parametrize(("n", "panel", "seed"), [(50, 8, 3), (60, 8, 11)])
def test_leximin_is_lexicographically_at_least_maximin(n, panel, seed):
    people, quotas = voorbeeld_pool(n, seed, panel)
    invoer = parse_input(people, quotas, panel_size=panel)
    maximin = bereken_verdeling(invoer, panel, "maximin")
    leximin = bereken_verdeling(invoer, panel, "leximin")
    assert leximin.algoritme == "leximin"
    for panel_ids in leximin.panels:
        assert len(panel_ids) == panel and not quota_fouten(panel_ids, invoer)
    assert math.isclose(math.fsum(leximin.kansen), 1.0, abs_tol=1e-9)
    lex, mm = _gesorteerd(leximin, invoer), _gesorteerd(maximin, invoer)
    assert math.isclose(math.fsum(lex), panel, abs_tol=1e-6)
    assert lex[0] >= mm[0] - TOL  # the smallest chance is as good as maximin's
    assert _lex_vergelijk(lex, mm) >= 0, (lex[:10], mm[:10])


def test_leximin_record_from_the_command_verifies(app, tmp_path):
    people, quotas = voorbeeld_pool(50, 3, 8)
    (tmp_path / "p.csv").write_text(people, encoding="utf-8")
    (tmp_path / "q.csv").write_text(quotas, encoding="utf-8")
    p, q, out = (str(tmp_path / n) for n in ("p.csv", "q.csv", "r.json"))
    runner = app.test_cli_runner()
    args = ["loting", "trek", p, q, "--panel", "8", "--reserves", "2", "--methode", "leximin"]
    result = runner.invoke(args=[*args, "--seed", "77", "--out", out])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as handle:
        record = json.load(handle)
    assert record["algorithm"]["name"] == "leximin" and record["algorithm"]["solver"] == "highspy"
    assert verify(people, quotas, record).ok
    checked = runner.invoke(args=["loting", "verify", p, q, out])
    assert checked.exit_code == 0 and "alles klopt" in checked.output


def test_leximin_with_infeasible_quotas_gives_the_b1_advice():
    from open_nijmegen.inwonersberaad.loting import LotingInvoerFout

    # Each feature is fine on its own, but 3 women bring 3 people from Lent (max 1).
    people = "id,gender,wijk\n" + "".join(f"v{i},vrouw,Lent\nm{i},man,Hees\n" for i in range(10))
    quotas = (
        "kenmerk,waarde,min,max\ngender,vrouw,3,4\ngender,man,0,4\nwijk,Lent,0,1\nwijk,Hees,3,4\n"
    )
    invoer = parse_input(people, quotas, panel_size=4)
    with pytest.raises(LotingInvoerFout) as info:
        bereken_verdeling(invoer, 4, "leximin")
    assert "De quota zijn samen niet haalbaar" in info.value.errors[0]


def test_leximin_gives_zero_to_who_fits_no_panel():
    # p4 is the only '65+'; the max for '65+' is 0, so p4 fits no panel and gets chance 0.
    people = "id,leeftijd\np1,jong\np2,jong\np3,jong\np4,oud\n"
    quotas = "kenmerk,waarde,min,max\nleeftijd,jong,2,2\nleeftijd,oud,0,0\n"
    invoer = parse_input(people, quotas, panel_size=2)
    kansen = bereken_verdeling(invoer, 2, "leximin").kans_per_persoon(list(invoer.personen))
    assert kansen["p4"] == 0
    for pid in ("p1", "p2", "p3"):
        assert math.isclose(kansen[pid], 2 / 3, abs_tol=TOL)


def test_people_of_one_type_get_the_same_chance_and_five_features_stay_at_least_maximin():
    # Five features (as the bench): the level loop fixes whole types (people with the same
    # value on every feature), so two people of one type get the same chance; the sorted
    # vector stays lexicographically at least maximin's.
    people, quotas = voorbeeld_pool(150, 5, 20, kenmerken=5)
    invoer = parse_input(people, quotas, panel_size=20)
    leximin = bereken_verdeling(invoer, 20, "leximin")
    maximin = bereken_verdeling(invoer, 20, "maximin")
    kansen = leximin.kans_per_persoon(list(invoer.personen))
    per_type: dict[tuple, list[float]] = {}
    for pid, waarden in invoer.personen.items():
        per_type.setdefault(tuple(sorted(waarden.items())), []).append(kansen[pid])
    assert any(len(k) > 1 for k in per_type.values())
    for groep in per_type.values():
        assert max(groep) - min(groep) <= TOL, groep
    for panel_ids in leximin.panels:
        assert not quota_fouten(panel_ids, invoer)
    lex, mm = _gesorteerd(leximin, invoer), _gesorteerd(maximin, invoer)
    assert lex[0] >= mm[0] - TOL
    assert _lex_vergelijk(lex, mm) >= 0, (lex[:10], mm[:10])


def test_the_library_sets_an_objective_without_solving_twice():
    from sortition_algorithms.committee_generation.solver import (
        SolverSense,
        SolverStatus,
        create_solver,
    )

    from open_nijmegen.inwonersberaad.loting.solving import _doel_zonder_oplossen

    _doel_zonder_oplossen()
    _doel_zonder_oplossen()  # once is enough; a second call changes nothing
    solver = create_solver("highspy")
    x = solver.add_binary_var()
    y = solver.add_binary_var()
    solver.add_constr(x + y <= 1)
    solver.set_objective(2 * x + y, SolverSense.MAXIMIZE)
    highs = solver._h  # type: ignore[attr-defined]
    assert highs.getModelStatus() == highs.getModelStatus().__class__.kNotset  # not solved yet
    assert solver.optimize() == SolverStatus.OPTIMAL
    assert solver.get_value(x) == 1 and solver.get_objective_value() == 2
    solver.set_objective(x + 3 * y, SolverSense.MAXIMIZE)
    assert solver.optimize() == SolverStatus.OPTIMAL and solver.get_value(y) == 1


def _leximin_door_opsommen(invoer, k: int) -> list[float]:
    """The textbook leximin over every panel of a tiny pool, without duals: per level the
    largest z with the chances fixed so far; then every free person whose chance cannot go
    above z (their own LP) is fixed at z. Independent of the column generation under test."""
    import itertools

    import highspy
    import numpy as np

    ids = list(invoer.personen)
    panels = [set(p) for p in itertools.combinations(ids, k) if not quota_fouten(list(p), invoer)]
    a = np.array([[1.0 if pid in p else 0.0 for p in panels] for pid in ids])
    vast: dict[int, float] = {}

    def los_op(doel: np.ndarray, z: float | None) -> tuple[float, np.ndarray]:
        # columns: x_P ..., z; maximise doel
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        m = len(panels)
        h.addVars(m + 1, np.zeros(m + 1), np.array([1.0] * m + [1.0]))
        h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), -doel)
        h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
        for i in range(len(ids)):
            rij = np.append(a[i], 0.0 if i in vast else -1.0)
            onder = vast.get(i, 0.0) - 1e-9 if i in vast else 0.0
            nz = np.nonzero(rij)[0].astype(np.int32)
            h.addRow(onder, highspy.kHighsInf, len(nz), nz, rij[nz])
        if z is not None:
            h.changeColBounds(m, z - 1e-9, z - 1e-9)
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        x = np.array(h.getSolution().col_value)
        return float(doel @ x), x

    while len(vast) < len(ids):
        doel = np.zeros(len(panels) + 1)
        doel[-1] = 1.0
        z, _x = los_op(doel, None)
        nieuw = []
        for i in range(len(ids)):
            if i in vast:
                continue
            eigen = np.append(a[i], 0.0)
            beste, _x = los_op(eigen, z)
            if beste <= z + 1e-7:
                nieuw.append(i)
        assert nieuw
        for i in nieuw:
            vast[i] = z
    return sorted(vast.values())


@pytest.mark.parametrize("seed", range(6))
def test_leximin_per_type_equals_leximin_over_every_panel(seed):
    # Tiny random pools (9 people, 2 features, types of 1 to 4 people, random quotas): the
    # column generation over types gives the same sorted chances as leximin over every panel.
    import random

    rng = random.Random(seed)
    k = rng.choice((3, 4))
    regels = ["id,leeftijd,wijk"]
    for n in range(9):
        regels.append(f"p{n},{rng.choice(['jong', 'oud'])},{rng.choice(['oost', 'west', 'zuid'])}")
    people = "\n".join(regels) + "\n"
    quota = ["kenmerk,waarde,min,max"]
    for kenmerk, waarden in (("leeftijd", ("jong", "oud")), ("wijk", ("oost", "west", "zuid"))):
        for waarde in waarden:
            laag = rng.choice((0, 0, 1))
            quota.append(f"{kenmerk},{waarde},{laag},{laag + rng.choice((1, 2, 3))}")
    quotas = "\n".join(quota) + "\n"
    invoer = parse_input(people, quotas, panel_size=k)
    verdeling = bereken_verdeling(invoer, k, "leximin")
    for panel_ids in verdeling.panels:
        assert len(panel_ids) == k and not quota_fouten(panel_ids, invoer)
    verwacht = _leximin_door_opsommen(invoer, k)
    gekregen = _gesorteerd(verdeling, invoer)
    assert gekregen == pytest.approx(verwacht, abs=1e-6), (gekregen, verwacht)
