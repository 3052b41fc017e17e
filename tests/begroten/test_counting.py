"""Counting: equal shares (add1) through pabutools beside greedy, the reasons per plan, the
anonymous .pb file and its recount (``flask begroten verify``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from open_nijmegen.begroten.counting import (
    GEEN_STEMMEN,
    GEKOZEN_GELIJKE_DELEN,
    TE_DUUR_VOOR_KIEZERS,
    PlanInput,
    count,
    greedy_count,
    pabulib_text,
    verify_text,
)

PLANS = [
    PlanInput(1, 60_000, "Groot plein"),
    PlanInput(2, 40_000, "Speeltuin"),
    PlanInput(3, 30_000, "Bankjes"),
    PlanInput(4, 10_000, "Bloemen"),
]


def _ballots():
    # 60 voters want the big square and the playground; 40 want benches and flowers.
    return [([1, 2], False)] * 60 + [([3, 4], i % 4 == 0) for i in range(40)]


def test_greedy_gives_the_majority_everything():
    votes = {1: 60, 2: 60, 3: 40, 4: 40}
    assert greedy_count(PLANS, votes, 100_000) == [2, 1]


def test_equal_shares_gives_the_minority_its_share():
    result = count(PLANS, _ballots(), 100_000)
    assert sorted(result.greedy) == [1, 2]
    # 40% of the voters get about 40% of the money: benches and flowers.
    assert 3 in result.winnaars and 4 in result.winnaars
    assert result.budget_gebruikt <= 100_000
    assert result.stembiljetten == 100 and result.papier == 10
    assert result.per_plan[3]["reden"] == GEKOZEN_GELIJKE_DELEN
    assert result.per_plan[3]["betalers"] == 40
    lost = [i for i in (1, 2) if i not in result.winnaars]
    assert lost and result.per_plan[lost[0]]["reden"] == TE_DUUR_VOOR_KIEZERS


def test_a_plan_nobody_chose():
    plans = PLANS + [PlanInput(5, 1_000, "Niemand")]
    result = count(plans, _ballots(), 100_000)
    assert result.per_plan[5]["reden"] == GEEN_STEMMEN and 5 not in result.winnaars


def test_no_ballots_no_winners():
    result = count(PLANS, [], 100_000)
    assert result.winnaars == [] and result.budget_gebruikt == 0


def _file(ballots=None):
    ballots = ballots or _ballots()
    result = count(PLANS, ballots, 100_000)
    return pabulib_text(
        PLANS,
        ballots,
        100_000,
        result,
        description="Test; met puntkomma",
        district="Lindenholt",
        stemwijze="budget",
        max_keuzes=None,
        date_begin=datetime(2026, 5, 1, tzinfo=UTC),
        date_end=datetime(2026, 6, 1, tzinfo=UTC),
    )


def test_the_file_has_no_person_data_and_recounts_ok():
    text = _file()
    assert "VOTES\nvoter_id;voting_method;vote\n" in text
    assert "Test, met puntkomma" in text  # no field separator inside a value
    checks = verify_text(text)
    assert checks and all(ok for ok, _line in checks), checks


def test_a_changed_file_fails_the_recount():
    text = _file()
    # Flip "selected" of the first plan: the published winners no longer follow.
    line = next(x for x in text.splitlines() if x.startswith("1;60000;"))
    flipped = line[:-1] + ("0" if line.endswith("1") else "1")
    tampered = text.replace(line, flipped)
    assert tampered != text
    checks = verify_text(tampered)
    assert not all(ok for ok, _line in checks)
    assert not verify_text("dit is geen pabulib")[0][0]


def test_verify_cli_prints_ok_and_fout(app, tmp_path):
    good = tmp_path / "goed.pb"
    good.write_text(_file(), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["begroten", "verify", str(good)])
    assert result.exit_code == 0, result.output
    assert "FOUT" not in result.output and result.output.count("OK") >= 5
    assert hashlib.sha256(good.read_bytes()).hexdigest() in result.output
    bad = tmp_path / "fout.pb"
    text = _file()
    line = next(x for x in text.splitlines() if x.startswith("4;10000;"))
    bad.write_text(text.replace(line, line[:-1] + "0"), encoding="utf-8")
    result = runner.invoke(args=["begroten", "verify", str(bad)])
    assert result.exit_code == 1 and "FOUT" in result.output
    # --exact: pabutools counts every add1 round itself; the same verdicts.
    result = runner.invoke(args=["begroten", "verify", "--exact", str(good)])
    assert result.exit_code == 0 and "FOUT" not in result.output, result.output
    result = runner.invoke(args=["begroten", "verify", "--exact", str(bad)])
    assert result.exit_code == 1 and "FOUT" in result.output
