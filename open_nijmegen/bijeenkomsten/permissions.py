"""Permission predicates ``can_<action>(user, bijeenkomst)``, used by views and templates
alike. Deny by default."""

from __future__ import annotations

from typing import Any

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core.db import utcnow


def is_bijeenkomsten_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_work_area(WorkArea.BIJEENKOMSTEN)
    )


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_register(user: Any, item: Any) -> bool:
    """Anyone may sign up while registration is open: with an account, or with name and
    e-mail. An account must be confirmed first (its address is where the mail goes)."""
    if not item.aanmelden_open():
        return False
    if getattr(user, "is_authenticated", False):
        return _active(user) and user.is_confirmed
    return True


def can_follow(user: Any, item: Any) -> bool:
    return _active(user)


def can_see_link(user: Any, item: Any, aanmelding: Any) -> bool:
    """The online link: only for someone with a confirmed seat (or staff), never when the
    event is cancelled."""
    if not item.online or not item.online_link or item.is_geannuleerd:
        return False
    if is_bijeenkomsten_staff(user):
        return True
    return aanmelding is not None and aanmelding.heeft_plek


def can_manage(user: Any, item: Any = None) -> bool:
    return is_bijeenkomsten_staff(user)


def can_change(user: Any, item: Any) -> bool:
    """Edit, move, cancel, message the participants: until the event has ended."""
    return is_bijeenkomsten_staff(user) and not item.is_geannuleerd and not item.is_voorbij()


def can_report(user: Any, item: Any) -> bool:
    """The report afterwards: once the event has begun, when it went ahead."""
    return is_bijeenkomsten_staff(user) and not item.is_geannuleerd and item.begint_op <= utcnow()
