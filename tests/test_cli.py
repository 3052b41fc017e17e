"""The flask commands, run through Flask's CLI runner: users, demo data, outbox, worker."""

from __future__ import annotations

import sqlalchemy as sa
from factories import make_user

from open_nijmegen.accounts.models import Role, User, WorkArea
from open_nijmegen.accounts.passwords import verify_password
from open_nijmegen.core.models import AuditLog, Job, JobStatus
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus


def _run(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def _counts() -> dict[str, int]:
    db.session.expire_all()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_users_create_reads_the_password_from_stdin(app):
    result = _run(
        app,
        "users",
        "create",
        "--email",
        "Nieuw@Example.org",
        "--name",
        "Ambtenaar Ans",
        "--role",
        "participatiemedewerker",
        "--area",
        "ideeen",
        input="een-sterk-wachtwoord-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "Ambtenaar Ans" in result.output
    user = _user("nieuw@example.org")
    assert user is not None
    assert user.role == Role.PARTICIPATIEMEDEWERKER
    assert [a.area for a in user.work_areas] == [WorkArea.IDEEEN]
    assert user.email_confirmed_at is not None
    assert verify_password(user.password_hash, "een-sterk-wachtwoord-1")
    assert "een-sterk-wachtwoord-1" not in result.output


def test_users_create_refuses_short_missing_or_duplicate(app):
    short = _run(app, "users", "create", "--email", "a@example.org", "--name", "A", input="kort\n")
    assert short.exit_code != 0 and "minstens 10 tekens" in short.output
    empty = _run(app, "users", "create", "--email", "b@example.org", "--name", "B", input="")
    assert empty.exit_code != 0 and "Geen wachtwoord" in empty.output
    make_user(email="bestaat@example.org")
    dup = _run(
        app,
        "users",
        "create",
        "--email",
        "bestaat@example.org",
        "--name",
        "C",
        input="een-sterk-wachtwoord-1\n",
    )
    assert dup.exit_code != 0 and "al een account" in dup.output
    bad_role = _run(
        app, "users", "create", "--email", "d@example.org", "--name", "D", "--role", "koning"
    )
    assert bad_role.exit_code != 0
    assert _user("a@example.org") is None and _user("b@example.org") is None


def test_users_set_role_and_list(app):
    user = make_user(email="wordt-staf@example.org", name="Wordt Staf")
    version = user.session_version
    result = _run(
        app,
        "users",
        "set-role",
        "--email",
        "wordt-staf@example.org",
        "--role",
        "participatiemedewerker",
        "--area",
        "uitdaagrecht",
        "--area",
        "inwonersberaad",
    )
    assert result.exit_code == 0, result.output
    changed = _user("wordt-staf@example.org")
    assert changed.role == Role.PARTICIPATIEMEDEWERKER
    assert {a.area for a in changed.work_areas} == {WorkArea.UITDAAGRECHT, WorkArea.INWONERSBERAAD}
    assert changed.session_version == version + 1, "a role change ends old sessions"
    audit = db.session.scalars(sa.select(AuditLog)).all()
    assert [a.action for a in audit][-1] == "user.role_changed"

    listing = _run(app, "users", "list")
    assert listing.exit_code == 0
    line = next(x for x in listing.output.splitlines() if "Wordt Staf" in x)
    assert "participatiemedewerker" in line and "uitdaagrecht" in line

    back = _run(app, "users", "set-role", "--email", "wordt-staf@example.org", "--role", "inwoner")
    assert back.exit_code == 0
    assert _user("wordt-staf@example.org").work_areas == []
    missing = _run(app, "users", "set-role", "--email", "niemand@example.org", "--role", "inwoner")
    assert missing.exit_code != 0 and "Geen account" in missing.output


def test_demo_data_is_idempotent_and_hides_passwords_outside_development(app):
    from open_nijmegen.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    first = _run(app, "demo-data")
    assert first.exit_code == 0, first.output
    counts = _counts()
    assert counts["user"] >= len(DEMO_ACCOUNTS)
    assert DEMO_PASSWORD not in first.output
    second = _run(app, "demo-data")
    assert second.exit_code == 0, second.output
    assert _counts() == counts
    roles = {_user(email).role for email, _n, _r in DEMO_ACCOUNTS.values()}
    assert roles == set(Role)


def test_demo_data_prints_passwords_in_development(app):
    from open_nijmegen.demo import DEMO_PASSWORD

    app.config["SHOW_DEMO_PASSWORDS"] = True
    try:
        result = _run(app, "demo-data")
    finally:
        app.config["SHOW_DEMO_PASSWORDS"] = False
    assert result.exit_code == 0
    assert DEMO_PASSWORD in result.output
    assert "beheerder@demo.open-nijmegen.nl" in result.output


def test_demo_data_if_empty(app):
    make_user(email="al-iemand@example.org")
    skipped = _run(app, "demo-data-if-empty")
    assert skipped.exit_code == 0
    assert "geen voorbeeldinhoud" in skipped.output
    assert _counts()["user"] == 1


def test_demo_data_if_empty_loads_on_an_empty_database(app):
    result = _run(app, "demo-data-if-empty")
    assert result.exit_code == 0, result.output
    assert "Voorbeeldinhoud geladen." in result.output
    assert _counts()["user"] >= 4


def test_outbox_send(app, smtp_server):
    from open_nijmegen.notifications.services import queue_mail

    user = make_user(email="post@example.org")
    queue_mail(user, "accounts/wachtwoord_gewijzigd", "Uw wachtwoord is gewijzigd")
    db.session.commit()
    result = _run(app, "outbox", "send")
    assert result.exit_code == 0, result.output
    assert "verstuurd: 1" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["post@example.org"]
    status = db.session.scalar(sa.select(OutboxMessage.status))
    assert status == OutboxStatus.SENT


def test_worker_once_runs_queued_jobs(app):
    from open_nijmegen.core.jobs import enqueue, job_handler

    seen = []

    @job_handler("test.cli")
    def handle(job):
        seen.append(job.payload["n"])
        return {"ok": True}

    enqueue("test.cli", {"n": 1})
    enqueue("test.cli", {"n": 2})
    db.session.commit()
    result = _run(app, "worker", "--once")
    assert result.exit_code == 0, result.output
    assert "2 taken uitgevoerd." in result.output
    assert seen == [1, 2]
    db.session.expire_all()
    # The worker also queues the daily digest for later; the two jobs given to it are done.
    statuses = db.session.scalars(sa.select(Job.status).where(Job.kind != "digest.dagelijks"))
    assert set(statuses) == {JobStatus.DONE}


def test_no_demo_data_in_production(app):
    app.config["OPEN_NIJMEGEN_ENV"] = "production"
    try:
        refused = _run(app, "demo-data")
        skipped = _run(app, "demo-data-if-empty")
    finally:
        app.config["OPEN_NIJMEGEN_ENV"] = "test"
    assert refused.exit_code != 0 and "productie" in refused.output
    assert skipped.exit_code == 0 and "productie" in skipped.output
    assert _counts()["user"] == 0
