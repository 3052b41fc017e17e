"""The set-up of a beraad's registration: its questions (from the quotas file) and session dates."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.aanmelding.common import (
    _VRAGEN,
    MAX_SESSIES,
    OPEN_FASEN,
    Vraag,
    aantal,
)
from open_nijmegen.inwonersberaad.aanmelding_models import (
    WervingOpzet,
)
from open_nijmegen.inwonersberaad.models import Beraad

# -- set-up ---------------------------------------------------------------------------------


def opzet_voor(beraad: Beraad) -> WervingOpzet | None:
    return db.session.scalar(sa.select(WervingOpzet).where(WervingOpzet.beraad_id == beraad.id))


def vragen(opzet: WervingOpzet) -> list[Vraag]:
    """The questions of the form, in the order of the quotas file."""
    quota = lot.parse_quota(opzet.quota_csv)
    per_kenmerk: dict[str, list[str]] = {}
    for q in quota:
        per_kenmerk.setdefault(q.kenmerk, []).append(q.waarde)
    return [
        Vraag(
            k, _VRAGEN.get(k.strip().lower(), f"{k[:1].upper()}{k[1:]}: wat past bij u?"), tuple(w)
        )
        for k, w in per_kenmerk.items()
    ]


def lees_sessies(tekst: str) -> list[str]:
    """Session dates typed one per line as ``dd-mm-jjjj`` (or ``jjjj-mm-dd``); ISO strings,
    sorted. ``ValueError`` with a B1 message for a line that is not a date."""
    uit: set[str] = set()
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        regel = regel.strip()
        if not regel:
            continue
        gevonden = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", regel)
        try:
            if gevonden:
                dag = date(int(gevonden[3]), int(gevonden[2]), int(gevonden[1]))
            else:
                dag = date.fromisoformat(regel)
        except ValueError:
            raise ValueError(
                _("Regel %(n)d: dit is geen datum. Schrijf de datum zo: 20-01-2027.", n=nummer)
            ) from None
        uit.add(dag.isoformat())
    if len(uit) > MAX_SESSIES:
        raise ValueError(_("Vul hoogstens %(n)d datums in.", n=MAX_SESSIES))
    return sorted(uit)


def save_opzet(
    actor: Any, beraad: Beraad, quota_csv: bytes, sessies: list[str], reserves: int
) -> WervingOpzet:
    """Store what the form asks, or ``LotingInvoerFout``. The questions cannot change once
    someone registered: their answers would no longer fit."""
    quota = lot.parse_quota(quota_csv)
    opzet = opzet_voor(beraad)
    if opzet is not None and opzet.quota_csv != quota_csv and aantal(beraad) > 0:
        oud = {(q.kenmerk, q.waarde) for q in lot.parse_quota(opzet.quota_csv)}
        if {(q.kenmerk, q.waarde) for q in quota} != oud:
            raise lot.LotingInvoerFout(
                [
                    _(
                        "Er zijn al aanmeldingen. U kunt nu alleen de aantallen (min en max) "
                        "veranderen, niet de vragen of de antwoorden."
                    )
                ]
            )
    if opzet is None:
        opzet = WervingOpzet(beraad_id=beraad.id)
        db.session.add(opzet)
    opzet.quota_csv = quota_csv
    opzet.sessies = sessies
    opzet.reserves = reserves
    opzet.updated_at = utcnow()
    db.session.flush()
    record_audit(actor, "werving.opzet", beraad, quotas=len(quota), sessies=len(sessies))
    return opzet


def is_open(beraad: Beraad) -> bool:
    return beraad.fase in OPEN_FASEN and opzet_voor(beraad) is not None


def open_beraden() -> list[Beraad]:
    return list(
        db.session.scalars(
            sa.select(Beraad)
            .join(WervingOpzet, WervingOpzet.beraad_id == Beraad.id)
            .where(Beraad.fase.in_(OPEN_FASEN))
            .order_by(Beraad.id)
        )
    )
