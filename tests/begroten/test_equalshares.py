"""The fast count (float search for the add1 round, then one exact pabutools round) gives
the same result as pabutools counting every add1 round in exact fractions (gmpy2)."""

from __future__ import annotations

import logging
import random

import pytest

from open_nijmegen.begroten import counting, equalshares
from open_nijmegen.begroten.counting import PlanInput, count


def _instance(seed: int) -> tuple[list[PlanInput], list[tuple[list[int], bool]], int]:
    rng = random.Random(seed)
    n_plans = rng.randint(2, 9)
    # Few distinct costs and few distinct ballots: many exact ties between plans.
    costs = rng.choice(
        [[10_000, 20_000, 30_000], [5_000, 7_500], list(range(1_000, 90_000, 3_700))]
    )
    plans = [
        PlanInput(i, rng.choice(costs), f"Plan {i}") for i in rng.sample(range(1, 40), n_plans)
    ]
    ids = [p.id for p in plans]
    kinds = [
        sorted(rng.sample(ids, rng.randint(1, min(4, n_plans)))) for _ in range(rng.randint(1, 6))
    ]
    ballots = [(list(rng.choice(kinds)), rng.random() < 0.1) for _ in range(rng.randint(1, 80))]
    budget = rng.choice([20_000, 50_000, 60_000, 100_000, 123_457])
    return plans, ballots, budget


@pytest.mark.parametrize("seed", range(120))
def test_fast_count_equals_exact_pabutools(seed, monkeypatch):
    plans, ballots, budget = _instance(seed)
    exact = count(plans, ballots, budget, exact=True).as_dict()
    # The fast way must not need the slow fallback on these instances.
    monkeypatch.setattr(counting, "method_of_equal_shares", _no_fallback)
    assert count(plans, ballots, budget).as_dict() == exact


def _no_fallback(*args, **kwargs):
    raise AssertionError("the fast count fell back to counting every round")


def test_identical_ballots_are_counted_together_and_add1_adds_rounds():
    plans = [PlanInput(1, 50_000), PlanInput(2, 20_000), PlanInput(3, 25_000)]
    ballots = [[1, 2]] * 60 + [[3]] * 40
    groups = equalshares.make_groups([p.id for p in plans], [p.cost for p in plans], ballots)
    assert len(groups.multiplicity) == 2
    # With EUR 1,000 each the 60 buy plan 2 and the 40 plan 3 (EUR 45,000 spent); plan 1
    # still fits, but the 60 have only EUR 40,000 left. They need EUR 70,000 / 60 = 1,166.67
    # each: 167 rounds of one euro more.
    assert equalshares.add1_round(groups, 100_000) == 167
    result = count(plans, [(b, False) for b in ballots], 100_000)
    assert sorted(result.winnaars) == [1, 2, 3] and result.per_kiezer == 1_167
    # The seeded instances above cover both: rounds added and plain equal shares kept.
    found = set()
    for seed in range(120):
        plans, cast, budget = _instance(seed)
        g = equalshares.make_groups(
            [p.id for p in plans], [p.cost for p in plans], [b for b, _ in cast]
        )
        found.add(equalshares.add1_round(g, budget) > 0)
    assert found == {True, False}


def test_a_wrong_float_search_falls_back_to_the_exact_count(monkeypatch, caplog):
    plans, ballots, budget = _instance(3)
    exact = count(plans, ballots, budget, exact=True).as_dict()
    monkeypatch.setattr(equalshares, "run_round", lambda groups, per_voter: [])
    with caplog.at_level(logging.WARNING, logger="open_nijmegen.begroten.counting"):
        assert count(plans, ballots, budget).as_dict() == exact
    assert "counting every round" in caplog.text
