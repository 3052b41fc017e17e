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
