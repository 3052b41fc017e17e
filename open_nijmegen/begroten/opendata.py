"""Open data on the public side: the result per plan as CSV and an Atom feed of the
published results (the JSON API is ``begroten/api.py``). Totals only, never a ballot."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from open_nijmegen.begroten import ballots
from open_nijmegen.begroten.models import Begroting
from open_nijmegen.begroten.views import _begroting, _reason
from open_nijmegen.core.csvfile import csv_response
from open_nijmegen.core.permissions import public
from open_nijmegen.core.urls import external_url
from open_nijmegen.extensions import db

CSV_HEADER = (
    "plan",
    "titel",
    "wijk",
    "kosten_euro",
    "stemmen",
    "gekozen",
    "gekozen_bij_meeste_stemmen",
    "betaald_door_kiezers",
    "waarom",
)


@public
def uitslag_csv(begroting_id: int) -> ResponseReturnValue:
    """The result per plan as CSV (after the count): totals only, no ballots."""
    begroting = _begroting(begroting_id)
    if not begroting.is_geteld or not begroting.uitslag:
        abort(404)
    plans = {p.id: p for p in begroting.plannen}
    rows = []
    for key, row in sorted(
        begroting.uitslag.get("per_plan", {}).items(),
        key=lambda kv: (not kv[1]["gekozen"], -kv[1]["stemmen"], int(kv[0])),
    ):
        item = plans.get(int(key))
        if item is None:
            continue
        rows.append(
            (
                item.id,
                item.titel,
                item.wijk.naam,
                row.get("kosten", 0),
                row.get("stemmen", 0),
                "ja" if row.get("gekozen") else "nee",
                "ja" if row.get("greedy") else "nee",
                row.get("betalers", 0),
                _reason(row),
            )
        )
    return csv_response(f"uitslag-begroting-{begroting.id}.csv", CSV_HEADER, rows)


@public
def atom() -> ResponseReturnValue:
    """An Atom feed of the published results, newest first."""
    from open_nijmegen.api.feeds import Entry
    from open_nijmegen.api.feeds import atom as atom_feed

    counted = db.session.scalars(
        sa.select(Begroting)
        .where(Begroting.geteld_op.is_not(None))
        .order_by(Begroting.geteld_op.desc())
        .limit(50)
    )
    entries = []
    for item in counted:
        result = item.uitslag or {}
        winners = len(result.get("winnaars", []))
        entries.append(
            Entry(
                key=f"begroting/{item.id}/uitslag",
                title=_("Uitslag: %(t)s", t=item.titel),
                updated=item.geteld_op,
                published=item.geteld_op,
                link=external_url("begroten.uitslag", begroting_id=item.id),
                summary=ngettext(
                    "%(n)s stembiljet geteld.",
                    "%(n)s stembiljetten geteld.",
                    int(result.get("stembiljetten", 0)),
                    n=int(result.get("stembiljetten", 0)),
                )
                + " "
                + ngettext(
                    "%(num)s plan gekozen voor € %(e)s.",
                    "%(num)s plannen gekozen voor € %(e)s.",
                    winners,
                    e=ballots.euro(result.get("budget_gebruikt", 0)),
                ),
            )
        )
    return atom_feed(
        "begroten-uitslagen",
        _("Uitslagen van begrotingen – Open Nijmegen"),
        "begroten.atom",
        external_url("begroten.index"),
        entries,
    )
