"""Who may do what with an uitdaging: pure predicates, used by routes and templates alike.

Deny by default: only the challenger and staff with the uitdaagrecht work area (or a
beheerder) see a case's non-public parts and its attachments; everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.uitdaagrecht.workflow import Status


def is_uitdaagrecht_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_work_area(WorkArea.UITDAAGRECHT)
    )


def is_challenger(user: Any, uitdaging: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and uitdaging.uitdager_id is not None
        and uitdaging.uitdager_id == user.id
    )


def can_view_case(user: Any, uitdaging: Any) -> bool:
    """The challenger sees their own case; staff see filed cases (not someone's concept)."""
    if is_challenger(user, uitdaging):
        return True
    return is_uitdaagrecht_staff(user) and uitdaging.status != Status.CONCEPT


def can_edit_concept(user: Any, uitdaging: Any) -> bool:
    return uitdaging.status == Status.CONCEPT and is_challenger(user, uitdaging)


def can_handle(user: Any, uitdaging: Any) -> bool:
    """An officer may move a filed case through the workflow."""
    return is_uitdaagrecht_staff(user) and uitdaging.status != Status.CONCEPT
