"""After the draw: mails to everyone, reserves in order, a dropout replaced, the purge."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.aanmelding.common import aanmeldingen
from open_nijmegen.inwonersberaad.aanmelding.dashboard import pool_csv
from open_nijmegen.inwonersberaad.aanmelding.opzet import opzet_voor
from open_nijmegen.inwonersberaad.aanmelding_models import (
    AanmeldStatus,
    BeraadAanmelding,
)
from open_nijmegen.inwonersberaad.models import Beraad, Loting, LotingStatus
from open_nijmegen.notifications.services import queue_mail

# -- after the draw -------------------------------------------------------------------------


def uitslag_loting(beraad: Beraad) -> Loting | None:
    """The newest finished lottery of this beraad whose panel are registrations of it."""
    ids = {r.pseudoniem for r in aanmeldingen(beraad)}
    for row in db.session.scalars(
        sa.select(Loting)
        .where(Loting.beraad_id == beraad.id, Loting.status == LotingStatus.KLAAR)
        .order_by(Loting.klaar_op.desc(), Loting.id.desc())
    ):
        panel = (row.record or {}).get("panel") or []
        if panel and set(panel) <= ids:
            return row
    return None


def verwerk_uitslag(actor: Any, beraad: Beraad, loting: Loting) -> dict[str, int]:
    """Mark and mail everyone: chosen (membership invitation), reserves (in order), the rest
    (thank-you). Once per beraad."""
    opzet = opzet_voor(beraad)
    if opzet is None or opzet.uitslag_loting_id is not None:
        raise services.BeraadFout(_("De uitslag is al verstuurd."))
    if loting.beraad_id != beraad.id or loting.status != LotingStatus.KLAAR or not loting.record:
        raise services.BeraadFout(_("Deze loting is niet klaar."))
    panel = set(loting.record.get("panel") or [])
    reserves = list(loting.record.get("reserves") or [])
    nu = utcnow()
    tel = {"gekozen": 0, "reserve": 0, "niet_gekozen": 0}
    for row in aanmeldingen(beraad, AanmeldStatus.AANGEMELD):
        row.bericht_op = nu
        if row.pseudoniem in panel:
            row.status = AanmeldStatus.GEKOZEN
            tel["gekozen"] += 1
            if row.email:
                services.invite_member(actor, beraad, row.email)
        elif row.pseudoniem in reserves:
            row.status = AanmeldStatus.RESERVE
            row.reserve_nummer = reserves.index(row.pseudoniem) + 1
            tel["reserve"] += 1
            _mail(row, "inwonersberaad/aanmelding_reserve", _("U staat op de reservelijst"))
        else:
            row.status = AanmeldStatus.NIET_GEKOZEN
            tel["niet_gekozen"] += 1
            _mail(row, "inwonersberaad/aanmelding_bedankt", _("Dank u wel voor uw aanmelding"))
    opzet.uitslag_loting_id = loting.id
    opzet.uitslag_op = nu
    db.session.flush()
    record_audit(actor, "werving.uitslag", beraad, loting=loting.id, **tel)
    return tel


def _mail(row: BeraadAanmelding, template: str, onderwerp: str) -> None:
    if row.email:
        queue_mail(
            row.email,
            template,
            onderwerp,
            beraad=row.beraad,
            aanmelding=row,
            bewaar_dagen=int(get_setting("bewaar.werving_aanmeldingen_dagen")),
        )


def vervang(actor: Any, beraad: Beraad, uitvaller: BeraadAanmelding) -> BeraadAanmelding | None:
    """``uitvaller`` stops; the first reserve who keeps every quota takes the seat (mailed the
    membership invitation). None when no reserve fits: then the seat stays empty."""
    opzet = opzet_voor(beraad)
    if opzet is None or uitvaller.beraad_id != beraad.id:
        raise services.BeraadFout(_("Deze aanmelding hoort niet bij dit beraad."))
    if uitvaller.status != AanmeldStatus.GEKOZEN:
        raise services.BeraadFout(_("Alleen iemand die is gekozen, kan afvallen."))
    alle = aanmeldingen(beraad)
    invoer = lot.parse_input(pool_csv(alle, opzet), opzet.quota_csv)
    panel = [r.pseudoniem for r in alle if r.status == AanmeldStatus.GEKOZEN]
    reserve_rijen = sorted(
        (r for r in alle if r.status == AanmeldStatus.RESERVE),
        key=lambda r: r.reserve_nummer or 0,
    )
    gekozen = lot.vervanger_voor(
        invoer, panel, uitvaller.pseudoniem, [r.pseudoniem for r in reserve_rijen]
    )
    uitvaller.status = AanmeldStatus.AFGEVALLEN
    uitvaller.bericht_op = utcnow()
    vervanger = next((r for r in reserve_rijen if r.pseudoniem == gekozen), None)
    if vervanger is not None:
        vervanger.status = AanmeldStatus.GEKOZEN
        vervanger.reserve_nummer = None
        if vervanger.email:
            services.invite_member(actor, beraad, vervanger.email)
    db.session.flush()
    record_audit(
        actor,
        "werving.afgevallen",
        beraad,
        aanmelding=uitvaller.id,
        vervanger=vervanger.id if vervanger else None,
    )
    return vervanger


def purge_registrations(now: datetime, dry_run: bool = False) -> int:
    """Delete the registrations of who was not chosen or stopped, a term after the mail.
    Idempotent; a dry run only counts. Never commits."""
    cutoff = now - timedelta(days=int(get_setting("bewaar.werving_aanmeldingen_dagen")))
    where = sa.and_(
        BeraadAanmelding.status.in_([AanmeldStatus.NIET_GEKOZEN, AanmeldStatus.AFGEVALLEN]),
        BeraadAanmelding.bericht_op < cutoff,
    )
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(where)) or 0)
    result = db.session.execute(
        sa.delete(BeraadAanmelding).where(where).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
