"""Reads: functions that return ``select()`` statements or small read models. The "public"
filter is written once here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from open_nijmegen.core.models import StatusChange
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.models import (
    OVERGENOMEN,
    WACHT_OP_REACTIE,
    Aanbeveling,
    AanbevelingStatus,
    Beraad,
    Beraadslid,
    Dossierstuk,
    ExpertVraag,
    Gelezen,
    Loting,
    LotingStatus,
    Uitnodiging,
)


def public_beraden() -> sa.Select[tuple[Beraad]]:
    return sa.select(Beraad).where(Beraad.openbaar.is_(True)).order_by(Beraad.id.desc())


def all_beraden() -> sa.Select[tuple[Beraad]]:
    return sa.select(Beraad).order_by(Beraad.id.desc())


def public_stukken(beraad: Beraad) -> list[Dossierstuk]:
    return list(
        db.session.scalars(
            sa.select(Dossierstuk)
            .where(Dossierstuk.beraad_id == beraad.id, Dossierstuk.openbaar_op.is_not(None))
            .order_by(Dossierstuk.sessie, Dossierstuk.openbaar_op, Dossierstuk.id)
        )
    )


def stukken(beraad: Beraad) -> list[Dossierstuk]:
    return list(
        db.session.scalars(
            sa.select(Dossierstuk)
            .where(Dossierstuk.beraad_id == beraad.id)
            .order_by(Dossierstuk.sessie, Dossierstuk.id)
        )
    )


def per_sessie(items: list[Dossierstuk]) -> list[tuple[int, str, list[Dossierstuk]]]:
    groups: dict[int, list[Dossierstuk]] = {}
    for item in items:
        groups.setdefault(item.sessie, []).append(item)
    return [
        (sessie, next((s.sessie_naam for s in rows if s.sessie_naam), ""), rows)
        for sessie, rows in sorted(groups.items())
    ]


def gelezen_ids(user: Any, beraad: Beraad) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            sa.select(Gelezen.stuk_id)
            .join(Dossierstuk, Dossierstuk.id == Gelezen.stuk_id)
            .where(Gelezen.user_id == user.id, Dossierstuk.beraad_id == beraad.id)
        )
    )


def leden(beraad: Beraad) -> list[Beraadslid]:
    return list(
        db.session.scalars(
            sa.select(Beraadslid)
            .where(
                Beraadslid.beraad_id == beraad.id,
                Beraadslid.geaccepteerd_op.is_not(None),
                Beraadslid.gestopt_op.is_(None),
            )
            .order_by(Beraadslid.id)
        )
    )


def aantal_leden(beraad: Beraad) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count(Beraadslid.id)).where(
                Beraadslid.beraad_id == beraad.id,
                Beraadslid.geaccepteerd_op.is_not(None),
                Beraadslid.gestopt_op.is_(None),
            )
        )
        or 0
    )


def open_uitnodigingen(beraad: Beraad) -> list[Uitnodiging]:
    return list(
        db.session.scalars(
            sa.select(Uitnodiging)
            .where(
                Uitnodiging.beraad_id == beraad.id,
                Uitnodiging.geaccepteerd_op.is_(None),
                Uitnodiging.ingetrokken_op.is_(None),
            )
            .order_by(Uitnodiging.id)
        )
    )


def leeslijst(beraad: Beraad) -> dict[int, set[int]]:
    """Per document id: the user ids of members who marked it read."""
    rows = db.session.execute(
        sa.select(Gelezen.stuk_id, Gelezen.user_id)
        .join(Dossierstuk, Dossierstuk.id == Gelezen.stuk_id)
        .where(Dossierstuk.beraad_id == beraad.id)
    ).all()
    out: dict[int, set[int]] = {}
    for stuk_id, user_id in rows:
        out.setdefault(stuk_id, set()).add(user_id)
    return out


def expert_vragen(beraad: Beraad) -> list[ExpertVraag]:
    return list(
        db.session.scalars(
            sa.select(ExpertVraag)
            .where(ExpertVraag.beraad_id == beraad.id)
            .order_by(ExpertVraag.created_at.desc(), ExpertVraag.id.desc())
        )
    )


def fase_historie(beraad: Beraad) -> dict[str, datetime]:
    """When each phase was last entered (public history)."""
    rows = db.session.execute(
        sa.select(StatusChange.to_status, StatusChange.created_at)
        .where(
            StatusChange.object_type == "beraad",
            StatusChange.object_id == beraad.id,
            StatusChange.is_public.is_(True),
        )
        .order_by(StatusChange.id)
    ).all()
    return dict(rows)


@dataclass(frozen=True)
class Samenvatting:
    totaal: int
    beantwoord: int
    overgenomen: int
    deels: int
    niet: int
    onderzoek: int
    in_uitvoering: int
    uitgevoerd: int


def samenvatting(beraad: Beraad) -> Samenvatting:
    items = list(beraad.aanbevelingen)
    gepubliceerd = [a for a in items if a.reactie_gepubliceerd_op is not None]

    def besluit(a: Aanbeveling) -> AanbevelingStatus | None:
        return a.reactie_besluit

    return Samenvatting(
        totaal=len(items),
        beantwoord=len(gepubliceerd),
        overgenomen=sum(1 for a in gepubliceerd if besluit(a) == AanbevelingStatus.OVERGENOMEN),
        deels=sum(1 for a in gepubliceerd if besluit(a) == AanbevelingStatus.DEELS_OVERGENOMEN),
        niet=sum(1 for a in gepubliceerd if a.status == AanbevelingStatus.NIET_OVERGENOMEN),
        onderzoek=sum(1 for a in gepubliceerd if a.status == AanbevelingStatus.NADER_ONDERZOEK),
        in_uitvoering=sum(1 for a in gepubliceerd if a.status == AanbevelingStatus.IN_UITVOERING),
        uitgevoerd=sum(1 for a in gepubliceerd if a.status == AanbevelingStatus.UITGEVOERD),
    )


def is_adopted(a: Aanbeveling) -> bool:
    return a.reactie_gepubliceerd_op is not None and a.status in OVERGENOMEN


def overdue_beraden(now: datetime) -> list[Beraad]:
    return list(
        db.session.scalars(
            sa.select(Beraad)
            .where(
                Beraad.fase.in_(list(WACHT_OP_REACTIE)),
                Beraad.reactie_deadline.is_not(None),
                Beraad.reactie_deadline < now,
            )
            .order_by(Beraad.reactie_deadline)
        )
    )


def waiting_beraden(now: datetime) -> list[Beraad]:
    return list(
        db.session.scalars(
            sa.select(Beraad)
            .where(Beraad.fase.in_(list(WACHT_OP_REACTIE)), Beraad.reactie_deadline.is_not(None))
            .order_by(Beraad.reactie_deadline)
        )
    )


def lotingen(beraad: Beraad) -> list[Loting]:
    return list(
        db.session.scalars(
            sa.select(Loting).where(Loting.beraad_id == beraad.id).order_by(Loting.id.desc())
        )
    )


def published_loting(beraad: Beraad) -> Loting | None:
    return db.session.scalar(
        sa.select(Loting).where(
            Loting.beraad_id == beraad.id,
            Loting.gepubliceerd_op.is_not(None),
            Loting.status == LotingStatus.KLAAR,
        )
    )
