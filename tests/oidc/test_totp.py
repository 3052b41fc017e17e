"""Two-step login (TOTP + recovery codes) for local passwords: enrolment, the login step,
single use, rate limit, and the setting that makes it required for staff."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
import sqlalchemy as sa
from factories import PASSWORD, make_admin, make_staff, make_user
from helpers import csrf_token, login_as
from oidc.flow import give_totp, password_login

from open_nijmegen.accounts.models import Identity, LoginEvent, User
from open_nijmegen.accounts.oidc import totp
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db


@pytest.fixture()
def required(app):
    set_setting(None, totp.REQUIRED_FOR_STAFF.key, True)
    db.session.commit()


def send_code(client, code):
    return client.post(
        "/account/tweestaps/code",
        data={"csrf_token": csrf_token(client, "/account/tweestaps/code"), "code": code},
    )


def logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_off_by_default_in_development_and_test_on_in_production(app, client):
    staff = make_staff()
    with app.test_request_context():
        assert totp.required_for_staff() is False
        app.config["OPEN_NIJMEGEN_ENV"] = "production"
        try:
            assert totp.required_for_staff() is True
            set_setting(None, totp.REQUIRED_FOR_STAFF.key, False)  # a saved choice wins
            assert totp.required_for_staff() is False
        finally:
            app.config["OPEN_NIJMEGEN_ENV"] = "test"
            db.session.rollback()
    response = password_login(client, staff.email)
    assert response.headers["Location"] == "/beheer/"
    assert logged_in(client)


@pytest.mark.parametrize("maker", [make_staff, make_admin], ids=["medewerker", "beheerder"])
def test_staff_must_set_it_up_before_the_session_starts(client, required, maker):
    staff = maker()
    response = password_login(client, staff.email)
    assert response.headers["Location"] == "/account/tweestaps"
    assert not logged_in(client)
    assert client.get("/beheer/").status_code == 302

    page = client.get("/account/tweestaps").get_data(as_text=True)
    secret = re.search(r'<code id="sleutel">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert "otpauth://totp/" in page
    assert 'name="password"' not in page  # the password was just given
    token = csrf_token(client, "/account/tweestaps")
    wrong = client.post("/account/tweestaps", data={"csrf_token": token, "code": "000000"})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    assert not db.session.get(User, staff.id).has_totp

    done = client.post(
        "/account/tweestaps", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )
    html = done.get_data(as_text=True)
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", html)
    assert len(codes) == 10
    user = db.session.get(User, staff.id)
    assert user.has_totp and user.totp_secret == secret
    assert all(c not in (user.recovery_codes or "") for c in codes)  # only hashes are stored
    assert logged_in(client)
    assert client.get("/beheer/").status_code == 200
    event = db.session.scalar(sa.select(LoginEvent).where(LoginEvent.user_id == staff.id))
    assert "tweestaps" in event.method


def test_login_asks_the_code_after_the_password(client):
    user = make_user()
    secret, _codes = give_totp(user)
    response = password_login(client, user.email)
    assert response.headers["Location"] == "/account/tweestaps/code"
    assert not logged_in(client)
    page = client.get("/account/tweestaps/code").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page
    ok = send_code(client, pyotp.TOTP(secret).now())
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    assert logged_in(client)


def test_without_the_code_there_is_no_session(client, required):
    staff = make_staff()
    give_totp(staff)
    password_login(client, staff.email)
    assert not logged_in(client)
    assert client.get("/beheer/").status_code == 302
    empty = client.post(
        "/account/tweestaps/code",
        data={"csrf_token": csrf_token(client, "/account/tweestaps/code"), "code": ""},
    )
    assert "Vul de code in" in empty.get_data(as_text=True)
    assert not logged_in(client)


def test_the_code_page_without_a_password_first_sends_you_to_login(client):
    response = client.get("/account/tweestaps/code")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/inloggen")


def test_a_code_works_once(app, client):
    user = make_user()
    secret, _codes = give_totp(user)
    code = pyotp.TOTP(secret).now()
    password_login(client, user.email)
    assert send_code(client, code).status_code == 302
    again = app.test_client()
    password_login(again, user.email)
    replay = send_code(again, code)
    assert replay.status_code == 400
    assert "Deze code klopt niet" in replay.get_data(as_text=True)
    assert not logged_in(again)


def test_a_recovery_code_works_exactly_once(app, client):
    user = make_user()
    _secret, codes = give_totp(user)
    password_login(client, user.email)
    used = send_code(client, codes[3].upper())  # case and dash do not matter
    assert used.status_code == 302
    assert "nog 9" in client.get("/").get_data(as_text=True)
    assert totp.recovery_codes_left(db.session.get(User, user.id)) == 9
    again = app.test_client()
    password_login(again, user.email)
    assert send_code(again, codes[3]).status_code == 400
    assert not logged_in(again)
    assert send_code(again, codes[4].replace("-", "")).status_code == 302


def test_wrong_codes_are_refused_and_rate_limited_per_account(app, client):
    user = make_user()
    secret, _codes = give_totp(user)
    password_login(client, user.email)
    for _i in range(5):
        assert send_code(client, "123456").status_code == 400
    blocked = send_code(client, pyotp.TOTP(secret).now())
    assert blocked.status_code == 429
    assert "Even wachten" in blocked.get_data(as_text=True)
    # A new session (or another address) gets no new tries for the same account.
    other = app.test_client()
    password_login(other, user.email)
    assert send_code(other, pyotp.TOTP(secret).now()).status_code == 429
    assert not logged_in(client) and not logged_in(other)


def test_a_pending_login_ends_when_the_password_changes(client):
    user = make_user()
    secret, _codes = give_totp(user)
    password_login(client, user.email)
    token = csrf_token(client, "/account/tweestaps/code")
    user.session_version += 1
    db.session.commit()
    assert client.get("/account/tweestaps/code").status_code == 302
    response = client.post(
        "/account/tweestaps/code", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/inloggen"
    assert not logged_in(client)


def test_a_resident_turns_it_on_and_off_from_the_account(client):
    user = make_user()
    login_as(client, user)
    page = client.get("/account/tweestaps").get_data(as_text=True)
    secret = re.search(r'<code id="sleutel">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    token = csrf_token(client, "/account/tweestaps")
    code = pyotp.TOTP(secret).now()
    wrong_pw = client.post(
        "/account/tweestaps", data={"csrf_token": token, "code": code, "password": "fout!"}
    )
    assert "Uw wachtwoord klopt niet" in wrong_pw.get_data(as_text=True)
    assert not db.session.get(User, user.id).has_totp
    done = client.post(
        "/account/tweestaps", data={"csrf_token": token, "code": code, "password": PASSWORD}
    )
    assert done.status_code == 200 and "Bewaar uw herstelcodes" in done.get_data(as_text=True)
    assert db.session.get(User, user.id).has_totp
    manage = client.get("/account/tweestaps").get_data(as_text=True)
    assert "Dit staat aan" in manage and "U hebt nog 10 herstelcodes" in manage

    old_hashes = db.session.get(User, user.id).recovery_codes
    fresh = client.post(
        "/account/tweestaps/nieuwe-codes",
        data={"csrf_token": token, "codes-password": PASSWORD},
    )
    assert fresh.status_code == 200
    assert db.session.get(User, user.id).recovery_codes != old_hashes

    off = client.post(
        "/account/tweestaps/uitzetten", data={"csrf_token": token, "uit-password": PASSWORD}
    )
    assert off.status_code == 302
    assert not db.session.get(User, user.id).has_totp


def test_staff_cannot_turn_it_off_when_it_is_required(client, required):
    staff = make_staff()
    give_totp(staff)
    login_as(client, staff)
    manage = client.get("/account/tweestaps").get_data(as_text=True)
    assert "Extra code uitzetten" not in manage
    token = csrf_token(client, "/account/tweestaps")
    client.post(
        "/account/tweestaps/uitzetten", data={"csrf_token": token, "uit-password": PASSWORD}
    )
    assert db.session.get(User, staff.id).has_totp


def test_linking_a_provider_to_an_account_with_a_code_needs_the_code(app, client, provider):
    from oidc.flow import provider_login

    user = make_user(email="metcode@example.org")
    secret, _codes = give_totp(user)
    provider_login(client, provider.site, login="met-code")
    response = client.post(
        "/account/koppelen",
        data={
            "csrf_token": csrf_token(client, "/account/koppelen"),
            "email": user.email,
            "password": PASSWORD,
        },
    )
    assert response.headers["Location"] == "/account/tweestaps/code"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Identity)) == 0
    assert not logged_in(client)
    assert send_code(client, pyotp.TOTP(secret).now()).status_code == 302
    identity = db.session.scalar(sa.select(Identity))
    assert identity.user_id == user.id and identity.subject == "met-code"
    assert logged_in(client)


def test_matching_step_accepts_one_step_of_clock_difference():
    secret = pyotp.random_base32()
    now = time.time()
    earlier = pyotp.TOTP(secret).at(now - 30)
    assert totp.matching_step(secret, earlier, at=now) is not None
    assert totp.matching_step(secret, pyotp.TOTP(secret).at(now - 120), at=now) is None
    assert totp.matching_step(secret, "12345", at=now) is None
    assert totp.matching_step(secret, "abcdef", at=now) is None


@pytest.mark.parametrize("code", ["１２３４５６", "٣٣٣٣٣٣", "²²²²²²"])
def test_a_code_in_other_digits_is_refused_not_a_500(client, code):
    user = make_user()
    give_totp(user)
    password_login(client, user.email)
    response = send_code(client, code)
    assert response.status_code == 400
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert not logged_in(client)
    assert totp.matching_step(pyotp.random_base32(), code) is None
