"""Erasure on someone's behalf, with four eyes: one beheerder records the request (with the
reference of the person's request), a second beheerder confirms it, and only then is the
account erased. Either of them may withdraw the request before that.

Why a second person and not a delay with undo: a delay only protects against a slip of the
hand, not against an officer who erases someone on purpose (they wait the delay out). A
second beheerder who reads the request protects against both, and a request for erasure
has a month by law (AVG art. 12), so waiting for a colleague costs nothing.

The request lives in the audit log (the latest of these entries on the account counts), so it
needs no table of its own and its whole history stays on record.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.privacy.erasure import erase_user

REQUESTED = "privacy.wissen_gevraagd"
WITHDRAWN = "privacy.wissen_ingetrokken"
CONFIRMED = "privacy.wissen_bevestigd"
_STEPS = (REQUESTED, WITHDRAWN, CONFIRMED)


def pending_request(user: Any) -> AuditLog | None:
    """The open request to erase ``user``: the latest step on the account is a request."""
    latest = db.session.scalars(
        sa.select(AuditLog)
        .where(
            AuditLog.object_type == "gebruiker",
            AuditLog.object_id == user.id,
            AuditLog.action.in_(_STEPS),
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    ).first()
    return latest if latest is not None and latest.action == REQUESTED else None


def pending_requests() -> list[AuditLog]:
    """Every open request (for the beheerder's dashboard), oldest first."""
    rows = db.session.scalars(
        sa.select(AuditLog)
        .where(AuditLog.object_type == "gebruiker", AuditLog.action.in_(_STEPS))
        .order_by(AuditLog.id)
    ).all()
    latest: dict[int, AuditLog] = {}
    for row in rows:
        if row.object_id is not None:
            latest[row.object_id] = row
    return [row for row in latest.values() if row.action == REQUESTED]


def request_erasure(officer: Any, user: Any, kenmerk: str) -> AuditLog:
    record_audit(officer, REQUESTED, user, kenmerk=kenmerk)
    db.session.flush()
    request = pending_request(user)
    assert request is not None
    return request


def withdraw(officer: Any, user: Any) -> None:
    record_audit(officer, WITHDRAWN, user)


def confirm(officer: Any, user: Any, request: AuditLog) -> None:
    """The second beheerder confirms: the account is erased. Flushes; the caller commits."""
    kenmerk = str((request.details or {}).get("kenmerk") or "")
    record_audit(officer, CONFIRMED, user, gevraagd_door=request.actor_id, kenmerk=kenmerk)
    erase_user(user, actor=officer, via="medewerker", kenmerk=kenmerk)
