"""Shared by the officer pages: the staff requirement, the time zone of the forms and the
look-ups that give 404 for a peiling, page or question that is not there (or not of it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, redirect, url_for

from open_nijmegen.accounts.models import WorkArea
from open_nijmegen.core.permissions import staff_required
from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import (
    Peiling,
    Sectie,
    Vraag,
)

STAFF = staff_required(WorkArea.PEILINGEN)
ZONE = ZoneInfo("Europe/Amsterdam")


def _peiling(peiling_id: int) -> Peiling:
    item = db.session.get(Peiling, peiling_id)
    if item is None:
        abort(404)
    return item


def _sectie(peiling: Peiling, sectie_id: int) -> Sectie:
    sectie = db.session.get(Sectie, sectie_id)
    if sectie is None or sectie.peiling_id != peiling.id:
        abort(404)
    return sectie


def _vraag(peiling: Peiling, vraag_id: int) -> Vraag:
    vraag = db.session.get(Vraag, vraag_id)
    if vraag is None or vraag.peiling_id != peiling.id:
        abort(404)
    return vraag


def _local(value: datetime) -> datetime:
    return value.astimezone(ZONE).replace(tzinfo=None)


def _to_peiling(item: Peiling) -> Any:
    return redirect(url_for("peilingen_beheer.peiling", peiling_id=item.id))
