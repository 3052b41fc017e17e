"""Login through a real OpenID Connect provider process (oidc-provider on Node): first login,
linking, logout, refused callbacks, staff single sign-on, open-redirect sweep."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import sqlalchemy as sa
from factories import PASSWORD, make_staff, make_user
from helpers import csrf_token, free_port
from oidc.flow import at_provider, finish_first_login, local, provider_login, start_login

from open_nijmegen.accounts.models import Identity, LoginEvent, Role, User
from open_nijmegen.accounts.oidc.registry import configure_providers
from open_nijmegen.extensions import db

LOGGER = "open_nijmegen"


def _logged_in_as(client) -> User | None:
    with client.session_transaction() as session:
        raw = session.get("_user_id")
    return db.session.get(User, int(raw.split(":")[0])) if raw else None


def test_login_page_shows_the_providers_as_post_forms(client, provider):
    response = client.get("/account/inloggen")
    html = response.get_data(as_text=True)
    assert 'action="/account/inloggen/test"' in html
    assert 'action="/account/inloggen/personeel"' in html
    assert "Inloggen met Testdienst" in html
    assert "Voor medewerkers van de gemeente" in html
    start = html.index('action="/account/inloggen/test"')
    assert 'method="post"' in html[start - 80 : start]
    assert 'name="csrf_token"' in html[start : start + 400]
    csp = response.headers["Content-Security-Policy"]
    assert f"form-action 'self' {provider.issuer}" in csp


def test_starting_a_login_needs_csrf(client, provider):
    response = client.post("/account/inloggen/test", data={})
    assert response.status_code == 400
    assert (
        client.post(
            "/account/inloggen/onbekend", data={"csrf_token": csrf_token(client)}
        ).status_code
        == 404
    )


def test_authorization_request_uses_pkce_state_and_nonce(client, provider):
    started = start_login(client)
    assert started.status_code == 302
    url = started.headers["Location"]
    assert url.startswith(provider.issuer + "/auth?")
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == [f"{provider.site}/account/inloggen/test/terug"]
    assert query["response_type"] == ["code"]


def test_first_login_asks_a_display_name_then_creates_the_account(client, provider):
    response = provider_login(client, provider.site, login="eerste")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/eerste-keer"
    assert _logged_in_as(client) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0

    page = client.get("/account/eerste-keer").get_data(as_text=True)
    assert "Kies nu een naam" in page
    assert "geen mail" in page  # e-mail is optional, and the page says what that means
    done = finish_first_login(client, "Eerste Bewoner")
    assert done.status_code == 302
    user = _logged_in_as(client)
    assert user is not None and user.display_name == "Eerste Bewoner"
    assert user.email is None and user.password_hash is None
    assert user.role == Role.INWONER and user.is_confirmed
    identity = db.session.scalar(sa.select(Identity).where(Identity.user_id == user.id))
    assert identity.issuer == provider.issuer and identity.subject == "eerste"
    assert "geen mail van ons" in client.get("/").get_data(as_text=True)
    event = db.session.scalar(sa.select(LoginEvent).where(LoginEvent.user_id == user.id))
    assert event.method == "oidc:test"

    # The next login goes straight in, with the same account.
    other = client.application.test_client()
    again = provider_login(other, provider.site, login="eerste")
    assert again.status_code == 302 and again.headers["Location"] == "/"
    assert _logged_in_as(other).id == user.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_first_login_with_the_verified_email_confirms_it(client, provider):
    provider_login(client, provider.site, login="anna")
    page = client.get("/account/eerste-keer").get_data(as_text=True)
    assert 'value="anna@provider.example"' in page  # offered, not required
    finish_first_login(client, "Anna", "anna@provider.example")
    user = _logged_in_as(client)
    assert user.email == "anna@provider.example" and user.email_confirmed_at is not None


def test_no_bsn_is_stored_anywhere(client, provider):
    provider_login(client, provider.site, login="bsn-houder")
    finish_first_login(client, "Zonder Nummer")
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).all():
            assert "999990019" not in repr(tuple(row)), f"BSN found in {table.name}"
    with client.session_transaction() as session:
        assert "999990019" not in repr(dict(session))


def test_never_links_on_a_matching_email_address(client, provider):
    owner = make_user(email="kees@provider.example")
    response = provider_login(client, provider.site, login="kees")
    assert response.headers["Location"] == "/account/eerste-keer"
    assert _logged_in_as(client) is None
    refused = finish_first_login(client, "Kees Twee", "kees@provider.example")
    assert refused.status_code == 400  # the form again, with its error summary
    assert "hoort al bij een account" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Identity)) == 0
    assert _logged_in_as(client) is None
    assert db.session.get(User, owner.id).identities == []


def test_linking_an_existing_account_needs_its_password(client, provider):
    owner = make_user(email="bestaand@example.org")
    provider_login(client, provider.site, login="koppelaar")
    page = client.get("/account/koppelen")
    assert page.status_code == 200
    token = csrf_token(client, "/account/koppelen")
    wrong = client.post(
        "/account/koppelen",
        data={"csrf_token": token, "email": "bestaand@example.org", "password": "fout-wachtwoord"},
    )
    assert wrong.status_code == 400  # the form again, with its error summary
    assert "klopt niet" in wrong.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Identity)) == 0
    right = client.post(
        "/account/koppelen",
        data={"csrf_token": token, "email": "bestaand@example.org", "password": PASSWORD},
    )
    assert right.status_code == 302
    assert _logged_in_as(client).id == owner.id
    identity = db.session.scalar(sa.select(Identity))
    assert identity.user_id == owner.id and identity.subject == "koppelaar"
    # From now on the provider logs in to that account.
    other = client.application.test_client()
    provider_login(other, provider.site, login="koppelaar")
    assert _logged_in_as(other).id == owner.id


def test_a_provider_cannot_log_in_to_a_role_it_may_not_grant(client, provider, caplog):
    staff = make_staff(email="medewerker@example.org")
    provider_login(client, provider.site, login="stiekem")
    token = csrf_token(client, "/account/koppelen")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = client.post(
            "/account/koppelen",
            data={"csrf_token": token, "email": staff.email, "password": PASSWORD},
        )
    assert response.status_code == 403
    assert "Met deze manier van inloggen kunt u niet in dit account" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Identity)) == 0
    assert "not allowed for provider" in caplog.text


def test_staff_single_sign_on_maps_the_group_to_participatiemedewerker(client, provider):
    response = provider_login(client, provider.site, login="medewerker-els", provider="personeel")
    assert response.headers["Location"] == "/account/eerste-keer"
    finish_first_login(client, "Els van de Gemeente")
    user = _logged_in_as(client)
    assert user.role == Role.PARTICIPATIEMEDEWERKER
    assert client.get("/beheer/").status_code == 200


def test_staff_single_sign_on_refuses_people_without_the_group(client, provider, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = provider_login(client, provider.site, login="bewoner", provider="personeel")
    assert response.status_code == 403
    assert "geen toegang als medewerker" in response.get_data(as_text=True)
    assert "staff provider without staff group" in caplog.text
    assert _logged_in_as(client) is None


def test_logout_ends_the_provider_session_and_returns_to_the_site(client, provider):
    browser = requests.Session()
    provider_login(client, provider.site, login="uitlogger", browser=browser)
    finish_first_login(client, "Uit Logger")
    assert _logged_in_as(client) is not None
    response = client.post("/account/uitloggen", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    end = response.headers["Location"]
    assert end.startswith(provider.issuer + "/session/end?")
    query = parse_qs(urlsplit(end).query)
    assert query["post_logout_redirect_uri"] == [f"{provider.site}/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert _logged_in_as(client) is None
    back = at_provider(browser, end, provider.site)
    assert back.startswith(f"{provider.site}/?") or back == f"{provider.site}/"
    assert client.get(local(back)).status_code == 200
    # The provider's session is gone: a new login asks for the login name again.
    page = browser.get(start_login(client).headers["Location"], timeout=10)
    assert 'value="login"' in page.text


def test_a_provider_login_is_a_login_on_the_server_that_logout_ends(client, provider):
    from open_nijmegen.accounts.models import LoginSession

    provider_login(client, provider.site, login="sessiehouder")
    finish_first_login(client, "Sessie Houder")
    user = _logged_in_as(client)
    rows = db.session.scalars(sa.select(LoginSession).where(LoginSession.user_id == user.id))
    assert len(rows.all()) == 1
    again = client.application.test_client()
    assert provider_login(again, provider.site, login="sessiehouder").status_code == 302
    assert _logged_in_as(again).id == user.id
    count = sa.select(sa.func.count()).where(LoginSession.user_id == user.id)
    assert db.session.scalar(count) == 2, "a returning provider login gets a row too"

    stolen = client.get_cookie("on_session").value
    copy = client.application.test_client()
    copy.set_cookie("on_session", stolen)
    assert copy.get("/account").status_code == 200
    client.post("/account/uitloggen", data={"csrf_token": csrf_token(client)})
    assert db.session.scalar(count) == 1
    copy = client.application.test_client()
    copy.set_cookie("on_session", stolen)
    assert copy.get("/account").status_code == 302, "the copied cookie is logged out too"
    assert again.get("/account").status_code == 200, "the other device stays logged in"


def test_local_logout_still_works_when_logged_in_with_a_password(client, provider):
    user = make_user()
    from helpers import login_as

    login_as(client, user)
    response = client.post("/account/uitloggen", data={"csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/"


def _refused(response, caplog, reason):
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Inloggen is niet gelukt" in html
    assert 'href="/account/inloggen"' in html  # a way back
    assert "Traceback" not in html
    assert reason in caplog.text


def test_callback_without_state_is_refused(client, provider, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = client.get("/account/inloggen/test/terug?code=abc")
    _refused(response, caplog, "missing state")


def test_a_replayed_callback_is_refused(client, provider, caplog):
    started = start_login(client)
    callback = at_provider(
        requests.Session(), started.headers["Location"], provider.site, "herhaal"
    )
    assert client.get(local(callback)).status_code == 302
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        replay = client.get(local(callback))
    _refused(replay, caplog, "unknown, foreign or used state")


def test_a_foreign_state_is_refused(app, client, provider, caplog):
    victim = app.test_client()
    start_login(victim)  # the victim has a login of its own going on
    started = start_login(client)
    callback = at_provider(
        requests.Session(), started.headers["Location"], provider.site, "aanvaller"
    )
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = victim.get(local(callback))  # the attacker's callback in the victim's browser
    _refused(response, caplog, "unknown, foreign or used state")
    assert _logged_in_as(victim) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Identity)) == 0


def test_cancelling_at_the_provider_ends_on_a_page_with_a_way_back(client, provider, caplog):
    started = start_login(client)
    browser = requests.Session()
    page = browser.get(started.headers["Location"], timeout=10)  # follows to the login page
    abort = page.url.rstrip("/") + "/abort"
    callback = at_provider(browser, abort, provider.site)
    assert "error=access_denied" in callback
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.get(local(callback))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "U bent niet ingelogd" in html and 'href="/account/inloggen"' in html
    assert "cancelled by the user" in caplog.text
    assert _logged_in_as(client) is None


def test_a_provider_that_is_down_ends_on_a_b1_page(app, client, provider, caplog):
    dead = f"http://127.0.0.1:{free_port()}"
    configure_providers(app, [provider.config("test", issuer=dead)])
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = start_login(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Inloggen is niet gelukt" in html and "Traceback" not in html
    assert 'href="/account/inloggen"' in html
    assert "provider not reachable" in caplog.text


EVIL = ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", EVIL)
def test_open_redirect_sweep_through_the_provider_flow(app, client, provider, target):
    page = client.get("/account/inloggen?next=" + requests.utils.quote(target, safe=""))
    assert "evil.example" not in page.get_data(as_text=True)
    assert "javascript:" not in page.get_data(as_text=True)
    # Known account
    existing = _make_known(app, provider)
    response = provider_login(existing, provider.site, login="vaste-gast", next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    # First login: the target is dropped before the account is made.
    newcomer = app.test_client()
    first_response = provider_login(
        newcomer, provider.site, login=f"nieuw-{len(target)}", next=target
    )
    assert first_response.headers["Location"] == "/account/eerste-keer"
    done = finish_first_login(newcomer, f"Nieuwkomer {len(target)}")
    assert done.headers["Location"] == "/"


def _make_known(app, provider):
    client = app.test_client()
    if db.session.scalar(sa.select(Identity).where(Identity.subject == "vaste-gast")) is None:
        provider_login(client, provider.site, login="vaste-gast")
        finish_first_login(client, "Vaste Gast")
        client = app.test_client()
    return client


def test_a_safe_next_is_kept_through_the_provider_flow(app, client, provider):
    known = _make_known(app, provider)
    response = provider_login(
        known, provider.site, login="vaste-gast", next="/account/instellingen"
    )
    assert response.headers["Location"] == "/account/instellingen"
