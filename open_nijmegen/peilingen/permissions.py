"""Permission predicates ``can_<action>(user, peiling)``: used by the views and the templates
alike, so a button and its route agree. Deny by default."""

from __future__ import annotations

from typing import Any

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.peilingen.models import Doelgroep, Peiling, Staat


def is_peilingen_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_work_area(WorkArea.PEILINGEN)
    )


def _confirmed_resident(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_confirmed
        and not user.is_staff
    )


def can_view(user: Any, peiling: Peiling) -> bool:
    """The public page: once published; before that only officers of the work area."""
    return peiling.staat() != Staat.CONCEPT or is_peilingen_staff(user)


def is_open(peiling: Peiling) -> bool:
    return peiling.staat() == Staat.OPEN


def can_answer_with_account(user: Any, peiling: Peiling) -> bool:
    """A confirmed resident (not an officer: they build and screen it) while it is open."""
    return (
        peiling.doelgroep == Doelgroep.ACCOUNTS and is_open(peiling) and _confirmed_resident(user)
    )


def can_answer_with_code(peiling: Peiling) -> bool:
    """Anyone with a code of this panel, while it is open (no account needed)."""
    return peiling.doelgroep == Doelgroep.PANEL and is_open(peiling)


def can_see_results(user: Any, peiling: Peiling) -> bool:
    staat = peiling.staat()
    if staat == Staat.GESLOTEN:
        return True
    return bool(staat == Staat.OPEN and peiling.uitslag_live)


def can_manage(user: Any, peiling: Peiling | None = None) -> bool:
    return is_peilingen_staff(user)


def can_change_questions(user: Any, peiling: Peiling, has_answers: bool) -> bool:
    """Add, change, move or remove questions: only before the first answer. After that only
    a typo correction (``can_correct``), which is logged."""
    return is_peilingen_staff(user) and not has_answers and peiling.staat() != Staat.GESLOTEN


def can_correct(user: Any, peiling: Peiling, has_answers: bool) -> bool:
    return is_peilingen_staff(user) and has_answers


def can_publish(user: Any, peiling: Peiling) -> bool:
    return is_peilingen_staff(user) and peiling.gepubliceerd_op is None and bool(peiling.vragen)


def can_make_codes(user: Any, peiling: Peiling) -> bool:
    return (
        is_peilingen_staff(user)
        and peiling.doelgroep == Doelgroep.PANEL
        and peiling.staat() != Staat.GESLOTEN
    )


def can_screen(user: Any, peiling: Peiling) -> bool:
    return is_peilingen_staff(user)


def can_enter_paper(user: Any, peiling: Peiling) -> bool:
    """Numbered paper questionnaires, typed in by an officer: while open and after the close
    (forms that came in by post), never before it opens."""
    return is_peilingen_staff(user) and peiling.staat() in (Staat.OPEN, Staat.GESLOTEN)
