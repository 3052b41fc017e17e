"""The daily digest: mails for users who chose "dagelijks" wait in the outbox with
``digest_key="dagelijks"``; once a day they are bundled into one mail per recipient.

Run it from the worker (job kind ``digest.dagelijks``, which schedules its next run) or call
``send_daily_digests()`` from a CLI command or cron.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import enqueue, job_handler
from open_nijmegen.core.models import Job, JobStatus
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus
from open_nijmegen.notifications.services import queue_mail

DIGEST_KEY = "dagelijks"
JOB_KIND = "digest.dagelijks"
SEND_HOUR = 7  # local time in Nijmegen


def send_daily_digests(digest_key: str = DIGEST_KEY) -> int:
    """Bundle pending digest mails into one mail per recipient. Returns the mails queued.

    The bundled messages are marked ``digested`` in the same transaction that queues the
    digest, so a crash never sends a message twice or loses one.
    """
    stmt = (
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.digest_key == digest_key,
        )
        .order_by(OutboxMessage.recipient, OutboxMessage.id)
    )
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    pending = list(db.session.scalars(stmt))
    groups: dict[str, list[OutboxMessage]] = {}
    for message in pending:
        groups.setdefault(message.recipient, []).append(message)
    from open_nijmegen.accounts.models import User

    queued = 0
    for recipient, messages in groups.items():
        user_id = messages[0].user_id
        user: Any = db.session.get(User, user_id) if user_id else None
        target = user if user is not None and user.email == recipient else recipient
        mail = queue_mail(
            target,
            "notifications/dagelijks",
            _l("Uw dagelijkse overzicht van Open Nijmegen (%(n)d berichten)", n=len(messages)),
            messages=messages,
        )
        for message in messages:
            message.status = OutboxStatus.DIGESTED
        queued += mail is not None
    db.session.commit()
    return queued


def next_run(now: datetime | None = None) -> datetime:
    """The next SEND_HOUR o'clock in Nijmegen, as UTC."""
    now = now or utcnow()
    local = now.astimezone(
        ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))
    )
    run = local.replace(hour=SEND_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += timedelta(days=1)
    return run.astimezone(now.tzinfo)


def schedule_daily_digest() -> Job:
    """Make sure one digest job is queued; returns it."""
    existing = db.session.scalar(
        sa.select(Job).where(Job.kind == JOB_KIND, Job.status == JobStatus.QUEUED).limit(1)
    )
    if existing is not None:
        return existing
    return enqueue(JOB_KIND, {}, run_after=next_run())


@job_handler(JOB_KIND)
def run_digest_job(job: Job) -> dict[str, Any]:
    count = send_daily_digests()
    db.session.add(Job(kind=JOB_KIND, payload={}, run_after=next_run()))
    return {"mails": count}
