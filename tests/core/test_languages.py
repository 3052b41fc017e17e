"""Languages (issue 20): the language is in the address (/en/...), the choice is a POST that
keeps it in a cookie (visitor) or the account (resident), Accept-Language counts on a visit
from outside, <html lang> and hreflang are right, dates and numbers follow the language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from factories import make_user
from flask_babel import refresh
from helpers import login_as
from ideeen.factories import make_idee

from open_nijmegen.accounts.models import User
from open_nijmegen.core import i18n
from open_nijmegen.extensions import db

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _token(client, url="/taal-kiezen"):
    match = TOKEN.search(client.get(url).get_data(as_text=True))
    assert match is not None
    return match.group(1)


def test_the_language_is_in_the_address(client):
    dutch = client.get("/").get_data(as_text=True)
    english = client.get("/en/").get_data(as_text=True)
    assert '<html lang="nl">' in dutch
    assert '<html lang="en">' in english
    for html in (dutch, english):
        assert '<link rel="alternate" hreflang="nl" href="http://open-nijmegen.test/">' in html
        assert '<link rel="alternate" hreflang="en" href="http://open-nijmegen.test/en/">' in html
        assert (
            '<link rel="alternate" hreflang="x-default" href="http://open-nijmegen.test/">' in html
        )
    # Links on an English page stay English; the header links to the other language's form.
    assert 'href="/en/ideeen"' in english
    assert 'href="/taal-kiezen" lang="nl" hreflang="nl">Nederlands</a>' in english
    assert 'href="/en/taal-kiezen" lang="en" hreflang="en">English</a>' in dutch


def test_hreflang_names_the_page_not_the_visitors_query(client):
    """The alternates name the page; a query string is the visitor's and may hold anything
    (the language link keeps it, through the choice form)."""
    html = client.get("/en/ideeen?sort=nieuw&next=//evil.example").get_data(as_text=True)
    assert '<link rel="alternate" hreflang="nl" href="http://open-nijmegen.test/ideeen">' in html
    alternates = re.findall(r'<link rel="alternate" hreflang=[^>]*>', html)
    assert len(alternates) == 3 and not any("evil" in a or "sort" in a for a in alternates)


def test_accept_language_counts_on_a_visit_from_outside(client):
    english = {"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"}
    response = client.get("/ideeen", headers=english)
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/ideeen"
    assert "Accept-Language" in response.headers["Vary"]
    # A link on the site itself (someone chose Dutch) is not sent on.
    same_site = {**english, "Sec-Fetch-Site": "same-origin"}
    assert client.get("/ideeen", headers=same_site).status_code == 200
    assert client.get("/ideeen", headers={"Accept-Language": "nl-NL,en;q=0.8"}).status_code == 200
    assert client.get("/ideeen").status_code == 200  # no preference: Dutch
    # An English address is never sent elsewhere, and a POST or the API never.
    assert client.get("/en/ideeen", headers={"Accept-Language": "nl"}).status_code == 200
    assert client.get("/api/v1/ideeen", headers=english).status_code == 200


def test_choosing_a_language_is_a_post_that_keeps_it_in_a_cookie(client):
    page = client.get("/en/taal-kiezen", headers={"Referer": "http://localhost/ideeen?sort=nieuw"})
    assert page.status_code == 200
    assert i18n.COOKIE not in (page.headers.get("Set-Cookie") or "")
    html = page.get_data(as_text=True)
    assert 'name="terug" value="/ideeen?sort=nieuw"' in html
    token = TOKEN.search(html).group(1)
    response = client.post(
        "/en/taal-kiezen", data={"csrf_token": token, "taal": "en", "terug": "/ideeen?sort=nieuw"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/ideeen?sort=nieuw"
    cookie = client.get_cookie(i18n.COOKIE)
    assert cookie is not None and cookie.value == "en"
    # The cookie now sends a Dutch address on to English on a visit from outside ...
    assert client.get("/ideeen").headers["Location"] == "/en/ideeen"
    # ... until the visitor chooses Dutch.
    token = _token(client, "/en/taal-kiezen")
    response = client.post(
        "/en/taal-kiezen", data={"csrf_token": token, "taal": "nl", "terug": "/en/ideeen"}
    )
    assert response.headers["Location"] == "/ideeen"
    assert client.get_cookie(i18n.COOKIE).value == "nl"
    english = {"Accept-Language": "en"}
    assert client.get("/ideeen", headers=english).status_code == 200


def test_the_choice_needs_csrf_and_a_known_language(client):
    response = client.post("/taal-kiezen", data={"taal": "en", "terug": "/"})
    assert response.status_code == 400
    assert client.get_cookie(i18n.COOKIE) is None
    token = _token(client)
    response = client.post("/taal-kiezen", data={"csrf_token": token, "taal": "xx", "terug": "/"})
    assert response.status_code == 400
    assert "Kies een van de talen hieronder." in response.get_data(as_text=True)
    assert client.get_cookie(i18n.COOKIE) is None


def test_the_way_back_stays_on_the_site(client):
    for terug in ("https://evil.example/", "//evil.example/x", "/taal-kiezen", "", "\\\\evil"):
        token = _token(client)
        response = client.post(
            "/taal-kiezen", data={"csrf_token": token, "taal": "en", "terug": terug}
        )
        assert response.headers["Location"] == "/en/", terug


def test_a_resident_keeps_the_choice_in_the_account(client):
    user = make_user()
    login_as(client, user)
    token = _token(client)
    response = client.post("/taal-kiezen", data={"csrf_token": token, "taal": "en", "terug": "/"})
    assert response.status_code == 303
    assert db.session.get(User, user.id).locale == "en"
    # Another device without the cookie: the account decides.
    client.delete_cookie(i18n.COOKIE)
    assert client.get("/ideeen").headers["Location"] == "/en/ideeen"


def test_dates_and_numbers_follow_the_language(app):
    from open_nijmegen.core import dates

    moment = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)
    with app.test_request_context("/"):
        refresh()
        assert dates.datum(moment) == "3 december 2026"
        assert dates.datumtijd(moment) == "3 december 2026 om 19:30"
        assert dates.getal(50000) == "50.000"
    with app.test_request_context("/ideeen", base_url="http://open-nijmegen.test/en"):
        refresh()
        assert i18n.current_locale() == "en"
        assert dates.datum(moment) == "3 December 2026"
        assert dates.datum_lang(moment) == "Thursday 3 December 2026"
        assert dates.datumtijd(moment) == "3 December 2026 at 19:30"
        assert dates.getal(50000) == "50,000"


def test_the_scripts_get_their_texts_in_the_page_language(client):
    html = client.get("/en/").get_data(as_text=True)
    match = re.search(r'<script type="application/json" id="site-teksten">(.*?)</script>', html)
    assert match is not None
    import json

    texts = json.loads(match.group(1))
    assert texts["@taal_check"] == "/en/taal/check"
    assert texts["@duizendtallen"] == ","
    assert set(texts) >= {"Punt weghalen", "Even kijken…"}


def test_the_locale_column_is_there(app):
    columns = {c["name"] for c in sa.inspect(db.engine).get_columns("user")}
    assert "locale" in columns


def test_mail_goes_in_the_recipients_language(app):
    from open_nijmegen.notifications.models import OutboxMessage
    from open_nijmegen.notifications.services import queue_mail

    dutch, english = make_user(), make_user()
    english.locale = "en"
    db.session.commit()
    # Sent from a Dutch page (a request in Dutch), to both.
    with app.test_request_context("/"):
        refresh()
        from flask_babel import lazy_gettext

        for user in (dutch, english):
            queue_mail(
                user, "accounts/wachtwoord_gewijzigd", lazy_gettext("Uw wachtwoord is veranderd")
            )
        assert i18n.current_locale() == "nl"  # the page's own language is back
    db.session.commit()
    rows = {m.user_id: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert rows[dutch.id].subject == "Uw wachtwoord is veranderd"
    assert "Uw wachtwoord is veranderd. Op andere apparaten" in rows[dutch.id].body_text
    assert rows[english.id].subject == "Your password has changed"
    assert "You are logged out on other devices." in rows[english.id].body_text
    assert "Kind regards," in rows[english.id].body_text
    assert "Groet," not in rows[english.id].body_text


def test_mail_links_follow_the_recipients_language(app):
    from flask import url_for

    from open_nijmegen.notifications.services import _request_for_links

    with _request_for_links("en"):
        assert url_for("ideeen.index", _external=True) == "http://open-nijmegen.test/en/ideeen"
        assert i18n.locale_of_request() == "en"
    with _request_for_links("nl"):
        assert url_for("ideeen.index", _external=True) == "http://open-nijmegen.test/ideeen"


def test_a_resident_who_registers_in_english_gets_english_mail(client):
    from open_nijmegen.notifications.models import OutboxMessage

    page = client.get("/en/account/registreren").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    response = client.post(
        "/en/account/registreren",
        data={
            "csrf_token": token,
            "display_name": "Anna from Gdansk",
            "email": "anna@example.org",
            "password": "een-goed-wachtwoord-1",
            "accept": "y",
        },
    )
    assert response.status_code in (302, 303)
    user = db.session.scalar(sa.select(User).where(User.email == "anna@example.org"))
    assert user.locale == "en"
    mail = db.session.scalar(sa.select(OutboxMessage))
    assert mail.subject == "Confirm your email address"
    assert "Dear Anna from Gdansk," in mail.body_text
    # The link made before the mail knew its reader opens the English page, and it works.
    link = re.search(r"http://open-nijmegen\.test(/\S+)", mail.body_text).group(1)
    assert link.startswith("/en/account/bevestigen/"), link
    assert f'href="http://open-nijmegen.test{link}"' in mail.body_html
    assert client.get(link).status_code == 200


def test_links_made_for_a_mail_are_written_in_the_recipients_language(app):
    from open_nijmegen.core.urls import mail_url
    from open_nijmegen.notifications.models import OutboxMessage
    from open_nijmegen.notifications.services import queue_mail

    dutch, english = make_user(), make_user()
    english.locale = "en"
    db.session.commit()
    link = mail_url("ideeen.index", "lijst")
    with app.test_request_context("/"):
        for user in (dutch, english):
            queue_mail(user, "accounts/bevestigen", "x", link=link)
    db.session.commit()
    rows = {m.user_id: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert "http://open-nijmegen.test/ideeen#lijst" in rows[dutch.id].body_text
    assert "http://open-nijmegen.test/en/ideeen#lijst" in rows[english.id].body_text
    assert "/en/" not in rows[dutch.id].body_text


def test_content_is_marked_dutch_on_english_pages(client):
    idee = make_idee(titel="Meer bankjes langs de Waalkade", tekst="Graag meer bankjes.")
    url = f"/ideeen/{idee.id}-{idee.slug}"
    english = client.get("/en" + url).get_data(as_text=True)
    assert '<div lang="nl"><p>Graag meer bankjes.</p></div>' in english
    assert "This text is in Dutch." in english
    listing = client.get("/en/ideeen").get_data(as_text=True)
    assert '<span lang="nl">Meer bankjes langs de Waalkade</span>' in listing
    dutch = client.get(url).get_data(as_text=True)
    assert 'lang="nl"><p' not in dutch and "<span lang=" not in dutch
    assert "Deze tekst is in het Nederlands." not in dutch


def test_links_in_page_texts_stay_in_the_language(app):
    from open_nijmegen.paginas.markdown import render

    with app.test_request_context("/over", base_url="http://open-nijmegen.test/en"):
        html = str(render("[Meedoen](/p/meedoen) en [elders](https://example.org/x)"))
    assert 'href="/en/p/meedoen"' in html
    assert 'href="https://example.org/x"' in html
    with app.test_request_context("/over"):
        assert 'href="/p/meedoen"' in str(render("[Meedoen](/p/meedoen)"))
