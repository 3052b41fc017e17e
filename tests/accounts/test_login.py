"""Login and logout: the same answer for unknown addresses, a fresh session, local ``next=``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from factories import PASSWORD, make_staff, make_user
from helpers import csrf_token, login_as, post_form

from open_nijmegen.accounts.models import LoginEvent
from open_nijmegen.extensions import db
from open_nijmegen.security import is_safe_next

LOGIN = "/account/inloggen"
_CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+"')


def _login(client, email, password=PASSWORD, **extra):
    return post_form(client, LOGIN, {"email": email, "password": password, **extra})


def _without_tokens(html: str) -> str:
    return _CSRF.sub(r'\1"', html)


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_login_happy_path_records_the_login(client):
    user = make_user(email="inwoner@example.org")
    response = _login(client, "Inwoner@Example.org")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"
    assert _logged_in(client)
    events = db.session.scalars(sa.select(LoginEvent)).all()
    assert [(e.user_id, e.method) for e in events] == [(user.id, "wachtwoord")]


def test_staff_land_on_the_dashboard(client):
    make_staff(email="mw@example.org")
    response = _login(client, "mw@example.org")
    assert urlsplit(response.headers["Location"]).path == "/beheer/"


def test_wrong_password_and_unknown_email_give_the_same_body(client, app):
    make_user(email="bekend@example.org")
    wrong = _login(client, "bekend@example.org", "verkeerd-wachtwoord")
    unknown = _login(app.test_client(), "onbekend@example.org", "verkeerd-wachtwoord")
    assert wrong.status_code == unknown.status_code == 400
    wrong_html = _without_tokens(wrong.get_data(as_text=True))
    unknown_html = _without_tokens(unknown.get_data(as_text=True))
    assert "Het e-mailadres of het wachtwoord klopt niet." in wrong_html
    assert 'value="bekend@example.org"' in wrong_html, "what was typed stays"
    assert "verkeerd-wachtwoord" not in wrong_html, "a password is never echoed"
    assert 'href="#email"' in wrong_html
    assert wrong_html.replace("bekend@", "X@") == unknown_html.replace("onbekend@", "X@")
    assert not _logged_in(client)


def test_inactive_or_erased_account_cannot_log_in(client):
    from open_nijmegen.core.db import utcnow

    user = make_user(email="weg@example.org")
    user.erased_at = utcnow()
    db.session.commit()
    response = _login(client, "weg@example.org")
    assert response.status_code == 400
    assert not _logged_in(client)


def test_session_is_renewed_at_login(client):
    make_user(email="sessie@example.org")
    token = csrf_token(client)
    with client.session_transaction() as session:
        session["geplant"] = "door een aanvaller"
        before = dict(session)
    cookie_before = client.get_cookie("on_session").value
    response = client.post(
        LOGIN, data={"csrf_token": token, "email": "sessie@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie_after = client.get_cookie("on_session").value
    assert cookie_after != cookie_before
    with client.session_transaction() as session:
        after = dict(session)
    assert "geplant" not in after
    assert after.get("csrf_token") != before.get("csrf_token")
    assert "_user_id" in after and "login_at" in after


def test_remember_me_is_not_given_to_staff(client, app):
    make_user(email="thuis@example.org")
    _login(client, "thuis@example.org", remember="y")
    assert client.get_cookie("on_remember") is not None
    staff_client = app.test_client()
    make_staff(email="balie@example.org")
    _login(staff_client, "balie@example.org", remember="y")
    assert staff_client.get_cookie("on_remember") is None


EVIL_NEXT = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "\\\\evil",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "http:evil",
    "///evil.example",
    " //evil.example",
    "/\t/evil.example",
]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_next_only_local_after_login(client, target):
    make_user(email="volgende@example.org")
    response = _login(client, "volgende@example.org", next=target)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in {"", "localhost"}
    assert location.path == "/"


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_next_only_local_when_already_logged_in(client, target):
    login_as(client, make_user())
    response = client.get(LOGIN, query_string={"next": target})
    location = urlsplit(response.headers["Location"])
    assert location.netloc in {"", "localhost"}
    assert location.path == "/account"


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_is_safe_next_refuses(target):
    assert not is_safe_next(target)


def test_local_next_is_followed(client):
    make_user(email="lokaal@example.org")
    response = _login(client, "lokaal@example.org", next="/account/instellingen?x=1")
    assert response.headers["Location"].endswith("/account/instellingen?x=1")


def test_login_required_page_sends_back_after_login(client):
    make_user(email="terug@example.org")
    response = client.get("/account/instellingen")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert "next=" in login_url
    page = client.get(login_url)
    assert 'name="next" value="/account/instellingen"' in page.get_data(as_text=True)
    done = _login(client, "terug@example.org", next="/account/instellingen")
    assert urlsplit(done.headers["Location"]).path == "/account/instellingen"


def test_logout_is_post_only(client):
    login_as(client, make_user())
    assert client.get("/account/uitloggen").status_code == 405
    assert _logged_in(client)


def test_logout_requires_csrf(client):
    login_as(client, make_user())
    response = client.post("/account/uitloggen")
    assert response.status_code == 400
    assert _logged_in(client)


def test_logout_with_csrf_ends_the_session(client):
    login_as(client, make_user())
    response = post_form(client, "/account/uitloggen", {})
    assert response.status_code == 302
    assert not _logged_in(client)


def test_staff_session_ends_after_staff_lifetime(client):
    from datetime import timedelta

    from open_nijmegen.core.db import utcnow

    staff = make_staff()
    login_as(client, staff)
    assert client.get("/beheer/logboek").status_code == 200
    with client.session_transaction() as session:
        session["login_at"] = (utcnow() - timedelta(hours=5)).isoformat()
    response = client.get("/beheer/logboek")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/account/inloggen"


def test_forged_session_version_is_refused(client):
    user = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_version + 5}"
    assert not _logged_in(client)
    with client.session_transaction() as session:
        session["_user_id"] = "nonsense"
    assert not _logged_in(client)


HOSTILE_VALUES = ["<script>alert(1)</script>", "\u202e", "x" * 100_000, "a\x00b@example.org", ""]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
@pytest.mark.parametrize(
    ("url", "field"),
    [
        (LOGIN, "email"),
        (LOGIN, "password"),
        (LOGIN, "next"),
        ("/account/wachtwoord-vergeten", "email"),
    ],
)
def test_hostile_login_input_never_a_500(client, url, field, value):
    data = {"email": "gewoon@example.org", "password": PASSWORD, field: value}
    response = post_form(client, url, data)
    assert response.status_code in {200, 302, 400}
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "\x00" not in html
