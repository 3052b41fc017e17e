"""Permission predicates ``can_<action>(user, idee)``: used by the views and the templates
alike, so a button and its route agree. Deny by default."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.ideeen.models import IdeeStatus, Traject
from open_nijmegen.ideeen.phases import Actie, Fase, allowed


def is_ideeen_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_work_area(WorkArea.IDEEEN)
    )


def _is_author(user: Any, idee: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and idee.author_id is not None
        and idee.author_id == user.id
    )


def _active_participant(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_confirmed)


def current_fase(idee: Any) -> Fase:
    """The phase of the idea's traject now. A request that loaded the traject (every action
    does: ``idea_for_page(with_traject=True)``) uses it; a page that did not uses the cached
    ``queries.traject_info`` (phase dates at most a few seconds old; the moment is exact)."""
    if "traject" in getattr(idee, "__dict__", ()):  # an ORM Idee with its traject loaded
        return idee.traject.fase_op()  # type: ignore[no-any-return]
    from open_nijmegen.ideeen.queries import traject_info

    return traject_info(idee.traject_id).fase_op()


def phase_allows(idee: Any, actie: Actie) -> bool:
    return allowed(current_fase(idee), actie)


def can_view(user: Any, idee: Any) -> bool:
    """Public ideas for everyone; the author and ideeën staff also see the rest."""
    if idee.is_public:
        return True
    return _is_author(user, idee) or is_ideeen_staff(user)


def can_post(user: Any, traject: Traject) -> bool:
    return _active_participant(user) and allowed(traject.fase_op(), Actie.INDIENEN)


def can_edit(user: Any, idee: Any) -> bool:
    """The author, until the first support or reaction or official answer."""
    return (
        _is_author(user, idee)
        and _active_participant(user)
        and idee.withdrawn_at is None
        and idee.merged_into_id is None
        and idee.hidden_at is None
        and idee.status == IdeeStatus.OPEN
        and idee.support_count == 0
        and idee.reaction_count == 0
        and phase_allows(idee, Actie.BEWERKEN)
    )


def can_withdraw(user: Any, idee: Any) -> bool:
    return (
        _is_author(user, idee)
        and idee.withdrawn_at is None
        and idee.merged_into_id is None
        and idee.status == IdeeStatus.OPEN
    )


def can_support(user: Any, idee: Any) -> bool:
    """Support or withdraw a support: a confirmed resident, not the author, public idea."""
    return (
        _active_participant(user)
        and idee.is_public
        and not _is_author(user, idee)
        and phase_allows(idee, Actie.STEUNEN)
    )


# Why a support was refused: recorded as a refusal (``core.refusals``), shown in words.
SUPPORT_REFUSALS = {
    "not_participant": _l("Deze persoon kan nog niet meedoen (geen bevestigd account)"),
    "idea_not_public": _l("Het idee is niet openbaar"),
    "own_idea": _l("Het is een eigen idee"),
    "phase_closed": _l("Steunen kan nu niet in dit project"),
}


def support_refusal_reason(user: Any, idee: Any) -> str:
    """The first rule of ``can_support`` that ``user`` does not meet (a code)."""
    if not _active_participant(user):
        return "not_participant"
    if not idee.is_public:
        return "idea_not_public"
    if _is_author(user, idee):
        return "own_idea"
    return "phase_closed"


def can_react(user: Any, idee: Any) -> bool:
    return _active_participant(user) and idee.is_public and phase_allows(idee, Actie.REAGEREN)


def can_report(user: Any, idee: Any) -> bool:
    return _active_participant(user) and idee.is_public and not _is_author(user, idee)


def can_follow(user: Any, idee: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and idee.is_public


def can_moderate(user: Any, idee: Any | None = None) -> bool:
    return is_ideeen_staff(user)


def can_answer(user: Any, idee: Any) -> bool:
    return is_ideeen_staff(user) and idee.is_public
