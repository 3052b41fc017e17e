"""Permission predicates ``can_<action>(user, obj)``: used by the views and the templates
alike, so a button and its route agree. Deny by default; the phase table is in phases.py."""

from __future__ import annotations

from typing import Any

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.begroten.models import Begroting, Plan, PlanStatus
from open_nijmegen.begroten.phases import Actie, allowed


def is_begroten_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_work_area(WorkArea.BEGROTEN)
    )


def _active_participant(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_confirmed)


def phase_allows(begroting: Begroting, actie: Actie) -> bool:
    return allowed(begroting.fase_op(), actie)


def can_submit(user: Any, begroting: Begroting) -> bool:
    return _active_participant(user) and phase_allows(begroting, Actie.INDIENEN)


def can_react(user: Any, plan: Plan) -> bool:
    return (
        _active_participant(user)
        and plan.status != PlanStatus.SAMENGEVOEGD
        and phase_allows(plan.begroting, Actie.REAGEREN)
    )


def can_follow(user: Any, plan: Plan) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def voting_open(begroting: Begroting) -> bool:
    return begroting.stemlijst_op is not None and phase_allows(begroting, Actie.STEMMEN)


def can_vote(user: Any, begroting: Begroting) -> bool:
    """A confirmed resident while voting is open; the wijk is checked on the ballot itself
    (eligibility.check_voter), because the voter declares it there."""
    return _active_participant(user) and not user.is_staff and voting_open(begroting)


def can_assess(user: Any, begroting: Begroting) -> bool:
    return is_begroten_staff(user) and phase_allows(begroting, Actie.BEOORDELEN)


def can_publish_list(user: Any, begroting: Begroting) -> bool:
    return (
        is_begroten_staff(user)
        and begroting.stemlijst_op is None
        and phase_allows(begroting, Actie.STEMLIJST)
    )


def can_enter_paper(user: Any, begroting: Begroting) -> bool:
    return (
        is_begroten_staff(user)
        and begroting.stemlijst_op is not None
        and begroting.geteld_op is None
        and phase_allows(begroting, Actie.PAPIER)
    )


def can_count(user: Any, begroting: Begroting) -> bool:
    return is_begroten_staff(user) and phase_allows(begroting, Actie.TELLEN)


def can_report_progress(user: Any, plan: Plan) -> bool:
    uitslag = plan.begroting.uitslag or {}
    return (
        is_begroten_staff(user)
        and plan.id in set(uitslag.get("winnaars", []))
        and phase_allows(plan.begroting, Actie.VOORTGANG)
    )


def can_manage(user: Any, begroting: Begroting | None = None) -> bool:
    return is_begroten_staff(user)
