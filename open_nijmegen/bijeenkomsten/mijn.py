"""The bijeenkomsten section of Mijn Open Nijmegen: the events I signed up for that have not
ended yet, each with my place in words (a seat, the waiting list with my number, or "confirm
your mail"). Guests without an account are not here: they have their mail links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from open_nijmegen.bijeenkomsten import queries
from open_nijmegen.bijeenkomsten.models import ACTIEF, Aanmelding, AanmeldStatus, Bijeenkomst
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import MijnSection, registry
from open_nijmegen.extensions import db

MAX_ITEMS = 50


@dataclass(frozen=True)
class MijnAanmelding:
    bijeenkomst: Bijeenkomst
    aanmelding: Aanmelding
    wachtplek: int | None


def my_registrations(user: Any) -> list[MijnAanmelding]:
    rows = db.session.scalars(
        sa.select(Aanmelding)
        .join(Bijeenkomst, Bijeenkomst.id == Aanmelding.bijeenkomst_id)
        .where(
            Aanmelding.user_id == user.id,
            Aanmelding.status.in_(ACTIEF),
            Bijeenkomst.eindigt_op > utcnow(),
        )
        .order_by(Bijeenkomst.begint_op, Bijeenkomst.id)
        .limit(MAX_ITEMS)
    )
    return [
        MijnAanmelding(
            row.bijeenkomst,
            row,
            queries.waiting_position(row) if row.status == AanmeldStatus.WACHTLIJST else None,
        )
        for row in rows
    ]


def _context(user: Any) -> dict[str, Any]:
    return {"aanmeldingen": my_registrations(user)}


registry.add_mijn_section(
    MijnSection(
        "bijeenkomsten", N_("Mijn bijeenkomsten"), "bijeenkomsten/_mijn.html", _context, order=45
    )
)
