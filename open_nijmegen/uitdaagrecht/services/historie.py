"""The history row (``StatusChange``) of every step, and the mail to the challenger."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import StatusChange
from open_nijmegen.core.urls import mail_url
from open_nijmegen.extensions import db
from open_nijmegen.notifications.services import queue_mail
from open_nijmegen.uitdaagrecht.models import Uitdaging
from open_nijmegen.uitdaagrecht.services.klok import OBJECT_TYPE, TIJDZONE

# -- history and mail ---------------------------------------------------------------------------


def _history(
    actor: Any,
    uitdaging: Uitdaging,
    van: str | None,
    naar: str,
    uitleg: str,
    is_public: bool,
    op: date | None = None,
) -> StatusChange:
    """Add the history row. A step recorded for an earlier day (``op``, e.g. a letter that came
    by post, or demo data) is dated on that day, so the history reads in the order of events."""
    now = utcnow()
    if op is not None and op < now.astimezone(TIJDZONE).date():
        now = datetime.combine(op, time(12), TIJDZONE).astimezone(UTC)
    row = StatusChange(
        object_type=OBJECT_TYPE,
        object_id=uitdaging.id,
        from_status=van,
        to_status=naar,
        actor_id=getattr(actor, "id", None),
        explanation=uitleg,
        is_public=is_public,
        created_at=now,
    )
    db.session.add(row)
    return row


def history(uitdaging: Uitdaging) -> list[StatusChange]:
    return list(
        db.session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.object_type == OBJECT_TYPE, StatusChange.object_id == uitdaging.id)
            .order_by(StatusChange.created_at, StatusChange.id)
        )
    )


def _mail_stap(uitdaging: Uitdaging, uitleg: str, label: str, wat_nu: str) -> None:
    if uitdaging.uitdager is None:
        return
    queue_mail(
        uitdaging.uitdager,
        "uitdaagrecht/stap",
        _l("Nieuws over uw uitdaging %(ref)s: %(label)s", ref=uitdaging.referentie, label=label),
        uitdaging=uitdaging,
        uitleg=uitleg,
        label=label,
        wat_nu=wat_nu,
        link=mail_url("uitdaagrecht.mijn", referentie=uitdaging.referentie),
    )
