"""Forgotten password, password change, "overal uitloggen" and e-mail change."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import itsdangerous
import sqlalchemy as sa
from factories import PASSWORD, make_user
from helpers import login_as, post_form

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.passwords import make_token, verify_password
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-7"


def _mails(recipient: str | None = None) -> list[OutboxMessage]:
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(stmt))


def _path_in(body: str, prefix: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s<\"]+)", body)
    assert match is not None, f"no {prefix} link"
    return match.group(1)


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def _real_login(client, email: str, password: str = PASSWORD, remember: bool = False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = post_form(client, "/account/inloggen", data)
    assert response.status_code == 302
    return client


def test_forgotten_password_same_answer_for_known_and_unknown(client, app):
    make_user(email="bekend@example.org")
    known = post_form(client, "/account/wachtwoord-vergeten", {"email": "bekend@example.org"})
    other = app.test_client()
    unknown = post_form(other, "/account/wachtwoord-vergeten", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert [m.recipient for m in _mails()] == ["bekend@example.org"]


def test_reset_link_works_once(client):
    user = make_user(email="vergeten@example.org")
    post_form(client, "/account/wachtwoord-vergeten", {"email": "vergeten@example.org"})
    path = _path_in(_mails()[0].body_text, "/account/wachtwoord-herstellen/")
    assert client.get(path).status_code == 200
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD), "a GET changes nothing"

    done = post_form(client, path, {"password": NEW_PASSWORD})
    assert done.status_code == 302
    assert urlsplit(done.headers["Location"]).path == "/account/inloggen"
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert "Uw wachtwoord is veranderd" in [m.subject for m in _mails()]

    again = client.get(path)
    assert again.status_code == 400
    assert "Deze link werkt niet meer" in again.get_data(as_text=True)
    assert post_form(client, path, {"password": "nog-een-ander-wachtwoord"}).status_code == 400


def test_reset_link_too_short_password_keeps_the_link(client):
    make_user(email="kort@example.org")
    post_form(client, "/account/wachtwoord-vergeten", {"email": "kort@example.org"})
    path = _path_in(_mails()[0].body_text, "/account/wachtwoord-herstellen/")
    response = post_form(client, path, {"password": "kort"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#password"' in html and 'aria-invalid="true"' in html
    assert client.get(path).status_code == 200


def test_reset_link_expires(client, monkeypatch):
    user = make_user(email="oud@example.org")
    from open_nijmegen.accounts.services import password_fingerprint

    data = {"u": user.id, "v": user.session_version, "h": password_fingerprint(user)}
    fresh = make_token("herstel", data)
    with monkeypatch.context() as m:
        m.setattr(
            itsdangerous.TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 3601
        )
        old = make_token("herstel", data)
    assert client.get(f"/account/wachtwoord-herstellen/{fresh}").status_code == 200
    assert client.get(f"/account/wachtwoord-herstellen/{old}").status_code == 400


def test_reset_link_shows_nothing_of_the_password_hash(client):
    import base64
    import json

    user = make_user(email="leesbaar@example.org")
    post_form(client, "/account/wachtwoord-vergeten", {"email": "leesbaar@example.org"})
    token = _path_in(_mails()[0].body_text, "/account/wachtwoord-herstellen/").rsplit("/", 1)[1]
    payload = token.split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) == {"u", "v", "h"}
    digest = user.password_hash.rsplit("$", 1)[1]
    assert data["h"] not in user.password_hash and data["h"] not in digest


def test_reset_link_confirms_an_unconfirmed_address(client):
    user = make_user(email="nieuw@example.org", confirmed=False)
    post_form(client, "/account/wachtwoord-vergeten", {"email": "nieuw@example.org"})
    path = _path_in(_mails()[0].body_text, "/account/wachtwoord-herstellen/")
    post_form(client, path, {"password": NEW_PASSWORD})
    db.session.refresh(user)
    assert user.email_confirmed_at is not None


def test_password_change_ends_other_sessions_and_remember_cookies(app):
    make_user(email="twee@example.org")
    here = _real_login(app.test_client(), "twee@example.org")
    elsewhere = _real_login(app.test_client(), "twee@example.org")
    remembered = _real_login(app.test_client(), "twee@example.org", remember=True)
    remembered.delete_cookie("on_session")
    assert remembered.get_cookie("on_remember") is not None
    assert _logged_in(remembered), "the remember-me cookie alone logs in"
    remembered.delete_cookie("on_session")

    wrong = post_form(
        here,
        "/account/wachtwoord",
        {"current_password": "niet-het-wachtwoord", "password": NEW_PASSWORD},
    )
    assert wrong.status_code == 400
    assert "Uw huidige wachtwoord klopt niet." in wrong.get_data(as_text=True)
    assert _logged_in(elsewhere)

    changed = post_form(
        here, "/account/wachtwoord", {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    assert _logged_in(here), "the device that changed the password stays logged in"
    assert not _logged_in(elsewhere)
    assert not _logged_in(remembered)


def test_log_out_everywhere(app):
    user = make_user(email="overal@example.org")
    one = _real_login(app.test_client(), "overal@example.org")
    two = _real_login(app.test_client(), "overal@example.org", remember=True)
    version = user.session_version
    response = post_form(one, "/account/overal-uitloggen", {})
    assert response.status_code == 302
    assert not _logged_in(one)
    assert not _logged_in(two)
    two.delete_cookie("on_session")
    assert not _logged_in(two), "the old remember-me cookie no longer works"
    db.session.refresh(user)
    assert user.session_version == version + 1


def test_log_out_everywhere_without_csrf_changes_nothing(client):
    user = make_user()
    login_as(client, user)
    version = user.session_version
    assert client.post("/account/overal-uitloggen").status_code == 400
    db.session.refresh(user)
    assert user.session_version == version


def test_change_email_requires_password_and_a_link_at_the_new_address(app):
    user = make_user(email="oud-adres@example.org")
    client = _real_login(app.test_client(), "oud-adres@example.org")
    other_device = _real_login(app.test_client(), "oud-adres@example.org")

    wrong = post_form(
        client,
        "/account/email",
        {"email": "nieuw-adres@example.org", "current_password": "fout-wachtwoord"},
    )
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert 'href="#current_password"' in html
    assert 'value="nieuw-adres@example.org"' in html
    assert not [m for m in _mails() if m.recipient == "nieuw-adres@example.org"]

    ok = post_form(
        client,
        "/account/email",
        {"email": "Nieuw-Adres@example.org", "current_password": PASSWORD},
    )
    assert ok.status_code == 302
    db.session.refresh(user)
    assert user.email == "oud-adres@example.org", "nothing changes before the link is used"
    to_new = _mails("nieuw-adres@example.org")
    assert len(to_new) == 1
    assert len(_mails("oud-adres@example.org")) == 1, "the old address is told"
    path = _path_in(to_new[0].body_text, "/account/email/")

    page = client.get(path)
    assert page.status_code == 200 and "nieuw-adres@example.org" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "oud-adres@example.org"
    confirmed = post_form(client, path, {})
    assert confirmed.status_code == 302
    db.session.refresh(user)
    assert user.email == "nieuw-adres@example.org"
    assert not _logged_in(other_device)
    assert client.get(path).status_code == 400, "the link is single use"


def test_change_email_to_a_taken_address_sends_no_link(client):
    make_user(email="bezet@example.org")
    user = make_user(email="ik@example.org")
    login_as(client, user)
    response = post_form(
        client, "/account/email", {"email": "bezet@example.org", "current_password": PASSWORD}
    )
    assert response.status_code == 302, "the same answer as for a free address"
    assert not _mails("bezet@example.org")
    db.session.refresh(user)
    assert user.email == "ik@example.org"


def test_users_without_email_get_no_mail(client):
    user = make_user(email=None)
    post_form(client, "/account/wachtwoord-vergeten", {"email": "none@example.org"})
    from open_nijmegen.notifications.services import queue_mail

    assert queue_mail(user, "accounts/wachtwoord_gewijzigd", "x") is None
    db.session.commit()
    assert _mails() == []
    assert db.session.get(User, user.id).email is None
