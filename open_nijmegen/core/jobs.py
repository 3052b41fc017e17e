"""Background jobs: a table of work, claimed safely by ``flask worker`` processes.

On PostgreSQL a job is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED``, so several workers
never take the same job. On SQLite (one writer at a time) a guarded UPDATE does the same.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Job, JobStatus
from open_nijmegen.extensions import db

Handler = Callable[[Job], dict[str, Any] | None]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def decorator(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return decorator


def handlers() -> dict[str, Handler]:
    return dict(_HANDLERS)


def enqueue(
    kind: str, payload: dict[str, Any] | None = None, run_after: datetime | None = None
) -> Job:
    job = Job(kind=kind, payload=payload or {}, run_after=run_after or utcnow())
    db.session.add(job)
    db.session.flush()
    return job


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_next(worker: str, kinds: list[str] | None = None) -> Job | None:
    now = utcnow()
    stmt = (
        sa.select(Job.id)
        .where(Job.status == JobStatus.QUEUED, Job.run_after <= now)
        .order_by(Job.run_after, Job.id)
        .limit(1)
    )
    if kinds:
        stmt = stmt.where(Job.kind.in_(kinds))
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    job_id = db.session.scalar(stmt)
    if job_id is None:
        db.session.rollback()
        return None
    # The guarded UPDATE makes the claim safe on SQLite too: only one worker changes the row.
    result = db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            locked_by=worker,
            locked_at=now,
            attempts=Job.attempts + 1,
            updated_at=now,
        )
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(Job, job_id)


def set_progress(job: Job, fraction: float, text: str) -> None:
    """Record progress in its own short transaction so the web page can show it."""
    db.session.execute(
        sa.update(Job)
        .where(Job.id == job.id)
        .values(
            progress=max(0.0, min(1.0, fraction)), progress_text=text[:255], updated_at=utcnow()
        )
    )
    db.session.commit()


def run_job(job: Job) -> None:
    handler = _HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        result = handler(job)
    except Exception as error:  # noqa: BLE001 - a failing job must never stop the worker
        db.session.rollback()
        job = db.session.get(Job, job.id)  # type: ignore[assignment]
        current_app.logger.error("job %s (%s) failed: %s", job.id, job.kind, error)
        job.error = "".join(traceback.format_exception_only(type(error), error))[-2000:]
        if job.attempts < job.max_attempts and not isinstance(error, LookupError):
            job.status = JobStatus.QUEUED
            job.run_after = utcnow() + timedelta(seconds=30 * 2**job.attempts)
        else:
            job.status = JobStatus.FAILED
        job.locked_by = None
        db.session.commit()
        return
    job.status = JobStatus.DONE
    job.progress = 1.0
    job.result = result
    job.error = None
    job.locked_by = None
    db.session.commit()


RECOVER_EVERY = 60.0  # seconds between looks for mail a crashed worker left claimed


def work(once: bool = False, idle_sleep: float = 2.0, max_jobs: int | None = None) -> int:
    """Run jobs until none are left (``once``) or forever. Returns the number of jobs run."""
    from open_nijmegen.notifications.digest import schedule_daily_digest
    from open_nijmegen.notifications.sender import recover_stuck, send_outbox

    me = worker_id()
    done = 0
    # Recurring work that re-queues itself once it has run: make sure it is queued.
    schedule_daily_digest()
    db.session.commit()
    recovered_at = float("-inf")
    while True:
        job = claim_next(me)
        if job is not None:
            run_job(job)
            done += 1
            if max_jobs is not None and done >= max_jobs:
                return done
            continue
        if time.monotonic() - recovered_at >= RECOVER_EVERY:
            # Mail a crashed worker had claimed goes back to the queue (after its crash window).
            recover_stuck()
            recovered_at = time.monotonic()
        sent, failed = send_outbox()
        if once and sent == 0:
            return done
        if sent == 0 and failed == 0:
            time.sleep(idle_sleep)
