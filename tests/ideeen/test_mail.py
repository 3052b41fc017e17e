"""Mail with the real SMTP server: followers on a status change (direct and daily digest),
authors on moderation decisions, one-click unsubscribe without login."""

from __future__ import annotations

import re

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token, send_mail
from ideeen.factories import make_idee

from open_nijmegen.core.models import Follow, Job
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import services
from open_nijmegen.ideeen.models import Idee, IdeeStatus
from open_nijmegen.notifications.digest import (
    run_digest_job,
    schedule_daily_digest,
    send_daily_digests,
)
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus


def _answer(client, login, idee, text="We gaan het doen. De bankjes komen in mei."):
    staff = make_staff(areas=["ideeen"])
    login(staff)
    token = csrf_token(client, f"/beheer/ideeen/{idee.id}")
    return client.post(
        f"/beheer/ideeen/{idee.id}/status",
        data={"csrf_token": token, "status": "overgenomen", "toelichting": text},
    )


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_status_change_mails_author_and_supporters(client, login, smtp_server):
    author = make_user(email="schrijver@example.org")
    supporter = make_user(email="steuner@example.org")
    idee = make_idee(author=author)
    from open_nijmegen.core.interactions.services import ensure_follow

    ensure_follow(author, idee)
    services.support(supporter, idee)
    db.session.commit()
    response = _answer(client, login, idee)
    assert response.status_code == 302
    send_mail()
    to = sorted(m["To"] for m in smtp_server.messages)
    assert to == ["schrijver@example.org", "steuner@example.org"]
    message = smtp_server.messages[0]
    body = _body(message)
    assert "We gaan het doen." in body and "Overgenomen" in body
    assert "<script>" not in message.get_body(preferencelist=("html",)).get_content()
    assert message["List-Unsubscribe"].startswith("<http://open-nijmegen.test/volgen/stoppen/")
    # The public page shows the dated answer.
    html = client.get(f"/ideeen/{idee.id}-{idee.slug}").get_data(as_text=True)
    assert "We gaan het doen." in html and "Overgenomen" in html


def test_unsubscribe_link_works_without_login(client, login, smtp_server):
    supporter = make_user(email="steuner@example.org")
    idee = make_idee()
    services.support(supporter, idee)
    db.session.commit()
    _answer(client, login, idee)
    send_mail()
    link = re.search(
        r"http://open-nijmegen.test(/volgen/stoppen/\S+)", _body(smtp_server.messages[0])
    )
    anonymous = client.application.test_client()
    assert anonymous.get(link.group(1)).status_code == 200
    assert anonymous.post(link.group(1)).status_code == 200  # RFC 8058 one-click
    follow = db.session.scalar(sa.select(Follow).where(Follow.user_id == supporter.id))
    db.session.refresh(follow)
    assert follow.active is False


def test_daily_digest_bundles_mail(client, login, smtp_server, app):
    reader = make_user(email="lezer@example.org")
    reader.digest_mode = "dagelijks"
    first, second = (
        make_idee(titel="Eerste idee voor de buurt"),
        make_idee(titel="Tweede idee voor de buurt"),
    )
    services.support(reader, first)
    services.support(reader, second)
    db.session.commit()
    _answer(client, login, first, "Antwoord op het eerste idee.")
    _answer(client, login, db.session.get(Idee, second.id), "Antwoord op het tweede idee.")
    send_mail()
    assert [m["To"] for m in smtp_server.messages if m["To"] == "lezer@example.org"] == []
    with app.test_request_context():
        assert send_daily_digests() == 1
    send_mail()
    digests = [m for m in smtp_server.messages if m["To"] == "lezer@example.org"]
    assert len(digests) == 1
    body = _body(digests[0])
    assert "Antwoord op het eerste idee." in body and "Antwoord op het tweede idee." in body
    statuses = set(
        db.session.scalars(
            sa.select(OutboxMessage.status).where(OutboxMessage.digest_key == "dagelijks")
        )
    )
    assert statuses == {OutboxStatus.DIGESTED}
    with app.test_request_context():
        assert send_daily_digests() == 0  # nothing twice


def test_digest_job_schedules_next_run(app):
    with app.test_request_context():
        job = schedule_daily_digest()
        db.session.commit()
        assert schedule_daily_digest().id == job.id
        assert run_digest_job(job) == {"mails": 0}
        db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 2


def test_hide_mails_author_the_reason(client, login, smtp_server):
    author = make_user(email="schrijver@example.org")
    idee = make_idee(author=author)
    login(make_staff(areas=["ideeen"]))
    token = csrf_token(client, f"/beheer/ideeen/{idee.id}")
    response = client.post(
        f"/beheer/ideeen/{idee.id}/verbergen",
        data={"csrf_token": token, "verbergen-reden": "Er staat een telefoonnummer in."},
    )
    assert response.status_code == 302
    send_mail()
    assert [m["To"] for m in smtp_server.messages] == ["schrijver@example.org"]
    assert "Er staat een telefoonnummer in." in _body(smtp_server.messages[0])


def test_publish_and_reject_mail_author(client, login, smtp_server):
    author = make_user(email="schrijver@example.org")
    waiting, other = make_idee("wacht", author=author), make_idee("wacht", author=author)
    login(make_staff(areas=["ideeen"]))
    token = csrf_token(client, f"/beheer/ideeen/{waiting.id}")
    client.post(f"/beheer/ideeen/{waiting.id}/publiceren", data={"csrf_token": token})
    client.post(
        f"/beheer/ideeen/{other.id}/afwijzen",
        data={"csrf_token": token, "afwijzen-reden": "Dit gaat over een privézaak."},
    )
    send_mail()
    bodies = [_body(m) for m in smtp_server.messages]
    assert len(bodies) == 2
    assert any("staat nu op de site" in b for b in bodies)
    assert any("Dit gaat over een privézaak." in b for b in bodies)
    db.session.expire_all()
    assert db.session.get(Idee, waiting.id).is_public
    assert not db.session.get(Idee, other.id).is_public


def test_status_is_not_reset_to_open(client, login):
    idee = make_idee()
    login(make_staff(areas=["ideeen"]))
    token = csrf_token(client, f"/beheer/ideeen/{idee.id}")
    response = client.post(
        f"/beheer/ideeen/{idee.id}/status",
        data={"csrf_token": token, "status": "open", "toelichting": "Terug"},
    )
    assert response.status_code == 400
    assert db.session.get(Idee, idee.id).status == IdeeStatus.OPEN
