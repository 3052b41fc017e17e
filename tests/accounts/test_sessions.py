"""Logins kept on the server (issue 15 point 1): logging out, a password change, erasure, a
role change and "Log dit apparaat uit" end the login itself, so a copied session cookie or
remember-me cookie stops working; the account page lists where you are logged in."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from factories import PASSWORD, make_user
from helpers import csrf_token, login_as, post_form

from open_nijmegen.accounts import services
from open_nijmegen.accounts.models import LoginSession, Role, StaffWorkArea, User, WorkArea
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

LOGIN = "/account/inloggen"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _real_login(client, email, remember=False):
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = post_form(client, LOGIN, data, headers={"User-Agent": FIREFOX})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def _rows(user=None) -> int:
    query = sa.select(sa.func.count()).select_from(LoginSession)
    if user is not None:
        query = query.where(LoginSession.user_id == user.id)
    return int(db.session.scalar(query))


def _open_idea():
    from ideeen.factories import make_idee, make_thema, make_wijk, standing_traject

    standing_traject()
    make_wijk("Hatert", "Nijmegen-Zuid")
    make_thema("Groen en natuur")
    return make_idee("openbaar")


def _supports(idee) -> int:
    from open_nijmegen.ideeen.models import Steun

    return int(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Steun).where(Steun.idee_id == idee.id)
        )
    )


def test_a_copied_session_cookie_no_longer_works_after_logout(client, app):
    user = make_user(email="kopie@example.org")
    idee = _open_idea()
    _real_login(client, "kopie@example.org")
    token = csrf_token(client, "/account")
    stolen = client.get_cookie("on_session").value
    thief = app.test_client()
    thief.set_cookie("on_session", stolen)
    assert _logged_in(thief), "the copy works while the owner is logged in"

    assert post_form(client, "/account/uitloggen", {}).status_code == 302
    assert _rows(user) == 0

    thief = app.test_client()
    thief.set_cookie("on_session", stolen)
    response = thief.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    assert response.status_code == 302
    assert "/account/inloggen" in response.headers["Location"]
    assert _supports(idee) == 0, "nothing is written with a logged-out cookie"
    assert not _logged_in(thief)


def test_the_remember_me_cookie_no_longer_works_after_logout(client, app):
    user = make_user(email="onthouden@example.org")
    idee = _open_idea()
    _real_login(client, "onthouden@example.org", remember=True)
    remembered = client.get_cookie("on_remember").value
    device = app.test_client()
    device.set_cookie("on_remember", remembered)
    assert _logged_in(device), "the remember-me cookie alone logs in while the login lasts"

    assert post_form(client, "/account/uitloggen", {}).status_code == 302

    device = app.test_client()
    device.set_cookie("on_remember", remembered)
    token = csrf_token(device)  # a form token of its own: only the login is refused
    response = device.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    assert "/account/inloggen" in response.headers["Location"]
    assert _supports(idee) == 0
    assert not _logged_in(device)
    assert _rows(user) == 0


def test_an_unknown_or_old_style_session_value_is_refused(client):
    user = make_user()
    for value in (f"{user.id}:1", f"{user.id}:niet-bestaand-token", "nonsense", f"x:{user.id}"):
        with client.session_transaction() as session:
            session["_user_id"] = value
        assert not _logged_in(client), value


def test_a_login_token_of_one_person_does_not_log_in_as_another(client):
    owner, other = make_user(), make_user()
    login_as(client, owner)
    with client.session_transaction() as session:
        token = session["_user_id"].split(":", 1)[1]
        session["_user_id"] = f"{other.id}:{token}"
    assert not _logged_in(client)


def test_a_password_change_ends_the_other_logins(client, app):
    user = make_user(email="wissel@example.org")
    other = app.test_client()
    _real_login(other, "wissel@example.org")
    _real_login(client, "wissel@example.org")
    assert _rows(user) == 2
    response = post_form(
        client,
        "/account/wachtwoord",
        {"current_password": PASSWORD, "password": "een-nieuw-wachtwoord-7"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert _logged_in(client), "this device gets a new login"
    assert not _logged_in(other)
    assert _rows(user) == 1


def test_erasure_ends_every_login(client):
    from open_nijmegen.privacy.erasure import erase_user

    user = make_user()
    login_as(client, user)
    assert _logged_in(client)
    erase_user(user)
    db.session.commit()
    assert _rows() == 0
    assert not _logged_in(client)


def test_a_role_change_ends_every_login(client):
    user = make_user()
    login_as(client, user)
    services.set_role(None, user, Role.PARTICIPATIEMEDEWERKER, ["ideeen"])
    db.session.commit()
    assert _rows(user) == 0
    assert not _logged_in(client)


def test_the_account_page_lists_the_logins_and_marks_this_device(client, app):
    user = make_user(email="apparaten@example.org")
    _real_login(app.test_client(), "apparaten@example.org")
    _real_login(client, "apparaten@example.org")
    html = client.get("/account").get_data(as_text=True)
    assert "Waar bent u ingelogd" in html
    assert html.count("Log dit apparaat uit") == 2
    assert html.count("Dit is het apparaat dat u nu gebruikt.") == 1
    assert "Firefox op Windows" in html
    assert "127.0.0.0/24" in html, "the network, not the address"
    stored = db.session.scalars(sa.select(LoginSession).where(LoginSession.user_id == user.id))
    assert {row.ip_prefix for row in stored} == {"127.0.0.0/24"}


def test_log_this_device_out_ends_that_login_only(client, app):
    user = make_user(email="een@example.org")
    other = app.test_client()
    _real_login(other, "een@example.org")
    _real_login(client, "een@example.org")
    html = client.get("/account").get_data(as_text=True)
    ids = [int(n) for n in re.findall(r'action="/account/apparaten/(\d+)/uitloggen"', html)]
    mine = int(db.session.scalar(sa.select(sa.func.max(LoginSession.id))))
    (elsewhere,) = [n for n in ids if n != mine]

    refused = client.post(f"/account/apparaten/{elsewhere}/uitloggen")  # no CSRF token
    assert refused.status_code == 400 and _logged_in(other)

    response = post_form(client, f"/account/apparaten/{elsewhere}/uitloggen", {})
    assert response.status_code == 302
    assert not _logged_in(other)
    assert _logged_in(client)
    assert _rows(user) == 1

    response = post_form(client, f"/account/apparaten/{mine}/uitloggen", {})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not _logged_in(client)
    assert _rows(user) == 0


def test_another_persons_login_cannot_be_ended(client, app):
    owner, stranger = make_user(), make_user()
    owner_client = app.test_client()
    login_as(owner_client, owner)
    login_as(client, stranger)
    owner_login = db.session.scalar(
        sa.select(LoginSession.id).where(LoginSession.user_id == owner.id)
    )
    response = post_form(client, f"/account/apparaten/{owner_login}/uitloggen", {})
    assert response.status_code == 404
    assert _rows(owner) == 1 and _logged_in(owner_client)
    assert post_form(client, "/account/apparaten/999999/uitloggen", {}).status_code == 404


def test_last_seen_is_written_at_most_every_few_minutes(client):
    user = make_user()
    login_as(client, user)
    row = db.session.scalar(sa.select(LoginSession).where(LoginSession.user_id == user.id))
    recent = utcnow() - timedelta(minutes=1)
    row.last_seen_at = recent
    db.session.commit()
    client.get("/ideeen")
    db.session.refresh(row)
    assert abs((row.last_seen_at - recent).total_seconds()) < 1, "not written every request"
    stale = utcnow() - timedelta(minutes=30)
    row.last_seen_at = stale
    db.session.commit()
    client.get("/ideeen")  # a read-only page: written on a connection of its own
    db.session.refresh(row)
    assert row.last_seen_at > utcnow() - timedelta(minutes=1)


def test_a_login_ends_when_it_is_older_than_its_term(client, app):
    user = make_user()
    login_as(client, user)
    row = db.session.scalar(sa.select(LoginSession).where(LoginSession.user_id == user.id))
    row.created_at = utcnow() - app.config["PERMANENT_SESSION_LIFETIME"] - timedelta(minutes=1)
    db.session.commit()
    with client.session_transaction() as session:
        session.pop("login_at")  # as after a restore from the remember-me cookie
    assert not _logged_in(client)


def test_visitors_who_are_not_logged_in_cost_no_login_query(client, app):
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        client.get("/ideeen")
        client.get("/")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    assert not [s for s in statements if "login_session" in s]


def test_the_purge_removes_logins_past_their_term(client, app):
    from open_nijmegen.privacy.purge import purge_login_sessions

    old, fresh = make_user(), make_user()
    login_as(client, old)
    login_as(app.test_client(), fresh)
    row = db.session.scalar(sa.select(LoginSession).where(LoginSession.user_id == old.id))
    row.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert purge_login_sessions(utcnow(), dry_run=True) == 1
    assert purge_login_sessions(utcnow(), dry_run=False) == 1
    assert _rows(old) == 0 and _rows(fresh) == 1


# The user is read afresh on every request (one query: the login, the user and the work areas),
# never kept between requests: what changed in the database counts on the very next request,
# also when it was changed without ending the logins (a script, another process).


def test_a_deactivated_or_deleted_account_is_refused_on_its_next_request(client, app):
    user = make_user()
    login_as(client, user)
    assert _logged_in(client)
    db.session.execute(sa.update(User).where(User.id == user.id).values(is_active_account=False))
    db.session.commit()
    assert not _logged_in(client)

    other = make_user()
    device = app.test_client()
    login_as(device, other)
    assert _logged_in(device)
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == other.id))
    db.session.execute(sa.delete(User).where(User.id == other.id))
    db.session.commit()
    assert not _logged_in(device)


def test_a_role_or_work_area_change_counts_on_the_next_request(client):
    officer = make_user(Role.PARTICIPATIEMEDEWERKER, areas=["ideeen", "begroten"])
    login_as(client, officer)
    assert client.get("/beheer/ideeen").status_code == 200
    db.session.execute(
        sa.delete(StaffWorkArea).where(
            StaffWorkArea.user_id == officer.id, StaffWorkArea.area == WorkArea.IDEEEN
        )
    )
    db.session.commit()
    assert client.get("/beheer/ideeen").status_code == 403, "the work area is gone"
    db.session.add(StaffWorkArea(user_id=officer.id, area=WorkArea.IDEEEN))
    db.session.commit()
    assert client.get("/beheer/ideeen").status_code == 200
    assert 'href="/beheer/"' in client.get("/over").get_data(as_text=True)

    db.session.execute(sa.update(User).where(User.id == officer.id).values(role=Role.INWONER))
    db.session.commit()
    assert client.get("/beheer/ideeen").status_code == 403, "no longer an officer"
    assert 'href="/beheer/"' not in client.get("/over").get_data(as_text=True)


def test_the_user_of_a_request_is_one_query_with_every_work_area(client, app):
    """The login, the user and the work areas come in one statement (they were two)."""
    from open_nijmegen.accounts.sessions import load_user, open_login_session

    officer = make_user(Role.PARTICIPATIEMEDEWERKER)  # every work area
    login_as(client, officer)
    client.get("/over")
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get("/over").status_code == 200
        login = [s for s in statements if "login_session" in s or "staff_work_area" in s]
        assert len(login) == 1, login
        assert "staff_work_area" in login[0]

        value = open_login_session(officer)
        db.session.commit()
        db.session.expunge_all()
        with app.test_request_context():
            statements.clear()
            user = load_user(value)
            assert len(statements) == 1
            assert {w.area for w in user.work_areas} == set(WorkArea)
            assert all(user.has_work_area(area) for area in WorkArea)
            assert len(statements) == 1, "no second query for the work areas"
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
