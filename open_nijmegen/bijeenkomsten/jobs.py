"""Background jobs (``flask worker``): the reminder the day before, and the end of a seat a
guest did not confirm in time. Both are queued when the cause happens and check again when
they run, so a moved or cancelled event, or a confirmed seat, makes them do nothing."""

from __future__ import annotations

from typing import Any

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.bijeenkomsten.models import Aanmelding, Bijeenkomst
from open_nijmegen.core.jobs import job_handler
from open_nijmegen.core.models import Job
from open_nijmegen.extensions import db


@job_handler("bijeenkomsten.herinnering")
def reminder_job(job: Job) -> dict[str, Any]:
    item = db.session.get(Bijeenkomst, int(job.payload.get("bijeenkomst_id", 0)))
    if item is None:
        return {"verstuurd": 0}
    sent = services.send_reminders(item, str(job.payload.get("begint_op", "")))
    db.session.commit()
    return {"verstuurd": sent}


@job_handler("bijeenkomsten.verlopen")
def expire_job(job: Job) -> dict[str, Any]:
    row = db.session.get(Aanmelding, int(job.payload.get("aanmelding_id", 0)))
    if row is None:
        return {"verlopen": False}
    done = services.expire_unconfirmed(row)
    db.session.commit()
    return {"verlopen": done}
