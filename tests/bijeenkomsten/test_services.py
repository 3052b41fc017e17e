"""Registration, waiting list, promotion, cancelling, expiry, reminders and capacity under
parallel registrations (both databases: ``make test`` runs this file on each)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from bijeenkomsten.factories import make_bijeenkomst, make_past
from factories import make_staff, make_user

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.bijeenkomsten.jobs import expire_job, reminder_job
from open_nijmegen.bijeenkomsten.models import Aanmelding, AanmeldStatus, Bijeenkomst
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Follow, Job
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage


def _mails(to: str | None = None) -> list[OutboxMessage]:
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        stmt = stmt.where(OutboxMessage.recipient == to)
    return list(db.session.scalars(stmt))


def _guest(item, n: int, **kw):
    row, _new = services.register(item, naam=f"Gast {n}", email=f"gast{n}@example.org", **kw)
    db.session.commit()
    return row


def test_account_gets_a_seat_mail_with_ics_and_follows(app):
    item = make_bijeenkomst(capaciteit=2)
    user = make_user()
    row, new = services.register(item, user=user, tolk=True, hulp="Grote letters")
    db.session.commit()
    assert new and row.status == AanmeldStatus.AANGEMELD and row.is_bevestigd
    assert row.naam is None and row.email is None  # the account holds name and address
    db.session.refresh(item)
    assert item.bezet == 1
    (mail,) = _mails(user.email)
    assert mail.attachments[0]["content_type"] == "text/calendar"
    assert "BEGIN:VEVENT" in mail.attachments[0]["content"]
    assert db.session.scalar(
        sa.select(Follow.active).where(Follow.user_id == user.id, Follow.object_id == item.id)
    )


def test_full_event_puts_people_on_the_waiting_list_and_promotes_on_cancel(app):
    item = make_bijeenkomst(capaciteit=1)
    first, second = make_user(), make_user()
    a, _ = services.register(item, user=first)
    b, _ = services.register(item, user=second)
    db.session.commit()
    assert (a.status, b.status) == (AanmeldStatus.AANGEMELD, AanmeldStatus.WACHTLIJST)
    assert "wachtlijst" in _mails(second.email)[-1].body_text
    assert services.cancel_registration(a)
    db.session.commit()
    db.session.refresh(b)
    db.session.refresh(item)
    assert b.status == AanmeldStatus.AANGEMELD
    assert item.bezet == 1
    promoted = _mails(second.email)[-1]
    assert "plek vrijgekomen" in promoted.body_text
    assert promoted.attachments  # the .ics comes with the seat
    # Cancelling twice changes nothing.
    assert not services.cancel_registration(a)


def test_guest_must_confirm_and_the_seat_expires(app):
    item = make_bijeenkomst(capaciteit=1)
    waiting_user = make_user()
    guest = _guest(item, 1)
    assert guest.status == AanmeldStatus.AANGEMELD and not guest.is_bevestigd
    services.register(item, user=waiting_user)
    db.session.commit()
    (mail,) = _mails("gast1@example.org")
    assert "/bijeenkomsten/bevestigen/" in mail.body_text
    assert not mail.attachments  # no seat confirmed yet: no calendar, no online link
    job = db.session.scalar(sa.select(Job).where(Job.kind == "bijeenkomsten.verlopen"))
    assert job is not None and job.run_after > utcnow() + timedelta(hours=23)
    # Too early: nothing happens.
    assert expire_job(job) == {"verlopen": False}
    # After the term the guest loses the seat and the waiting list gets it.
    guest.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert expire_job(job) == {"verlopen": True}
    db.session.refresh(guest)
    assert guest.status == AanmeldStatus.VERLOPEN
    row = services.registration_of(item, waiting_user)
    assert row is not None and row.status == AanmeldStatus.AANGEMELD


def test_confirming_gives_the_guest_the_mail_with_the_event(app):
    item = make_bijeenkomst(online=True, online_link="https://meet.example.org/x", adres="")
    guest = _guest(item, 2)
    assert services.confirm(guest)
    db.session.commit()
    mail = _mails("gast2@example.org")[-1]
    assert "https://meet.example.org/x" in mail.body_text
    assert mail.attachments


def test_same_address_twice_makes_one_registration(app):
    item = make_bijeenkomst()
    first = _guest(item, 3)
    again, new = services.register(item, naam="Iemand anders", email="GAST3@example.org")
    db.session.commit()
    assert not new and again.id == first.id
    db.session.refresh(item)
    assert item.bezet == 1


def test_registration_closed_after_deadline_cancelled_or_past(app):
    item = make_bijeenkomst(aanmelden_tot=utcnow() + timedelta(hours=1))
    with pytest.raises(services.BijeenkomstFout):
        services.register(item, user=make_user(), now=utcnow() + timedelta(hours=2))
    services.cancel_bijeenkomst(make_staff(), item, "De zaal is dicht.")
    db.session.commit()
    with pytest.raises(services.BijeenkomstFout):
        services.register(item, user=make_user())
    with pytest.raises(services.BijeenkomstFout):
        services.register(make_past(), user=make_user())


def test_cancel_event_mails_everyone_also_the_waiting_list(app):
    item = make_bijeenkomst(capaciteit=1)
    users = [make_user(), make_user()]
    for user in users:
        services.register(item, user=user)
    db.session.commit()
    count = services.cancel_bijeenkomst(make_staff(), item, "De spreker is ziek.")
    db.session.commit()
    assert count == 2
    for user in users:
        assert "De spreker is ziek." in _mails(user.email)[-1].body_text


def test_moving_the_event_mails_everyone_and_queues_a_new_reminder(app):
    from bijeenkomsten.factories import gegevens

    item = make_bijeenkomst()
    user = make_user()
    services.register(item, user=user)
    db.session.commit()
    later = item.begint_op + timedelta(days=2)
    moved = services.update_bijeenkomst(
        make_staff(), item, gegevens(titel=item.titel, begint_op=later)
    )
    db.session.commit()
    assert moved
    assert "veranderd" in _mails(user.email)[-1].body_text
    jobs = db.session.scalars(
        sa.select(Job).where(Job.kind == "bijeenkomsten.herinnering").order_by(Job.id)
    ).all()
    assert len(jobs) == 2
    # The old reminder does nothing; the new one mails once.
    assert reminder_job(jobs[0]) == {"verstuurd": 0}
    assert reminder_job(jobs[1]) == {"verstuurd": 1}
    assert reminder_job(jobs[1]) == {"verstuurd": 0}
    reminder = _mails(user.email)[-1]
    assert reminder.subject.startswith("Morgen")
    assert reminder.attachments[0]["filename"].endswith(".ics")


def test_capacity_cannot_drop_below_the_seats_taken(app):
    from bijeenkomsten.factories import gegevens

    item = make_bijeenkomst(capaciteit=3)
    for _ in range(2):
        services.register(item, user=make_user())
    db.session.commit()
    with pytest.raises(services.BijeenkomstFout):
        services.update_bijeenkomst(
            make_staff(), item, gegevens(begint_op=item.begint_op, capaciteit=1)
        )


def test_more_seats_promote_the_waiting_list(app):
    from bijeenkomsten.factories import gegevens

    item = make_bijeenkomst(capaciteit=1)
    users = [make_user() for _ in range(3)]
    for user in users:
        services.register(item, user=user)
    db.session.commit()
    services.update_bijeenkomst(
        make_staff(), item, gegevens(begint_op=item.begint_op, capaciteit=2)
    )
    db.session.commit()
    states = [services.registration_of(item, u).status for u in users]
    assert states == [AanmeldStatus.AANGEMELD, AanmeldStatus.AANGEMELD, AanmeldStatus.WACHTLIJST]


def test_database_refuses_more_seats_than_capacity(app):
    item = make_bijeenkomst(capaciteit=1)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.update(Bijeenkomst).where(Bijeenkomst.id == item.id).values(bezet=2))
        db.session.commit()
    db.session.rollback()


def test_report_tells_followers_once(app):
    item = make_past()
    follower = make_user()
    db.session.add(Follow(user_id=follower.id, object_type="bijeenkomst", object_id=item.id))
    db.session.commit()
    assert services.publish_report(make_staff(), item, "Er kwamen veel mensen. " * 3, 12) == 1
    assert services.publish_report(make_staff(), item, "Aangevuld verslag. " * 3, 13) == 0
    db.session.commit()
    assert "Verslag" in _mails(follower.email)[-1].subject


def test_report_tells_followers_of_what_the_event_belongs_to(app):
    """Someone who follows the idea the evening was about hears of the report; someone who
    follows both gets one mail; the mail names the event and says why it came."""
    from ideeen.factories import make_idee

    idee = make_idee()
    item = make_past(hoort_bij_type="idee", hoort_bij_id=idee.id, titel="Avond over het plein")
    of_idea, of_both = make_user(), make_user()
    db.session.add_all(
        [
            Follow(user_id=of_idea.id, object_type="idee", object_id=idee.id),
            Follow(user_id=of_both.id, object_type="idee", object_id=idee.id),
            Follow(user_id=of_both.id, object_type="bijeenkomst", object_id=item.id),
        ]
    )
    db.session.commit()
    assert services.publish_report(make_staff(), item, "Er kwamen veel mensen. " * 3, 12) == 2
    db.session.commit()
    [to_idea] = _mails(of_idea.email)
    assert "Avond over het plein" in to_idea.body_text
    assert "over " + idee.titel in to_idea.body_text
    assert "Wilt u hier geen mail meer over?" in to_idea.body_text
    [to_both] = _mails(of_both.email)
    assert "Het verslag van een bijeenkomst die u volgt" in to_both.body_text


def test_thirty_parallel_registrations_never_pass_capacity(app):
    """30 threads, each with its own session and connection, sign up for 10 seats at once."""
    item = make_bijeenkomst(capaciteit=10)
    users = [make_user(password="") for _ in range(25)]
    item_id, user_ids = item.id, [u.id for u in users]
    db.session.remove()
    errors: list[BaseException] = []
    start = threading.Barrier(30)

    def worker(n: int) -> None:
        try:
            with app.app_context():
                from open_nijmegen.accounts.models import User

                # All start together; the pool (15 connections) makes the rest queue.
                start.wait(timeout=60)
                target = db.session.get(Bijeenkomst, item_id)
                if n < 25:
                    services.register(target, user=db.session.get(User, user_ids[n]))
                else:  # five guests, one of them twice with the same address
                    address = f"gast{min(n, 28)}@example.org"
                    services.register(target, naam=f"Gast {n}", email=address)
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    item = db.session.get(Bijeenkomst, item_id)
    seats = db.session.scalar(
        sa.select(sa.func.count()).where(
            Aanmelding.bijeenkomst_id == item_id, Aanmelding.status == AanmeldStatus.AANGEMELD
        )
    )
    waiting = db.session.scalar(
        sa.select(sa.func.count()).where(
            Aanmelding.bijeenkomst_id == item_id, Aanmelding.status == AanmeldStatus.WACHTLIJST
        )
    )
    assert seats == item.bezet == 10
    assert waiting == 29 - 10  # 30 requests, one address twice: 29 people
