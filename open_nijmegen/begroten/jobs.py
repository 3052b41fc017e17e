"""The count at the close, as a background job (``flask worker`` runs it).

Publishing the ballot list queues the job for the moment voting closes. The job counts only
when voting is really closed (the dates may have moved: then it queues itself again for the
new close) and only once (a second job finds the result and stops).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.begroten import ballots, counting
from open_nijmegen.begroten.models import Begroting, Plan, Uitvoering
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions.services import notify_followers
from open_nijmegen.core.jobs import enqueue, job_handler, set_progress
from open_nijmegen.core.models import Job, StatusChange
from open_nijmegen.extensions import db

JOB_KIND = "begroten.tellen"
CLOSED = (Fase.UITSLAG, Fase.UITVOERING)


def schedule_count(begroting: Begroting) -> Job:
    return enqueue(JOB_KIND, {"begroting_id": begroting.id}, run_after=begroting.uitslag_vanaf)


def count_begroting(begroting: Begroting, actor: Any = None, job: Job | None = None) -> bool:
    """Count, store the result and the .pb file, mark the winners. False: not (yet) counted."""
    if begroting.is_geteld or begroting.fase_op() not in CLOSED:
        return False
    plans = ballots.ballot_plans(begroting)
    inputs = [counting.PlanInput(p.id, int(p.kosten or 0), p.titel) for p in plans]
    cast = ballots.all_ballots(begroting.id)  # random order
    if job is not None:
        set_progress(job, 0.1, f"{len(cast)} stembiljetten tellen")
        begroting = db.session.get(Begroting, begroting.id)  # type: ignore[assignment]
    result = counting.count(inputs, cast, begroting.budget)
    text = counting.pabulib_text(
        inputs,
        cast,
        begroting.budget,
        result,
        description=begroting.titel,
        district=begroting.stadsdeel or begroting.gebied.value,
        stemwijze=begroting.stemwijze.value,
        max_keuzes=begroting.max_keuzes,
        date_begin=begroting.stemmen_vanaf,
        date_end=begroting.uitslag_vanaf,
    )
    begroting.uitslag = result.as_dict()
    begroting.pb_bestand = text
    begroting.pb_sha256 = counting.sha256_text(text)
    begroting.geteld_op = utcnow()
    now = utcnow()
    winners = set(result.winnaars)
    for plan in db.session.scalars(sa.select(Plan).where(Plan.id.in_(winners or [-1]))):
        plan.uitvoering = Uitvoering.GEPLAND
        db.session.add(
            StatusChange(
                object_type="plan",
                object_id=plan.id,
                from_status=None,
                to_status="gekozen",
                explanation="",
                is_public=True,
                actor_id=getattr(actor, "id", None),
                created_at=now,
            )
        )
        notify_followers(
            plan,
            "begroten/plan_status",
            _l("Nieuws over het plan: %(titel)s", titel=plan.titel[:80]),
            plan=plan,
            status_label=_l("Gekozen bij de stemming"),
            explanation=_l("De stemming is geteld. Dit plan is gekozen en wordt uitgevoerd."),
        )
    record_audit(
        actor, "begroting.geteld", begroting, stembiljetten=len(cast), gekozen=len(winners)
    )
    return True


@job_handler(JOB_KIND)
def _count_job(job: Job) -> dict[str, Any]:
    begroting = db.session.get(Begroting, int(job.payload.get("begroting_id", 0)))
    if begroting is None:
        return {"geteld": False, "reden": "begroting bestaat niet meer"}
    if begroting.is_geteld:
        return {"geteld": False, "reden": "al geteld"}
    if begroting.fase_op() not in CLOSED:
        schedule_count(begroting)  # the close moved: count at the new close
        db.session.commit()
        return {"geteld": False, "reden": "stemmen nog open"}
    done = count_begroting(begroting, job=job)
    db.session.commit()
    return {"geteld": done, "stembiljetten": (begroting.uitslag or {}).get("stembiljetten", 0)}
