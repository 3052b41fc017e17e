"""The site-wide crawler (security headers, axe, HTML, B1 and leak checks) reaches every page
and state of begroten through links, from the demo data: voting (and its error state), the
plan form, plan pages in every status, the result with its .pb link, the officer pages."""

from __future__ import annotations

import re

from crawl import crawl
from site_helpers import START, client_for, demo_site  # noqa: F401


def test_resident_reaches_every_begroten_page(app, demo_site):  # noqa: F811
    result = crawl(client_for(app, demo_site, "inwoner"), START["inwoner"])
    urls = {p.url for p in result.pages}
    assert "/begroten" in urls
    assert sum(1 for u in urls if re.fullmatch(r"/begroten/\d+-[\w-]+", u)) == 3
    assert sum(1 for u in urls if re.fullmatch(r"/begroten/\d+/plannen/\d+-[\w-]+", u)) >= 20
    assert any(re.fullmatch(r"/begroten/\d+/stemmen", u) for u in urls)
    assert any(re.fullmatch(r"/begroten/\d+/plannen/nieuw", u) for u in urls)
    assert any(re.fullmatch(r"/begroten/\d+/uitslag", u) for u in urls)
    errors = {p.url for p in result.pages if p.kind == "form-error"}
    assert any(re.fullmatch(r"/begroten/\d+/stemmen \(fout\)", u) for u in errors), errors
    assert any(re.fullmatch(r"/begroten/\d+/plannen/nieuw \(fout\)", u) for u in errors)
    assert all(p.status < 500 for p in result.pages)


def test_voter_who_voted_sees_the_own_ballot(app, demo_site):  # noqa: F811
    client = client_for(app, demo_site, "inwoner2")
    result = crawl(client, ["/begroten"])
    urls = {p.url for p in result.pages}
    assert any(re.fullmatch(r"/begroten/\d+/stemmen", u) for u in urls)
    page = next(
        p for p in result.pages if re.fullmatch(r"/begroten/\d+-geld-voor-hatert[\w-]*", p.url)
    )
    assert page.status == 200


def test_officer_reaches_the_begroten_pages(app, demo_site):  # noqa: F811
    result = crawl(
        client_for(app, demo_site, "participatiemedewerker"), START["participatiemedewerker"]
    )
    urls = {p.url for p in result.pages}
    assert "/beheer/begroten" in urls and "/beheer/begroten/nieuw" in urls
    assert sum(1 for u in urls if re.fullmatch(r"/beheer/begroten/\d+", u)) == 3
    assert any(re.fullmatch(r"/beheer/begroten/\d+/plannen/\d+", u) for u in urls)
    errors = {p.url for p in result.pages if p.kind == "form-error"}
    assert "/beheer/begroten/nieuw (fout)" in errors, errors
    assert any(re.fullmatch(r"/beheer/begroten/\d+/papier \(fout\)", u) for u in errors), errors
    assert all(p.status < 500 for p in result.pages)


def test_mijn_shows_both_voting_states_and_my_plans(app, demo_site):  # noqa: F811
    """Henk (inwoner2) voted in Hatert, Fatima (inwoner) not yet; both sent in plans."""
    for role, state in (("inwoner2", "U heeft gestemd"), ("inwoner", "U heeft nog niet gestemd")):
        result = crawl(client_for(app, demo_site, role), ["/mijn"], max_pages=1)
        page = result.by_url()["/mijn"]
        assert page.status == 200
        assert "Stemmen over geld voor de wijk" in page.html and state in page.html
        assert "Mijn plannen voor een begroting" in page.html
        assert "Kan doorgaan" in page.html or "Staat op de lijst" in page.html
