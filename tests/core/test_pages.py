"""Public pages, health check, error pages and security headers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from open_nijmegen.extensions import db

PUBLIC_PAGES = [
    "/",
    "/over",
    "/privacy",
    "/toegankelijkheid",
    "/account/registreren",
    "/account/inloggen",
    "/account/wachtwoord-vergeten",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_renders_in_dutch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert "<script>" not in html  # no inline script


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_503_when_database_unreachable(client, monkeypatch):
    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("method", "url", "code"),
    [
        ("GET", "/bestaat-niet", 404),
        ("POST", "/over", 405),
        ("GET", "/beheer/", 302),
    ],
)
def test_error_pages_are_b1_with_way_back(client, method, url, code):
    response = client.open(url, method=method)
    assert response.status_code == code
    if code >= 400:
        html = response.get_data(as_text=True)
        assert 'href="/"' in html
        assert "Traceback" not in html


def test_500_page_has_no_stack_trace(app, client):
    from open_nijmegen.core.permissions import public

    @public
    def boom():
        raise RuntimeError("geheim detail")

    app.view_functions["core.over_boom"] = boom
    app.url_map.add(app.url_rule_class("/test-boom", endpoint="core.over_boom"))
    app.config["PROPAGATE_UNEXPECTED"] = False
    try:
        response = client.get("/test-boom")
    finally:
        app.config["PROPAGATE_UNEXPECTED"] = True
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "geheim detail" not in html and "Traceback" not in html
    assert "Er ging iets mis" in html


def test_413_page(app, client):
    from helpers import csrf_token

    token = csrf_token(client)
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(
        "/account/inloggen",
        data={"csrf_token": token, "email": big.decode()},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/healthz", "/bestaat-niet"])
def test_security_headers_on_every_page(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_no_store_for_logged_in_user(client, login):
    from factories import make_user

    login(make_user())
    response = client.get("/")
    assert response.headers["Cache-Control"] == "no-store"


def test_map_tile_host_allowed_only_when_configured():
    from open_nijmegen.security import content_security_policy

    assert "pdok" not in content_security_policy("")
    csp = content_security_policy(
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{z}/{x}/{y}.png"
    )
    assert "img-src 'self' data: https://service.pdok.nl" in csp


def test_cookies_httponly_and_samesite(client):
    from helpers import csrf_token

    csrf_token(client)
    response = client.get("/account/inloggen")
    cookie = response.headers.get("Set-Cookie") or ""
    if cookie:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_logged_in_header_is_kept_per_staff_or_not_with_each_session_its_own_token(app):
    """The logged-in header is remembered per process (core/layout.html); the Beheer link is
    only there for staff, and the logout form carries the token of the reader's own session,
    so another reader's remembered header never logs anyone out or in."""
    import re

    from factories import make_staff, make_user
    from helpers import login_as

    token = re.compile(r'action="/account/uitloggen">\s*<input type="hidden" name="csrf_token" '
                       r'value="([^"]+)"')  # fmt: skip
    resident, officer = app.test_client(), app.test_client()
    login_as(resident, make_user())
    login_as(officer, make_staff())
    tokens = {}
    for _ in range(2):  # the second time from the remembered header
        for name, client in (("resident", resident), ("officer", officer)):
            html = client.get("/over").get_data(as_text=True)
            assert ('href="/beheer/"' in html) == (name == "officer"), name
            assert "@@csrf-token@@" not in html
            (tokens[name],) = token.findall(html)
    assert tokens["resident"] != tokens["officer"]
    assert (
        resident.post("/account/uitloggen", data={"csrf_token": tokens["officer"]}).status_code
        == 400
    )
    response = resident.post("/account/uitloggen", data={"csrf_token": tokens["resident"]})
    assert response.status_code == 302
    assert resident.get("/account").status_code == 302, "logged out"
    assert officer.get("/account").status_code == 200
