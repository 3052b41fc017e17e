"""Permission predicates ``can_<action>(user, obj)``, used by views and templates alike.

The members' area is closed: only active members of THAT beraad and officers with the
inwonersberaad work area (and beheerders) may use it; everyone else gets 404 for every URL.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.models import WERKFASEN, Beraad, Beraadslid


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_beraad_staff(user: Any) -> bool:
    return bool(
        _authenticated(user) and user.is_staff and user.has_work_area(WorkArea.INWONERSBERAAD)
    )


def is_member(user: Any, beraad: Beraad) -> bool:
    if not _authenticated(user) or not user.is_active:
        return False
    found = db.session.scalar(
        sa.select(Beraadslid.id).where(
            Beraadslid.beraad_id == beraad.id,
            Beraadslid.user_id == user.id,
            Beraadslid.geaccepteerd_op.is_not(None),
            Beraadslid.gestopt_op.is_(None),
        )
    )
    return found is not None


def can_view_beraad(user: Any, beraad: Beraad) -> bool:
    """The public page: published beraden for everyone; drafts for staff only."""
    return beraad.openbaar or is_beraad_staff(user)


def can_use_dossier(user: Any, beraad: Beraad) -> bool:
    """The closed dossier: members of this beraad and inwonersberaad staff."""
    return is_beraad_staff(user) or is_member(user, beraad)


def can_discuss(user: Any, beraad: Beraad) -> bool:
    """Members react on documents while the beraad works; staff may always answer."""
    if is_beraad_staff(user):
        return True
    return bool(is_member(user, beraad) and user.is_confirmed and beraad.fase in WERKFASEN)


def can_ask_expert(user: Any, beraad: Beraad) -> bool:
    return bool(is_member(user, beraad) and user.is_confirmed and beraad.fase in WERKFASEN)


def can_follow(user: Any, beraad: Beraad) -> bool:
    return _authenticated(user) and beraad.openbaar
