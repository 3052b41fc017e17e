"""The outbox: written in the request's transaction, delivered over real SMTP with retries."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from factories import make_user
from helpers import free_port, send_mail

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus
from open_nijmegen.notifications.sender import MAX_ATTEMPTS, recover_stuck, send_outbox
from open_nijmegen.notifications.services import queue_mail

TEMPLATE = "accounts/wachtwoord_gewijzigd"


def _messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_mail_is_part_of_the_transaction():
    user = make_user(email="tx@example.org")
    queue_mail(user, TEMPLATE, "Weg ermee")
    db.session.rollback()
    assert _messages() == []
    queue_mail(user, TEMPLATE, "Blijft")
    db.session.commit()
    assert [m.subject for m in _messages()] == ["Blijft"]


def test_a_failed_request_leaves_no_mail(client):
    from helpers import post_form

    make_user(email="bestaat@example.org", name="Bestaande Naam")
    # The form fails (name taken) after nothing was queued; the answer is a 400 with errors.
    response = post_form(
        client,
        "/account/registreren",
        {
            "display_name": "bestaande naam",
            "email": "nieuw@example.org",
            "password": "een-goed-wachtwoord-1",
            "accept": "y",
        },
    )
    assert response.status_code == 400
    assert _messages() == []


def test_delivery_over_real_smtp(app, smtp_server):
    user = make_user(email="ontvanger@example.org", name="Ontvanger Olga")
    queue_mail(
        user,
        TEMPLATE,
        "Uw wachtwoord is gewijzigd",
        headers={"List-Unsubscribe": "<http://open-nijmegen.test/x>"},
    )
    queue_mail("los-adres@example.org", TEMPLATE, "Aan een adres", user=user)
    db.session.commit()
    send_mail()
    assert len(smtp_server.messages) == 2
    mail = smtp_server.messages[0]
    stored = _messages()[0]
    assert mail["Message-ID"] == stored.message_id
    assert stored.message_id.endswith("@open-nijmegen.test>")
    assert mail["From"] == app.config["MAIL_SENDER"]
    assert mail["To"] == "ontvanger@example.org"
    assert mail["Subject"] == "Uw wachtwoord is gewijzigd"
    assert mail["List-Unsubscribe"] == "<http://open-nijmegen.test/x>"
    assert mail.is_multipart()
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Ontvanger Olga" in text and "Ontvanger Olga" in html
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert smtp_server.messages[1]["To"] == "los-adres@example.org"
    assert {m.status for m in _messages()} == {OutboxStatus.SENT}
    assert all(m.sent_at is not None and m.attempts == 1 for m in _messages())
    assert send_outbox() == (0, 0), "nothing is sent twice"


def test_hostile_display_name_is_escaped_in_html_mail(smtp_server):
    make = make_user(email="vijand@example.org", name='<img src=x onerror="alert(1)">')
    queue_mail(make, TEMPLATE, "Test")
    db.session.commit()
    send_mail()
    html = smtp_server.messages[0].get_body(("html",)).get_content()
    assert "<img src=x" not in html and "&lt;img" in html


def test_failing_smtp_retries_with_backoff_then_fails(app):
    app.config["SMTP_HOST"], app.config["SMTP_PORT"] = "127.0.0.1", free_port()
    try:
        user = make_user(email="onbereikbaar@example.org")
        queue_mail(user, TEMPLATE, "Komt niet aan")
        db.session.commit()
        delays = []
        for attempt in range(1, MAX_ATTEMPTS + 1):
            before = utcnow()
            assert send_outbox() == (0, 1)
            (message,) = _messages()
            assert message.attempts == attempt
            assert message.last_error and "verbinding" in message.last_error
            if attempt < MAX_ATTEMPTS:
                assert message.status == OutboxStatus.PENDING
                delays.append(message.next_attempt_at - before)
                assert send_outbox() == (0, 0), "not retried before the backoff"
                message.next_attempt_at = utcnow() - timedelta(seconds=1)
                db.session.commit()
            else:
                assert message.status == OutboxStatus.FAILED
        assert delays == sorted(delays)
        assert delays[0] >= timedelta(minutes=1)
        assert delays[-1] >= timedelta(minutes=2 ** (MAX_ATTEMPTS - 2))
        assert send_outbox() == (0, 0), "a failed message stays failed"
    finally:
        app.config["SMTP_HOST"], app.config["SMTP_PORT"] = "127.0.0.1", 1


def test_users_without_email_or_erased_get_no_mail(smtp_server):
    no_mail = make_user(email=None)
    erased = make_user(email="gewist@example.org")
    erased.erased_at = utcnow()
    db.session.commit()
    assert queue_mail(no_mail, TEMPLATE, "x") is None
    assert queue_mail(erased, TEMPLATE, "x") is None
    db.session.commit()
    send_mail()
    assert _messages() == [] and smtp_server.messages == []


def test_digest_messages_wait_for_the_digest(smtp_server):
    user = make_user(email="dagelijks@example.org")
    queue_mail(user, TEMPLATE, "Later", digest_key="dagelijks")
    db.session.commit()
    send_mail()
    assert smtp_server.messages == []
    assert _messages()[0].status == OutboxStatus.PENDING


def test_stuck_messages_go_back_to_the_queue(smtp_server):
    user = make_user(email="vast@example.org")
    message = queue_mail(user, TEMPLATE, "Vast")
    db.session.commit()
    message.status = OutboxStatus.SENDING
    message.next_attempt_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert recover_stuck() == 1
    send_mail()
    assert [m["Subject"] for m in smtp_server.messages] == ["Vast"]


def test_the_worker_sends_what_a_crashed_worker_left_claimed(smtp_server):
    from open_nijmegen.core.jobs import work

    user = make_user(email="gecrasht@example.org")
    message = queue_mail(user, TEMPLATE, "Na de crash")
    db.session.commit()
    message.status = OutboxStatus.SENDING  # claimed by a worker that was then killed
    message.next_attempt_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    work(once=True)
    assert [m["Subject"] for m in smtp_server.messages] == ["Na de crash"]
    assert _messages()[0].status == OutboxStatus.SENT


def test_a_message_being_sent_now_is_not_recovered_by_a_second_sender():
    from open_nijmegen.notifications.sender import _claim

    user = make_user(email="achterstand@example.org")
    message = queue_mail(user, TEMPLATE, "Uit de achterstand")
    message.next_attempt_at = utcnow() - timedelta(hours=2)  # due long ago (a backlog)
    db.session.commit()
    claimed = _claim(10)
    assert [m.id for m in claimed] == [message.id]
    assert recover_stuck() == 0, "just claimed: another sender must not take it back"
    assert _messages()[0].status == OutboxStatus.SENDING


def test_two_senders_never_claim_the_same_message(app):
    import threading

    from open_nijmegen.notifications.sender import _claim

    user = make_user(email="veel@example.org", password="")
    for n in range(40):
        queue_mail(user, TEMPLATE, f"Bericht {n}")
    db.session.commit()
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def sender(name: str) -> None:
        mine: list[int] = []
        try:
            with app.app_context():
                start.wait()
                while True:
                    batch = _claim(3)
                    if not batch:
                        break
                    mine.extend(m.id for m in batch)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        claimed[name] = mine

    threads = [threading.Thread(target=sender, args=(f"s{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    ids = [i for mine in claimed.values() for i in mine]
    assert len(ids) == len(set(ids)), "a message was claimed twice (it would be sent twice)"
    assert len(ids) == 40
    assert all(m.attempts == 1 for m in _messages())


def test_printed_mail_is_decoded_with_each_link_on_one_line(app, capsys, monkeypatch):
    # Issue 15 point 18: MAIL_PRINT printed the quoted-printable source, so the confirmation
    # link was split over lines with "=" and could not be clicked from the terminal.
    from open_nijmegen.accounts.services import send_confirmation

    monkeypatch.setitem(app.config, "MAIL_PRINT", True)
    user = make_user(email="zoe@example.org", name="Zoë uit Hatert")
    send_confirmation(user)
    db.session.commit()
    link = next(line.strip() for line in _messages()[0].body_text.splitlines() if "://" in line)
    assert len(link) > 76  # long enough that quoted-printable would split it
    assert send_outbox() == (1, 0)
    printed = capsys.readouterr().err
    assert link in printed.splitlines()
    assert "Zoë uit Hatert" in printed and "=C3" not in printed and "=\n" not in printed
    assert "Subject: Bevestig uw e-mailadres" in printed
    assert _messages()[0].status == OutboxStatus.SENT
