"""Retention purge with a fake clock: each kind, idempotent, and a dry run changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from privacy.seed import all_text, count, rich_person

from open_nijmegen.accounts.models import BlockedDisplayName, LoginEvent, User
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.jobs import enqueue, handlers, run_job
from open_nijmegen.core.models import AuditLog, Job, JobStatus
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus
from open_nijmegen.privacy.purge import purge, register_purger, report, unregister_purger

NOW = utcnow().replace(microsecond=0) + timedelta(days=1000)  # the fake clock
DAY = timedelta(days=1)


def _counts(now=NOW, dry_run=False):
    lines = purge(now, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return {line.name: line.count for line in lines}


def _user(created_days_ago: float, **kwargs):
    user = make_user(password="", **kwargs)
    user.created_at = NOW - timedelta(days=created_days_ago)
    db.session.commit()
    return user


def test_unconfirmed_accounts_are_erased_after_the_term():
    old = _user(15, confirmed=False)
    young = _user(13, confirmed=False)
    confirmed = _user(400, confirmed=True)
    confirmed.last_login_at = NOW - DAY
    db.session.commit()
    ids = old.id, young.id, confirmed.id
    assert _counts()["onbevestigde_accounts"] == 1
    assert db.session.get(User, ids[0]) is None  # never took part: gone entirely
    assert db.session.get(User, ids[1]) is not None
    assert db.session.get(User, ids[2]).email is not None
    assert count(BlockedDisplayName) == 0  # never public, so the name is not blocked
    assert _counts()["onbevestigde_accounts"] == 0  # idempotent


def test_inactive_accounts_get_a_warning_first_then_are_erased():
    term = 3 * 365
    sleeper = _user(term + 10)
    sleeper.last_login_at = NOW - timedelta(days=term + 1)
    active = _user(term + 10)
    active.last_login_at = NOW - 10 * DAY
    staff = make_staff(password="")
    staff.created_at = NOW - timedelta(days=term + 10)
    db.session.commit()

    first = _counts()
    assert first["inactieve_accounts_gewaarschuwd"] == 1
    assert first["inactieve_accounts_gewist"] == 0
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [m.recipient for m in mails] == [sleeper.email]
    assert "binnenkort gewist" in mails[0].subject and "30 dagen" in mails[0].body_text

    # The same day again, and during the grace period: nothing new.
    assert _counts()["inactieve_accounts_gewaarschuwd"] == 0
    during = _counts(NOW + 29 * DAY)
    assert during["inactieve_accounts_gewist"] == 0
    assert during["inactieve_accounts_gewaarschuwd"] == 0

    after = _counts(NOW + 31 * DAY)
    assert after["inactieve_accounts_gewist"] == 1
    assert db.session.get(User, sleeper.id) is None  # took no part: deleted entirely
    assert db.session.get(User, active.id).erased_at is None
    assert db.session.get(User, staff.id).erased_at is None
    assert _counts(NOW + 32 * DAY)["inactieve_accounts_gewist"] == 0


def test_logging_in_after_the_warning_keeps_the_account():
    term = 3 * 365
    user = _user(term + 10)
    user.last_login_at = NOW - timedelta(days=term + 1)
    db.session.commit()
    assert _counts()["inactieve_accounts_gewaarschuwd"] == 1
    user = db.session.get(User, user.id)
    user.last_login_at = NOW + 10 * DAY
    db.session.commit()
    result = _counts(NOW + 31 * DAY)
    assert result["inactieve_accounts_gewist"] == 0
    assert result["inactieve_accounts_gewaarschuwd"] == 0
    assert db.session.get(User, user.id).erased_at is None
    # Inactive again for the whole term: a new warning.
    later = NOW + 10 * DAY + timedelta(days=term + 1)
    assert _counts(later)["inactieve_accounts_gewaarschuwd"] == 1


def test_ip_addresses_are_cleared_after_the_term():
    user = _user(1)
    db.session.add_all(
        [
            LoginEvent(
                user_id=user.id,
                method="wachtwoord",
                ip_address="203.0.113.9",
                created_at=NOW - 31 * DAY,
            ),
            LoginEvent(
                user_id=user.id,
                method="wachtwoord",
                ip_address="203.0.113.10",
                created_at=NOW - 29 * DAY,
            ),
        ]
    )
    db.session.commit()
    assert _counts()["ip_adressen"] == 1
    ips = db.session.scalars(sa.select(LoginEvent.ip_address).order_by(LoginEvent.id)).all()
    assert ips == [None, "203.0.113.10"]  # the login itself stays in the history
    assert _counts()["ip_adressen"] == 0


def _mail(status, days_ago, sent=True):
    message = OutboxMessage(
        recipient="iemand@example.org",
        subject="Onderwerp",
        body_text="tekst",
        body_html="<p>tekst</p>",
        message_id=f"<{status}-{days_ago}-{sent}@open-nijmegen.test>",
        status=status,
        created_at=NOW - timedelta(days=days_ago),
        sent_at=NOW - timedelta(days=days_ago) if sent else None,
    )
    db.session.add(message)
    return message


def test_old_mail_is_deleted_but_never_mail_still_to_send():
    _mail(OutboxStatus.SENT, 91)
    _mail(OutboxStatus.FAILED, 91, sent=False)
    _mail(OutboxStatus.DIGESTED, 95, sent=False)
    _mail(OutboxStatus.SENT, 89)
    _mail(OutboxStatus.PENDING, 200, sent=False)
    db.session.commit()
    assert _counts()["mail"] == 3
    left = sorted(db.session.scalars(sa.select(OutboxMessage.status)).all())
    assert left == sorted([OutboxStatus.SENT, OutboxStatus.PENDING])
    assert _counts()["mail"] == 0


def test_blocked_names_are_never_released():
    """Issue 15 point 9: a name blocked at erasure stays blocked, whatever the clock says."""
    db.session.add(BlockedDisplayName(name_hash="a" * 64))
    db.session.commit()
    for years in (1, 10):
        purge(NOW + DAY * 365 * years)
        db.session.commit()
    assert count(BlockedDisplayName) == 1


def test_registered_purgers_run_with_the_clock_and_dry_run_flag():
    calls = []

    def fake(now, dry_run):
        calls.append((now, dry_run))
        return 0 if dry_run else 3

    register_purger("nep_bestanden", "Nepbestanden na de bewaartermijn", fake, "fake files")
    try:
        assert _counts(dry_run=True)["nep_bestanden"] == 0
        assert _counts()["nep_bestanden"] == 3
        with pytest.raises(RuntimeError):
            register_purger("nep_bestanden", "Anders", lambda now, dry_run: 0)
    finally:
        unregister_purger("nep_bestanden")
    assert calls == [(NOW, True), (NOW, False)]
    assert "nep_bestanden" not in _counts()


def test_dry_run_changes_nothing_and_reports_what_would_happen():
    term = 3 * 365
    sleeper = _user(term + 10)
    sleeper.last_login_at = NOW - timedelta(days=term + 1)
    _user(20, confirmed=False)
    rich_person(now=NOW - 40 * DAY)  # a login with an old IP address
    db.session.add(
        LoginEvent(
            user_id=sleeper.id, method="x", ip_address="203.0.113.1", created_at=NOW - 40 * DAY
        )
    )
    _mail(OutboxStatus.SENT, 100)
    db.session.commit()
    before = all_text()
    lines = purge(NOW, dry_run=True)
    db.session.rollback()
    assert all_text() == before
    counts = {line.name: line.count for line in lines}
    assert counts["onbevestigde_accounts"] == 1
    assert counts["inactieve_accounts_gewaarschuwd"] == 1
    assert counts["ip_adressen"] == 2
    assert counts["mail"] >= 1
    text = report(lines, dry_run=True)
    assert "Proefrun" in text and "Dry run" in text
    assert "IP-adressen gewist / IP addresses cleared" in text
    # The real run does exactly what the dry run said.
    real = _counts()
    assert real == counts


def test_cli_purge(app):
    user = make_user(password="", confirmed=False)
    user.created_at = utcnow() - 20 * DAY  # the command reads the real clock
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Proefrun" in dry.output
    assert count(User) == 1
    real = runner.invoke(args=["privacy", "purge"])
    assert real.exit_code == 0, real.output
    assert "Opgeruimd" in real.output
    assert count(User) == 0
    assert count(AuditLog, AuditLog.action == "privacy.opgeruimd") == 1


def test_purge_job():
    assert "privacy.purge" in handlers()
    job = enqueue("privacy.purge")
    db.session.commit()
    run_job(job)
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.DONE
    assert set(job.result) >= {"ip_adressen", "mail", "onbevestigde_accounts"}


def test_uploads_never_attached_are_deleted_after_the_term():
    import io
    import os

    from PIL import Image
    from werkzeug.datastructures import FileStorage

    from open_nijmegen.core.models import Upload
    from open_nijmegen.core.uploads import attach, store_upload, upload_folder

    def photo(days_ago: float) -> Upload:
        out = io.BytesIO()
        Image.new("RGB", (8, 8), (0, 120, 0)).save(out, "PNG")
        upload = store_upload(FileStorage(io.BytesIO(out.getvalue()), "voorbeeld.png"), {"image"})
        upload.created_at = NOW - timedelta(days=days_ago)
        db.session.commit()
        return upload

    abandoned, fresh, used = photo(2), photo(0.5), photo(30)
    attach(used, make_user(password=""))  # in use: attached to an object
    db.session.commit()
    paths = {u.id: os.path.join(upload_folder(), u.stored_name) for u in (abandoned, fresh, used)}
    ids = abandoned.id, fresh.id, used.id

    assert _counts(dry_run=True)["losse_bestanden"] == 1
    assert all(os.path.exists(p) for p in paths.values()), "a dry run deletes nothing"
    assert _counts()["losse_bestanden"] == 1
    assert db.session.get(Upload, ids[0]) is None and not os.path.exists(paths[ids[0]])
    assert db.session.get(Upload, ids[1]) is not None and os.path.exists(paths[ids[1]])
    assert db.session.get(Upload, ids[2]) is not None and os.path.exists(paths[ids[2]])
    assert _counts()["losse_bestanden"] == 0  # idempotent
