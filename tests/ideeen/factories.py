"""Factories for the ideeën module. Titles and texts are hostile by default."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from factories import hostile, make_user

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, IdeeStatus, Moderatie, Thema, Traject, TrajectFase
from open_nijmegen.ideeen.phases import Fase

_n = itertools.count(1)

STATES = ("openbaar", "wacht", "afgewezen", "verborgen", "ingetrokken", "samengevoegd")


def standing_traject() -> Traject:
    traject = db.session.scalar(sa.select(Traject).where(Traject.doorlopend.is_(True)))
    if traject is None:
        traject = Traject(
            slug="ideeen-voor-nijmegen", titel="Ideeën voor Nijmegen", doorlopend=True
        )
        db.session.add(traject)
        db.session.commit()
    return traject


def make_traject(phases: list[tuple[Fase, int]], slug: str | None = None) -> Traject:
    """A traject with phases starting ``days`` from now (negative = in the past)."""
    n = next(_n)
    traject = Traject(
        slug=slug or f"traject-{n}", titel=hostile("Traject "), beschrijving=hostile()
    )
    traject.fases = [
        TrajectFase(fase=fase, begint_op=utcnow() + timedelta(days=days)) for fase, days in phases
    ]
    db.session.add(traject)
    db.session.commit()
    return traject


def make_wijk(naam: str | None = None, stadsdeel: str = "Dukenburg", actief: bool = True) -> Wijk:
    wijk = Wijk(naam=naam or f"Wijk {next(_n)}", stadsdeel=stadsdeel, actief=actief)
    db.session.add(wijk)
    db.session.commit()
    return wijk


def make_thema(naam: str | None = None, actief: bool = True) -> Thema:
    thema = Thema(naam=naam or f"Thema {next(_n)}", actief=actief)
    db.session.add(thema)
    db.session.commit()
    return thema


def make_idee(
    state: str = "openbaar",
    *,
    author: Any = None,
    traject: Traject | None = None,
    wijk: Wijk | None = None,
    thema: Thema | None = None,
    titel: str | None = None,
    tekst: str | None = None,
    published_days_ago: float = 0,
    **extra: Any,
) -> Idee:
    author = author or make_user()
    traject = traject or standing_traject()
    wijk = wijk or db.session.scalar(sa.select(Wijk).order_by(Wijk.id)) or make_wijk()
    thema = thema or db.session.scalar(sa.select(Thema).order_by(Thema.id)) or make_thema()
    now = utcnow()
    idee = Idee(
        traject_id=traject.id,
        author_id=author.id,
        titel=titel or hostile("Idee ")[:120],
        tekst=tekst or hostile("Tekst ") + " " + hostile(),
        wijk_id=wijk.id,
        thema_id=thema.id,
        status=IdeeStatus.OPEN,
        moderatie=Moderatie.GOEDGEKEURD,
        published_at=now - timedelta(days=published_days_ago),
        **extra,
    )
    if state in ("wacht", "afgewezen"):
        idee.moderatie = Moderatie.WACHT if state == "wacht" else Moderatie.AFGEWEZEN
        idee.published_at = None
    elif state == "verborgen":
        idee.hidden_at, idee.hidden_reason = now, hostile("Reden ")
    elif state == "ingetrokken":
        idee.withdrawn_at = now
    db.session.add(idee)
    db.session.flush()
    if state == "samengevoegd":
        target = make_idee(author=author, traject=traject, wijk=wijk, thema=thema)
        idee.merged_into_id, idee.merged_at = target.id, now
    db.session.commit()
    return idee
