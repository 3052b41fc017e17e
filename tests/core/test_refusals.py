"""Refusals are recorded (issue 15 point 8): failed logins with the account they were aimed at,
403s, wrong second-step codes and rate limits become events with the network of the address
(never the address), and a log line; the beheerder sees them in words; old ones are purged."""

from __future__ import annotations

import logging
from datetime import timedelta

import pyotp
import sqlalchemy as sa
from factories import PASSWORD, make_admin, make_staff, make_user
from helpers import csrf_token, login_as, post_form
from oidc.flow import give_totp

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.refusals import KIND_LABELS, RefusalEvent, RefusalKind, record_refusal
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db

LOGIN = "/account/inloggen"
ADDRESS = "203.0.113.57"
ADDRESS6 = "2001:db8:abcd:12:3456:789a:bcde:f012"


def _events(kind: RefusalKind | None = None) -> list[RefusalEvent]:
    stmt = sa.select(RefusalEvent).order_by(RefusalEvent.id)
    if kind is not None:
        stmt = stmt.where(RefusalEvent.kind == kind)
    return list(db.session.scalars(stmt))


def _wrong_login(client, email, address=ADDRESS):
    return post_form(
        client,
        LOGIN,
        {"email": email, "password": "niet-het-goede-wachtwoord"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_ten_wrong_passwords_leave_ten_events_with_the_account_and_no_full_address(client, caplog):
    user = make_user(email="doelwit@example.org")
    caplog.set_level(logging.WARNING, logger="open_nijmegen.refusals")
    for _ in range(10):
        assert _wrong_login(client, "doelwit@example.org").status_code == 400
    events = _events()
    assert len(events) == 10
    for event in events:
        assert event.kind == RefusalKind.LOGIN_FAILED
        assert event.reason == "wrong_password"
        assert event.account_id == user.id
        assert event.user_id is None
        assert event.ip_prefix == "203.0.113.0/24"
        assert event.route == "POST accounts.login"
    lines = [r.getMessage() for r in caplog.records if r.name == "open_nijmegen.refusals"]
    assert len(lines) == 10
    assert all(f"account={user.id}" in line and "kind=login_failed" in line for line in lines)
    assert all("ip_prefix=203.0.113.0/24" in line for line in lines)
    stored = " ".join(
        str(v) for row in db.session.execute(sa.select(RefusalEvent.__table__)) for v in row
    )
    assert ADDRESS not in stored and ADDRESS not in " ".join(lines)
    assert "doelwit" not in stored and "niet-het-goede" not in " ".join(lines)


def test_an_unknown_address_is_recorded_without_an_account_and_ipv6_as_a_48(client):
    _wrong_login(client, "niemand@example.org", address=ADDRESS6)
    (event,) = _events()
    assert (event.reason, event.account_id) == ("unknown_email", None)
    assert event.ip_prefix == "2001:db8:abcd::/48"


def test_a_right_password_records_no_refusal(client):
    make_user(email="goed@example.org")
    response = post_form(client, LOGIN, {"email": "goed@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert _events() == []


def test_a_403_is_recorded_with_the_user_and_the_route(client, login):
    officer = make_staff()
    login(officer)
    response = client.get("/beheer/gebruikers?q=geheim", environ_base={"REMOTE_ADDR": ADDRESS})
    assert response.status_code == 403
    (event,) = _events()
    assert event.kind == RefusalKind.FORBIDDEN
    assert event.reason == "not_beheerder"
    assert event.user_id == officer.id
    assert event.route == "GET beheer.gebruikers"  # no path, no query
    assert event.ip_prefix == "203.0.113.0/24"


def test_a_form_without_a_valid_csrf_token_is_recorded(client, login):
    user = make_user()
    login(user)
    # A post from another site (no Origin or Referer of this one): a forged logout.
    response = client.post(
        "/account/uitloggen",
        data={"x": "1"},
        headers={"Origin": "https://evil.example"},
        environ_base={"REMOTE_ADDR": ADDRESS},
    )
    assert response.status_code == 400
    # A form of this site whose token has gone (the session ended while typing).
    response = client.post(
        "/account/uitloggen",
        data={"csrf_token": "verlopen"},
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 400
    forged, expired = _events(RefusalKind.FORBIDDEN)
    assert (forged.reason, expired.reason) == ("csrf_cross_site", "form_expired")
    assert forged.user_id == user.id and forged.ip_prefix == "203.0.113.0/24"
    assert forged.route == "POST accounts.logout"
    assert client.get("/account").status_code == 200  # still logged in: nothing was done


def test_a_wrong_second_step_code_is_recorded_with_the_account(client):
    user = make_user(email="tweestaps@example.org")
    secret, _codes = give_totp(user)
    response = post_form(client, LOGIN, {"email": "tweestaps@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/account/tweestaps/code"
    right = pyotp.TOTP(secret).now()
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(
        "/account/tweestaps/code",
        data={"csrf_token": csrf_token(client, "/account/tweestaps/code"), "code": wrong},
    )
    assert response.status_code == 400
    (event,) = _events()
    assert (event.kind, event.reason) == (RefusalKind.TWO_STEP_FAILED, "wrong_code")
    assert event.account_id == user.id


def test_a_rate_limit_is_recorded(client):
    make_user(email="vaak@example.org")
    statuses = [_wrong_login(client, "vaak@example.org").status_code for _ in range(11)]
    assert statuses[-1] == 429
    limited = _events(RefusalKind.RATE_LIMITED)
    assert len(limited) == 1
    assert limited[0].route == "POST accounts.login"
    assert limited[0].reason == "too_many_requests"


# -- the beheerder's page ------------------------------------------------------------------


def _some_refusals(client, login):
    target = make_user(email="mikpunt@example.org", name="Mikpunt Persoon")
    for _ in range(3):
        _wrong_login(client, "mikpunt@example.org")
    officer = make_staff(name="Nieuwsgierige Medewerker")
    login(officer)
    assert client.get("/beheer/instellingen").status_code == 403
    return target, officer


def test_the_beheerder_sees_recent_refusals_and_failed_logins_per_account(client, login, app):
    target, officer = _some_refusals(client, login)
    admin = make_admin()
    page = login_as(app.test_client(), admin)
    response = page.get("/beheer/weigeringen")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mikpunt Persoon" in html and "Nieuwsgierige Medewerker" in html
    assert "Inloggen mislukt" in html and "Verkeerd wachtwoord" in html
    assert "Geen toegang" in html and "Alleen voor de beheerder" in html
    assert "/beheer/instellingen" in html and "203.0.113.0/24" in html
    # The accounts table counts the three failed logins of the target.
    accounts = html.split("Mislukte inlogpogingen per account", 1)[1].split("</table>", 1)[0]
    assert "Mikpunt Persoon" in accounts and ">3<" in accounts
    assert "Nieuwsgierige Medewerker" not in accounts
    # Each account shown is in the processing log, with its purpose.
    from open_nijmegen.privacy.models import Verwerking

    looked = {
        v.subject_user_id
        for v in db.session.scalars(sa.select(Verwerking).where(Verwerking.actor_id == admin.id))
    }
    assert {target.id, officer.id} <= looked


def test_the_page_shows_no_codes(client, login, app):
    _some_refusals(client, login)
    record_refusal(RefusalKind.SUPPORT_REFUSED, "own_idea", route="POST ideeen.steunen")
    record_refusal(RefusalKind.TWO_STEP_FAILED, "wrong_code", route="POST oidc.code")
    record_refusal(RefusalKind.RATE_LIMITED, "too_many_requests", route="POST accounts.login")
    record_refusal(RefusalKind.FORBIDDEN, "een_onbekende_reden", route="GET nergens")
    admin = make_admin()
    page = login_as(app.test_client(), admin)
    html = page.get("/beheer/weigeringen").get_data(as_text=True)
    codes = [k.value for k in RefusalKind] + [
        "wrong_password",
        "not_beheerder",
        "own_idea",
        "wrong_code",
        "too_many_requests",
        "een_onbekende_reden",
        "beheer.instellingen",
        "accounts.login",
        "ideeen.steunen",
        "RefusalKind",
    ]
    for code in codes:
        assert code not in html, code
    for label in KIND_LABELS.values():
        assert str(label) in html
    assert "Andere reden" in html  # an unknown reason is not shown as its code


def test_other_staff_get_403_on_the_page(client, login):
    login(make_staff())
    assert client.get("/beheer/weigeringen").status_code == 403
    (event,) = _events()
    assert (event.reason, event.route) == ("not_beheerder", "GET beheer.weigeringen")


def test_residents_and_visitors_do_not_see_the_page(client, login, app):
    assert app.test_client().get("/beheer/weigeringen").status_code == 302  # to the login
    login(make_user())
    assert client.get("/beheer/weigeringen").status_code == 403


def test_the_user_page_counts_failed_logins_of_the_last_day(client, login, app):
    target = make_user(email="teller@example.org")
    for _ in range(2):
        _wrong_login(client, "teller@example.org")
    old = _events()[0]
    old.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    page = login_as(app.test_client(), make_admin())
    html = page.get(f"/beheer/gebruikers/{target.id}?doel=beveiliging").get_data(as_text=True)
    assert "Mislukte inlogpogingen in de laatste 24 uur</dt><dd>1</dd>" in html


# -- retention -----------------------------------------------------------------------------


def test_the_purge_removes_events_older_than_the_setting(client):
    from open_nijmegen.privacy.purge import purge

    now = utcnow()
    for days in (91, 89, 1):
        record_refusal(RefusalKind.FORBIDDEN, "not_staff", route="GET beheer.dashboard")
        event = _events()[-1]
        event.created_at = now - timedelta(days=days)
        db.session.commit()
    dry = {line.name: line.count for line in purge(now, dry_run=True)}
    db.session.rollback()
    assert dry["weigeringen"] == 1 and len(_events()) == 3
    counts = {line.name: line.count for line in purge(now)}
    db.session.commit()
    assert counts["weigeringen"] == 1
    assert sorted((now - e.created_at).days for e in _events()) == [1, 89]
    set_setting(None, "bewaar.weigeringen_dagen", 30)
    db.session.commit()
    assert {line.name: line.count for line in purge(now)}["weigeringen"] == 1
    db.session.commit()
    assert len(_events()) == 1
