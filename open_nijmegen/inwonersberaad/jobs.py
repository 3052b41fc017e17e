"""The lottery as a background job (``flask worker``), never inside a web request.

Order of writes, each committed before the next step: the distribution (before any seed
exists), then the seed (drawn with ``new_seed`` after the distribution is fixed), then the
public record. The officer sees the panel only when the record is stored.
"""

from __future__ import annotations

from typing import Any

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import job_handler, set_progress
from open_nijmegen.core.models import Job
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.models import Loting, LotingStatus


def _mislukt(item: Loting, fouten: list[str]) -> dict[str, Any]:
    item.status = LotingStatus.MISLUKT
    item.fout = "\n".join(fouten)[:10000]
    item.klaar_op = utcnow()
    record_audit(None, "loting.mislukt", item.beraad, loting=item.id)
    db.session.commit()
    return {"ok": False, "loting_id": item.id}


@job_handler("inwonersberaad.loting")
def run_loting_job(job: Job) -> dict[str, Any]:
    item = db.session.get(Loting, int(job.payload.get("loting_id", 0)))
    if item is None:
        return {"ok": False, "reden": "geen loting"}
    if item.status in (LotingStatus.KLAAR, LotingStatus.MISLUKT):
        return {"ok": item.status == LotingStatus.KLAAR, "loting_id": item.id}
    if item.personen_csv is None or item.quota_csv is None:
        return _mislukt(item, ["De bestanden voor de loting zijn er niet meer."])
    item.status = LotingStatus.BEZIG
    db.session.commit()
    try:
        invoer = lot.parse_input(
            item.personen_csv, item.quota_csv, panel_size=item.panelgrootte, reserves=item.reserves
        )

        def voortgang(tekst: str, fractie: float) -> None:
            set_progress(job, fractie, tekst)

        methode = str(job.payload.get("methode") or "maximin")
        uniform_m = job.payload.get("uniform_m")
        verdeling = lot.bereken_verdeling(invoer, item.panelgrootte, methode, voortgang)
        uniform = None
        if uniform_m is not None:
            set_progress(job, 0.95, "We maken de panels die even veel kans hebben.")
            uniform = lot.rond_af(
                verdeling, int(uniform_m), invoer=invoer, panelgrootte=item.panelgrootte
            )
    except lot.LotingInvoerFout as fout:
        db.session.rollback()
        item = db.session.get(Loting, item.id)  # type: ignore[assignment]
        return _mislukt(item, fout.errors)
    except Exception:
        db.session.rollback()
        item = db.session.get(Loting, item.id)  # type: ignore[assignment]
        _mislukt(item, ["Er ging iets mis bij het rekenen. Probeer het later opnieuw."])
        raise
    # 1. The distribution is stored before any seed exists.
    item.verdeling = {
        "algorithm": verdeling.algoritme,
        "panels": [list(p) for p in verdeling.panels],
        "probabilities": list(verdeling.kansen),
    }
    if uniform is not None:  # the M panels are fixed before the seed, like the distribution
        item.verdeling["uniform"] = {"m": uniform.m, "panels": [list(p) for p in uniform.panels]}
    db.session.commit()
    # 2. The seed is drawn now and stored before the draw is shown.
    item.seed = lot.new_seed()
    db.session.commit()
    set_progress(job, 0.97, "We trekken de groep.")
    resultaat = lot.maak_resultaat(
        invoer, verdeling, item.panelgrootte, item.reserves, item.seed, uniform=uniform
    )
    item.record = resultaat.to_public_dict()
    item.status = LotingStatus.KLAAR
    item.klaar_op = utcnow()
    record_audit(
        None,
        "loting.klaar",
        item.beraad,
        loting=item.id,
        people_sha256=item.personen_sha256,
        quotas_sha256=item.quota_sha256,
        seed=item.seed,
    )
    db.session.commit()
    return {"ok": True, "loting_id": item.id}
