"""Background jobs: enqueue, safe claims (also from threads), retries, failures, progress."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import (
    claim_next,
    enqueue,
    job_handler,
    run_job,
    set_progress,
    work,
)
from open_nijmegen.core.models import Job, JobStatus
from open_nijmegen.extensions import db


def _job(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


def test_enqueue_and_claim():
    job = enqueue("test.ok", {"a": 1})
    later = enqueue("test.ok", run_after=utcnow() + timedelta(hours=1))
    db.session.commit()
    claimed = claim_next("werker-1")
    assert claimed is not None and claimed.id == job.id
    assert claimed.status == JobStatus.RUNNING
    assert claimed.locked_by == "werker-1" and claimed.attempts == 1
    assert claim_next("werker-2") is None, "the other job is not due yet"
    assert _job(later.id).status == JobStatus.QUEUED


def test_claim_only_the_given_kinds():
    enqueue("test.a")
    b = enqueue("test.b")
    db.session.commit()
    claimed = claim_next("w", kinds=["test.b"])
    assert claimed is not None and claimed.id == b.id


def test_run_job_success_records_result():
    @job_handler("test.ok")
    def ok(job):
        set_progress(job, 0.5, "half")
        return {"done": job.payload["n"]}

    job = enqueue("test.ok", {"n": 7})
    db.session.commit()
    run_job(claim_next("w"))
    done = _job(job.id)
    assert done.status == JobStatus.DONE
    assert done.result == {"done": 7}
    assert done.progress == 1.0 and done.progress_text == "half"
    assert done.locked_by is None and done.error is None


def test_progress_is_committed_even_when_the_job_then_fails():
    @job_handler("test.half")
    def half(job):
        set_progress(job, 0.4, "40 van de 100 " + "x" * 400)
        raise RuntimeError("kapot")

    job = enqueue("test.half")
    db.session.commit()
    run_job(claim_next("w"))
    failed = _job(job.id)
    assert failed.progress == 0.4
    assert len(failed.progress_text) == 255


def test_failing_job_retries_with_backoff_then_fails():
    calls = []

    @job_handler("test.fail")
    def fail(job):
        calls.append(job.attempts)
        raise ValueError("geheim probleem")

    job = enqueue("test.fail")
    db.session.commit()
    delays = []
    for attempt in range(1, 4):
        before = utcnow()
        claimed = claim_next("w")
        assert claimed is not None and claimed.attempts == attempt
        run_job(claimed)
        state = _job(job.id)
        assert "ValueError: geheim probleem" in state.error
        if attempt < 3:
            assert state.status == JobStatus.QUEUED
            delays.append(state.run_after - before)
            assert claim_next("w") is None, "not retried before the backoff"
            state.run_after = utcnow() - timedelta(seconds=1)
            db.session.commit()
        else:
            assert state.status == JobStatus.FAILED
    assert calls == [1, 2, 3]
    assert delays[0] >= timedelta(seconds=60) and delays[1] >= timedelta(seconds=120)
    assert claim_next("w") is None


def test_unknown_kind_fails_at_once():
    job = enqueue("test.bestaat-niet")
    db.session.commit()
    run_job(claim_next("w"))
    state = _job(job.id)
    assert state.status == JobStatus.FAILED and state.attempts == 1
    assert "no handler" in state.error


def test_work_once_runs_everything_and_stops():
    seen = []

    @job_handler("test.work")
    def handle(job):
        seen.append(job.payload["i"])

    for i in range(3):
        enqueue("test.work", {"i": i})
    db.session.commit()
    assert work(once=True) == 3
    assert seen == [0, 1, 2]
    assert work(once=True) == 0


def test_two_workers_never_claim_the_same_job(app):
    """Threads claim concurrently, each with its own app context and database session."""
    total = 40
    for i in range(total):
        enqueue("test.race", {"i": i})
    db.session.commit()
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker(name: str) -> None:
        mine: list[int] = []
        try:
            with app.app_context():
                start.wait()
                while True:
                    job = claim_next(name, kinds=["test.race"])
                    if job is None:
                        remaining = db.session.scalar(
                            sa.select(sa.func.count())
                            .select_from(Job)
                            .where(Job.kind == "test.race", Job.status == JobStatus.QUEUED)
                        )
                        db.session.rollback()
                        if not remaining:
                            break
                        continue
                    mine.append(job.id)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        claimed[name] = mine

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    all_ids = [i for ids in claimed.values() for i in ids]
    assert len(all_ids) == len(set(all_ids)), "a job was claimed twice"
    assert len(all_ids) == total
    db.session.expire_all()
    rows = db.session.execute(sa.select(Job.id, Job.locked_by, Job.attempts)).all()
    owner = {i: name for name, ids in claimed.items() for i in ids}
    assert all(locked_by == owner[job_id] and attempts == 1 for job_id, locked_by, attempts in rows)
