"""The short page cache for visitors without a session (core/page_cache.py): what is kept,
for whom, for how long, and that a kept page leaves with the same headers as a fresh one."""

from __future__ import annotations

import pytest
from factories import make_user
from ideeen.factories import make_idee

from open_nijmegen.config import build_config
from open_nijmegen.core.page_cache import PageCache, page_cache
from open_nijmegen.extensions import db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def cache(app):  # type: ignore[no-untyped-def]
    clock = Clock()
    kept = PageCache(10, timer=clock)
    kept.clock = clock  # type: ignore[attr-defined]
    app.extensions["page_cache"] = kept
    yield kept
    app.extensions.pop("page_cache", None)


def _visitor(app):  # type: ignore[no-untyped-def]
    return app.test_client(use_cookies=False)


def test_off_in_tests_and_development_on_in_production(app, tmp_path):
    assert page_cache(app) is None  # the suite's app: every page fresh
    assert (
        build_config(str(tmp_path), {}, {"OPEN_NIJMEGEN_ENV": "development"})["PAGE_CACHE_SECONDS"]
        == 0
    )
    production = {"OPEN_NIJMEGEN_ENV": "production", "OPEN_NIJMEGEN_SECRET_KEY": "s" * 40}
    assert build_config(str(tmp_path), {}, production)["PAGE_CACHE_SECONDS"] == 10
    production["OPEN_NIJMEGEN_PAGE_CACHE_SECONDS"] = "0"
    assert build_config(str(tmp_path), {}, production)["PAGE_CACHE_SECONDS"] == 0


def test_a_visitor_without_session_gets_the_kept_page_until_it_expires(app, cache):
    first = make_idee(titel="Bankjes bij de vijver in het park")
    db.session.commit()
    fresh = _visitor(app).get("/ideeen")
    assert fresh.status_code == 200
    assert "Bankjes bij de vijver" in fresh.get_data(as_text=True)
    assert cache.stored == 1

    make_idee(titel="Meer bomen langs de Graafseweg graag")
    db.session.commit()
    kept = _visitor(app).get("/ideeen")
    assert kept.status_code == 200
    html = kept.get_data(as_text=True)
    assert "Bankjes bij de vijver" in html and "Meer bomen langs de Graafseweg" not in html
    assert cache.hits == 1
    # The kept page leaves with the same headers as a fresh one (the hooks run on it).
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Vary", "Content-Type"):
        assert kept.headers.get(name) == fresh.headers.get(name), name
    assert "Set-Cookie" not in kept.headers

    cache.clock.now += 11  # past PAGE_CACHE_SECONDS
    later = _visitor(app).get("/ideeen")
    assert "Meer bomen langs de Graafseweg" in later.get_data(as_text=True)
    assert first.id


def test_logged_in_and_session_holders_always_get_the_fresh_page(app, cache, client, login):
    make_idee(titel="Bankjes bij de vijver in het park")
    db.session.commit()
    assert _visitor(app).get("/ideeen").status_code == 200
    assert cache.stored == 1
    make_idee(titel="Meer bomen langs de Graafseweg graag")
    db.session.commit()
    login(make_user())
    response = client.get("/ideeen")
    assert response.status_code == 200
    assert "Meer bomen langs de Graafseweg" in response.get_data(as_text=True)
    # Only the session cookie, without logging in (a flash waiting, a CSRF token): fresh too.
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], "x", domain="localhost")
    assert "Meer bomen langs de Graafseweg" in other.get("/ideeen").get_data(as_text=True)
    assert cache.hits == 0


def test_each_address_and_language_has_its_own_entry_and_errors_are_not_kept(app, cache):
    make_idee(titel="Bankjes bij de vijver in het park")
    db.session.commit()
    visitor = _visitor(app)
    dutch = visitor.get("/ideeen")
    english = visitor.get("/en/ideeen")
    sorted_ = visitor.get("/ideeen?sort=steun")
    assert [r.status_code for r in (dutch, english, sorted_)] == [200, 200, 200]
    assert 'lang="en"' in english.get_data(as_text=True)[:300]
    assert 'lang="nl"' in dutch.get_data(as_text=True)[:300]
    assert cache.stored == 3 and len(cache) == 3
    assert visitor.get("/ideeen/999999-bestaat-niet").status_code == 404
    assert visitor.get("/account/inloggen").status_code == 200  # not a read-only page
    assert cache.stored == 3
    again = visitor.get("/en/ideeen")
    assert again.get_data() == english.get_data() and cache.hits == 1


def test_an_answer_that_wrote_the_session_or_set_a_cookie_is_not_kept(app, cache):
    """A page with a form makes a CSRF token (the session is written): never kept, or the next
    visitor would get someone else's token. Checked on the keeping hook itself, since no
    read-only page has such a form today."""
    from flask import Response, g, session

    from open_nijmegen.core import page_cache as P

    def keep(prepare) -> int:  # type: ignore[no-untyped-def]
        with app.test_request_context("/ideeen"):
            g.setdefault(P._G_KEY, "http://localhost/ideeen")
            response = Response("<p>pagina</p>", mimetype="text/html")
            prepare(response)
            P._keep(response)
        return cache.stored

    assert keep(lambda r: session.__setitem__("csrf_token", "geheim")) == 0
    assert keep(lambda r: r.set_cookie("iets", "1")) == 0
    assert keep(lambda r: setattr(r, "status_code", 201)) == 0
    assert keep(lambda r: None) == 1
