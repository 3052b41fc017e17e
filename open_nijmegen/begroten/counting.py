"""Counting: the Method of Equal Shares with the "add1" completion, through ``pabutools``,
with the greedy count ("most votes first") beside it, and the anonymous pabulib file.

Equal shares (Peters, Pierczyński, Skowron 2021): every voter gets an equal part of the
budget. A plan is bought when the voters who chose it can pay for it together; the plan that
costs its supporters the least per euro of satisfaction goes first. Satisfaction is "cost"
(``Cost_Sat``: a voter is as happy as the euros spent on plans they chose).

Equal shares alone can leave money unspent. The completion rule "add1" (used in Wieliczka
and Aarau, and on equalshares.net) gives every voter one euro more and counts again, as long
as the outcome still fits the real budget; the last outcome that fits is kept. What is then
still left is filled with the plans with the most votes that still fit ("greedy completion"),
so no money stays unused when a plan still fits.

Greedy ("meeste stemmen"), as most cities count, takes the plans with the most votes first
and skips what no longer fits. Both are computed; the page shows where they differ.

A ballot from a knapsack vote ("kies plannen binnen het budget") counts as approval of every
plan on it, as in Wieliczka and Assen.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pabutools.election import (
    ApprovalBallot,
    ApprovalMultiProfile,
    ApprovalProfile,
    Cost_Sat,
    Instance,
    Project,
)
from pabutools.election.pabulib import election_as_pabulib_string, parse_pabulib_from_string
from pabutools.fractions import frac
from pabutools.rules import BudgetAllocation, method_of_equal_shares
from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme
from pabutools.tiebreaking import lexico_tie_breaking

from open_nijmegen.begroten import equalshares

log = logging.getLogger(__name__)

RULE_MES = "equalshares/add1/greedy"
RULE_GREEDY = "greedy"

# Why a plan won or not: codes stored in the result, B1 sentences on the page (views).
GEKOZEN_GELIJKE_DELEN = "gekozen_gelijke_delen"
GEKOZEN_AANVULLING = "gekozen_aanvulling"
GEKOZEN_MEESTE_STEMMEN = "gekozen_meeste_stemmen"
TE_DUUR_VOOR_KIEZERS = "te_duur_voor_kiezers"
PAST_NIET = "past_niet"
GEEN_STEMMEN = "geen_stemmen"


@dataclass(frozen=True)
class PlanInput:
    id: int
    cost: int
    name: str = ""


@dataclass
class Count:
    """The outcome of one count (JSON-safe through ``as_dict``)."""

    rule: str
    budget: int
    winnaars: list[int]
    greedy: list[int]
    per_plan: dict[int, dict[str, Any]] = field(default_factory=dict)
    stembiljetten: int = 0
    papier: int = 0
    budget_gebruikt: int = 0
    budget_greedy: int = 0
    per_kiezer: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "budget": self.budget,
            "winnaars": self.winnaars,
            "greedy": self.greedy,
            "per_plan": {str(k): v for k, v in self.per_plan.items()},
            "stembiljetten": self.stembiljetten,
            "papier": self.papier,
            "budget_gebruikt": self.budget_gebruikt,
            "budget_greedy": self.budget_greedy,
            "per_kiezer": self.per_kiezer,
        }


def greedy_count(plans: Sequence[PlanInput], votes: dict[int, int], budget: int) -> list[int]:
    """Most votes first (ties: the cheaper, then the lower id); skip what does not fit."""
    chosen: list[int] = []
    left = budget
    for plan in sorted(plans, key=lambda p: (-votes.get(p.id, 0), p.cost, p.id)):
        if votes.get(plan.id, 0) > 0 and plan.cost <= left:
            chosen.append(plan.id)
            left -= plan.cost
    return chosen


def _election(
    plans: Sequence[PlanInput], ballots: Sequence[tuple[list[int], bool]], budget: int
) -> tuple[Instance, ApprovalProfile, dict[int, Project]]:
    projects = {p.id: Project(str(p.id), p.cost) for p in plans}
    instance = Instance(projects.values(), budget_limit=budget)
    for plan in plans:
        instance.project_meta[projects[plan.id]] = {"name": _clean(plan.name)}
    profile = ApprovalProfile(instance=instance)
    for index, (choice, paper) in enumerate(ballots):
        ballot = ApprovalBallot(
            (projects[i] for i in choice if i in projects),
            meta={"voter_id": str(index + 1), "voting_method": "paper" if paper else "internet"},
        )
        profile.append(ballot)
    return instance, profile, projects


def _clean(text: str) -> str:
    """A plan name as one pabulib field: no separators, no line breaks."""
    return " ".join(str(text).replace(";", ",").split())[:120]


def _equal_shares_add1(
    plans: Sequence[PlanInput],
    ballots: Sequence[tuple[list[int], bool]],
    budget: int,
    instance: Instance,
    multi: ApprovalMultiProfile,
    sat_profile: Any,
    exact: bool,
) -> BudgetAllocation:
    """Equal shares with add1, as ``method_of_equal_shares(..., voter_budget_increment=1)``.

    Fast way (the default): ``equalshares.add1_round`` finds in floats which round add1
    keeps; pabutools then counts that one round in exact fractions, with its analytics.
    When the float search and pabutools do not choose the same plans (this should never
    happen), or with ``exact=True``, pabutools runs every round itself (slow: minutes for
    20,000 ballots)."""
    if not exact:
        groups = equalshares.make_groups(
            [p.id for p in plans], [p.cost for p in plans], [c for c, _paper in ballots]
        )
        extra = equalshares.add1_round(groups, budget)
        if extra < 0:
            return BudgetAllocation()
        fast = [plans[j].id for j in equalshares.run_round(groups, budget / len(ballots) + extra)]
        outcome = method_of_equal_shares_scheme(
            instance,
            multi,
            sat_profile,
            frac(budget, multi.num_ballots()) + extra,
            BudgetAllocation(),
            lexico_tie_breaking,
            resoluteness=True,
            voter_budget_increment=None,
            binary_sat=True,
            analytics=True,
        )
        if [int(p.name) for p in outcome] == fast and instance.is_feasible(outcome):
            return outcome
        log.warning("begroten: float search and exact count differ; counting every round")
    return method_of_equal_shares(
        instance, multi, sat_profile=sat_profile, voter_budget_increment=1, analytics=True
    )


def count(
    plans: Sequence[PlanInput],
    ballots: Sequence[tuple[list[int], bool]],
    budget: int,
    *,
    exact: bool = False,
) -> Count:
    """Count ``ballots`` (each: the chosen plan ids, from paper or not) for ``plans``.
    ``exact=True``: pabutools counts every add1 round itself (slow; the tests compare)."""
    votes = {p.id: 0 for p in plans}
    for choice, _paper in ballots:
        for plan_id in choice:
            if plan_id in votes:
                votes[plan_id] += 1
    by_id = {p.id: p for p in plans}
    greedy = greedy_count(plans, votes, budget)
    result = Count(
        rule=RULE_MES,
        budget=budget,
        winnaars=[],
        greedy=greedy,
        stembiljetten=len(ballots),
        papier=sum(1 for _c, paper in ballots if paper),
        budget_greedy=sum(by_id[i].cost for i in greedy),
    )
    mes_order: list[int] = []
    payers: dict[int, int] = {}
    remaining: dict[int, float] = {}
    if ballots and plans:
        instance, profile, projects = _election(plans, ballots, budget)
        multi = ApprovalMultiProfile(profile=profile)
        sat_profile = multi.as_sat_profile(Cost_Sat)
        outcome = _equal_shares_add1(plans, ballots, budget, instance, multi, sat_profile, exact)
        mes_order = [int(p.name) for p in outcome]
        if outcome.details is not None:
            payers, remaining, result.per_kiezer = _explain(outcome, sat_profile, by_id)
    # add1, then fill what is left with the most votes that still fit
    left = budget - sum(by_id[i].cost for i in mes_order)
    filled = []
    for plan in sorted(plans, key=lambda p: (-votes[p.id], p.cost, p.id)):
        if plan.id not in mes_order and votes[plan.id] > 0 and plan.cost <= left:
            filled.append(plan.id)
            left -= plan.cost
    result.winnaars = mes_order + filled
    result.budget_gebruikt = budget - left
    won = set(result.winnaars)
    for plan in plans:
        if plan.id in mes_order:
            reden = GEKOZEN_GELIJKE_DELEN
        elif plan.id in won:
            reden = GEKOZEN_AANVULLING
        elif votes[plan.id] == 0:
            reden = GEEN_STEMMEN
        elif plan.cost > left and remaining.get(plan.id, 0.0) >= plan.cost:
            reden = PAST_NIET
        else:
            reden = TE_DUUR_VOOR_KIEZERS
        result.per_plan[plan.id] = {
            "stemmen": votes[plan.id],
            "kosten": plan.cost,
            "gekozen": plan.id in won,
            "greedy": plan.id in set(greedy),
            "betalers": payers.get(plan.id, 0),
            "geld_over": round(remaining.get(plan.id, 0.0)),
            "reden": reden,
        }
    return result


def _explain(
    outcome: Any, sat_profile: Any, by_id: dict[int, PlanInput]
) -> tuple[dict[int, int], dict[int, float], float]:
    """From pabutools' analytics of the kept run: how many voters paid for each plan bought
    with equal shares, and how much money the supporters of every other plan had left."""
    details = outcome.details
    multiplicity = details.voter_multiplicity
    ballots = [sat.ballot for sat in sat_profile]
    payers: dict[int, int] = {}
    per_voter = 0.0
    if details.iterations:
        per_voter = float(details.iterations[0].voters_budget[0])
    last_budgets: Sequence[Any] | None = None
    for iteration in details.iterations:
        selected = getattr(iteration, "selected_project", None)
        after = getattr(iteration, "voters_budget_after_selection", None)
        if selected is not None and after is not None:
            before = iteration.voters_budget
            payers[int(selected.project.name)] = sum(
                multiplicity[i] for i in range(len(before)) if after[i] < before[i]
            )
            last_budgets = after
        else:
            last_budgets = iteration.voters_budget
    remaining: dict[int, float] = {}
    if last_budgets is not None:
        left: dict[int, Any] = dict.fromkeys(by_id, 0)
        for i, ballot in enumerate(ballots):
            money = last_budgets[i] * multiplicity[i]  # exact: summed before rounding
            for name in {p.name for p in ballot}:
                if int(name) in left:
                    left[int(name)] += money
        remaining = {plan_id: float(money) for plan_id, money in left.items()}
    return payers, remaining, per_voter


# -- the anonymous pabulib file ----------------------------------------------------------


def pabulib_text(
    plans: Sequence[PlanInput],
    ballots: Sequence[tuple[list[int], bool]],
    budget: int,
    result: Count,
    *,
    description: str,
    district: str,
    stemwijze: str,
    max_keuzes: int | None,
    date_begin: datetime,
    date_end: datetime,
) -> str:
    """The .pb file: META, PROJECTS (id, cost, votes, name, selected), VOTES in the given
    (random) order with a running number, no person data."""
    instance, profile, projects = _election(plans, ballots, budget)
    instance.meta.update(
        {
            "description": _clean(description),
            "country": "Netherlands",
            "unit": "Nijmegen",
            "subunit": _clean(district),
            "instance": f"begroting-{_clean(description)[:40]}",
            "rule": RULE_MES,
            "date_begin": date_begin.strftime("%d.%m.%Y"),
            "date_end": date_end.strftime("%d.%m.%Y"),
            "language": "nl",
            "currency": "EUR",
            "ballot": "knapsack" if stemwijze == "budget" else "approval",
            "selected_greedy": ",".join(str(i) for i in result.greedy),
        }
    )
    if stemwijze == "budget":
        profile.legal_max_cost = budget
    elif max_keuzes:
        profile.legal_max_length = max_keuzes
    won = set(result.winnaars)
    for plan in plans:
        meta = instance.project_meta[projects[plan.id]]
        meta["votes"] = result.per_plan.get(plan.id, {}).get("stemmen", 0)
        meta["selected"] = 1 if plan.id in won else 0
    return election_as_pabulib_string(instance, profile)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- recount from a file (flask begroten verify) -------------------------------------------


def verify_text(text: str, *, exact: bool = False) -> list[tuple[bool, str]]:
    """Recount a .pb file with the published method. Every check: (passed, B1 line).
    ``exact``: pabutools counts every add1 round itself (see ``count``)."""
    checks: list[tuple[bool, str]] = []
    try:
        instance, profile = parse_pabulib_from_string(text)
    except Exception as error:  # noqa: BLE001 - any broken file is a FOUT, never a crash
        return [(False, f"Het bestand is geen geldig pabulib-bestand ({type(error).__name__}).")]
    checks.append((True, "Het bestand is een geldig pabulib-bestand."))
    meta = instance.meta
    budget = int(float(instance.budget_limit))
    plans = [
        PlanInput(int(p.name), int(float(p.cost)), instance.project_meta.get(p, {}).get("name", ""))
        for p in instance
    ]
    n_votes = int(meta.get("num_votes", -1))
    checks.append(
        (
            n_votes == len(profile),
            f"Aantal stemmen in META ({n_votes}) is gelijk aan het aantal regels ({len(profile)}).",
        )
    )
    ballots = [
        ([int(p.name) for p in ballot], ballot.meta.get("voting_method") == "paper")
        for ballot in profile
    ]
    costs = {p.id: p.cost for p in plans}
    if meta.get("ballot") == "knapsack":
        too_much = sum(1 for choice, _p in ballots if sum(costs[i] for i in choice) > budget)
        checks.append(
            (too_much == 0, f"Geen stembiljet kost meer dan het budget ({too_much} wel).")
        )
    elif meta.get("max_length"):
        limit = int(meta["max_length"])
        too_many = sum(1 for choice, _p in ballots if len(choice) > limit)
        checks.append(
            (too_many == 0, f"Geen stembiljet heeft meer dan {limit} plannen ({too_many} wel).")
        )
    recount = count(plans, ballots, budget, exact=exact)
    votes_in_file = {
        int(p.name): int(instance.project_meta.get(p, {}).get("votes", -1)) for p in instance
    }
    votes_recount = {i: d["stemmen"] for i, d in recount.per_plan.items()}
    checks.append((votes_in_file == votes_recount, "De stemmen per plan kloppen."))
    selected = sorted(
        int(p.name)
        for p in instance
        if str(instance.project_meta.get(p, {}).get("selected", "0")) in {"1", "1.0"}
    )
    checks.append(
        (
            meta.get("rule") == RULE_MES and selected == sorted(recount.winnaars),
            "Opnieuw geteld met gelijke delen (add1): dezelfde gekozen plannen.",
        )
    )
    greedy_file = sorted(int(i) for i in str(meta.get("selected_greedy", "")).split(",") if i)
    checks.append(
        (
            greedy_file == sorted(recount.greedy),
            "Opnieuw geteld met meeste stemmen: dezelfde plannen.",
        )
    )
    return checks
