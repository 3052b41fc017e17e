"""The recruitment dashboard and the pool for the stratified draw."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from open_nijmegen.core import codes
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.aanmelding.common import aanmeldingen
from open_nijmegen.inwonersberaad.aanmelding.opzet import opzet_voor, vragen
from open_nijmegen.inwonersberaad.aanmelding.registratie import adres_sleutel
from open_nijmegen.inwonersberaad.aanmelding_models import (
    AanmeldStatus,
    BeraadAanmelding,
    WervingOpzet,
)
from open_nijmegen.inwonersberaad.models import AdresTrekking, Beraad, Loting
from open_nijmegen.inwonersberaad.werving_cli import CODE_OWNER

# -- dashboard and pool ---------------------------------------------------------------------


def pool_csv(rows: list[BeraadAanmelding], opzet: WervingOpzet) -> bytes:
    """The lottery's people file: ``id`` (the pseudonym) and one column per feature."""
    kenmerken = [v.kenmerk for v in vragen(opzet)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *kenmerken])
    for row in rows:
        writer.writerow([row.pseudoniem, *(row.kenmerken.get(k, "") for k in kenmerken)])
    return out.getvalue().encode("utf-8")


@dataclass
class Stratum:
    kenmerk: str
    waarde: str
    aangemeld: int
    min: int
    max: int

    @property
    def tekort(self) -> int:
        return max(0, self.min - self.aangemeld)


@dataclass
class Stand:
    strata: list[Stratum]
    totaal: int
    nodig: int
    namens: int
    waarschuwingen: list[str]
    codes_gemaakt: int
    codes_gebruikt: int

    @property
    def niet_gereageerd(self) -> int:
        return max(0, self.codes_gemaakt - self.codes_gebruikt)


def stand(beraad: Beraad, opzet: WervingOpzet) -> Stand:
    """Registrations per stratum against the quotas, and the feasibility check of the lottery
    on the pool as it is now."""
    rows = aanmeldingen(beraad, AanmeldStatus.AANGEMELD)
    quota = lot.parse_quota(opzet.quota_csv)
    telling: dict[tuple[str, str], int] = {}
    for row in rows:
        for k, w in row.kenmerken.items():
            telling[(k, w)] = telling.get((k, w), 0) + 1
    strata = [
        Stratum(q.kenmerk, q.waarde, telling.get((q.kenmerk, q.waarde), 0), q.min, q.max)
        for q in quota
    ]
    panel = beraad.omvang or 0
    waarschuwingen: list[str] = []
    if not panel:
        waarschuwingen.append(_("Vul eerst bij het beraad het aantal leden in."))
    elif not rows:
        waarschuwingen.append(_("Er zijn nog geen aanmeldingen."))
    else:
        try:
            invoer = lot.parse_input(pool_csv(rows, opzet), opzet.quota_csv)
            waarschuwingen = lot.controleer_haalbaarheid(invoer, panel, opzet.reserves)
        except lot.LotingInvoerFout as fout:
            waarschuwingen = fout.errors
    gemaakt, gebruikt = codes.counts(CODE_OWNER, beraad.id)
    return Stand(
        strata=strata,
        totaal=len(rows),
        nodig=panel + opzet.reserves,
        namens=sum(1 for r in rows if r.is_assisted),
        waarschuwingen=waarschuwingen,
        codes_gemaakt=gemaakt,
        codes_gebruikt=gebruikt,
    )


def start_loting(
    actor: Any, beraad: Beraad, methode: str = "maximin", uniform_m: int | None = None
) -> Loting:
    """The stratified draw straight from the registrations (the existing job and record), with
    the same methods as the lottery with files and ``flask loting trek``: ``methode`` maximin or
    leximin, and ``uniform_m`` for the uniform final step (None: without it)."""
    opzet = opzet_voor(beraad)
    if opzet is None:
        raise services.BeraadFout(_("Stel eerst de vragen voor de aanmelding in."))
    rows = aanmeldingen(beraad, AanmeldStatus.AANGEMELD)
    if not rows:
        raise services.BeraadFout(_("Er zijn nog geen aanmeldingen."))
    if not beraad.omvang:
        raise services.BeraadFout(_("Vul eerst bij het beraad het aantal leden in."))
    return services.start_loting(
        actor,
        beraad,
        pool_csv(rows, opzet),
        opzet.quota_csv,
        beraad.omvang,
        opzet.reserves,
        methode,
        uniform_m,
    )


def niet_gereageerd(beraad: Beraad) -> tuple[AdresTrekking | None, list[dict[str, str]]]:
    """The newest draw that still has its address list, and its addresses without a
    registration (for a reminder letter)."""
    trekking = db.session.scalar(
        sa.select(AdresTrekking)
        .where(AdresTrekking.beraad_id == beraad.id, AdresTrekking.adressen.is_not(None))
        .order_by(AdresTrekking.created_at.desc(), AdresTrekking.id.desc())
        .limit(1)
    )
    if trekking is None or not trekking.adressen:
        return trekking, []
    gedaan = {adres_sleutel(r.postcode, r.huisnummer) for r in aanmeldingen(beraad)}
    return trekking, [
        a for a in trekking.adressen if adres_sleutel(a["postcode"], a["huisnummer"]) not in gedaan
    ]
