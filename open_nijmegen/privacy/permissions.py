"""Who may do what with personal data (pure predicates, also used in templates)."""

from __future__ import annotations

from typing import Any


def can_erase_on_behalf(officer: Any, user: Any) -> bool:
    """An officer processes an erasure request: a beheerder for anyone but themself; a
    participatiemedewerker (the purpose is "privacyverzoek") for residents only."""
    if not getattr(officer, "is_authenticated", False) or not officer.is_staff:
        return False
    if user is None or user.is_placeholder or user.erased_at is not None:
        return False
    if user.id == officer.id:
        return False
    if user.is_staff:
        return bool(officer.is_beheerder)
    return True


def can_erase_own_account(user: Any) -> bool:
    """Residents erase their own account; staff ask a beheerder (their work is on record)."""
    return bool(getattr(user, "is_authenticated", False) and not user.is_staff)
