"""Who may do what with personal data (pure predicates, also used in templates)."""

from __future__ import annotations

from typing import Any


def can_erase_on_behalf(officer: Any, user: Any) -> bool:
    """A beheerder records a person's request to erase their account (anyone but themself).
    A participatiemedewerker cannot: erasing cannot be undone, so it stays with the few
    people who also hold roles and settings (see ``privacy.verzoeken``)."""
    if not getattr(officer, "is_authenticated", False) or not officer.is_beheerder:
        return False
    if user is None or user.is_placeholder or user.erased_at is not None:
        return False
    return bool(user.id != officer.id)


def can_confirm_erasure(officer: Any, user: Any, request: Any) -> bool:
    """A second beheerder, not the one who recorded the request, confirms it."""
    if request is None or not can_erase_on_behalf(officer, user):
        return False
    return bool(request.actor_id is not None and request.actor_id != officer.id)


def can_erase_own_account(user: Any) -> bool:
    """Residents erase their own account; staff ask a beheerder (their work is on record)."""
    return bool(getattr(user, "is_authenticated", False) and not user.is_staff)
