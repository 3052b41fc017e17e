"""The B1 verdict of official texts (explanations in the status history: official answers,
decisions, responses), stored when the text is written, so the staff dashboard can show how
many published official texts pass B1 without checking them again."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from open_nijmegen.core.i18n import N_
from open_nijmegen.core.models import StatusChange
from open_nijmegen.core.registry import DashboardPanel, registry
from open_nijmegen.extensions import db
from open_nijmegen.taal.checker import Verdict, check_text


def _set_verdict(mapper: Any, connection: Any, target: StatusChange) -> None:
    text = (target.explanation or "").strip()
    target.taal_verdict = check_text(text).verdict.value if text else None


sa.event.listen(StatusChange, "before_insert", _set_verdict)
sa.event.listen(StatusChange, "before_update", _set_verdict)


def official_text_counts() -> dict[str, int]:
    """Published official texts (written by staff) per verdict."""
    rows = db.session.execute(
        sa.select(StatusChange.taal_verdict, sa.func.count())
        .where(
            StatusChange.is_public.is_(True),
            StatusChange.actor_id.is_not(None),
            StatusChange.taal_verdict.is_not(None),
        )
        .group_by(StatusChange.taal_verdict)
    ).all()
    counts = {verdict: int(n) for verdict, n in rows}
    total = sum(counts.values())
    return {
        "totaal": total,
        "b1": counts.get(Verdict.B1.value, 0),
        "bijna": counts.get(Verdict.BIJNA.value, 0),
        "te_moeilijk": counts.get(Verdict.TE_MOEILIJK.value, 0),
    }


registry.add_dashboard_panel(
    DashboardPanel(
        key="taal",
        title=N_("Taal van officiële teksten"),
        template="taal/_dashboard.html",
        context=lambda user: {"taal": official_text_counts()},
        order=90,
    )
)
