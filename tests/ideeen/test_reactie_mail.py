"""Issue 16 point 7: mail when someone reacts on my idea or answers my reaction, as I chose
(now, in the daily digest, or off with one click); the digest is one mail with one greeting
and a section per event. Over the real SMTP server."""

from __future__ import annotations

import re

from factories import make_user
from helpers import csrf_token, send_mail
from ideeen.factories import make_idee

from open_nijmegen.core.interactions import services as interactions
from open_nijmegen.extensions import db
from open_nijmegen.notifications.digest import send_daily_digests
from open_nijmegen.notifications.preferences import mode_for, set_mode


def add_reaction(author, target, body, parent_id=None):
    """A reaction as the web route adds it (mail links are built in a request)."""
    from flask import current_app

    with current_app.test_request_context():
        return interactions.add_reaction(author, target, body, parent_id)


def _to(smtp_server, address: str) -> list:
    return [m for m in smtp_server.messages if m["To"] == address]


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_a_reaction_on_my_idea_mails_me_but_not_when_i_react_myself(smtp_server):
    author = make_user(email="schrijver@example.org", name="Schrijver Sanne")
    other = make_user(email="buur@example.org", name="Buurman Bert")
    idee = make_idee(author=author, titel="Een bankje bij de vijver")
    add_reaction(other, idee, "Goed plan, ik help mee met verven.")
    db.session.commit()
    send_mail()
    mails = _to(smtp_server, "schrijver@example.org")
    assert len(mails) == 1
    body = _text(mails[0])
    assert "Buurman Bert heeft gereageerd op uw idee." in body
    assert "Goed plan, ik help mee met verven." in body and "Een bankje bij de vijver" in body
    assert mails[0]["List-Unsubscribe"].startswith("<http://open-nijmegen.test/account/mail-uit/")
    assert mails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _to(smtp_server, "buur@example.org") == []

    add_reaction(author, idee, "Dank je wel, ik zet het op de lijst.")
    db.session.commit()
    send_mail()
    assert len(_to(smtp_server, "schrijver@example.org")) == 1  # nothing about my own reaction


def test_a_reply_mails_the_author_of_the_reaction_it_answers(smtp_server):
    author = make_user(email="schrijver@example.org")
    first = make_user(email="eerste@example.org", name="Eerste Els")
    replier = make_user(email="antwoord@example.org", name="Antwoord Anton")
    idee = make_idee(author=author)
    parent = add_reaction(first, idee, "Waar komt het bankje precies?")
    db.session.commit()
    send_mail()
    smtp_server.messages.clear()
    add_reaction(replier, idee, "Naast de grote boom, denk ik.", parent_id=parent.id)
    db.session.commit()
    send_mail()
    mails = _to(smtp_server, "eerste@example.org")
    assert len(mails) == 1
    assert "Antwoord Anton heeft geantwoord op uw reactie." in _text(mails[0])
    assert "Naast de grote boom, denk ik." in _text(mails[0])
    assert len(_to(smtp_server, "schrijver@example.org")) == 1  # the idea's author too
    assert _to(smtp_server, "antwoord@example.org") == []

    # The author answering a reaction on their own idea: the reaction's author hears it once.
    smtp_server.messages.clear()
    add_reaction(author, idee, "Ja, bij de boom.", parent_id=parent.id)
    db.session.commit()
    send_mail()
    assert len(_to(smtp_server, "eerste@example.org")) == 1
    assert _to(smtp_server, "schrijver@example.org") == []


def test_the_daily_digest_is_one_mail_with_one_greeting_and_sections(app, smtp_server):
    from open_nijmegen.ideeen import services

    reader = make_user(email="lezer@example.org", name="Lezer Lotte")
    reader.digest_mode = "dagelijks"
    set_mode(reader, "reactie", "dagelijks")
    set_mode(reader, "antwoord", "dagelijks")
    other = make_user(name="Buurvrouw Bea")
    mine = make_idee(author=reader, titel="Mijn idee voor het plein")
    theirs = make_idee(author=other, titel="Idee van de buurvrouw")
    services.support(reader, theirs)  # follows it
    mine_reaction = add_reaction(reader, theirs, "Mooi idee.")
    db.session.commit()
    add_reaction(other, mine, "Reactie nummer een op het plein.")
    add_reaction(other, theirs, "Antwoord nummer twee.", parent_id=mine_reaction.id)
    db.session.commit()
    with app.test_request_context():
        interactions.notify_followers(
            theirs,
            "ideeen/status",
            "Nieuws over een idee dat u volgt",
            idee=theirs,
            status_label="In behandeling",
            explanation="Bericht nummer drie.",
        )
    db.session.commit()
    send_mail()
    assert _to(smtp_server, "lezer@example.org") == []  # all three wait for the digest
    with app.test_request_context():
        assert send_daily_digests() == 1
    send_mail()
    mails = _to(smtp_server, "lezer@example.org")
    assert len(mails) == 1
    text, html = _text(mails[0]), _html(mails[0])
    for body in (text, html):
        assert body.count("Beste Lezer Lotte,") == 1
        assert body.count("Groet,") == 1
        assert body.count("Dit is een automatische mail.") == 1
        assert "Reactie nummer een op het plein." in body
        assert "Antwoord nummer twee." in body and "Bericht nummer drie." in body
    assert html.count("<h2>") == 3 and html.lower().count("<html") == 1
    assert "Geen mail meer over reacties op uw idee" in html  # each section keeps its off link


def test_the_one_click_link_turns_the_kind_off_without_login(client, smtp_server):
    author = make_user(email="schrijver@example.org")
    idee = make_idee(author=author)
    add_reaction(make_user(), idee, "Eerste reactie.")
    db.session.commit()
    send_mail()
    (mail,) = _to(smtp_server, "schrijver@example.org")
    link = re.search(r"http://open-nijmegen.test(/account/mail-uit/\S+)", _text(mail)).group(1)
    assert mail["List-Unsubscribe"] == f"<http://open-nijmegen.test{link}>"
    anonymous = client.application.test_client()
    page = anonymous.get(link)
    assert page.status_code == 200 and "Ja, zet deze mail uit" in page.get_data(as_text=True)
    db.session.refresh(author)
    assert mode_for(author, "reactie") == "direct"  # a GET changes nothing
    done = anonymous.post(link)  # RFC 8058 one-click: no login, no CSRF token
    assert done.status_code == 200
    db.session.expire_all()
    assert mode_for(author, "reactie") == "uit"
    assert mode_for(author, "antwoord") == "direct"  # only that kind
    add_reaction(make_user(), idee, "Tweede reactie.")
    db.session.commit()
    send_mail()
    assert len(_to(smtp_server, "schrijver@example.org")) == 1
    assert anonymous.post(link[:-3] + "xyz").status_code == 400  # a forged token


def test_mail_settings_per_kind_on_the_settings_page(client, login):
    user = make_user()
    login(user)
    token = csrf_token(client, "/account/instellingen")
    response = client.post(
        "/account/instellingen",
        data={
            "csrf_token": token,
            "digest_mode": "direct",
            "mail_reactie": "uit",
            "mail_antwoord": "dagelijks",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (mode_for(user, "reactie"), mode_for(user, "antwoord")) == ("uit", "dagelijks")
    html = client.get("/account/instellingen").get_data(as_text=True)
    assert re.search(r'value="uit"[^>]*checked|checked[^>]*value="uit"', html)
    bad = client.post(
        "/account/instellingen",
        data={"csrf_token": token, "digest_mode": "direct", "mail_reactie": "zomaar"},
    )
    assert bad.status_code == 400
    db.session.expire_all()
    assert mode_for(user, "reactie") == "uit"
