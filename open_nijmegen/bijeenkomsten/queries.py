"""Reads: functions that return ``select()`` statements or lists. What the public sees is
decided here once (every event is public, also a cancelled one: people must learn it is off)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from open_nijmegen.bijeenkomsten.models import ACTIEF, Aanmelding, AanmeldStatus, Bijeenkomst
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Upload
from open_nijmegen.extensions import db

PAGE = 50


def upcoming(now: datetime | None = None) -> sa.Select[tuple[Bijeenkomst]]:
    now = now or utcnow()
    return (
        sa.select(Bijeenkomst)
        .where(Bijeenkomst.eindigt_op > now)
        .order_by(Bijeenkomst.begint_op, Bijeenkomst.id)
    )


def past(now: datetime | None = None) -> sa.Select[tuple[Bijeenkomst]]:
    now = now or utcnow()
    return (
        sa.select(Bijeenkomst)
        .where(Bijeenkomst.eindigt_op <= now)
        .order_by(Bijeenkomst.begint_op.desc(), Bijeenkomst.id.desc())
    )


def belonging_to(object_type: str, object_id: int) -> sa.Select[tuple[Bijeenkomst]]:
    return (
        sa.select(Bijeenkomst)
        .where(Bijeenkomst.hoort_bij_type == object_type, Bijeenkomst.hoort_bij_id == object_id)
        .order_by(Bijeenkomst.begint_op.desc(), Bijeenkomst.id.desc())
    )


def for_feed(limit: int = PAGE) -> list[Bijeenkomst]:
    """Upcoming events and those of the last year, for calendars and the Atom feed."""
    since = utcnow().replace(year=utcnow().year - 1)
    return list(
        db.session.scalars(
            sa.select(Bijeenkomst)
            .where(Bijeenkomst.eindigt_op > since)
            .order_by(Bijeenkomst.begint_op.desc(), Bijeenkomst.id.desc())
            .limit(limit)
        )
    )


def registrations(item: Bijeenkomst) -> list[Aanmelding]:
    """Everyone who signed up, seats first, then the waiting list in its order."""
    order = sa.case(
        (Aanmelding.status == AanmeldStatus.AANGEMELD, 0),
        (Aanmelding.status == AanmeldStatus.WACHTLIJST, 1),
        else_=2,
    )
    return list(
        db.session.scalars(
            sa.select(Aanmelding)
            .where(Aanmelding.bijeenkomst_id == item.id)
            .order_by(order, Aanmelding.id)
        )
    )


def counts(item: Bijeenkomst) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Aanmelding.status, sa.func.count())
        .where(Aanmelding.bijeenkomst_id == item.id, Aanmelding.status.in_(ACTIEF))
        .group_by(Aanmelding.status)
    ).all()
    found = {str(status): n for status, n in rows}
    return {s.value: found.get(s.value, 0) for s in ACTIEF}


def waiting_position(row: Aanmelding) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Aanmelding)
            .where(
                Aanmelding.bijeenkomst_id == row.bijeenkomst_id,
                Aanmelding.status == AanmeldStatus.WACHTLIJST,
                Aanmelding.id <= row.id,
            )
        )
        or 0
    )


def photos(item: Bijeenkomst) -> list[Upload]:
    return list(
        db.session.scalars(
            sa.select(Upload)
            .where(Upload.object_type == "bijeenkomst", Upload.object_id == item.id)
            .order_by(Upload.id)
        )
    )


def needs_report(now: datetime | None = None) -> int:
    """Events that went ahead and have ended, without a report yet (staff dashboard)."""
    now = now or utcnow()
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Bijeenkomst)
            .where(
                Bijeenkomst.eindigt_op <= now,
                Bijeenkomst.verslag_op.is_(None),
                Bijeenkomst.status == "gepland",
            )
        )
        or 0
    )
