"""Reads of the uitdaagrecht.

``public_challenges()`` is the one query behind the public register (and anything else that
publishes challenges): it selects only public columns, and a person's name cannot leave the
database because the name column is replaced by NULL in SQL for a private person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht.models import (
    Beoordeling,
    Oordeel,
    UitdagerSoort,
    Uitdaging,
)
from open_nijmegen.uitdaagrecht.workflow import Status

PUBLIC_DECISION_STATUSES = tuple(s for s in Status if s.is_public_decision)
# A concept is nobody's business; a withdrawn challenge was never decided on.
REGISTER_STATUSES = tuple(s for s in Status if s not in (Status.CONCEPT, Status.INGETROKKEN))


@dataclass
class PublicChallenge:
    referentie: str
    taak: str
    samenvatting: str | None
    organisatie: str | None
    status: Status
    ingediend_op: date
    besluit_verzonden_op: date | None
    toegekend_deel: str | None
    samenvatting_overeenkomst: str | None
    evaluatie: str | None
    redenen: list[tuple[str, Oordeel | None, str]] = field(default_factory=list)


def public_challenges_stmt(referentie: str | None = None) -> sa.Select[Any]:
    """Public columns of every challenge in the register, with the reasons per criterion of a
    published decision (outer join: one row per criterion)."""
    u = Uitdaging
    b = Beoordeling
    organisatie = sa.case(
        (u.soort_uitdager == UitdagerSoort.ORGANISATIE, u.organisatie_naam), else_=sa.null()
    )
    decision_public = u.status.in_(PUBLIC_DECISION_STATUSES)
    stmt = (
        sa.select(
            u.referentie,
            u.taak,
            u.publieke_samenvatting,
            organisatie.label("organisatie"),
            u.status,
            u.ingediend_op,
            sa.case((decision_public, u.besluit_verzonden_op), else_=sa.null()).label("besluit_op"),
            sa.case((decision_public, u.toegekend_deel), else_=sa.null()).label("toegekend_deel"),
            u.samenvatting_overeenkomst,
            u.evaluatie,
            b.criterium,
            b.oordeel,
            b.toelichting,
        )
        .outerjoin(b, sa.and_(b.uitdaging_id == u.id, decision_public))
        .where(u.status.in_(REGISTER_STATUSES), u.referentie.is_not(None))
        .order_by(u.ingediend_op.desc(), u.id.desc(), b.id)
    )
    if referentie is not None:
        stmt = stmt.where(u.referentie == referentie)
    return stmt


def public_challenges(referentie: str | None = None) -> list[PublicChallenge]:
    """The register: one query, grouped per challenge."""
    from open_nijmegen.uitdaagrecht.workflow import STANDAARD_CRITERIA

    result: dict[str, PublicChallenge] = {}
    for row in db.session.execute(public_challenges_stmt(referentie)):
        item = result.get(row.referentie)
        if item is None:
            item = result[row.referentie] = PublicChallenge(
                referentie=row.referentie,
                taak=row.taak or "",
                samenvatting=row.publieke_samenvatting,
                organisatie=row.organisatie,
                status=row.status,
                ingediend_op=row.ingediend_op,
                besluit_verzonden_op=row.besluit_op,
                toegekend_deel=row.toegekend_deel,
                samenvatting_overeenkomst=row.samenvatting_overeenkomst,
                evaluatie=row.evaluatie,
            )
        if (
            row.criterium
            and row.criterium in STANDAARD_CRITERIA
            and (row.toelichting or "").strip()
        ):
            item.redenen.append((STANDAARD_CRITERIA[row.criterium], row.oordeel, row.toelichting))
    return list(result.values())


def my_challenges(user: Any) -> list[Uitdaging]:
    return list(
        db.session.scalars(
            sa.select(Uitdaging)
            .where(Uitdaging.uitdager_id == user.id)
            .order_by(Uitdaging.created_at.desc(), Uitdaging.id.desc())
        )
    )


def by_referentie(referentie: str) -> Uitdaging | None:
    if len(referentie) > 16:
        return None
    return db.session.scalar(sa.select(Uitdaging).where(Uitdaging.referentie == referentie))


def own_concept(user: Any, concept_id: int) -> Uitdaging | None:
    """A concept of this user, or None (another user's concept is not found either)."""
    uitdaging = db.session.get(Uitdaging, concept_id)
    if (
        uitdaging is None
        or uitdaging.status != Status.CONCEPT
        or uitdaging.uitdager_id != getattr(user, "id", None)
    ):
        return None
    return uitdaging


@dataclass
class CaseRow:
    uitdaging: Uitdaging
    deadline: date | None
    days_left: int | None
    is_paused: bool
    is_overdue: bool
    aanvullen_voor: date | None
    bezwaar_loopt: bool


def filed_cases(statuses: Iterable[Status] | None = None) -> list[Uitdaging]:
    stmt = sa.select(Uitdaging).where(Uitdaging.status != Status.CONCEPT)
    if statuses is not None:
        stmt = stmt.where(Uitdaging.status.in_(list(statuses)))
    return list(db.session.scalars(stmt.order_by(Uitdaging.ingediend_op, Uitdaging.id)))


def case_rows(op: date, status: Status | None = None, only_open: bool = True) -> list[CaseRow]:
    """Filed cases with their deadline on ``op``: overdue first, then fewest days left."""
    from open_nijmegen.uitdaagrecht.services import lopend_bezwaar, termijnstand

    rows = []
    for uitdaging in filed_cases([status] if status else None):
        bezwaar = lopend_bezwaar(uitdaging)
        if only_open and uitdaging.status.is_closed and bezwaar is None:
            continue
        stand = termijnstand(uitdaging, op)
        state = stand.state or stand.bezwaar_state
        rows.append(
            CaseRow(
                uitdaging=uitdaging,
                deadline=state.deadline if state else None,
                days_left=state.days_left if state else None,
                is_paused=bool(state and state.is_paused),
                is_overdue=bool(state and state.is_overdue),
                aanvullen_voor=stand.aanvullen_voor,
                bezwaar_loopt=bezwaar is not None,
            )
        )
    # Overdue first, then running terms by days left; paused terms (waiting for the
    # challenger) and cases without a term after them.
    rows.sort(
        key=lambda r: (
            not r.is_overdue,
            r.is_paused,
            r.days_left is None,
            r.days_left if r.days_left is not None else 0,
            r.uitdaging.id,
        )
    )
    return rows
