"""The uniform final step (issue 19 point 4; Flanigan, Kehne and Procaccia 2021): the
distribution is rounded to M equally likely panels before the seed exists, all M are in the
record, the seed picks panel (seed mod M) + 1, and ``verify`` / ``flask loting verify`` check
all of it. The M panels give everyone their chance of the distribution within 1/M."""

from __future__ import annotations

import copy
import json

import pytest

from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.loting import uniform as U

PANEL = 5


def _within_one_over_m(verdeling: lot.Verdeling, uniform: lot.UniformeLoting, ids) -> None:
    oud = verdeling.kans_per_persoon(ids)
    nieuw = uniform.kans_per_persoon(ids)
    for pid in ids:
        assert abs(nieuw[pid] - oud[pid]) <= 1 / uniform.m + 1e-9, (pid, oud[pid], nieuw[pid])


def test_a_hand_made_distribution_rounds_within_one_over_m():
    # Three panels with awkward chances; every person's chance is a sum of them.
    verdeling = lot.Verdeling.maak(
        "maximin",
        [["a", "b"], ["a", "c"], ["b", "c"], ["c", "d"]],
        [0.37, 0.29, 0.2, 0.14],
    )
    for m in (2, 7, 10, 33):
        uniform = lot.rond_af(verdeling, m)
        assert len(uniform.panels) == m
        assert set(uniform.panels) <= set(verdeling.panels)
        assert list(uniform.panels) == sorted(uniform.panels)
        _within_one_over_m(verdeling, uniform, ["a", "b", "c", "d"])
        assert uniform.max_afwijking <= 1 / m + 1e-9


def test_the_integer_program_does_better_than_plain_rounding():
    # Rounding each panel's M * p on its own (largest remainder) moves someone's chance by
    # more than 1/M here; the integer program finds copies within 1/M.
    panels = ["acd", "cef", "abe", "adf", "abf", "ade", "bcf", "bdf"]
    gewichten = [16, 13, 7, 4, 16, 1, 13, 14]
    verdeling = lot.Verdeling.maak(
        "maximin", [list(p) for p in panels], [g / sum(gewichten) for g in gewichten]
    )
    plain = U.als_lijst(verdeling, U._grootste_rest(verdeling.kansen, 10))
    assert U.afwijking(verdeling, plain, 10) > 1 / 10
    uniform = lot.rond_af(verdeling, 10)
    _within_one_over_m(verdeling, uniform, list("abcdef"))


def test_a_bad_m_is_refused():
    verdeling = lot.Verdeling.maak("maximin", [["a"]], [1.0])
    for m in (1, 0, -3, True, U.MAX_M + 1):
        with pytest.raises(ValueError):
            lot.rond_af(verdeling, m)


@pytest.mark.parametrize("pool_seed,m", [(4, 20), (7, 50)])
def test_the_m_panels_reproduce_the_marginals_and_the_record_verifies(pool_seed, m):
    people, quotas = lot.voorbeeld_pool(30, pool_seed, PANEL)
    invoer = lot.parse_input(people, quotas, panel_size=PANEL, reserves=2)
    verdeling = lot.bereken_verdeling(invoer, PANEL, "maximin")
    uniform = lot.rond_af(verdeling, m)
    _within_one_over_m(verdeling, uniform, list(invoer.personen))
    for panel in uniform.panels:
        assert not lot.quota_fouten(panel, invoer) and len(panel) == PANEL

    seed = 987_654_321
    resultaat = lot.maak_resultaat(invoer, verdeling, PANEL, 2, seed, uniform=uniform)
    record = json.loads(lot.public_json(resultaat.to_public_dict()))
    assert record["draw_method"]["id"] == lot.DRAW_METHOD_UNIFORM
    assert record["uniform"]["m"] == m and len(record["uniform"]["panels"]) == m
    nummer = seed % m + 1
    assert record["uniform"]["panel_number"] == nummer
    assert record["panel"] == record["uniform"]["panels"][nummer - 1]  # by hand
    assert len(record["reserves"]) == 2 and not set(record["reserves"]) & set(record["panel"])
    # The published chances are those of the M panels.
    for pid, kans in record["probabilities"]["per_person"].items():
        assert kans == pytest.approx(sum(pid in p for p in record["uniform"]["panels"]) / m)
    rapport = lot.verify(people, quotas, record)
    assert rapport.ok, rapport.fouten
    assert any(f"Dus is panel {nummer} gekozen" in t for t in rapport.findings)

    # Every forged part of the uniform step is found.
    def vervalst(verander) -> list[str]:
        kopie = copy.deepcopy(record)
        verander(kopie)
        uit = lot.verify(people, quotas, kopie)
        assert not uit.ok
        return uit.fouten

    ander = next(i for i, p in enumerate(record["uniform"]["panels"]) if p != record["panel"])
    vervalst(lambda r: r["uniform"].update(panel_number=ander + 1))
    vervalst(lambda r: r["uniform"].update(m=m + 1))
    vervalst(lambda r: r["uniform"].update(max_deviation=0.0 if uniform.max_afwijking else 0.5))
    vervalst(lambda r: r["uniform"]["panels"].__setitem__(0, r["uniform"]["panels"][-1]))
    vervalst(lambda r: r["uniform"]["panels"][0].__setitem__(0, "iemand-anders"))
    vervalst(lambda r: r.update(reserves=list(reversed(r["reserves"]))))


def test_trek_uniform_on_the_command_line_and_verify(app, tmp_path):
    people, quotas = lot.voorbeeld_pool(30, 4, PANEL)
    (tmp_path / "p.csv").write_text(people, encoding="utf-8")
    (tmp_path / "q.csv").write_text(quotas, encoding="utf-8")
    p, q, out = str(tmp_path / "p.csv"), str(tmp_path / "q.csv"), str(tmp_path / "r.json")
    runner = app.test_cli_runner()
    args = ["loting", "trek", p, q, "--panel", str(PANEL), "--reserves", "1", "--seed", "45"]
    result = runner.invoke(args=[*args, "--uniform", "20", "--out", out])
    assert result.exit_code == 0, result.output
    assert "Uit 20 panels met gelijke kans is panel 6 gekozen" in result.output  # 45 mod 20 = 5
    with open(out, encoding="utf-8") as handle:
        record = json.load(handle)
    assert record["uniform"]["panel_number"] == 6 and len(record["uniform"]["panels"]) == 20
    checked = runner.invoke(args=["loting", "verify", p, q, out])
    assert checked.exit_code == 0 and "FOUT" not in checked.output, checked.output
    for slecht in ("1", "abc", "100001"):
        uit = runner.invoke(args=[*args, "--uniform", slecht, "--out", str(tmp_path / "x.json")])
        assert uit.exit_code == 1 and "Bij --uniform staat" in uit.output
        assert "Traceback" not in uit.output and not (tmp_path / "x.json").exists()


# A pool where copies of the distribution's own panels cannot give everyone their chance within
# 1/M, and the swap of panels (``rond_af(..., invoer=...)``, rounding v2) brings it closer. The
# start is the largest remainder rounding (no time limit). The maximin distribution still
# varies from run to run (the solver), so the test asks what holds on every run.
SWAP_POOL = (120, 2024, 15, 4)  # people, pool seed, seats, features
SWAP_M = 40


@pytest.fixture()
def swap_world():
    from sortition_algorithms.utils import set_random_provider

    set_random_provider(20261204)
    try:
        n, pool_seed, seats, features = SWAP_POOL
        people, quotas = lot.voorbeeld_pool(n, pool_seed, seats, kenmerken=features)
        invoer = lot.parse_input(people, quotas, panel_size=seats)
        verdeling = lot.bereken_verdeling(invoer, seats, "maximin")
        yield people, quotas, invoer, verdeling, seats
    finally:
        set_random_provider(None)


def _kopieen(verdeling, m):
    panels = U.als_lijst(verdeling, U._grootste_rest(verdeling.kansen, m))
    return lot.UniformeLoting(m=m, panels=panels, max_afwijking=U.afwijking(verdeling, panels, m))


def test_larger_pools_need_the_swap_to_stay_within_one_over_m(swap_world):
    people, quotas, invoer, verdeling, seats = swap_world
    alleen_kopieen = _kopieen(verdeling, SWAP_M)
    assert not alleen_kopieen.binnen_een_m, alleen_kopieen.max_afwijking * SWAP_M

    geruild = tuple(U._ruil(verdeling, list(alleen_kopieen.panels), SWAP_M, invoer, seats, 120.0))
    uniform = lot.UniformeLoting(
        m=SWAP_M,
        panels=geruild,
        max_afwijking=U.afwijking(verdeling, geruild, SWAP_M),
        rounding=U.ROUNDING_MET_RUIL,
    )
    # The swap is a local search: it lowers the excess over 1/M, it does not promise to end
    # within 1/M (most runs do; one ended at 1.06/M).
    assert uniform.max_afwijking < alleen_kopieen.max_afwijking
    assert uniform.max_afwijking <= 1.5 / SWAP_M, uniform.max_afwijking * SWAP_M
    assert len(uniform.panels) == SWAP_M and list(uniform.panels) == sorted(uniform.panels)
    for panel in uniform.panels:
        assert len(set(panel)) == seats and not lot.quota_fouten(panel, invoer)
    # rond_af with the pool is never worse than the copies alone.
    met_pool = lot.rond_af(verdeling, SWAP_M, invoer=invoer, panelgrootte=seats)
    assert met_pool.max_afwijking <= alleen_kopieen.max_afwijking

    # The record says rounding v2; verify accepts panels outside the distribution only then,
    # and only when they meet the quotas.
    resultaat = lot.maak_resultaat(invoer, verdeling, seats, 1, 4242, uniform=uniform)
    record = json.loads(lot.public_json(resultaat.to_public_dict()))
    assert record["uniform"]["rounding"] == U.ROUNDING_MET_RUIL
    assert lot.verify(people, quotas, record).ok
    buiten = [p for p in record["uniform"]["panels"] if tuple(p) not in set(verdeling.panels)]
    assert buiten  # the swap really put in panels of its own

    def vervalst(verander) -> list[str]:
        kopie = copy.deepcopy(record)
        verander(kopie)
        uit = lot.verify(people, quotas, kopie)
        assert not uit.ok
        return uit.fouten

    # v1 claims every panel comes from the distribution: not so here.
    fouten = vervalst(lambda r: r["uniform"].update(rounding=U.ROUNDING))
    assert any("staat niet in de verdeling" in f for f in fouten)
    vervalst(lambda r: r["uniform"].update(rounding="iets-anders"))

    # A swapped-in panel that breaks a quota (one member replaced by someone of another kind).
    # Which member can be swapped so depends on the run's panels: try every panel and member.
    def breek(r):
        for n, panel in enumerate(r["uniform"]["panels"]):
            for plek in range(len(panel)):
                rest = panel[:plek] + panel[plek + 1 :]
                for pid in invoer.personen:
                    if pid not in panel:
                        kandidaat = sorted([pid, *rest])
                        if lot.quota_fouten(kandidaat, invoer):
                            r["uniform"]["panels"][n] = kandidaat
                            return
        raise AssertionError("no swap of one member breaks a quota in any panel")

    vervalst(breek)


def test_the_result_page_says_when_it_is_more_than_one_over_m(app, swap_world):
    people, quotas, invoer, verdeling, seats = swap_world
    alleen_kopieen = _kopieen(verdeling, SWAP_M)
    assert not alleen_kopieen.binnen_een_m
    resultaat = lot.maak_resultaat(invoer, verdeling, seats, 0, 77, uniform=alleen_kopieen)
    record = json.loads(lot.public_json(resultaat.to_public_dict()))
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string(
            '{% include "inwonersberaad/beheer/_loting_uitslag.html" %}',
            record=record,
            kenmerken={},
            procent=lot.procent,
        )
    assert f"{SWAP_M} groepen. Groep {77 % SWAP_M + 1} is gekozen" in html
    assert f"Dat is meer dan 1 gedeeld door {SWAP_M}" in html
